package dev.reactivekv.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.reactivekv.tck.Polling;
import io.lettuce.core.cluster.SlotHash;

/**
 * Three cluster-enabled servers of the test's own (durable, see {@link OwnRedisServer#durable()}), joined
 * into a cluster of three masters without replicas: node {@code i} holds an equal third of the slots. A
 * node killed and restarted comes back with its {@code nodes.conf}, so it owns the same slots again.
 * {@code cluster-require-full-coverage no}: while one master is down, the others keep serving their slots.
 */
final class OwnRedisCluster implements AutoCloseable {

    private static final Duration FORMING = Duration.ofSeconds(30);

    private final List<OwnRedisServer> nodes = new ArrayList<>();

    OwnRedisCluster() throws IOException {
        try {
            for (int i = 0; i < 3; i++) {
                List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000", "--cluster-require-full-coverage", "no"));
                args.addAll(List.of(OwnRedisServer.durable()));
                nodes.add(new OwnRedisServer(RedisServers.redisBinary(), args.toArray(String[]::new)));
            }
            form();
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    List<OwnRedisServer> nodes() {
        return nodes;
    }

    String uri() {
        return "redis-cluster://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }

    /** Whether node {@code i} owns the slot of {@code key}. */
    boolean ownedBy(int i, String key) {
        int slot = SlotHash.getSlot(key);
        return slot >= first(i) && slot <= last(i);
    }

    /** Waits until every node reports {@code cluster_state:ok} and knows all three. */
    void awaitHealthy() {
        Polling.until("every node reports cluster_state:ok", FORMING, () -> nodes.stream().allMatch(n -> {
            try {
                return n.withConnection(c -> {
                    String info = c.sync().clusterInfo();
                    return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3")
                            && !c.sync().clusterNodes().contains("fail");
                });
            } catch (RuntimeException notYet) {
                return false;
            }
        }));
    }

    private void form() {
        for (int i = 0; i < nodes.size(); i++) {
            int from = first(i);
            int to = last(i);
            nodes.get(i).withConnection(c -> c.sync().clusterAddSlots(IntStream.rangeClosed(from, to).toArray()));
        }
        nodes.get(0).withConnection(c -> {
            for (OwnRedisServer n : nodes.subList(1, nodes.size())) {
                c.sync().clusterMeet("127.0.0.1", n.port());
            }
            return null;
        });
        awaitHealthy();
    }

    private int first(int i) {
        return i * SlotHash.SLOT_COUNT / nodes.size();
    }

    private int last(int i) {
        return (i + 1) * SlotHash.SLOT_COUNT / nodes.size() - 1;
    }

    private void closeQuietly() {
        for (OwnRedisServer n : nodes) {
            try {
                n.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
