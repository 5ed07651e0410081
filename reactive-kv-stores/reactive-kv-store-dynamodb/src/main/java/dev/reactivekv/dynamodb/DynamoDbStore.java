package dev.reactivekv.dynamodb;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsAsyncClient;

/**
 * A {@link KeyValueStore} on one DynamoDB table through the AWS SDK v2 {@link DynamoDbAsyncClient} (Netty NIO
 * HTTP client), in py-key-value's layout: partition key {@code collection}, sort key {@code key}, the JSON
 * envelope in the string attribute {@code value}, and the expiry in whole epoch seconds in {@code ttl}.
 * A Python {@code DynamoDBStore} and this store can share a table.
 *
 * <pre>{@code
 * KeyValueStore store = DynamoDbStore.builder("dynamodb://kv?region=eu-west-1").build();
 * KeyValueStore local = KeyValueStores.open("dynamodb://kv?endpoint=http://127.0.0.1:8000&accessKeyId=x&secretAccessKey=y");
 * KeyValueStore mine = DynamoDbStore.builder().client(myClient).table("kv").build(); // client not closed by the store
 * }</pre>
 *
 * <ul>
 *   <li><b>Set-up.</b> {@link Builder#build()} does no I/O. The first operation describes the table and, when it
 *       is missing, creates it ({@code PAY_PER_REQUEST}) and waits until it is active, unless
 *       {@link Builder#createTable(boolean) createTable(false)}, in which case operations fail with
 *       {@link StoreSetupException}.</li>
 *   <li><b>Threads.</b> Signals arrive on the SDK's future-completion threads ({@code sdk-async-response-*});
 *       nothing blocks the subscribing thread.</li>
 *   <li><b>Errors.</b> An unreachable endpoint fails with {@link dev.reactivekv.error.StoreUnavailableException}
 *       after the SDK's own retries, a call over {@link Builder#timeout} with
 *       {@link dev.reactivekv.error.StoreTimeoutException}.</li>
 *   <li><b>Cancel.</b> Cancelling an operation cancels the SDK's future, which aborts the HTTP request.</li>
 * </ul>
 *
 * See {@code docs/dynamodb.md} for TTL, scan, batch and conditional-write behaviour.
 */
public final class DynamoDbStore {

    private DynamoDbStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder configured by a {@code dynamodb://TABLE?region=…&endpoint=…&accessKeyId=…&secretAccessKey=…&sessionToken=…&createTable=…&timeout=…}
     * URI (every option optional; unknown options fail with {@link StoreSetupException}).
     */
    public static Builder builder(String uri) {
        StoreUri parsed = StoreUri.parse(uri);
        Builder b = new Builder().options(parsed);
        parsed.checkAllOptionsRead();
        return b;
    }

    /** Configures a store. Not thread-safe. */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        private @Nullable String table;
        private @Nullable String region;
        private @Nullable URI endpoint;
        private @Nullable AwsCredentialsProvider credentials;
        private @Nullable DynamoDbAsyncClient client;
        private boolean createTable = true;
        private boolean streams;
        private @Nullable DynamoDbStreamsAsyncClient streamsClient;
        private Duration timeout = Duration.ofSeconds(10);
        private Consumer<DynamoDbAsyncClientBuilder> customizer = b -> { };

        private Builder() {
        }

        /** The table (required): 3 to 255 characters of {@code a-z A-Z 0-9 _ - .}. */
        public Builder table(String name) {
            this.table = Objects.requireNonNull(name, "table");
            return this;
        }

        /** The AWS region. Default: {@code us-east-1} with an {@link #endpoint}, else the SDK's region chain. */
        public Builder region(String awsRegion) {
            this.region = Objects.requireNonNull(awsRegion, "region");
            return this;
        }

        /** An endpoint to use instead of AWS's (a local DynamoDB-compatible server). */
        public Builder endpoint(URI uri) {
            this.endpoint = Objects.requireNonNull(uri, "endpoint");
            return this;
        }

        /** Credentials. Default: the SDK's default provider chain (environment, system properties, profiles, …). */
        public Builder credentials(AwsCredentialsProvider provider) {
            this.credentials = Objects.requireNonNull(provider, "credentials");
            return this;
        }

        /** Static credentials; {@code sessionToken} may be null. */
        public Builder credentials(String accessKeyId, String secretAccessKey, @Nullable String sessionToken) {
            return credentials(StaticCredentialsProvider.create(sessionToken == null
                    ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
                    : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken)));
        }

        /**
         * Uses the caller's client (its HTTP client, credentials, region, endpoint, retry policy); region,
         * endpoint, credentials, timeout and {@link #configureClient} are then ignored. The store never closes it.
         */
        public Builder client(DynamoDbAsyncClient userClient) {
            this.client = Objects.requireNonNull(userClient, "client");
            return this;
        }

        /** Whether the first operation creates a missing table (default true). */
        public Builder createTable(boolean create) {
            this.createTable = create;
            return this;
        }

        /**
         * Whether the store watches through the table's DynamoDB Stream (default false). When true the store
         * declares {@code WATCH} and {@code CROSS_PROCESS_WATCH}; a table it creates gets a
         * {@code NEW_AND_OLD_IMAGES} stream, and an existing table must already have one, or the first
         * operation fails with {@link StoreSetupException} (as it does on endpoints without Streams, such as
         * dynalite). See {@code docs/dynamodb.md} for what the watch reports and what was not tested.
         */
        public Builder streams(boolean watchThroughStreams) {
            this.streams = watchThroughStreams;
            return this;
        }

