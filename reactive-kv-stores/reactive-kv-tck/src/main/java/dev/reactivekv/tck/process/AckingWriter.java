package dev.reactivekv.tck.process;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;

/**
 * The writer {@link KillDuringWrites} kills: {@code AckingWriter <store URI> <run>} opens the store, prints
 * {@code OPEN}, then writes {@code <run>-0}, {@code <run>-1}, … forever and prints {@code ACK <key>} after each write
 * the store acknowledged (its {@code Mono} completed); every 10th write also overwrites {@code last} and prints
 * {@code LAST <i>}. Every 50th value is 300 KB, so large-value paths are crossed too.
 */
public final class AckingWriter {

    static final String COLLECTION = "crash";
    static final String LAST = "last";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private AckingWriter() {
    }

    public static void main(String[] args) {
        KeyValueStore store = KeyValueStores.open(args[0]);
        String run = args[1];
        System.out.println("OPEN");
        System.out.flush();
        String big = "x".repeat(300_000);
        for (long i = 0; ; i++) {
            String key = run + "-" + i;
            store.put(COLLECTION, key, value(run, i, i % 50 == 0 ? big : null), null).block(PATIENCE);
            System.out.println("ACK " + key);
            if (i % 10 == 0) {
                store.put(COLLECTION, LAST, value(run, i, null), null).block(PATIENCE);
                System.out.println("LAST " + i);
            }
            System.out.flush();
        }
    }

    static Map<String, Object> value(String run, long i, String big) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run", run);
        v.put("i", i);
        if (big != null) {
            v.put("big", big);
        }
        return v;
    }
}
