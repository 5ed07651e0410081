"""Targets the report judges, declared per benchmark group, and how a verdict is reached.

A declaration names a subject row and (for most rules) a baseline row measured in the same run, by
benchmark class, method and parameters, plus a rule and its limit:

  time_ratio_max        subject time per op <= limit x baseline time per op   (e.g. get <= 2x a map)
  throughput_ratio_min  subject throughput >= limit x baseline throughput     (e.g. >= 0.95x raw)
  added_ns_max          subject time - baseline time < limit ns (divided by `per`, e.g. per layer)
  alloc_max             subject allocates <= limit bytes per op (JMH -prof gc), no baseline

Throughput rows (JMH mode thrpt) and time rows (avgt) both work: every score is turned into time per
operation, with its 99.9% error interval. A parameter value "*" in the subject expands the declaration
over every value measured (minus `exclude`); the baseline takes the subject's parameters, overridden by
its own. Threads default to 1.

Verdicts: met / not met; inconclusive when the distance to the limit lies within the combined error
interval of the two rows (JMH's scoreError, 99.9%), or when a row ran with fewer than MIN_FORKS forks.
A declaration whose rows were not measured in the run reads "not measured".

To add a group's targets, append Verdict(...) lines to DECLARATIONS under that group; `regex(group)`
gives scripts/bench the benchmarks that must run with MIN_FORKS forks.
"""
import math
import re
from dataclasses import dataclass, field

MIN_FORKS = 2
UNIT_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}
RATE_PER_S = {"ops/s": 1.0, "ops/ms": 1e3, "ops/us": 1e6, "ops/ns": 1e9}


@dataclass
class Verdict:
    group: str            # scripts/bench group that measures it (memory, wrappers, redis, ...)
    target: str           # the sentence shown in the report
    subject: tuple        # (class, method, {param: value or "*"})
    rule: str
    limit: float
    baseline: tuple = None  # (class, method, {param overrides})
    exclude: tuple = ()   # values of the "*" parameter left out
    per: int = 1          # added_ns_max: divide the difference (e.g. by stack depth)
    threads: int = 1


def _wrapper(kind):
    return ("WrapperEachBenchmark", "get", {"wrapper": kind})


