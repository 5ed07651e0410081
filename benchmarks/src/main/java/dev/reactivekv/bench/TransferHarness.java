package dev.reactivekv.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.transfer.JsonLines;
import dev.reactivekv.transfer.Transfer;
import dev.reactivekv.transfer.TransferOptions;
import dev.reactivekv.transfer.TransferProgress;

/**
 * Throughput of the transfer engine behind {@code reactive-kv copy/export/import}, in entries per second: fills
 * one collection of the source with N entries (one in ten with a TTL), then times a copy into the target, a
 * second copy that skips everything (the resume path), an export of the source to JSON Lines and an import of
 * that file into an emptied target.
 *
 * <pre>java -cp benchmarks.jar dev.reactivekv.bench.TransferHarness FROM_URI TO_URI ENTRIES OUT.json</pre>
 */
public final class TransferHarness {

    private static final String COLLECTION = "transfer-bench";
    private static final Duration PATIENCE = Duration.ofMinutes(30);

    private TransferHarness() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TransferHarness FROM_URI TO_URI ENTRIES OUT.json");
            System.exit(2);
        }
        int entries = Integer.parseInt(args[2]);
        TransferOptions options = TransferOptions.defaults().withCollections(List.of(COLLECTION));
        Path file = Files.createTempFile("rkv-transfer", ".jsonl");
        try (KeyValueStore from = KeyValueStores.open(args[0]); KeyValueStore to = KeyValueStores.open(args[1])) {
            from.destroyCollection(COLLECTION).block(PATIENCE);
            to.destroyCollection(COLLECTION).block(PATIENCE);
            fill(from, entries);

            double copy = rate(Transfer.copy(from, to, options).blockLast(PATIENCE), entries, "copy");
            double resume = rate(Transfer.copy(from, to, options).blockLast(PATIENCE), entries, "resume");
            long started = System.nanoTime();
            Long exported = JsonLines.write(Transfer.read(from, options), file, 10_000).blockLast(PATIENCE);
            double export = perSecond(exported == null ? 0 : exported, System.nanoTime() - started);
            to.destroyCollection(COLLECTION).block(PATIENCE);
            double imported = rate(Transfer.write(JsonLines.read(file), to, options).blockLast(PATIENCE), entries, "import");
            from.destroyCollection(COLLECTION).block(PATIENCE);
            to.destroyCollection(COLLECTION).block(PATIENCE);

            String json = String.format(Locale.ROOT, "{\"from\":\"%s\",\"to\":\"%s\",\"entries\":%d,\"batchSize\":%d,"
                            + "\"concurrency\":%d,\"copyPerSecond\":%.0f,\"resumePerSecond\":%.0f,\"exportPerSecond\":%.0f,"
                            + "\"importPerSecond\":%.0f,\"exportBytes\":%d}%n",
                    args[0], args[1], entries, options.batchSize(), options.concurrency(), copy, resume, export, imported,
                    Files.size(file));
            Files.writeString(Path.of(args[3]), json, StandardCharsets.UTF_8);
            System.out.print(json);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void fill(KeyValueStore store, int entries) {
        Map<String, Map<String, Object>> lasting = new LinkedHashMap<>();
        Map<String, Map<String, Object>> expiring = new LinkedHashMap<>();
        for (int i = 0; i < entries; i++) {
            (i % 10 == 0 ? expiring : lasting).put("k" + i, Map.of("i", i, "name", "entry " + i));
            if (lasting.size() + expiring.size() == 1000 || i == entries - 1) {
                store.putMany(COLLECTION, lasting, null).block(PATIENCE);
                store.putMany(COLLECTION, expiring, Duration.ofHours(1)).block(PATIENCE);
                lasting.clear();
                expiring.clear();
            }
        }
    }

    private static double rate(TransferProgress p, int entries, String what) {
        if (p == null || p.done() != entries) {
            throw new IllegalStateException(what + " dealt with " + (p == null ? 0 : p.done()) + " of " + entries);
        }
        return p.ratePerSecond();
    }

    private static double perSecond(long n, long nanos) {
        return n * 1e9 / nanos;
    }
}
