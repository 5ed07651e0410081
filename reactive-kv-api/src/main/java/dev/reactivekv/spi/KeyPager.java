package dev.reactivekv.spi;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.reactivekv.KeyPage;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Turns a page-fetching function into a demand-driven {@code Flux}: the next page is requested
 * from the backend only when every key fetched so far has been delivered and downstream still
 * wants more, so at most one page is held at a time. Cancelling disposes the in-flight fetch.
 * Iterative (a drain loop), never recursive per page.
 */
final class KeyPager {

    private static final KeyPage LAST_EMPTY_PAGE = new KeyPage(java.util.List.of(), null);

    private KeyPager() {
    }

    static Flux<String> keys(Function<@Nullable String, Mono<KeyPage>> fetch, @Nullable String startCursor) {
        return Flux.create(sink -> new Drain(sink, fetch, startCursor).start(), FluxSink.OverflowStrategy.BUFFER);
    }

    private static final class Drain {
        final FluxSink<String> sink;
        final Function<@Nullable String, Mono<KeyPage>> fetch;
        final AtomicInteger wip = new AtomicInteger();
        final AtomicReference<KeyPage> arrived = new AtomicReference<>();
        final ArrayDeque<String> buffer = new ArrayDeque<>();
        volatile @Nullable Throwable error;
        volatile @Nullable Disposable inflight;
        @Nullable String cursor;
        boolean fetching;
        boolean exhausted;
        boolean finished;

        Drain(FluxSink<String> sink, Function<@Nullable String, Mono<KeyPage>> fetch, @Nullable String cursor) {
            this.sink = sink;
            this.fetch = fetch;
            this.cursor = cursor;
        }

        void start() {
            sink.onRequest(n -> drain());
            sink.onDispose(() -> {
                Disposable d = inflight;
                if (d != null) {
                    d.dispose();
                }
            });
        }

        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                if (!finished && !sink.isCancelled()) {
                    step();
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void step() {
            KeyPage page = arrived.getAndSet(null);
            if (page != null) {
                fetching = false;
                buffer.addAll(page.keys());
                cursor = page.nextCursor();
                exhausted = page.isLast();
            }
            Throwable e = error;
            if (e != null) {
                finished = true;
                buffer.clear();
                sink.error(e);
                return;
            }
            while (!buffer.isEmpty() && sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
                sink.next(buffer.poll());
            }
            if (!buffer.isEmpty() || fetching) {
                return;
            }
            if (exhausted) {
                finished = true;
                sink.complete();
            } else if (sink.requestedFromDownstream() > 0) {
                fetching = true;
                inflight = fetch.apply(cursor).defaultIfEmpty(LAST_EMPTY_PAGE).subscribe(
                        p -> {
                            arrived.set(p);
                            drain();
                        },
                        t -> {
                            error = t;
                            drain();
                        });
            }
        }
    }
}