DECLARATIONS = [
    # ---- memory store (issue 11) ----
    Verdict("memory", "memory `get` ≤ 2× `ConcurrentHashMap` + `Mono` ({size} B)",
            ("MemoryBenchmark", "storeGet", {"size": "*"}), "time_ratio_max", 2.0,
            baseline=("MemoryBenchmark", "mapGet", {})),
    Verdict("memory", "memory `get` allocates ≤ 24 B/op ({size} B)",
            ("MemoryBenchmark", "storeGet", {"size": "*"}), "alloc_max", 24),
    Verdict("memory", "memory `get` faster than Caffeine's AsyncCache ({size} B)",  # issue 7
            ("MemoryBenchmark", "storeGet", {"size": "*"}), "time_ratio_max", 1.0,
            baseline=("MemoryBenchmark", "caffeineGet", {})),
    # ---- wrappers: one layer over the memory store, get, 16 B values (issue 11) ----
    Verdict("wrappers", "`{wrapper}` adds < 100 ns per get (one layer over memory)",
            ("WrapperEachBenchmark", "get", {"wrapper": "*"}), "added_ns_max", 100,
            baseline=_wrapper("none"), exclude=("none", "encryption", "typed")),
    # the words: against raw Fernet decryption of the same payload (bytes out, no JSON parse)
    Verdict("wrappers", "encryption get ≤ 1.2× raw Fernet decryption (javax.crypto, same {size} B payload)",
            ("WrapperPayloadBenchmark", "encryptionGet", {"size": "16"}), "time_ratio_max", 1.2,
            baseline=("WrapperPayloadBenchmark", "rawFernet", {})),
    # equal work: the baseline decrypts the very token the wrapper stored and parses its plaintext into the same map
    Verdict("wrappers", "encryption get ≤ 1.2× raw Fernet decryption + the same JSON parse (javax.crypto, Jackson, same {size} B token)",
            ("WrapperPayloadBenchmark", "encryptionGet", {"size": "16"}), "time_ratio_max", 1.2,
            baseline=("WrapperPayloadBenchmark", "rawFernetJson", {})),
    # statistics' work is two clock reads and Micrometer's meters: its own cost is judged against doing that by hand
    Verdict("wrappers", "statistics get adds < 100 ns over the same meters updated by hand (same registry type)",
            ("WrapperMetersBenchmark", "statisticsGet", {}), "added_ns_max", 100,
            baseline=("WrapperMetersBenchmark", "metersByHand", {})),
    # the typed adapter's work is a Jackson conversion (alone over the budget): judged against doing it by hand
    Verdict("wrappers", "typed adapter get adds < 100 ns over get + Jackson `convertValue` by hand ({size} B)",
            ("WrapperPayloadBenchmark", "typedGet", {"size": "*"}), "added_ns_max", 100,
            baseline=("WrapperPayloadBenchmark", "typedByHand", {})),
    Verdict("wrappers", "compression get above its threshold ≤ 1.2× raw gunzip (same {size} B payload)",
            ("WrapperPayloadBenchmark", "compressionGet", {"size": "4096"}), "time_ratio_max", 1.2,
            baseline=("WrapperPayloadBenchmark", "rawGunzip", {})),
    Verdict("wrappers", "`{kind}` adds < 100 ns per layer (get, 6-deep stack over memory)",  # issue 7
            ("WrapperStackBenchmark", "get", {"kind": "*", "depth": "6"}), "added_ns_max", 100,
            baseline=("WrapperStackBenchmark", "get", {"depth": "0"}), per=6),
    Verdict("wrappers", "`{kind}` adds < 100 ns per layer (put, 6-deep stack over memory)",
            ("WrapperStackBenchmark", "put", {"kind": "*", "depth": "6"}), "added_ns_max", 100,
            baseline=("WrapperStackBenchmark", "put", {"depth": "0"}), per=6),
    # ---- Redis (issue 11; rows of the perf-redis work) ----
    Verdict("redis", "Redis `get` ≤ 1.05× raw Lettuce ({size} B)",
            ("RedisBenchmark", "storeGet", {"size": "*"}), "time_ratio_max", 1.05,
            baseline=("RedisBenchmark", "rawGet", {}), exclude=("65536",)),
    Verdict("redis", "Redis `put` ≤ 1.05× raw Lettuce ({size} B)",
            ("RedisBenchmark", "storePut", {"size": "*"}), "time_ratio_max", 1.05,
            baseline=("RedisBenchmark", "rawSet", {}), exclude=("65536",)),
    Verdict("redis", "Redis 64 KB `get` ≤ 1.1× raw Lettuce",
            ("RedisBenchmark", "storeGet", {"size": "65536"}), "time_ratio_max", 1.1,
            baseline=("RedisBenchmark", "rawGet", {})),
    Verdict("redis", "Redis 64 KB `put` ≤ 1.1× raw Lettuce",
            ("RedisBenchmark", "storePut", {"size": "65536"}), "time_ratio_max", 1.1,
            baseline=("RedisBenchmark", "rawSet", {})),
    Verdict("redis", "Redis `get`, {inFlight} in flight, ≥ 0.95× raw Lettuce's throughput",
            ("RedisInFlightBenchmark", "storeGet", {"inFlight": "*"}), "throughput_ratio_min", 0.95,
            baseline=("RedisInFlightBenchmark", "rawGet", {})),
    Verdict("redis", "Redis `put`, {inFlight} in flight, ≥ 0.95× raw Lettuce's throughput",
            ("RedisInFlightBenchmark", "storePut", {"inFlight": "*"}), "throughput_ratio_min", 0.95,
            baseline=("RedisInFlightBenchmark", "rawSet", {})),
    Verdict("redis", "Redis coalesced gets, 256 in flight, ≥ 2× raw Lettuce with 256 GETs in flight",
            ("RedisInFlightBenchmark", "coalescedGet", {"inFlight": "256"}), "throughput_ratio_min", 2.0,
            baseline=("RedisInFlightBenchmark", "rawGet", {})),
    Verdict("redis", "Redis `getMany({batch})` ≥ 0.95× raw MGET's throughput",
            ("RedisBulkBenchmark", "storeGetMany", {"batch": "128"}), "throughput_ratio_min", 0.95,
            baseline=("RedisBulkBenchmark", "rawMget", {})),
    # equal work, beside the words above: the raw reads stop at bytes or a String, the store also parses
    # each envelope into the value map it returns; these baselines do that same parse by hand (RedisFixture)
    Verdict("redis", "Redis `get` ≤ 1.05× raw GET + the same JSON parse ({size} B)",
            ("RedisBenchmark", "storeGet", {"size": "*"}), "time_ratio_max", 1.05,
            baseline=("RedisBenchmark", "rawGetParsed", {}), exclude=("65536",)),
    Verdict("redis", "Redis 64 KB `get` ≤ 1.1× raw GET + the same JSON parse",
            ("RedisBenchmark", "storeGet", {"size": "65536"}), "time_ratio_max", 1.1,
            baseline=("RedisBenchmark", "rawGetParsed", {})),
    Verdict("redis", "Redis `get`, {inFlight} in flight, ≥ 0.95× raw GET + the same JSON parse",
            ("RedisInFlightBenchmark", "storeGet", {"inFlight": "*"}), "throughput_ratio_min", 0.95,
            baseline=("RedisInFlightBenchmark", "rawGetParsed", {})),
    Verdict("redis", "Redis `put`, {inFlight} in flight, ≥ 0.95× raw SET + a JSON encode of the envelope",
            ("RedisInFlightBenchmark", "storePut", {"inFlight": "*"}), "throughput_ratio_min", 0.95,
            baseline=("RedisInFlightBenchmark", "rawSetEncoded", {})),
    Verdict("redis", "Redis `getMany({batch})` ≥ 0.95× raw MGET + the same JSON parse",
            ("RedisBulkBenchmark", "storeGetMany", {"batch": "128"}), "throughput_ratio_min", 0.95,
            baseline=("RedisBulkBenchmark", "rawMgetParsed", {})),
]


