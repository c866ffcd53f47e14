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

/// Version, introduction and change titles of each release of a one-page site.
fn outline(read: &PageReleases) -> Vec<(String, String, Vec<String>)> {
    read.releases
        .iter()
        .map(|r| (r.version.clone(), r.introduction.clone(), r.changes.iter().map(|c| c.title.clone()).collect()))
        .collect()
}

#[test]
fn a_changelog_sections_opening_words_are_its_introduction_and_bold_led_lines_alone_are_its_changes() {
    let page = "---\ntitle: Release notes\n---\n## 2.1.0 ##\n**Infrastructure**\nAligned with transport 2.1.0.\n\n## 2.0.0 ##\n*Intro for two.*\n\n- Renamed the widget\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> Quoted.\n\n## 1.0.0 ##\n\nFirst draft.\n\nPublished elsewhere.\n";
    let read = read_one("release_notes.md", page);
    let text = |s: &str| s.to_string();
    assert_eq!(
        outline(&read),
        [
            // No bullets: each line led by a bold run is a change, the next lines its description.
            (text("2.1.0"), text(""), vec![text("Infrastructure")]),
            (text("2.0.0"), text("*Intro for two.*"), vec![text("Renamed the widget")]),
            // Only paragraphs: each is a change.
            (text("1.0.0"), text(""), vec![text("First draft."), text("Published elsewhere.")]),
        ]
    );
    assert_eq!(read.releases[0].changes[0].description, "Aligned with transport 2.1.0.");
    assert_eq!(read.releases[1].changes[0].group_note, None);
    // What follows the changes and belongs to none is reported, not dropped.
    let messages: Vec<&str> = read.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["`a b 1 2` between changes is not part of a change", "`Quoted.` between changes is not part of a change"]
    );
}

#[test]
fn paragraphs_over_bullets_are_the_note_of_those_bullets_only_and_a_note_without_bullets_is_reported() {
    let page = "---\ntitle: Release notes\n---\n## 2.0.0\n\n### Sprints\n\nSprint 2:\n\n- b\n\nSprint 1:\n\n- a\n\nNothing more.\n\n## 1.0.0\n\n- c\n";
    let read = read_one("release_notes.md", page);
    let notes: Vec<Option<&str>> = read.releases[0].changes.iter().map(|c| c.group_note.as_deref()).collect();
    assert_eq!(notes, [Some("Sprint 2:"), Some("Sprint 1:")]);
    let d = &read.diagnostics[0];
    assert_eq!(d.message, "`Nothing more.` is not followed by any change, so no change holds it");
    assert_eq!(d.span.line, 16);
}

#[test]
fn what_comes_before_the_changes_heading_is_the_introduction_whatever_its_heading() {
    let page = "---\ntitle: Widget 1.3.0 release notes\n---\n## Release overview ##\n\n**Moved to published**\n\n- payload aligned\n\n## Page-by-page breakdown of changes ##\n\n- [Payload](payload.html)\n  - requirement removed\n";
    let read = read_one("1_3_0.md", page);
    let r = &read.releases[0];
    assert_eq!(r.introduction, "**Moved to published**\n\n- payload aligned");
    assert_eq!(r.changes.len(), 1);
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    // With an `## Introduction` section, a section between it and the changes joins it.
    let page = "---\ntitle: Widget 1.3.0 release notes\n---\n## Introduction ##\n\nHello.\n\n## Known issues ##\n\nNone.\n\n## 1.3.0 changes ##\n\n- [Payload](payload.html)\n";
    let r = &read_one("1_3_0.md", page).releases[0];
    assert_eq!(r.introduction, "Hello.\n\n## Known issues ##\n\nNone.");
}

#[test]
fn version_headings_with_a_stage_or_product_before_the_number_are_sections() {
    let page = "---\ntitle: Release notes\n---\n## Beta 1.1.0 ##\n\n- b\n\n#### Widget 1.0.0-rc.1 (Released: 17 July 2017)\n\n- a\n\n## 1.0.6-alpha Released: 09-04-2020 ##\n\n- c\n";
    let read = read_one("release_notes.md", page);
    let versions: Vec<(&str, Option<String>)> =
        read.releases.iter().map(|r| (r.version.as_str(), r.date.map(|d| d.to_string()))).collect();
    assert_eq!(versions, [("1.1.0-beta", None), ("1.0.6-alpha", Some("2020-04-09".to_string()))]);
    // The level-4 heading is deeper than the first version heading: part of 1.1.0.
    assert_eq!(read.releases[0].changes.len(), 2);
}

