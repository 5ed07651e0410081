package dev.reactivekv.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Streams entries out of a store and into another one (or a {@link JsonLines} file).
 *
 * <pre>{@code
 * TransferProgress done = Transfer.copy(source, target, TransferOptions.defaults()).blockLast();
 * }</pre>
 *
 * <p>Everything is driven by demand: keys are scanned a page at a time, values are read with one
 * {@code ttlMany} per batch and written with one {@code getMany} plus one {@code putMany} per batch (entries
 * with an expiry are written one by one, each with its own remaining TTL), and at most
 * {@code batchSize × concurrency} entries are in memory. Unless {@link TransferOptions#overwrite()}, keys the
 * target already holds are skipped, so a transfer that was interrupted can be run again and only writes
 * what is missing. The check and the write are two steps: an entry another writer creates between them is
 * replaced. Errors are the stores' {@link dev.reactivekv.error.KeyValueException}s; what was written before
 * an error stays written. Cancelling stops the scan and leaves what was written.
 */
public final class Transfer {

    /** Puts of entries with an expiry in flight at once, per batch. */
    private static final int PUTS_IN_FLIGHT = 32;

    private Transfer() {
    }

    /**
     * Every entry of the options' collections (every collection the source lists when none are named),
     * collection by collection, in the source's key order. Fails with
     * {@link dev.reactivekv.error.UnsupportedCapabilityException} when the source cannot list keys.
     */
    public static Flux<TransferEntry> read(KeyValueStore source, TransferOptions options) {
        return collections(source, options).concatMap(collection -> source
                .keys(collection, ScanOptions.all().withPageSize(options.batchSize()))
                .buffer(options.batchSize())
                .flatMapSequential(keys -> source.ttlMany(collection, keys).collectList(), options.concurrency(), 1)
                .concatMapIterable(lookups -> entries(collection, lookups)), 1);
    }

    /** How many keys the options' collections hold (expired entries the backend still lists included). */
    public static Mono<Long> count(KeyValueStore source, TransferOptions options) {
        return collections(source, options)
                .concatMap(c -> source.keys(c, ScanOptions.all().withPageSize(ScanOptions.MAX_PAGE_SIZE)).count())
                .reduce(0L, Long::sum);
    }

    /** {@link #write Writes} what {@link #read} reads. */
    public static Flux<TransferProgress> copy(KeyValueStore source, KeyValueStore target, TransferOptions options) {
        return write(read(source, options), target, options);
    }

    /**
     * Writes the entries into the target, one {@link TransferProgress} (cumulative totals) per batch, in
     * order; the last one is the total. An entry whose expiry has passed by the time it is written is
     * counted as expired and not written.
     */
    public static Flux<TransferProgress> write(Flux<TransferEntry> entries, KeyValueStore target, TransferOptions options) {
        return Flux.defer(() -> {
            Totals totals = new Totals();
            return entries
                    .doOnNext(e -> totals.read.incrementAndGet())
                    .buffer(options.batchSize())
                    .flatMapSequential(batch -> Flux.fromIterable(byCollection(batch).entrySet())
                            .concatMap(group -> writeGroup(target, group.getKey(), group.getValue(), options.overwrite(), totals))
                            .then(Mono.just(batch.size())), options.concurrency(), 1)
                    // taken as each batch is emitted, in order: every earlier batch is done by then, so the
                    // last snapshot is the total (one taken when a batch finished could miss a slower earlier one)
                    .map(batchDone -> totals.snapshot());
        });
    }

    // ---- reading ----------------------------------------------------------------------------------

    private static Flux<String> collections(KeyValueStore source, TransferOptions options) {
        return options.collections().isEmpty() ? source.collections() : Flux.fromIterable(options.collections());
    }

    private static List<TransferEntry> entries(String collection, List<Lookup> lookups) {
        Instant now = Instant.now();
        List<TransferEntry> found = new ArrayList<>(lookups.size());
        for (Lookup lookup : lookups) {
            Entry e = lookup.entry();
            if (e != null) {
                found.add(new TransferEntry(collection, lookup.key(), e.value(), expiresAt(e, now)));
            }
        }
        return found;
    }

    private static @Nullable Instant expiresAt(Entry e, Instant now) {
        if (e.expiresAt() != null) {
            return e.expiresAt();
        }
        return e.ttl() == null ? null : now.plus(e.ttl());
    }

    // ---- writing ----------------------------------------------------------------------------------

    /** Groups a batch by collection, keeping order; a key named twice keeps its last entry. */
    private static Map<String, Map<String, TransferEntry>> byCollection(List<TransferEntry> batch) {
        Map<String, Map<String, TransferEntry>> groups = new LinkedHashMap<>();
        for (TransferEntry e : batch) {
            groups.computeIfAbsent(e.collection(), c -> new LinkedHashMap<>()).put(e.key(), e);
        }
        return groups;
    }

    private static Mono<Void> writeGroup(KeyValueStore target, String collection, Map<String, TransferEntry> group,
                                         boolean overwrite, Totals totals) {
        Mono<Set<String>> present = overwrite ? Mono.just(Set.of())
                : target.getMany(collection, new ArrayList<>(group.keySet()))
                        .filter(Lookup::isHit).map(Lookup::key).collect(HashSet::new, Set::add);
        return present.flatMap(existing -> {
            totals.skipped.addAndGet(existing.size());
            Map<String, Map<String, Object>> lasting = new LinkedHashMap<>();
            List<TransferEntry> expiring = new ArrayList<>();
            for (TransferEntry e : group.values()) {
                if (!existing.contains(e.key())) {
                    if (e.expiresAt() == null) {
                        lasting.put(e.key(), e.value());
                    } else {
                        expiring.add(e);
                    }
                }
            }
            Mono<Void> putLasting = lasting.isEmpty() ? Mono.empty()
                    : target.putMany(collection, lasting, null).doOnSuccess(v -> totals.written.addAndGet(lasting.size()));
            Mono<Void> putExpiring = Flux.fromIterable(expiring)
                    .flatMap(e -> putWithRemainingTtl(target, e, totals), PUTS_IN_FLIGHT)
                    .then();
            return putLasting.then(putExpiring);
        });
    }

    private static Mono<Void> putWithRemainingTtl(KeyValueStore target, TransferEntry e, Totals totals) {
        return Mono.defer(() -> {
            Duration left = e.remainingAt(Instant.now());
            if (left == null || !left.isZero()) {
                return target.put(e.collection(), e.key(), e.value(), left)
                        .doOnSuccess(v -> totals.written.incrementAndGet());
            }
            totals.expired.incrementAndGet();
            return Mono.empty();
        });
    }

    private static final class Totals {
        final long startNanos = System.nanoTime();
        final AtomicLong read = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();
        final AtomicLong expired = new AtomicLong();

        TransferProgress snapshot() {
            return new TransferProgress(read.get(), written.get(), skipped.get(), expired.get(),
                    Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }
}
