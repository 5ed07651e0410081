package dev.reactivekv.dynamodb;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Two short waits inside the AWS SDK that BlockHound would otherwise turn into failures:
 * <ul>
 *   <li>The SigV4 signer borrows and returns {@code MessageDigest}s through a {@code LinkedBlockingDeque}
 *       ({@code DigestAlgorithm.getDigest}, {@code CloseableMessageDigest.close}), on the thread that calls the
 *       client, which is the subscribing thread. Under contention its lock may park for the moment another
 *       thread holds it for a deque operation; the critical section is a few field updates.</li>
 *   <li>Closing the SDK's Netty HTTP client closes its channel pools on Netty's {@code GlobalEventExecutor},
 *       where Netty's {@code SimpleChannelPool.close()} waits for each pooled channel to close. Without this
 *       the wait throws, the SDK's close gives up after its 5 s timeout and logs "Unable to close channel pools".</li>
 * </ul>
 * Only these methods are allowed; everything else stays checked.
 *
 * <p>Registered in {@code META-INF/services}: BlockHound picks it up by itself when an application (or a
 * test) installs BlockHound; without BlockHound on the class path nothing loads it.
 */
public final class AwsSdkBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("software.amazon.awssdk.checksums.internal.DigestAlgorithm", "getDigest");
        builder.allowBlockingCallsInside("software.amazon.awssdk.checksums.internal.DigestAlgorithm$CloseableMessageDigest", "close");
        builder.allowBlockingCallsInside("io.netty.channel.pool.SimpleChannelPool", "close");
    }
}
