//! One fixture site per rule under `tests/fixtures/rules/RULE/`, holding both cases that must
//! fire and cases that must not; each test asserts the exact findings of its rule.

mod common;

use std::path::PathBuf;

use specnotes::Project;
use specnotes::check::{self, Options};

/// `file:line target` for every finding of `rule` on fixture `fixture`, with the rule enabled.
fn findings(fixture: &str, rule: &str) -> Vec<String> {
    common::rule_findings(&common::root().join("tests/fixtures/rules").join(fixture), rule)
}

#[test]
fn front_matter_flags_invalid_yaml_bom_and_unclosed_but_not_crlf() {
    assert_eq!(findings("front-matter", "front-matter"), ["bad_yaml.md:4", "bom.md:1", "unclosed.md:1"]);
}

#[test]
fn data_file_flags_an_unparseable_sidebar_only() {
    assert_eq!(findings("data-file", "data-file"), ["_data/sidebars/bad_sidebar.yml:4"]);
}

#[test]
fn missing_front_matter_key_flags_title_and_permalink_but_not_the_home_page() {
    assert_eq!(
        findings("missing-front-matter-key", "missing-front-matter-key"),
        ["no_permalink.md:1", "untitled.md:1"]
    );
}

#[test]
fn duplicate_permalink_flags_the_second_page_at_a_url() {
    assert_eq!(findings("duplicate-permalink", "duplicate-permalink"), ["b.md:3"]);
}

#[test]
fn broken_link_flags_missing_case_extension_root_html_image_bom_and_empty_targets() {
    assert_eq!(
        findings("broken-link", "broken-link"),
        [
            "index.md:9 no_such_page.html",
            "index.md:9 Page_A.html",
            "index.md:9 page_a",
            "index.md:10 ../../x.html",
            "index.md:10 gone.html",
            "index.md:10 images/none.png",
            "index.md:11 bom_page.html",
            "index.md:11 mailto://team@example.org",
            "index.md:11 /page_a.html",
            "index.md:13 in_include.html",
            "index.md:15 ",
            "index.md:15 ",
        ]
    );
}

#[test]
fn broken_link_says_an_empty_target_is_empty() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/broken-link");
    let project = Project::open(&root).unwrap();
    let empty: Vec<_> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.target.as_deref() == Some(""))
        .map(|d| (d.span.column, d.message, d.help.unwrap_or_default()))
        .collect();
    assert_eq!(empty.len(), 2, "{empty:?}");
    for (_, message, help) in &empty {
        assert_eq!(message, "link has an empty target");
        assert!(help.contains("`#anchor`"), "{help}");
    }
}

#[test]
fn broken_link_help_explains_case_extension_and_bom() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/broken-link");
    let project = Project::open(&root).unwrap();
    let diags = check::run(&project, &Options::default());
    let help = |target: &str| {
        diags.iter().find(|d| d.target.as_deref() == Some(target)).and_then(|d| d.help.clone()).unwrap_or_default()
    };
    assert!(help("Page_A.html").contains("case-insensitive host"), "{}", help("Page_A.html"));
    assert!(help("page_a").contains("adds `.html`"), "{}", help("page_a"));
    assert!(help("bom_page.html").contains("byte-order mark"), "{}", help("bom_page.html"));
}

#[test]
fn broken_anchor_uses_kramdown_gfm_ids_includes_liquid_and_footnotes() {
    assert_eq!(
        findings("broken-anchor", "broken-anchor"),
        [
            "source.md:11 target.html#payload-request-bdy",
            "source.md:11 target.html#Custom-ID",
            "source.md:11 #nowhere",
            "source.md:12 target.html#patient-s-details-notes",
        ]
    );
}

#[test]
fn missing_include_flags_unknown_names_only() {
    assert_eq!(
        findings("missing-include", "missing-include"),
        ["guide/guide.md:6", "guide/guide.md:7", "page.md:7", "page.md:8"]
    );
    // What a relative include brings is the page's: its heading is an anchor there, and its
    // links resolve from the page.
    let dir = common::root().join("tests/fixtures/rules/missing-include");
    assert!(common::rule_findings(&dir, "broken-anchor").is_empty());
    assert!(common::rule_findings(&dir, "broken-link").is_empty());
    let messages: Vec<String> = specnotes::check::run(
        &specnotes::Project::open(&dir).expect("fixture loads"),
        &specnotes::check::Options::default(),
    )
    .into_iter()
    .filter(|d| d.file == "guide/guide.md")
    .map(|d| d.message)
    .collect();
    assert_eq!(
        messages,
        [
            "file `parts/gone.md` included with `include_relative` does not exist (looked for `guide/parts/gone.md`)",
            "`include_relative` name `../page.md` has characters or sequences Jekyll refuses",
        ]
    );
}

#[test]
fn sidebar_broken_url_flags_missing_pages_quotes_and_anchors_but_not_pdf_items() {
    assert_eq!(
        findings("sidebar-broken-url", "sidebar-broken-url"),
        [
            "_data/sidebars/main_sidebar.yml:14 /missing.html",
            "_data/sidebars/main_sidebar.yml:20 /report.xlsx\"rel=\"nofollow\" target=\"_blank\"",
            "_data/sidebars/main_sidebar.yml:30 /index.html#section-two",
        ]
    );
}

#[test]
fn orphan_page_flags_pages_nothing_links_to() {
    assert_eq!(findings("orphan-page", "orphan-page"), ["orphan.md:1"]);
}

