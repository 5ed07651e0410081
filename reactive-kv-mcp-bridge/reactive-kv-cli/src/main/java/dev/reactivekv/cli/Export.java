package dev.reactivekv.cli;

import java.nio.file.Path;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.transfer.JsonLines;
import dev.reactivekv.transfer.Transfer;
import dev.reactivekv.transfer.TransferOptions;
import dev.reactivekv.transfer.TransferProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;

/** {@code reactive-kv export}: every entry as one JSON line (docs/copy.md). */
@Command(name = "export", description = {"Write every entry as JSON Lines: collection, key, value, expires_at.",
        "A file is replaced only when the export is complete."})
final class Export extends TransferCommand {

    @Option(names = "--store", required = true, paramLabel = "URI", description = "The store to export.")
    String store;

    @Option(names = {"-o", "--output"}, defaultValue = "-", paramLabel = "FILE",
            description = "Where to write ('-' for standard output, the default).")
    String output;

    @Override
    public Integer call() {
        TransferOptions options = options();
        ProgressDisplay.Mode mode = mode();
        try (KeyValueStore source = open("--store", store)) {
            Long total = mode == ProgressDisplay.Mode.NONE ? null : Transfer.count(source, options).block(Main.TIMEOUT);
            Flux<TransferProgress> written = ("-".equals(output)
                    ? JsonLines.write(Transfer.read(source, options), spec.commandLine().getOut(), options.batchSize())
                    : JsonLines.write(Transfer.read(source, options), Path.of(output), options.batchSize()))
                    .map(n -> new TransferProgress(n, n, 0, 0, java.time.Duration.ofNanos(System.nanoTime() - started)));
            return run(written, "exported", total);
        }
    }

    private final long started = System.nanoTime();
}
