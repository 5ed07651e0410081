package dev.reactivekv.mongodb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reactivekv.Capability;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.error.UnsupportedCapabilityException;
import dev.reactivekv.tck.Polling;
import de.bwaldvogel.mongo.MongoServer;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration, servers without change streams, a dead server, and a watch across a server restart. */
class MongoStoreSetupTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aServerWithoutChangeStreamsDeclaresNoWatchAndSaysWhy() {
        MongoServer plain = TestMongo.server(false, 0);
        try (KeyValueStore s = MongoStore.builder("mongodb://127.0.0.1:" + ((InetSocketAddress) plain.getLocalAddress()).getPort()).build()) {
            assertThat(s.capabilities()).contains(Capability.SCAN, Capability.CONDITIONAL_WRITES)
                    .doesNotContain(Capability.WATCH, Capability.CROSS_PROCESS_WATCH);
            StepVerifier.create(s.watch("c"))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(UnsupportedCapabilityException.class)
                            .hasMessageContaining("change streams"))
                    .verify(WAIT);
            s.put("c", "k", Map.of("v", 1), null).block(WAIT);
            assertThat(s.get("c", "k").block(WAIT)).isEqualTo(Map.of("v", 1));
        } finally {
            plain.shutdownNow();
        }
    }

    @Test
    void theOplogServerOffersChangeStreams() {
        try (KeyValueStore s = MongoStore.builder(TestMongo.uri()).build()) {
            assertThat(s.capabilities()).contains(Capability.WATCH, Capability.CROSS_PROCESS_WATCH, Capability.ORDERED_SCAN);
        }
    }

    @Test
    void badOptionsAreSetupErrors() {
        String base = TestMongo.uri() + "/?";
        assertThatThrownBy(() -> MongoStore.builder(base + "sanitization=bogus")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("sanitization");
        assertThatThrownBy(() -> MongoStore.builder(base + "timeout=0s")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> MongoStore.builder(base + "database=a.b")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> MongoStore.builder(base + "changeStreams=maybe")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> MongoStore.builder("mongodb://h:notaport")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> MongoStore.builder("redis://127.0.0.1")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> MongoStore.builder().build()).isInstanceOf(StoreSetupException.class);
    }

    @Test
    void driverOptionsPassThroughAndStoreOptionsDoNot() {
        MongoUris.Parsed p = MongoUris.parse("mongodb://u:p@h1:1,h2:2/admin?replicaSet=rs0&database=kv&tls=true&timeout=2s");
        assertThat(p.connectionString().getHosts()).containsExactly("h1:1", "h2:2");
        assertThat(p.connectionString().getRequiredReplicaSetName()).isEqualTo("rs0");
        assertThat(p.connectionString().getSslEnabled()).isTrue();
        assertThat(p.connectionString().getDatabase()).isEqualTo("admin");
        assertThat(p.connectionString().getConnectionString()).doesNotContain("database=", "timeout=");
        assertThat(p.options().option("database")).isEqualTo("kv");
    }

    @Test
    void aDeadServerGivesATypedErrorWithinTheTimeout() {
        String dead = "mongodb://127.0.0.1:" + freePort() + "/?timeout=500ms";
        assertThatThrownBy(() -> MongoStore.builder(dead).build()).isInstanceOf(StoreUnavailableException.class);
        try (KeyValueStore s = MongoStore.builder(dead + "&changeStreams=false").build()) {
            StepVerifier.create(s.get("c", "k")).expectError(StoreUnavailableException.class).verify(WAIT);
            StepVerifier.create(s.put("c", "k", Map.of(), null)).expectError(StoreUnavailableException.class).verify(WAIT);
            StepVerifier.create(s.keys("c")).expectError(StoreUnavailableException.class).verify(WAIT);
        }
    }

    @Test
    void closingTheStoreLeavesTheUsersClientOpen() {
        KeyValueStore s = MongoStore.builder().client(TestMongo.client()).build();
        s.close();
        try (KeyValueStore again = MongoStore.builder().client(TestMongo.client()).build()) {
            again.put("client-open", "k", Map.of("v", 1), null).block(WAIT);
            assertThat(again.destroyCollection("client-open").block(WAIT)).isTrue();
        }
    }

    /**
     * The server goes away under an open watch and a new one takes its port: the watch does not fail, it
     * resumes (mongo-java-server accepts any resume token, so what a real server does with a token it
     * lost, RESYNC, is not judged here) and later writes arrive.
     */
    @Test
    void aWatchOutlivesAServerRestart() {
        int port = freePort();
        MongoServer first = TestMongo.server(true, port);
        MongoServer second = null;
        try (KeyValueStore s = MongoStore.builder("mongodb://127.0.0.1:" + port + "/?timeout=1s").build()) {
            CopyOnWriteArrayList<KeyEvent> events = new CopyOnWriteArrayList<>();
            CopyOnWriteArrayList<Throwable> errors = new CopyOnWriteArrayList<>();
            Disposable watch = s.watch("w").subscribe(events::add, errors::add);
            Polling.until("watch live", WAIT, () -> !events.isEmpty());
            s.put("w", "before", Map.of(), null).block(WAIT);
            Polling.until("PUT before", WAIT, () -> events.contains(KeyEvent.put("w", "before")));

            first.shutdownNow();
            second = TestMongo.server(true, port);
            AtomicInteger n = new AtomicInteger();
            Polling.until("a write after the restart is seen", WAIT, () -> {
                s.put("w", "after-" + n.incrementAndGet(), Map.of(), null).onErrorResume(e -> reactor.core.publisher.Mono.empty())
                        .block(WAIT);
                return events.stream().anyMatch(e -> e.key() != null && e.key().startsWith("after-"));
            });
            assertThat(errors).isEmpty();
            watch.dispose();
        } finally {
            first.shutdownNow();
            if (second != null) {
                second.shutdownNow();
            }
        }
    }
}
