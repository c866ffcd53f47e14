//! The real binary over fixture sites: snapshots of human output, the JSON contracts read
//! back into typed structs, and exit codes.

mod common;

use common::{redact_time, root, specnotes, stdout};

use serde::Deserialize;

/// `specnotes check --format json`, as a CI script reads it.
#[derive(Debug, Deserialize)]
struct CheckJson {
    diagnostics: Vec<JsonDiagnostic>,
    summary: JsonSummary,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct JsonDiagnostic {
    rule: String,
    severity: String,
    file: String,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
    target: Option<String>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    infos: usize,
    pages: usize,
    releases: usize,
    changes: usize,
    elapsed_ms: u64,
}

fn check_json(dir: &str) -> (CheckJson, i32) {
    let out = specnotes(&["check", "--format", "json", dir]);
    let parsed: CheckJson = serde_json::from_slice(&out.stdout).expect("check --format json is valid");
    (parsed, out.status.code().unwrap_or(-1))
}

#[test]
fn seed_draft_reports_todo_introduction_xx_date_and_wrong_link_text() {
    let (json, code) = check_json("tests/fixtures/seed");
    let file = "pages/overview/release_notes/1_2_3.md";
    let has = |rule: &str, needle: &str| {
        json.diagnostics.iter().any(|d| {
            d.rule == rule
                && d.file == file
                && (d.message.contains(needle) || d.help.as_deref().unwrap_or("").contains(needle))
        })
    };
    assert!(has("placeholder", "TODO"), "{:#?}", json.diagnostics);
    assert!(has("placeholder", "XX Mar"), "{:#?}", json.diagnostics);
    assert!(has("link-text-mismatch", "Register a patient"), "{:#?}", json.diagnostics);
    assert_eq!(json.summary.releases, 1);
    assert_eq!(json.summary.changes, 7);
    assert_eq!(code, i32::from(json.summary.errors > 0));
}

#[test]
fn seed_human_output_matches_snapshot() {
    let out = specnotes(&["check", "tests/fixtures/seed"]);
    insta::assert_snapshot!("seed_check_human", redact_time(&stdout(&out)));
}

#[test]
fn bundled_spec_is_clean_with_warnings_denied() {
    let out = specnotes(&["check", "--deny-warnings", "spec"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).starts_with("0 errors, 0 warnings"), "{}", stdout(&out));
}

#[test]
fn exit_code_is_one_for_errors_and_two_for_a_missing_folder() {
    assert_eq!(specnotes(&["check", "tests/fixtures/rules/broken-link"]).status.code(), Some(1));
    let missing = specnotes(&["check", "tests/fixtures/no-such-folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
    assert_eq!(specnotes(&["check", "--format", "yaml", "spec"]).status.code(), Some(2));
}

#[test]
fn deny_warnings_turns_warnings_into_a_failing_exit_code() {
    let dir = "tests/fixtures/rules/missing-front-matter-key";
    assert_eq!(specnotes(&["check", dir]).status.code(), Some(0));
    assert_eq!(specnotes(&["check", "--deny-warnings", dir]).status.code(), Some(1));
}

#[test]
fn json_findings_about_links_carry_the_target_as_written() {
    let (json, _) = check_json("tests/fixtures/rules/broken-link");
    let d = json.diagnostics.iter().find(|d| d.rule == "broken-link").expect("a broken link");
    assert_eq!(d.file, "index.md");
    assert!(d.target.is_some());
    assert!(d.line > 0 && d.column > 0);
}

#[derive(Debug, Deserialize)]
struct ReleaseJson {
    version: String,
    title: String,
    date: Option<String>,
    file: String,
    changes: Vec<ChangeJson>,
}

#[derive(Debug, Deserialize)]
struct ChangeJson {
    title: String,
    tickets: Vec<serde_json::Value>,
    affects: Vec<serde_json::Value>,
    pages_changed: Vec<PageRefJson>,
    profiles_changed: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct PageRefJson {
    text: String,
    target: String,
    anchor: Option<String>,
}

#[test]
fn releases_json_contract_lists_releases_newest_first_with_changes() {
    let out = specnotes(&["releases", "--format", "json", "spec"]);
    assert_eq!(out.status.code(), Some(0));
    let releases: Vec<ReleaseJson> = serde_json::from_slice(&out.stdout).expect("releases JSON");
    assert!(releases.len() >= 4);
    let latest = &releases[0];
    assert_eq!(latest.version, "1.2.3");
    assert!(latest.title.contains("1.2.3"));
    assert_eq!(latest.date.as_deref(), Some("2019-04-23"));
    assert_eq!(latest.file, "pages/overview/release_notes/1_2_3.md");
    let amend = latest.changes.iter().find(|c| c.tickets.iter().any(|t| t["number"] == 601)).expect("ticket 601");
    assert!(!amend.title.is_empty());
    assert!(!amend.affects.is_empty());
    let p = &amend.pages_changed[0];
    assert_eq!(p.target, "appointments_use_case_amend_an_appointment.html");
    assert_eq!(p.anchor.as_deref(), Some("payload-request-body"));
    assert!(!p.text.is_empty());
    assert!(latest.changes.iter().any(|c| !c.profiles_changed.is_empty()));
}

#[derive(Debug, Deserialize)]
struct PageJson {
    url: String,
    file: String,
    title: Option<String>,
    anchors: Vec<String>,
    changes: Vec<serde_json::Value>,
}

#[test]
fn show_page_json_contract_gives_anchors_and_the_changes_that_touched_it() {
    let out =
        specnotes(&["show", "page", "appointments_use_case_amend_an_appointment.html", "--format", "json", "spec"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let page: PageJson = serde_json::from_slice(&out.stdout).expect("show page JSON");
    assert_eq!(page.url, "/appointments_use_case_amend_an_appointment.html");
    assert!(page.file.ends_with(".md"));
    assert!(page.title.is_some());
    assert!(page.anchors.iter().any(|a| a == "payload-request-body"), "{:?}", page.anchors);
    assert!(!page.changes.is_empty());
}

#[test]
fn show_ticket_finds_the_change_and_an_unknown_page_suggests_a_near_one() {
    let out = specnotes(&["show", "ticket", "#601", "spec"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("1.2.3"), "{}", stdout(&out));
    let out = specnotes(&["show", "page", "appointments_desgn.html", "spec"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `/appointments_design.html`"));
}

#[test]
fn explain_prints_the_rule_and_suggests_close_names() {
    let out = specnotes(&["explain", "broken-anchor"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("kramdown"));
    let out = specnotes(&["explain", "broken-anchr"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `broken-anchor`"));
}

#[test]
fn rules_lists_every_registered_rule() {
    let out = specnotes(&["rules", "--format", "json"]);
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules.len(), specnotes::check::rules::ALL.len());
    assert!(rules.iter().any(|r| r["name"] == "orphan-page" && r["default_enabled"] == false));
}

#[test]
fn colour_is_used_only_when_asked_or_on_a_terminal() {
    let dir = "tests/fixtures/rules/broken-link";
    let plain = stdout(&specnotes(&["check", dir]));
    assert!(!plain.contains('\x1b'), "piped output with NO_COLOR has no escapes");
    let coloured = stdout(&specnotes(&["check", "--color", "always", dir]));
    assert!(coloured.contains("\x1b["), "--color always colours");
    assert_eq!(redact_time(&plain), redact_time(&stdout(&specnotes(&["check", "--color", "never", dir]))));
}

const CORPUS: &str = "../shared/corpora/gpconnect-1.6.0";

#[test]
fn gp_connect_corpus_is_checked_without_crashing_and_its_sidebar_quote_is_reported() {
    if !root().join(CORPUS).is_dir() {
        eprintln!("corpus not found at {CORPUS}; skipping");
        return;
    }
    let (json, code) = check_json(CORPUS);
    assert_eq!(code, 1, "the corpus has broken links: exit 1, not a crash");
    assert_eq!(json.summary.releases, 22);
    assert!(json.summary.changes >= 500);
    let quote = json.diagnostics.iter().find(|d| {
        d.rule == "sidebar-broken-url"
            && d.file == "_data/sidebars/accessrecord_structured_sidebar.yml"
            && d.message.contains("quote")
    });
    let quote = quote.expect("the stray-quote sidebar URL is reported");
    assert_eq!(quote.line, 17);
    assert!(quote.target.as_deref().unwrap_or("").contains("rel=\"nofollow\""));
    // The 1.6.0 notes' summary drops the -beta suffix of the title.
    assert!(json.diagnostics.iter().any(|d| d.rule == "version-mismatch" && d.file.ends_with("1_6_0.md")));
}

#[test]
fn releases_table_names_the_product_line_only_when_a_spec_has_one() {
    let out = specnotes(&["releases", "tests/fixtures/rules/release-sidebar-product-lines"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("product   version "), "{text}");
    assert!(lines[1].starts_with("documents 1.0.0 "), "{text}");
    assert!(lines[2].starts_with("-         1.2.3 "), "{text}");
    let plain = stdout(&specnotes(&["releases", "spec"]));
    assert!(plain.starts_with("version "), "{plain}");
}
