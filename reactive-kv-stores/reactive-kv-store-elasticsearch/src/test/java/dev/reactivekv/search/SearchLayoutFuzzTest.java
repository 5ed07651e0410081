package dev.reactivekv.search;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.error.InvalidCollectionException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.spi.Validation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Any two collections and keys a user may give, through the default (py-key-value V1) and the pass-through
 * strategies: each becomes an index name and a document id the engine accepts, or a typed error; two different
 * collections never share an index and two different keys never share a document id.
 */
class SearchLayoutFuzzTest {

    private static final SearchLayout V1 = new SearchLayout("kv", SearchStore.v1KeySanitization(),
            SearchStore.v1CollectionSanitization());
    private static final SearchLayout PASSTHROUGH = new SearchLayout("kv", SanitizationStrategy.passthrough(),
            SanitizationStrategy.passthrough());

    @FuzzTest(maxDuration = "5s")
    void namesBecomeLegalDistinctIndicesAndIds(FuzzedDataProvider data) {
        SearchLayout layout = data.consumeBoolean() ? V1 : PASSTHROUGH;
        String a = data.consumeString(300);
        String b = data.consumeRemainingAsString();
        if (!Validation.isValidName(a) || !Validation.isValidName(b)) {
            return;
        }
        String ia = index(layout, a);
        String ib = index(layout, b);
        if (ia != null && ib != null && !a.equals(b)) {
            assertThat(ia).isNotEqualTo(ib);
        }
        String da = id(layout, a);
        String db = id(layout, b);
        if (da != null && db != null && !a.equals(b)) {
            assertThat(da).isNotEqualTo(db);
        }
    }

    /** The fuzzer's finding: with pass-through, "S_" and "s_" both became index "kv-s_". */
    @Test
    void aKeptNameThatLooksRewrittenCannotShareAnIndex() {
        assertThat(index(PASSTHROUGH, "s_")).isEqualTo("kv-s_");
        assertThatThrownBy(() -> PASSTHROUGH.index("S_")).isInstanceOf(InvalidCollectionException.class);
        assertThat(index(V1, "S_")).isNotEqualTo(index(V1, "s_"));
    }

    private static String index(SearchLayout layout, String collection) {
        try {
            String index = layout.index(collection);
            assertThat(index).isEqualTo(index.toLowerCase(java.util.Locale.ROOT));
            assertThat(index.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
            return index;
        } catch (KeyValueException refused) {
            return null;
        }
    }

    private static String id(SearchLayout layout, String key) {
        try {
            String id = layout.id(key);
            assertThat(id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
            return id;
        } catch (KeyValueException refused) {
            return null;
        }
    }
}
