package dev.reactivekv.tck;

import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.error.StoreSetupException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyValueStoresTest {

    @Test
    void memoryUrisOpenTheMemoryStore() {
        try (KeyValueStore store = KeyValueStores.open("memory:")) {
            store.put("k", Map.of("a", 1)).block();
            StepVerifier.create(store.get("k")).expectNext(Map.of("a", 1)).verifyComplete();
        }
        try (KeyValueStore bounded = KeyValueStores.open("memory:?maxEntriesPerCollection=1")) {
            bounded.put("a", Map.of()).block();
            bounded.put("b", Map.of()).block();
            StepVerifier.create(bounded.get("a")).verifyComplete();
        }
        assertThat(KeyValueStores.providers()).containsKey("memory");
    }

    @Test
    void badUrisAreSetupErrors() {
        assertThatThrownBy(() -> KeyValueStores.open("nosuchscheme://x")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("nosuchscheme");
        assertThatThrownBy(() -> KeyValueStores.open("no scheme at all")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> KeyValueStores.open("memory:?maxEntriesPerCollection=zero")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> KeyValueStores.open("memory:?colour=blue")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> KeyValueStores.open("memory:somewhere")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> KeyValueStores.open("memory:?watchBuffer=1&watchBuffer=2")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> KeyValueStores.open("memory:?sweepInterval=0s")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("sweepInterval");
    }

    @Test
    void theSharedOptionsReachTheMemoryStoreFromItsUri() {
        try (KeyValueStore store = KeyValueStores.open("memory:?watchBuffer=1&sweepInterval=20ms&threads=1")) {
            // a buffer of one event: a subscriber that requested only the initial RESYNC gets RESYNC again after two writes
            StepVerifier.create(store.watch("c"), 1)
                    .expectNextMatches(e -> e.type() == dev.reactivekv.KeyEvent.Type.RESYNC)
                    .then(() -> {
                        store.put("c", "a", Map.of(), null).block(java.time.Duration.ofSeconds(5));
                        store.put("c", "b", Map.of(), null).block(java.time.Duration.ofSeconds(5));
                    })
                    .thenRequest(1)
                    .expectNextMatches(e -> e.type() == dev.reactivekv.KeyEvent.Type.RESYNC)
                    .thenCancel()
                    .verify(java.time.Duration.ofSeconds(5));
        }
    }
}
