//! The release-notes rules and the release-notes model over fixture sites.
//!
//! One fixture site per rule under `tests/fixtures/rules/RULE/`, in the house format of
//! release notes, holding cases that must fire and cases that must not; each test asserts the
//! exact findings of its rule. Each site is also a demo: `specnotes check` on it reports only
//! its own rule. Tests marked `#[ignore = "bug: ..."]` assert the behaviour the rule's
//! documentation promises but the rule does not deliver yet.

mod common;

use std::path::PathBuf;

use specnotes::Project;
use specnotes::check::{self, Options};
use specnotes::model::{Date, Layout, Release};

/// `file:line target` for every finding of `rule` on fixture `fixture_name`, with the rule enabled.
fn findings(fixture_name: &str, rule: &str) -> Vec<String> {
    common::rule_findings(&fixture(fixture_name), rule)
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules").join(name)
}

#[test]
fn version_mismatch_compares_file_name_permalink_summary_and_heading_with_the_title() {
    assert_eq!(
        findings("version-mismatch", "version-mismatch"),
        [
            "pages/release_notes/1_1_0.md:6",
            "pages/release_notes/1_2_0.md:1",
            "pages/release_notes/1_2_2.md:7",
            "pages/release_notes/1_2_2.md:14",
            "pages/release_notes/1_3_0.md:7",
            // A template copied and not filled in: placeholder versions in three places.
            "pages/release_notes/1_x_x.md:1",
            "pages/release_notes/1_x_x.md:6",
            "pages/release_notes/1_x_x.md:14",
        ]
    );
}

#[test]
fn version_mismatch_flags_a_permalink_of_another_product_line_than_the_file_name() {
    assert_eq!(
        findings("version-mismatch-product-line", "version-mismatch"),
        ["pages/release_notes/documents_1_0_0.md:6"]
    );
}

#[test]
fn version_source_mismatch_flags_stale_capability_statement_include_and_sidebar_versions() {
    assert_eq!(
        findings("version-source-mismatch", "version-source-mismatch"),
        ["_data/sidebars/booking_sidebar.yml:3", "_includes/custom/versionconfig.html:1", "pages/capability_old.md:11",]
    );
}

#[test]
fn release_sidebar_flags_an_unlisted_release_and_one_out_of_order() {
    assert_eq!(
        findings("release-sidebar", "release-sidebar"),
        ["_data/sidebars/overview_sidebar.yml:17", "pages/release_notes/1_3_0.md:2"]
    );
}

#[test]
fn release_sidebar_reads_each_product_line_newest_first_in_one_sidebar() {
    assert!(findings("release-sidebar-product-lines", "release-sidebar").is_empty());
}

#[test]
fn placeholder_flags_upper_case_markers_xx_dates_and_empty_introductions_outside_code() {
    assert_eq!(
        findings("placeholder", "placeholder"),
        [
            "pages/draft.md:4",
            "pages/draft.md:7",
            "pages/draft.md:9",
            "pages/draft.md:9",
            "pages/draft.md:11",
            "pages/draft.md:13",
            "pages/release_notes/1_2_3.md:2",
        ]
    );
}

#[test]
fn release_date_flags_missing_impossible_and_out_of_order_dates_within_a_minor_line() {
    assert_eq!(
        findings("release-date", "release-date"),
        [
            "pages/release_notes/1_0_0.md:7",
            "pages/release_notes/1_1_0.md:7",
            "pages/release_notes/1_2_2.md:7",
            // 1_2_1_refresh.md, dated 2022, is a re-publication of 1.2.1: after it, not compared.
            // A changelog's sections are dated in their headings; undated ones are not flagged.
            "pages/release_notes/widget_changelog.md:15",
            "pages/release_notes/widget_changelog.md:19",
        ]
    );
}

#[test]
fn ticket_link_flags_number_disagreement_other_repository_bare_number_and_non_issue_url() {
    assert_eq!(
        findings("ticket-link", "ticket-link"),
        [
            "pages/release_notes/1_2_3.md:18 https://github.com/example-org/spec/issues/13",
            "pages/release_notes/1_2_3.md:35 https://github.com/other-org/other-spec/issues/15",
            // A bare `#14` has no URL: the rule sets an empty target.
            "pages/release_notes/1_2_3.md:52 ",
            "pages/release_notes/1_2_3.md:69 https://github.com/example-org/spec/wiki/16",
        ]
    );
}

