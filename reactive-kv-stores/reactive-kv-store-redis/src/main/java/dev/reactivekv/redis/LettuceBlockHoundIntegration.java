package dev.reactivekv.redis;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lettuce 6.8 guards every command write with {@code SharedLock}, whose inner {@code ReentrantLock}
 * may park for a moment when two threads write to one connection at once. Under BlockHound that
 * park throws {@code BlockingOperationError} from inside {@code incrementWriters()}, which sits in
 * {@code DefaultEndpoint.write}'s try block: the finally then decrements a writer count that was
 * never incremented, leaving the lock at -1 and every later write spinning forever. The critical
 * section is a few field updates, so it is allowed here; everything else stays checked.
 *
 * <p>Registered in {@code META-INF/services}: BlockHound picks it up by itself when an application
 * (or a test) installs BlockHound; without BlockHound on the classpath nothing loads it.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "lockWritersExclusive");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
    }
}
