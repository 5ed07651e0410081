package dev.reactivekv.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.reactivekv.Capability;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.KeyPage;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.Lookup;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.StoreClosedException;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreTimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A store that is still being opened: {@code serve} starts listening at once and the slow open (the disk store's
 * Chronicle Map compiles classes at run time) runs on a thread of its own once {@link #begin()} is called.
 *
 * <p>Every operation waits until the store is open, at most {@code readyTimeout}, then runs on it. If opening
 * failed, every operation fails with a {@link StoreSetupException} carrying the cause ("the store could not be
 * opened: …"); a wait longer than {@code readyTimeout} fails with {@link StoreTimeoutException}. Nothing blocks
 * the subscribing thread. {@link #capabilities()} answers at once with the capabilities the provider announced
 * before opening ({@code StoreProvider#capabilitiesBeforeOpen}). {@link #close()} closes the store, waiting (at
 * most {@code readyTimeout}) for an open still under way so that its files are closed too; later operations fail
 * with {@link StoreClosedException}.
 */
final class OpeningStore implements KeyValueStore {

    private final String name;
    private final Set<Capability> capabilities;
    private final Duration readyTimeout;
    private final Sinks.One<KeyValueStore> opened = Sinks.one();
    private final CountDownLatch settled = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean begun = new AtomicBoolean();
    private final Supplier<KeyValueStore> opener;
    private final Consumer<KeyValueException> onFailure;
    private volatile @Nullable KeyValueStore store;

    private OpeningStore(String name, Set<Capability> capabilities, Duration readyTimeout,
                         Supplier<KeyValueStore> opener, Consumer<KeyValueException> onFailure) {
        this.name = name;
        this.capabilities = Set.copyOf(capabilities);
        this.readyTimeout = readyTimeout;
        this.opener = opener;
        this.onFailure = onFailure;
    }

    /**
     * A store that opens when {@link #begin()} is called, on a new daemon thread.
     *
     * @param name         the store as people know it (a redacted URI), for error messages
     * @param capabilities what the opened store will report
     * @param opener       opens the store; may block; its exception becomes every operation's error
     * @param onFailure    told once when opening failed (to log it), on the opening thread
     */
    static OpeningStore prepare(String name, Set<Capability> capabilities, Duration readyTimeout,
                                Supplier<KeyValueStore> opener, Consumer<KeyValueException> onFailure) {
        return new OpeningStore(name, capabilities, readyTimeout, opener, onFailure);
    }

    /** As {@link #prepare} and {@link #begin()} at once. */
    static OpeningStore start(String name, Set<Capability> capabilities, Duration readyTimeout,
                              Supplier<KeyValueStore> opener, Consumer<KeyValueException> onFailure) {
        OpeningStore s = prepare(name, capabilities, readyTimeout, opener, onFailure);
        s.begin();
        return s;
    }

    /**
     * Starts opening, once (later calls do nothing). {@code serve} calls it when the transport is up: on a machine
     * with few cores, opening alongside the server's own start-up would delay listening.
     */
    void begin() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(this::open, "rkv-store-open");
        t.setDaemon(true);
        t.start();
    }

    private void open() {
        if (closed.get()) {
            settled.countDown();
            return;
        }
        KeyValueStore s;
        try {
            s = opener.get();
        } catch (Throwable e) {
            // also LinkageError (a Chronicle class failing to initialise without its JVM flags): a typed error per
            // request beats requests that would only time out
            StoreSetupException failure = new StoreSetupException("the store " + name + " could not be opened: "
                    + Main.describe(e), e);
            opened.tryEmitError(failure);
            settled.countDown();
            onFailure.accept(failure);
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            return;
        }
        store = s;
        settled.countDown();
        if (closed.get()) {
            s.close(); // closed while opening: the files must not stay open
        }
        opened.tryEmitValue(s);
    }

    /** The open store; fails as the class javadoc says. */
    private Mono<KeyValueStore> ready() {
        return Mono.defer(() -> {
            if (closed.get()) {
                return Mono.error(new StoreClosedException("the store " + name + " is closed"));
            }
            KeyValueStore s = store;
            if (s != null) {
                return Mono.just(s); // open: no timer per operation
            }
            return opened.asMono().timeout(readyTimeout, Mono.error(() -> new StoreTimeoutException(
                    "the store " + name + " is still opening after " + readyTimeout.toSeconds() + " s")));
        });
    }

    private <T> Mono<T> on(Function<KeyValueStore, Mono<T>> operation) {
        return ready().flatMap(operation);
    }

    private <T> Flux<T> many(Function<KeyValueStore, Flux<T>> operation) {
        return ready().flatMapMany(operation);
    }

    @Override
    public Mono<Map<String, Object>> get(String collection, String key) {
        return on(s -> s.get(collection, key));
    }

    @Override
    public Mono<Entry> ttl(String collection, String key) {
        return on(s -> s.ttl(collection, key));
    }

    @Override
    public Mono<Void> put(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return on(s -> s.put(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> delete(String collection, String key) {
        return on(s -> s.delete(collection, key));
    }

    @Override
    public Mono<Boolean> exists(String collection, String key) {
        return on(s -> s.exists(collection, key));
    }

    @Override
    public Flux<Lookup> getMany(String collection, List<String> keys) {
        return many(s -> s.getMany(collection, keys));
    }

    @Override
    public Flux<Lookup> ttlMany(String collection, List<String> keys) {
        return many(s -> s.ttlMany(collection, keys));
    }

    @Override
    public Mono<Void> putMany(String collection, Map<String, ? extends Map<String, ?>> entries, @Nullable Duration ttl) {
        return on(s -> s.putMany(collection, entries, ttl));
    }

    @Override
    public Mono<Long> deleteMany(String collection, List<String> keys) {
        return on(s -> s.deleteMany(collection, keys));
    }

    @Override
    public Mono<Boolean> putIfAbsent(String collection, String key, Map<String, ?> value, @Nullable Duration ttl) {
        return on(s -> s.putIfAbsent(collection, key, value, ttl));
    }

    @Override
    public Mono<Boolean> compareAndSet(String collection, String key, String expectedVersion, Map<String, ?> value,
                                       @Nullable Duration ttl) {
        return on(s -> s.compareAndSet(collection, key, expectedVersion, value, ttl));
    }

    @Override
    public Flux<String> keys(String collection, ScanOptions options) {
        return many(s -> s.keys(collection, options));
    }

    @Override
    public Mono<KeyPage> keyPage(String collection, ScanOptions options) {
        return on(s -> s.keyPage(collection, options));
    }

    @Override
    public Flux<String> collections() {
        return many(KeyValueStore::collections);
    }

    @Override
    public Mono<Boolean> destroyCollection(String collection) {
        return on(s -> s.destroyCollection(collection));
    }

    @Override
    public Flux<KeyEvent> watch(String collection, KeyFilter filter) {
        return many(s -> s.watch(collection, filter));
    }

    /** The announced capabilities, at once (the opened store reports the same, see StoreProvider). */
    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** Whether opening has finished, successfully or not. */
    boolean settled() {
        return settled.getCount() == 0;
    }

    /** Whether {@link #close()} has been called. */
    boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !begun.get()) {
            return; // never begun: nothing was opened (and begin() after close opens nothing: open() checks closed)
        }
        try {
            // bounded: a store that never finishes opening is left to the JVM's exit (the thread is a daemon)
            settled.await(readyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        KeyValueStore s = store;
        if (s != null) {
            s.close(); // idempotent, so racing the opening thread's own close after a concurrent close is harmless
        }
    }
}
