package dev.reactivekv.search;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.codec.SanitizationStrategy;
import dev.reactivekv.codec.SanitizationStrategy.HashFragmentMode;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import dev.reactivekv.spi.AbstractStoreBuilder;
import dev.reactivekv.spi.StoreUri;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A {@link dev.reactivekv.KeyValueStore} on Elasticsearch or OpenSearch over their REST API (Reactor Netty
 * HTTP, non-blocking), in py-key-value's layout: index {@code <prefix>-<sanitized collection>}, document id =
 * sanitized key, the value in {@code value.flattened} (Elasticsearch) or {@code value.flat} (OpenSearch).
 *
 * <pre>{@code
 * KeyValueStore es = SearchStore.builder("elasticsearch+https://elastic:secret@search.example:9200/kv_store").build();
 * KeyValueStore os = SearchStore.builder("opensearch://localhost:9200").build();
 * KeyValueStore mine = SearchStore.builder("elasticsearch://localhost:9200").httpClient(myHttpClient).build();
 * }</pre>
 *
 * <p>Operations emit on Reactor Netty's event-loop threads. Declares SCAN, CONDITIONAL_WRITES and PERSISTENT;
 * no watch (the engines have no change feed) and no native TTL (expired documents are culled by
 * delete-by-query every {@code sweepInterval}, default one minute, and never returned). See {@code docs/elasticsearch.md}.
 */
public final class SearchStore {

    /** URI schemes: plain HTTP and HTTPS for each engine. */
    public static final Set<String> SCHEMES = Set.of("elasticsearch", "elasticsearch+https", "opensearch", "opensearch+https");
    /** py-key-value's default index prefix. */
    public static final String DEFAULT_INDEX_PREFIX = "kv_store";
    private static final int DEFAULT_PORT = 9200;

    private SearchStore() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for a URI of the forms described in {@code docs/elasticsearch.md}. */
    public static Builder builder(String uri) {
        return new Builder().uri(uri);
    }

    /** py-key-value's {@code ElasticsearchV1KeySanitizationStrategy}/{@code OpenSearchV1…}: the SHA-256 of the key, 64 hex digits. */
    public static SanitizationStrategy v1KeySanitization() {
        return SanitizationStrategy.alwaysHash(64);
    }

    /** py-key-value's {@code …V1CollectionSanitizationStrategy}: hybrid, 200 characters, {@code [A-Za-z0-9_.-]}, hash fragment always. */
    public static SanitizationStrategy v1CollectionSanitization() {
        return SanitizationStrategy.hybrid(200, SanitizationStrategy.ALPHANUMERIC + "_-.", '_', HashFragmentMode.ALWAYS, 8);
    }

    /** Configures and connects a store. Not thread-safe; {@link #build()} blocks while it asks the server what it is. */
    public static final class Builder extends AbstractStoreBuilder<Builder> {
        private @Nullable String url;
        private @Nullable HttpClient userClient;
        private String indexPrefix = DEFAULT_INDEX_PREFIX;
        private @Nullable String authorization;
        private Duration timeout = Duration.ofSeconds(10);
        private SanitizationStrategy keys = v1KeySanitization();
        private SanitizationStrategy collections = v1CollectionSanitization();
        private @Nullable File caCert;

        private Builder() {
            // delete-by-query is a cluster-wide job: cull once a minute, not at the embedded stores' 100 ms
            sweepInterval(Duration.ofMinutes(1));
        }

        /** Reads a URI: server, credentials, index prefix (the path) and options; see {@code docs/elasticsearch.md}. */
        public Builder uri(String text) {
            return fromUri(StoreUri.parse(text));
        }

        /** Applies the URI's server, credentials, index prefix and options, then the shared ones. */
        @Override
        public Builder options(StoreUri uri) {
            String text = uri.uri().toString();
            if (!SCHEMES.contains(uri.scheme())) {
                throw new StoreSetupException("Not a search engine URI (" + SCHEMES + "): " + StoreUri.redact(text));
            }
            if (uri.host() == null) {
                throw new StoreSetupException("Search engine URI needs a host: " + StoreUri.redact(text));
            }
            boolean https = uri.scheme().endsWith("+https");
            this.url = (https ? "https://" : "http://") + hostPart(uri.host()) + ":" + uri.port(DEFAULT_PORT);
            String userInfo = uri.uri().getUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                basicAuth(colon < 0 ? userInfo : userInfo.substring(0, colon), colon < 0 ? "" : userInfo.substring(colon + 1));
            }
            String path = uri.path().startsWith("/") ? uri.path().substring(1) : uri.path();
            if (!path.isEmpty()) {
                indexPrefix(path);
            }
            String apiKey = uri.option("apiKey");
            if (apiKey != null) {
                apiKey(apiKey);
            }
            timeout(uri.durationOption("timeout", timeout));
            String sanitize = uri.option("sanitize", "v1");
            switch (sanitize) {
                case "v1" -> {
                    keySanitization(v1KeySanitization());
                    collectionSanitization(v1CollectionSanitization());
                }
                case "none" -> {
                    keySanitization(SanitizationStrategy.passthrough());
                    collectionSanitization(SanitizationStrategy.passthrough());
                }
                default -> throw new StoreSetupException("Option sanitize must be v1 or none, got '" + sanitize + "'");
            }
            String ca = uri.option("caCert");
            if (ca != null) {
                caCert(new File(ca));
            }
            return super.options(uri);
        }

