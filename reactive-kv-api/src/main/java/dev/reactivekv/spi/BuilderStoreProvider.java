package dev.reactivekv.spi;

import java.net.URI;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import dev.reactivekv.KeyValueStore;

/**
 * A {@link StoreProvider} whose stores come from a builder: {@link #open} is
 * {@code builder.fromUri(StoreUri.parse(uri)).build()}, so every provider parses URIs by the same rules
 * and refuses an unknown option the same way. A store's provider is then its schemes and its builder:
 *
 * <pre>{@code
 * public final class MyStoreProvider extends BuilderStoreProvider {
 *     public MyStoreProvider() {
 *         super(Set.of("my"), MyStore::builder);
 *     }
 * }
 * }</pre>
 */
public abstract class BuilderStoreProvider implements StoreProvider {

    private final Set<String> schemes;
    private final Supplier<? extends AbstractStoreBuilder<?>> builders;

    /**
     * @param schemes  the lower-case schemes this provider opens
     * @param builders a new builder per call
     */
    protected BuilderStoreProvider(Set<String> schemes, Supplier<? extends AbstractStoreBuilder<?>> builders) {
        this.schemes = Set.copyOf(schemes);
        this.builders = Objects.requireNonNull(builders, "builders");
    }

    @Override
    public final Set<String> schemes() {
        return schemes;
    }

    /** Parses the URI, applies it to a new builder ({@link AbstractStoreBuilder#fromUri}) and builds; may block. */
    @Override
    public KeyValueStore open(URI uri) {
        return builders.get().fromUri(StoreUri.parse(uri)).build();
    }
}
