//! `specnotes.toml`: every key changes behaviour observably on the fixture sites under
//! `tests/fixtures/config/`, and every kind of invalid file stops the run with exit code 2.
//!
//! Settings are mostly given inline (`Settings::from_toml`) so each test shows its key;
//! discovery, `--config` and exit codes go through the real binary.

mod common;

use common::{specnotes, stderr, stdout};
use std::path::{Path, PathBuf};

use specnotes::check::{self, Level, Options};
use specnotes::config::{DEFAULT_TOML, Settings, VersionSource};
use specnotes::{Diagnostic, Project, Severity};

fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config").join(path)
}

/// The `site` fixture opened with `toml` as its settings.
fn open(toml: &str) -> Project {
    let settings = Settings::from_toml(toml).expect("valid settings");
    Project::open_with(&fixture("site"), settings).expect("fixture loads")
}

/// The findings of `rule` on the `site` fixture with `toml`.
fn findings(toml: &str, rule: &str) -> Vec<Diagnostic> {
    check::run(&open(toml), &Options::default()).into_iter().filter(|d| d.rule == rule).collect()
}

/// `file:line message` of each finding.
fn lines(diags: &[Diagnostic]) -> Vec<String> {
    diags.iter().map(|d| format!("{}:{} {}", d.file, d.span.line, d.message)).collect()
}

const LEVELS: &str = "tests/fixtures/config/levels";
const SITE: &str = "tests/fixtures/config/site";

