package dev.reactivekv.tck;

import java.util.List;

import dev.reactivekv.Capability;
import dev.reactivekv.error.DeserializationException;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corrupt stored entry is reported, never hidden: garbage written straight to the backend under a
 * real key fails reads of that key with {@link DeserializationException}, while scans still list it,
 * delete removes it and every other key reads as before.
 */
public interface CorruptEntryContract extends StoreContract {

    /** Writes bytes that are not an entry straight to the backend, under the key the store would use. */
    void writeCorrupt(String collection, String key);

    private void corruptBesideAGoodKey() {
        store().put(collection(), "good", value("fine"), null).block(patience());
        writeCorrupt(collection(), "bad");
    }

    @Test
    default void getTtlAndBulkReadsOfACorruptEntryFailWithDeserializationException() {
        corruptBesideAGoodKey();
        StepVerifier.create(store().get(collection(), "bad")).expectError(DeserializationException.class).verify(patience());
        StepVerifier.create(store().ttl(collection(), "bad")).expectError(DeserializationException.class).verify(patience());
        StepVerifier.create(store().getMany(collection(), List.of("good", "bad")))
                .expectError(DeserializationException.class).verify(patience());
        StepVerifier.create(store().ttlMany(collection(), List.of("bad", "good")))
                .expectError(DeserializationException.class).verify(patience());
    }

    @Test
    default void aCorruptEntryIsStillListedAndCanBeDeleted() {
        corruptBesideAGoodKey();
        if (store().capabilities().contains(Capability.SCAN)) {
            assertThat(distinctListed(store().keys(collection()).collectList().block(patience()))).containsExactlyInAnyOrder("bad", "good");
        }
        assertThat(store().delete(collection(), "bad").block(patience())).isTrue();
        StepVerifier.create(store().get(collection(), "bad")).verifyComplete();
        assertThat(store().get(collection(), "good").block(patience())).isEqualTo(value("fine"));
    }
}