#[test]
fn attribute_lists_never_reach_a_description_or_note() {
    let page = "---\ntitle: Release notes\n---\n## 2.0.0\n\n- [Pointer](pointer.html)\n  - *Breaking Change*{:.label.label-danger} The pointer was renamed\n  - *New*{:.label} Supersede\n";
    let read = read_one("release_notes.md", page);
    let c = &read.releases[0].changes[0];
    assert!(!c.description.contains("{:"), "{:?}", c.description);
    assert!(c.description.contains("*Breaking Change*") && c.description.contains("The pointer was renamed"));
    assert!(c.pages_changed[0].notes.iter().all(|n| !n.contains("{:")), "{:?}", c.pages_changed[0].notes);
}

#[test]
fn open_questions_and_known_issues_are_release_text_not_changes() {
    let page = "---\ntitle: Widget 1.3.0 release notes\n---\n## 1.3.0 changes ##\n\n- [Payload](payload.html)\n  - requirement removed\n\n## Open questions ##\n\n- Should the pointer expire?\n\n## Known issues: ##\n\nNone yet.\n";
    let read = read_one("1_3_0.md", page);
    let r = &read.releases[0];
    assert_eq!(r.changes.len(), 1, "{:?}", r.changes);
    assert_eq!(
        r.introduction,
        "## Open questions ##\n\n- Should the pointer expire?\n\n## Known issues: ##\n\nNone yet."
    );
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    // In a changelog, within a version's section, up to the next heading of its level.
    let page = "---\ntitle: Release notes\n---\n## 1.1.0\n\nThe first minor.\n\n- a\n\n### Open questions\n\n- b\n\n### Fixes\n\n- c\n\n## 1.0.0\n\n- d\n";
    let read = read_one("release_notes.md", page);
    let titles: Vec<Vec<&str>> =
        read.releases.iter().map(|r| r.changes.iter().map(|c| c.title.as_str()).collect()).collect();
    assert_eq!(titles, [vec!["a", "c"], vec!["d"]]);
    assert_eq!(read.releases[0].introduction, "The first minor.\n\n### Open questions\n\n- b");
    // A section that carries bold change labels is changes, whatever its heading.
    let page = "---\ntitle: Widget 1.3.0 release notes\n---\n## 1.3.0 changes ##\n\n### Known issues\n\n**Tickets:** #12\n\n**Description:** Fixed the known issues.\n";
    let r = &read_one("1_3_0.md", page).releases[0];
    assert_eq!(r.changes.len(), 1);
    assert_eq!(r.introduction, "");
}

#[test]
fn a_changelog_section_at_version_level_that_is_no_version_is_reported_not_dropped() {
    let page = "---\ntitle: Release notes\n---\n# Changelog\n\nAll changes.\n\n## [Unreleased]\n\n- e\n\n## 1.1.0\n\n- a\n\n## Notes\n\nx\n\n## 1.0.0\n\n- d\n\n### Fixes\n\n- f\n\n## Open questions\n\n- Should it expire?\n\n# Contributors\n\nUs.\n";
    let read = read_one("release_notes.md", page);
    let titles: Vec<Vec<&str>> =
        read.releases.iter().map(|r| r.changes.iter().map(|c| c.title.as_str()).collect()).collect();
    assert_eq!(titles, [vec!["a"], vec!["d", "f"]]);
    let found: Vec<(usize, &str)> = read.diagnostics.iter().map(|d| (d.span.line, d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (16, "section `Notes` of a changelog page is in no release"),
            (28, "section `Open questions` of a changelog page is in no release"),
            (32, "section `Contributors` of a changelog page is in no release"),
        ]
    );
    assert!(read.diagnostics[1].help.as_deref().unwrap_or("").contains("`### Open questions`"));
}

#[test]
fn changelog_sections_of_one_paragraph_per_change_give_a_change_per_paragraph() {
    let page = "---\ntitle: Release Notes\ntags: [development]\npermalink: overview_release_notes.html\n---\n\
        ## 0.4.0-alpha.0 ##\n\nFixed the trademark.\n\nMIME values updated:\n\n- application/fhir+xml\n- application/fhir+json\n\n\
        U.K. changed to UK\n\n\
        ## 0.2.0-alpha.0 ##\n\nThis is the first version with search.\n\nAdded [searches](search.html).\n\n\
        ## 0.1.0-alpha.0 ##\n\nInitialization of the guide.\n";
    let read = read_one("overview_release_notes.md", page);
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    type Titled<'a> = Vec<(&'a str, Option<&'a str>)>;
    let got: Vec<(&str, Titled)> = read
        .releases
        .iter()
        .map(|r| (r.version.as_str(), r.changes.iter().map(|c| (c.title.as_str(), c.group_note.as_deref())).collect()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "0.4.0-alpha.0",
                vec![
                    ("Fixed the trademark.", None),
                    ("application/fhir+xml", Some("MIME values updated:")),
                    ("application/fhir+json", Some("MIME values updated:")),
                    ("U.K. changed to UK", None),
                ]
            ),
            ("0.2.0-alpha.0", vec![("Added searches.", None)]),
            ("0.1.0-alpha.0", vec![("Initialization of the guide.", None)]),
        ]
    );
    // A paragraph about the release itself opens its introduction; a link names a page.
    assert_eq!(read.releases[1].introduction, "This is the first version with search.");
    assert_eq!(read.releases[1].changes[0].pages_changed[0].target, "search.html");
    assert_eq!(read.releases[1].changes[0].line, 21);
}

