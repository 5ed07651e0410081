package dev.reactivekv.cli.bench;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.wrapper.ForwardingKeyValueStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** A real store that counts the calls the benchmark completes on it, to check the benchmark's own counts. */
final class CountingStore extends ForwardingKeyValueStore {

    /** Completed calls at one moment. */
    record Counts(long gets, long puts, long keyPages) {
        Counts minus(Counts earlier) {
            return new Counts(gets - earlier.gets, puts - earlier.puts, keyPages - earlier.keyPages);
        }
    }

    private final LongAdder gets = new LongAdder();
    private final LongAdder puts = new LongAdder();
    private final LongAdder keyPages = new LongAdder();
    private final boolean hideWatch;

    CountingStore(KeyValueStore delegate, boolean hideWatch) {
        super(delegate);
        this.hideWatch = hideWatch;
    }

    Counts counts() {
        return new Counts(gets.sum(), puts.sum(), keyPages.sum());
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return super.get(collection, key).doOnTerminate(gets::increment);
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return super.put(collection, key, value, ttl).doOnTerminate(puts::increment);
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return super.keyPage(collection, options).doOnTerminate(keyPages::increment);
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> all = EnumSet.noneOf(Capability.class);
        all.addAll(super.capabilities());
        if (hideWatch) {
            all.remove(Capability.WATCH);
        }
        return all;
    }
}
