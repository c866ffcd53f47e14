//! `check --fix` and `--fix --dry-run` through the real binary, on copies of the sample spec
//! (and of the GP Connect corpus when present) in temporary folders. Most tests break the
//! clean sample spec in one place and assert that the fix restores it byte for byte.

mod common;

use common::{file_tree as tree, stderr, stdout, temp_copy as copy_of};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RELEASE_PAGE: &str = "pages/overview/release_notes/1_2_3.md";
const SIDEBAR: &str = "_data/sidebars/overview_sidebar.yml";
const VERSION_INCLUDE: &str = "_includes/custom/versionconfig.html";
const CAPABILITY_PAGE: &str = "pages/foundations/foundations_use_case_get_the_fhir_capability_statement.md";

fn sample_spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("spec")
}

fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/gpconnect-1.6.0"))
}

fn specnotes(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(args)
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("specnotes runs")
}

/// Replaces the one occurrence of `from` in `file` with `to`.
fn break_file(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches(from).count(), 1, "`{from}` once in {file}");
    fs::write(path, text.replacen(from, to, 1)).expect("write");
}

/// The rules of the findings `check --format json` reports, sorted, once each.
fn rules_found(dir: &Path) -> Vec<String> {
    let out = specnotes(dir, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = json["diagnostics"].as_array().expect("diagnostics").iter();
    let rules: BTreeSet<String> = diags.map(|d| d["rule"].as_str().expect("rule").to_string()).collect();
    rules.into_iter().collect()
}

/// Breaks the sample spec, checks the rule fires, fixes, and asserts the spec is whole again.
fn assert_fix_restores(rule: &str, file: &str, from: &str, to: &str) {
    assert_fix_restores_all(&[rule], file, from, to);
}

/// [`assert_fix_restores`] for a break that several rules report.
fn assert_fix_restores_all(rules: &[&str], file: &str, from: &str, to: &str) {
    let dir = copy_of(&sample_spec());
    break_file(dir.path(), file, from, to);
    assert_eq!(rules_found(dir.path()), rules);
    let out = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&out).contains("applied 1 fix(es) in 1 file(s)"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(rules_found(dir.path()).is_empty());
    assert!(tree(dir.path()) == tree(&sample_spec()), "the fix restores every byte");
}

#[test]
fn broken_anchor_fix_replaces_a_typo_with_the_one_close_id() {
    assert_fix_restores("broken-anchor", RELEASE_PAGE, "#exp-expiry-claim)", "#exp-expiry-claimm)");
}

#[test]
fn broken_anchor_fix_corrects_letter_case() {
    assert_fix_restores("broken-anchor", RELEASE_PAGE, "#jwt-payload)", "#JWT-Payload)");
}

#[test]
fn version_mismatch_fix_rewrites_the_summary_to_the_title_version() {
    assert_fix_restores("version-mismatch", RELEASE_PAGE, "API 1.2.3 released", "API 1.2.2 released");
}

#[test]
fn version_mismatch_fix_rewrites_the_changes_heading() {
    assert_fix_restores("version-mismatch", RELEASE_PAGE, "## 1.2.3 changes", "## 1.2.0 changes");
}

#[test]
fn version_mismatch_fix_rewrites_a_permalink_left_behind_on_another_release() {
    // Links to the page's real URL break too, until the permalink is put back.
    let rules = ["broken-link", "duplicate-permalink", "release-sidebar", "sidebar-broken-url", "version-mismatch"];
    assert_fix_restores_all(
        &rules,
        RELEASE_PAGE,
        "permalink: overview_release_notes_1_2_3",
        "permalink: overview_release_notes_1_2_2",
    );
}

#[test]
fn version_source_mismatch_fix_rewrites_the_version_include() {
    assert_fix_restores("version-source-mismatch", VERSION_INCLUDE, "= \"1.2.3\"", "= \"1.1.0\"");
}

#[test]
fn version_source_mismatch_fix_rewrites_the_capability_statement_example() {
    assert_fix_restores("version-source-mismatch", CAPABILITY_PAGE, "\"version\": \"1.2.3\"", "\"version\": \"1.2\"");
}

#[test]
fn release_sidebar_fix_inserts_the_missing_release_in_version_order() {
    let item = "        - title: 1.2.2\n          url: /overview_release_notes_1_2_2.html\n          output: web\n";
    assert_fix_restores("release-sidebar", SIDEBAR, item, "");
}

#[test]
fn release_sidebar_fix_appends_the_oldest_release_after_the_last_item() {
    let item = "        - title: 1.0.0\n          url: /overview_release_notes_1_0_0.html\n          output: web\n";
    assert_fix_restores("release-sidebar", SIDEBAR, item, "");
}

#[test]
fn ticket_link_fix_takes_the_number_from_the_url() {
    assert_fix_restores("ticket-link", RELEASE_PAGE, "[#601]", "[#610]");
}

#[test]
fn dry_run_prints_the_exact_diff_and_changes_nothing() {
    let dir = copy_of(&sample_spec());
    break_file(dir.path(), RELEASE_PAGE, "[#601]", "[#610]");
    let before = tree(dir.path());
    let out = specnotes(dir.path(), &["check", "--fix", "--dry-run"]);
    let url = "(https://github.com/example-org/practice-link/issues/601)";
    let expected = format!(
        "--- a/{RELEASE_PAGE}\n+++ b/{RELEASE_PAGE}\n@@ -20,7 +20,7 @@\n \n ### Amending a cancelled appointment is no longer supported ###\n \n-**Tickets**:&nbsp; [#610]{url}\n+**Tickets**:&nbsp; [#601]{url}\n \n **Affects:**&nbsp; Appointment Management\n \n1 fix(es) in 1 file(s) would be applied (dry run)\n"
    );
    assert_eq!(stdout(&out), expected);
    assert!(tree(dir.path()) == before, "a dry run writes nothing");
}

#[test]
fn crlf_bom_and_trailing_spaces_are_kept_byte_for_byte_around_an_edit() {
    let dir = copy_of(&sample_spec());
    let path = dir.path().join(RELEASE_PAGE);
    let original = fs::read_to_string(&path).expect("read");
    let dressed = |text: &str| {
        format!("\u{feff}{}", text.split('\n').map(|l| format!("{l} \t")).collect::<Vec<_>>().join("\r\n"))
    };
    fs::write(&path, dressed(&original.replacen("[#601]", "[#610]", 1))).expect("write");
    let out = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&out).contains("applied 1 fix(es)"), "{}", stderr(&out));
    assert!(fs::read_to_string(&path).expect("read") == dressed(&original), "only the ticket number changed");
}