#[test]
fn bold_lines_name_groups_and_lead_ins_open_the_first_group() {
    let page = "---\ntitle: Release Notes\ntags: [development]\n---\n\
        ## 0.7.0-alpha.0 ##\n\n**Overview**\n\n- Journey removed\n\n**Design & Build:**\n\nRemove all pages but one.\n\n\
        ## 0.6.0 ##\n\nPages updated to support searching:\n- [Search](search.html)\n\n\
        Pages added to support the new use case:\n- [Use case](use_case.html)\n";
    let read = read_one("notes.md", page);
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    let groups: Vec<(Option<&str>, &str)> =
        read.releases[0].changes.iter().map(|c| (c.group.as_deref(), c.title.as_str())).collect();
    assert_eq!(groups, [(Some("Overview"), "Journey removed"), (Some("Design & Build"), "Remove all pages but one.")]);
    let r = &read.releases[1];
    assert_eq!(r.introduction, "", "the first lead-in is its list's note, not the introduction");
    assert_eq!(r.changes[0].group_note.as_deref(), Some("Pages updated to support searching:"));
    assert_eq!(r.changes[0].pages_changed[0].target, "search.html");
    assert!(r.changes[1].pages_changed.is_empty());
    assert_eq!(r.changes[1].pages_added[0].target, "use_case.html");
}

#[test]
fn a_single_release_page_with_a_changes_heading_reads_paragraphs_as_changes() {
    let page = "---\ntitle: API 2.0.0 release notes\n---\n## Introduction ##\n\nHello.\n\n## Changes ##\n\n\
        Fixed the headers.\n\nRewrote the [examples](examples.html).\n";
    let r = &read_one("2_0_0.md", page).releases[0];
    assert_eq!(r.introduction, "Hello.");
    let titles: Vec<&str> = r.changes.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Fixed the headers.", "Rewrote the examples."]);
    // An index of releases (no version anywhere) stays an index.
    let index = "---\ntitle: Release notes\n---\nSee the pages below.\n\nEach release has its own page.\n";
    assert!(read_one("release_notes.md", index).releases.is_empty());
}

#[test]
fn bold_lines_that_are_versions_mark_the_sections_of_a_page_without_version_headings() {
    let page = "---\ntitle: Release Notes\npermalink: overview_release_notes.html\n---\n\nUnder development.\n\n\
        **1.0.0-alpha (12 March 2020)**\n\n- First change\n- Second change\n\n**0.9.0-alpha:**\n\n- Early change\n";
    let read = read_one("overview_release_notes.md", page);
    let got: Vec<(&str, Option<String>, usize)> =
        read.releases.iter().map(|r| (r.version.as_str(), r.date.map(|d| d.to_string()), r.changes.len())).collect();
    assert_eq!(got, [("1.0.0-alpha", Some("2020-03-12".to_string()), 2), ("0.9.0-alpha", None, 1)]);
    // A page named for one version keeps its bold lines as text: `**1.2.0-rc.1**` there is a
    // pre-release the release went through.
    let one =
        "---\ntitle: API 1.2.0 release notes\n---\n## Changes ##\n\n**1.2.0-rc.1**\n\n- a\n\n**1.2.0-rc.2**\n\n- b\n";
    let read = read_one("1_2_0.md", one);
    assert_eq!(read.releases.len(), 1);
    assert_eq!(read.releases[0].version, "1.2.0");
}

#[test]
fn a_word_or_two_alone_over_a_list_names_its_group() {
    let page = "---\ntitle: Release Notes\ntags: [development]\n---\n\
        ## 0.6.0 ##\n\nAdded\n  - A new section\n\nUpdated\n  - The glossary\n  - The menu\n\n\
        ## 0.5.0 ##\n\nUpdated\n  - Spelling\n\n## 0.4.0 ##\n\nThis release adds:\n\n- Search\n";
    let read = read_one("notes.md", page);
    assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
    let groups: Vec<Vec<(Option<&str>, &str)>> = read
        .releases
        .iter()
        .map(|r| r.changes.iter().map(|c| (c.group.as_deref(), c.title.as_str())).collect())
        .collect();
    assert_eq!(
        groups,
        [
            vec![(Some("Added"), "A new section"), (Some("Updated"), "The glossary"), (Some("Updated"), "The menu")],
            vec![(Some("Updated"), "Spelling")],
            // A sentence over a single list stays the release's introduction.
            vec![(None, "Search")],
        ]
    );
    assert_eq!(read.releases[1].introduction, "");
    assert_eq!(read.releases[2].introduction, "This release adds:");
}
