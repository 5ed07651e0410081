package dev.reactivekv.cli;

import dev.reactivekv.KeyValueStore;
import dev.reactivekv.transfer.Transfer;
import dev.reactivekv.transfer.TransferOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reactive-kv copy --from URI --to URI}: every entry, with its remaining TTL, skipping what the target has. */
@Command(name = "copy", description = {"Copy every entry (and its remaining TTL) from one store to another.",
        "Keys the target already holds are skipped unless --overwrite: after an interruption, run it again."})
final class Copy extends TransferCommand {

    @Option(names = "--from", required = true, paramLabel = "URI", description = "The source store.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "URI", description = "The target store.")
    String to;

    @Override
    public Integer call() {
        if (from.equals(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from and --to name the same store");
        }
        TransferOptions options = options();
        ProgressDisplay.Mode mode = mode();
        try (KeyValueStore source = open("--from", from); KeyValueStore target = open("--to", to)) {
            Long total = mode == ProgressDisplay.Mode.NONE ? null : Transfer.count(source, options).block(Main.TIMEOUT);
            return run(Transfer.copy(source, target, options), "copied", total);
        }
    }
}
