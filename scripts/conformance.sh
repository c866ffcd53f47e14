#!/usr/bin/env bash
# Conformance harness: does specnotes report the broken links and #anchors that
# the published site has? Reference = real Jekyll build + html-proofer 3.x.
# See docs/conformance.md.
#
# Usage: scripts/conformance.sh [--strict] [--out DIR] [--skip-specnotes] [SPEC_DIR]
#   SPEC_DIR   default ../shared/corpora/gpconnect-1.6.0 (relative to repo root)
#   --out      results folder (default target/conformance)
#   --strict   exit 1 when a disagreement is not listed in
#              scripts/conformance/expected-disagreements.tsv
#   --skip-specnotes  only build + proof (reference half)
#   SPECNOTES  env: specnotes binary (default target/release/specnotes)
#   SPECNOTES_JSON env: use this JSON instead of running specnotes (testing)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
helpers=$repo/scripts/conformance
strict=0 skip_specnotes=0 out=$repo/target/conformance spec=""
while [ $# -gt 0 ]; do
  case $1 in
    --strict) strict=1 ;;
    --skip-specnotes) skip_specnotes=1 ;;
    --out) out=$2; shift ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) spec=$1 ;;
  esac
  shift
done
spec=$(cd "${spec:-$repo/../shared/corpora/gpconnect-1.6.0}" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

die_missing() { echo "conformance: MISSING TOOL: $1" >&2; exit 3; }

# --- tools -------------------------------------------------------------------
# Debian packages; all four plugins the GP Connect _config.yml lists exist there.
packages="jekyll ruby-html-proofer ruby-jekyll-github-metadata ruby-jekyll-redirect-from ruby-jekyll-seo-tag ruby-jekyll-sitemap python3"
missing=""
for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "conformance: installing$missing" >&2
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null \
      || die_missing "apt-get install$missing failed"
  else
    die_missing "$missing (need root and apt-get to install)"
  fi
fi
for c in jekyll ruby python3; do command -v $c >/dev/null || die_missing "$c"; done

# --- build -------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/conformance.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$spec" "$work/spec"       # the corpus is read-only; Jekyll writes caches
rm -rf "$work/spec/_site"
# github-metadata stays on (topnav uses site.github.hostname) but is kept off the
# network: the repo name comes from here instead of `git remote`, the build
# revision is fixed, no .netrc is read. No API field is used by built pages.
export JEKYLL_NO_BUNDLER_REQUIRE=true PAGES_REPO_NWO=${PAGES_REPO_NWO:-nhsconnect/gpconnect} \
  JEKYLL_BUILD_REVISION=conformance NO_NETRC=1 JEKYLL_ENV=production
now() { date +%s.%N; }
t0=$(now)
(cd "$work/spec" && jekyll build -s . -d "$work/site" >"$out/jekyll.log" 2>&1) \
  || { echo "conformance: jekyll build failed, see $out/jekyll.log" >&2; exit 4; }
t1=$(now)
ruby "$helpers/proof.rb" "$work/site" "$out/htmlproofer-raw.tsv" 2>"$out/htmlproofer.log" \
  || { echo "conformance: html-proofer failed, see $out/htmlproofer.log" >&2; exit 4; }
t2=$(now)
python3 "$helpers/normalise.py" proofer "$spec" "$work/site" "$out/htmlproofer-raw.tsv" "$out/htmlproofer.tsv"
jekyll_s=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}"); proof_s=$(awk "BEGIN{printf \"%.1f\", $t2 - $t1}")
pages=$(find "$work/site" -name '*.html' | wc -l)
printf 'jekyll_build_s\t%s\nhtmlproofer_s\t%s\nhtml_pages\t%s\n' "$jekyll_s" "$proof_s" "$pages" >"$out/times.tsv"
echo "jekyll build: ${jekyll_s}s ($pages pages); html-proofer: ${proof_s}s"
echo "html-proofer findings by kind/origin/group (distinct source+target):"
tail -n +2 "$out/htmlproofer.tsv" | cut -f1,6,7 | sort | uniq -c | sort -rn
[ $skip_specnotes = 1 ] && exit 0

# --- specnotes ---------------------------------------------------------------
json=${SPECNOTES_JSON:-}
if [ -z "$json" ]; then
  bin=${SPECNOTES:-$repo/target/release/specnotes}
  if [ ! -x "$bin" ]; then
    command -v cargo >/dev/null || die_missing "cargo (to build $bin)"
    (cd "$repo" && cargo build --release --quiet) || die_missing "specnotes (cargo build failed)"
  fi
  json=$out/specnotes.json
  "$bin" check "$spec" --format json >"$json" || true   # non-zero = findings
fi
python3 "$helpers/normalise.py" specnotes "$spec" "$json" "$out/specnotes.tsv"
status=0
python3 "$helpers/normalise.py" compare "$out/htmlproofer.tsv" "$out/specnotes.tsv" \
  "$helpers/expected-disagreements.tsv" "$out" || status=$?
[ $status -ne 0 ] && [ $status -ne 2 ] && exit $status
echo "results in $out"
[ $strict = 1 ] && [ $status = 2 ] && exit 1
exit 0