def regex(group):
    """JMH include regex of the benchmarks whose rows decide a verdict of the group (None if none)."""
    names = sorted({f"{d.subject[0]}.{d.subject[1]}" for d in DECLARATIONS if d.group == group}
                   | {f"{d.baseline[0]}.{d.baseline[1]}" for d in DECLARATIONS if d.group == group and d.baseline})
    if not names:
        return None
    return r"dev\.reactivekv\.bench\.(" + "|".join(re.escape(n) for n in names) + ")$"


class Measured:
    """One JMH row as time per operation (ns) with its error, whatever the mode."""

    def __init__(self, row):
        self.row = row
        unit, score, err = row.unit, row.score, row.err
        if unit in UNIT_NS:
            self.ns = score * UNIT_NS[unit]
            self.err_ns = None if err is None or math.isnan(err) else err * UNIT_NS[unit]
        elif unit in RATE_PER_S and score > 0:
            self.ns = 1e9 / (score * RATE_PER_S[unit])
            self.err_ns = None if err is None or math.isnan(err) else self.ns * err / score
        else:
            self.ns, self.err_ns = None, None
        self.forks = row.forks


def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.1f} ns"


def _matches(row, cls, method, params, threads):
    if row.cls != cls or row.method != method or row.threads != threads:
        return False
    return all(v == "*" or row.params.get(k) == str(v) for k, v in params.items())


