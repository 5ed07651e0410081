package dev.reactivekv.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;

/**
 * A Redis Cluster: Lettuce's cluster connection routes single-key commands and splits MGET, MSET,
 * DEL and UNLINK by hash slot, running the parts on their nodes in parallel; SCAN and keyspace
 * notifications are per node, so the store visits every master itself.
 */
final class ClusterTopology implements Topology {

    private final RedisClusterClient client;
    private final boolean ownsClient;
    private final StatefulRedisClusterConnection<String, byte[]> connection;

    /** Connects (blocking; called from the builder). */
    ClusterTopology(RedisClusterClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.connection = client.connect(CODEC);
    }

    @Override
    public RedisClusterReactiveCommands<String, byte[]> commands() {
        return connection.reactive();
    }

    @Override
    public io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, byte[]> asyncCommands() {
        return connection.async();
    }

    @Override
    public void dispatch(java.util.Collection<? extends io.lettuce.core.protocol.RedisCommand<String, byte[], ?>> commands) {
        connection.dispatch(commands);
    }

    @Override
    public List<String> dataNodes() {
        List<String> ids = new ArrayList<>();
        for (RedisClusterNode n : connection.getPartitions()) {
            if (n.is(RedisClusterNode.NodeFlag.UPSTREAM) && !n.getSlots().isEmpty()) {
                ids.add(n.getNodeId());
            }
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public Mono<RedisClusterReactiveCommands<String, byte[]>> node(String nodeId) {
        return Mono.fromCompletionStage(() -> connection.getConnectionAsync(nodeId))
                .map(c -> c.reactive());
    }

    @Override
    public int database() {
        return 0; // a cluster has only database 0
    }

    @Override
    public Mono<Notifications> openNotifications(Notifications.Listener listener) {
        return Mono.fromCompletionStage(() -> client.connectPubSubAsync(StringCodec.UTF8)).map(c -> {
            // keyspace events are published only by the node owning the key: listen on every master
            c.setNodeMessagePropagation(true);
            c.addListener(new ClusterListener(listener));
            return new ClusterNotifications(c);
        });
    }

    @Override
    public io.lettuce.core.AbstractRedisClient client() {
        return client;
    }

    @Override
    public void close(CompletionStage<?> closing) {
        CompletableFuture<Void> closed = connection.closeAsync();
        if (ownsClient) {
            closed.runAfterBoth(closing, () -> {
            }).whenComplete((done, error) -> Topology.shutdownOwned(client));
        }
    }

    private static final class ClusterListener extends RedisClusterPubSubAdapter<String, String> {
        private final Notifications.Listener listener;

        ClusterListener(Notifications.Listener listener) {
            this.listener = listener;
        }

        @Override
        public void message(RedisClusterNode node, String pattern, String channel, String message) {
            listener.message(pattern, channel, message);
        }

        @Override
        public void psubscribed(RedisClusterNode node, String pattern, long count) {
            listener.subscribed(pattern);
        }
    }

    private record ClusterNotifications(StatefulRedisClusterPubSubConnection<String, String> c) implements Notifications {
        @Override
        public Mono<Void> psubscribe(String pattern) {
            return c.reactive().masters().commands().psubscribe(pattern).flux().then();
        }

        @Override
        public Mono<Void> punsubscribe(String pattern) {
            return c.reactive().masters().commands().punsubscribe(pattern).flux().then();
        }

        @Override
        public CompletableFuture<Void> close() {
            return c.closeAsync();
        }
    }
}
