package dev.reactivekv.mongodb;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The driver's connection pool hands every asynchronous checkout to its worker through
 * {@code AsyncWorkManager.enqueue}, which takes a {@code StampedLock} for a few field updates and may
 * park for a moment when two threads check out at once. Under BlockHound that park throws
 * {@code BlockingOperationError} inside the driver, which loses the checkout: the operation never
 * completes. The critical section is tiny, so it is allowed here; everything else stays checked.
 *
 * <p>Registered in {@code META-INF/services}: BlockHound picks it up by itself when an application
 * (or a test) installs BlockHound; without BlockHound on the class path nothing loads it.
 */
public final class MongoBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("com.mongodb.internal.connection.DefaultConnectionPool$AsyncWorkManager", "enqueue");
    }
}
