package dev.reactivekv.bench;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.dynamodb.DynamoDbStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB-compatible server the benchmarks use: dynalite on {@code RKV_DYNAMODB_PORT} (default 18000,
 * started by {@code scripts/servers start}), table {@code RKV_BENCH_DYNAMODB_TABLE} (default
 * {@code rkv_bench}, created by the store's first operation). The store and the raw SDK baseline talk to the
 * same server, each through a {@link DynamoDbAsyncClient} of its own (Netty NIO HTTP client), as a user of
 * either would. dynalite checks SigV4 signatures, so both sign with the same static test credentials.
 */
final class DynamoDbFixture implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "test";
    static final String SECRET = "test-secret";

    final URI endpoint;
    final String table;
    final KeyValueStore store;
    final DynamoDbAsyncClient raw;

    DynamoDbFixture() {
        endpoint = URI.create("http://127.0.0.1:" + env("RKV_DYNAMODB_PORT", "18000"));
        table = env("RKV_BENCH_DYNAMODB_TABLE", "rkv_bench");
        store = DynamoDbStore.builder().table(table).endpoint(endpoint).region(REGION)
                .credentials(ACCESS_KEY, SECRET, null).build();
        raw = DynamoDbAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
                .build();
    }

    /** The item key the store uses for (collection, key): py-key-value's partition key {@code collection}, sort key {@code key}. */
    static Map<String, AttributeValue> key(String collection, String key) {
        Map<String, AttributeValue> m = new HashMap<>(4);
        m.put("collection", AttributeValue.fromS(collection));
        m.put("key", AttributeValue.fromS(key));
        return m;
    }

    /** An item in the store's layout: the key plus the JSON envelope in the string attribute {@code value}. */
    static Map<String, AttributeValue> item(String collection, String key, String envelope) {
        Map<String, AttributeValue> m = key(collection, key);
        m.put("value", AttributeValue.fromS(envelope));
        return m;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @Override
    public void close() {
        store.close();
        raw.close();
    }
}
