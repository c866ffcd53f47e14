#!/usr/bin/env bash
# Load test of `specnotes serve` on a copy of the bundled spec/: 200 connections for 10 s from a
# second process on loopback while a loop touches, renames, half-writes and deletes files of
# the spec.
# Prints requests/s, latency percentiles, the error count (must be 0) and the time from file
# event to reload sent, as logged by the server. Exit 1 when any request failed.
#
#   scripts/serve-load.sh            # CONNECTIONS=200 DURATION=10 PORT=4731
#
# Uses `oha` when installed, else Debian's `wrk` (installed with apt-get when missing), else
# installs `oha` with cargo. Serves with `specnotes serve --verbose` (built in release mode).
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-200}
DURATION=${DURATION:-10}
PORT=${PORT:-4731}
URL="http://127.0.0.1:$PORT/releases/1.2.3.html"

if command -v oha >/dev/null; then
  tool=oha
elif command -v wrk >/dev/null || { command -v apt-get >/dev/null && apt-get install -y wrk >/dev/null 2>&1; }; then
  tool=wrk
else
  cargo install oha --locked
  tool=oha
fi

cargo build --release --quiet
work=$(mktemp -d)
server_pid=
churn_pid=
cleanup() {
  [ -n "$churn_pid" ] && kill "$churn_pid" 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

spec="$work/spec"
cp -r spec "$spec"
# Churn works on pages the served release page does not come from.
churned=(pages/appointments/appointments_design.md pages/foundations/foundations.md)

target/release/specnotes serve --port "$PORT" --verbose "$spec" >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 400); do
  grep -q '^serving ' "$work/serve.out" 2>/dev/null && break
  sleep 0.05
done
grep -q '^serving ' "$work/serve.out" || { echo "server did not start:"; cat "$work/serve.log"; exit 1; }

churn() {
  local n=0
  while true; do
    local page="$spec/${churned[$((n % 2))]}"
    touch "$page" 2>/dev/null || true                            # a save without change
    mv "$page" "$page.renamed" 2>/dev/null || true              # rename away ...
    mv "$page.renamed" "$page" 2>/dev/null || true              # ... and back
    printf -- '---\ntitle: Half wri' >"$spec/pages/half.md"     # half-written ...
    sleep 0.01
    printf 'tten\n---\n\n# Half written\n' >>"$spec/pages/half.md" # ... then completed
    rm -f "$spec/pages/gone-$((n % 3)).md"                      # deleted ...
    printf -- '---\ntitle: Gone\n---\nnew\n' >"$spec/pages/gone-$(((n + 1) % 3)).md" # ... and created
    n=$((n + 1))
    sleep 0.05
  done
}
churn &
churn_pid=$!

# The server's thread count, sampled while the load runs (workers are bounded).
( peak=0; while kill -0 "$server_pid" 2>/dev/null; do
    n=$(ls "/proc/$server_pid/task" 2>/dev/null | wc -l); [ "$n" -gt "$peak" ] && peak=$n && echo "$peak" >"$work/threads"
    sleep 0.2
  done ) &

echo "== $tool: $CONNECTIONS connections for ${DURATION}s on $URL (files churning)"
errors=0
if [ "$tool" = oha ]; then
  oha --no-tui -c "$CONNECTIONS" -z "${DURATION}s" "$URL" | tee "$work/load.txt"
  # Every response must be a 200, with no connection errors.
  errors=$(awk '/Status code distribution/{s=1;next} /Error distribution/{e=1;s=0;next}
                s && /\[[0-9]+\]/ && $1 != "[200]" {n+=$2}
                e && /\[[0-9]+\]/ {n+=$1} END {print n+0}' "$work/load.txt")
else
  threads=$(( $(nproc) > 4 ? 4 : $(nproc) ))
  wrk -t"$threads" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$URL" | tee "$work/load.txt"
  socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$work/load.txt")
  non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$work/load.txt")
  for n in $socket ${non2xx:-0}; do errors=$((errors + n)); done
fi

kill "$churn_pid" 2>/dev/null || true
wait "$churn_pid" 2>/dev/null || true
churn_pid=

# The server is still up and serving after the run.
kill -0 "$server_pid" || { echo "server died:"; cat "$work/serve.log"; exit 1; }

echo "== errors: $errors"
echo "== server threads, peak sample: $(cat "$work/threads" 2>/dev/null || echo unknown)"

# Milliseconds from file event to reload sent, for the log lines from line $1 on.
latency() {
  tail -n +"$1" "$work/serve.log" | grep -o '[0-9.]* ms after the file event' | awk '{print $1}' | sort -n |
    awk '{v[NR]=$1} END {
      if (NR == 0) { print "  no rebuild logged"; exit }
      p95 = int(NR * 0.95 + 0.999)
      printf "  rebuilds %d  median %.1f  p95 %.1f  max %.1f\n", NR, v[int((NR + 1) / 2)], v[p95], v[NR]
    }'
}
echo "== file event to reload sent (ms), rebuilds during the load:"
latency 1

# Single saves on a quiet server: what an author sees.
sleep 0.5
from=$(($(wc -l <"$work/serve.log") + 1))
release="$spec/pages/overview/release_notes/1_2_3.md"
for i in $(seq 1 20); do
  printf '\nSaved %s.\n' "$i" >>"$release"
  sleep 1
done
echo "== file event to reload sent (ms), 20 single saves after the load:"
latency "$from"
[ "$errors" -eq 0 ]
