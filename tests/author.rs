//! `new-release`, `add-change` and `assemble` through the real binary on copies of the sample
//! spec, and a property test: fragments assembled into a page are read back by the model as
//! exactly the fragments' changes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{file_tree, stderr, stdout, temp_copy};
use proptest::prelude::*;
use specnotes::Project;
use specnotes::author::assemble::{ChangeView, ordered, plan_assemble, ticket_url};
use specnotes::author::fragment::{Fragment, PageChange, ProfileChange};
use specnotes::author::{new_release, with_page};
use specnotes::model::Date;

const NEW_PAGE: &str = "pages/overview/release_notes/1_2_4.md";
const SIDEBAR: &str = "_data/sidebars/overview_sidebar.yml";
const VERSION_INCLUDE: &str = "_includes/custom/versionconfig.html";
const CAPABILITY_PAGE: &str = "pages/foundations/foundations_use_case_get_the_fhir_capability_statement.md";
const SKEW_PAGE: &str = "integration_cross_organisation_audit_and_provenance.html#exp-expiry-claim";

fn sample_copy() -> tempfile::TempDir {
    temp_copy(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("specnotes runs")
}

fn read(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).expect("read")
}

fn add_skew_change(dir: &Path) -> Output {
    run(
        dir,
        &[
            "add-change",
            "--title",
            "Allow five minutes of clock skew",
            "--ticket",
            "700",
            "--affects",
            "Core",
            "--description",
            "- Providers allow five minutes of skew",
            "--page",
            SKEW_PAGE,
        ],
    )
}