#[test]
fn duplicate_ticket_flags_a_ticket_repeated_within_a_release_but_not_across_releases() {
    assert_eq!(
        findings("duplicate-ticket", "duplicate-ticket"),
        ["pages/release_notes/1_2_3.md:35", "pages/release_notes/1_2_3.md:52"]
    );
}

#[test]
fn unknown_capability_flags_a_typo_and_a_variant_spelling_but_not_a_new_capability() {
    assert_eq!(
        findings("unknown-capability", "unknown-capability"),
        ["pages/release_notes/1_2_3.md:54", "pages/release_notes/1_2_3.md:71"]
    );
}

#[test]
fn unknown_capability_suggests_the_spelling_used_most() {
    let project = Project::open(&fixture("unknown-capability")).expect("fixture loads");
    let helps: Vec<String> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "unknown-capability")
        .filter_map(|d| d.help)
        .collect();
    assert_eq!(helps, ["did you mean `Foundations`?", "did you mean `Appointment Management`?"]);
}

#[test]
fn missing_field_flags_each_absent_label_once_and_accepts_profiles_instead_of_pages() {
    assert_eq!(
        findings("missing-field", "missing-field"),
        [
            "pages/release_notes/1_2_3.md:33",
            "pages/release_notes/1_2_3.md:48",
            "pages/release_notes/1_2_3.md:63",
            "pages/release_notes/1_2_3.md:76",
        ]
    );
}

#[test]
fn profile_link_flags_wrong_text_relative_and_non_canonical_urls() {
    assert_eq!(
        findings("profile-link", "profile-link"),
        [
            "pages/release_notes/1_2_3.md:28 https://fhir.example.org/STU3/StructureDefinition/GPConnect-Schedule-1",
            "pages/release_notes/1_2_3.md:44 slot_profile.html",
            "pages/release_notes/1_2_3.md:60 https://fhir.example.org/GPConnect-Slot-1",
        ]
    );
}

#[test]
fn link_text_mismatch_flags_another_pages_title_and_unrelated_text_but_not_shortened_titles() {
    // Not flagged: shortened titles, a section link named by its heading (1_2_3.md:86), and a
    // link inside a changelog bullet's sentence (history.md:10).
    assert_eq!(
        findings("link-text-mismatch", "link-text-mismatch"),
        [
            "pages/release_notes/1_2_3.md:28 amend.html",
            "pages/release_notes/1_2_3.md:45 slots.html",
            "pages/release_notes/1_2_3.md:88 slots.html",
            "pages/release_notes/history.md:11 slots.html",
        ]
    );
}

#[test]
fn unparsed_release_content_flags_stray_paragraphs_unknown_labels_and_text_before_labels() {
    // The stray paragraph after an entry's `---` is read as part of its last label (here
    // **Pages changed**), so it is reported as a bullet without a page link. An unknown label
    // inside **Description:** is description text (authors write `**Please note:**` there).
    assert_eq!(
        findings("unparsed-release-content", "unparsed-release-content"),
        ["pages/release_notes/1_2_3.md:33", "pages/release_notes/1_2_3.md:39", "pages/release_notes/1_2_3.md:58"]
    );
}

#[test]
fn unparsed_release_content_reports_text_outside_every_entry() {
    assert_eq!(
        findings("unparsed-release-content-dropped", "unparsed-release-content"),
        ["pages/release_notes/1_2_3.md:16", "pages/release_notes/1_2_3.md:35"]
    );
}

/// A change as (title, group, pages changed as (target, anchor, notes)), for exact comparison.
type ChangeShape = (String, Option<String>, Vec<(String, Option<String>, Vec<String>)>);

fn change_shapes(release: &Release) -> Vec<ChangeShape> {
    release
        .changes
        .iter()
        .map(|c| {
            let pages = c.pages_changed.iter().map(|p| (p.target.clone(), p.anchor.clone(), p.notes.clone())).collect();
            (c.title.clone(), c.group.clone(), pages)
        })
        .collect()
}

fn model(name: &str) -> specnotes::model::Model {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model").join(name);
    Project::open(&root).expect("fixture loads").model
}

fn shape(title: &str, group: Option<&str>, pages: &[(&str, Option<&str>, &[&str])]) -> ChangeShape {
    let pages = pages
        .iter()
        .map(|(t, a, n)| (t.to_string(), a.map(str::to_string), n.iter().map(|s| s.to_string()).collect()))
        .collect();
    (title.to_string(), group.map(str::to_string), pages)
}

