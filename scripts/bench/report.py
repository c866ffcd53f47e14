#!/usr/bin/env python3
"""Turns scripts/bench.sh's medians into the results section of docs/performance.md.

Usage: report.py RESULTS.json ROUNDS "SIZES" PERFORMANCE.md WRITE(0|1)

The section between `<!-- bench:begin -->` and `<!-- bench:end -->` is replaced (WRITE=1) or
printed (WRITE=0). Every target of the performance issue is a row with its measured value and
whether it holds, so a missed target is visible, never hidden.
"""
import datetime
import json
import os
import platform
import subprocess
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def rustc():
    try:
        return subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "rustc (unknown)"


def main():
    results = json.load(open(sys.argv[1]))
    rounds, sizes, doc, write = sys.argv[2], sys.argv[3].split(), sys.argv[4], sys.argv[5] == "1"
    get = results.get
    lines = [BEGIN, ""]
    lines.append(f"Measured {datetime.date.today().isoformat()} by `scripts/bench.sh` on {os.cpu_count()} cores "
                 f"({cpu_model()}), Linux {platform.release()}, {rustc()}; median of {rounds} alternating runs "
                 "per command, wall time and peak RSS of the whole process.")
    lines += ["", "| command | median wall | min .. max | peak RSS |", "|---|---:|---:|---:|"]
    for name, r in results.items():
        lines.append(f"| `{name}` | {fmt_s(r['wall_s'])} | {fmt_s(r['wall_min_s'])} .. {fmt_s(r['wall_max_s'])} "
                     f"| {r['peak_mib']:.0f} MiB |")
    lines += ["", "| target | measured | holds |", "|---|---:|:---:|"]
    targets = []
    check, floor = get("check gpconnect"), get("floor gpconnect")
    if check and floor:
        ratio = check["wall_s"] / floor["wall_s"]
        targets.append(("GP Connect `check` within 1.5x of the floor", f"{ratio:.2f}x", ratio <= 1.5))
    jekyll, proofer = get("jekyll build gpconnect"), get("html-proofer gpconnect")
    if check and jekyll and proofer:
        ratio = (jekyll["wall_s"] + proofer["wall_s"]) / check["wall_s"]
        targets.append(("`check` at least 300x faster than Jekyll + html-proofer", f"{ratio:.0f}x", ratio >= 300))
    build = get("build gpconnect")
    if build and jekyll:
        ratio = jekyll["wall_s"] / build["wall_s"]
        targets.append(("`build` at least 50x faster than `jekyll build`", f"{ratio:.0f}x", ratio >= 50))
    lychee = get("lychee gpconnect")
    if check and lychee:
        ratio = lychee["wall_s"] / check["wall_s"]
        targets.append(("(context) `check` vs lychee over Jekyll's output", f"{ratio:.1f}x faster", True))
    ten = get("check gen-10000")
    if ten:
        targets.append(("10,000 pages: `check` under 1 s wall", fmt_s(ten["wall_s"]), ten["wall_s"] < 1.0))
        targets.append(("10,000 pages: under 256 MiB peak", f"{ten['peak_mib']:.0f} MiB", ten["peak_mib"] < 256))
    numeric = sorted(int(s) for s in sizes)
    for small, large in zip(numeric, numeric[1:]):
        a, b = get(f"check gen-{small}"), get(f"check gen-{large}")
        if not (a and b):
            continue
        pages = large / small
        t, m = b["wall_s"] / a["wall_s"], b["peak_mib"] / a["peak_mib"]
        limit = 1.1 * pages
        targets.append((f"time({large})/time({small}) at most {limit:.1f} (1.1 x {pages:.0f})", f"{t:.2f}", t <= limit))
        targets.append((f"memory({large})/memory({small}) at most {limit:.1f}", f"{m:.2f}", m <= limit))
    serve = serve_latency(sys.argv[6] if len(sys.argv) > 6 else "")
    if serve:
        median, detail = serve
        targets.append(("`serve`: saved release-notes page to reload sent, median", f"{median} ms", median <= 50))
    for name, value, ok in targets:
        lines.append(f"| {name} | {value} | {'yes' if ok else '**no**'} |")
    if serve:
        lines += ["", "`scripts/serve-latency.sh` on the GP Connect corpus, in the same run:", "", "```"]
        lines += serve[1] + ["```"]
    lines += ["", END]
    section = "\n".join(lines)
    if not write:
        print(section)
        return
    text = open(doc).read() if os.path.exists(doc) else f"# Performance\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        sys.exit(f"report: {doc} has no {BEGIN} ... {END} section")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    open(doc, "w").write(head + section + tail)
    print(f"bench: results written to {doc}", file=sys.stderr)


def serve_latency(path):
    """(median ms, output lines) of scripts/serve-latency.sh's output at `path`, if any."""
    if not path or not os.path.exists(path):
        return None
    out = [l.rstrip() for l in open(path) if l.strip()]
    medians = [l for l in out if l.startswith("median ")]
    if not medians:
        return None
    return int(medians[-1].split()[1]), out


def fmt_s(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


if __name__ == "__main__":
    main()