#[test]
fn fixing_twice_changes_nothing_the_second_time() {
    let dir = copy_of(&sample_spec());
    break_file(dir.path(), RELEASE_PAGE, "[#601]", "[#610]");
    break_file(dir.path(), RELEASE_PAGE, "## 1.2.3 changes", "## 1.2.0 changes");
    break_file(dir.path(), VERSION_INCLUDE, "= \"1.2.3\"", "= \"1.2.0\"");
    break_file(
        dir.path(),
        SIDEBAR,
        "        - title: 1.2.2\n          url: /overview_release_notes_1_2_2.html\n          output: web\n",
        "",
    );
    let first = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&first).contains("applied 4 fix(es) in 3 file(s)"), "{}", stderr(&first));
    let after_first = tree(dir.path());
    let second = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&second).contains("applied 0 fix(es) in 0 file(s)"), "{}", stderr(&second));
    assert!(tree(dir.path()) == after_first);
    assert!(after_first == tree(&sample_spec()));
}

#[test]
fn fixing_the_clean_sample_spec_changes_nothing() {
    let dir = copy_of(&sample_spec());
    let out = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&out).contains("applied 0 fix(es) in 0 file(s)"), "{}", stderr(&out));
    assert!(tree(dir.path()) == tree(&sample_spec()));
}

/// The files a dry run's diff names (`+++ b/FILE`).
fn files_in_diff(diff: &str) -> BTreeSet<String> {
    diff.lines().filter_map(|l| l.strip_prefix("+++ b/")).map(str::to_string).collect()
}

#[test]
fn fixing_the_corpus_changes_only_the_files_the_fixes_target() {
    if !corpus().is_dir() {
        eprintln!("skipped: no GP Connect corpus at {}", corpus().display());
        return;
    }
    let dir = copy_of(&corpus());
    let dry = stdout(&specnotes(dir.path(), &["check", "--fix", "--dry-run"]));
    let targeted = files_in_diff(&dry);
    assert!(!targeted.is_empty());
    let summary = dry.lines().last().expect("summary");
    let count = summary.split(' ').next().expect("count");
    let fixed = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&fixed).contains(&format!("applied {count} fix(es)")), "{} vs {summary}", stderr(&fixed));
    let (before, after) = (tree(&corpus()), tree(dir.path()));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    for (file, bytes) in &before {
        let same = after[file] == *bytes;
        assert_eq!(same, !targeted.contains(file), "{file}: changed only when targeted");
    }
    let again = specnotes(dir.path(), &["check", "--fix", "--dry-run"]);
    assert!(stdout(&again).ends_with("0 fix(es) in 0 file(s) would be applied (dry run)\n"), "{}", stdout(&again));
}

