package dev.reactivekv.redis;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets BlockHound accept the short lock waits Lettuce 6.8 cannot avoid on an event loop, and nothing else.
 *
 * <p>Lettuce guards every command write with {@code SharedLock}, whose inner {@code ReentrantLock} may park
 * for a moment when two threads write to one connection at once. Under BlockHound that park throws
 * {@code BlockingOperationError} from inside {@code incrementWriters()}, which sits in
 * {@code DefaultEndpoint.write}'s try block: the finally then decrements a writer count that was never
 * incremented, leaving the lock at -1 and every later write spinning forever. The lock is held for a few
 * field updates, so its acquisition is allowed: {@code incrementWriters}, {@code lockWritersExclusive} and
 * the {@code lock()} at the top of {@code doExclusive}. The work {@code doExclusive} runs while holding
 * the lock (channel activation and deactivation, draining queued commands: the reconnect path) is checked
 * again, as is every other Lettuce call.
 *
 * <p>In a cluster, {@code PooledClusterConnectionProvider} guards its per-slot connection cache with a
 * {@code ReentrantLock} held for an array read or write; a node connection completing on an event loop
 * (after a node restart, say) takes it to cache itself. Those methods are allowed, exactly: the cache
 * updates in {@code getWriteConnection}'s and {@code getReadConnection}'s completion lambdas,
 * {@code getReadConnection}, {@code resetFastConnectionCache} and {@code setPartitions} (a topology refresh
 * completes on an event loop). The same lock is taken when a new node connection is set up (its
 * auto-flush flag and push listener, in {@code NodeConnectionPostProcessor}'s completion lambda); CI saw
 * that wait when the first commands of a new cluster connection raced to connect to the nodes.
 *
 * <p><b>Not registered for you.</b> An application that installs BlockHound and uses this store opts in,
 * either {@code BlockHound.install(new LettuceBlockHoundIntegration())}, or with a file
 * {@code META-INF/services/reactor.blockhound.integration.BlockHoundIntegration} listing this class (which
 * is what this module's own tests do). Without it, BlockHound may report that lock wait on a Lettuce
 * thread, and the failure described above can follow.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

    static final String SHARED_LOCK = "io.lettuce.core.protocol.SharedLock";
    /** The synthetic method through which {@code doExclusive(Runnable)} runs its body (Lettuce 6.8). */
    static final String RUNNABLE_BODY = "lambda$doExclusive$1";
    /** The body of every {@code doExclusive(Supplier)} call in Lettuce 6.8 (flushCommands, cluster node close). */
    static final String ENDPOINT = "io.lettuce.core.protocol.DefaultEndpoint";
    static final String SUPPLIER_BODY = "drainCommands";
    static final String CLUSTER_CONNECTIONS = "io.lettuce.core.cluster.PooledClusterConnectionProvider";
    /** The synthetic methods (Lettuce 6.8) that cache a node connection for a slot under the provider's lock. */
    static final String[] CLUSTER_CACHE_UPDATES = {"lambda$getWriteConnection$0", "lambda$getReadConnection$4",
            "getReadConnection", "resetFastConnectionCache", "setPartitions"};
    static final String NODE_CONNECTION_SETUP = CLUSTER_CONNECTIONS + "$NodeConnectionPostProcessor";
    /** The synthetic method (Lettuce 6.8) that sets up a new node connection under the provider's lock. */
    static final String NODE_CONNECTION_SETUP_BODY = "lambda$apply$4";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside(SHARED_LOCK, "incrementWriters");
        builder.allowBlockingCallsInside(SHARED_LOCK, "lockWritersExclusive");
        builder.allowBlockingCallsInside(SHARED_LOCK, "doExclusive");
        builder.disallowBlockingCallsInside(SHARED_LOCK, RUNNABLE_BODY);
        builder.disallowBlockingCallsInside(ENDPOINT, SUPPLIER_BODY);
        for (String method : CLUSTER_CACHE_UPDATES) {
            builder.allowBlockingCallsInside(CLUSTER_CONNECTIONS, method);
        }
        builder.allowBlockingCallsInside(NODE_CONNECTION_SETUP, NODE_CONNECTION_SETUP_BODY);
    }
}
