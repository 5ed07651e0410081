package dev.reactivekv.bench;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.wrapper.Wrapper;

/**
 * Builds wrapper stacks by name. {@code passthrough} is ours; every other kind is looked up at run
 * time as a public static factory of {@code dev.reactivekv.wrapper.Wrappers} of the same name (e.g.
 * {@code prefixKeys(String)}, {@code compression()}, a builder such as {@code retry()}), with the fewest
 * arguments this class can supply, because the wrappers were written while this suite was: the suite
 * must compile whatever that factory looks like. A missing factory fails that benchmark's trial with
 * a message saying so (JMH continues with the others); it never silently measures something else.
 */
final class WrapperKinds {

    static final String FACTORIES = "dev.reactivekv.wrapper.Wrappers";

    private WrapperKinds() {
    }

    /** {@code depth} layers of {@code kind} around {@code base}; depth 0 returns {@code base}. */
    static KeyValueStore stack(KeyValueStore base, String kind, int depth) {
        KeyValueStore store = base;
        for (int i = 0; i < depth; i++) {
            store = layer(kind, i).wrap(store);
        }
        return store;
    }

    static Wrapper layer(String kind, int index) {
        if (kind.equals("none")) {
            return inner -> inner; // the bare store, so one -p kind=... list serves every wrapper benchmark
        }
        if (kind.equals("passthrough")) {
            return PassThroughWrapper::new;
        }
        if (kind.equals("routing")) {
            // the benchmark's collection is routed: every call pays the router's lookup
            return dev.reactivekv.wrapper.Wrappers.routeCollections(
                    java.util.Map.of(MemoryBenchmark.COLLECTION, dev.reactivekv.memory.MemoryStore.create()));
        }
        Class<?> factories;
        try {
            factories = Class.forName(FACTORIES);
        } catch (ClassNotFoundException e) {
            throw new UnsupportedOperationException("wrapper '" + kind + "' not available: " + FACTORIES + " does not exist yet");
        }
        Method best = null;
        for (Method m : factories.getMethods()) {
            if (m.getName().equals(kind) && Modifier.isStatic(m.getModifiers()) && arguments(m, index) != null
                    && (best == null || m.getParameterCount() < best.getParameterCount())) {
                best = m;
            }
        }
        if (best == null) {
            throw new UnsupportedOperationException("wrapper '" + kind + "' not available: no " + FACTORIES + "." + kind
                    + " factory with arguments this suite can supply");
        }
        try {
            return toWrapper(configure(best.invoke(null, arguments(best, index)), kind), kind);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build wrapper '" + kind + "'", e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Arguments for a factory, by parameter type, or null if one cannot be supplied: a prefix or name,
     * durations (1 s, then 1 day: timeout 1 s, TTL clamp 1 s..1 day), a default value, a memory store
     * (a cache tier), a Micrometer registry.
     */
    private static Object[] arguments(Method m, int index) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        int durations = 0;
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == String.class) {
                args[i] = "p" + index;
            } else if (t == java.time.Duration.class) {
                args[i] = durations++ == 0 ? java.time.Duration.ofSeconds(1) : java.time.Duration.ofDays(1);
            } else if (t == java.util.Map.class) {
                args[i] = BenchValues.value(16);
            } else if (t == KeyValueStore.class) {
                args[i] = dev.reactivekv.memory.MemoryStore.create();
            } else if (t.getName().equals("io.micrometer.core.instrument.MeterRegistry")) {
                args[i] = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            } else {
                return null;
            }
        }
        return args;
    }

    /** Builders that need a secret get one (encryption: a fresh random Fernet key). */
    private static Object configure(Object made, String kind) throws ReflectiveOperationException {
        if (kind.equals("encryption")) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Method setKey = made.getClass().getMethod("key", String.class);
            setKey.setAccessible(true);
            return setKey.invoke(made, java.util.Base64.getUrlEncoder().encodeToString(key));
        }
        return made;
    }

    private static Wrapper toWrapper(Object made, String kind) throws ReflectiveOperationException {
        if (made instanceof Wrapper w) {
            return w;
        }
        // a builder: build() it
        Method build = made.getClass().getMethod("build");
        build.setAccessible(true);
        Object built = build.invoke(made);
        if (built instanceof Wrapper w) {
            return w;
        }
        throw new UnsupportedOperationException("wrapper '" + kind + "': factory returned " + made.getClass().getName());
    }
}
