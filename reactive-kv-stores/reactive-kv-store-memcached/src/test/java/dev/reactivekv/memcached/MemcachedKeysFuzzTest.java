package dev.reactivekv.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.spi.CompoundKey;
import dev.reactivekv.spi.Validation;

/**
 * Any two (collection, key) pairs a user may give: each becomes a key memcached accepts (at most 250 bytes, sent
 * plainly only without spaces or control bytes), or a typed error; two different pairs never share a memcached key.
 */
class MemcachedKeysFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void everyPairHasItsOwnKeyMemcachedAccepts(FuzzedDataProvider data) {
        String c1 = data.consumeString(300);
        String k1 = data.consumeString(300);
        String c2 = data.consumeString(300);
        String k2 = data.consumeRemainingAsString();
        String p1 = physical(c1, k1);
        String p2 = physical(c2, k2);
        if (p1 != null && p2 != null && !(c1.equals(c2) && k1.equals(k2))) {
            assertThat(p1).isNotEqualTo(p2);
        }
    }

    private static String physical(String collection, String key) {
        try {
            Validation.collection(collection);
            Validation.key(key);
            CompoundKey.checkCollection(collection);
        } catch (KeyValueException refused) {
            return null;
        }
        MemcachedKeys.WireKey wire = MemcachedKeys.of(collection, key);
        assertThat(wire.token().length).isLessThanOrEqualTo(MemcachedKeys.MAX_KEY_BYTES);
        if (!wire.base64()) {
            for (byte b : wire.token()) {
                assertThat(b >= 0 && b <= ' ' || b == 0x7f).as("control byte or space in a plain key").isFalse();
            }
        }
        return MemcachedKeys.physical(collection, key);
    }
}
