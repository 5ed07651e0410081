package dev.reactivekv.transfer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.error.DeserializationException;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.error.SerializationException;
import dev.reactivekv.spi.Validation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;

/**
 * The JSON Lines format of {@code reactive-kv export} and {@code import} (docs/copy.md): one entry per line,
 * <pre>{@code {"collection":"users","key":"alice","value":{"age":31},"expires_at":"2026-12-01T09:30:00.250Z"}}</pre>
 * with {@code expires_at} (an ISO-8601 instant; absent or null for never) or, when importing a hand-written
 * file, {@code ttl} (seconds from the moment of import). Blank lines are skipped; unknown fields are ignored.
 *
 * <p>Files are read and written on {@code boundedElastic} threads, line by line as demand allows.
 * A line that is not such an entry fails the stream with a {@link DeserializationException} naming the line.
 */
public final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {
    }

    /** The entries of a file, in order. Fails on the first bad line; the file is closed on completion, error or cancel. */
    public static Flux<TransferEntry> read(Path file) {
        return lines(() -> Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The entries of a stream (standard input, say), in order; the stream is not closed. */
    public static Flux<TransferEntry> read(InputStream in) {
        return lines(() -> new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                // the caller's stream
            }
        }, "input");
    }

    /**
     * Writes the entries to a file, replacing it only once every entry is written: lines go to a temporary
     * file beside it that is moved into place on completion and deleted on error or cancel, so a failed
     * export never leaves a truncated file under the name. Emits a running count every {@code every} entries
     * and the total at the end.
     */
    public static Flux<Long> write(Flux<TransferEntry> entries, Path file, int every) {
        Path absolute = file.toAbsolutePath();
        return Flux.using(() -> Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part"),
                temp -> Flux.using(() -> Files.newBufferedWriter(temp, StandardCharsets.UTF_8),
                                writer -> lines(entries, writer, every), JsonLines::closeQuietly)
                        .concatWith(Flux.<Long>defer(() -> {
                            move(temp, absolute);
                            return Flux.empty();
                        })),
                JsonLines::deleteQuietly);
    }

    /** Writes the entries to a writer (standard output, say), flushing at the end; the writer is not closed. */
    public static Flux<Long> write(Flux<TransferEntry> entries, Writer out, int every) {
        return Flux.defer(() -> lines(entries, out, every));
    }

    /** One line (without the line break) for an entry. */
    public static String format(TransferEntry entry) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("collection", entry.collection());
        line.put("key", entry.key());
        line.put("value", entry.value());
        if (entry.expiresAt() != null) {
            line.put("expires_at", DateTimeFormatter.ISO_INSTANT.format(entry.expiresAt()));
        }
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot write " + entry.collection() + "/" + entry.key() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses one line; {@code where} names it in errors (e.g. "line 17").
     *
     * @throws DeserializationException when the line is not an entry
     */
    public static TransferEntry parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw bad(where, "not JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw bad(where, "not a JSON object", null);
        }
        String collection = text(node, "collection", where);
        String key = text(node, "key", where);
        JsonNode value = node.get("value");
        if (value == null || !value.isObject()) {
            throw bad(where, "'value' must be a JSON object", null);
        }
        try {
            Validation.collection(collection);
            Validation.key(key);
        } catch (KeyValueException e) {
            throw bad(where, e.getMessage(), e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(value, Map.class);
        return new TransferEntry(collection, key, map, expiry(node, where));
    }

    // ---- internals ----------------------------------------------------------------------------------

    private static Flux<TransferEntry> lines(Callable<BufferedReader> open, String source) {
        return Flux.using(open, reader -> {
                    AtomicLong lineNumber = new AtomicLong();
                    return Flux.generate((SynchronousSink<String> sink) -> {
                                String line = blocking(reader::readLine);
                                if (line == null) {
                                    sink.complete();
                                } else {
                                    lineNumber.incrementAndGet();
                                    sink.next(line);
                                }
                            })
                            .filter(line -> !line.isBlank())
                            .map(line -> parse(line, source + " line " + lineNumber.get()));
                }, JsonLines::closeQuietly)
                // requests, hence blocking reads, happen on the worker whatever thread asks for more
                .subscribeOn(Schedulers.boundedElastic(), true);
    }

    private static Flux<Long> lines(Flux<TransferEntry> entries, Writer writer, int every) {
        AtomicLong written = new AtomicLong();
        return entries
                .publishOn(Schedulers.boundedElastic())
                .concatMap(e -> {
                    String line = format(e);
                    blocking(() -> {
                        writer.write(line);
                        writer.write('\n');
                        return null;
                    });
                    long n = written.incrementAndGet();
                    return n % every == 0 ? Flux.just(n) : Flux.empty();
                })
                .concatWith(Flux.defer(() -> {
                    blocking(() -> {
                        writer.flush();
                        return null;
                    });
                    return Flux.just(written.get());
                }));
    }

    private static java.time.@org.jspecify.annotations.Nullable Instant expiry(JsonNode node, String where) {
        JsonNode at = node.get("expires_at");
        if (at != null && !at.isNull()) {
            if (!at.isTextual()) {
                throw bad(where, "'expires_at' must be an ISO-8601 date-time string", null);
            }
            try {
                return OffsetDateTime.parse(at.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                throw bad(where, "'expires_at' is not an ISO-8601 date-time with offset: " + at.asText(), e);
            }
        }
        JsonNode ttl = node.get("ttl");
        if (ttl != null && !ttl.isNull()) {
            if (!ttl.isNumber() || ttl.asDouble() <= 0) {
                throw bad(where, "'ttl' must be a positive number of seconds", null);
            }
            return Instant.now().plus(Duration.ofMillis(Math.round(ttl.asDouble() * 1000)));
        }
        return null;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw bad(where, "'" + field + "' must be a string", null);
        }
        return v.asText();
    }

    private static DeserializationException bad(String where, String problem, @org.jspecify.annotations.Nullable Throwable cause) {
        return new DeserializationException(where + ": " + problem, cause);
    }

    private static void move(Path temp, Path file) {
        blocking(() -> Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // nothing left to do with a half-closed file
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // moved into place already, or gone
        }
    }

    private static <T> T blocking(Callable<T> io) {
        try {
            return io.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
