package dev.reactivekv.cli.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.cli.bench.BenchReport.Machine;
import dev.reactivekv.cli.bench.BenchReport.StoreResult;
import dev.reactivekv.cli.bench.StoreBench.BenchRefusedException;
import dev.reactivekv.spi.StoreUri;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * {@code reactive-kv bench}: a YCSB-like workload on each {@code --store} in turn, through the reactive-kv API,
 * reported side by side. Exit codes: 0 done (errors are reported, not fatal), 1 a store failed, 2 usage error
 * or refusal (the store cannot watch, or the collection already holds keys).
 */
@Command(name = "bench", sortOptions = false,
        description = {"Compare stores with a YCSB-like workload through the reactive-kv API.",
                "Works only in its own collection, refuses a collection that holds keys (unless --force), and "
                        + "deletes what it wrote at the end, also on Ctrl-C. See docs/bench.md."})
public final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads 500ms, 30s, 2m, 1h or ISO-8601 durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return StoreUri.parseDuration(value);
        }
    }

    enum Format { table, json, html }

    @Option(names = "--store", required = true, paramLabel = "URI",
            description = "A store to benchmark (repeat to compare): memory:, disk:PATH, rocksdb:PATH, redis://…")
    List<String> stores;

    @Option(names = "--workload", defaultValue = "A",
            description = "A (50/50 read/update), B (95/5), C (read only), E (short scans), W (watch latency). "
                    + "Default: ${DEFAULT-VALUE}.")
    Workload workload;

    @Option(names = "--distribution", defaultValue = "zipfian", description = "uniform or zipfian (default).")
    String distribution;

    @Option(names = "--value-size", defaultValue = "100", paramLabel = "BYTES", description = "Default: ${DEFAULT-VALUE}.")
    int valueSize;

    @Option(names = "--keys", defaultValue = "10000", paramLabel = "N", description = "Keys loaded. Default: ${DEFAULT-VALUE}.")
    long keys;

    @Option(names = "--concurrency", defaultValue = "16", paramLabel = "N",
            description = "Operations in flight. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "Measured phase. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "Uncounted warm-up. Default: ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--rate", paramLabel = "OPS_PER_S",
            description = "Pace on a fixed schedule; also reports latencies corrected for coordinated omission.")
    Double rate;

    @Option(names = "--format", defaultValue = "table", description = "table, json or html. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report here (the table still goes to standard output).")
    Path output;

    @Option(names = "--collection", defaultValue = "rkv-bench", description = "Default: ${DEFAULT-VALUE}.")
    String collection;

    @Option(names = "--force", description = "Run even if the collection already holds keys.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!distribution.equals("uniform") && !distribution.equals("zipfian")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--distribution must be uniform or zipfian");
        }
        BenchOptions options;
        try {
            options = BenchOptions.defaults(workload).withKeys(keys, distribution)
                    .withLoad(valueSize, concurrency, rate).withTimes(warmup, duration).withCollection(collection);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        String startedAt = Instant.now().toString();
        double loadBefore = loadAverage();
        List<StoreResult> results = new ArrayList<>();
        try {
            for (String uri : stores) {
                results.add(runOne(uri, options, err));
            }
        } catch (BenchRefusedException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        BenchReport report = new BenchReport(workload.name(), workload.description(), distribution, keys, valueSize,
                concurrency, warmup.toMillis() / 1000.0, duration.toMillis() / 1000.0, rate, collection,
                new Machine(startedAt, Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
                        System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
                        System.getProperty("os.name") + " " + System.getProperty("os.arch")),
                results);
        String text = switch (format) {
            case table -> TableReport.render(report);
            case json -> JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
            case html -> HtmlReport.render(report);
        };
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
            if (format != Format.table) {
                spec.commandLine().getOut().print(TableReport.render(report));
                spec.commandLine().getOut().flush();
            }
            err.println("wrote " + output);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }

    /** One store: opened, checked, run and cleaned up, with a shutdown hook that cleans up on Ctrl-C. */
    private StoreResult runOne(String uri, BenchOptions options, PrintWriter err) {
        String label = StoreUri.redact(uri);
        try (KeyValueStore kv = KeyValueStores.open(uri)) {
            StoreBench bench = new StoreBench(kv, label, options, phase -> { });
            bench.check(force);
            Thread hook = new Thread(() -> {
                if (!bench.stopAndCleanUp(Duration.ofSeconds(10))) {
                    System.err.println("\nreactive-kv bench: clean-up of " + label + " did not finish in 10 s; "
                            + "delete the collection '" + options.collection() + "' yourself");
                }
            }, "rkv-bench-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            Disposable progress = progress(bench, options, err);
            try {
                return bench.run();
            } finally {
                progress.dispose();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running (Ctrl-C): it finishes the clean-up
                }
            }
        }
    }

    /** A live progress line on stderr, only when there is a terminal to overwrite it on. */
    private static Disposable progress(StoreBench bench, BenchOptions options, PrintWriter err) {
        if (System.console() == null) {
            return Disposables.disposed();
        }
        long started = System.nanoTime();
        return Flux.interval(Duration.ofMillis(500), Duration.ofMillis(500), Schedulers.boundedElastic())
                .doFinally(s -> {
                    err.print("\r\033[K");
                    err.flush();
                })
                .subscribe(tick -> {
                    err.print(String.format(Locale.ROOT, "\r\033[K%s  %-7s %,d ops  %.0f s", bench.label(),
                            bench.phase().name().toLowerCase(Locale.ROOT), bench.completed(),
                            (System.nanoTime() - started) / 1e9));
                    err.flush();
                });
    }
}
