package dev.reactivekv.tck;

import java.time.Duration;

import dev.reactivekv.KeyValueStore;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;

/** Stores with {@link dev.reactivekv.Capability#PERSISTENT}: what was written survives closing and reopening. */
public interface PersistenceContract extends StoreContract {

    @Test
    default void dataSurvivesReopening() {
        KeyValueStore first = newStore();
        first.put(collection(), "kept", value("kept"), null).block(patience());
        first.put(collection(), "expiring", value("v"), Duration.ofHours(1)).block(patience());
        first.close();
        KeyValueStore second = newStore();
        try {
            StepVerifier.create(second.get(collection(), "kept")).expectNext(value("kept")).verifyComplete();
            StepVerifier.create(second.ttl(collection(), "expiring"))
                    .expectNextMatches(e -> e.ttl() != null && e.ttl().compareTo(Duration.ofMinutes(59)) > 0)
                    .verifyComplete();
        } finally {
            second.close();
        }
    }
}
