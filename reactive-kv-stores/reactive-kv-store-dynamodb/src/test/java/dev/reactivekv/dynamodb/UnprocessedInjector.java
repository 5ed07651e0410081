package dev.reactivekv.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * dynalite never throttles, so it never leaves batch work unprocessed. This SDK interceptor makes the real
 * server's answer say it did: for the next {@code injections} batch responses it moves half of the returned
 * items (BatchGetItem) or half of the sent write requests (BatchWriteItem) into {@code UnprocessedKeys} /
 * {@code UnprocessedItems}, exactly as DynamoDB reports throttled work. The work had in fact been done, so
 * the store's retry is idempotent; what is tested is that the store sends exactly that work again.
 * {@link #always()} reports everything as unprocessed, forever.
 */
final class UnprocessedInjector implements ExecutionInterceptor {

    private final String table;
    private final AtomicInteger injections = new AtomicInteger();
    private volatile boolean always;
    /** Size of every batch request sent (keys or write requests), in order. */
    final List<Integer> getSizes = new CopyOnWriteArrayList<>();
    final List<Integer> writeSizes = new CopyOnWriteArrayList<>();
    /** The keys (sort key values) reported unprocessed, and those the store then asked for again. */
    final List<String> reportedUnprocessed = new CopyOnWriteArrayList<>();
    final List<String> resent = new CopyOnWriteArrayList<>();

    UnprocessedInjector(String table) {
        this.table = table;
    }

    void inject(int responses) {
        injections.set(responses);
    }

    void always() {
        always = true;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof BatchGetItemRequest get) {
            List<Map<String, AttributeValue>> keys = get.requestItems().get(table).keys();
            getSizes.add(keys.size());
            keys.forEach(k -> { if (reportedUnprocessed.contains(k.get("key").s())) { resent.add(k.get("key").s()); } });
        } else if (request instanceof BatchWriteItemRequest write) {
            List<WriteRequest> writes = write.requestItems().get(table);
            writeSizes.add(writes.size());
            writes.forEach(w -> { String k = sortKey(w); if (reportedUnprocessed.contains(k)) { resent.add(k); } });
        }
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        boolean batch = response instanceof BatchGetItemResponse || response instanceof BatchWriteItemResponse;
        if (!batch || !always && injections.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            return response;
        }
        if (response instanceof BatchGetItemResponse get && get.responses().containsKey(table)) {
            List<Map<String, AttributeValue>> items = get.responses().get(table);
            int keep = always ? 0 : items.size() / 2;
            List<Map<String, AttributeValue>> moved = items.subList(keep, items.size());
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (Map<String, AttributeValue> item : moved) {
                keys.add(Map.of("collection", item.get("collection"), "key", item.get("key")));
                reportedUnprocessed.add(item.get("key").s());
            }
            return get.toBuilder().responses(Map.of(table, items.subList(0, keep)))
                    .unprocessedKeys(keys.isEmpty() ? Map.of()
                            : Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build()))
                    .build();
        }
        if (response instanceof BatchWriteItemResponse write && context.request() instanceof BatchWriteItemRequest sent) {
            List<WriteRequest> writes = sent.requestItems().get(table);
            List<WriteRequest> moved = writes.subList(always ? 0 : writes.size() / 2, writes.size());
            moved.forEach(w -> reportedUnprocessed.add(sortKey(w)));
            return write.toBuilder().unprocessedItems(Map.of(table, List.copyOf(moved))).build();
        }
        return response;
    }

    private static String sortKey(WriteRequest w) {
        return w.putRequest() != null ? w.putRequest().item().get("key").s() : w.deleteRequest().key().get("key").s();
    }
}