// A fix never writes a wrong value: no blank version or title, no lowered version, no place
// guessed from an unknown pre-release word. The finding is still reported, its help says why.

/// A small spec: a sidebar stating `sidebar_version` and listing the `listed` releases, the
/// version include stating `include_version`, and one release-notes page per `(file stem,
/// title)` of `pages`.
fn small_spec(
    sidebar_version: &str,
    include_version: &str,
    listed: &[&str],
    pages: &[(&str, &str)],
) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let items: String = listed
        .iter()
        .map(|v| {
            format!(
                "    - title: {v}\n      url: /release_notes_{}.html\n      output: web\n",
                v.replace(['.', '-'], "_")
            )
        })
        .collect();
    let mut files = vec![
        ("_config.yml".to_string(), "repository: example-org/spec\n".to_string()),
        (
            "index.md".to_string(),
            "---\ntitle: Home\npermalink: index.html\n---\n\n{% include custom/versionconfig.html %}\n".to_string(),
        ),
        (
            "_includes/custom/versionconfig.html".to_string(),
            format!("{{% assign specVersion = \"{include_version}\" %}}\n"),
        ),
        (
            "_data/sidebars/overview_sidebar.yml".to_string(),
            format!(
                "entries:\n- title: X API\n  version: {sidebar_version}\n  folders:\n  - title: Release notes\n    output: web\n    folderitems:\n{items}"
            ),
        ),
    ];
    for (stem, title) in pages {
        let page = format!(
            "---\ntitle: {title}\ntags: [release]\npermalink: release_notes_{stem}.html\nsummary: \"X API released on 2nd March 2020\"\n---\n\n## Introduction ##\n\nA release.\n\n## Changes ##\n\n### Booking ###\n\n**Tickets**:&nbsp; [#602](https://github.com/example-org/spec/issues/602)\n\n**Affects:**&nbsp; Foundations\n\n**Description:**\n\n- Reworded booking\n\n**Pages changed:**\n\n- [Home](index.html)\n"
        );
        files.push((format!("pages/release_notes_{stem}.md"), page));
    }
    for (path, text) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    dir
}

/// `(rule, file, help)` of every finding of `rule`.
fn helps(dir: &Path, rule: &str) -> Vec<(String, String)> {
    let out = specnotes(dir, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == rule)
        .map(|d| {
            (d["file"].as_str().unwrap_or_default().to_string(), d["help"].as_str().unwrap_or_default().to_string())
        })
        .collect()
}

/// Runs `check --fix` and asserts it changed nothing.
fn assert_no_fix(dir: &Path) {
    let before = tree(dir);
    let out = specnotes(dir, &["check", "--fix"]);
    assert!(stderr(&out).contains("applied 0 fix(es) in 0 file(s)"), "{}", stderr(&out));
    assert!(tree(dir) == before, "nothing written");
}

#[test]
fn version_source_mismatch_never_lowers_the_sidebar_or_include_version() {
    // The sidebar and include were moved on to 2.4.0-beta; its release notes are not written yet.
    let dir =
        small_spec("2.4.0-beta", "2.4.0-beta", &["2.0.0-beta"], &[("2_0_0_beta", "X API 2.0.0-beta release notes")]);
    let found = helps(dir.path(), "version-source-mismatch");
    let files: Vec<&str> = found.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(files, ["_data/sidebars/overview_sidebar.yml", "_includes/custom/versionconfig.html"]);
    for (_, help) in &found {
        assert!(help.contains("add the release notes of 2.4.0-beta"), "{help}");
        assert!(help.contains("no automatic fix: 2.0.0-beta is lower than 2.4.0-beta"), "{help}");
    }
    assert_no_fix(dir.path());
}

#[test]
fn version_source_mismatch_still_raises_a_stale_version() {
    // The counterpart of the test above: an older sidebar and include are fixed.
    let dir = small_spec("1.9.0", "2.0.0-alpha", &["2.0.0-beta"], &[("2_0_0_beta", "X API 2.0.0-beta release notes")]);
    let out = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&out).contains("applied 2 fix(es) in 2 file(s)"), "{}", stderr(&out));
    let sidebar = fs::read_to_string(dir.path().join("_data/sidebars/overview_sidebar.yml")).expect("read");
    assert!(sidebar.contains("  version: 2.0.0-beta\n"), "{sidebar}");
    assert!(helps(dir.path(), "version-source-mismatch").is_empty());
}

