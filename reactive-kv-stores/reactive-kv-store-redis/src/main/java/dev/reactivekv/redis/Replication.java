package dev.reactivekv.redis;

/**
 * How many replicas must confirm a write before the store acknowledges it ({@code WAIT}), and for how long
 * the server waits for them. {@code replicas == 0}: no waiting, Redis's asynchronous replication as is.
 */
record Replication(int replicas, long waitMillis) {

    static final Replication NONE = new Replication(0, 0);
}
