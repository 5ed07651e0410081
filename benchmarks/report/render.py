#!/usr/bin/python3
"""Renders a scripts/bench results directory as report.md plus one SVG chart per backend.

Standard library only. Usage: render.py RESULTS_DIR
Inputs (any may be missing): machine.json, jmh.json, jmh-threads.json, scan-heap-<backend>.json,
redis-benchmark.txt, loadavg-end.txt, logs/jmh.log (for benchmarks that failed).
"""
import json
import os
import re
import sys
from html import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verdicts  # noqa: E402  (the declared targets, beside this file)

PKG = "dev.reactivekv.bench."
UNIT_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9, "ms": 1e6, "us": 1e3}

# subject method -> baseline methods, per benchmark class (all measured in the same JMH run)
BASELINES = {
    "MemoryBenchmark": {"storeGet": ["mapGet", "caffeineGet"], "storePut": ["mapPut", "caffeinePut"]},
    "MemoryBulkBenchmark": {"storeGetMany": ["mapGetMany", "caffeineGetAll"]},
    "RedisBenchmark": {"storeGet": ["rawGet", "rawGetParsed"], "storePut": ["rawSet"]},
    "RedisBulkBenchmark": {"storeGetMany": ["rawMget", "rawMgetParsed"]},
    "DiskBenchmark": {"storeGet": ["rawGet"], "storePut": ["rawPut"]},
    "RocksDbBenchmark": {"storeGet": ["rawGet"], "storePut": ["rawPut"]},
    "MongoBenchmark": {"storeGet": ["rawGet"], "storePut": ["rawPut"]},
    "MongoBulkBenchmark": {"storeGetMany": ["rawFindIn"]},
    "DynamoDbBenchmark": {"storeGet": ["rawGet"], "storePut": ["rawPut"]},
    "DynamoDbBulkBenchmark": {"storeGetMany": ["rawBatchGet"]},
    "PostgresBenchmark": {"storeGet": ["rawGet"], "storePut": ["rawPut"], "storeGetMany": ["rawGetMany"]},
    "MemcachedBenchmark": {"storeGet": ["rawGet"], "storePut": ["rawSet"], "storeGetMany": ["rawGetMany"]},
    "SearchBenchmark": {"storeGet": ["rawGet"], "storePut": ["rawPut"]},
    "SearchBulkBenchmark": {"storeGetMany": ["rawMget"]},
    "WrapperPayloadBenchmark": {"encryptionGet": ["rawFernetJson", "rawFernet", "bareGet"], "compressionGet": ["rawGunzip", "bareGet"]},
    "RedisInFlightBenchmark": {"storeGet": ["rawGet", "rawGetParsed"], "coalescedGet": ["rawGet"], "storePut": ["rawSet", "rawSetEncoded"]},
}
BACKENDS = [
    ("Memory", ["MemoryBenchmark", "MemoryBulkBenchmark", "MemoryScanBenchmark", "MemoryWatchBenchmark"]),
    ("Wrappers (over the memory store)", ["WrapperEachBenchmark", "WrapperPayloadBenchmark", "WrapperStackBenchmark"]),
    ("Redis", ["RedisBenchmark", "RedisBulkBenchmark", "RedisInFlightBenchmark", "RedisScanBenchmark", "RedisWatchBenchmark"]),
    ("Disk (Chronicle Map)", ["DiskBenchmark", "DiskScanBenchmark"]),
    ("RocksDB", ["RocksDbBenchmark", "RocksDbScanBenchmark"]),
    ("MongoDB (mongo-java-server in the JMH fork unless RKV_BENCH_MONGO_URI)", ["MongoBenchmark", "MongoBulkBenchmark"]),
    ("DynamoDB (dynalite)", ["DynamoDbBenchmark", "DynamoDbBulkBenchmark"]),
    ("PostgreSQL", ["PostgresBenchmark"]),
    ("memcached", ["MemcachedBenchmark"]),
    ("Elasticsearch / OpenSearch (an OpenSearch 2.19 node in the JMH fork unless RKV_BENCH_SEARCH_URI)", ["SearchBenchmark", "SearchBulkBenchmark"]),
]


