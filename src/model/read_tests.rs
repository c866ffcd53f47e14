use super::*;
use crate::load;

/// Loads a one-page site and reads that page.
fn read_one(name: &str, text: &str) -> PageReleases {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join(name), text).expect("write page");
    let site = load::load(dir.path()).expect("site loads");
    read_page(&site.pages[0])
}

#[test]
fn a_labelled_page_takes_version_date_and_introduction() {
    let page = "---\ntitle: API - Access Document 1.0.0-beta release notes\npermalink: overview_release_notes_documents_1_0_0.html\nsummary: \"API 1.0.0-beta released on 30th September 2019\"\n---\n\n{% include warning.html content=\"merged\" %}\n\n## Introduction ##\n\nFirst release.\n\n### API guidance ###\n\n**Affects**&nbsp; Core\n";
    let read = read_one("documents_1_0_0.md", page);
    assert!(read.diagnostics.is_empty());
    let r = &read.releases[0];
    assert_eq!(r.version, "1.0.0-beta");
    assert_eq!(r.product.as_deref(), Some("documents"));
    assert_eq!(r.parsed_version.to_string(), "documents 1.0.0-beta");
    assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2019-09-30"));
    assert_eq!(r.date_text.as_deref(), Some("30th September 2019"));
    assert_eq!(r.introduction, "First release.");
    assert_eq!(r.layout, Layout::Labelled);
    assert_eq!(r.url, "/overview_release_notes_documents_1_0_0.html");
    assert_eq!(r.span.line, 2);
    assert_eq!(r.changes[0].title, "API guidance");
}

#[test]
fn a_page_without_labels_is_a_page_breakdown() {
    let page = "---\ntitle: API 1.1.0 release notes\nsummary: \"released on XX Mar 2019\"\n---\n## Introduction ##\n\nHello.\n\n## 1.1.0 changes ##\n\n### Core specification\n\n- [Glossary](overview_glossary.html)\n  - Updated definition\n";
    let read = read_one("1_1_0.md", page);
    let r = &read.releases[0];
    assert_eq!(r.layout, Layout::PageBreakdown);
    assert_eq!((r.date, r.date_text.as_deref()), (None, Some("XX Mar 2019")));
    assert_eq!(r.changes[0].title, "Glossary");
    assert_eq!(r.changes[0].group.as_deref(), Some("Core specification"));
}

#[test]
fn a_changelog_page_gives_one_release_per_version_section() {
    let page = "---\ntitle: Changelog\ntags: [release]\n---\n# Changelog\n\n## [1.2.3] - 2019-04-23\n\n### Fixed\n\n- fixed [links](a.html)\n\n## Version 1.2.0 (3 Aug 2018)\n\n- first\n- second\n";
    let read = read_one("changelog.md", page);
    let got: Vec<(&str, Option<String>, usize, Layout)> = read
        .releases
        .iter()
        .map(|r| (r.version.as_str(), r.date.map(|d| d.to_string()), r.changes.len(), r.layout))
        .collect();
    assert_eq!(
        got,
        [
            ("1.2.3", Some("2019-04-23".to_string()), 1, Layout::Changelog),
            ("1.2.0", Some("2018-08-03".to_string()), 2, Layout::Changelog),
        ]
    );
    let fixed = &read.releases[0].changes[0];
    assert_eq!((fixed.title.as_str(), fixed.group.as_deref()), ("fixed links", Some("Fixed")));
    assert_eq!(fixed.pages_changed[0].target, "a.html");
    assert_eq!(read.releases[1].title, "Version 1.2.0 (3 Aug 2018)");
}

#[test]
fn an_index_page_listing_releases_gives_no_release() {
    let page = "---\ntitle: Release notes\n---\n\nSee [1.2.3](overview_release_notes_1_2_3.html).\n";
    let read = read_one("release_notes.md", page);
    assert!(read.releases.is_empty());
    assert!(read.diagnostics.is_empty());
}

#[test]
fn unplaceable_content_becomes_a_finding_with_help() {
    let page = "---\ntitle: API 2.0.0 release notes\n---\n## 2.0.0 changes\n\n### A\n\nStray.\n\n**Affects:** Core\n";
    let read = read_one("2_0_0.md", page);
    let d = &read.diagnostics[0];
    assert_eq!(d.rule, "unparsed-release-content");
    assert_eq!((d.file.as_str(), d.span.line, d.span.column), ("2_0_0.md", 8, 1));
    assert_eq!(d.message, "`Stray.` in change \"A\" is not under a label");
    assert!(d.help.as_deref().is_some_and(|h| h.contains("**Description:**")));
}

#[test]
fn odd_pages_read_without_panicking() {
    let pages = [
        "---\ntitle: 1.0 release notes\n---\n",
        "---\ntitle: 1.0 release notes\n---\n**Tickets:**",
        "---\ntitle: 1.0 release notes\n---\n## Introduction\n## Changes\n### A\n**Pages changed:**\n- \n-\n  - x\n**Affects:**",
        "---\ntitle: 1.0 release notes\n---\n## 1.0\n## 2.0\n",
        "---\ntitle: İ release notes (cosmetic)\n---\n### İ *(cosmetic)*\n**Description:** é\n",
    ];
    for page in pages {
        let read = read_one("p.md", page);
        assert!(read.releases.len() <= 2, "{page}");
    }
}

#[test]
fn attribute_lists_are_read_as_kramdown_renders_them_not_as_text() {
    // kramdown takes `{#id}` off the heading and a `{: ...}` line off its block: neither is
    // part of the change's title, labels or description.
    let page = "---\ntitle: API 1.2.0 release notes\n---\n## Introduction ##\n\nHello.\n\n### Entry one {#entry-one}\n\n**Tickets**:&nbsp; [#601](https://github.com/x/y/issues/601)\n{: .note}\n\n**Description**: Clarified.\n";
    let read = read_one("1_2_0.md", page);
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    let change = &read.releases[0].changes[0];
    assert_eq!(change.title, "Entry one");
    let numbers: Vec<Option<u64>> = change.tickets.iter().map(|t| t.number).collect();
    assert_eq!(numbers, [Some(601)]);
    assert!(!change.description.contains('{'), "{:?}", change.description);
}
