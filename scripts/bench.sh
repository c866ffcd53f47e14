#!/usr/bin/env bash
# Whole-process benchmark: specnotes against the floor program and the tools people use today,
# measured side by side and alternating in one run. Writes docs/performance.md's results section.
# See docs/performance.md.
#
# Usage: scripts/bench.sh [--rounds N] [--sizes "1000 10000 50000"] [--smoke] [--no-write] [CORPUS]
#   CORPUS     default ../shared/corpora/gpconnect-1.6.0 (skipped with a note when absent)
#   --rounds   runs of each command (default 7; medians are reported)
#   --sizes    generated spec sizes in pages (default "1000 10000 50000")
#   --smoke    1 round, sizes "200 1000", no Jekyll/html-proofer/lychee: checks the script works (CI)
#   --no-write print the table instead of updating docs/performance.md
# Without --smoke it also runs scripts/serve-latency.sh on CORPUS (SAVES saves, default 21).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
rounds=7 sizes="1000 10000 50000" smoke=0 write=1 corpus=""
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --smoke) smoke=1 rounds=1 sizes="200 1000" ;;
    --no-write) write=0 ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) corpus=$1 ;;
  esac
  shift
done
corpus=${corpus:-$repo/../shared/corpora/gpconnect-1.6.0}
work=$repo/target/bench
mkdir -p "$work"

# --- tools -------------------------------------------------------------------
need_apt=""
command -v /usr/bin/time >/dev/null 2>&1 || need_apt="$need_apt time"
if [ $smoke = 0 ]; then
  for p in jekyll ruby-html-proofer ruby-jekyll-github-metadata ruby-jekyll-redirect-from ruby-jekyll-seo-tag ruby-jekyll-sitemap; do
    dpkg -s "$p" >/dev/null 2>&1 || need_apt="$need_apt $p"
  done
fi
if [ -n "$need_apt" ]; then
  echo "bench: installing$need_apt" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need_apt >/dev/null
fi
lychee=""
if [ $smoke = 0 ]; then
  lychee=$(command -v lychee || true)
  if [ -z "$lychee" ]; then
    [ -x "$repo/target/tools/bin/lychee" ] \
      || cargo install lychee --locked --root "$repo/target/tools" >"$work/lychee-install.log" 2>&1
    lychee=$repo/target/tools/bin/lychee
  fi
fi

# --- binaries and inputs -----------------------------------------------------
(cd "$repo" && cargo build --release --quiet --bin specnotes --example floor --example gen-spec)
bin=$repo/target/release/specnotes
floor=$repo/target/release/examples/floor
gen=$repo/target/release/examples/gen-spec
for n in $sizes; do
  [ -f "$work/gen-$n/.gen-spec.json" ] && grep -q "\"pages\": *$n[,}]" "$work/gen-$n/.gen-spec.json" \
    || "$gen" --pages "$n" --out "$work/gen-$n" >/dev/null
done
has_build=0
"$bin" build --help >/dev/null 2>&1 && has_build=1

plan=$work/plan.json
python3 - "$plan" "$repo" "$work" "$bin" "$floor" "$has_build" "$smoke" "$corpus" "$lychee" $sizes <<'PY'
import json, os, sys
plan, repo, work, bin_, floor, has_build, smoke, corpus, lychee, *sizes = sys.argv[1:]
entries = []
def add(name, cmd, **kw):
    entries.append(dict(name=name, cmd=cmd, **kw))
def specnotes(label, spec):
    add(f"check {label}", [bin_, "check", spec, "--format", "json"])
    add(f"floor {label}", [floor, spec])
    if has_build == "1":
        add(f"build {label}", [bin_, "build", spec, "--out", f"{work}/site-{label}", "--format", "short"])
specnotes("spec", f"{repo}/spec")
if os.path.isdir(corpus):
    specnotes("gpconnect", corpus)
    if smoke == "0":
        env = "JEKYLL_NO_BUNDLER_REQUIRE=true PAGES_REPO_NWO=nhsconnect/gpconnect JEKYLL_BUILD_REVISION=bench NO_NETRC=1 JEKYLL_ENV=production"
        jekyll = f"rm -rf {work}/jekyll-src && cp -r {corpus} {work}/jekyll-src && rm -rf {work}/jekyll-src/_site"
        add("jekyll build gpconnect", ["sh", "-c", f"cd {work}/jekyll-src && env {env} jekyll build -s . -d {work}/jekyll-site -q"],
            setup=["sh", "-c", jekyll], ok_status=[0])
        add("html-proofer gpconnect", ["ruby", f"{repo}/scripts/conformance/proof.rb", f"{work}/jekyll-site", f"{work}/proofer.tsv"],
            ok_status=[0, 1])
        add("lychee gpconnect", [lychee, "--offline", "--include-fragments", "--no-progress", "--root-dir",
             f"{work}/jekyll-site", f"{work}/jekyll-site"], ok_status=[0, 2])
for n in sizes:
    specnotes(f"gen-{n}", f"{work}/gen-{n}")
json.dump(entries, open(plan, "w"), indent=1)
PY
if [ $smoke = 0 ] && [ -d "$corpus" ]; then
  # html-proofer and lychee read Jekyll's output: build it once before the measured rounds.
  python3 - "$plan" <<'PY'
import json, subprocess, sys
for e in json.load(open(sys.argv[1])):
    if e["name"] == "jekyll build gpconnect":
        subprocess.run(e["setup"], check=True); subprocess.run(e["cmd"], check=True)
PY
fi
python3 "$repo/scripts/bench/measure.py" "$plan" "$rounds" "$work/results.json"
serve_out=""
if [ $smoke = 0 ] && [ -d "$corpus" ]; then
  # serve: saving a release-notes page to the reload being sent, in the same run.
  serve_out=$work/serve-latency.txt
  CORPUS=$corpus SAVES=${SAVES:-21} "$repo/scripts/serve-latency.sh" >"$serve_out" 2>&1 || { cat "$serve_out" >&2; serve_out=""; }
fi
python3 "$repo/scripts/bench/report.py" "$work/results.json" "$rounds" "$sizes" "$repo/docs/performance.md" "$write" "$serve_out"
