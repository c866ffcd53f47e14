#!/usr/bin/env bash
# Save-to-reload latency of `specnotes serve` on the GP Connect 1.6.0 corpus: serves a temporary
# copy with `--port 0 --verbose` (release build), holds the live-reload events stream open,
# appends a line to one release-notes page and times the write to the `reload` event; SAVES
# times (default 21), then prints every time, the median, and the server's own breakdown
# (reload and render per rebuild, file event to reload sent) from its log.
#
#   scripts/serve-latency.sh              # CORPUS=../shared/corpora/gpconnect-1.6.0 SAVES=21
#
# Nothing here is a test: it measures, it never fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")/.."

CORPUS=${CORPUS:-../shared/corpora/gpconnect-1.6.0}
SAVES=${SAVES:-21}
PAGE=${PAGE:-pages/overview/release_notes/1_6_0.md}

cargo build --release --quiet
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cp -r "$CORPUS" "$work/spec"
target/release/specnotes serve --port 0 --verbose "$work/spec" >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q '^serving ' "$work/serve.out" 2>/dev/null && break
  sleep 0.05
done
url=$(sed -n 's/^serving \(.*\)$/\1/p' "$work/serve.out")
[ -n "$url" ] || { echo "server did not start:"; cat "$work/serve.log"; exit 1; }
sleep 2 # let the first build's check finish

python3 - "$url" "$work/spec/$PAGE" "$SAVES" <<'EOF'
import socket, statistics, sys, time, urllib.parse

url, page, saves = sys.argv[1], sys.argv[2], int(sys.argv[3])
where = urllib.parse.urlparse(url)
events = socket.create_connection((where.hostname, where.port), timeout=30)
events.sendall(f"GET /__specnotes/events HTTP/1.1\r\nHost: {where.netloc}\r\n\r\n".encode())
stream = events.makefile("rb")
while stream.readline() not in (b"\r\n", b""):  # the response head
    pass

def next_event():
    name = None
    while True:
        line = stream.readline()
        if not line:
            sys.exit("the events stream closed")
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line == "" and name:
            return name

times = []
for i in range(saves):
    started = time.monotonic()
    with open(page, "a") as f:
        f.write(f"\nSaved {i}.\n")
    while (name := next_event()) != "reload":
        if name == "failed":
            sys.exit("a rebuild failed")
    times.append((time.monotonic() - started) * 1000)
    time.sleep(1.5)  # the background check of the rebuild, then a quiet server
print("save to reload event (ms):", " ".join(f"{t:.0f}" for t in times))
print(f"median {statistics.median(times):.0f} ms, min {min(times):.0f}, max {max(times):.0f} over {len(times)} saves")
EOF

# The server's breakdown: medians over the same saves.
median() { sort -n | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "none"}'; }
log_field() { grep '^rebuilt after' "$work/serve.log" | sed -n "s/.*(reload \([0-9]*\) ms, render \([0-9]*\) ms).*/\\$1/p"; }
echo "server: reload (re-read, parse, model) median $(log_field 1 | median) ms, render median $(log_field 2 | median) ms"
grep -o '[0-9.]* ms after the file event' "$work/serve.log" | awk '{print $1}' | sort -n |
  awk '{v[NR]=$1} END {if (NR) printf "server: file event to reload sent, median %.0f ms\n", v[int((NR+1)/2)]}'
