package readme;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValue;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.wrapper.Wrappers;

public class QuickStart {
    public static void main(String[] args) {
        // or "redis://localhost:6379", "disk:/var/lib/app", "rocksdb:/tmp/db" (with that store's module)
        try (KeyValueStore store = KeyValueStores.open("memory:")) {
            // every operation is a lazy Mono/Flux: block() where a main would otherwise exit first
            store.put("users", "alice", Map.of("name", "Alice", "age", 30), Duration.ofHours(1)).block();
            System.out.println(store.get("users", "alice").block().get("name"));               // Alice
            store.keys("users", ScanOptions.prefix("a")).toIterable().forEach(System.out::println); // alice

            // watch is a hot stream; its first event (RESYNC) says it is live, so a change made then is seen
            List<KeyEvent> changes = store.watch("users")
                    .doOnNext(e -> {
                        if (e.type() == KeyEvent.Type.RESYNC) {
                            store.delete("users", "alice").subscribe();
                        }
                    })
                    .take(2)
                    .collectList()
                    .block(Duration.ofSeconds(10));
            changes.forEach(e -> System.out.println(e.type()));                                  // RESYNC, DELETE
        }

        // wrappers compose in one chain; closing the outermost store closes every layer and the store inside
        try (KeyValueStore guarded = KeyValue.of(KeyValueStores.open("memory:"))
                .with(Wrappers.encryption().derivedKey("a passphrase", "a salt"))
                .with(Wrappers.prefixCollections("billing"))
                .with(Wrappers.retry())
                .build()) {
            guarded.put("invoices", "2026-001", Map.of("total", 42)).block();
            System.out.println(guarded.get("invoices", "2026-001").block());                  // {total=42}
        }
    }
}
