#!/usr/bin/env python3
"""Normalise html-proofer and specnotes findings into one TSV shape and compare them.

Part of the conformance harness (scripts/conformance.sh). Both sides become rows
keyed by (source file relative to the spec, target as written); html-proofer's
rows are traced from the built page back to the source file that produced the
link, so they can be compared with specnotes, which reads the sources.

Subcommands:
  proofer   SPEC_DIR SITE_DIR RAW_TSV OUT_TSV   (RAW_TSV written by proof.rb)
  specnotes SPEC_DIR JSON OUT_TSV
  compare   PROOFER_TSV SPECNOTES_TSV EXPECTED_TSV OUT_DIR
"""

import html
import json
import os
import re
import sys
from html.parser import HTMLParser

COLUMNS = ["kind", "source_file", "page_url", "target", "reason", "origin", "group", "occurrences", "written_as"]
PERMALINK = re.compile(r"^permalink:\s*['\"]?([^'\"\s#]+)", re.M)
SIDEBAR_URL = re.compile(r"^\s*-?\s*url:\s*(.+?)\s*$")
SKIPPED_DIRS = {"_site", "_includes", "_layouts", "_data", "_posts", ".git", ".jekyll-cache"}


def front_matter(text):
    """The YAML front matter block of a page, or None when there is none."""
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    return text[3:end] if end != -1 else None


def page_sources(spec_dir):
    """Map built page path (relative to _site) -> source file (relative to spec)."""
    built = {}
    for root, dirs, files in os.walk(spec_dir):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            if not name.endswith((".md", ".markdown", ".html")):
                continue
            source = os.path.relpath(os.path.join(root, name), spec_dir)
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as handle:
                matter = front_matter(handle.read())
            if matter is None:
                continue
            found = PERMALINK.search(matter)
            if found:
                url = found.group(1).lstrip("/")
                url = url + "index.html" if url.endswith("/") or not url else url
            else:
                url = re.sub(r"\.(md|markdown)$", ".html", source)
            built.setdefault(url, source)
    return built


def sidebar_urls(spec_dir):
    """Map href as the sidebar include renders it -> sidebar data file.

    _includes/sidebar.html writes `{{ url | remove: "/" }}`, so every slash goes,
    and the browser (and html-proofer) then decodes entities such as `&#47;`."""
    rendered = {}
    folder = os.path.join(spec_dir, "_data", "sidebars")
    for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                found = SIDEBAR_URL.match(line)
                if found:
                    url = found.group(1).strip("'\"")
                    href = html.unescape(url.replace("/", "")).split('"')[0]
                    rendered.setdefault(href, os.path.relpath(path, spec_dir))
    return rendered


class IdCollector(HTMLParser):
    """Collects the id and name attributes of one page (html-proofer's targets)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value is not None:
                self.ids.add(value)


def page_ids(site_dir, page, cache):
    """The ids on a built page, or None when the page does not exist."""
    if page not in cache:
        path = os.path.join(site_dir, page)
        if not os.path.isfile(path):
            cache[page] = None
        else:
            collector = IdCollector()
            with open(path, encoding="utf-8", errors="replace") as handle:
                collector.feed(handle.read())
            cache[page] = collector.ids
    return cache[page]


def squash(text):
    """Letters and digits only, lower case: ids that differ only in punctuation agree."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def classify_link(target, site_files, site_lower, excluded):
    """The group of a 'missing file' finding."""
    path = target.split("#")[0].split("?")[0]
    if target.startswith("mailto:"):
        return "malformed mailto"
    if re.search(r"\.(png|jpe?g|gif|svg)$", path, re.I):
        return "missing image"
    if path in excluded:
        return "page excluded in _config.yml"
    if "." not in os.path.basename(path) and path + ".html" in site_files:
        return "extensionless (works only with .html added)"
    if path.lower() in site_lower or path.lower() + ".html" in site_lower:
        return "case differs from built file name"
    if re.search(r"(\.htm|,html)$", path):
        return "typo in extension"
    if any(f.endswith("/" + path) for f in site_files):
        return "file exists deeper in _site (permalink moved the page)"
    return "no such page"


def classify_anchor(page_url, target, site_dir, cache, site_files, site_lower, excluded):
    """The group of a 'missing anchor' finding."""
    path, _, fragment = target.partition("#")
    page = path or page_url
    if not fragment:
        return "empty fragment"
    ids = page_ids(site_dir, page, cache)
    if ids is None:
        return "anchor on missing page: " + classify_link(path, site_files, site_lower, excluded)
    if fragment.lower() in {i.lower() for i in ids}:
        return "id case differs"
    if squash(fragment) in {squash(i) for i in ids}:
        return "id punctuation differs (kramdown id)"
    return "no such id on page"


def excluded_pages(spec_dir, sources):
    """Built paths of pages that _config.yml's exclude list keeps out of the site."""
    config = os.path.join(spec_dir, "_config.yml")
    text = open(config, encoding="utf-8").read() if os.path.isfile(config) else ""
    block = re.search(r"^exclude:\s*\n((?:\s+-.*\n?)+)", text, re.M)
    names = re.findall(r"-\s*(\S+)", block.group(1)) if block else []
    pages = set()
    for name in names:
        source = os.path.join(spec_dir, name)
        if os.path.isfile(source):
            matter = front_matter(open(source, encoding="utf-8", errors="replace").read()) or ""
            found = PERMALINK.search(matter)
            pages.add(found.group(1).lstrip("/") if found else re.sub(r"\.md$", ".html", name))
    return pages


