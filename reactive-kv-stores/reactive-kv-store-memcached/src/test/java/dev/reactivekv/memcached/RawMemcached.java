package dev.reactivekv.memcached;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * A deliberately plain memcached client for tests: one blocking socket, one command at a time, the
 * way py-key-value's aiomcache writes (plain keys as UTF-8). Used from test threads only.
 */
final class RawMemcached implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawMemcached(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code set <key> 0 <exptime> <len>}, the classic command aiomcache sends. */
    void set(String key, byte[] value, long exptime) {
        send(("set " + key + " 0 " + exptime + " " + value.length + "\r\n").getBytes(StandardCharsets.UTF_8), value,
                "\r\n".getBytes(StandardCharsets.US_ASCII));
        expectLine("STORED");
    }

    void set(String key, String value) {
        set(key, value.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** The value under a key (base64-addressed when it has spaces or control characters), or null. */
    byte @Nullable [] get(String key) {
        send(("mg " + wire(key) + " v\r\n").getBytes(StandardCharsets.UTF_8));
        String line = readLine();
        if (line.equals("EN")) {
            return null;
        }
        if (!line.startsWith("VA ")) {
            throw new IllegalStateException("Unexpected answer: " + line);
        }
        int size = Integer.parseInt(line.split(" ")[1]);
        byte[] data = readBytes(size + 2);
        return java.util.Arrays.copyOf(data, size);
    }

    @Nullable String getText(String key) {
        byte[] v = get(key);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** Remaining native TTL in seconds ({@code -1} for none), or null when absent. */
    @Nullable Long ttl(String key) {
        send(("mg " + wire(key) + " t\r\n").getBytes(StandardCharsets.UTF_8));
        String line = readLine();
        if (line.equals("EN")) {
            return null;
        }
        for (String token : line.split(" ")) {
            if (token.startsWith("t")) {
                return Long.parseLong(token.substring(1));
            }
        }
        throw new IllegalStateException("No TTL in " + line);
    }

    boolean delete(String key) {
        send(("md " + wire(key) + "\r\n").getBytes(StandardCharsets.UTF_8));
        return readLine().equals("HD");
    }

    private static String wire(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if ((b >= 0 && b <= ' ') || b == 0x7f) {
                return Base64.getEncoder().encodeToString(utf8) + " b";
            }
        }
        return key;
    }

    private void send(byte[]... parts) {
        try {
            for (byte[] p : parts) {
                out.write(p);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void expectLine(String expected) {
        String line = readLine();
        if (!line.equals(expected)) {
            throw new IllegalStateException("Expected " + expected + ", got " + line);
        }
    }

    private String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int prev = -1;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("memcached closed the connection");
                }
                if (prev == '\r' && b == '\n') {
                    byte[] all = line.toByteArray();
                    return new String(all, 0, all.length - 1, StandardCharsets.UTF_8);
                }
                line.write(b);
                prev = b;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readBytes(int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
