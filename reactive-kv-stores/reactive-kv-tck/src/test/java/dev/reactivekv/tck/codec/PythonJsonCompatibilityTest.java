package dev.reactivekv.tck.codec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reactivekv.spi.JsonValues;
import dev.reactivekv.internal.codec.PyJson;
import dev.reactivekv.tck.ValueCases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our JSON dialect against the real thing: CPython's {@code json.dumps(sort_keys=True)} run as a
 * child process over the shared value cases and 20,000 random doubles (float repr is where a
 * Java writer most easily differs). Python is a hard requirement of the test run.
 */
class PythonJsonCompatibilityTest {

    private static final String PYTHON = System.getenv().getOrDefault("RKV_PYTHON", "/usr/bin/python3");
    private static final String SCRIPT = String.join("\n",
            "import json, sys",
            "for line in sys.stdin:",
            "    sys.stdout.write(json.dumps(json.loads(line), sort_keys=True) + '\\n')",
            "sys.stdout.flush()");

    /** Sends each value as strict JSON (Jackson), returns what Python's json.dumps makes of it. */
    private static List<String> pythonDumps(List<Object> values) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT).redirectErrorStream(false).start();
        List<String> out = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        reader.start();
        try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (Object v : values) {
                w.write(mapper.writeValueAsString(v));
                w.write('\n');
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("python finished").isTrue();
        reader.join(10_000);
        assertThat(p.exitValue()).as("python exit code (stderr: %s)",
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return out;
    }

    @Test
    void valueCasesMatchPythonAndTheirRecordedJson() throws Exception {
        List<ValueCases.Case> cases = new ArrayList<>(ValueCases.simple());
        cases.addAll(ValueCases.large());
        List<Object> values = new ArrayList<>(cases.stream().map(c -> (Object) c.value()).toList());
        List<String> python = pythonDumps(values);
        for (int i = 0; i < cases.size(); i++) {
            ValueCases.Case c = cases.get(i);
            String ours = PyJson.dumpsSorted(JsonValues.copyObject(c.value()));
            assertThat(ours).as(c.name()).isEqualTo(python.get(i)).isEqualTo(c.pythonJson());
        }
    }

    @Test
    void randomDoublesPrintLikePythonRepr() throws Exception {
        SplittableRandom random = new SplittableRandom(20261124);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong()) ;
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
                case 2 -> Math.pow(10, random.nextInt(-20, 25));
                default -> random.nextInt(-1_000_000, 1_000_000) / 1000.0;
            };
            if (Double.isFinite(d)) {
                values.add(Map.of("d", d));
            }
        }
        List<String> python = pythonDumps(values);
        for (int i = 0; i < values.size(); i++) {
            assertThat(PyJson.dumpsSorted(values.get(i))).isEqualTo(python.get(i));
        }
    }
}
