package dev.reactivekv.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.memcached.MemcachedStore;

/**
 * The memcached server the benchmarks use: {@code RKV_MEMCACHED_PORT} (default 21211, the test server of
 * {@code scripts/servers}). The store talks to it over its own pipelined Reactor Netty connection; the
 * raw baseline is a plain blocking socket speaking the same meta commands ({@code mg <key> v},
 * {@code ms <key> <len> T0}, pipelined {@code mg <key> v q O<i>} ... {@code mn}) on the calling thread.
 * Not thread-safe: one JMH thread.
 */
final class MemcachedFixture implements AutoCloseable {

    final KeyValueStore store;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    MemcachedFixture() {
        String v = System.getenv("RKV_MEMCACHED_PORT");
        int port = Integer.parseInt(v == null || v.isBlank() ? "21211" : v);
        store = MemcachedStore.builder().host("127.0.0.1").port(port).build();
        try {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
            out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The memcached key the store uses for (collection, key) when it is plain ASCII: {@code collection::key}. */
    static String compound(String collection, String key) {
        return collection + "::" + key;
    }

    /** {@code mg <key> v}: the value bytes, or null on a miss. */
    byte[] get(String key) {
        try {
            out.write(("mg " + key + " v\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readValue(readLine(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ms <key> <len> T0}: the status line ({@code HD} when stored). */
    String set(String key, byte[] data) {
        try {
            out.write(("ms " + key + " " + data.length + " T0\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.write('\r');
            out.write('\n');
            out.flush();
            return readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pipelined {@code mg <key> v q O<i>} per key then {@code mn}: one slot per key, null for a miss. */
    List<byte[]> getMany(String[] keys) {
        try {
            for (int i = 0; i < keys.length; i++) {
                out.write(("mg " + keys[i] + " v q O" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write("mn\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[][] found = new byte[keys.length][];
            for (String line = readLine(); !line.equals("MN"); line = readLine()) {
                int opaque = -1;
                for (String token : line.split(" ")) {
                    if (token.startsWith("O")) {
                        opaque = Integer.parseInt(token.substring(1));
                    }
                }
                found[opaque] = readValue(line, true);
            }
            return new ArrayList<>(Arrays.asList(found));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readValue(String line, boolean quiet) throws IOException {
        if (!quiet && line.equals("EN")) {
            return null;
        }
        if (!line.startsWith("VA ")) {
            throw new IllegalStateException("unexpected answer: " + line);
        }
        int end = line.indexOf(' ', 3);
        int len = Integer.parseInt(end < 0 ? line.substring(3) : line.substring(3, end));
        byte[] data = in.readNBytes(len + 2);
        if (data.length != len + 2) {
            throw new IOException("connection closed");
        }
        return Arrays.copyOf(data, len);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    void delete(String key) {
        try {
            out.write(("md " + key + " q\r\nmn\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (String line = readLine(); !line.equals("MN"); line = readLine()) {
                // a quiet delete answers only on failure; drain until the no-op's MN
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        store.close();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
