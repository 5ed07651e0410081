package dev.reactivekv.tck;

import java.util.List;

import dev.reactivekv.ScanOptions;
import org.junit.jupiter.api.Test;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Stores with {@link dev.reactivekv.Capability#ORDERED_SCAN}: ascending keys, scan-after. */
public interface OrderedScanContract extends ScanContract {

    private void put(String... keys) {
        for (String k : keys) {
            store().put(collection(), k, value(k), null).block(patience());
        }
    }

    @Test
    default void keysComeInAscendingOrder() {
        put("b", "a", "d", "c", "aa", "B");
        assertThat(store().keys(collection(), ScanOptions.all().withPageSize(2)).collectList().block(patience()))
                .containsExactly("B", "a", "aa", "b", "c", "d");
    }

    @Test
    default void scanAfterStartsStrictlyAfterTheKey() {
        put("a", "b", "c", "d", "e");
        assertThat(store().keys(collection(), ScanOptions.all().withAfter("b").withPageSize(2)).collectList().block(patience()))
                .containsExactly("c", "d", "e");
        assertThat(store().keys(collection(), ScanOptions.all().withAfter("bb")).collectList().block(patience()))
                .containsExactly("c", "d", "e");
        assertThat(store().keys(collection(), ScanOptions.all().withAfter("e")).collectList().block(patience())).isEmpty();
    }

    @Test
    default void scanAfterCombinesWithPrefix() {
        put("user:1", "user:2", "user:3", "order:1", "zz");
        assertThat(store().keys(collection(), ScanOptions.prefix("user:").withAfter("user:1")).collectList().block(patience()))
                .containsExactly("user:2", "user:3");
        assertThat(store().keys(collection(), ScanOptions.prefix("user:").withAfter("a")).collectList().block(patience()))
                .containsExactly("user:1", "user:2", "user:3");
        assertThat(store().keys(collection(), ScanOptions.prefix("user:").withAfter("user:9")).collectList().block(patience()))
                .isEqualTo(List.of());
    }
}
