package dev.reactivekv.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * Compare-and-set on the stored bytes: replaces the value only if the first 16 hex digits of
 * {@code redis.sha1hex(current)} equal the expected version, which is exactly
 * {@link dev.reactivekv.spi.Versions#ofStored}. Run with EVALSHA, falling back to EVAL (which also
 * loads the script) when the server answers NOSCRIPT (after a restart or SCRIPT FLUSH).
 *
 * <p>The script never interprets the envelope: expiry by the store's clock is checked in Java on
 * the bytes read, and the digest guarantees the script replaces those very bytes.
 */
final class CasScript {

    static final String SOURCE = """
            local cur = redis.call('GET', KEYS[1])
            if not cur or string.sub(redis.sha1hex(cur), 1, 16) ~= ARGV[1] then return 0 end
            if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2])
            else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
            return 1
            """;

    static final String SHA = sha1(SOURCE);

    private CasScript() {
    }

    /** Emits true when the value was replaced by {@code stored}, the new envelope's bytes. */
    static Mono<Boolean> run(RedisClusterReactiveCommands<String, byte[]> cmds, String key, String expectedVersion,
                             byte[] stored, String pxOrEmpty) {
        String[] keys = {key};
        byte[] version = expectedVersion.getBytes(StandardCharsets.US_ASCII);
        byte[] px = pxOrEmpty.getBytes(StandardCharsets.US_ASCII);
        return cmds.<Long>evalsha(SHA, ScriptOutputType.INTEGER, keys, version, stored, px)
                .onErrorResume(RedisNoScriptException.class,
                        e -> cmds.<Long>eval(SOURCE, ScriptOutputType.INTEGER, keys, version, stored, px))
                .next()
                .map(n -> n == 1L)
                .defaultIfEmpty(false);
    }

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
