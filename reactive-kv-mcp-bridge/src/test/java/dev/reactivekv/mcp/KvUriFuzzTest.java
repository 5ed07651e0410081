package dev.reactivekv.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.spi.Validation;

/**
 * Resource URIs as a client sends them: any text parses to an entry's address or to "not a kv:// URI" (null), never an
 * exception; a parsed URI prints back to a URI naming the same entry; every valid (collection, key) pair has a URI that
 * parses back to it.
 */
class KvUriFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void anyTextParsesToAnAddressOrNullAndNamesRoundTrip(FuzzedDataProvider data) {
        String collection = data.consumeString(64);
        String key = data.consumeString(64);
        String text = data.consumeRemainingAsString();
        KvUri parsed = KvUri.parse(text);
        if (parsed != null) {
            assertThat(KvUri.parse(parsed.uri())).isEqualTo(parsed);
        }
        KvUri.parse(KvUri.SCHEME_PREFIX + text);
        if (Validation.isValidName(collection) && Validation.isValidName(key)) {
            assertThat(KvUri.parse(new KvUri(collection, key).uri())).isEqualTo(new KvUri(collection, key));
        }
    }
}
