package dev.reactivekv.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.CompoundKey;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.StoredEntry;
import dev.reactivekv.spi.StoreOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The Redis/Valkey backend. Every operation is one or two non-blocking Lettuce commands;
 * results are emitted on Lettuce's I/O threads. Layout and envelope are py-key-value's.
 */
final class RedisKeyValueStore extends AbstractKeyValueStore {

    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.SCAN, Capability.NATIVE_TTL, Capability.WATCH,
            Capability.CROSS_PROCESS_WATCH, Capability.CONDITIONAL_WRITES, Capability.PERSISTENT);
    /** How often a putIfAbsent retries when it keeps losing races against other writers of the key. */
    private static final int CONDITIONAL_ATTEMPTS = 16;
    private static final int DESTROY_BATCH = 1_000;
    private static final int WATCH_HANDOVER = 256;

    private final Topology topology;
    private final RedisClusterReactiveCommands<String, byte[]> cmds;
    private final ScanPages scans;
    private final KeyspaceWatch watch;
    private final Replication replication;
    private final @Nullable Coalescer coalescer;

    /** @param coalesceMaxBatch the largest coalesced batch, or 0 for no coalescing */
    RedisKeyValueStore(StoreOptions options, Topology topology, boolean configureNotifications, Replication replication,
                       int coalesceMaxBatch) {
        super(options);
        this.topology = topology;
        this.replication = replication;
        this.cmds = topology.commands();
        this.coalescer = coalesceMaxBatch > 0 ? new Coalescer(topology.asyncCommands(), coalesceMaxBatch) : null;
        this.scans = new ScanPages(topology);
        this.watch = new KeyspaceWatch(topology, options.watchBuffer(), configureNotifications);
    }

    /** The deployment behind this store (tests read the client's settings from it). */
    Topology topology() {
        return topology;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    /**
     * Every name is joined into {@code collection::key}: the base refuses, before any command, a collection
     * that would make two pairs share a Redis key ({@code ("a:", "b")} and {@code ("a", ":b")} are both {@code a:::b}).
     */
    @Override
    protected boolean joinsCollectionAndKey() {
        return true;
    }

    // ---- single keys -----------------------------------------------------------------------------

    /*
     * The base calls these inside its own defer, once per operation, with names it has checked: Lettuce's
     * commands are lazy already, so no further defer. Decoding runs where the reply arrives (Lettuce's I/O
     * thread) and is the one per-key cost the raw driver does not have; see EntryCodec.
     */

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        String compound = collection + CompoundKey.SEPARATOR + key;
        Mono<byte[]> stored = coalescer != null ? coalescer.get(compound) : cmds.get(compound);
        return stored.map(EntryCodec::fromBytes);
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        String compound = CompoundKey.join(collection, key);
        if (coalescer != null) {
            return coalescer.set(compound, EntryCodec.toBytes(entry, collection, key), pxMillis(entry)).then(replicated());
        }
        return Mono.defer(() -> set(compound, collection, key, entry, null)).then(replicated());
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        return Mono.defer(() -> cmds.del(CompoundKey.join(collection, key))).flatMap(this::replicated).map(n -> n > 0);
    }

    // ---- bulk --------------------------------------------------------------------------------------

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        // MGET answers one value (or nil) per key, in request order: no key text to take apart again
        return cmds.mget(compounds(collection, distinctKeys)).collectList().map(values -> {
            Map<String, StoredEntry> found = new HashMap<>((int) (values.size() / 0.75f) + 1);
            for (int i = 0; i < values.size(); i++) {
                KeyValue<String, byte[]> kv = values.get(i);
                if (kv.hasValue()) {
                    found.put(distinctKeys.get(i), EntryCodec.fromBytes(kv.getValue()));
                }
            }
            return found;
        });
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return Mono.defer(() -> {
            boolean anyTtl = entries.values().stream().anyMatch(e -> e.expiresAt() != null);
            if (!anyTtl) {
                Map<String, byte[]> stored = new LinkedHashMap<>();
                entries.forEach((k, e) -> stored.put(CompoundKey.join(collection, k), EntryCodec.toBytes(e, collection, k)));
                return cmds.mset(stored).then(replicated()); // split by hash slot by Lettuce in a cluster
            }
            // SET … PX per key, written to the connection as one batch (one write and flush, not one per key) and
            // awaited together: a flatMap over reactive SETs cost one channel write each, and its drain loop
            // scanned every pending SET at each reply (quadratic; a 200-entry putMany spent more CPU there than
            // in the commands)
            List<AsyncCommand<String, byte[], String>> sets = new ArrayList<>(entries.size());
            entries.forEach((k, e) -> sets.add(setCommand(CompoundKey.join(collection, k),
                    EntryCodec.toBytes(e, collection, k), pxMillis(e))));
            topology.dispatch(sets);
            return Mono.fromCompletionStage(CompletableFuture.allOf(sets.toArray(CompletableFuture<?>[]::new)))
                    .then(replicated());
        });
    }

    /** {@code SET key value [PX px]} as a command to dispatch; {@code px} 0 for no expiry. */
    private static AsyncCommand<String, byte[], String> setCommand(String key, byte[] value, long px) {
        CommandArgs<String, byte[]> args = new CommandArgs<>(Topology.CODEC).addKey(key).addValue(value);
        if (px > 0) {
            SetArgs.Builder.px(px).build(args);
        }
        return new AsyncCommand<>(new Command<>(CommandType.SET, new StatusOutput<>(Topology.CODEC), args));
    }

    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return Mono.defer(() -> cmds.del(compounds(collection, distinctKeys))).flatMap(this::replicated);
    }

    // ---- conditional writes ------------------------------------------------------------------------

    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return Mono.defer(() -> putIfAbsentAttempt(CompoundKey.join(collection, key), collection, key, entry, now, 1))
                .flatMap(this::replicated);
    }

    private Mono<Boolean> putIfAbsentAttempt(String compound, String collection, String key, StoredEntry entry,
                                             Instant now, int attempt) {
        return set(compound, collection, key, entry, SetArgs.Builder.nx())
                .map("OK"::equals)
                .defaultIfEmpty(false)
                .flatMap(written -> written ? Mono.just(true) : cmds.get(compound)
                        .map(stored -> {
                            StoredEntry current = EntryCodec.fromBytes(stored);
                            // present and live by our clock: a real miss; expired by our clock: replace those bytes
                            return current.isExpiredAt(now) ? current.version() : "";
                        })
                        .defaultIfEmpty("-") // deleted since the SET NX: try again
                        .flatMap(v -> {
                            if (v.isEmpty()) {
                                return Mono.just(false);
                            }
                            Mono<Boolean> replaced = v.equals("-") ? Mono.just(false)
                                    : CasScript.run(cmds, compound, v, EntryCodec.toBytes(entry, collection, key), px(entry));
                            return replaced.flatMap(ok -> ok ? Mono.just(true)
                                    : attempt >= CONDITIONAL_ATTEMPTS
                                    ? Mono.error(new StoreTimeoutException("putIfAbsent kept losing races on " + compound))
                                    : putIfAbsentAttempt(compound, collection, key, entry, now, attempt + 1));
                        }));
    }

    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion, StoredEntry entry,
                                             Instant now) {
        return Mono.defer(() -> {
            String compound = CompoundKey.join(collection, key);
            return cmds.get(compound)
                    .map(EntryCodec::fromBytes)
                    .filter(current -> expectedVersion.equals(current.version()) && !current.isExpiredAt(now))
                    .flatMap(current -> CasScript.run(cmds, compound, expectedVersion,
                            EntryCodec.toBytes(entry, collection, key), px(entry)))
                    .defaultIfEmpty(false)
                    .flatMap(this::replicated);
        });
    }

    // ---- scans -------------------------------------------------------------------------------------

    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        return Mono.defer(() -> {
            String prefix = options.prefix() == null ? "" : options.prefix();
            return scans.page(RedisKeys.pattern(collection, prefix), options.cursor(), options.pageSize(),
                    batch -> batch.stream().map(k -> CompoundKey.keyOf(collection, k)).toList());
        });
    }

    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        return scans.page("*" + CompoundKey.SEPARATOR + "*", cursor, limit, batch -> {
            Set<String> names = new LinkedHashSet<>();
            for (String k : batch) {
                String c = CompoundKey.collectionOf(k);
                if (c != null) {
                    names.add(c);
                }
            }
            return List.copyOf(names);
        });
    }

    /**
     * SCAN visits a collection's keys one batch at a time, so one name would show up once per
     * batch: the stream remembers the names it emitted (memory grows with the number of
     * collections, never with the number of keys).
     */
    @Override
    public Flux<String> collections() {
        return super.collections().distinct();
    }

    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        return Flux.defer(() -> scans.batches(RedisKeys.pattern(collection, ""), DESTROY_BATCH))
                .concatMap(batch -> cmds.unlink(batch.toArray(String[]::new)))
                .reduce(0L, Long::sum)
                .map(n -> n > 0);
    }

    // ---- watch -------------------------------------------------------------------------------------

    /**
     * Events are handed over to a {@code boundedElastic} worker: subscriber code never runs on (and
     * never stalls) Lettuce's I/O threads, and may block. Per subscriber at most the hub's buffer
     * plus this hand-over queue is held; the hand-over gives a briefly descheduled subscriber thread
     * slack before a burst of notifications overflows into RESYNC.
     */
    @Override
    protected Flux<KeyEvent> watchBackend(String collection, KeyFilter filter) {
        return Flux.defer(() -> watch.watch(collection, filter))
                .publishOn(Schedulers.boundedElastic(), WATCH_HANDOVER);
    }

    // ---- lifecycle and errors ----------------------------------------------------------------------

    @Override
    protected void closeBackend() {
        topology.close(watch.close());
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
            return translate(error.getCause()); // Lettuce's cluster routing wraps a failed node connect
        }
        if (error instanceof RedisCommandTimeoutException) {
            return new StoreTimeoutException("Redis command timed out: " + error.getMessage(), error);
        }
        if (error instanceof RedisConnectionException
                || error instanceof java.nio.channels.ClosedChannelException
                || error instanceof io.netty.channel.ChannelException
                // a cluster whose topology has no node for the key's slot (a node restarting): ask again later
                || error instanceof io.lettuce.core.cluster.PartitionException
                || (error instanceof RedisException && (error.getCause() instanceof java.io.IOException
                        || isTransient(String.valueOf(error.getMessage()))))) {
            return new StoreUnavailableException("Redis is unavailable: " + error.getMessage(), error);
        }
        return super.translate(error);
    }

    /**
     * Lettuce's messages for a connection lost under a command ("Connection disconnected", "Connection closed",
     * "… not connected …"), and the server's replies that mean "not now, ask again": a cluster without
     * coverage (CLUSTERDOWN, TRYAGAIN), a server still loading its data after a restart (LOADING), a replica
     * that lost its master or a master demoted to replica by a failover (MASTERDOWN, READONLY), and a
     * master refusing writes without enough replicas (NOREPLICAS), or a demoted master asked to WAIT.
     */
    static boolean isTransient(String message) {
        return message.startsWith("Connection disconnected") || message.startsWith("Connection closed")
                || message.contains("not connected")
                || message.startsWith("CLUSTERDOWN") || message.startsWith("TRYAGAIN") || message.startsWith("LOADING")
                || message.startsWith("MASTERDOWN") || message.startsWith("READONLY") || message.startsWith("NOREPLICAS")
                || message.contains("WAIT cannot be used with replica");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Emits {@code result} once {@link Replication} is satisfied (at once when it is off). */
    private <T> Mono<T> replicated(T result) {
        return replicated().thenReturn(result);
    }

    /**
     * {@code WAIT replicas ms} on the store's connection: every write sent on it before, this one included,
     * is on that many replicas, or the write fails with {@link StoreTimeoutException} (it may or may not
     * survive a failover). Empty when replication is not required.
     */
    private Mono<Void> replicated() {
        if (replication.replicas() == 0) {
            return Mono.empty();
        }
        return Mono.defer(() -> cmds.waitForReplication(replication.replicas(), replication.waitMillis()))
                .flatMap(n -> n >= replication.replicas() ? Mono.<Void>empty()
                        : Mono.error(new StoreTimeoutException("Only " + n + " of " + replication.replicas()
                                + " replicas confirmed the write within " + replication.waitMillis() + " ms")));
    }

    private Mono<String> set(String compound, String collection, String key, StoredEntry entry, @Nullable SetArgs base) {
        byte[] stored = EntryCodec.toBytes(entry, collection, key);
        long px = pxMillis(entry);
        SetArgs args = base;
        if (px > 0) {
            args = (args == null ? new SetArgs() : args).px(px);
        }
        return args == null ? cmds.set(compound, stored) : cmds.set(compound, stored, args);
    }

    /**
     * The native expiry in milliseconds, rounded up so a sub-millisecond remainder never expires the
     * key early (the envelope's microsecond expiry stays authoritative on read); never 0. 0 for none.
     */
    static long pxMillis(StoredEntry entry) {
        if (entry.expiresAt() == null) {
            return 0;
        }
        Instant from = entry.createdAt() == null ? Instant.now() : entry.createdAt();
        long nanos = Duration.between(from, entry.expiresAt()).toNanos();
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    /** {@link #pxMillis} as the text the CAS script takes; empty for none. */
    static String px(StoredEntry entry) {
        long ms = pxMillis(entry);
        return ms == 0 ? "" : Long.toString(ms);
    }

    private static String[] compounds(String collection, List<String> keys) {
        String[] out = new String[keys.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = collection + CompoundKey.SEPARATOR + keys.get(i); // the collection is checked by the base
        }
        return out;
    }
}