def load(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


class Row:
    def __init__(self, r):
        full = r["benchmark"][len(PKG):] if r["benchmark"].startswith(PKG) else r["benchmark"]
        self.cls, self.method = full.rsplit(".", 1)
        self.mode = r["mode"]
        self.threads = r["threads"]
        self.forks = r.get("forks")
        self.params = r.get("params", {}) or {}
        if self.cls == "WrapperEachBenchmark" and "kind" in self.params:
            self.params["wrapper"] = self.params.pop("kind")  # the parameter's name before it was renamed
        pm = r["primaryMetric"]
        self.score, self.unit = float(pm["score"]), pm["scoreUnit"]
        try:
            self.err = float(pm.get("scoreError"))
        except (TypeError, ValueError):
            self.err = None  # JMH writes "NaN" when there are too few samples
        self.pct = pm.get("scorePercentiles", {})
        self.alloc = None
        for k, v in (r.get("secondaryMetrics") or {}).items():
            if k.lstrip("·") == "gc.alloc.rate.norm":
                self.alloc = v["score"]

    @property
    def ns(self):
        """Time per operation; throughput rows (ops/s) are inverted."""
        rate = verdicts.RATE_PER_S.get(self.unit)
        if rate:
            return 1e9 / (self.score * rate) if self.score else float("inf")
        return self.score * UNIT_NS.get(self.unit, 1.0)

    def key(self, method=None, **override):
        p = dict(self.params)
        p.update(override)
        return (self.cls, method or self.method, self.threads, tuple(sorted(p.items())))

    def ptext(self):
        return ", ".join(f"{k}={v}" for k, v in sorted(self.params.items())) or "–"


def fmt_time(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def fmt_delta(ns):
    return ("+" if ns >= 0 else "−") + fmt_time(abs(ns))


def fmt_bytes(b):
    if b is None:
        return "–"
    if abs(b) >= 1 << 20:
        return f"{b / (1 << 20):.1f} MiB"
    if abs(b) >= 1 << 10:
        return f"{b / 1024:.1f} KiB"
    return f"{b:.0f} B"


def failures(log_path):
    """Benchmarks JMH could not run, with the first line of their error (e.g. a wrapper not available)."""
    out = []
    try:
        text = open(log_path, encoding="utf-8", errors="replace").read()
    except OSError:
        return out
    current = None
    for line in text.splitlines():
        m = re.match(r"# Benchmark: (\S+)", line)
        if m:
            current = m.group(1)[len(PKG):]
            params = ""
        m = re.match(r"# Parameters: \((.*)\)", line)
        if m:
            params = m.group(1)
        if line.startswith("<failure>") and current:
            out.append([current, params, ""])
        elif out and out[-1][2] == "" and re.match(r"^(java|jdk|org|dev|io)\.[\w.$]+(Exception|Error)", line):
            out[-1][2] = line.strip()
    return out


def svg_chart(title, bars, path):
    """Horizontal bars of throughput (ops/s, log-free linear per group) with ratio labels. bars: (group, label, ops, note)."""
    if not bars:
        return False
    width, left, bar_h, gap = 900, 330, 16, 4
    groups = []
    for g, label, ops, note in bars:
        if not groups or groups[-1][0] != g:
            groups.append((g, []))
        groups[-1][1].append((label, ops, note))
    height = 40 + sum(22 + len(items) * (bar_h + gap) + 8 for _, items in groups)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="100%" height="100%" fill="white"/><text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>']
    colors = ["#2b6cb0", "#9c9c9c", "#c9a227", "#5a9e6f"]
    y = 40
    for g, items in groups:
        top = max(ops for _, ops, _ in items) or 1
        out.append(f'<text x="10" y="{y + 14}" font-weight="bold">{escape(g)}</text>')
        y += 22
        for i, (label, ops, note) in enumerate(items):
            w = max(1, (width - left - 170) * ops / top)
            out.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{escape(label)}</text>')
            out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colors[min(i, 3)]}"/>')
            out.append(f'<text x="{left + w + 6:.1f}" y="{y + 12}">{escape(fmt_ops(ops))}{escape(note)}</text>')
            y += bar_h + gap
        y += 8
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    return True


def fmt_ops(ops):
    if ops >= 1e6:
        return f"{ops / 1e6:.2f} M ops/s"
    if ops >= 1e3:
        return f"{ops / 1e3:.1f} k ops/s"
    return f"{ops:.1f} ops/s"


def load_lines(path):
    """[(step, before, after)] from lines 'step before|after loadavg…' written by scripts/bench."""
    steps = {}
    try:
        for line in open(path, encoding="utf-8"):
            step, when, rest = line.rstrip("\n").split(" ", 2)
            steps.setdefault(step, {})[when] = rest
    except (OSError, ValueError):
        return []
    return [(k, v.get("before", "–"), v.get("after", "–")) for k, v in steps.items()]


def main(d):
    machine = load(os.path.join(d, "machine.json"), {})
    rows = [Row(r) for r in load(os.path.join(d, "jmh.json"), [])]
    trows = [Row(r) for r in load(os.path.join(d, "jmh-threads.json"), [])]
    # any further JMH result files of the run (e.g. jmh-rocksdb.json from a run of one backend)
    for extra in sorted(f for f in os.listdir(d) if f.startswith("jmh-") and f.endswith(".json") and f != "jmh-threads.json"):
        rows += [Row(r) for r in load(os.path.join(d, extra), [])]
    allrows = rows + trows
    index = {r.key(): r for r in allrows}
    logs = os.path.join(d, "logs")
    fails = [f for name in sorted(os.listdir(logs)) if name.startswith("jmh") and name.endswith(".log")
             for f in failures(os.path.join(logs, name))] if os.path.isdir(logs) else []
    scans = {b: load(os.path.join(d, f"scan-heap-{b}.json")) for b in ("memory", "redis", "disk", "rocksdb")}
    quick = machine.get("mode") == "quick"
    md = []
    md.append(f"# reactive-kv benchmark report — {machine.get('mode', '?')} run {machine.get('timestamp', '')}\n")
    if quick:
        md.append("> **Quick mode**: one short fork per benchmark and reduced parameters. It checks that the harness "
                  "works; the numbers are not meaningful and targets are shown only to exercise the report.\n")
    md.append("## Machine\n")
    end = ""
    try:
        end = open(os.path.join(d, "loadavg-end.txt"), encoding="utf-8").read().split(":")[1].strip().strip('"')
    except (OSError, IndexError):
        pass
    for k, label in [("cpu", "CPU"), ("nproc", "cores (nproc)"), ("memory", "memory"), ("jdk", "JDK"), ("os", "OS"),
                     ("redis", "Redis server"), ("commit", "commit"), ("dirtyFiles", "uncommitted files"),
                     ("build", "built from"), ("loadavgStart", "load average at start")]:
        if k in machine:
            md.append(f"- **{label}**: {machine[k]}")
    if end:
        md.append(f"- **load average at end**: {end}")
    forks = sorted({r.forks for r in allrows if r.forks})
    md.append(f"- **JMH**: {'/'.join(map(str, forks)) or '?'} fork(s) per configuration (rows that decide a verdict: "
              f"{verdicts.MIN_FORKS} in a full run); time mode = average ns/op (lower is better); B/op from `-prof gc` "
              "(`gc.alloc.rate.norm`); watch = sample mode percentiles; scans = single-shot.\n")
    steps = load_lines(os.path.join(d, "load.txt"))
    if steps:
        md.append("Machine load per step (`/proc/loadavg`: 1, 5, 15 min averages, runnable/total tasks) on "
                  f"{machine.get('nproc', '?')} cores; a load above the core count means the numbers shared the CPU:\n")
        md.append("| step | before | after |\n|---|---|---|")
        for step, before, after in steps:
            md.append(f"| {step} | {before} | {after} |")
        md.append("")
    try:
        loads = [float(x) for x in (str(machine.get("loadavgStart", "")) + " " + end).split()]
        if loads and max(loads) > 0.5 * float(machine.get("nproc", 2)):
            md.append(f"> **Noisy machine**: load averages (1/5/15 min) were {machine.get('loadavgStart')} at start and "
                      f"{end or '?'} at end on {machine.get('nproc')} cores: other builds shared the machine, and Redis "
                      "runs on the same cores as the benchmark. Ratios within one run are more trustworthy than absolute "
                      "numbers; read the ± errors (99.9%) before concluding, and see the inconclusive verdicts.\n")
    except ValueError:
        pass

    # ---------- targets: the declarations of verdicts.py ----------
    md.append("## Targets\n")
    md.append(f"Each verdict compares rows of the same run. A verdict needs ≥ {verdicts.MIN_FORKS} forks per row and a "
              "distance to the limit larger than the combined 99.9% error interval; otherwise it is **inconclusive**.\n")
    md.append("| group | target | measured | verdict |\n|---|---|---|---|")
    judged = verdicts.evaluate(allrows)
    for group, target, measured, verdict, _ in judged:
        md.append(f"| {group} | {target} | {measured} | {verdict} |")
    sc = scans.get("redis")
    if sc:
        growth = sc["growthBytes"]
        note = "" if sc["keys"] >= 1_000_000 else f" (only {sc['keys']:,} keys: not the target's 1,000,000)"
        ok = growth < 32 * 2**20 and sc["keys"] >= 1_000_000
        md.append(f"| redis | Redis scan of 1,000,000 keys: heap growth < 32 MiB | {fmt_bytes(growth)} over {sc['emitted']:,} keys{note}; "
                  f"eager control: {fmt_bytes(sc['controlCollectListBytes'])} | {'**met**' if ok else '**not met**'} |")
    counts = {}
    for *_, state in judged:
        counts[state] = counts.get(state, 0) + 1
    md.append("\n**Summary**: " + (", ".join(f"{n} {state}" for state, n in sorted(counts.items())) or "no targets") + "\n")

    # ---------- per backend ----------
    for title, classes in BACKENDS:
        brows = [r for r in allrows if r.cls in classes]
        bfails = [f for f in fails if f[0].split(".")[0] in classes]
        md.append(f"## {title}\n")
        if not brows and not bfails:
            listed = open(os.path.join(d, "logs", "benchmarks.txt"), encoding="utf-8").read() \
                if os.path.exists(os.path.join(d, "logs", "benchmarks.txt")) else ""
            if not any(c in listed for c in classes):
                md.append("Not in this suite: the store module had no classes when the suite was built.\n")
            else:
                md.append("Not run in this report.\n")
            continue
        bars = []
        md.append("| benchmark | params | threads | score | B/op | vs baseline (same run) |\n|---|---|---|---|---|---|")
        def order(r):
            return (r.cls, r.method, r.threads,
                    tuple((k, (0, int(v), "") if v.isdigit() else (1, 0, v)) for k, v in sorted(r.params.items())))

        for r in sorted(brows, key=order):
            cmp = ""
            if r.mode == "sample":
                p = r.pct
                u = UNIT_NS.get(r.unit, 1e3)
                score = (f"p50 {fmt_time(p.get('50.0', 0) * u)}, p99 {fmt_time(p.get('99.0', 0) * u)}, "
                         f"p999 {fmt_time(p.get('99.9', 0) * u)}, max {fmt_time(p.get('100.0', 0) * u)}")
            elif r.mode == "ss":
                keys = int(r.params.get("keys", "0"))
                kps = keys / (r.ns / 1e9) if r.ns else 0
                score = f"{fmt_time(r.ns)} per scan = {kps / 1e3:,.0f} k keys/s"
                bars.append((f"scan {keys:,} keys", r.method, kps, " (keys/s)"))
            else:
                err = f" ± {fmt_time((r.err or 0) * UNIT_NS.get(r.unit, 1))}" if r.err is not None and r.err == r.err else ""
                score = fmt_time(r.ns) + err
                subs = BASELINES.get(r.cls, {})
                group = f"{r.cls.replace('Benchmark', '')} {'/'.join([r.method.replace('store', '').replace('raw', '')])} {r.ptext()} t={r.threads}"
                if r.method in subs:
                    parts = []
                    for bm in subs[r.method]:
                        b = index.get(r.key(bm))
                        if b:
                            parts.append(f"{r.ns / b.ns:.2f}× `{bm}`")
                    cmp = ", ".join(parts)
                    bars.append((group, r.method, 1e9 / r.ns, f"  ({cmp.replace('`', '')})" if cmp else ""))
                    for bm in subs[r.method]:
                        b = index.get(r.key(bm))
                        if b:
                            bars.append((group, bm, 1e9 / b.ns, ""))
                elif r.cls == "WrapperStackBenchmark" and r.params.get("depth") not in (None, "0"):
                    b = index.get(r.key(depth="0"))
                    if b:
                        depth = int(r.params["depth"])
                        cmp = f"{fmt_delta((r.ns - b.ns) / depth)} per layer vs depth 0"
                elif r.cls == "WrapperEachBenchmark" and r.params.get("wrapper") != "none":
                    b = index.get(r.key(wrapper="none"))
                    if b:
                        cmp = f"{fmt_delta(r.ns - b.ns)} vs bare store"
                        bars.append((f"one wrapper, get, t={r.threads}", r.params["wrapper"], 1e9 / r.ns, f"  ({fmt_delta(r.ns - b.ns)})"))
                elif r.cls == "WrapperEachBenchmark":
                    bars.append((f"one wrapper, get, t={r.threads}", "none (bare store)", 1e9 / r.ns, ""))
            md.append(f"| `{r.cls}.{r.method}` | {r.ptext()} | {r.threads} | {score} | {fmt_bytes(r.alloc)} | {cmp} |")
        for name, params, why in bfails:
            md.append(f"| `{name}` | {params} | – | **failed** | – | {escape(why or 'see logs/jmh.log')} |")
        md.append("")
        slug = re.sub(r"[^a-z]+", "-", title.lower()).strip("-")
        stack = sorted((r for r in brows if r.cls == "WrapperStackBenchmark" and r.method == "get"),
                       key=lambda r: (r.params.get("kind"), int(r.params.get("depth", 0))))
        for r in stack:
            bars.append((f"stack depth, get, kind={r.params.get('kind')}", f"depth {r.params.get('depth')}", 1e9 / r.ns, ""))
        if svg_chart(f"{title}: throughput (higher is better), ratio = store time / baseline time", bars,
                     os.path.join(d, f"chart-{slug}.svg")):
            md.append(f"![{title}](chart-{slug}.svg)\n")
        for b, scan in scans.items():
            if scan and title.lower().startswith(b):
                md.append(f"**Scan heap harness** ({scan['uri']}): {scan['emitted']:,} of {scan['keys']:,} keys through `keys()` "
                          f"(page {scan['pageSize']}, slow consumer, demand {scan['demand']}) in {scan['scanSeconds']:.1f} s "
                          f"({scan['keysPerSecond'] / 1e3:,.0f} k keys/s including 10 forced GCs); retained heap before "
                          f"{fmt_bytes(scan['heapBeforeBytes'])}, peak during {fmt_bytes(scan['heapPeakDuringBytes'])}, "
                          f"**growth {fmt_bytes(scan['growthBytes'])}**; the eager control (`collectList()`) retained "
                          f"{fmt_bytes(scan['controlCollectListBytes'])}. Samples (bytes): {scan['samplesBytes']}\n")
        journal = load(os.path.join(d, "journal-latency-disk.json"))
        if journal and title.lower().startswith("disk"):
            ok = journal["lost"] == 0 and 0 <= journal["p99_us"] < 5000
            md.append(f"**Cross-process watch latency** (change journal; a child JVM writes {journal['writes']:,} keys, "
                      f"this JVM watches): p50 {journal['p50_us'] / 1e3:.2f} ms, p90 {journal['p90_us'] / 1e3:.2f} ms, "
                      f"**p99 {journal['p99_us'] / 1e3:.2f} ms**, max {journal['max_us'] / 1e3:.2f} ms, lost {journal['lost']}, "
                      f"timed from just before each put. Target p99 < 5 ms: **{'met' if ok else 'not met'}**.\n")
            ack = journal.get("fromAck")
            if ack:
                md.append(f"The same events timed from each put's acknowledgement in the writer (the journal's own delay): "
                          f"p50 {ack['p50_us'] / 1e3:.2f} ms, p90 {ack['p90_us'] / 1e3:.2f} ms, p99 {ack['p99_us'] / 1e3:.2f} ms, "
                          f"max {ack['max_us'] / 1e3:.2f} ms.\n")
            idle = journal.get("afterIdle")
            if idle and idle.get("writes"):
                md.append(f"After {idle['idle_ms'] / 1e3:.1f} s of silence before each of {idle['writes']} more puts (the watcher's "
                          f"tailer at its longest wait): p50 {idle['p50_us'] / 1e3:.2f} ms, max {idle['max_us'] / 1e3:.2f} ms, "
                          f"lost {idle['lost']}.\n")
        if title == "Redis" and os.path.exists(os.path.join(d, "redis-benchmark.txt")):
            md.append("**`redis-benchmark` ceiling** (same server, same machine; 50 clients unless `-c 1`):\n\n```")
            md.append(open(os.path.join(d, "redis-benchmark.txt"), encoding="utf-8").read().strip())
            md.append("```\n")

    md.append("## How to read this\n")
    md.append("See `docs/benchmarks.md`. Ratios compare a store with its baseline measured in the same JMH run and "
              "fork settings; `B/op` is heap allocated per operation. Failed rows list the first error line "
              "(e.g. a wrapper that does not exist yet); full output is in `logs/`. A backend section saying \"Not run in this report\" was in the suite but its JMH group did not run or did not finish.\n")
    with open(os.path.join(d, "report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
