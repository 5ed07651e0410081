package dev.reactivekv.memcached;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyPage;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreTimeoutException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractKeyValueStore;
import dev.reactivekv.spi.EntryCodec;
import dev.reactivekv.spi.StoreOptions;
import dev.reactivekv.spi.StoredEntry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The memcached backend: py-key-value's envelope under {@code collection::key} (see {@link MemcachedKeys}),
 * with a native expiry ({@link ExpiryTime}). Every operation is one request on the store's pipelined
 * connection, except the conditional writes, which read (with the CAS token) and then write
 * with {@code C<cas>}. memcached cannot list keys, so {@code SCAN} (and with it watch and
 * {@code destroyCollection}) is not offered.
 */
final class MemcachedKeyValueStore extends AbstractKeyValueStore {

    private static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.NATIVE_TTL, Capability.CONDITIONAL_WRITES);
    /** How often a putIfAbsent retries when other writers keep changing the key between its steps. */
    private static final int CONDITIONAL_ATTEMPTS = 16;
    private static final Clock WALL = Clock.systemUTC();

    private final MemcachedConnection connection;
    private final MetaCommands commands;

    MemcachedKeyValueStore(StoreOptions options, MemcachedConnection connection) {
        super(options);
        this.connection = connection;
        this.commands = new MetaCommands(connection);
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    protected boolean joinsCollectionAndKey() {
        return true;
    }

    /** Requests written to the server so far; tests read it to prove one round trip per bulk call. */
    long requestsWritten() {
        return connection.requestsWritten();
    }

    // ---- single keys -----------------------------------------------------------------------------

    @Override
    protected Mono<StoredEntry> read(String collection, String key) {
        return Mono.defer(() -> commands.get(MemcachedKeys.of(collection, key), false))
                .map(item -> EntryCodec.fromBytes(item.value()));
    }

    @Override
    protected Mono<Void> write(String collection, String key, StoredEntry entry) {
        return Mono.defer(() -> commands.set(MemcachedKeys.of(collection, key), EntryCodec.toBytes(entry, collection, key),
                exptime(entry), null, 0)).flatMap(code -> expectStored(code, "set"));
    }

    @Override
    protected Mono<Boolean> remove(String collection, String key) {
        return removeMany(collection, List.of(key)).map(n -> n > 0);
    }

    // ---- bulk --------------------------------------------------------------------------------------

    @Override
    protected Mono<Map<String, StoredEntry>> readMany(String collection, List<String> distinctKeys) {
        return Mono.defer(() -> commands.getMany(wireKeys(collection, distinctKeys)))
                .map(found -> {
                    Map<String, StoredEntry> out = new HashMap<>(found.size() * 2);
                    found.forEach((i, bytes) -> out.put(distinctKeys.get(i), EntryCodec.fromBytes(bytes)));
                    return out;
                });
    }

    @Override
    protected Mono<Void> writeMany(String collection, Map<String, StoredEntry> entries) {
        return Mono.defer(() -> {
            List<MemcachedKeys.WireKey> keys = new ArrayList<>(entries.size());
            List<byte[]> values = new ArrayList<>(entries.size());
            List<Long> exptimes = new ArrayList<>(entries.size());
            entries.forEach((k, e) -> {
                keys.add(MemcachedKeys.of(collection, k));
                values.add(EntryCodec.toBytes(e, collection, k));
                exptimes.add(exptime(e));
            });
            return commands.setMany(keys, values, exptimes);
        });
    }

    /** Counts what was deleted and had not yet expired by the store's clock; a corrupt entry counts as present. */
    @Override
    protected Mono<Long> removeMany(String collection, List<String> distinctKeys) {
        return Mono.defer(() -> commands.getAndDelete(wireKeys(collection, distinctKeys)))
                .map(removals -> {
                    Instant now = clock().instant();
                    return removals.stream().filter(r -> r.deleted() && !expiredAt(r.value(), now)).count();
                });
    }

    // ---- conditional writes ------------------------------------------------------------------------

    /**
     * {@code ms … ME} (add) stores when memcached holds nothing. When it holds an entry that is
     * expired by the store's clock (native expiry is up to a second later), that entry is replaced
     * with {@code C<cas>}, so a concurrent writer makes this attempt fail instead of being overwritten.
     */
    @Override
    protected Mono<Boolean> writeIfAbsent(String collection, String key, StoredEntry entry, Instant now) {
        return Mono.defer(() -> addAttempt(MemcachedKeys.of(collection, key), EntryCodec.toBytes(entry, collection, key),
                exptime(entry), now, 1));
    }

    private Mono<Boolean> addAttempt(MemcachedKeys.WireKey key, byte[] bytes, long exptime, Instant now, int attempt) {
        return commands.set(key, bytes, exptime, 'E', 0).flatMap(code -> {
            if (code.equals(MetaResponse.STORED)) {
                return Mono.just(true);
            }
            if (!code.equals(MetaResponse.NOT_STORED)) {
                return Mono.error(new KeyValueException("memcached answered add with " + code));
            }
            return commands.get(key, true)
                    .flatMap(current -> {
                        if (!expiredAt(current.value(), now)) {
                            return Mono.just(false);
                        }
                        return commands.set(key, bytes, exptime, null, current.cas()).flatMap(c -> c.equals(MetaResponse.STORED)
                                ? Mono.just(true) : retry(key, bytes, exptime, now, attempt));
                    })
                    .switchIfEmpty(Mono.defer(() -> retry(key, bytes, exptime, now, attempt))); // deleted meanwhile
        });
    }

    private Mono<Boolean> retry(MemcachedKeys.WireKey key, byte[] bytes, long exptime, Instant now, int attempt) {
        return attempt >= CONDITIONAL_ATTEMPTS
                ? Mono.error(new StoreTimeoutException("putIfAbsent kept losing races on " + key))
                : addAttempt(key, bytes, exptime, now, attempt + 1);
    }

    /**
     * Reads the entry with its CAS token, checks version (a digest of the stored bytes) and expiry,
     * then writes with {@code C<cas>}: memcached refuses the write if anything changed the key
     * since the read, so of concurrent callers holding one version exactly one wins.
     */
    @Override
    protected Mono<Boolean> replaceIfVersion(String collection, String key, String expectedVersion, StoredEntry entry,
                                             Instant now) {
        return Mono.defer(() -> {
            MemcachedKeys.WireKey wire = MemcachedKeys.of(collection, key);
            return commands.get(wire, true)
                    .filter(current -> matches(current.value(), expectedVersion, now))
                    .flatMap(current -> commands.set(wire, EntryCodec.toBytes(entry, collection, key), exptime(entry),
                            null, current.cas()))
                    .map(MetaResponse.STORED::equals)
                    .defaultIfEmpty(false);
        });
    }

    // ---- what memcached cannot do ------------------------------------------------------------------

    @Override
    protected Mono<KeyPage> fetchKeys(String collection, ScanOptions options) {
        return Mono.error(unsupported(Capability.SCAN, "keys"));
    }

    @Override
    protected Mono<KeyPage> fetchCollections(@Nullable String cursor, int limit) {
        return Mono.error(unsupported(Capability.SCAN, "collections"));
    }

    /**
     * memcached cannot find a collection's keys, and a namespace counter in the key would break
     * py-key-value's layout (and resurrect old entries when the counter is evicted): refused.
     */
    @Override
    protected Mono<Boolean> removeCollection(String collection) {
        return Mono.error(unsupported(Capability.SCAN, "destroyCollection"));
    }

    // ---- lifecycle and errors ----------------------------------------------------------------------

    @Override
    protected void closeBackend() {
        connection.close();
    }

    @Override
    protected KeyValueException translate(Throwable error) {
        if (error instanceof io.netty.channel.ChannelException) {
            return new StoreUnavailableException("memcached at " + connection.server() + " is unavailable: "
                    + error.getMessage(), error);
        }
        return super.translate(error);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private static long exptime(StoredEntry entry) {
        return ExpiryTime.of(entry, WALL.instant().getEpochSecond());
    }

    private static Mono<Void> expectStored(String code, String what) {
        return code.equals(MetaResponse.STORED) ? Mono.empty()
                : Mono.error(new KeyValueException("memcached answered " + what + " with " + code));
    }

    private static List<MemcachedKeys.WireKey> wireKeys(String collection, List<String> keys) {
        List<MemcachedKeys.WireKey> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            out.add(MemcachedKeys.of(collection, k));
        }
        return out;
    }

    /** Expired by the store's clock; bytes that are not an envelope count as a live entry (never silently replaced). */
    private static boolean expiredAt(byte @Nullable [] stored, Instant now) {
        if (stored == null) {
            return true;
        }
        try {
            return EntryCodec.fromBytes(stored).isExpiredAt(now);
        } catch (DeserializationException corrupt) {
            return false;
        }
    }

    private static boolean matches(byte[] stored, String expectedVersion, Instant now) {
        try {
            StoredEntry current = EntryCodec.fromBytes(stored);
            return !current.isExpiredAt(now) && expectedVersion.equals(current.version());
        } catch (DeserializationException corrupt) {
            return false;
        }
    }
}
