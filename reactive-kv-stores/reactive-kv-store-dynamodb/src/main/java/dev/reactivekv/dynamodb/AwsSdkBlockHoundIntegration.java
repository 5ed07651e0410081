package dev.reactivekv.dynamodb;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Closing the SDK's Netty HTTP client closes its channel pools on Netty's {@code GlobalEventExecutor}, where
 * Netty's {@code SimpleChannelPool.close()} waits for each pooled channel to close. BlockHound counts that
 * executor's thread as non-blocking, so without this the wait throws, the SDK's close gives up after its
 * 5 s timeout and logs "Unable to close channel pools". Only that close is allowed; everything else stays checked.
 *
 * <p>Registered in {@code META-INF/services}: BlockHound picks it up by itself when an application (or a
 * test) installs BlockHound; without BlockHound on the class path nothing loads it.
 */
public final class AwsSdkBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.netty.channel.pool.SimpleChannelPool", "close");
    }
}
