package dev.reactivekv.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.Entry;
import dev.reactivekv.KeyFilter;
import dev.reactivekv.error.KeyValueException;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.ScanOptions;
import dev.reactivekv.mcp.BridgeOptions;
import dev.reactivekv.mcp.KvMcpServer;
import dev.reactivekv.mcp.SessionOptions;
import dev.reactivekv.mcp.transport.HttpTransportOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code reactive-kv} command line: {@code serve} runs the MCP bridge (stdio by default, Streamable HTTP
 * with {@code --http}); {@code get}, {@code put}, {@code delete}, {@code keys} and {@code watch} work on a
 * store from a terminal. Logs go to stderr (stdout is the MCP channel in stdio mode). Exit codes: 0 success,
 * 1 store error, 2 usage error, 3 {@code get} of a missing key.
 */
// scope INHERIT: --help and --version on every subcommand too (`reactive-kv serve --help`)
@Command(name = "reactive-kv", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        version = "reactive-kv " + "0.1.0",
        description = "Reactive key-value store: MCP server and terminal tools.",
        subcommands = {Main.Serve.class, Main.Get.class, Main.Put.class, Main.Delete.class, Main.Keys.class,
                Main.Watch.class, Copy.class, Export.class, Import.class,
                dev.reactivekv.cli.bench.BenchCommand.class})
public final class Main {

    static final ObjectMapper JSON = new ObjectMapper();

    /** How long a terminal command waits for the store. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "rkv-cli-logback.xml");
        }
        if (System.getProperty("logback.statusListenerClass") == null) {
            // on a configuration warning logback prints its whole status log to stdout, the MCP channel of `serve`
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        }
        System.setProperty("chronicle.analytics.disable", "true");
        System.exit(run(args));
    }

    /** Runs the command line without exiting the JVM; returns the exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #run(String...)}, printing results to {@code out} and diagnostics to {@code err}. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main()).setOut(out).setErr(err).setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + describe(e));
            return 1;
        }).execute(args);
    }

    /** A message for a person: the exception's own message, its type only when it has none. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null ? describe(e.getCause()) : e.getClass().getSimpleName();
        }
        return message;
    }

    /** Options shared by the store commands; each command runs on a store opened and closed around it. */
    abstract static class StoreCommand implements Callable<Integer> {
        @Option(names = "--store", paramLabel = "URI",
                description = "Store URI (memory:, disk:PATH, redis://…, …). Default: the disk store in the "
                        + "platform data directory when available, else memory:.")
        String store;

        @Option(names = {"-c", "--collection"}, defaultValue = KeyValueStore.DEFAULT_COLLECTION,
                description = "Collection (default: ${DEFAULT-VALUE}).")
        String collection;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The command on the open store; returns the exit code. */
        abstract int run(KeyValueStore kv) throws Exception;

        @Override
        public final Integer call() throws Exception {
            // passed through as given: KeyValueStores.open reads a bare "memory:" or "disk:" itself
            try (KeyValueStore kv = open(store != null ? store : DefaultStore.uri())) {
                return run(kv);
            } finally {
                out().flush();
            }
        }

        /** Opens the store the command works on; may block. */
        KeyValueStore open(String uri) {
            return KeyValueStores.open(uri);
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "serve", description = "Serve the store over MCP (stdio, or Streamable HTTP with --http).")
    static final class Serve extends StoreCommand {
        @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve Streamable HTTP at http://HOST:PORT/mcp.")
        String http;

        @Option(names = "--read-only", description = "Offer no writing tools.")
        boolean readOnly;

        @Option(names = "--token-file", paramLabel = "FILE",
                description = "Require 'Authorization: Bearer TOKEN' (HTTP), TOKEN being this file's first line. "
                        + "Or set the environment variable " + TokenSource.ENV + ".")
        java.nio.file.Path tokenFile;

        @Option(names = "--token", paramLabel = "TOKEN", hidden = true,
                description = "Deprecated: visible to every local user in the process list; use --token-file or "
                        + TokenSource.ENV + ".")
        String token;

        @Option(names = "--collections", split = ",", paramLabel = "NAME",
                description = "Expose only these collections.")
        List<String> collections;

