package dev.reactivekv.redis;

import java.util.concurrent.CompletionStage;

import java.util.List;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.RedisCodec;
import reactor.core.publisher.Mono;

/**
 * What the store needs from a Redis deployment, whatever its shape: one command interface that
 * routes keys (standalone connection, or Lettuce's cluster connection that splits multi-key
 * commands by hash slot), the nodes a SCAN must visit, and a keyspace-notification source.
 * Implementations own the connections they open, never the client a user passed in.
 */
interface Topology {

    /** Keys as UTF-8 text, values as the stored bytes: envelopes never take a String round trip. */
    RedisCodec<String, byte[]> CODEC = StoreCodec.INSTANCE;

    /** Key-routed commands (single keys, MGET/MSET/DEL/UNLINK across slots, scripts). */
    RedisClusterReactiveCommands<String, byte[]> commands();

    /** The same routing as {@link #commands()} through Lettuce's future-based API (the coalescer's batches). */
    io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, byte[]> asyncCommands();

    /**
     * Sends the commands as one pipelined batch: written to the connection together (one write and one flush per
     * node) rather than one write and flush each. Completes them through their futures; never blocks.
     */
    void dispatch(java.util.Collection<? extends io.lettuce.core.protocol.RedisCommand<String, byte[], ?>> commands);

    /** Ids of the nodes that hold data (the one server, or every cluster master), sorted. */
    List<String> dataNodes();

    /** Commands bound to one data node, for SCAN and CONFIG. Emits on a Lettuce I/O thread. */
    Mono<RedisClusterReactiveCommands<String, byte[]>> node(String nodeId);

    /** The logical database keyspace events are published for. */
    int database();

    /** The notification side; created lazily by the store on the first watch. */
    Mono<Notifications> openNotifications(Notifications.Listener listener);

    /** The Lettuce client (ours or the user's), for connection-state listeners. */
    io.lettuce.core.AbstractRedisClient client();

    /**
     * Closes what this topology opened: its connections always, and the client only if we created it,
     * shutting it down only once {@code closing} (the store's other connections) and our own connection
     * have closed. A client's shutdown closes every connection it still tracks; one that is already
     * closing made Lettuce log "Connection is already closed" on every close.
     */
    void close(CompletionStage<?> closing);

    /**
     * Shuts down a client the store created, and then the {@link io.lettuce.core.resource.ClientResources} the
     * store created for it (event loops, timer): a client built on given resources leaves them running.
     */
    static void shutdownOwned(io.lettuce.core.AbstractRedisClient client) {
        client.shutdownAsync().handle((done, error) -> null)
                .thenRun(() -> client.getResources().shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS));
    }
}
