package dev.reactivekv.cli.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import dev.reactivekv.cli.bench.BenchReport.Latency;
import dev.reactivekv.cli.bench.BenchReport.OperationResult;
import dev.reactivekv.cli.bench.BenchReport.StoreResult;

/**
 * Renders a {@link BenchReport} as one self-contained, well-formed XHTML page: a bar chart per metric in inline
 * SVG (operations along the axis, one bar per store side by side), then the full table. No script, style sheet
 * or font is fetched.
 */
public final class HtmlReport {

    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private HtmlReport() {
    }

    /** One chart: a title and how to read the value of an operation. */
    private record Metric(String title, ToDoubleFunction<OperationResult> value) {
    }

    public static String render(BenchReport report) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(new Metric("Throughput (operations/s, higher is better)", OperationResult::throughput));
        addLatency(metrics, "", OperationResult::latency);
        if (report.rate() != null) {
            addLatency(metrics, " from the intended start (corrected)", op -> op.corrected());
        }
        metrics.add(new Metric("Errors (count)", op -> op.errors()));
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>reactive-kv bench: workload ")
                .append(escape(report.workload())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}figure{display:inline-block;margin:1em}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;")
                .append("text-align:right}td:first-child,td:nth-child(2){text-align:left}")
                .append("</style>\n</head>\n<body>\n<h1>reactive-kv bench: workload ")
                .append(escape(report.workload())).append("</h1>\n<p>").append(escape(TableReport.summary(report)))
                .append("</p>\n").append(legend(report)).append('\n');
        for (Metric metric : metrics) {
            html.append(chart(report, metric)).append('\n');
        }
        html.append("<h2>All results</h2>\n<pre>").append(escape(TableReport.render(report))).append("</pre>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static void addLatency(List<Metric> metrics, String suffix,
                                   java.util.function.Function<OperationResult, Latency> latency) {
        metrics.add(new Metric("p50 latency" + suffix + " (µs)", op -> latency.apply(op).p50()));
        metrics.add(new Metric("p90 latency" + suffix + " (µs)", op -> latency.apply(op).p90()));
        metrics.add(new Metric("p99 latency" + suffix + " (µs)", op -> latency.apply(op).p99()));
        metrics.add(new Metric("p99.9 latency" + suffix + " (µs)", op -> latency.apply(op).p999()));
        metrics.add(new Metric("max latency" + suffix + " (µs)", op -> latency.apply(op).max()));
    }

    private static String legend(BenchReport report) {
        StringBuilder s = new StringBuilder("<p class=\"legend\">");
        for (int i = 0; i < report.stores().size(); i++) {
            s.append("<span style=\"color:").append(COLOURS[i % COLOURS.length]).append("\">&#9632; ")
                    .append(escape(report.stores().get(i).store())).append("</span> ");
        }
        return s.append("</p>").toString();
    }

    private static String chart(BenchReport report, Metric metric) {
        Set<String> operations = new LinkedHashSet<>();
        report.stores().forEach(s -> s.results().forEach(r -> operations.add(r.operation())));
        int stores = report.stores().size();
        int bar = 28;
        int gap = 24;
        int left = 70;
        int top = 30;
        int height = 200;
        int groupWidth = stores * bar + gap;
        int width = left + Math.max(1, operations.size()) * groupWidth + 10;
        double max = 0;
        for (StoreResult store : report.stores()) {
            for (OperationResult op : store.results()) {
                max = Math.max(max, metric.value().applyAsDouble(op));
            }
        }
        double scale = max > 0 ? height / max : 0;
        StringBuilder svg = new StringBuilder();
        svg.append("<figure><svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(top + height + 40).append("\" role=\"img\">")
                .append("<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">").append(escape(metric.title()))
                .append("</text>")
                .append(line(left, top, left, top + height)).append(line(left, top + height, width, top + height))
                .append(text(left - 4, top + 4, "end", TableReport.number(max)))
                .append(text(left - 4, top + height, "end", "0"));
        int group = 0;
        for (String operation : operations) {
            int x0 = left + gap / 2 + group * groupWidth;
            for (int s = 0; s < stores; s++) {
                StoreResult store = report.stores().get(s);
                for (OperationResult op : store.results()) {
                    if (op.operation().equals(operation)) {
                        double v = metric.value().applyAsDouble(op);
                        int h = (int) Math.round(v * scale);
                        svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" "
                                        + "height=\"%d\" fill=\"%s\"><title>%s %s: %s</title></rect>",
                                x0 + s * bar, top + height - h, bar - 4, h, COLOURS[s % COLOURS.length],
                                escape(store.store()), escape(operation), TableReport.number(v)));
                    }
                }
            }
            svg.append(text(x0 + stores * bar / 2, top + height + 16, "middle", operation));
            group++;
        }
        return svg.append("</svg></figure>").toString();
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>",
                x1, y1, x2, y2);
    }

    private static String text(int x, int y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\">%s</text>",
                x, y, anchor, escape(content));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
