package dev.reactivekv.mcp.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The stdio transport of the one session: newline-delimited JSON-RPC read from {@code in} on a thread of its own
 * ({@code rkv-mcp-stdin}) and written to {@code out} by another ({@code rkv-mcp-stdout}); both may block, neither
 * is a Reactor thread.
 *
 * <p>Bad input never ends the session: a line over the size limit is skipped and answered with -32600 (with the
 * request's {@code id} when it appears in the line's first bytes), unparsable JSON with -32700, JSON that is no
 * JSON-RPC message (or a batch) with -32600. {@link #ended()} completes at end of input once the requests read
 * so far have been answered (30 s at most) or when the session is closed, and fails on a fatal error: stdin or
 * stdout failing (for instance the client closed its end of stdout), or an error escaping the reader.
 */
final class StdioSessionTransport implements McpServerTransport {

    private static final Logger log = LoggerFactory.getLogger(StdioSessionTransport.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final McpJsonMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final int maxMessageBytes;
    /** Plain threads (not Reactor's non-blocking ones): writing to a pipe blocks while the client is not reading. */
    private final Scheduler writer = Schedulers.fromExecutorService(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rkv-mcp-stdout");
        t.setDaemon(true);
        return t;
    }), "rkv-mcp-stdout");
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private final Sinks.Many<McpSchema.JSONRPCMessage> inbound = Sinks.many().unicast().onBackpressureBuffer();
    private volatile boolean closing;
    /** After a fatal error nothing more is written (the output is broken, or the session is over). */
    private volatile boolean failed;

    StdioSessionTransport(McpJsonMapper mapper, InputStream in, OutputStream out, int maxMessageBytes) {
        this.mapper = mapper;
        this.in = in;
        this.out = out;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Starts reading; every message read is given to {@code handler}, several at a time. */
    void start(Function<McpSchema.JSONRPCMessage, Mono<Void>> handler) {
        inbound.asFlux()
                .flatMap(m -> handler.apply(m).onErrorResume(e -> {
                    log.warn("handling a message failed: {}", e.toString());
                    return Mono.empty();
                }))
                .then()
                .subscribe(null, this::fatal, this::finish);
        Thread reader = new Thread(this::read, "rkv-mcp-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    /** Completes at end of input or close; fails on a fatal error. */
    Mono<Void> ended() {
        return ended.asMono();
    }

    private void read() {
        BoundedLineReader lines = new BoundedLineReader(in, maxMessageBytes);
        try {
            for (BoundedLineReader.Line line = lines.next(); line != null && !closing; line = lines.next()) {
                McpSchema.JSONRPCMessage message = decode(line);
                if (message != null && inbound.tryEmitNext(message).isFailure()) {
                    break;
                }
            }
            inbound.tryEmitComplete();
            // requests in flight at end of input are still answered, within a bound
            Mono.delay(DRAIN_TIMEOUT).subscribe(t -> finish());
        } catch (IOException e) {
            fatal(new IOException("cannot read stdin: " + e.getMessage(), e));
        } catch (RuntimeException | Error e) {
            fatal(e);
        }
    }

    /** The message, or {@code null} when the line was answered with an error (or blank). */
    private McpSchema.@Nullable JSONRPCMessage decode(BoundedLineReader.Line line) {
        if (line.oversized()) {
            log.warn("skipped a message of {} bytes (limit {})", line.length(), maxMessageBytes);
            reject(JsonRpcIds.find(line.bytes()), McpSchema.ErrorCodes.INVALID_REQUEST, "Message too large: "
                    + line.length() + " bytes, over the limit of " + maxMessageBytes
                    + " (serve --max-request-bytes); large values belong in several smaller entries");
            return null;
        }
        if (new String(line.bytes(), StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        JsonRpcDecoding decoded = JsonRpcDecoding.decode(mapper, line.bytes());
        if (decoded.message() == null) {
            reject(decoded.id(), decoded.code(), decoded.error());
        }
        return decoded.message();
    }

    private void reject(@Nullable Object id, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("jsonrpc", McpSchema.JSONRPC_VERSION);
        error.put("id", id);
        error.put("error", Map.of("code", code, "message", message));
        write(error).subscribe(null, e -> { });
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return write(message);
    }

    private Mono<Void> write(Object message) {
        return Mono.<Void>fromRunnable(() -> {
            if (failed) {
                return;
            }
            byte[] bytes;
            try {
                bytes = mapper.writeValueAsBytes(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                synchronized (out) {
                    out.write(bytes);
                    out.write('\n');
                    out.flush();
                    // a PrintStream (System.out) swallows write errors: it only remembers them
                    if (out instanceof PrintStream print && print.checkError()) {
                        throw new IOException("the output stream failed (closed by the client?)");
                    }
                }
            } catch (IOException e) {
                IOException failed = new IOException("cannot write to stdout: " + e.getMessage(), e);
                fatal(failed);
                throw new UncheckedIOException(failed);
            }
        }).subscribeOn(writer);
    }

    private void fatal(Throwable e) {
        closing = true;
        failed = true;
        if (ended.tryEmitError(e).isSuccess()) {
            log.error("stdio transport failed: {}", e.toString());
        }
        writer.disposeGracefully().subscribe();
    }

    private void finish() {
        closing = true;
        ended.tryEmitEmpty();
        writer.disposeGracefully().subscribe();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::finish);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return mapper.convertValue(data, typeRef);
    }
}
