package dev.reactivekv.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.transfer.TransferOptions;
import dev.reactivekv.transfer.TransferProgress;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;

/** What copy, export and import share: which collections, batch size, overwrite, and the progress display. */
abstract class TransferCommand implements Callable<Integer> {

    @Option(names = {"-c", "--collection"}, split = ",", paramLabel = "NAME",
            description = "Only these collections (repeat or separate with commas). Default: every collection.")
    List<String> collections = List.of();

    @Option(names = "--overwrite", description = "Replace entries the target already holds (default: skip them, "
            + "so an interrupted run can be repeated).")
    boolean overwrite;

    @Option(names = "--batch", defaultValue = "" + TransferOptions.DEFAULT_BATCH_SIZE, paramLabel = "N",
            description = "Entries per backend batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, plain lines otherwise), bar, lines or none. On stderr.")
    String progress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    TransferOptions options() {
        if (batch < 1 || batch > dev.reactivekv.ScanOptions.MAX_PAGE_SIZE) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--batch must be 1.." + dev.reactivekv.ScanOptions.MAX_PAGE_SIZE);
        }
        return TransferOptions.defaults().withCollections(collections).withBatchSize(batch).withOverwrite(overwrite);
    }

    ProgressDisplay.Mode mode() {
        try {
            return ProgressDisplay.Mode.valueOf(progress.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--progress must be auto, bar, lines or none, not '" + progress + "'");
        }
    }

    /** Opens a store named on the command line; a bad URI is a usage error naming the option. */
    KeyValueStore open(String option, String uri) {
        try {
            return KeyValueStores.open(uri);
        } catch (dev.reactivekv.error.StoreSetupException e) {
            throw new dev.reactivekv.error.StoreSetupException(option + " " + e.getMessage(), e);
        }
    }

    /** Runs the transfer to its end, showing progress; on failure says what was done before rethrowing. */
    int run(Flux<TransferProgress> transfer, String verb, @Nullable Long total) {
        ProgressDisplay display = new ProgressDisplay(err(), verb, mode(), total);
        AtomicReference<TransferProgress> last = new AtomicReference<>(
                new TransferProgress(0, 0, 0, 0, java.time.Duration.ZERO));
        try {
            transfer.doOnNext(p -> {
                last.set(p);
                display.update(p);
            }).blockLast();
        } catch (RuntimeException e) {
            display.failed(last.get());
            throw e;
        }
        display.finish(last.get());
        return 0;
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
