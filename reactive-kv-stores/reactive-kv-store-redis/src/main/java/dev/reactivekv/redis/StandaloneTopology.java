package dev.reactivekv.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** One Redis or Valkey server (also reached through Sentinel): one command connection, one pub/sub connection. */
final class StandaloneTopology implements Topology {

    private static final String NODE = "standalone";

    private final RedisClient client;
    private final boolean ownsClient;
    private final @Nullable RedisURI uri;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final int database;

    /** Connects (blocking; called from the builder). */
    StandaloneTopology(RedisClient client, boolean ownsClient, @Nullable RedisURI uri) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.uri = uri;
        this.connection = uri == null ? client.connect(CODEC) : client.connect(CODEC, uri);
        this.database = uri == null ? 0 : uri.getDatabase();
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
        return List.of(NODE);
    }

    @Override
    public Mono<RedisClusterReactiveCommands<String, byte[]>> node(String nodeId) {
        return Mono.just(connection.reactive());
    }

    @Override
    public int database() {
        return database;
    }

    @Override
    public Mono<Notifications> openNotifications(Notifications.Listener listener) {
        Mono<StatefulRedisPubSubConnection<String, String>> connect = uri != null
                ? Mono.fromCompletionStage(() -> client.connectPubSubAsync(StringCodec.UTF8, uri))
                // a user's client without a URI only offers the blocking form: keep it off event loops
                : Mono.fromCallable(() -> client.connectPubSub(StringCodec.UTF8)).subscribeOn(Schedulers.boundedElastic());
        return connect.map(c -> {
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    listener.message(pattern, channel, message);
                }

                @Override
                public void psubscribed(String pattern, long count) {
                    listener.subscribed(pattern);
                }
            });
            return new Notifications() {
                @Override
                public Mono<Void> psubscribe(String pattern) {
                    return c.reactive().psubscribe(pattern);
                }

                @Override
                public Mono<Void> punsubscribe(String pattern) {
                    return c.reactive().punsubscribe(pattern);
                }

                @Override
                public CompletableFuture<Void> close() {
                    return c.closeAsync();
                }
            };
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
}
