package dev.reactivekv.memcached;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.reactivekv.error.StoreUnavailableException;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import org.jspecify.annotations.Nullable;

/**
 * Matches answers to requests on one connection. memcached answers the commands of a connection in
 * the order it received them, so requests are queued in the order they are written (both happen
 * here, on the connection's event loop) and each {@code MN} frame completes the oldest request with
 * the frames that came before it.
 *
 * <p>When the connection closes or fails, every request still waiting fails with
 * {@link StoreUnavailableException}: its command may or may not have been applied.
 */
final class RequestPipeline extends ChannelDuplexHandler {

    private final String server;
    private final ArrayDeque<MetaRequest> waiting = new ArrayDeque<>();
    private List<MetaResponse> frames = new ArrayList<>();

    RequestPipeline(String server) {
        this.server = server;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof MetaRequest request)) {
            ctx.write(msg, promise);
            return;
        }
        if (!ctx.channel().isActive()) {
            StoreUnavailableException closed = lost("closed before " + request.description() + " was sent", null);
            request.fail(closed);
            promise.tryFailure(closed);
            return;
        }
        waiting.add(request);
        // a request that did not leave would take the next answer: drop the connection instead
        promise.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        ctx.write(request.toByteBuf(), promise);
        if (!ctx.channel().config().isAutoRead()) {
            ctx.read(); // an answer is now due, whoever switched reading off
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MetaResponse frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        MetaRequest head = waiting.peek();
        if (head == null) {
            // an answer nobody asked for: the stream cannot be trusted any more
            ctx.close();
            return;
        }
        if (frame.is(MetaResponse.NOOP)) {
            waiting.poll();
            List<MetaResponse> answer = frames;
            frames = new ArrayList<>();
            head.complete(answer);
        } else {
            frames.add(frame);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll(lost("closed", null));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failAll(lost("failed: " + cause.getMessage(), cause));
        ctx.close();
    }

    private void failAll(StoreUnavailableException error) {
        frames = new ArrayList<>();
        MetaRequest r;
        while ((r = waiting.poll()) != null) {
            r.fail(error);
        }
    }

    private StoreUnavailableException lost(String what, @Nullable Throwable cause) {
        return new StoreUnavailableException("Connection to memcached at " + server + " " + what, cause);
    }
}
