package dev.reactivekv.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.transfer.JsonLines;
import dev.reactivekv.transfer.Transfer;
import dev.reactivekv.transfer.TransferEntry;
import dev.reactivekv.transfer.TransferOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import reactor.core.publisher.Flux;

/** {@code reactive-kv import}: the JSON Lines of {@code export} into a store, skipping keys it already holds. */
@Command(name = "import", description = {"Read JSON Lines (as written by export) into a store.",
        "A file is checked whole before anything is written; keys the store holds are skipped unless --overwrite."})
final class Import extends TransferCommand {

    @Option(names = "--store", required = true, paramLabel = "URI", description = "The store to write to.")
    String store;

    @Parameters(index = "0", paramLabel = "FILE", description = "The JSON Lines file ('-' for standard input).")
    String input;

    @Override
    public Integer call() {
        TransferOptions options = options();
        ProgressDisplay.Mode mode = mode();
        boolean stdin = "-".equals(input);
        Path file = stdin ? null : Path.of(input);
        if (file != null && !Files.isReadable(file)) {
            throw new StoreSetupException("Cannot read " + file);
        }
        // a file is read twice: first to check every line (and count them) so a bad line writes nothing
        Long total = file == null ? null : JsonLines.read(file).count().block();
        try (KeyValueStore target = open("--store", store)) {
            Flux<TransferEntry> entries = file == null ? JsonLines.read(System.in) : JsonLines.read(file);
            if (!options.collections().isEmpty()) {
                entries = entries.filter(e -> options.collections().contains(e.collection()));
                total = null;
            }
            return run(Transfer.write(entries, target, options), "imported", total);
        }
    }
}
