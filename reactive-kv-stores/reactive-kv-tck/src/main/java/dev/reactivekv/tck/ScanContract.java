package dev.reactivekv.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.reactivekv.error.InvalidCursorException;
import dev.reactivekv.KeyPage;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.spi.ScanStatistics;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.test.StepVerifier;

import static dev.reactivekv.tck.StoreContract.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Key and collection scans: complete, duplicate-free (see {@link #listingMayRepeatKeys()}), filtered, paged by demand, stopped by cancel. Mandatory. */
public interface ScanContract extends StoreContract {

    /** How many keys the demand test writes; py-key-value never scans past one page, we prove 100,000. */
    default int largeScanSize() {
        return 100_000;
    }

    private List<String> fill(String collection, String prefix, int n) {
        List<String> keys = new ArrayList<>();
        Map<String, Map<String, Object>> batch = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String k = prefix + String.format("%06d", i);
            keys.add(k);
            batch.put(k, value("v"));
            if (batch.size() == 1000) {
                store().putMany(collection, batch, null).block(patience());
                batch = new LinkedHashMap<>();
            }
        }
        store().putMany(collection, batch, null).block(patience());
        return keys;
    }

    @Test
    default void keysOfAnEmptyCollectionIsEmpty() {
        StepVerifier.create(store().keys(collection())).verifyComplete();
    }

    @Test
    default void keysEmitsEveryKeyExactlyOnceAcrossPages() {
        List<String> keys = fill(collection(), "k", 250);
        List<String> seen = store().keys(collection(), ScanOptions.all().withPageSize(7)).collectList().block(patience());
        assertThat(distinctListed(seen)).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    default void keysSkipsDeletedAndExpiredKeysAndOtherCollections() {
        fill(collection(), "k", 5);
        store().put(otherCollection(), "elsewhere", value("v"), null).block(patience());
        store().delete(collection(), "k000001").block(patience());
        store().put(collection(), "gone", value("v"), Duration.ofMillis(200)).block(patience());
        Polling.until("200 ms entry expires", patience(), () -> store().get(collection(), "gone").block(patience()) == null);
        Polling.until("expired key leaves the scan", patience(),
                () -> !store().keys(collection()).collectList().block(patience()).contains("gone"));
        assertThat(distinctListed(store().keys(collection()).collectList().block(patience())))
                .containsExactlyInAnyOrder("k000000", "k000002", "k000003", "k000004");
    }

    @Test
    default void prefixFiltersKeys() {
        fill(collection(), "user:", 30);
        fill(collection(), "order:", 20);
        store().put(collection(), "user", value("exact prefix text is not a match of user:"), null).block(patience());
        List<String> users = distinctListed(store().keys(collection(), ScanOptions.prefix("user:").withPageSize(8))
                .collectList().block(patience()));
        assertThat(users).hasSize(30).allMatch(k -> k.startsWith("user:"));
    }

    @Test
    default void prefixWithGlobAndRegexCharactersIsLiteral() {
        store().put(collection(), "a*b", value("v"), null).block(patience());
        store().put(collection(), "a?b", value("v"), null).block(patience());
        store().put(collection(), "a[b]", value("v"), null).block(patience());
        store().put(collection(), "axb", value("v"), null).block(patience());
        store().put(collection(), "a.b", value("v"), null).block(patience());
        assertThat(store().keys(collection(), ScanOptions.prefix("a*")).collectList().block(patience())).containsExactly("a*b");
        assertThat(store().keys(collection(), ScanOptions.prefix("a?")).collectList().block(patience())).containsExactly("a?b");
        assertThat(store().keys(collection(), ScanOptions.prefix("a[")).collectList().block(patience())).containsExactly("a[b]");
        assertThat(store().keys(collection(), ScanOptions.prefix("a.")).collectList().block(patience())).containsExactly("a.b");
    }

    @Test
    default void keyPagesResumeFromTheirCursor() {
        List<String> keys = fill(collection(), "k", 95);
        List<String> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            KeyPage page = store().keyPage(collection(), ScanOptions.all().withPageSize(10).withCursor(cursor)).block(patience());
            assertThat(page.keys().size()).isLessThanOrEqualTo(10);
            all.addAll(page.keys());
            cursor = page.nextCursor();
            assertThat(++pages).as("pages for 95 keys of 10").isLessThan(200);
        } while (cursor != null);
        assertThat(distinctListed(all)).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    default void aForeignCursorIsRejected() {
        StepVerifier.create(store().keyPage(collection(), ScanOptions.all().withCursor("not-a-cursor\u0000!")))
                .expectError(InvalidCursorException.class).verify();
    }

    @Test
    default void pageSizeMustBeSensible() {
        StepVerifier.create(store().keyPage(collection(), ScanOptions.all().withPageSize(0)))
                .expectError(InvalidCursorException.class).verify();
        StepVerifier.create(store().keys(collection(), ScanOptions.all().withPageSize(ScanOptions.MAX_PAGE_SIZE + 1)))
                .expectError(InvalidCursorException.class).verify();
    }

    @Test
    default void aSlowConsumerNeverMakesTheStoreFetchMoreThanOnePageAhead() throws Exception {
        int total = largeScanSize();
        int pageSize = 100;
        fill(collection(), "k", total);
        ScanStatistics before = scanStatistics();
        AtomicLong delivered = new AtomicLong();
        AtomicLong worstLead = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        store().keys(collection(), ScanOptions.all().withPageSize(pageSize)).subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                request(10);
            }

            @Override
            protected void hookOnNext(String key) {
                long n = delivered.incrementAndGet();
                long fetched = scanStatistics().keys() - before.keys();
                worstLead.accumulateAndGet(fetched - n, Math::max);
                if (n % 10 == 0) {
                    request(10);
                }
            }

            @Override
            protected void hookOnComplete() {
                done.complete(delivered.get());
            }

            @Override
            protected void hookOnError(Throwable t) {
                done.completeExceptionally(t);
            }
        });
        assertListedCount(done.get(4, TimeUnit.MINUTES), total);
        assertThat(worstLead.get()).as("keys fetched beyond those delivered").isLessThanOrEqualTo(pageSize);
    }

    @Test
    default void withoutDemandTheBackendReceivesNoScanRequest() throws Exception {
        fill(collection(), "k", 1_000);
        AtomicLong delivered = new AtomicLong();
        CompletableFuture<Long> done = new CompletableFuture<>();
        BaseSubscriber<String> consumer = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                request(150);
            }

            @Override
            protected void hookOnNext(String key) {
                delivered.incrementAndGet();
            }

            @Override
            protected void hookOnComplete() {
                done.complete(delivered.get());
            }

            @Override
            protected void hookOnError(Throwable t) {
                done.completeExceptionally(t);
            }
        };
        long before = backendScanRequests();
        store().keys(collection(), ScanOptions.all().withPageSize(100)).subscribe(consumer);
        Polling.until("150 keys delivered", patience(), () -> delivered.get() == 150 || done.isDone());
        assertThat(done).isNotDone();
        long idle = backendScanRequests();
        assertThat(idle).as("backend scan requests for 150 keys").isGreaterThan(before);
        for (int i = 0; i < 3; i++) { // later round trips give a stray request time to reach the backend
            store().exists(collection(), "k000000").block(patience());
        }
        assertThat(backendScanRequests()).as("backend scan requests while nothing is demanded").isEqualTo(idle);
        consumer.request(Long.MAX_VALUE);
        assertListedCount(done.get(patience().toSeconds(), TimeUnit.SECONDS), 1_000L);
        assertThat(backendScanRequests()).isGreaterThan(idle);
    }

    /**
     * A cancelled scan sends the backend no further request: neither while it is being cancelled (a
     * store that reads on to the end on cancel asks as often as a whole scan) nor afterwards.
     */
    @Test
    default void cancellingAScanStopsBackendRequests() {
        fill(collection(), "k", 1_000);
        long start = backendScanRequests();
        List<String> all = store().keys(collection(), ScanOptions.all().withPageSize(20)).collectList().block(patience());
        assertThat(distinctListed(all)).hasSize(1_000);
        long whole = backendScanRequests() - start;
        long before = backendScanRequests();
        StepVerifier.create(store().keys(collection(), ScanOptions.all().withPageSize(20)).take(25))
                .expectNextCount(25).verifyComplete();
        long after = backendScanRequests();
        assertThat(after - before).as("backend scan requests for 25 of 1,000 keys, 20 a page (%d for all of them)", whole)
                .isPositive().isLessThan(whole);
        for (int i = 0; i < 3; i++) { // later round trips give a stray request time to reach the backend
            store().exists(collection(), "k000000").block(patience());
        }
        assertThat(backendScanRequests()).as("backend scan requests after cancel").isEqualTo(after);
    }

    @Test
    default void cancellingAScanStopsFetching() {
        fill(collection(), "k", 300);
        ScanStatistics before = scanStatistics();
        StepVerifier.create(store().keys(collection(), ScanOptions.all().withPageSize(20)).take(25))
                .expectNextCount(25).verifyComplete();
        long pages = scanStatistics().pages() - before.pages();
        assertThat(pages).as("pages fetched for 25 keys of 20 per page").isBetween(2L, 3L);
        store().get(collection(), "k000000").block(patience()); // a later round trip gives a stray fetch time to show up
        assertThat(scanStatistics().pages() - before.pages()).isEqualTo(pages);
    }

    @Test
    default void collectionsListsCollectionsWithEntries() {
        store().put(collection(), "a", value("v"), null).block(patience());
        store().put(otherCollection(), "a", value("v"), null).block(patience());
        List<String> names = store().collections().collectList().block(patience());
        assertThat(names).contains(collection(), otherCollection());
        assertThat(new HashSet<>(names)).hasSize(names.size());
        store().destroyCollection(otherCollection()).block(patience());
        assertThat(store().collections().collectList().block(patience())).contains(collection()).doesNotContain(otherCollection());
    }
}
