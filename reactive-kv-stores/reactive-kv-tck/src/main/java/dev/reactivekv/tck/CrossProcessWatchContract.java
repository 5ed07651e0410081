package dev.reactivekv.tck;

import java.util.Map;

import dev.reactivekv.KeyEvent;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;

/**
 * Stores with {@link dev.reactivekv.Capability#CROSS_PROCESS_WATCH}: a write made by another
 * client of the backend (raw driver, in the stored format) appears on the watch.
 */
public interface CrossProcessWatchContract extends WatchContract {

    /** Writes the entry with a client that is not this store (e.g. the raw driver). Blocking is fine. */
    void writeFromOutside(String collection, String key, Map<String, Object> value);

    /** Deletes the entry with a client that is not this store. */
    void deleteFromOutside(String collection, String key);

    @Test
    default void writesByAnotherClientAreSeen() {
        StepVerifier.create(store().watch(collection()))
                .expectNextMatches(WatchContract::isResync)
                .then(() -> writeFromOutside(collection(), "outside", value("v")))
                .expectNext(KeyEvent.put(collection(), "outside"))
                .then(() -> deleteFromOutside(collection(), "outside"))
                .expectNext(KeyEvent.delete(collection(), "outside"))
                .thenCancel()
                .verify(patience());
        StepVerifier.create(store().get(collection(), "outside")).verifyComplete();
    }
}
