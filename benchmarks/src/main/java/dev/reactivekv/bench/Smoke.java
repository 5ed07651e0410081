package dev.reactivekv.bench;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A JUnit-free check of the harness, without JMH: for every benchmark class on the class path, every
 * combination of its {@code @Param} values (numeric axes: first and last only; scans shrunk to 10,000
 * keys) is set up (which
 * runs each benchmark's self-checks against its baseline), every {@code @Benchmark} method is called
 * twice, and the state is torn down. Exit status 1 if anything failed; "not available" wrappers are
 * reported as skipped. Backend classes whose store module was not built are skipped by name.
 *
 * <pre>java -cp benchmarks.jar dev.reactivekv.bench.Smoke</pre>
 */
public final class Smoke {

    static final List<String> CLASSES = List.of(
            "dev.reactivekv.bench.MemoryBenchmark",
            "dev.reactivekv.bench.MemoryBulkBenchmark",
            "dev.reactivekv.bench.WrapperStackBenchmark",
            "dev.reactivekv.bench.WrapperEachBenchmark",
            "dev.reactivekv.bench.WrapperPayloadBenchmark",
            "dev.reactivekv.bench.WrapperMetersBenchmark",
            "dev.reactivekv.bench.MemoryScanBenchmark",
            "dev.reactivekv.bench.MemoryWatchBenchmark",
            "dev.reactivekv.bench.RedisBenchmark",
            "dev.reactivekv.bench.RedisBulkBenchmark",
            "dev.reactivekv.bench.RedisInFlightBenchmark",
            "dev.reactivekv.bench.RedisCodecBenchmark",
            "dev.reactivekv.bench.RedisScanBenchmark",
            "dev.reactivekv.bench.RedisWatchBenchmark",
            "dev.reactivekv.bench.MongoBenchmark",
            "dev.reactivekv.bench.MongoBulkBenchmark",
            "dev.reactivekv.bench.DiskBenchmark",
            "dev.reactivekv.bench.DiskScanBenchmark",
            "dev.reactivekv.bench.RocksDbBenchmark",
            "dev.reactivekv.bench.RocksDbScanBenchmark",
            "dev.reactivekv.bench.DynamoDbBenchmark",
            "dev.reactivekv.bench.DynamoDbBulkBenchmark",
            "dev.reactivekv.bench.PostgresBenchmark",
            "dev.reactivekv.bench.MemcachedBenchmark",
            "dev.reactivekv.bench.SearchBenchmark",
            "dev.reactivekv.bench.SearchBulkBenchmark");

    private static final Map<String, String> SHRINK = Map.of("keys", "10000");

    private Smoke() {
    }

    public static void main(String[] args) throws Exception {
        int failures = 0;
        int runs = 0;
        for (String name : CLASSES) {
            Class<?> type;
            try {
                type = Class.forName(name);
            } catch (ClassNotFoundException e) {
                System.out.println("SKIP " + name + " (store module not built into this suite)");
                continue;
            }
            for (Map<String, String> params : combinations(type)) {
                runs++;
                String label = type.getSimpleName() + params;
                try {
                    runOnce(type, params);
                    System.out.println("OK   " + label);
                } catch (Throwable t) {
                    Throwable cause = t instanceof InvocationTargetException ite ? ite.getCause() : t;
                    if (cause instanceof UnsupportedOperationException) {
                        System.out.println("SKIP " + label + ": " + cause.getMessage());
                    } else {
                        failures++;
                        System.out.println("FAIL " + label + ": " + cause);
                        cause.printStackTrace(System.out);
                    }
                }
            }
        }
        System.out.println(runs + " configurations, " + failures + " failed");
        System.exit(failures == 0 ? 0 : 1);
    }

    private static List<Map<String, String>> combinations(Class<?> type) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(Map.of());
        for (Field f : type.getFields()) {
            Param p = f.getAnnotation(Param.class);
            if (p == null) {
                continue;
            }
            // every named variant (wrapper kinds), but only the extremes of numeric axes
            List<String> values = SHRINK.containsKey(f.getName()) ? List.of(SHRINK.get(f.getName()))
                    : f.getType() == String.class || p.value().length == 1 ? List.of(p.value())
                    : List.of(p.value()[0], p.value()[p.value().length - 1]);
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : values) {
                    Map<String, String> m = new java.util.TreeMap<>(c);
                    m.put(f.getName(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        return combos;
    }

    private static void runOnce(Class<?> type, Map<String, String> params) throws Exception {
        Object state = type.getConstructor().newInstance();
        for (Map.Entry<String, String> p : params.entrySet()) {
            Field f = type.getField(p.getKey());
            Class<?> t = f.getType();
            f.set(state, t == int.class ? (Object) Integer.parseInt(p.getValue())
                    : t == long.class ? (Object) Long.parseLong(p.getValue()) : p.getValue());
        }
        invokeAll(type, state, Setup.class);
        try {
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    m.invoke(state);
                    m.invoke(state);
                }
            }
        } finally {
            invokeAll(type, state, TearDown.class);
        }
    }

    private static void invokeAll(Class<?> type, Object state, Class<? extends java.lang.annotation.Annotation> a)
            throws Exception {
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(a)) {
                m.invoke(state);
            }
        }
    }
}
