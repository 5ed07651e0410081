package dev.reactivekv.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.reactivekv.cli.bench.BenchReport.Latency;
import dev.reactivekv.cli.bench.BenchReport.OperationResult;
import dev.reactivekv.cli.bench.BenchReport.StoreResult;

/** Renders a {@link BenchReport} as a plain-text table for the terminal: one row per store and operation. */
public final class TableReport {

    private TableReport() {
    }

    public static String render(BenchReport report) {
        StringBuilder out = new StringBuilder();
        out.append(summary(report)).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"store", "operation", "ops", "ops/s", "errors", "p50 µs", "p90 µs", "p99 µs",
                "p99.9 µs", "max µs"});
        for (StoreResult store : report.stores()) {
            for (OperationResult op : store.results()) {
                rows.add(row(store.store(), op.operation(), op, op.latency()));
                if (op.corrected() != null) {
                    rows.add(row("", op.operation() + " (corrected)", op, op.corrected()));
                }
            }
            rows.add(new String[]{"", "total", Long.toString(store.operations()), number(store.throughput()),
                    Long.toString(store.errors()), "", "", "", "", ""});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(i < 2 ? cell + pad : pad + cell).append(i < row.length - 1 ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        for (StoreResult store : report.stores()) {
            for (OperationResult op : store.results()) {
                if (op.firstError() != null) {
                    out.append(String.format(Locale.ROOT, "%s %s: %d errors, first: %s%n", store.store(),
                            op.operation(), op.errors(), op.firstError()));
                }
            }
            if (store.unstarted() > 0) {
                out.append(String.format(Locale.ROOT, "%s: %d scheduled operations never started (the store "
                        + "did not keep up with --rate)%n", store.store(), store.unstarted()));
            }
        }
        return out.toString();
    }

    static String summary(BenchReport r) {
        return String.format(Locale.ROOT, "workload %s (%s), %s over %d keys, %d-byte values, concurrency %d, "
                        + "%s s measured after %s s warm-up, %s, collection '%s'; %d cores, load average %.2f → %.2f",
                r.workload(), r.description(), r.distribution(), r.keys(), r.valueSize(), r.concurrency(),
                number(r.durationSeconds()), number(r.warmupSeconds()),
                r.rate() == null ? "as fast as possible" : "paced at " + number(r.rate()) + " ops/s",
                r.collection(), r.machine().processors(), r.machine().loadAverageBefore(),
                r.machine().loadAverageAfter());
    }

    private static String[] row(String store, String operation, OperationResult op, Latency l) {
        return new String[]{store, operation, Long.toString(op.count()), number(op.throughput()),
                Long.toString(op.errors()), number(l.p50()), number(l.p90()), number(l.p99()), number(l.p999()),
                number(l.max())};
    }

    static String number(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }
}