        private static String hostPart(String host) {
            return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        }

        /** Where to connect, {@code http(s)://host:port}, when no URI is given. */
        public Builder url(String baseUrl) {
            URI u = URI.create(Objects.requireNonNull(baseUrl, "url"));
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw new StoreSetupException("url must be http:// or https://, got " + baseUrl);
            }
            this.url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            return this;
        }

        /**
         * Uses the caller's Reactor Netty client (its pool, event loops, TLS, metrics); the store adds base URL,
         * timeout and credentials to it and never disposes its resources.
         */
        public Builder httpClient(HttpClient client) {
            this.userClient = Objects.requireNonNull(client, "httpClient");
            return this;
        }

        /** Index name prefix (lower-cased, as py-key-value does). Default {@value #DEFAULT_INDEX_PREFIX}. */
        public Builder indexPrefix(String prefix) {
            if (prefix.isEmpty() || prefix.startsWith("_") || prefix.startsWith("-") || prefix.startsWith("+")) {
                throw new StoreSetupException("Bad index prefix '" + prefix + "'");
            }
            this.indexPrefix = prefix;
            return this;
        }

        /** HTTP basic authentication (also read from the URI's user info). */
        public Builder basicAuth(String user, String password) {
            this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** An Elasticsearch API key, as the encoded value the engine returns ({@code Authorization: ApiKey …}). */
        public Builder apiKey(String encodedKey) {
            this.authorization = "ApiKey " + Objects.requireNonNull(encodedKey, "apiKey");
            return this;
        }

        /** Connect and response timeout of every request. Default 10 s. */
        public Builder timeout(Duration requestTimeout) {
            if (requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = requestTimeout;
            return this;
        }

        /** How keys become document ids. Default {@link #v1KeySanitization()}; {@code passthrough()} is py-key-value's default. */
        public Builder keySanitization(SanitizationStrategy strategy) {
            this.keys = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** How collections become index names. Default {@link #v1CollectionSanitization()}. */
        public Builder collectionSanitization(SanitizationStrategy strategy) {
            this.collections = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** A PEM file of certificates to trust for HTTPS instead of the JDK's. */
        public Builder caCert(File pem) {
            this.caCert = Objects.requireNonNull(pem, "caCert");
            return this;
        }

        /**
         * Asks the server what it is ({@code GET /}) and returns the store.
         *
         * @throws StoreSetupException       without a URL, or when the server refuses the credentials
         * @throws StoreUnavailableException when the server cannot be reached in time
         */
        @Override
        public KeyValueStore build() {
            if (url == null) {
                throw new StoreSetupException("SearchStore needs a URI or url");
            }
            ConnectionProvider pool = userClient == null ? ConnectionProvider.create("reactive-kv-search", 64) : null;
            HttpClient base = userClient != null ? userClient : HttpClient.create(pool);
            if (url.startsWith("https:")) {
                File ca = caCert;
                base = ca == null ? base.secure() : base.secure(spec -> spec.sslContext(Http11SslContextSpec.forClient().configure(b -> b.trustManager(ca))));
            }
            SearchHttp http = new SearchHttp(SearchHttp.configure(base, url, authorization, timeout), pool);
            try {
                SearchHttp.Answer info = http.get("/").block(timeout.plusSeconds(1));
                if (info == null || info.status() == 401 || info.status() == 403) {
                    throw new StoreSetupException("The search engine at " + url + " refused the credentials (HTTP "
                            + (info == null ? "?" : info.status()) + ")");
                }
                SearchHttp.expectOk("GET /", info).block();
                return new SearchKeyValueStore(storeOptions(), http, Engine.of(info.body()),
                        new SearchLayout(indexPrefix, keys, collections));
            } catch (StoreSetupException e) {
                http.close();
                throw e;
            } catch (RuntimeException e) {
                http.close();
                throw new StoreUnavailableException("Cannot reach the search engine at " + url + ": " + e.getMessage(), e);
            }
        }
    }
}
