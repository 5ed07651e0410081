package dev.reactivekv.codec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Maps a user's key or collection name to one a backend can hold, with py-key-value's
 * strategies and byte-identical outputs, so both libraries address the same physical names.
 * Hashes are SHA-256 of the original name's UTF-8 bytes; lengths count code points.
 * Strategies that add {@code H_}/{@code S_} prefixes refuse names that already start with one,
 * so two names can never collide.
 */
public abstract class SanitizationStrategy {

    /** When {@link #hybrid} appends a hash fragment. */
    public enum HashFragmentMode { ALWAYS, ONLY_IF_CHANGED, NEVER }

    /** ASCII letters then digits, in py-key-value's order. */
    public static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    SanitizationStrategy() {
    }

    /** Why the name cannot be sanitized by this strategy, or null when it can. */
    public @Nullable String problem(String name) {
        return null;
    }

    /** The physical name. Call {@link #problem} first. */
    public abstract String sanitize(String name);

    /** Names pass unchanged (the default of every py-key-value store). */
    public static SanitizationStrategy passthrough() {
        return Passthrough.INSTANCE;
    }

    /** The first {@code hashLength} hex digits of the name's SHA-256 (9 to 64). */
    public static SanitizationStrategy alwaysHash(int hashLength) {
        if (hashLength <= 8 || hashLength > 64) {
            throw new IllegalArgumentException("hashLength must be within 9..64: " + hashLength);
        }
        return new AlwaysHash(hashLength);
    }

    /** Names longer than {@code maxLength} become {@code H_} + SHA-256 hex (cut to {@code maxLength - 2}). */
    public static SanitizationStrategy hashExcessLength(int maxLength) {
        if (maxLength < 16) {
            throw new IllegalArgumentException("maxLength must be at least 16: " + maxLength);
        }
        return new HashExcessLength(maxLength);
    }

    /**
     * Runs of characters outside {@code allowed} become one {@code replacement}; a changed or too long (or, by
     * mode, any) name becomes {@code S_<name>-<hash fragment>}, cut to {@code maxLength}. With
     * {@link HashFragmentMode#NEVER} two names that differ only in replaced characters or beyond the cut share
     * one physical name: that mode exists for py-key-value layouts that chose it.
     *
     * @param allowed null or empty to allow every character
     */
    public static SanitizationStrategy hybrid(int maxLength, @Nullable String allowed, char replacement,
                                              HashFragmentMode mode, int fragmentLength) {
        Objects.requireNonNull(mode, "mode");
        if (fragmentLength < 1 || fragmentLength > 64 || maxLength < fragmentLength + 4) {
            throw new IllegalArgumentException("Bad hybrid lengths: max " + maxLength + ", fragment " + fragmentLength);
        }
        return new Hybrid(maxLength, allowed == null || allowed.isEmpty() ? null : allowed, replacement, mode, fragmentLength);
    }

    /** {@code hybrid(maxLength, allowed, '_', ONLY_IF_CHANGED, 8)}. */
    public static SanitizationStrategy hybrid(int maxLength, @Nullable String allowed) {
        return hybrid(maxLength, allowed, '_', HashFragmentMode.ONLY_IF_CHANGED, 8);
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    static String take(String s, int codePoints) {
        if (codePoints <= 0) {
            return "";
        }
        if (length(s) <= codePoints) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, codePoints));
    }

    static @Nullable String reservedPrefixProblem(String name) {
        return name.startsWith("H_") || name.startsWith("S_")
                ? "names cannot start with the reserved prefixes 'H_' or 'S_'" : null;
    }

    private static final class Passthrough extends SanitizationStrategy {
        static final Passthrough INSTANCE = new Passthrough();

        @Override
        public String sanitize(String name) {
            return name;
        }
    }

    private static final class AlwaysHash extends SanitizationStrategy {
        final int length;

        AlwaysHash(int length) {
            this.length = length;
        }

        @Override
        public String sanitize(String name) {
            return sha256Hex(name).substring(0, length);
        }
    }

    private static final class HashExcessLength extends SanitizationStrategy {
        final int max;

        HashExcessLength(int max) {
            this.max = max;
        }

        @Override
        public @Nullable String problem(String name) {
            return reservedPrefixProblem(name);
        }

        @Override
        public String sanitize(String name) {
            if (length(name) <= max) {
                return name;
            }
            String hex = sha256Hex(name);
            return "H_" + hex.substring(0, Math.min(hex.length(), max - 2));
        }
    }

    private static final class Hybrid extends SanitizationStrategy {
        final int max;
        final @Nullable String allowed;
        final char replacement;
        final HashFragmentMode mode;
        final int fragment;

        Hybrid(int max, @Nullable String allowed, char replacement, HashFragmentMode mode, int fragment) {
            this.max = max;
            this.allowed = allowed;
            this.replacement = replacement;
            this.mode = mode;
            this.fragment = fragment;
        }

        @Override
        public @Nullable String problem(String name) {
            return reservedPrefixProblem(name);
        }

        @Override
        public String sanitize(String name) {
            String s = allowed == null ? name : replaceDisallowed(name);
            // cutting a name changes it too: py-key-value cuts without a hash fragment, so two long names with a
            // common beginning shared one physical name (found by SanitizationFuzzTest; docs/decisions.md)
            boolean changed = !s.equals(name) || length(s) > max;
            if (mode == HashFragmentMode.ALWAYS || (mode == HashFragmentMode.ONLY_IF_CHANGED && changed)) {
                String frag = sha256Hex(name).substring(0, fragment);
                return "S_" + take(s, max - (3 + fragment)) + "-" + frag;
            }
            if (length(s) > max) {
                s = take(s, max);
                changed = true;
            }
            if (!changed) {
                return s;
            }
            String prefixed = "S_" + s;
            return length(prefixed) > max ? "S_" + take(s, max - 2) : prefixed;
        }

        private String replaceDisallowed(String value) {
            StringBuilder out = new StringBuilder(value.length());
            boolean inRun = false;
            boolean lastWasReplacement = false;
            for (int i = 0; i < value.length(); ) {
                int cp = value.codePointAt(i);
                i += Character.charCount(cp);
                if (allowed.indexOf(cp) >= 0) {
                    out.appendCodePoint(cp);
                    inRun = false;
                    lastWasReplacement = false;
                } else if (!inRun) {
                    out.append(replacement);
                    inRun = true;
                    lastWasReplacement = true;
                }
            }
            // py-key-value drops a result that is nothing but one replacement character
            return out.length() == 1 && lastWasReplacement ? "" : out.toString();
        }
    }
}
