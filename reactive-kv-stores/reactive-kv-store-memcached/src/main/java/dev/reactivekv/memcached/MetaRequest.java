package dev.reactivekv.memcached;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

/**
 * One or more meta commands written as one contiguous block and always followed by {@code mn}: its
 * answer is every frame the server sends before the {@code MN}, so a request's frames are delimited
 * by the server itself even when a command is quiet ({@code q}) or is refused with an error line.
 *
 * <p>Built on the caller's thread, then handed to the connection's event loop; completed exactly
 * once there (frames, or the connection's failure). A caller that cancels is simply not told: the
 * frames are still consumed, which keeps later requests matched to their answers.
 */
final class MetaRequest {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NOOP = "mn\r\n".getBytes(StandardCharsets.US_ASCII);

    private final List<byte[]> segments = new ArrayList<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private final String description;
    private int commands;
    private @Nullable MonoSink<List<MetaResponse>> sink;

    MetaRequest(String description) {
        this.description = description;
    }

    /** Appends a command line: {@code <cmd> <key> [<datalen>] <flags…>}. */
    MetaRequest command(String cmd, MemcachedKeys.WireKey key, @Nullable Integer dataLength, String... flags) {
        segments.add((cmd + ' ').getBytes(StandardCharsets.US_ASCII));
        segments.add(key.token());
        StringBuilder tail = new StringBuilder(16 + flags.length * 6);
        if (dataLength != null) {
            tail.append(' ').append(dataLength);
        }
        if (key.base64()) {
            tail.append(" b");
        }
        for (String f : flags) {
            tail.append(' ').append(f);
        }
        segments.add(tail.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        commands++;
        return this;
    }

    /** Appends a storage command ({@code ms}) with its data block. */
    MetaRequest store(MemcachedKeys.WireKey key, byte[] data, String... flags) {
        command("ms", key, data.length, flags);
        segments.add(data);
        segments.add(CRLF);
        return this;
    }

    int commands() {
        return commands;
    }

    String description() {
        return description;
    }

    void subscribe(MonoSink<List<MetaResponse>> subscriber) {
        this.sink = subscriber;
    }

    /** The bytes on the wire, ending with {@code mn}; wraps the segments without copying them. */
    ByteBuf toByteBuf() {
        byte[][] all = segments.toArray(new byte[segments.size() + 1][]);
        all[all.length - 1] = NOOP;
        return Unpooled.wrappedBuffer(all);
    }

    void complete(List<MetaResponse> frames) {
        if (done.compareAndSet(false, true) && sink != null) {
            sink.success(frames);
        }
    }

    void fail(Throwable error) {
        if (done.compareAndSet(false, true) && sink != null) {
            sink.error(error);
        }
    }

    @Override
    public String toString() {
        return description + " (" + commands + " commands)";
    }
}