        @Option(names = "--allow-host", paramLabel = "NAME",
                description = "Also accept this Host/Origin name (beyond localhost, 127.0.0.1, [::1]).")
        List<String> allowHosts;

        @Option(names = "--max-request-bytes", defaultValue = "4194304",
                description = "Longest message: HTTP body or stdio line (default: ${DEFAULT-VALUE}).")
        int maxRequestBytes;

        @Option(names = "--session-store", paramLabel = "URI",
                description = "Keep HTTP sessions and their event logs in this store (default: the served store, "
                        + "collection __rkv_mcp_sessions). Instances sharing it serve each other's sessions; "
                        + "memory: keeps them in this process only.")
        String sessionStore;

        @Option(names = "--event-log-size", defaultValue = "100", paramLabel = "N",
                description = "Events per HTTP session replayable on Last-Event-ID (default: ${DEFAULT-VALUE}).")
        int eventLogSize;

        @Option(names = "--session-idle-timeout", defaultValue = "1800", paramLabel = "SECONDS",
                description = "End HTTP sessions idle this long; their stored records expire with it (default: ${DEFAULT-VALUE}).")
        long sessionIdleSeconds;

        @Option(names = "--max-tool-value-bytes", defaultValue = "" + BridgeOptions.DEFAULT_MAX_TOOL_VALUE_BYTES,
                description = "Largest value kv_get returns; larger ones are read with resources/read "
                        + "(default: ${DEFAULT-VALUE}).")
        int maxToolValueBytes;

        /** The disk store opens after the server listens (see {@link ServedStore}): its open costs seconds. */
        @Override
        KeyValueStore open(String uri) {
            return ServedStore.open(uri, spec.commandLine().getErr());
        }

        @Override
        int run(KeyValueStore kv) {
            if (maxRequestBytes < 1024) {
                throw usage("--max-request-bytes must be at least 1024");
            }
            if (maxToolValueBytes < 1) {
                throw usage("--max-tool-value-bytes must be positive");
            }
            BridgeOptions bridge = BridgeOptions.defaults().withReadOnly(readOnly)
                    .withAllowedCollections(collections == null ? Set.of() : new LinkedHashSet<>(collections))
                    .withMaxToolValueBytes(maxToolValueBytes);
            KvMcpServer server;
            KeyValueStore sessions = null;
            if (http != null) {
                int colon = http.lastIndexOf(':');
                int port = colon <= 0 ? -1 : parsePort(http.substring(colon + 1));
                if (port < 0) {
                    throw usage("--http needs HOST:PORT with a port within 0..65535, e.g. --http 127.0.0.1:8765");
                }
                String host = http.substring(0, colon);
                String bearer;
                try {
                    bearer = TokenSource.resolve(token, tokenFile, System.getenv(), spec.commandLine().getErr());
                } catch (IllegalArgumentException e) {
                    throw usage(e.getMessage());
                }
                HttpTransportOptions.Builder options = HttpTransportOptions.builder()
                        .bearerToken(bearer).maxRequestBytes(maxRequestBytes)
                        .sessionIdleTimeout(Duration.ofSeconds(sessionIdleSeconds));
                if (allowHosts != null) {
                    allowHosts.forEach(options::allowHost);
                }
                SessionOptions sessionOptions = SessionOptions.defaults().withEventLogSize(eventLogSize);
                if (sessionStore != null) {
                    sessions = KeyValueStores.open(sessionStore);
                    sessionOptions = sessionOptions.withStore(sessions);
                }
                server = KvMcpServer.startHttp(kv, bridge, options.build(), sessionOptions,
                        host.replace("[", "").replace("]", ""), port);
                System.err.println("reactive-kv MCP server: http://" + http + "/mcp");
            } else {
                if (token != null || tokenFile != null) {
                    spec.commandLine().getErr().println("warning: a token applies to --http only; stdio has no authentication");
                }
                // the raw descriptor, not System.out: a PrintStream hides write errors, and a broken stdout must end the server
                server = KvMcpServer.startStdio(kv, bridge, System.in,
                        new java.io.FileOutputStream(java.io.FileDescriptor.out), maxRequestBytes);
            }
            if (kv instanceof OpeningStore opening) {
                opening.begin(); // only now: opening alongside the transport's start-up would delay listening
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "rkv-shutdown"));
            try {
                server.onClose().block();
            } catch (RuntimeException e) {
                // stdin or stdout failed: the client is gone or the pipe broke; say so and exit non-zero
                spec.commandLine().getErr().println("error: MCP server stopped: " + describe(reactor.core.Exceptions.unwrap(e)));
                return 1;
            } finally {
                server.close();
                if (sessions != null) {
                    sessions.close();
                }
            }
            return 0;
        }