        /** The Streams client to use with {@link #client(DynamoDbAsyncClient)}; implies {@code streams(true)}. Never closed by the store. */
        public Builder streamsClient(DynamoDbStreamsAsyncClient userClient) {
            this.streamsClient = Objects.requireNonNull(userClient, "streamsClient");
            this.streams = true;
            return this;
        }

        /** Time limit of one operation's SDK call, retries included (default 10 s), on clients the store builds. */
        public Builder timeout(Duration apiCallTimeout) {
            if (apiCallTimeout.isZero() || apiCallTimeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, got " + apiCallTimeout);
            }
            this.timeout = apiCallTimeout;
            return this;
        }

        /**
         * Last say over the client the store builds (interceptors, retry strategy, metrics publishers). To keep
         * the store's timeout and retry mode, extend {@code builder.overrideConfiguration().toBuilder()}.
         */
        public Builder configureClient(Consumer<DynamoDbAsyncClientBuilder> configurer) {
            this.customizer = Objects.requireNonNull(configurer, "configureClient");
            return this;
        }

        /** Reads the shared options and {@code region, endpoint, accessKeyId, secretAccessKey, sessionToken, createTable, streams, timeout}. */
        @Override
        public Builder options(StoreUri uri) {
            super.options(uri);
            if (!uri.scheme().equals("dynamodb")) {
                throw new StoreSetupException("Not a dynamodb: URI: " + StoreUri.redact(uri.uri().toString()));
            }
            String name = uri.authority() != null && !uri.authority().isEmpty() ? uri.authority() : uri.path().replaceFirst("^/+", "");
            if (!name.isEmpty()) {
                table(name);
            }
            String r = uri.option("region");
            if (r != null) {
                region(r);
            }
            String e = uri.option("endpoint");
            if (e != null) {
                try {
                    endpoint(new URI(e));
                } catch (URISyntaxException ex) {
                    throw new StoreSetupException("Option endpoint=" + e + " is not a URI", ex);
                }
            }
            String id = uri.option("accessKeyId");
            String secret = uri.option("secretAccessKey");
            String token = uri.option("sessionToken");
            if ((id == null) != (secret == null)) {
                throw new StoreSetupException("Options accessKeyId and secretAccessKey go together in "
                        + StoreUri.redact(uri.uri().toString()));
            }
            if (id != null) {
                credentials(id, secret, token);
            } else if (token != null) {
                throw new StoreSetupException("Option sessionToken needs accessKeyId and secretAccessKey");
            }
            createTable(uri.booleanOption("createTable", createTable));
            streams(uri.booleanOption("streams", streams));
            timeout(uri.durationOption("timeout", timeout));
            return this;
        }

        /**
         * Returns the store. Does no I/O: the table is checked (and created) by the first operation.
         *
         * @throws StoreSetupException when the table name is missing or invalid, or the SDK refuses the configuration
         */
        @Override
        public KeyValueStore build() {
            if (table == null) {
                throw new StoreSetupException("DynamoDbStore needs a table: builder().table(name) or dynamodb://TABLE");
            }
            if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
                throw new StoreSetupException("Invalid DynamoDB table name '" + table
                        + "': 3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'");
            }
            if (client != null) {
                if (streams && streamsClient == null) {
                    throw new StoreSetupException("streams(true) with your own client(...) needs your streamsClient(...) too");
                }
                return new DynamoKeyValueStore(storeOptions(), client, table, false, createTable, streamsClient, false);
            }
            try {
                DynamoDbStreamsAsyncClient ownStreams = streamsClient != null || !streams ? streamsClient : newStreamsClient();
                return new DynamoKeyValueStore(storeOptions(), newClient(), table, true, createTable, ownStreams,
                        streamsClient == null);
            } catch (SdkException | IllegalArgumentException | NullPointerException e) {
                throw new StoreSetupException("Cannot configure the DynamoDB client: " + e.getMessage(), e);
            }
        }

        private DynamoDbStreamsAsyncClient newStreamsClient() {
            return configured(DynamoDbStreamsAsyncClient.builder()).build();
        }

        private DynamoDbAsyncClient newClient() {
            DynamoDbAsyncClientBuilder b = configured(DynamoDbAsyncClient.builder());
            customizer.accept(b);
            return b.build();
        }

        /** What both clients share: endpoint, region, credentials, timeout, retry mode and the Netty HTTP client. */
        private <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configured(B b) {
            b.httpClientBuilder(NettyNioAsyncHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    // SDK 2.57.8 on Netty 4.1.138 now and then loses the failure of a refused
                    // connection and leaves the attempt waiting for its pooled connection: bound that
                    // wait (default 10 s, longer than the call's own default timeout) so the call fails
                    // as unavailable instead of timing out
                    .connectionAcquisitionTimeout(Duration.ofSeconds(5)));
            b.overrideConfiguration(o -> o.apiCallTimeout(timeout)
                    // 3 attempts with backoff, AWS's recommended mode: the legacy DynamoDB default of
                    // 9 attempts spends 6 s on a refused connection before reporting it
                    .retryStrategy(RetryMode.STANDARD));
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            if (region != null) {
                b.region(Region.of(region));
            } else if (endpoint != null) {
                b.region(Region.US_EAST_1); // only the signature scope of a local endpoint
            }
            if (credentials != null) {
                b.credentialsProvider(credentials);
            }
            return b;
        }
    }
}
