#!/usr/bin/env bash
# Fuzzing: installs cargo-fuzz into target/tools if it is missing, seeds each target's corpus
# from tests/fixtures and spec/, and runs every target for SECONDS, one at a time with one
# libFuzzer job (the machines this runs on are small and shared). See fuzz/README.md.
#
# Usage: scripts/fuzz.sh [--replay] [SECONDS] [TARGET...]
#   SECONDS   fuzzing time per target (default 60)
#   TARGET    front_matter, markdown, release_notes, config (default: all four)
#   --replay  run each target once over its saved corpus and stop (a regression run, e.g. with
#             FUZZ_SANITIZER=address after a long run without it)
# Environment:
#   FUZZ_SANITIZER  none (default: the crate has no unsafe code, and without AddressSanitizer
#                   libFuzzer runs about twice as many inputs a second) or address
#   FUZZ_MAX_LEN    largest input in bytes (default 65536)
#
# Only the stable toolchain is installed here; cargo-fuzz passes nightly-only flags to rustc
# (-Zsanitizer, -Cpasses=sancov-module...), which stable accepts with RUSTC_BOOTSTRAP=1.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
replay=0
if [ "${1:-}" = "--replay" ]; then replay=1; shift; fi
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-front_matter markdown release_notes config}
sanitizer=${FUZZ_SANITIZER:-none}
max_len=${FUZZ_MAX_LEN:-65536}

export RUSTC_BOOTSTRAP=1
tools=$repo/target/tools
if [ ! -x "$tools/bin/cargo-fuzz" ]; then
  echo "fuzz: installing cargo-fuzz into $tools" >&2
  cargo install cargo-fuzz --locked --root "$tools"
fi
export PATH="$tools/bin:$PATH"

# seed TARGET FIND-ARGS...: copies matching files of tests/fixtures and spec/ into the corpus
# (named by content hash, so reseeding adds nothing twice).
seed() {
  local corpus=$repo/fuzz/corpus/$1
  shift
  mkdir -p "$corpus"
  find "$repo/tests/fixtures" "$repo/spec" "$repo/src/config" -type f "$@" -size -64k -print0 |
    while IFS= read -r -d '' f; do
      cp -n "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
    done
}
seed front_matter \( -name '*.md' -o -name '*.html' \)
seed markdown \( -name '*.md' -o -name '*.html' \)
seed release_notes \( -path '*release*' -o -path '*changelog*' -o -path '*/model/*' \) -name '*.md'
seed config \( -name '*.toml' -o -name '_config.yml' \)

mkdir -p "$repo/target/fuzz-logs"
cd "$repo/fuzz"
for t in $targets; do
  log=$repo/target/fuzz-logs/$t.log
  if [ $replay = 1 ]; then
    args=(-runs=0)
  else
    args=(-max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  fi
  echo "== $t ($sanitizer sanitizer, ${seconds}s)" >&2
  set +e
  cargo fuzz run -s "$sanitizer" -j1 "$t" "$repo/fuzz/corpus/$t" -- "${args[@]}" > "$log" 2>&1
  code=$?
  set -e
  grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)' "$log" | tail -n 2 >&2 || true
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" >&2 || true
  if [ $code -ne 0 ]; then
    echo "fuzz: $t failed (exit $code); see $log and fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
