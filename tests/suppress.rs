//! Inline suppression over the fixture site `tests/fixtures/suppress/`: each page holds the
//! findings that must be silenced and those that must stay, and the tests assert the exact
//! findings left, through the library and through `specnotes check --format json`.

use std::path::PathBuf;
use std::process::Command;

use specnotes::check::{self, Level, Options};
use specnotes::config::Settings;
use specnotes::{Project, Severity};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/suppress")
}

/// `file:line:column rule` for every finding of the fixture under `options`, limited to `file`.
fn findings_in(project: &Project, options: &Options, file: &str) -> Vec<String> {
    check::run(project, options)
        .into_iter()
        .filter(|d| d.file == file)
        .map(|d| format!("{}:{}:{} {}", d.file, d.span.line, d.span.column, d.rule))
        .collect()
}

fn findings(file: &str) -> Vec<String> {
    let project = Project::open(&fixture()).expect("fixture loads");
    findings_in(&project, &Options::default(), file)
}

fn with_levels(levels: &[(&str, Level)]) -> Options {
    let mut options = Options::default();
    for (rule, level) in levels {
        options.levels.insert(rule.to_string(), *level);
    }
    options
}

#[test]
fn next_line_comments_silence_one_line_for_each_rule_they_name() {
    assert_eq!(findings("next_line.md"), ["next_line.md:8:11 placeholder", "next_line.md:12:11 broken-link"]);
}

#[test]
fn a_disable_block_ends_at_its_enable_or_at_the_end_of_the_file() {
    assert_eq!(
        findings("block.md"),
        ["block.md:5:11 placeholder", "block.md:9:25 broken-link", "block.md:11:11 placeholder"]
    );
}

#[test]
fn a_file_wide_comment_silences_the_front_matter_and_the_body() {
    assert_eq!(findings("file_wide.md"), Vec::<String>::new());
}

#[test]
fn unknown_rule_and_directive_names_are_reported_and_silence_nothing() {
    assert_eq!(
        findings("unknown.md"),
        [
            "unknown.md:5:34 unused-suppression",
            "unknown.md:6:11 placeholder",
            "unknown.md:7:6 unused-suppression",
            "unknown.md:8:11 placeholder"
        ]
    );
    let project = Project::open(&fixture()).unwrap();
    let helps: Vec<String> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.rule == "unused-suppression" && d.file == "unknown.md")
        .filter_map(|d| d.help)
        .collect();
    assert_eq!(helps, ["did you mean `placeholder`?", "did you mean `specnotes-disable-next-line`?"]);
}

#[test]
fn an_unused_suppression_and_a_stray_enable_are_reported_but_not_a_suppression_of_a_rule_that_is_off() {
    assert_eq!(
        findings("unused.md"),
        [
            "unused.md:5:34 unused-suppression",
            "unused.md:9:23 unused-suppression",
            "unused.md:10:34 unused-suppression"
        ]
    );
    let project = Project::open(&fixture()).unwrap();
    let messages: Vec<String> = check::run(&project, &Options::default())
        .into_iter()
        .filter(|d| d.file == "unused.md")
        .map(|d| d.message)
        .collect();
    assert_eq!(
        messages,
        [
            "unused suppression: no `placeholder` finding on line 6",
            "`specnotes-enable broken-link` closes no `specnotes-disable broken-link`",
            "unused suppression: no `broken-link` finding after this comment",
        ]
    );
}

#[test]
fn unused_suppression_findings_are_silenced_only_by_naming_the_rule() {
    assert_eq!(findings("quiet.md"), ["quiet.md:6:11 placeholder"]);
}

#[test]
fn a_suppression_of_a_rule_turned_off_is_not_unused_whether_by_the_command_line_or_specnotes_toml() {
    let project = Project::open(&fixture()).unwrap();
    let off = with_levels(&[("placeholder", Level::Allow)]);
    let left = ["unused.md:9:23 unused-suppression", "unused.md:10:34 unused-suppression"];
    assert_eq!(findings_in(&project, &off, "unused.md"), left);

    let mut settings = Settings::default();
    settings.rules.insert("placeholder".to_string(), Level::Allow);
    let project = Project::open_with(&fixture(), settings).unwrap();
    assert_eq!(findings_in(&project, &Options::default(), "unused.md"), left);
}

#[test]
fn a_suppression_of_a_rule_turned_on_counts_again() {
    let project = Project::open(&fixture()).unwrap();
    let on = with_levels(&[("orphan-page", Level::Warn)]);
    let found = findings_in(&project, &on, "unused.md");
    assert!(found.contains(&"unused.md:7:34 unused-suppression".to_string()), "{found:?}");
}

#[test]
fn unused_suppression_takes_its_configured_level_and_can_be_turned_off() {
    let project = Project::open(&fixture()).unwrap();
    let deny = with_levels(&[("unused-suppression", Level::Deny)]);
    let severities: Vec<Severity> = check::run(&project, &deny)
        .into_iter()
        .filter(|d| d.rule == "unused-suppression")
        .map(|d| d.severity)
        .collect();
    assert_eq!(severities, [Severity::Error; 5]);

    let allow = with_levels(&[("unused-suppression", Level::Allow)]);
    assert_eq!(findings_in(&project, &allow, "unused.md"), Vec::<String>::new());
    // Turning the report off does not turn suppression off.
    assert_eq!(findings_in(&project, &allow, "next_line.md").len(), 2);
}

#[test]
fn comments_in_code_blocks_and_code_spans_do_not_suppress() {
    assert_eq!(findings("code.md"), ["code.md:9:11 placeholder"]);
}

#[test]
fn crlf_files_are_read_like_lf_files() {
    assert!(std::fs::read_to_string(fixture().join("crlf.md")).unwrap().contains("\r\n"));
    assert_eq!(findings("crlf.md"), ["crlf.md:8:11 placeholder", "crlf.md:12:11 placeholder"]);
}

#[test]
fn html_pages_take_the_same_comments() {
    assert_eq!(findings("page.html"), ["page.html:7:14 placeholder"]);
}

#[test]
fn check_json_drops_suppressed_findings_and_keeps_the_others() {
    let out = Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(["check", "--format", "json"])
        .arg(fixture())
        .env("NO_COLOR", "1")
        .output()
        .expect("specnotes runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("check --format json is valid");
    let lines: Vec<String> = json["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .filter(|d| d["file"] == "next_line.md" || d["file"] == "unused.md")
        .map(|d| format!("{}:{} {}", d["file"].as_str().unwrap_or(""), d["line"], d["rule"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        lines,
        [
            "next_line.md:8 placeholder",
            "next_line.md:12 broken-link",
            "unused.md:5 unused-suppression",
            "unused.md:9 unused-suppression",
            "unused.md:10 unused-suppression"
        ]
    );
    assert_eq!(out.status.code(), Some(1), "the unsuppressed broken links still fail the run");
}
