package dev.reactivekv.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.reactivekv.tck.Polling;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;

/**
 * A master, one replica and three Sentinels of the test's own (quorum 2, master name {@value #MASTER}),
 * all on free loopback ports, stopped by PID.
 */
final class OwnSentinelGroup implements AutoCloseable {

    static final String MASTER = "rkvtest";
    private static final Duration SETTLING = Duration.ofSeconds(60);

    private final List<OwnRedisServer> data = new ArrayList<>();
    private final List<OwnRedisServer> sentinels = new ArrayList<>();
    private final List<Path> configs = new ArrayList<>();

    OwnSentinelGroup() throws IOException {
        try {
            String bin = RedisServers.redisBinary();
            OwnRedisServer master = new OwnRedisServer(bin, "--repl-diskless-sync-delay", "0");
            data.add(master);
            data.add(new OwnRedisServer(bin, "--repl-diskless-sync-delay", "0",
                    "--replicaof", "127.0.0.1", Integer.toString(master.port())));
            // a replica already in sync shows in the Sentinels' first INFO of the master (else they find it 10 s later)
            Polling.until("the replica is in sync", SETTLING, () -> {
                try {
                    return info(data.get(1).port()).contains("master_link_status:up");
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            for (int i = 0; i < 3; i++) {
                Path conf = Files.createTempFile(Path.of("target"), "sentinel-", ".conf"); // Sentinel rewrites it
                configs.add(conf);
                sentinels.add(new OwnRedisServer(bin, List.of(conf.toAbsolutePath().toString(), "--sentinel"),
                        "--sentinel", "monitor", MASTER, "127.0.0.1", Integer.toString(master.port()), "2",
                        "--sentinel", "down-after-milliseconds", MASTER, "2000",
                        "--sentinel", "failover-timeout", MASTER, "10000"));
            }
            awaitSettled(master.port());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String uri() {
        return "redis-sentinel://" + sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","))
                + "/0?sentinelMasterId=" + MASTER;
    }

    /** The port of the master the Sentinels name now. */
    int masterPort() {
        return withSentinel(0, c -> ((java.net.InetSocketAddress) c.sync().getMasterAddrByName(MASTER)).getPort());
    }

    /** The data server on {@code port}. */
    OwnRedisServer server(int port) {
        return data.stream().filter(s -> s.port() == port).findFirst().orElseThrow();
    }

    /** {@code SENTINEL FAILOVER}: the Sentinels promote the replica and demote the master. */
    void failover() {
        withSentinel(0, c -> c.sync().failover(MASTER));
    }

    /** SIGKILL of the data server on {@code port}: no shutdown, no goodbye to its replica or the Sentinels. */
    void kill(int port) throws InterruptedException {
        server(port).kill();
    }

    /**
     * Waits until every Sentinel names one master other than {@code oldMaster} (the Sentinels promoted the
     * replica and told each other) and returns its port.
     */
    int awaitPromotion(int oldMaster, Duration bound) {
        int[] named = new int[1];
        Polling.until("every Sentinel names a master other than " + oldMaster, bound, () -> {
            try {
                int first = -1;
                for (int i = 0; i < sentinels.size(); i++) {
                    int port = withSentinel(i, c -> ((java.net.InetSocketAddress) c.sync().getMasterAddrByName(MASTER)).getPort());
                    if (port == oldMaster || (first != -1 && port != first)) {
                        return false;
                    }
                    first = port;
                }
                named[0] = first;
                return true;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        return named[0];
    }

    /**
     * Restarts the killed server on {@code port} (as a supervisor would) and makes it a replica of
     * {@code masterPort}: what the Sentinels do themselves ({@code +convert-to-slave}) once they have seen the
     * old master back for 8 s and read its INFO, which takes 10–20 s; done here at once to keep the test short.
     * Call it only once every Sentinel names the new master, so no client is sent to the restarted, empty node.
     */
    void rejoin(int port, int masterPort) throws IOException {
        OwnRedisServer s = server(port);
        s.start();
        // a server that was a replica before keeps the RDB file of its last full sync and loads it at start
        // (LOADING): REPLICAOF is refused until it has
        Polling.until("the restarted server accepts REPLICAOF", SETTLING, () -> {
            try {
                // "OK", or "OK Already connected to specified master" for the former replica, whose command line says so
                return s.withConnection(c -> c.sync().replicaof("127.0.0.1", masterPort)).startsWith("OK");
            } catch (io.lettuce.core.RedisLoadingException notYet) {
                return false;
            }
        });
    }

    /**
     * Waits until every Sentinel names {@code masterPort}, knows the other data server as its replica and
     * sees its link up, and the master has its replica: ready for the next failover.
     */
    void awaitSettled(int masterPort) {
        int replicaPort = data.stream().mapToInt(OwnRedisServer::port).filter(p -> p != masterPort).findFirst().orElseThrow();
        Polling.until("the Sentinels name " + masterPort + " with replica " + replicaPort, SETTLING, () -> {
            try {
                for (int i = 0; i < sentinels.size(); i++) {
                    boolean ok = withSentinel(i, c -> {
                        Map<String, String> m = c.sync().master(MASTER);
                        List<Map<String, String>> replicas = c.sync().replicas(MASTER);
                        return m.get("port").equals(Integer.toString(masterPort)) && m.get("flags").equals("master")
                                && m.get("num-other-sentinels").equals("2")
                                && replicas.stream().anyMatch(r -> r.get("port").equals(Integer.toString(replicaPort))
                                        && r.get("flags").equals("slave") && "ok".equals(r.get("master-link-status")));
                    });
                    if (!ok) {
                        return false;
                    }
                }
                return info(masterPort).contains("connected_slaves:1");
            } catch (RuntimeException notYet) {
                return false;
            }
        });
    }

    private String info(int port) {
        return server(port).withConnection(c -> c.sync().info("replication"));
    }

    private <T> T withSentinel(int i, java.util.function.Function<StatefulRedisSentinelConnection<String, String>, T> f) {
        return sentinels.get(i).withSentinelConnection(f);
    }

    @Override
    public void close() {
        List<OwnRedisServer> all = new ArrayList<>(sentinels);
        all.addAll(data);
        for (OwnRedisServer s : all) {
            try {
                s.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path c : configs) {
            try {
                Files.deleteIfExists(c);
            } catch (IOException ignored) {
                // a leftover file under target/ is harmless
            }
        }
    }
}
