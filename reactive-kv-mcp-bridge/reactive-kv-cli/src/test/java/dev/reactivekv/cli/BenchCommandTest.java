package dev.reactivekv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.KeyValueStores;
import dev.reactivekv.tck.process.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import reactor.core.publisher.Flux;

/**
 * {@code reactive-kv bench} as users run it: the JSON report parses, the HTML page is well-formed and renders
 * its charts in headless Chromium (Debian's {@code chromium}, installed by scripts/lib/servers.sh), a collection
 * holding keys is refused, and Ctrl-C (SIGTERM) still deletes what the run wrote.
 */
class BenchCommandTest {

    static final String[] QUICK = {"--duration", "300ms", "--warmup", "100ms", "--keys", "100", "--concurrency", "4"};

    @TempDir
    Path dir;

    static CommandLineTest.Result bench(String... args) {
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(QUICK));
        all.addAll(List.of(args));
        return CommandLineTest.run(all.toArray(String[]::new));
    }

    @Test
    void jsonReportParsesWithOneEntryPerStoreAndMonotonicPercentiles() throws Exception {
        Path json = dir.resolve("report.json");
        CommandLineTest.Result r = bench("--store", "memory:", "--store", "rocksdb:" + dir.resolve("db"),
                "--workload", "B", "--distribution", "uniform", "--format", "json", "--output", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = CommandLineTest.JSON.readTree(json.toFile());
        assertThat(report.get("workload").asText()).isEqualTo("B");
        assertThat(report.get("rate").isNull()).isTrue();
        assertThat(report.get("stores")).hasSize(2);
        assertThat(report.get("stores").get(0).get("store").asText()).isEqualTo("memory:");
        for (JsonNode store : report.get("stores")) {
            assertThat(store.get("errors").asLong()).isZero();
            long sum = 0;
            for (JsonNode op : store.get("results")) {
                sum += op.get("count").asLong();
                JsonNode l = op.get("latency");
                if (op.get("count").asLong() > 0) {
                    assertThat(l.get("p50").asDouble()).isLessThanOrEqualTo(l.get("p90").asDouble());
                    assertThat(l.get("p90").asDouble()).isLessThanOrEqualTo(l.get("p99").asDouble());
                    assertThat(l.get("p99").asDouble()).isLessThanOrEqualTo(l.get("p999").asDouble());
                    assertThat(l.get("p999").asDouble()).isLessThanOrEqualTo(l.get("max").asDouble());
                }
            }
            assertThat(sum).isEqualTo(store.get("operations").asLong()).isPositive();
        }
    }

    @Test
    void htmlPageIsWellFormedAndRendersItsChartsInHeadlessChromium() throws Exception {
        Path html = dir.resolve("report.html");
        CommandLineTest.Result r = bench("--store", "memory:", "--store", "rocksdb:" + dir.resolve("db"),
                "--rate", "500", "--format", "html", "--output", html.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        // throughput, 5 raw and 5 corrected percentiles, errors
        int charts = 12;
        Document page = xml(html);
        NodeList svgs = page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertThat(svgs.getLength()).isEqualTo(charts);
        assertThat(((Element) svgs.item(0)).getAttribute("class")).isEqualTo("chart");
        // self-contained: nothing to fetch (the only URLs are XML namespace names)
        assertThat(Files.readString(html)).doesNotContain("src=", "href=", "<link", "<script", "@import", "url(");

        String dom = chromiumDumpDom(html);
        assertThat(count(dom, "<svg class=\"chart\"")).isEqualTo(charts);
        // 2 stores × 2 operations bars in every chart
        assertThat(count(dom, "<rect class=\"bar\"")).isEqualTo(charts * 2 * 2);
    }

    @Test
    void refusesACollectionThatHoldsKeysAndForceKeepsThem() {
        String store = "rocksdb:" + dir.resolve("db");
        assertThat(CommandLineTest.run("put", "-c", "rkv-bench", "mine", "{\"a\":1}", "--store", store).exitCode())
                .isZero();
        CommandLineTest.Result refused = bench("--store", store);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("collection 'rkv-bench'", "already holds keys (e.g. 'mine')", "--force");
        assertThat(CommandLineTest.run("keys", "-c", "rkv-bench", "--store", store).out().lines()).containsExactly("mine");

        CommandLineTest.Result forced = bench("--store", store, "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("read", "update", "p99.9 µs");
        assertThat(CommandLineTest.run("keys", "-c", "rkv-bench", "--store", store).out().lines()).containsExactly("mine");
    }

    @Test
    void sigtermDuringTheRunStillDeletesWhatItWrote() throws Exception {
        String redis = "redis://127.0.0.1:" + System.getenv().getOrDefault("RKV_REDIS_PORT", "16379");
        String collection = "rkv-bench-sigterm-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> cmd = ChildJvm.command(Main.class.getName(), "bench", "--store", redis, "--collection", collection,
                "--keys", "300", "--duration", "5m", "--warmup", "0s", "--concurrency", "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bench.log").toFile()).start();
        try (KeyValueStore kv = KeyValueStores.open(redis)) {
            // loaded: all keys present, the run is under way
            Flux.interval(Duration.ofMillis(100)).onBackpressureDrop()
                    .concatMap(tick -> kv.keys(collection).count())
                    .filter(n -> n >= 300)
                    .blockFirst(Duration.ofMinutes(2));
            p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(kv.keys(collection).collectList().block(Duration.ofSeconds(10)))
                    .as(Files.readString(dir.resolve("bench.log"))).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    static Document xml(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    /** The page's DOM after Chromium loaded it and ran its scripts, offline, in a throwaway profile. */
    String chromiumDumpDom(Path html) throws Exception {
        String chromium = System.getenv().getOrDefault("RKV_CHROMIUM", "chromium");
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path dom = dir.resolve("dom.html");
        Process p;
        try {
            p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString())
                    .redirectOutput(dom.toFile()).redirectError(dir.resolve("chromium.log").toFile()).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("Debian's chromium is needed (scripts/lib/servers.sh installs it)", e);
        }
        try {
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("chromium finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.log"))).isZero();
        return Files.readString(dom, StandardCharsets.UTF_8);
    }

    static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
