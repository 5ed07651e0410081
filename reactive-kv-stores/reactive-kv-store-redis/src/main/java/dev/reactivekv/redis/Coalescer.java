package dev.reactivekv.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.util.concurrent.Queues;

/**
 * Sends concurrent single-key reads as one {@code MGET} and concurrent writes as one pipelined batch.
 *
 * <p>Each lane (reads, writes) has at most {@value #BATCHES_OUT} batch out on the connection at a time.
 * A call made while the lane is idle is sent at once, alone; calls made while a batch is out wait in the
 * lane's queue and leave together, in call order, as soon as it returns. So batching costs an idle store
 * nothing, and the busier the store, the larger the batches. Each caller's {@code Mono} completes with its
 * own reply (a miss is empty); when a batch's command fails, only that batch's callers see the error.
 * Writes keep their call order: a lane sends its next batch only after the previous one has completed, and
 * within a batch the commands go out in call order on one connection (on a cluster, all commands for one
 * key go to the same node, in order).
 *
 * <p>Results are emitted on Lettuce's I/O threads. Batches are sent from the thread of the call that finds
 * the lane idle, or from the I/O thread that completes the previous batch; never in a recursive chain.
 */
final class Coalescer {

    static final int DEFAULT_MAX_BATCH = 256;
    private static final int BATCHES_OUT = 1;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final Lane<PendingGet> reads;
    private final Lane<PendingSet> writes;

    Coalescer(RedisClusterAsyncCommands<String, byte[]> redis, int maxBatch) {
        this.redis = redis;
        this.reads = new Lane<>(maxBatch, this::sendReads);
        this.writes = new Lane<>(maxBatch, this::sendWrites);
    }

    /** The stored bytes, or empty on a miss. */
    Mono<byte[]> get(String key) {
        return Mono.create(sink -> reads.offer(new PendingGet(key, sink)));
    }

    /** {@code SET key value [PX pxMillis]}; {@code pxMillis} 0 for no expiry. */
    Mono<Void> set(String key, byte[] value, long pxMillis) {
        return Mono.create(sink -> writes.offer(new PendingSet(key, value, pxMillis, sink)));
    }

    private void sendReads(List<PendingGet> batch, Runnable done) {
        if (batch.size() == 1) {
            PendingGet p = batch.get(0);
            whenComplete(() -> redis.get(p.key), (value, error) -> {
                if (error != null) {
                    p.sink.error(error);
                } else {
                    p.sink.success(value);
                }
                done.run();
            });
            return;
        }
        String[] keys = new String[batch.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = batch.get(i).key;
        }
        whenComplete(() -> redis.mget(keys), (values, error) -> {
            for (int i = 0; i < keys.length; i++) {
                MonoSink<byte[]> sink = batch.get(i).sink;
                if (error != null) {
                    sink.error(error);
                } else {
                    KeyValue<String, byte[]> kv = values.get(i);
                    sink.success(kv.hasValue() ? kv.getValue() : null);
                }
            }
            done.run();
        });
    }

    /**
     * Consecutive writes without expiry go as one {@code MSET} (a key written twice keeps the later value, as
     * the two writes in order would); each write with an expiry as its own {@code SET … PX}.
     */
    private void sendWrites(List<PendingSet> batch, Runnable done) {
        List<Runnable> commands = new ArrayList<>();
        AtomicInteger remaining = new AtomicInteger();
        int i = 0;
        while (i < batch.size()) {
            PendingSet first = batch.get(i);
            if (first.pxMillis > 0) {
                commands.add(() -> whenComplete(() -> redis.set(first.key, first.value, SetArgs.Builder.px(first.pxMillis)),
                        (ok, error) -> finish(List.of(first), error, remaining, done)));
                i++;
                continue;
            }
            int end = i;
            Map<String, byte[]> group = new LinkedHashMap<>();
            while (end < batch.size() && batch.get(end).pxMillis == 0) {
                group.put(batch.get(end).key, batch.get(end).value);
                end++;
            }
            List<PendingSet> callers = batch.subList(i, end);
            commands.add(() -> whenComplete(() -> redis.mset(group), (ok, error) -> finish(callers, error, remaining, done)));
            i = end;
        }
        remaining.set(commands.size());
        commands.forEach(Runnable::run);
    }

    private static void finish(List<PendingSet> callers, Throwable error, AtomicInteger remaining, Runnable done) {
        for (PendingSet p : callers) {
            if (error != null) {
                p.sink.error(error);
            } else {
                p.sink.success();
            }
        }
        if (remaining.decrementAndGet() == 0) {
            done.run();
        }
    }

    /** Lettuce may also throw where it would normally fail the future: both end up in {@code action}. */
    private static <T> void whenComplete(java.util.function.Supplier<? extends CompletionStage<T>> command,
                                         java.util.function.BiConsumer<T, Throwable> action) {
        CompletionStage<T> stage;
        try {
            stage = command.get();
        } catch (RuntimeException e) {
            action.accept(null, e);
            return;
        }
        stage.whenComplete(action);
    }

    private record PendingGet(String key, MonoSink<byte[]> sink) {
    }

    private record PendingSet(String key, byte[] value, long pxMillis, MonoSink<Void> sink) {
    }

    /** One queue of waiting calls, drained by whichever thread finds it idle; at most BATCHES_OUT batches out. */
    private static final class Lane<P> {

        interface Sender<P> {
            void send(List<P> batch, Runnable done);
        }

        private final Queue<P> waiting = Queues.<P>unboundedMultiproducer().get();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicInteger out = new AtomicInteger();
        private final int maxBatch;
        private final Sender<P> sender;
        private final Runnable batchDone = this::batchDone;

        Lane(int maxBatch, Sender<P> sender) {
            this.maxBatch = maxBatch;
            this.sender = sender;
        }

        void offer(P call) {
            waiting.offer(call);
            drain();
        }

        private void batchDone() {
            out.decrementAndGet();
            drain();
        }

        /** Serialised by {@code wip}: a drain requested while one runs makes that one loop again. */
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (out.get() < BATCHES_OUT && !waiting.isEmpty()) {
                    List<P> batch = new ArrayList<>(Math.min(maxBatch, 16));
                    for (P p; batch.size() < maxBatch && (p = waiting.poll()) != null; ) {
                        batch.add(p);
                    }
                    out.incrementAndGet();
                    sender.send(batch, batchDone);
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
