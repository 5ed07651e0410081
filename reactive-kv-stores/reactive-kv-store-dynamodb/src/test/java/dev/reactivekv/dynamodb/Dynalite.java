package dev.reactivekv.dynamodb;

import java.net.URI;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * The dynalite server {@code scripts/servers start} runs on loopback ({@code RKV_DYNAMODB_PORT}, default 18000),
 * and raw SDK clients for it. dynalite checks SigV4 signatures like DynamoDB does, so the real SDK signs with
 * static test credentials.
 */
final class Dynalite {

    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "test";
    static final String SECRET = "test-secret";

    private Dynalite() {
    }

    static int port() {
        String v = System.getenv("RKV_DYNAMODB_PORT");
        return Integer.parseInt(v == null || v.isBlank() ? "18000" : v);
    }

    static URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The URI of a store on table {@code table} of the test server. */
    static String uri(String table) {
        return "dynamodb://" + table + "?region=" + REGION + "&endpoint=" + endpoint()
                + "&accessKeyId=" + ACCESS_KEY + "&secretAccessKey=" + SECRET;
    }

    /** A store builder for the test server. */
    static DynamoDbStore.Builder store(String table, ExecutionInterceptor... interceptors) {
        return DynamoDbStore.builder().table(table).endpoint(endpoint()).region(REGION)
                .credentials(ACCESS_KEY, SECRET, null)
                .configureClient(b -> b.overrideConfiguration(b.overrideConfiguration().toBuilder()
                        .executionInterceptors(List.of(interceptors)).build()));
    }

    /** A plain SDK client of the test's own, for reading and writing items behind the store's back. */
    static DynamoDbAsyncClient rawClient() {
        return DynamoDbAsyncClient.builder()
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
                .build();
    }
}
