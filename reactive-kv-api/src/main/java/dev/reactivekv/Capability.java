package dev.reactivekv;

/** Optional behaviours a store declares; the conformance kit runs the contract of each declared one. */
public enum Capability {
    /** The backend expires entries itself (reads still check expiry). */
    NATIVE_TTL,
    /**
     * {@code keys()}, {@code keyPage()} and {@code collections()} list what the backend holds. A store
     * that cannot list (memcached) leaves it out, and those operations fail with
     * {@link dev.reactivekv.error.UnsupportedCapabilityException}.
     */
    SCAN,
    /** {@code keys()} emits ascending keys and honours {@link ScanOptions#after()}. */
    ORDERED_SCAN,
    /** {@code watch()} works for writes made through this store instance or process. */
    WATCH,
    /** {@code watch()} also sees writes made by other processes sharing the backend. */
    CROSS_PROCESS_WATCH,
    /** {@code putIfAbsent} and {@code compareAndSet} are atomic. */
    CONDITIONAL_WRITES,
    /** Data survives closing and reopening the store. */
    PERSISTENT
}
