package dev.reactivekv.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.spi.Validation;

/**
 * Any two collection names a user may give, through the default (py-key-value V1) and the pass-through strategies:
 * each becomes a name MongoDB accepts or an {@link InvalidCollectionException}, and two different names never share
 * a MongoDB collection.
 */
class CollectionNamesFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void everyCollectionHasItsOwnLegalMongoName(FuzzedDataProvider data) {
        CollectionNames names = new CollectionNames(data.consumeBoolean() ? CollectionNames.V1
                : SanitizationStrategy.passthrough(), "kv");
        String a = data.consumeString(300);
        String b = data.consumeRemainingAsString();
        String pa = physical(names, a);
        String pb = physical(names, b);
        if (pa != null && pb != null && !a.equals(b)) {
            assertThat(pa).isNotEqualTo(pb);
        }
    }

    private static String physical(CollectionNames names, String collection) {
        try {
            Validation.collection(collection);
        } catch (KeyValueException refused) {
            return null;
        }
        try {
            String name = names.physical(collection);
            assertThat(name).isNotEmpty().doesNotContain("$", "\0").doesNotStartWith("system.");
            assertThat(("kv." + name).getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            return name;
        } catch (InvalidCollectionException refused) {
            return null;
        }
    }
}