def written_as(spec_dir, source, target):
    """How the source writes the link: markdown, raw HTML, an include parameter, data, or not found."""
    path = os.path.join(spec_dir, source)
    if source.startswith("_data/"):
        return "sidebar data"
    if not os.path.isfile(path):
        return "not in source"
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if target not in line and html.escape(target) not in line:
                continue
            if "{% include" in line:
                return "include parameter"
            if re.search(r"(href|src)\s*=\s*[\"']?" + re.escape(target), line):
                return "raw HTML"
            return "markdown"
    return "not in source"


def proofer(spec_dir, site_dir, raw_tsv, out_tsv):
    """Turn proof.rb's per-page rows into source-keyed rows with a group."""
    sources = page_sources(spec_dir)
    sidebar = sidebar_urls(spec_dir)
    site_files = set()
    for root, _, files in os.walk(site_dir):
        for name in files:
            site_files.add(os.path.relpath(os.path.join(root, name), site_dir))
    site_lower = {f.lower() for f in site_files}
    excluded = excluded_pages(spec_dir, sources)
    cache = {}
    counts = {}
    with open(raw_tsv, encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle][1:]
    for page_url, _line, region, kind, target, reason in rows:
        if kind == "anchor":
            group = classify_anchor(page_url, target, site_dir, cache, site_files, site_lower, excluded)
        else:
            group = classify_link(target, site_files, site_lower, excluded)
        if region == "sidebar" and target in sidebar:
            key = (kind, sidebar[target], "", target, reason, region, group)
        else:
            source = sources.get(page_url, "?" + page_url)
            key = (kind, source, page_url, target, reason, region, group)
        counts[key] = counts.get(key, 0) + 1
    rows = [list(k) + [str(n), written_as(spec_dir, k[1], k[3])] for k, n in sorted(counts.items())]
    write_tsv(out_tsv, rows)


def specnotes(spec_dir, json_path, out_tsv):
    """Turn specnotes' JSON diagnostics into the same rows (origin 'source')."""
    del spec_dir  # files are already relative to it
    with open(json_path, encoding="utf-8") as handle:
        report = json.load(handle)
    counts = {}
    rules = {"broken-link", "broken-anchor", "sidebar-broken-url"}
    for diag in report.get("diagnostics", []):
        rule = diag.get("rule")
        if rule not in rules:
            continue
        target = diag.get("target") or ""
        kind = "anchor" if rule == "broken-anchor" or (rule != "broken-link" and "#" in target) else "link"
        key = (kind, diag.get("file", ""), "", target, rule, "source", "")
        counts[key] = counts.get(key, 0) + 1
    write_tsv(out_tsv, [list(k) + [str(n), ""] for k, n in sorted(counts.items())])


def comparison_key(row):
    """(source file, target) with sidebar targets as the include renders them."""
    source, target = row["source_file"], row["target"]
    if source.startswith("_data/sidebars/"):
        target = html.unescape(target.replace("/", "")).split('"')[0]
    return (source, html.unescape(target))


def read_tsv(path):
    """Rows of a TSV with a header, as dicts."""
    with open(path, encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
    return [dict(zip(lines[0], values)) for values in lines[1:]] if lines else []


def write_tsv(path, rows, columns=COLUMNS):
    """Write rows under a header, tabs and newlines in values replaced."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\t".join(columns) + "\n")
        for row in rows:
            handle.write("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in row) + "\n")


def compare(proofer_tsv, specnotes_tsv, expected_tsv, out_dir):
    """Write the disagreements; print counts; exit status 2 when some are unexplained."""
    proofer_rows, specnotes_rows = read_tsv(proofer_tsv), read_tsv(specnotes_tsv)
    expected = {(r["source_file"], r["target"]): r["reason"] for r in read_tsv(expected_tsv)} if os.path.isfile(expected_tsv) else {}
    proofer_keys = {comparison_key(r): r for r in proofer_rows}
    specnotes_keys = {comparison_key(r): r for r in specnotes_rows}
    columns = ["side", "source_file", "target", "kind", "group", "explained_by"]
    rows, unexplained = [], 0
    for side, mine, theirs in (("htmlproofer-only", proofer_keys, specnotes_keys), ("specnotes-only", specnotes_keys, proofer_keys)):
        for key in sorted(set(mine) - set(theirs)):
            reason = expected.get(key, "")
            unexplained += 0 if reason else 1
            rows.append([side, key[0], key[1], mine[key]["kind"], mine[key]["group"], reason])
    os.makedirs(out_dir, exist_ok=True)
    write_tsv(os.path.join(out_dir, "disagreements.tsv"), rows, columns)
    both = len(set(proofer_keys) & set(specnotes_keys))
    only_p = sum(1 for r in rows if r[0] == "htmlproofer-only")
    print(f"html-proofer: {len(proofer_keys)} distinct (source, target); specnotes: {len(specnotes_keys)}; both: {both}")
    print(f"in html-proofer only: {only_p}; in specnotes only: {len(rows) - only_p}; unexplained: {unexplained}")
    for row in rows:
        print("  " + "\t".join(row))
    return 2 if unexplained else 0


def main(argv):
    """Dispatch the subcommand."""
    commands = {"proofer": (proofer, 4), "specnotes": (specnotes, 3), "compare": (compare, 4)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 64
    return commands[argv[1]][0](*argv[2:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