#[test]
fn version_source_mismatch_never_blanks_a_version_when_the_latest_release_has_none() {
    let dir = small_spec("1.0.0", "1.0.0", &[], &[("next", "X API release notes")]);
    let out = specnotes(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let messages: Vec<&str> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "version-source-mismatch")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "the sidebar's `version` says 1.0.0 but the latest release is `pages/release_notes_next.md`, whose version cannot be read",
            "`specVersion` in the include says 1.0.0 but the latest release is `pages/release_notes_next.md`, whose version cannot be read",
        ]
    );
    for (_, help) in helps(dir.path(), "version-source-mismatch") {
        assert!(help.contains("no automatic fix: the value to write is empty"), "{help}");
    }
    assert_no_fix(dir.path());
}

#[test]
fn release_sidebar_never_inserts_an_item_without_a_title() {
    // A release page whose version cannot be read, next to listed releases a fix would copy.
    let dir = copy_of(&sample_spec());
    let page = "---\ntitle: Practice Link API release notes (next)\ntags: [release]\npermalink: overview_release_notes_next.html\nsummary: \"The next release\"\n---\n\n## Introduction ##\n\nNext.\n\n## Changes ##\n\n### Reworded booking ###\n\n**Description:**\n\n- Reworded booking\n";
    fs::write(dir.path().join("pages/overview/release_notes/next.md"), page).expect("write");
    let found = helps(dir.path(), "release-sidebar");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "pages/overview/release_notes/next.md");
    assert!(
        found[0].1.ends_with("no automatic fix: the value to write is empty (the release's version could not be read)"),
        "{}",
        found[0].1
    );
    assert_no_fix(dir.path());
}

#[test]
fn release_sidebar_never_places_a_release_by_an_unknown_pre_release_word() {
    // Is 1.0.0-preview before or after 1.0.0-beta? Only the authors know.
    let pages =
        [("1_0_0_beta", "X API 1.0.0-beta release notes"), ("1_0_0_preview", "X API 1.0.0-preview release notes")];
    let dir = small_spec("1.0.0-preview", "1.0.0-preview", &["1.0.0-beta"], &pages);
    let found = helps(dir.path(), "release-sidebar");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains("no automatic fix: whether 1.0.0-preview is newer than 1.0.0-beta cannot be told"),
        "{}",
        found[0].1
    );
    assert_no_fix(dir.path());
    // With a stage word whose order is known, the item is inserted above the beta.
    let pages = [("1_0_0_beta", "X API 1.0.0-beta release notes"), ("1_0_0_rc", "X API 1.0.0-rc release notes")];
    let dir = small_spec("1.0.0-rc", "1.0.0-rc", &["1.0.0-beta"], &pages);
    let out = specnotes(dir.path(), &["check", "--fix"]);
    assert!(stderr(&out).contains("applied 1 fix(es) in 1 file(s)"), "{}", stderr(&out));
    let sidebar = fs::read_to_string(dir.path().join("_data/sidebars/overview_sidebar.yml")).expect("read");
    assert!(sidebar.ends_with("    - title: 1.0.0-rc\n      url: /release_notes_1_0_0_rc.html\n      output: web\n    - title: 1.0.0-beta\n      url: /release_notes_1_0_0_beta.html\n      output: web\n"), "{sidebar}");
}

#[test]
fn version_mismatch_never_lowers_a_version_to_the_titles() {
    // The summary and heading say 1.2.4: the title may be the place left behind.
    for (from, to) in [("API 1.2.3 released", "API 1.2.4 released"), ("## 1.2.3 changes", "## 1.2.4 changes")] {
        let dir = copy_of(&sample_spec());
        break_file(dir.path(), RELEASE_PAGE, from, to);
        let found = helps(dir.path(), "version-mismatch");
        assert_eq!(found.len(), 1, "{found:?}");
        let help = &found[0].1;
        assert!(help.contains("a later version than the title: update whichever was left behind"), "{help}");
        assert!(
            help.ends_with("no automatic fix: 1.2.3 is lower than 1.2.4, and a fix never lowers a version"),
            "{help}"
        );
        assert_no_fix(dir.path());
    }
}

#[test]
fn ticket_link_never_writes_a_number_it_could_not_read_from_the_url() {
    let dir = copy_of(&sample_spec());
    break_file(dir.path(), RELEASE_PAGE, "issues/601)", "issues/99999999999999999999999)");
    assert_eq!(rules_found(dir.path()), ["ticket-link"]);
    assert_no_fix(dir.path());
}