        private CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }

        private static int parsePort(String s) {
            try {
                int port = Integer.parseInt(s);
                return port >= 0 && port <= 65535 ? port : -1;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** The commands on one key, their first parameter. */
    abstract static class KeyCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;
    }

    @Command(name = "get", description = "Print the JSON value of a key (exit 3 when missing).")
    static final class Get extends KeyCommand {
        @Override
        int run(KeyValueStore kv) throws Exception {
            Entry e = kv.ttl(collection, key).block(TIMEOUT);
            if (e == null) {
                spec.commandLine().getErr().println("not found: " + collection + "/" + key);
                return 3;
            }
            out().println(JSON.writeValueAsString(e.value()));
            return 0;
        }
    }

    @Command(name = "put", description = "Store a JSON object under a key.")
    static final class Put extends KeyCommand {
        @Parameters(index = "1", paramLabel = "JSON", description = "A JSON object, e.g. '{\"a\":1}'.")
        String json;

        @Option(names = "--ttl", paramLabel = "SECONDS", description = "Expire after this many seconds.")
        Double ttl;

        @Override
        int run(KeyValueStore kv) throws Exception {
            Map<String, Object> value = jsonObject(json);
            kv.put(collection, key, value, ttl == null ? null : Duration.ofMillis(Math.round(ttl * 1000))).block(TIMEOUT);
            return 0;
        }

        /** The argument as a map; a usage error naming the problem (and no Java type) otherwise. */
        private Map<String, Object> jsonObject(String text) {
            com.fasterxml.jackson.databind.JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                String where = e.getLocation() == null ? "" : " at character " + (e.getLocation().getCharOffset() + 1);
                throw badJson("not valid JSON" + where + ": " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw badJson("got " + (node == null ? "nothing" : "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
            }
            return JSON.convertValue(node, new TypeReference<Map<String, Object>>() {
            });
        }

        private CommandLine.ParameterException badJson(String problem) {
            return new CommandLine.ParameterException(spec.commandLine(),
                    "JSON must be one JSON object, e.g. '{\"text\":\"hi\"}' (quoted for the shell); " + problem);
        }
    }

    @Command(name = "delete", description = "Delete a key; prints true if something was deleted.")
    static final class Delete extends KeyCommand {
        @Override
        int run(KeyValueStore kv) {
            out().println(kv.delete(collection, key).block(TIMEOUT));
            return 0;
        }
    }

    /** The commands that can narrow a collection to the keys with a prefix. */
    abstract static class PrefixCommand extends StoreCommand {
        @Option(names = "--prefix", description = "Only keys starting with this.")
        String prefix;
    }

    @Command(name = "keys", description = "List the keys of a collection, one per line.")
    static final class Keys extends PrefixCommand {
        @Override
        int run(KeyValueStore kv) {
            kv.keys(collection, prefix == null ? ScanOptions.all() : ScanOptions.prefix(prefix))
                    .toIterable().forEach(k -> out().println(k));
            return 0;
        }
    }

    @Command(name = "watch", description = "Print changes to a collection as they happen (Ctrl-C to stop).")
    static final class Watch extends PrefixCommand {
        @Override
        int run(KeyValueStore kv) {
            kv.watch(collection, prefix == null ? KeyFilter.all() : KeyFilter.prefix(prefix))
                    .toIterable(1)
                    .forEach(e -> {
                        out().println(e.type() + " " + e.collection() + (e.key() == null ? "" : "/" + e.key()));
                        out().flush();
                    });
            return 0;
        }
    }
}
