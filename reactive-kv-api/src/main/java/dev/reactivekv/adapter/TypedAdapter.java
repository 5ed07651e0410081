package dev.reactivekv.adapter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.SerializationException;
import dev.reactivekv.wrapper.internal.Reads;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A typed view of one collection: Java records and POJOs to and from JSON values with a Jackson
 * {@link ObjectMapper}, as py-key-value's Pydantic adapter does. Object-like types (records,
 * beans, maps) are stored as the object itself; other types (lists, arrays, scalars) are stored
 * wrapped as {@code {"items": …}}.
 *
 * <p>A write whose object Jackson cannot serialize to JSON fails with
 * {@link SerializationException} before any I/O. A stored value that does not fit the type fails
 * with {@link DeserializationException}, or reads as a miss when {@link Builder#invalidAsMiss} is set.
 * Conversion runs on the thread that delivers the store's signal (CPU only).
 *
 * @param <T> the type of this collection's values
 */
public final class TypedAdapter<T> {

    static final String ITEMS = "items";

    private final KeyValueStore store;
    private final String collection;
    private final ObjectMapper mapper;
    private final JavaType type;
    private final boolean wrapped;
    private final boolean invalidAsMiss;

    private TypedAdapter(Builder<T> b) {
        this.store = b.store;
        this.collection = b.collection;
        this.mapper = b.mapper;
        this.type = b.type;
        this.wrapped = !(type.isMapLikeType() || (!type.isContainerType() && !type.isPrimitive()
                && !type.isEnumType() && !isScalar(type.getRawClass())));
        this.invalidAsMiss = b.invalidAsMiss;
    }

    private static boolean isScalar(Class<?> c) {
        return CharSequence.class.isAssignableFrom(c) || Number.class.isAssignableFrom(c)
                || c == Boolean.class || c == Character.class || c == Object.class;
    }

    public static <T> Builder<T> builder(KeyValueStore store, Class<T> type) {
        return new Builder<>(store, new ObjectMapper().getTypeFactory().constructType(type));
    }

    public static <T> Builder<T> builder(KeyValueStore store, TypeReference<T> type) {
        return new Builder<>(store, new ObjectMapper().getTypeFactory().constructType(type));
    }

    /** The collection this adapter reads and writes. */
    public String collection() {
        return collection;
    }

    /** The JSON value stored for {@code object}. */
    public Map<String, Object> toValue(T object) {
        Object tree;
        try {
            tree = mapper.convertValue(object, Object.class);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Cannot serialize " + type + ": " + e.getMessage(), e);
        }
        if (wrapped) {
            Map<String, Object> out = new LinkedHashMap<>(2);
            out.put(ITEMS, tree);
            return JsonValues.copyObject(out);
        }
        if (!(tree instanceof Map<?, ?> map)) {
            throw new SerializationException("Expected " + type + " to serialize to a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> cast = (Map<String, ?>) map;
        return JsonValues.copyObject(cast);
    }

    /** The object for a stored value; {@code null} for an invalid value when invalid values read as misses. */
    public @Nullable T fromValue(Map<String, Object> value) {
        try {
            if (wrapped && !value.containsKey(ITEMS)) {
                throw new IllegalArgumentException("stored value has no \"items\" field");
            }
            return mapper.convertValue(wrapped ? value.get(ITEMS) : value, type);
        } catch (IllegalArgumentException e) {
            if (invalidAsMiss) {
                return null;
            }
            throw new DeserializationException("Stored value in collection '" + collection + "' is not a valid "
                    + type + ": " + e.getMessage(), e);
        }
    }

    public Mono<T> get(String key) {
        return Reads.map(store.get(collection, key), this::fromValue);
    }

    /** One element per requested key, in request order; empty for a miss (or an invalid value read as a miss). */
    public Flux<Optional<T>> getMany(List<String> keys) {
        return store.getMany(collection, keys).map(l -> l.value().map(this::fromValue));
    }

    public Mono<Void> put(String key, T value, @Nullable Duration ttl) {
        return Mono.defer(() -> store.put(collection, key, toValue(value), ttl));
    }

    public Mono<Void> put(String key, T value) {
        return put(key, value, null);
    }

    public Mono<Void> putMany(Map<String, ? extends T> values, @Nullable Duration ttl) {
        return Mono.defer(() -> {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            values.forEach((k, v) -> out.put(k, toValue(v)));
            return store.putMany(collection, out, ttl);
        });
    }

    public Mono<Boolean> delete(String key) {
        return store.delete(collection, key);
    }

    public Mono<Boolean> exists(String key) {
        return store.exists(collection, key);
    }

    public Flux<String> keys() {
        return store.keys(collection);
    }

    /** Configures a typed adapter. */
    public static final class Builder<T> {
        private final KeyValueStore store;
        private final JavaType type;
        private ObjectMapper mapper = new ObjectMapper();
        private String collection = KeyValueStore.DEFAULT_COLLECTION;
        private boolean invalidAsMiss;

        private Builder(KeyValueStore store, JavaType type) {
            this.store = Objects.requireNonNull(store, "store");
            this.type = type;
        }

        /** The mapper to use (register modules such as JavaTimeModule on it). Default: a plain {@code ObjectMapper}. */
        public Builder<T> objectMapper(ObjectMapper objectMapper) {
            this.mapper = Objects.requireNonNull(objectMapper, "objectMapper");
            return this;
        }

        /** The collection of this type (default {@code default_collection}). */
        public Builder<T> collection(String name) {
            this.collection = dev.reactivekv.spi.Validation.collection(name);
            return this;
        }

        /** Read a stored value that does not fit the type as a miss instead of failing (default {@code false}). */
        public Builder<T> invalidAsMiss(boolean miss) {
            this.invalidAsMiss = miss;
            return this;
        }

        public TypedAdapter<T> build() {
            return new TypedAdapter<>(this);
        }
    }
}