#[test]
fn a_specnotes_toml_at_the_spec_root_is_found_and_its_warn_level_passes_the_run() {
    let o = specnotes(&["check", LEVELS]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning[broken-link]"), "{}", stdout(&o));
}

#[test]
fn a_deny_level_from_config_fails_the_run() {
    let o = specnotes(&["check", "--config", "tests/fixtures/config/files/deny.toml", LEVELS]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("error[broken-link]"), "{}", stdout(&o));
}

#[test]
fn an_allow_level_silences_the_rule() {
    let o = specnotes(&["check", "--config", "tests/fixtures/config/files/allow.toml", LEVELS]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stdout(&o).contains("broken-link"), "{}", stdout(&o));
    assert_eq!(findings("[rules]\nbroken-link = \"allow\"\n", "broken-link").len(), 0);
}

#[test]
fn rule_levels_set_the_severity_of_findings() {
    let diags = findings("[rules]\nmissing-field = \"deny\"\n", "missing-field");
    assert_eq!(diags.iter().map(|d| d.severity).collect::<Vec<_>>(), [Severity::Error]);
    let settings = Settings::from_toml("[rules]\nmissing-field = \"deny\"\n").unwrap();
    assert_eq!(settings.rules.get("missing-field"), Some(&Level::Deny));
}

#[test]
fn a_configured_capability_vocabulary_reports_every_name_outside_it() {
    assert_eq!(findings("", "unknown-capability").len(), 0, "the learnt vocabulary accepts a one-off name");
    let diags = findings("[capabilities]\nknown = [\"Core\", \"Foundations\"]\n", "unknown-capability");
    assert_eq!(
        lines(&diags),
        ["pages/release_notes_1_0_0.md:50 capability `Foundatoins` is not in the configured vocabulary"]
    );
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `Foundations`?"));
    let diags = findings("[capabilities]\nknown = [\"CORE\"]\n", "unknown-capability");
    assert_eq!(diags.len(), 3);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `CORE`?"));
}

#[test]
fn the_default_ticket_pattern_accepts_issues_and_pulls_of_the_repository() {
    assert_eq!(
        lines(&findings("", "ticket-link")),
        [
            "pages/release_notes_1_0_0.md:32 ticket link `https://jira.example.org/browse/SPEC-2` is not an issue or pull-request URL"
        ]
    );
}

#[test]
fn a_configured_ticket_pattern_replaces_the_github_one() {
    let jira = "[tickets]\nurl = \"https://jira.example.org/browse/SPEC-{number}\"\n";
    let diags = findings(jira, "ticket-link");
    assert_eq!(diags.iter().map(|d| d.span.line).collect::<Vec<_>>(), [16, 48]);
    assert!(
        diags[0]
            .message
            .ends_with("does not match the ticket URL pattern `https://jira.example.org/browse/SPEC-{number}`")
    );
    let issues_only = "[tickets]\nurl = \"https://github.com/{repository}/issues/{number}\"\n";
    assert_eq!(findings(issues_only, "ticket-link").iter().map(|d| d.span.line).collect::<Vec<_>>(), [32, 48]);
}

#[test]
fn configured_profile_globs_report_a_profile_url_matching_none() {
    assert_eq!(findings("", "profile-link").len(), 0);
    let diags = findings("[profiles]\nurls = [\"https://fhir.example.org/STU3/*\"]\n", "profile-link");
    assert_eq!(
        lines(&diags),
        [
            "pages/release_notes_1_0_0.md:42 profile link `https://other.example.com/fhir/StructureDefinition/Other-1` matches none of the configured profile URLs"
        ]
    );
}

#[test]
fn a_json_pointer_version_source_is_checked_like_the_built_in_ones() {
    let stale = "[[version_sources]]\nfile = \"package.json\"\npointer = \"/version\"\n";
    assert_eq!(
        lines(&findings(stale, "version-source-mismatch")),
        ["package.json:3 `/version` in `package.json` says 0.9.0 but the latest release is 1.0.0"]
    );
    let current = "[[version_sources]]\nfile = \"package.json\"\npointer = \"/config/spec/version\"\n";
    assert_eq!(findings(current, "version-source-mismatch").len(), 0);
}

#[test]
fn a_regex_version_source_is_checked_like_the_built_in_ones() {
    let current = "[[version_sources]]\nfile = \"_data/meta.yml\"\nregex = 'spec_version: \"([^\"]+)\"'\n";
    assert_eq!(findings(current, "version-source-mismatch").len(), 0);
    let stale = "[[version_sources]]\nfile = \"_data/meta.yml\"\nregex = 'old_version: \"([^\"]+)\"'\n";
    assert_eq!(
        lines(&findings(stale, "version-source-mismatch")),
        ["_data/meta.yml:2 the version in `_data/meta.yml` says 0.8 but the latest release is 1.0.0"]
    );
}

#[test]
fn a_version_source_that_is_missing_or_finds_nothing_is_a_finding_at_its_entry() {
    let settings = Settings::load(&fixture("site"), Some(&fixture("files/sources.toml"))).unwrap();
    let shown = fixture("files/sources.toml").to_string_lossy().replace('\\', "/");
    let project = Project::open_with(&fixture("site"), settings).unwrap();
    let diags: Vec<Diagnostic> =
        check::run(&project, &Options::default()).into_iter().filter(|d| d.file == shown).collect();
    assert_eq!(lines(&diags), [format!("{shown}:6 version source `gone.json` does not exist")]);
    let nothing = "[[version_sources]]\nfile = \"package.json\"\npointer = \"/nope\"\n";
    assert_eq!(
        lines(&findings(nothing, "version-source-mismatch")),
        ["specnotes.toml:1 version source `package.json` (pointer `/nope`) finds no version"]
    );
}

#[test]
fn release_notes_paths_find_a_page_no_other_signal_marks() {
    let versions = |toml: &str| open(toml).model.releases.iter().map(|r| r.version.clone()).collect::<Vec<_>>();
    assert_eq!(versions(""), ["1.0.0"]);
    assert_eq!(versions("[release_notes]\npaths = [\"notes/*.md\"]\n"), ["1.0.0", "1.1.0"]);
    let none = "tags = []\ntitle_contains = []\nname_contains = []\n";
    assert_eq!(versions(&format!("[release_notes]\n{none}")), Vec::<String>::new());
    let only = |key: &str, value: &str| {
        versions(&format!("[release_notes]\n{none}").replace(&format!("{key} = []"), &format!("{key} = [\"{value}\"]")))
    };
    assert_eq!(only("tags", "RELEASE"), ["1.0.0"]);
    assert_eq!(only("title_contains", "Release Notes"), ["1.0.0"]);
    assert_eq!(only("name_contains", "notes_1_0"), ["1.0.0"]);
}

#[test]
fn ignore_globs_drop_the_findings_of_matching_files() {
    assert_eq!(findings("", "broken-link").len(), 1);
    assert_eq!(findings("[ignore]\npaths = [\"pages/drafts/**\"]\n", "broken-link").len(), 0);
}

#[test]
fn site_keys_are_read_and_printed_by_config() {
    let settings = Settings::load(&fixture("site"), Some(&fixture("files/site.toml"))).unwrap();
    assert_eq!(settings.site.base_url.as_deref(), Some("https://docs.example.org/spec"));
    assert_eq!(settings.site.version_url.as_deref(), Some("https://docs.example.org/spec/{version}/"));
    let o = specnotes(&["config", "--config", "tests/fixtures/config/files/site.toml", SITE]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("base_url = \"https://docs.example.org/spec\"\n"), "{}", stdout(&o));
    assert!(stdout(&o).contains("version_url = \"https://docs.example.org/spec/{version}/\"\n"));
    let printed = Settings::from_toml(&stdout(&o)).unwrap();
    assert_eq!(printed, Settings { path: None, ..settings });
}

#[test]
fn every_key_round_trips_through_the_printed_file() {
    let text = "[rules]\norphan-page = \"warn\"\n[capabilities]\nknown = [\"Core\"]\n\
        [tickets]\nurl = \"https://jira.example.org/browse/SPEC-{number}\"\n\
        [profiles]\nurls = [\"https://fhir.example.org/*\"]\n\
        [[version_sources]]\nfile = \"package.json\"\npointer = \"/version\"\n\
        [[version_sources]]\nfile = \"v.txt\"\nregex = 'v=(\\S+)'\n\
        [release_notes]\ntags = [\"rn\"]\ntitle_contains = []\nname_contains = [\"notes\"]\npaths = [\"n/**\"]\n\
        [ignore]\npaths = [\"drafts/**\"]\n[site]\nbase_url = \"https://x.org\"\nversion_url = \"https://x.org/{version}/\"\n";
    let settings = Settings::from_toml(text).unwrap();
    assert_eq!(
        settings.version_sources[1],
        VersionSource { file: "v.txt".into(), pointer: None, regex: Some(r"v=(\S+)".into()) }
    );
    assert_eq!(Settings::from_toml(&settings.to_toml()), Ok(settings));
}

#[test]
fn config_prints_the_discovered_file_in_effect() {
    let o = specnotes(&["config", LEVELS]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("[rules]\nbroken-link = \"warn\"\n"), "{}", stdout(&o));
}

#[test]
fn the_default_file_is_valid_and_equals_the_defaults() {
    assert_eq!(Settings::from_toml(DEFAULT_TOML), Ok(Settings::default()));
    let o = specnotes(&["config", "--default"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), DEFAULT_TOML);
}

/// Runs `check --config files/NAME` and returns stderr, asserting exit code 2.
fn refused(name: &str) -> String {
    let config = format!("tests/fixtures/config/files/{name}");
    let o = specnotes(&["check", "--config", &config, SITE]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    stderr(&o)
}

#[test]
fn an_unknown_key_exits_2_with_did_you_mean() {
    assert_eq!(
        refused("typo.toml"),
        "error: invalid settings in `tests/fixtures/config/files/typo.toml`: unknown key `capabilites`; did you mean `capabilities`?\n"
    );
}

#[test]
fn a_bad_level_a_bad_rule_name_a_bad_glob_and_bad_syntax_exit_2() {
    assert!(
        refused("bad_level.toml").contains("unknown level `error` in `[rules]`; expected one of: allow, warn, deny")
    );
    assert!(refused("bad_rule.toml").contains("unknown rule `broken-links` in `[rules]`; did you mean `broken-link`?"));
    assert!(refused("bad_glob.toml").contains("`[ignore] paths`: error parsing glob 'pages/{drafts'"));
    assert!(refused("bad_syntax.toml").contains("bad_syntax.toml`: line 2, column 53: "));
}

#[test]
fn a_missing_config_file_exits_2_naming_it() {
    let err = refused("no_such.toml");
    assert!(err.starts_with("error: cannot read `tests/fixtures/config/files/no_such.toml`"), "{err}");
}

#[test]
fn without_a_file_the_defaults_apply() {
    assert_eq!(Settings::load(Path::new(SITE), None).unwrap(), Settings::default());
}
