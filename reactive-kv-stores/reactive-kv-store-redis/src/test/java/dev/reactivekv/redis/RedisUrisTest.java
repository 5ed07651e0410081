package dev.reactivekv.redis;

import java.util.List;

import dev.reactivekv.error.StoreSetupException;
import io.lettuce.core.RedisURI;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisUrisTest {

    @Test
    void standaloneTlsValkeyAndOwnOptions() {
        RedisUris.Parsed p = RedisUris.parse("valkeys://user:secret@host:6390/3?timeout=5s&watchBuffer=7");
        RedisURI u = p.uris().get(0);
        assertThat(u.isSsl()).isTrue();
        assertThat(u.getHost()).isEqualTo("host");
        assertThat(u.getPort()).isEqualTo(6390);
        assertThat(u.getDatabase()).isEqualTo(3);
        assertThat(u.getUsername()).isEqualTo("user");
        assertThat(p.cluster()).isFalse();
        assertThat(p.options()).containsEntry("watchBuffer", "7");
        assertThat(RedisUris.parse("valkey://h").uris().get(0).isSsl()).isFalse();
    }

    @Test
    void clusterForms() {
        RedisUris.Parsed p = RedisUris.parse("redis-cluster://a:1,b:2,c:3");
        assertThat(p.cluster()).isTrue();
        assertThat(p.uris()).extracting(RedisURI::getPort).containsExactly(1, 2, 3);
        assertThat(RedisUris.parse("rediss://a:1?cluster=true").cluster()).isTrue();
        assertThatThrownBy(() -> RedisUris.parse("redis-cluster://a:1/2")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> RedisUris.parse("redis://a:1,b:2")).isInstanceOf(StoreSetupException.class);
    }

    @Test
    void sentinelPassesThrough() {
        RedisURI u = RedisUris.parse("redis-sentinel://s1:26379,s2:26379/1?sentinelMasterId=main").uris().get(0);
        assertThat(u.getSentinelMasterId()).isEqualTo("main");
        assertThat(u.getSentinels()).hasSize(2);
    }

    @Test
    void badUrisAreSetupErrorsWithoutPasswords() {
        assertThatThrownBy(() -> RedisUris.parse("http://x")).isInstanceOf(StoreSetupException.class);
        assertThatThrownBy(() -> RedisUris.parse("redis://u:hunter2@a:1,b:2"))
                .isInstanceOf(StoreSetupException.class).hasMessageNotContaining("hunter2");
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
}