def evaluate(rows, groups=None):
    """(group, target, measured text, verdict text, state) for every declaration; state is met/not met/inconclusive/not measured."""
    out = []
    for d in DECLARATIONS:
        if groups is not None and d.group not in groups:
            continue
        cls, method, sparams = d.subject
        subjects = [r for r in rows if _matches(r, cls, method, sparams, d.threads)
                    and not any(r.params.get(k) in d.exclude for k, v in sparams.items() if v == "*")]
        if not subjects:
            shown = {k: ("…" if v == "*" else v) for k, v in sparams.items()}
            out.append((d.group, d.target.format(**shown), "–", "not measured in this run", "not measured"))
            continue
        for s in sorted(subjects, key=lambda r: tuple(_num(v) for _, v in sorted(r.params.items()))):
            text = d.target.format(**s.params)
            b = None
            if d.baseline:
                bcls, bmethod, bparams = d.baseline
                want = dict(s.params)
                want.update({k: str(v) for k, v in bparams.items()})
                b = next((r for r in rows if r.cls == bcls and r.method == bmethod and r.threads == d.threads
                          and r.params == want), None)
                if b is None:
                    out.append((d.group, text, "–", f"baseline `{bcls}.{bmethod}` not measured", "not measured"))
                    continue
            out.append((d.group, text) + judge(d, Measured(s), Measured(b) if b else None))
    return out


def _num(v):
    return (0, int(v), "") if str(v).isdigit() else (1, 0, str(v))


def judge(d, s, b):
    """(measured text, verdict text, state)."""
    rows = [s] + ([b] if b else [])
    if d.rule == "alloc_max":
        alloc = s.row.alloc
        if alloc is None:
            return "–", "no allocation measured (run with -prof gc)", "not measured"
        measured = f"{alloc:.0f} B/op"
        # an allocation is whole bytes; JMH's per-op norm carries a fraction of its own bookkeeping (24.003)
        whole = round(alloc)
        return (measured,) + _decide(whole <= d.limit, whole - d.limit, None, f"{whole - d.limit:.0f} B/op over", rows)
    if s.ns is None or b.ns is None:
        return "–", "unsupported score unit", "not measured"
    if d.rule in ("time_ratio_max", "throughput_ratio_min"):
        k = d.limit if d.rule == "time_ratio_max" else 1 / d.limit
        margin = s.ns - k * b.ns  # <= 0 meets
        err = _combined((s.err_ns, 1), (b.err_ns, k))
        if d.rule == "time_ratio_max":
            ratio = s.ns / b.ns
            measured = f"{fmt_time(s.ns)} vs {fmt_time(b.ns)} = {ratio:.2f}×"
            miss = f"{ratio:.2f}× against ≤ {d.limit}×"
        else:
            ratio = b.ns / s.ns
            measured = f"{1e9 / s.ns:,.0f} vs {1e9 / b.ns:,.0f} ops/s = {ratio:.2f}×"
            miss = f"{ratio:.2f}× against ≥ {d.limit}×"
        return (measured,) + _decide(margin <= 0, margin, err, miss, rows)
    if d.rule == "added_ns_max":
        added = (s.ns - b.ns) / d.per
        margin = added - d.limit
        err = _combined((s.err_ns, 1 / d.per), (b.err_ns, 1 / d.per))
        sign = "+" if added >= 0 else "−"
        measured = f"{sign}{fmt_time(abs(added))} ({fmt_time(s.ns)} vs {fmt_time(b.ns)})"
        return (measured,) + _decide(margin < 0, margin, err, f"{fmt_time(margin)} over the budget", rows)
    return "–", f"unknown rule {d.rule}", "not measured"


def _combined(*parts):
    total = 0.0
    for err, factor in parts:
        if err is None:
            return None
        total += (err * factor) ** 2
    return math.sqrt(total)


def _decide(ok, margin, err, miss, rows):
    forks = min((r.forks or 0) for r in rows)
    if forks < MIN_FORKS:
        return (f"**inconclusive** — {'met' if ok else 'missed'} on {forks} fork(s); a verdict needs ≥ {MIN_FORKS}",
                "inconclusive")
    if err is not None and abs(margin) < err:
        return (f"**inconclusive** — {'met' if ok else 'missed'} by less than the error (±{err:.1f} ns, 99.9%)",
                "inconclusive")
    if err is None and len(rows) > 1:
        return f"**inconclusive** — {'met' if ok else 'missed'}, but JMH gave no error interval", "inconclusive"
    return ("**met**", "met") if ok else (f"**not met** — {miss}", "not met")
