package dev.reactivekv.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivekv.error.StoreUnavailableException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB's native batches: {@code BatchGetItem} in chunks of 100 keys and {@code BatchWriteItem} in
 * chunks of 25 requests (the service's limits), a few chunks in flight at once. Keys or items the service
 * leaves unprocessed (throttling, the 16 MB response limit) are sent again, and only those, after an
 * exponential backoff with jitter; when they are still unprocessed after {@link #ATTEMPTS} attempts the
 * batch fails with {@link StoreUnavailableException}. Signals arrive on the SDK's completion threads.
 */
final class Batches {

    static final int GET_CHUNK = 100;
    static final int WRITE_CHUNK = 25;
    static final int ATTEMPTS = 10;
    private static final int CHUNKS_IN_FLIGHT = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(25);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final DynamoDbAsyncClient client;
    private final String table;

    Batches(DynamoDbAsyncClient client, String table) {
        this.client = client;
        this.table = table;
    }

    /** Every item found among the keys (consistent reads), in no particular order. */
    Flux<Map<String, AttributeValue>> get(List<Map<String, AttributeValue>> keys) {
        return Flux.fromIterable(chunks(keys, GET_CHUNK))
                .flatMap(this::getChunk, CHUNKS_IN_FLIGHT)
                .flatMapIterable(items -> items);
    }

    Mono<Void> put(List<Map<String, AttributeValue>> items) {
        List<WriteRequest> writes = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        return write(writes);
    }

    Mono<Void> delete(List<Map<String, AttributeValue>> keys) {
        List<WriteRequest> writes = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> key : keys) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
        }
        return write(writes);
    }

    private Mono<Void> write(List<WriteRequest> writes) {
        return Flux.fromIterable(chunks(writes, WRITE_CHUNK))
                .flatMap(this::writeChunk, CHUNKS_IN_FLIGHT)
                .then();
    }

    private Mono<List<Map<String, AttributeValue>>> getChunk(List<Map<String, AttributeValue>> keys) {
        return Mono.defer(() -> {
            AtomicReference<KeysAndAttributes> pending = new AtomicReference<>(
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            List<Map<String, AttributeValue>> found = new ArrayList<>(keys.size());
            return Mono.fromFuture(() -> client.batchGetItem(b -> b.requestItems(Map.of(table, pending.get()))))
                    .flatMap(response -> {
                        found.addAll(response.responses().getOrDefault(table, List.of()));
                        KeysAndAttributes rest = response.unprocessedKeys().get(table);
                        if (rest == null || rest.keys().isEmpty()) {
                            return Mono.just(found);
                        }
                        pending.set(rest);
                        return Mono.error(new Unprocessed(rest.keys().size(), "keys"));
                    })
                    .retryWhen(untilProcessed());
        });
    }

    private Mono<Void> writeChunk(List<WriteRequest> writes) {
        return Mono.defer(() -> {
            AtomicReference<List<WriteRequest>> pending = new AtomicReference<>(writes);
            return Mono.fromFuture(() -> client.batchWriteItem(b -> b.requestItems(Map.of(table, pending.get()))))
                    .flatMap(response -> {
                        List<WriteRequest> rest = response.unprocessedItems().get(table);
                        if (rest == null || rest.isEmpty()) {
                            return Mono.<Void>empty();
                        }
                        pending.set(rest);
                        return Mono.error(new Unprocessed(rest.size(), "items"));
                    })
                    .retryWhen(untilProcessed());
        });
    }

    private static Retry untilProcessed() {
        return Retry.backoff(ATTEMPTS - 1, FIRST_BACKOFF)
                .maxBackoff(MAX_BACKOFF)
                .jitter(0.5)
                .filter(Unprocessed.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> new StoreUnavailableException("DynamoDB left "
                        + signal.failure().getMessage() + " unprocessed after " + ATTEMPTS + " attempts (throttled?)",
                        signal.failure()));
    }

    static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>((all.size() + size - 1) / size);
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }

    /** A batch came back partly unprocessed; only ever seen by the retry above. */
    private static final class Unprocessed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unprocessed(int count, String what) {
            super(count + " " + what, null, false, false);
        }
    }
}
