#!/bin/sh
# Regenerates tests/data/kramdown-ids/expected.txt: the element ids Jekyll
# (kramdown, input GFM, auto_ids) gives tests/data/kramdown-ids/headings.md.
# Needs `jekyll` on PATH (Debian's package works without bundler).
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
data="$here/tests/data/kramdown-ids"
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
cat > "$site/_config.yml" <<'YML'
markdown: kramdown
kramdown:
  input: GFM
  auto_ids: true
YML
{ printf -- '---\ntitle: ids\n---\n'; cat "$data/headings.md"; } > "$site/index.md"
JEKYLL_NO_BUNDLER_REQUIRE=true jekyll build --quiet -s "$site" -d "$site/_site"
# One id per line, in document order, for every element that has one.
grep -o ' id="[^"]*"' "$site/_site/index.html" | sed 's/^ id="//; s/"$//' > "$data/expected.txt"
cp "$site/_site/index.html" "$data/rendered.html"
echo "wrote $(wc -l < "$data/expected.txt") ids to $data/expected.txt"
