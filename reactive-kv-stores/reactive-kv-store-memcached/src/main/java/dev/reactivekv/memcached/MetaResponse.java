package dev.reactivekv.memcached;

import org.jspecify.annotations.Nullable;

/**
 * One response frame of the meta protocol: a status line ({@code VA 12 c5}, {@code HD}, {@code EN},
 * {@code MN}, {@code SERVER_ERROR …}) and, for {@code VA}, the data block that followed it.
 */
final class MetaResponse {

    static final String VALUE = "VA";
    static final String STORED = "HD";
    static final String NOT_STORED = "NS";
    static final String EXISTS = "EX";
    static final String NOT_FOUND = "NF";
    static final String MISS = "EN";
    static final String NOOP = "MN";

    private final String code;
    private final String[] flags;
    private final byte @Nullable [] data;
    private final String line;

    private MetaResponse(String line, String code, String[] flags, byte @Nullable [] data) {
        this.line = line;
        this.code = code;
        this.flags = flags;
        this.data = data;
    }

    /** Parses a status line without its CRLF; {@code data} is the block a {@code VA} line announced. */
    static MetaResponse parse(String line, byte @Nullable [] data) {
        if (isError(line)) {
            int space = line.indexOf(' ');
            return new MetaResponse(line, space < 0 ? line : line.substring(0, space), new String[0], null);
        }
        String[] tokens = line.split(" ");
        int firstFlag = tokens[0].equals(VALUE) ? 2 : 1;
        String[] flags = new String[Math.max(0, tokens.length - firstFlag)];
        System.arraycopy(tokens, Math.min(firstFlag, tokens.length), flags, 0, flags.length);
        return new MetaResponse(line, tokens[0], flags, data);
    }

    /** The data size a {@code VA <size> …} line announces, or -1 for any other line. */
    static int announcedSize(String line) {
        if (!line.startsWith(VALUE + " ")) {
            return -1;
        }
        int end = line.indexOf(' ', 3);
        try {
            return Integer.parseInt(line.substring(3, end < 0 ? line.length() : end));
        } catch (NumberFormatException e) {
            throw new io.netty.handler.codec.DecoderException("Malformed memcached value line: " + line);
        }
    }

    private static boolean isError(String line) {
        return line.equals("ERROR") || line.startsWith("CLIENT_ERROR") || line.startsWith("SERVER_ERROR");
    }

    String code() {
        return code;
    }

    boolean is(String expected) {
        return code.equals(expected);
    }

    /** An {@code ERROR}, {@code CLIENT_ERROR} or {@code SERVER_ERROR} line. */
    boolean isError() {
        return isError(line);
    }

    /** The token of a returned flag ({@code c} of {@code c123} is {@code "123"}), or null when absent. */
    @Nullable String flag(char name) {
        for (String f : flags) {
            if (!f.isEmpty() && f.charAt(0) == name) {
                return f.substring(1);
            }
        }
        return null;
    }

    /** The data block of a {@code VA} frame. */
    byte[] data() {
        if (data == null) {
            throw new IllegalStateException("No data block in " + line);
        }
        return data;
    }

    /** The whole status line, for messages. */
    String line() {
        return line;
    }

    @Override
    public String toString() {
        return data == null ? line : line + " (+" + data.length + " bytes)";
    }
}
