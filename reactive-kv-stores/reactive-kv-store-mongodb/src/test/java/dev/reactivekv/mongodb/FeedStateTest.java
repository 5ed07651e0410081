package dev.reactivekv.mongodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.reactivekv.KeyEvent;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How a feed names keys and turns expiries and TTL-monitor deletes into events. */
class FeedStateTest {

    private final FeedState state = new FeedState("c");
    private final List<KeyEvent> out = new ArrayList<>();
    private final Instant t0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void anExpiryIsAnnouncedOnceAndTheTtlMonitorsDeleteIsSwallowed() {
        state.written("k", new BsonString("k"), t0.plusSeconds(1), out::add);
        state.sweep(t0, out::add);
        state.sweep(t0.plusSeconds(1), out::add);
        state.sweep(t0.plusSeconds(2), out::add);
        state.deleted("k", t0.plusSeconds(60), out::add);
        assertThat(out).containsExactly(KeyEvent.put("c", "k"), KeyEvent.expire("c", "k"));
    }

    @Test
    void anOverwriteCancelsTheEarlierExpiry() {
        state.written("k", new BsonString("k"), t0.plusSeconds(1), out::add);
        state.written("k", new BsonString("k"), null, out::add);
        state.sweep(t0.plusSeconds(5), out::add);
        state.deleted("k", t0.plusSeconds(5), out::add);
        assertThat(out).containsExactly(KeyEvent.put("c", "k"), KeyEvent.put("c", "k"), KeyEvent.delete("c", "k"));
    }

    @Test
    void aDeleteOfAnExpiredEntryBeforeTheSweepIsAnExpiry() {
        state.written("k", new BsonString("k"), t0.plusSeconds(1), out::add);
        state.deleted("k", t0.plusSeconds(2), out::add);
        state.sweep(t0.plusSeconds(3), out::add);
        assertThat(out).containsExactly(KeyEvent.put("c", "k"), KeyEvent.expire("c", "k"));
    }

    @Test
    void objectIdsOfDocumentsSeenWrittenNameTheirKeys() {
        BsonObjectId seen = new BsonObjectId(new ObjectId());
        state.written("py", seen, null, out::add);
        assertThat(state.keyOf(seen)).isEqualTo("py");
        assertThat(state.keyOf(new BsonObjectId(new ObjectId()))).isNull();
        assertThat(state.keyOf(new BsonString("ours"))).isEqualTo("ours");
    }
}
