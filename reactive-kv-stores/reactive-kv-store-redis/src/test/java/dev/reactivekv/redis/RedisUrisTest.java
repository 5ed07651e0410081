package dev.reactivekv.redis;

import java.time.Duration;
import java.util.List;

import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.StoreUri;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrisTest {

    private static RedisUris.Parsed parse(String uri) {
        StoreUri parsed = StoreUri.parse(uri);
        RedisUris.Parsed p = RedisUris.parse(parsed);
        parsed.checkAllOptionsRead();
        return p;
    }

    @Test
    void standaloneTlsValkeyAndLettuceOptions() {
        RedisUris.Parsed p = parse("valkeys://user:secret@host:6390/3?clientName=my%20app&verifyPeer=ca");
        RedisURI u = p.uris().get(0);
        assertThat(u.isSsl()).isTrue();
        assertThat(u.getHost()).isEqualTo("host");
        assertThat(u.getPort()).isEqualTo(6390);
        assertThat(u.getDatabase()).isEqualTo(3);
        assertThat(u.getUsername()).isEqualTo("user");
        assertThat(u.getClientName()).isEqualTo("my app");
        assertThat(u.getVerifyMode()).isEqualTo(SslVerifyMode.CA);
        assertThat(p.cluster()).isFalse();
        assertThat(parse("valkey://h").uris().get(0).isSsl()).isFalse();
        assertThat(parse("redis://h?db=0").uris().get(0).getDatabase()).isZero();
        assertThat(parse("redis://h?database=5").uris().get(0).getDatabase()).isEqualTo(5);
    }

    @Test
    void clusterForms() {
        RedisUris.Parsed p = parse("redis-cluster://a:1,b:2,c:3");
        assertThat(p.cluster()).isTrue();
        assertThat(p.uris()).extracting(RedisURI::getPort).containsExactly(1, 2, 3);
        assertThat(parse("rediss://a:1?cluster=true").cluster()).isTrue();
        assertThatThrownBy(() -> parse("redis-cluster://a:1/2")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> parse("redis-cluster://a:1?database=1")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> parse("redis://a:1,b:2")).isInstanceOf(StoreSetupException.class);
    }

    @Test
    void sentinel() {
        RedisURI u = parse("redis-sentinel://s1:26379,s2:26379/1?sentinelMasterId=main").uris().get(0);
        assertThat(u.getSentinelMasterId()).isEqualTo("main");
        assertThat(u.getSentinels()).hasSize(2);
        assertThat(u.getDatabase()).isEqualTo(1);
        assertThatThrownBy(() -> parse("redis-sentinel://s1:26379")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("sentinelMasterId");
    }

    @Test
    void badUrisAreSetupErrorsWithoutPasswords() {
        assertThatThrownBy(() -> parse("http://x")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> parse("redis://u:hunter2@a:1,b:2"))
                .isInstanceOf(StoreSetupException.class).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("redis://h?verifyPeer=maybe")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> parse("redis://h?db=-1")).isInstanceOf(StoreSetupException.class);
    }

    @Test
    void theBuilderReadsItsOwnOptionsAndRefusesUnknownOnesByName() {
        RedisStore.builder("redis://h:1/0?timeout=250ms&watchBuffer=7&configureNotifications=false&sweepInterval=1s&threads=2");
        assertThatThrownBy(() -> RedisStore.builder("redis://u:hunter2@h:1?colour=blue&timeout=5s"))
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("colour").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> RedisStore.builder("redis://h:1?timeout=soon")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> RedisStore.builder("redis://h:1?watchBuffer=0")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> RedisStore.builder().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void globAndNotificationFlags() {
        assertThat(RedisKeys.pattern("a*b", "[x]?")).isEqualTo("a\\*b::\\[x\\]\\?*");
        assertThat(KeyspaceWatch.missingFlags("KEA")).isNull();
        assertThat(KeyspaceWatch.missingFlags("")).isEqualTo("Kg$x");
        assertThat(KeyspaceWatch.missingFlags("Kx")).isEqualTo("g$");
        assertThat(List.of(RedisKeyValueStore.px(new dev.reactivekv.spi.StoredEntry(java.util.Map.of(),
                java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusNanos(1000), null)))).containsExactly("1");
    }

    @Test
    void replicasIsACountAndNotForClusters() {
        assertThatThrownBy(() -> RedisStore.builder("redis://127.0.0.1:1?replicas=0")).isInstanceOf(StoreSetupException.class)
                .hasMessageContaining("replicas");
        assertThatThrownBy(() -> RedisStore.builder().replicas(-1)).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> RedisStore.builder("redis-cluster://127.0.0.1:1,127.0.0.1:2?replicas=1").build())
                .isInstanceOf(StoreSetupException.class).hasMessageContaining("Cluster");
    }
}
