#!/usr/bin/env bash
# Quality checks of the site `specnotes build` makes of the bundled spec/, with the real tools:
#   1. the Nu HTML Checker (npm `vnu-jar`, run with the machine's Java): no errors;
#   2. end to end in Debian's chromium (playwright-core): index -> release -> ticket -> page
#      history, a search and a compare, no console errors, under the site's CSP, from file://;
#   3. axe-core in the same chromium: no WCAG 2.1 A/AA violations on every page type.
# Screenshots of each step are saved in target/site-qa/shots.
#
# Usage: scripts/site-qa.sh [--update-screenshots]
#   --update-screenshots  also copy the index and release screenshots to docs/screenshots/
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=$repo/target/site-qa
update=0
[ "${1:-}" = "--update-screenshots" ] && update=1

# --- tools -------------------------------------------------------------------
missing=""
for p in chromium fonts-dejavu-core; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  echo "site-qa: installing$missing" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi
command -v java >/dev/null || { echo "site-qa: java is needed for the Nu HTML Checker" >&2; exit 3; }
(cd "$repo/tests/site" && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error; })

# --- build -------------------------------------------------------------------
(cd "$repo" && cargo build --release --quiet --bin specnotes)
rm -rf "$out" && mkdir -p "$out/shots"
"$repo/target/release/specnotes" build "$repo/spec" --out "$out/site" --deny-warnings --format short

# --- 1. HTML -----------------------------------------------------------------
echo "site-qa: Nu HTML Checker"
java -jar "$repo/tests/site/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$out/site"
echo "site-qa: no HTML errors in $(find "$out/site" -name '*.html' | wc -l) pages"

# --- 2 and 3. browser --------------------------------------------------------
node "$repo/tests/site/qa.mjs" "$out/site" "$out/shots"

if [ $update = 1 ]; then
  mkdir -p "$repo/docs/screenshots"
  cp "$out/shots/index.png" "$out/shots/release.png" "$repo/docs/screenshots/"
  echo "site-qa: docs/screenshots/ updated"
fi