#[test]
fn redirect_from_urls_reach_their_page_only_with_the_jekyll_redirect_from_plugin() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| common::write_file(dir.path(), rel, text);
    write("_config.yml", "title: t\nplugins:\n  - jekyll-redirect-from\n");
    write(
        "b.md",
        "---\ntitle: B\npermalink: b.html\nredirect_from:\n  - /old_b.html\n  - legacy/b/\n---\n## Section\n",
    );
    write("one.md", "---\ntitle: One\npermalink: one.html\nredirect_from: /old_one.html\n---\nx\n");
    write(
        "c.md",
        "---\ntitle: C\npermalink: c.html\n---\n[1](old_b.html) [2](legacy/b/) [3](old_b.html#section) \
         [4](old_b.html#nope) [5](/old_one.html) [6](gone.html)\n",
    );
    assert_eq!(common::rule_findings(dir.path(), "broken-link"), ["c.md:5 gone.html"]);
    assert_eq!(common::rule_findings(dir.path(), "broken-anchor"), ["c.md:5 old_b.html#nope"]);

    // Without the plugin Jekyll publishes nothing at those URLs.
    write("_config.yml", "title: t\n");
    assert_eq!(common::rule_findings(dir.path(), "broken-link").len(), 6);
}

#[test]
fn broken_anchor_names_the_root_page_by_its_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("_config.yml"), "title: t\n").unwrap();
    std::fs::write(dir.path().join("index.md"), "---\ntitle: Home\n---\n## Welcome\n").unwrap();
    std::fs::write(dir.path().join("a.md"), "---\ntitle: A\npermalink: a.html\n---\n[home](index.html#welcom)\n")
        .unwrap();
    let project = Project::open(dir.path()).unwrap();
    let messages: Vec<_> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "broken-anchor")
        .map(|d| d.message)
        .collect();
    assert_eq!(messages, ["anchor `#welcom` is not on `/`"]);
}

#[test]
fn links_an_include_writes_are_checked_at_the_include_tag() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| common::write_file(dir.path(), rel, text);
    write("_config.yml", "title: t\n");
    write("images/there.png", "");
    write("b.md", "---\ntitle: B\npermalink: b.html\n---\n## Section\n");
    // Jekyll's lax Liquid reads `{% if {{include.url}} %}` as `{% if include.url %}`.
    write(
        "_includes/image.html",
        "<figure>{% if {{include.url}} %}<a href=\"{{include.url}}\">{% endif %}<img src=\"images/{{include.file}}\" \
         alt=\"{{include.alt}}\">{% if {{include.url}} %}</a>{% endif %}</figure>",
    );
    write("_includes/see.html", "See [the list](missing.html) and <a href=\"b.html#section\">B</a>.\n");
    write("_includes/note.html", "<div markdown=\"span\"><b>Note:</b> {{include.content}}</div>");
    write(
        "a.md",
        "---\ntitle: A\npermalink: a.html\n---\n{% include image.html file=\"there.png\" url=\"b.html#nope\" %}\n\n\
         {% include image.html file=\"gone.png\" %}\n\n{% include see.html %}\n\n\
         {% include note.html content=\"Read [B](b.html#nope2).\" %}\n",
    );
    assert_eq!(common::rule_findings(dir.path(), "broken-link"), ["a.md:7 images/gone.png", "a.md:9 missing.html"]);
    // The parameter's own link is reported where it is written, once.
    assert_eq!(common::rule_findings(dir.path(), "broken-anchor"), ["a.md:5 b.html#nope", "a.md:11 b.html#nope2"]);
    let project = Project::open(dir.path()).unwrap();
    let messages: Vec<_> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "broken-link" || d.rule == "broken-anchor")
        .map(|d| (d.message, d.fix.is_some()))
        .collect();
    assert!(
        messages.contains(&(
            "image in include `image.html` target `images/gone.png` does not exist (resolves to `/images/gone.png`)"
                .into(),
            false
        )),
        "{messages:?}"
    );
    assert!(
        messages.contains(&("anchor `#nope` is not on `b.html` (link in include `image.html`)".into(), false)),
        "{messages:?}"
    );
}

#[test]
fn broken_link_help_moves_an_extension_written_after_the_fragment() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("_config.yml"), "title: t\n").unwrap();
    std::fs::write(dir.path().join("b.md"), "---\ntitle: B\npermalink: b.html\n---\n## Section\n").unwrap();
    std::fs::write(dir.path().join("a.md"), "---\ntitle: A\npermalink: a.html\n---\n[B](b#section.html)\n").unwrap();
    let project = Project::open(dir.path()).unwrap();
    let help: Vec<_> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "broken-link")
        .map(|d| d.help.unwrap_or_default())
        .collect();
    assert_eq!(help, ["move `.html` before the `#`: `b.html#section`"]);
}

#[test]
fn broken_link_reads_backslashes_as_slashes_as_a_browser_does() {
    let dir = tempfile::tempdir().unwrap();
    common::write_file(dir.path(), "_config.yml", "title: t\n");
    common::write_file(dir.path(), "index.md", "---\ntitle: Home\npermalink: index.html\n---\nHome.\n");
    common::write_file(
        dir.path(),
        "sub/page.md",
        "---\ntitle: Sub\npermalink: sub/page.html\n---\n[home](..\\index.html) [nowhere](..\\nowhere.html)\n",
    );
    assert_eq!(common::rule_findings(dir.path(), "broken-link"), ["sub/page.md:5 ..\\nowhere.html"]);
}
