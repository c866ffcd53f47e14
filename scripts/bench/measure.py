#!/usr/bin/env python3
"""Side-by-side, alternating whole-process measurements for scripts/bench.sh.

Usage: measure.py PLAN.json ROUNDS OUT.json

PLAN.json is a list of {"name", "cmd" (argv list), "cwd" (optional), "setup" (optional argv
run before each timed run, untimed)}. Every round runs every command once, in an order that
rotates each round, so slow drifts of a shared machine (other jobs, thermal, caches) fall on all
commands alike. Each run goes through GNU time (`/usr/bin/time -f '%M'`) for the peak resident
set size in KiB; wall time is taken here with a monotonic clock around the whole run (GNU time
prints only hundredths of a second, too coarse for runs of a few milliseconds). A command that exits with a status other than 0 or 1 (1 is
"findings", expected) fails the benchmark. The result is the median of each.
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(entry):
    if entry.get("setup"):
        subprocess.run(entry["setup"], cwd=entry.get("cwd"), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        cmd = ["/usr/bin/time", "-f", "%M", "-o", out.name] + entry["cmd"]
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=entry.get("cwd"), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        ok = entry.get("ok_status", [0, 1])
        if proc.returncode not in ok:
            sys.exit(f"bench: `{' '.join(entry['cmd'])}` exited {proc.returncode}:\n{proc.stderr[-2000:]}")
        rss = out.read().split()[-1]
        return wall, int(rss)


def main():
    plan = json.load(open(sys.argv[1]))
    rounds = int(sys.argv[2])
    samples = {e["name"]: [] for e in plan}
    for r in range(rounds):
        order = plan[r % len(plan):] + plan[:r % len(plan)]
        for entry in order:
            samples[entry["name"]].append(run_once(entry))
        print(f"bench: round {r + 1}/{rounds} done", file=sys.stderr)
    result = {}
    for name, runs in samples.items():
        result[name] = {
            "wall_s": statistics.median(w for w, _ in runs),
            "wall_min_s": min(w for w, _ in runs),
            "wall_max_s": max(w for w, _ in runs),
            "peak_mib": statistics.median(m for _, m in runs) / 1024.0,
            "runs": len(runs),
        }
    json.dump(result, open(sys.argv[3], "w"), indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
