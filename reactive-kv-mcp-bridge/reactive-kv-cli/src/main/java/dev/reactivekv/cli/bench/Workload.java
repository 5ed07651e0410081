package dev.reactivekv.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The operation mixes of {@code reactive-kv bench}, after YCSB's core workloads (A, B, C, E) plus W, the
 * latency from a put to the watch event it causes.
 */
public enum Workload {
    A("update heavy: 50% read, 50% update", Map.of(Operation.READ, 0.5, Operation.UPDATE, 0.5)),
    B("read mostly: 95% read, 5% update", Map.of(Operation.READ, 0.95, Operation.UPDATE, 0.05)),
    C("read only: 100% read", Map.of(Operation.READ, 1.0)),
    E("short scans: 95% scan (a keys page of 1-100 keys), 5% insert",
            Map.of(Operation.SCAN, 0.95, Operation.INSERT, 0.05)),
    W("watch latency: 100% put, timed until its watch event arrives", Map.of(Operation.WATCH, 1.0));

    private final String description;
    private final List<Operation> operations;
    private final double[] cumulative;

    Workload(String description, Map<Operation, Double> mix) {
        this.description = description;
        // enum order, so that reports list operations the same way every time
        this.operations = mix.keySet().stream().sorted().toList();
        this.cumulative = new double[operations.size()];
        double sum = 0;
        for (int i = 0; i < operations.size(); i++) {
            sum += mix.get(operations.get(i));
            cumulative[i] = sum;
        }
    }

    public String description() {
        return description;
    }

    /** The operations this workload issues, in report order. */
    public List<Operation> operations() {
        return operations;
    }

    /** Draws the next operation with this workload's proportions. */
    Operation next(RandomGenerator random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return operations.get(i);
            }
        }
        return operations.get(operations.size() - 1);
    }

    /** One kind of timed operation. */
    public enum Operation {
        READ, UPDATE, SCAN, INSERT, WATCH;

        /** The name reports use. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
