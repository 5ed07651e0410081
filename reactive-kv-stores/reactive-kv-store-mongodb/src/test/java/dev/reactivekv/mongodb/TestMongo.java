package dev.reactivekv.mongodb;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.BsonDocument;

/**
 * The MongoDB wire-protocol server of this test JVM (mongo-java-server, memory backend, oplog on for
 * change streams), started once on an ephemeral loopback port, and one client on it whose command
 * listener counts the scan requests the server receives.
 */
final class TestMongo {

    private static final MongoServer SERVER = start();
    private static final ScanCounter SCANS = new ScanCounter();
    private static final MongoClient CLIENT = MongoClients.create(MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString(uri()))
            .addCommandListener(SCANS)
            .applyToSocketSettings(b -> b.readTimeout(30, java.util.concurrent.TimeUnit.SECONDS))
            .applyToClusterSettings(b -> b.serverSelectionTimeout(10, java.util.concurrent.TimeUnit.SECONDS))
            .build());

    private TestMongo() {
    }

    /** A fresh server on its own loopback port; {@code oplog} enables change streams. The caller shuts it down. */
    static MongoServer server(boolean oplog, int port) {
        MongoServer server = new MongoServer(new MemoryBackend());
        if (oplog) {
            server.enableOplog();
        }
        server.bind("127.0.0.1", port);
        return server;
    }

    private static MongoServer start() {
        MongoServer server = server(true, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "mongo-java-server-stop"));
        return server;
    }

    static int port() {
        return ((InetSocketAddress) SERVER.getLocalAddress()).getPort();
    }

    static String uri() {
        return "mongodb://127.0.0.1:" + port();
    }

    /** The shared client (never closed by stores, which is the point of passing it). */
    static MongoClient client() {
        return CLIENT;
    }

    /** {@code find} commands with a sort (scan pages; point reads have none) and {@code getMore}s on their cursors. */
    static long scanRequests() {
        return SCANS.requests.get();
    }

    private static final class ScanCounter implements CommandListener {
        final AtomicLong requests = new AtomicLong();
        final Set<Long> scanRequestIds = ConcurrentHashMap.newKeySet();
        final Set<Long> scanCursors = ConcurrentHashMap.newKeySet();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            BsonDocument command = event.getCommand();
            if (event.getCommandName().equals("find") && command.containsKey("sort")) {
                requests.incrementAndGet();
                scanRequestIds.add((long) event.getRequestId());
            } else if (event.getCommandName().equals("getMore") && scanCursors.contains(command.getNumber("getMore").longValue())) {
                requests.incrementAndGet();
            }
        }

        @Override
        public void commandSucceeded(CommandSucceededEvent event) {
            if (scanRequestIds.remove((long) event.getRequestId())) {
                long id = event.getResponse().getDocument("cursor").getNumber("id").longValue();
                if (id != 0) {
                    scanCursors.add(id);
                }
            }
        }
    }
}
