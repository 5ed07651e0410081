package dev.reactivekv.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where {@code serve --http} finds its bearer token: {@code --token-file FILE} (its first line), else the
 * environment variable {@value #ENV}, else the deprecated {@code --token} (visible to every local user in the
 * process list, hence the warning). Giving both a file and {@code --token} is an error.
 */
final class TokenSource {

    static final String ENV = "RKV_MCP_TOKEN";

    private TokenSource() {
    }

    /**
     * The token, or {@code null} for none; warnings go to {@code err}.
     *
     * @throws IllegalArgumentException naming the fix: both sources given, unreadable file, empty token
     */
    static @Nullable String resolve(@Nullable String option, @Nullable Path file, Map<String, String> env,
                                    PrintWriter err) {
        if (option != null) {
            err.println("warning: --token is deprecated: every local user can read it in the process list; "
                    + "use --token-file FILE or the environment variable " + ENV);
        }
        if (file != null) {
            if (option != null) {
                throw new IllegalArgumentException("give the token once: --token-file or --token, not both");
            }
            return read(file);
        }
        if (option != null) {
            return nonBlank(option, "--token");
        }
        String fromEnv = env.get(ENV);
        return fromEnv == null || fromEnv.isEmpty() ? null : nonBlank(fromEnv.trim(), ENV);
    }

    private static String read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --token-file " + file + ": " + e.getMessage()
                    + "; give a readable file whose first line is the token", e);
        }
        String first = text.lines().findFirst().orElse("").trim();
        return nonBlank(first, "--token-file " + file + " (its first line)");
    }

    private static String nonBlank(String token, String where) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the token from " + where + " is empty; put the token there");
        }
        return token;
    }
}