#[test]
fn page_breakdown_layout_reads_each_bullet_as_a_change_with_its_page_and_notes() {
    let model = model("breakdown");
    assert_eq!(model.releases.len(), 1);
    let release = &model.releases[0];
    assert_eq!(release.version, "1.0.0");
    assert_eq!(release.layout, Layout::PageBreakdown);
    assert_eq!(release.date, Some(Date { year: 2018, month: 10, day: 26 }));
    assert_eq!(release.introduction, "The first release of X API.");
    assert_eq!(
        change_shapes(release),
        [
            shape(
                "Glossary",
                Some("Core specification"),
                &[("glossary.html", Some("spine"), &["Defined Spine", "Defined the directory"])]
            ),
            shape("Security", Some("Core specification"), &[("security.html", None, &["removed the old headers"])]),
            shape("fixed a number of broken links", Some("Appointment Management"), &[]),
            shape(
                "updated Booking",
                Some("Appointment Management"),
                &[("booking.html", Some("rules"), &["clarified the slot rules"])]
            ),
        ]
    );
    let notes: Vec<Option<&str>> = release.changes.iter().map(|c| c.group_note.as_deref()).collect();
    let rc = Some("*These changes were previously released as 1.0.0-rc.5.*");
    assert_eq!(notes, [rc, rc, None, None]);
    assert_eq!(release.changes[0].description, "- Defined Spine\n- Defined the directory");
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
}

#[test]
fn changelog_layout_reads_one_release_per_version_section_of_one_page() {
    let model = model("changelog");
    let versions: Vec<(&str, &str, Option<Date>)> =
        model.releases.iter().map(|r| (r.version.as_str(), r.file.as_str(), r.date)).collect();
    assert_eq!(
        versions,
        [
            ("1.0.0", "pages/changelog.md", Some(Date { year: 2018, month: 10, day: 26 })),
            ("1.1.0", "pages/changelog.md", Some(Date { year: 2018, month: 12, day: 10 })),
        ]
    );
    assert!(model.releases.iter().all(|r| r.layout == Layout::Changelog && r.url == "/changelog.html"));
    assert_eq!(
        change_shapes(&model.releases[0]),
        [shape("first release, with the Glossary", None, &[("glossary.html", Some("spine"), &["defines Spine"])])]
    );
    assert_eq!(
        change_shapes(&model.releases[1]),
        [
            shape("Booking", Some("Added"), &[("booking.html", None, &["documents the slot rules"])]),
            shape("a new error code for double bookings", Some("Added"), &[]),
        ]
    );
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
}

#[test]
fn release_sidebar_takes_a_changelog_page_item_as_one_place_in_the_order() {
    assert!(findings("release-sidebar-changelog", "release-sidebar").is_empty());
}

#[test]
fn release_sidebar_reports_an_unlisted_changelog_page_once_by_its_newest_release() {
    let dir = common::temp_copy(&fixture("release-sidebar-changelog"));
    let sidebar = dir.path().join("_data/sidebars/overview_sidebar.yml");
    let text = std::fs::read_to_string(&sidebar).unwrap();
    let without = text.replace("    - title: Older\n      url: /changelog.html\n      output: web\n", "");
    assert_ne!(text, without, "the fixture lists the changelog page");
    std::fs::write(&sidebar, without).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let found: Vec<_> =
        check::run(&project, &Options::default()).into_iter().filter(|d| d.rule == "release-sidebar").collect();
    let read: Vec<(&str, usize, &str)> =
        found.iter().map(|d| (d.file.as_str(), d.span.line, d.message.as_str())).collect();
    assert_eq!(
        read,
        [("pages/changelog.md", 8, "release 1.1.0 is not in any sidebar, nor is the page's earlier release")]
    );
}

#[test]
fn changelog_stages_order_experimental_then_alpha_then_beta() {
    // As NRLS published them: 1.0.0-experimental first, then alpha, then beta.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model/changelog-stages");
    let model = model("changelog-stages");
    let versions: Vec<&str> = model.releases.iter().map(|r| r.version.as_str()).collect();
    assert_eq!(versions, ["1.0.0-experimental", "1.0.0-alpha", "1.0.0-beta"]);
    assert_eq!(model.latest_release(None).map(|r| r.version.as_str()), Some("1.0.0-beta"));
    // The dates rise with the versions: nothing is out of order.
    assert!(common::rule_findings(&root, "release-date").is_empty());
}

