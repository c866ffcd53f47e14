//! Property: every finding's `line:column` points inside its file, agrees with its byte
//! offset, and for link findings points at the link that names the reported target.
//!
//! Pages are generated with multi-byte characters, CRLF and LF endings, Liquid, raw HTML
//! links and Markdown links to pages and anchors that may or may not exist; the spec is
//! checked through the library and each finding is mapped back into its file's text.

use std::path::Path;

use proptest::prelude::*;
use specnotes::Project;
use specnotes::check::{self, Options};

/// Prose pieces: ASCII, accented, CJK, emoji and Liquid, so columns (characters) and byte
/// offsets differ.
const WORDS: &[&str] = &["plain", "café", "naïve", "中文", "🚑", "{{ site.title }}", "`code`", "ß", "-", "&amp;"];
const PAGES: &[&str] = &["a.html", "b.html", "missing.html", "sub/c.html", "gone/x.html"];
const ANCHORS: &[&str] = &["", "#intro", "#café-notes", "#nope", "#section-2", "#Intro"];

fn line() -> impl Strategy<Value = String> {
    let word = prop::sample::select(WORDS);
    let link = (prop::sample::select(PAGES), prop::sample::select(ANCHORS), prop::bool::ANY).prop_map(
        |(page, anchor, html)| {
            if html { format!("<a href=\"{page}{anchor}\">x</a>") } else { format!("[t é]({page}{anchor})") }
        },
    );
    let piece = prop_oneof![3 => word.prop_map(str::to_string), 1 => link];
    let heading = prop::sample::select(&["", "## Intro ", "### Café notes ", "## Section "][..]);
    (heading, prop::collection::vec(piece, 0..8)).prop_map(|(h, pieces)| format!("{h}{}", pieces.join(" ")))
}

fn page_text() -> impl Strategy<Value = (String, bool)> {
    (prop::collection::vec(line(), 1..12), prop::bool::ANY).prop_map(|(lines, crlf)| {
        let eol = if crlf { "\r\n" } else { "\n" };
        (lines.join(eol), crlf)
    })
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// 1-based line and character column of byte `offset` in `text`, computed the slow, obvious way.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text[line_start..offset].chars().count() + 1)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_finding_points_at_its_text(pages in prop::collection::vec(page_text(), 3)) {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "_config.yml", "title: Props\n");
        let names = ["a.md", "b.md", "sub/c.md"];
        for (name, (body, crlf)) in names.iter().zip(&pages) {
            let eol = if *crlf { "\r\n" } else { "\n" };
            let permalink = name.replace(".md", ".html");
            write(dir.path(), name, &format!("---{eol}title: Page ✓{eol}permalink: {permalink}{eol}---{eol}{body}{eol}"));
        }
        let project = Project::open(dir.path()).expect("opens");
        for diag in check::run(&project, &Options::default()) {
            let Some(text) = project.source_text(&diag.file) else { continue };
            let span = diag.span;
            prop_assert!(span.offset <= text.len(), "{diag:?} outside its file");
            prop_assert!(text.is_char_boundary(span.offset), "{diag:?} inside a character");
            prop_assert_eq!((span.line, span.column), line_col(text, span.offset), "{:?}", diag);
            if let (Some(target), "broken-link" | "broken-anchor") = (&diag.target, diag.rule) {
                let line_end = text[span.offset..].find('\n').map_or(text.len(), |i| span.offset + i);
                let rest = &text[span.offset..line_end];
                let written = target.trim_start_matches('/');
                prop_assert!(
                    rest.starts_with('[') || rest.starts_with('<'),
                    "{} finding does not point at a link: {:?}", diag.rule, rest
                );
                let page_part = written.split('#').next().unwrap_or("");
                let page_name = page_part.rsplit('/').next().unwrap_or("");
                prop_assert!(rest.contains(page_name), "{:?} names {:?} but points at {:?}", diag.message, target, rest);
            }
        }
    }
}

/// The property above is not vacuous: a page like the generated ones yields link findings
/// whose target the check can map back.
#[test]
fn generated_shapes_produce_link_findings_with_targets() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "_config.yml", "title: Props\n");
    write(
        dir.path(),
        "a.md",
        "---\r\ntitle: A\r\npermalink: a.html\r\n---\r\n## Intro\r\n中文 [t é](missing.html) <a href=\"a.html#nope\">x</a>\r\n",
    );
    let project = Project::open(dir.path()).expect("opens");
    let found: Vec<(String, Option<String>, usize, usize)> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "broken-link" || d.rule == "broken-anchor")
        .map(|d| (d.rule.to_string(), d.target, d.span.line, d.span.column))
        .collect();
    assert_eq!(
        found,
        vec![
            ("broken-link".to_string(), Some("missing.html".to_string()), 6, 4),
            ("broken-anchor".to_string(), Some("a.html#nope".to_string()), 6, 24),
        ]
    );
}