#[test]
fn new_release_writes_the_page_sidebar_and_version_sources() {
    let dir = sample_copy();
    let out = run(dir.path(), &["new-release", "1.2.4", "--date", "2024-05-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = read(dir.path(), NEW_PAGE);
    assert!(page.contains("title: Practice Link API 1.2.4 release notes\n"), "{page}");
    assert!(page.contains("permalink: overview_release_notes_1_2_4.html\n"), "{page}");
    assert!(page.contains("summary: \"Practice Link API 1.2.4 released on 1st May 2024\"\n"), "{page}");
    assert!(page.ends_with("## 1.2.4 changes ##\n"), "{page}");
    let sidebar = read(dir.path(), SIDEBAR);
    let (new, old) = (sidebar.find("1_2_4.html").expect("entry"), sidebar.find("1_2_3.html").expect("entry"));
    assert!(new < old, "newest first");
    assert!(read(dir.path(), VERSION_INCLUDE).contains("practiceLinkVersion = \"1.2.4\""));
    assert!(read(dir.path(), CAPABILITY_PAGE).contains("\"version\": \"1.2.4\""));
    assert_eq!(
        stdout(&out),
        format!("created {NEW_PAGE}\nupdated {SIDEBAR}\nupdated {VERSION_INCLUDE}\nupdated {CAPABILITY_PAGE}\n")
    );
}

#[test]
fn the_whole_workflow_keeps_check_clean_and_moves_the_fragments() {
    let dir = sample_copy();
    assert_eq!(run(dir.path(), &["new-release", "1.2.4"]).status.code(), Some(0));
    let out = add_skew_change(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "created changes/unreleased/allow-five-minutes-of-clock-skew-700.yml\n");
    let out = run(dir.path(), &["assemble", "1.2.4"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("changes/1.2.4/allow-five-minutes-of-clock-skew-700.yml").is_file());
    assert!(fs::read_dir(dir.path().join("changes/unreleased")).expect("dir").next().is_none());
    let check = run(dir.path(), &["check", "--deny-warnings"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let project = Project::open(dir.path()).expect("loads");
    let release = project.model.latest_release(None).expect("release");
    assert_eq!(release.version, "1.2.4");
    assert_eq!(release.changes[0].title, "Allow five minutes of clock skew");
    assert_eq!(release.changes[0].group.as_deref(), Some("Core"));
    let again = run(dir.path(), &["assemble", "1.2.4"]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn an_existing_or_lower_version_is_refused_and_nothing_changes() {
    let dir = sample_copy();
    let before = file_tree(dir.path());
    let out = run(dir.path(), &["new-release", "1.2.3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("release 1.2.3 exists already"), "{}", stderr(&out));
    let out = run(dir.path(), &["new-release", "1.2.1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not above the latest release 1.2.3"), "{}", stderr(&out));
    assert_eq!(run(dir.path(), &["new-release", "1.2.9", "--date", "2024-02-30"]).status.code(), Some(2));
    assert_eq!(file_tree(dir.path()), before);
}

#[test]
fn dry_run_prints_a_diff_and_changes_nothing() {
    let dir = sample_copy();
    let before = file_tree(dir.path());
    let out = run(dir.path(), &["new-release", "1.3.0", "--date", "2024-05-01", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(diff.contains("+++ b/pages/overview/release_notes/1_3_0.md\n"), "{diff}");
    assert!(diff.contains("-{% assign practiceLinkVersion = \"1.2.3\" %}\n"), "{diff}");
    assert!(diff.contains("+        - title: 1.3.0\n"), "{diff}");
    assert_eq!(file_tree(dir.path()), before);
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_kept() {
    let dir = sample_copy();
    let crlf = |file: &str| {
        let text = read(dir.path(), file).replace('\n', "\r\n");
        fs::write(dir.path().join(file), text).expect("write");
    };
    crlf(SIDEBAR);
    crlf("pages/overview/release_notes/1_2_3.md");
    let include = format!("\u{feff}{}", read(dir.path(), VERSION_INCLUDE));
    fs::write(dir.path().join(VERSION_INCLUDE), include).expect("write");
    let out = run(dir.path(), &["new-release", "1.2.4", "--date", "2024-05-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lone_lf = |text: &str| text.match_indices('\n').any(|(i, _)| i == 0 || &text[i - 1..i] != "\r");
    assert!(!lone_lf(&read(dir.path(), SIDEBAR)), "sidebar stays CRLF");
    assert!(!lone_lf(&read(dir.path(), NEW_PAGE)), "the new page follows the latest page's CRLF");
    assert!(read(dir.path(), VERSION_INCLUDE).starts_with("\u{feff}{% assign practiceLinkVersion = \"1.2.4\""));
    let out = add_skew_change(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(run(dir.path(), &["assemble", "1.2.4"]).status.code(), Some(0));
    assert!(!lone_lf(&read(dir.path(), NEW_PAGE)), "the assembled page stays CRLF");
}

#[test]
fn add_change_refuses_a_missing_page_or_anchor_with_a_suggestion() {
    let dir = sample_copy();
    let out = run(dir.path(), &["add-change", "--title", "T", "--page", "appointments_design.html#cancelling"]);
    assert_eq!(out.status.code(), Some(2));
    let out = run(dir.path(), &["add-change", "--title", "T", "--page", &SKEW_PAGE.replace("claim", "clam")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `#exp-expiry-claim`?"), "{}", stderr(&out));
    let out = run(dir.path(), &["add-change", "--title", "T", "--page", "appointments_desing.html"]);
    assert!(stderr(&out).contains("page `appointments_desing.html` does not exist"), "{}", stderr(&out));
    assert!(stderr(&out).contains("did you mean `appointments_design.html`?"), "{}", stderr(&out));
    let out = run(dir.path(), &["add-change", "--ticket", "5"]);
    assert!(stderr(&out).contains("--title is required"), "{}", stderr(&out));
    assert!(!dir.path().join("changes").exists());
}

#[test]
fn add_change_never_overwrites_a_fragment() {
    let dir = sample_copy();
    add_skew_change(dir.path());
    let out = add_skew_change(dir.path());
    assert_eq!(stdout(&out), "created changes/unreleased/allow-five-minutes-of-clock-skew-700-2.yml\n");
}

#[test]
fn assemble_without_fragments_or_release_page_is_a_clear_error() {
    let dir = sample_copy();
    let out = run(dir.path(), &["assemble", "1.2.4"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no change fragments in `changes/unreleased`"), "{}", stderr(&out));
    add_skew_change(dir.path());
    let out = run(dir.path(), &["assemble", "1.2.4"]);
    assert!(stderr(&out).contains("no release page for 1.2.4"), "{}", stderr(&out));
}

#[test]
fn assemble_dry_run_prints_the_page_diff_and_moves_nothing() {
    let dir = sample_copy();
    run(dir.path(), &["new-release", "1.2.4"]);
    add_skew_change(dir.path());
    let before = file_tree(dir.path());
    let out = run(dir.path(), &["assemble", "1.2.4", "--dry-run"]);
    let shown = stdout(&out);
    assert!(shown.contains("+### Allow five minutes of clock skew ###\n"), "{shown}");
    assert!(shown.contains("would move changes/unreleased/allow-five-minutes-of-clock-skew-700.yml"), "{shown}");
    assert_eq!(file_tree(dir.path()), before);
}

/// The sample spec with an empty 1.2.4 release page, in memory, made once.
static WITH_NEW_RELEASE: std::sync::LazyLock<Project> = std::sync::LazyLock::new(project_with_new_release);

fn project_with_new_release() -> Project {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec");
    let project = Project::open(&spec).expect("sample spec loads");
    let version = new_release::parse_version("1.2.4").expect("version");
    let files = new_release::plan_release(&project, &version, Date { year: 2024, month: 5, day: 1 }).expect("plan");
    with_page(&project, &files[0].path, files[0].new.clone()).expect("page")
}

fn words(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-z]{1,8}", 1..max).prop_map(|w| w.join(" "))
}

fn plain_text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 *_`#&<>!|.,'()\\[\\]-]{0,30}[A-Za-z0-9]"
        .prop_filter("no marker", |t| !t.to_ascii_lowercase().contains("(cosmetic)") && !t.contains("  "))
}

fn description() -> impl Strategy<Value = String> {
    let block = prop_oneof![
        proptest::collection::vec(words(6), 1..4).prop_map(|items| items
            .iter()
            .map(|i| format!("- {i}"))
            .collect::<Vec<_>>()
            .join("\n")),
        (words(8), words(3)).prop_map(|(a, b)| format!("{a} *{b}* and `{b}`.")),
    ];
    proptest::collection::vec(block, 0..3).prop_map(|blocks| blocks.join("\n\n"))
}

fn page() -> impl Strategy<Value = PageChange> {
    let target = prop_oneof![Just("appointments_design.html"), Just("index.html"), Just("a/b.html")];
    let anchor = proptest::option::of("[a-z]{1,6}(-[a-z]{1,6}){0,2}");
    (target, anchor, plain_text(), proptest::collection::vec(words(5), 0..3)).prop_map(|(t, a, title, notes)| {
        let page = match a {
            Some(a) => format!("{t}#{a}"),
            None => t.to_string(),
        };
        PageChange { page, title, notes }
    })
}

fn fragment() -> impl Strategy<Value = Fragment> {
    let capability = "[A-Z][a-z]{2,8}( [A-Z][a-z]{2,8})?"
        .prop_filter("no separator word", |c| c.split(' ').all(|w| w != "And" && w != "Changes"));
    (
        plain_text(),
        proptest::collection::vec(1u64..100_000, 0..3),
        proptest::collection::vec(capability, 0..3),
        proptest::option::of(words(4)),
        description(),
        proptest::collection::vec(page(), 0..3),
        proptest::collection::vec(page(), 0..2),
        proptest::collection::vec("[A-Z][A-Za-z-]{2,20}", 0..2),
        any::<bool>(),
    )
        .prop_map(|(title, tickets, affects, impacts, description, changed, added, profiles, cosmetic)| Fragment {
            // Never title-only (refused by validation): a capability when nothing else is said.
            affects: if tickets.is_empty()
                && impacts.is_none()
                && description.is_empty()
                && changed.is_empty()
                && added.is_empty()
                && profiles.is_empty()
                && affects.is_empty()
            {
                vec!["Core".to_string()]
            } else {
                affects
            },
            title,
            tickets,
            impacts,
            description,
            pages_changed: changed,
            pages_added: added,
            profiles_changed: profiles
                .into_iter()
                .map(|name| ProfileChange { url: format!("https://fhir.example.org/StructureDefinition/{name}"), name })
                .collect(),
            cosmetic,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn assembled_fragments_read_back_as_the_same_changes(fragments in proptest::collection::vec(fragment(), 1..5)) {
        let project = &*WITH_NEW_RELEASE;
        let version = new_release::parse_version("1.2.4").expect("version");
        let named: Vec<(PathBuf, Fragment)> = fragments
            .into_iter()
            .enumerate()
            .map(|(i, f)| (PathBuf::from(format!("changes/unreleased/f{i}.yml")), f))
            .collect();
        for (_, f) in &named {
            prop_assert_eq!(f.validate(), Ok(()));
        }
        let plan = plan_assemble(project, &version, &named).map_err(|e| TestCaseError::fail(format!("{e}: {e:?}")))?;
        let assembled = with_page(project, NEW_PAGE, plan.page.new.clone()).expect("page");
        let release = assembled.model.latest_release(None).expect("release");
        let url = ticket_url(project);
        let want: Vec<ChangeView> = ordered(&named, None).iter().map(|(_, f)| ChangeView::of_fragment(f, &url)).collect();
        let got: Vec<ChangeView> = release.changes.iter().map(ChangeView::of_change).collect();
        prop_assert_eq!(got, want, "{}", plan.page.new);
    }
}

#[test]
fn new_release_never_follows_a_release_whose_version_cannot_be_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = "---\ntitle: X API release notes\ntags: [release]\npermalink: release_notes_next.html\nsummary: \"The next release\"\n---\n\n## Changes ##\n\n### Booking ###\n\n**Description:**\n\n- Reworded booking\n";
    for (path, text) in [
        ("_config.yml", "title: X\n"),
        ("index.md", "---\ntitle: Home\npermalink: index.html\n---\n\nHome.\n"),
        ("pages/release_notes_next.md", page),
    ] {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    let project = Project::open(dir.path()).expect("opens");
    assert_eq!(project.model.releases.len(), 1, "the page is read as a release");
    let before = file_tree(dir.path());
    let out = run(dir.path(), &["new-release", "1.0.0", "--date", "2024-05-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("no release page of the main product line to follow"), "{}", stderr(&out));
    assert_eq!(file_tree(dir.path()), before);
}
