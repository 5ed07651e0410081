package dev.reactivekv.memcached;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.reactivekv.error.EntryTooLargeException;
import dev.reactivekv.error.KeyValueException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The few meta commands the store needs, each one request (one write, one round trip) however many
 * keys it names, and their answers read into plain results. Error lines become typed exceptions.
 */
final class MetaCommands {

    /** A value read with {@code mg}: its bytes and, when asked for, its CAS token (0 otherwise). */
    record Item(byte[] value, long cas) {
    }

    /** What {@code mg} then {@code md} found for one key: the value it read (or null) and whether the delete hit. */
    record Removal(byte @Nullable [] value, boolean deleted) {
    }

    private final MemcachedConnection connection;

    MetaCommands(MemcachedConnection connection) {
        this.connection = connection;
    }

    /** {@code mg <key> v [c]}: the item, or empty on a miss. */
    Mono<Item> get(MemcachedKeys.WireKey key, boolean withCas) {
        MetaRequest r = new MetaRequest("mg").command("mg", key, null, withCas ? new String[] {"v", "c"} : new String[] {"v"});
        return connection.execute(r).mapNotNull(frames -> {
            MetaResponse f = single(r, frames);
            if (f.is(MetaResponse.MISS)) {
                return null;
            }
            expect(r, f, MetaResponse.VALUE);
            String cas = f.flag('c');
            return new Item(f.data(), cas == null ? 0 : Long.parseLong(cas));
        });
    }

    /**
     * One pipelined multi-get: {@code mg <key> v q O<i>} per key, then {@code mn}. Misses are silent
     * ({@code q}); hits carry their index back in the opaque token. Emits index → value bytes.
     */
    Mono<Map<Integer, byte[]>> getMany(List<MemcachedKeys.WireKey> keys) {
        MetaRequest r = new MetaRequest("multi-get of " + keys.size() + " keys");
        for (int i = 0; i < keys.size(); i++) {
            r.command("mg", keys.get(i), null, "v", "q", "O" + i);
        }
        return connection.execute(r).map(frames -> {
            Map<Integer, byte[]> found = new HashMap<>(frames.size() * 2);
            for (MetaResponse f : frames) {
                expect(r, f, MetaResponse.VALUE);
                String opaque = f.flag('O');
                if (opaque == null) {
                    throw protocol(r, f);
                }
                found.put(Integer.parseInt(opaque), f.data());
            }
            return found;
        });
    }

    /**
     * {@code ms <key> <len> T<exptime> [M<mode>] [C<cas>]}: emits the status code, {@code HD} (stored),
     * {@code NS} (not stored: add of an existing key), {@code EX} (CAS mismatch) or {@code NF} (CAS on a missing key).
     */
    Mono<String> set(MemcachedKeys.WireKey key, byte[] data, long exptime, @Nullable Character mode, long cas) {
        List<String> flags = new ArrayList<>(3);
        flags.add("T" + exptime);
        if (mode != null) {
            flags.add("M" + mode);
        }
        if (cas != 0) {
            flags.add("C" + cas);
        }
        MetaRequest r = new MetaRequest("ms").store(key, data, flags.toArray(String[]::new));
        return connection.execute(r).map(frames -> {
            MetaResponse f = single(r, frames);
            if (f.isError()) {
                throw error(r, f);
            }
            return f.code();
        });
    }

    /** Pipelined quiet sets ({@code ms … q} per key, then {@code mn}): success is silence. */
    Mono<Void> setMany(List<MemcachedKeys.WireKey> keys, List<byte[]> values, List<Long> exptimes) {
        MetaRequest r = new MetaRequest("pipelined set of " + keys.size() + " keys");
        for (int i = 0; i < keys.size(); i++) {
            r.store(keys.get(i), values.get(i), "T" + exptimes.get(i), "q");
        }
        return connection.execute(r).flatMap(frames -> frames.isEmpty() ? Mono.<Void>empty()
                : Mono.error(firstErrorOr(r, frames)));
    }

    /**
     * For each key, {@code mg <key> v} then {@code md <key>}, all pipelined in one request: the value
     * read just before the delete tells whether what was deleted had already expired by the store's clock.
     */
    Mono<List<Removal>> getAndDelete(List<MemcachedKeys.WireKey> keys) {
        MetaRequest r = new MetaRequest(keys.size() == 1 ? "delete" : "pipelined delete of " + keys.size() + " keys");
        for (MemcachedKeys.WireKey k : keys) {
            r.command("mg", k, null, "v");
            r.command("md", k, null);
        }
        return connection.execute(r).map(frames -> {
            if (frames.size() != 2 * keys.size()) {
                throw firstErrorOr(r, frames);
            }
            List<Removal> out = new ArrayList<>(keys.size());
            for (int i = 0; i < frames.size(); i += 2) {
                MetaResponse got = frames.get(i);
                MetaResponse deleted = frames.get(i + 1);
                if (!got.is(MetaResponse.VALUE) && !got.is(MetaResponse.MISS)) {
                    throw got.isError() ? error(r, got) : protocol(r, got);
                }
                if (!deleted.is(MetaResponse.STORED) && !deleted.is(MetaResponse.NOT_FOUND)) {
                    throw deleted.isError() ? error(r, deleted) : protocol(r, deleted);
                }
                out.add(new Removal(got.is(MetaResponse.VALUE) ? got.data() : null, deleted.is(MetaResponse.STORED)));
            }
            return out;
        });
    }

    // ---- answers -----------------------------------------------------------------------------

    private static MetaResponse single(MetaRequest r, List<MetaResponse> frames) {
        if (frames.size() != 1) {
            throw firstErrorOr(r, frames);
        }
        return frames.get(0);
    }

    private static void expect(MetaRequest r, MetaResponse f, String code) {
        if (!f.is(code)) {
            throw f.isError() ? error(r, f) : protocol(r, f);
        }
    }

    private static KeyValueException firstErrorOr(MetaRequest r, List<MetaResponse> frames) {
        for (MetaResponse f : frames) {
            if (f.isError()) {
                return error(r, f);
            }
        }
        return new KeyValueException("memcached answered " + r.description() + " with " + frames.size()
                + " frames, expected " + r.commands() + ": " + frames);
    }

    /** An error line: a refused oversized item is the caller's problem, anything else the server's or ours. */
    static KeyValueException error(MetaRequest r, MetaResponse f) {
        if (f.line().contains("too large")) {
            return new EntryTooLargeException("memcached refused " + r.description() + ": " + f.line()
                    + " (its item size limit is set by memcached -I)");
        }
        return new KeyValueException("memcached refused " + r.description() + ": " + f.line());
    }

    private static KeyValueException protocol(MetaRequest r, MetaResponse f) {
        return new KeyValueException("Unexpected memcached answer to " + r.description() + ": " + f);
    }
}