#[test]
fn ticket_link_shows_a_url_number_too_long_to_read_as_written_and_offers_no_fix() {
    let dir = common::temp_copy(&fixture("ticket-link"));
    let notes = dir.path().join("pages/release_notes/1_2_3.md");
    let text = std::fs::read_to_string(&notes).unwrap().replace(
        "[#16](https://github.com/example-org/spec/wiki/16)",
        "[#16](https://github.com/example-org/spec/issues/0099999999999999999999)",
    );
    std::fs::write(&notes, text).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let mut options = Options::default();
    options.levels.insert("ticket-link".to_string(), check::Level::Warn);
    let found: Vec<_> = check::run(&project, &options).into_iter().filter(|d| d.span.line == 69).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "ticket text says #16 but the link points at #99999999999999999999");
    assert!(found[0].fix.is_none(), "no number to copy: {:?}", found[0].fix);
}

#[test]
fn version_source_mismatch_ignores_the_case_of_a_pre_release_label() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| common::write_file(dir.path(), rel, text);
    write("_config.yml", "title: t\nsidebars:\n  - overview_sidebar\n");
    write(
        "pages/overview/release_notes/1_0_0.md",
        "---\ntitle: Release 1.0.0-experimental\npermalink: overview_release_notes_1_0_0.html\nsummary: \"Released on 2 March 2020\"\n---\n\n## 1.0.0 changes\n\n### Initial release\n\nFirst version.\n",
    );
    let sidebar = |version: &str| {
        format!(
            "entries:\n- title: sidebar\n  product: Spec\n  version: {version}\n  folders:\n  - title: Release notes\n    output: web\n    folderitems:\n    - title: 1.0.0\n      url: /overview_release_notes_1_0_0.html\n      output: web\n"
        )
    };
    write("_data/sidebars/overview_sidebar.yml", &sidebar("1.0.0-Experimental"));
    assert_eq!(common::rule_findings(dir.path(), "version-source-mismatch"), Vec::<String>::new());
    // Another label is still reported.
    write("_data/sidebars/overview_sidebar.yml", &sidebar("1.0.0-Beta"));
    assert_eq!(common::rule_findings(dir.path(), "version-source-mismatch").len(), 1);
}

#[test]
fn family_changelogs_of_paragraphs_bold_lines_and_lead_ins_lose_no_change() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/model/paragraphs");
    let model = model("paragraphs");
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    type Grouped<'a> = Vec<(Option<&'a str>, &'a str)>;
    let outline: Vec<(&str, Grouped)> = model
        .releases
        .iter()
        .map(|r| (r.version.as_str(), r.changes.iter().map(|c| (c.group.as_deref(), c.title.as_str())).collect()))
        .collect();
    assert_eq!(
        outline,
        [
            ("0.1.0-alpha.0", vec![(None, "First version of the Lookup API guide.")]),
            (
                "0.2.0-alpha.0",
                vec![
                    (None, "Corrected the spelling of Organisation."),
                    (None, "application/fhir+xml"),
                    (None, "application/fhir+json"),
                    (None, "Added the search examples."),
                ]
            ),
            (
                "0.3.0-alpha.0",
                vec![
                    (Some("Resources"), "Capability page removed"),
                    (Some("Resources"), "Codes renamed to HTTP codes"),
                    (Some("Design and Build"), "Removed all pages but the overview, which was rewritten."),
                ]
            ),
            ("0.4.0-alpha.0", vec![(None, "Search"), (None, "Use case")]),
        ]
    );
    let r020 = &model.releases[1];
    assert_eq!(r020.introduction, "This is the second version of the guide.");
    assert_eq!(r020.changes[1].group_note.as_deref(), Some("Media types updated:"));
    assert_eq!(r020.changes[3].pages_changed[0].target, "search.html");
    let r040 = &model.releases[3];
    assert_eq!(r040.introduction, "", "the page's preamble is no release's introduction");
    assert_eq!(r040.changes[0].pages_changed[0].target, "search.html");
    assert_eq!(r040.changes[1].pages_added[0].target, "use_case.html");
    // The index knows the page added, and the spec is clean.
    assert_eq!(model.index.pages.get("/use_case.html").map(Vec::len), Some(1));
    let project = Project::open(&root).expect("fixture loads");
    let findings: Vec<String> = check::run(&project, &Options::default())
        .into_iter()
        .map(|d| format!("{}:{} {} {}", d.file, d.span.line, d.rule, d.message))
        .collect();
    assert!(findings.is_empty(), "{findings:?}");
}
