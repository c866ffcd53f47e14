//! The CI output formats (`short`, `github`, `sarif`, `junit`) from the real binary: snapshots
//! of exact output over fixture sites, the SARIF log validated against the SARIF 2.1.0 JSON
//! schema, the JUnit document read back by an XML parser, and escaping of awkward text.

mod common;

use common::{redact_time, root};
use std::path::Path;
use std::process::{Command, Output};

/// Runs `specnotes check --format FORMAT SPEC_DIR` in `cwd`.
fn check_in(cwd: &Path, format: &str, spec_dir: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(["check", "--format", format, spec_dir])
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("specnotes runs")
}

/// Stdout of `specnotes check --format FORMAT SPEC_DIR` from the crate root, time redacted.
fn check(format: &str, spec_dir: &str) -> String {
    redact_time(&String::from_utf8_lossy(&check_in(&root(), format, spec_dir).stdout))
}

const BROKEN_LINK: &str = "tests/fixtures/rules/broken-link";

#[test]
fn short_prints_one_line_per_finding_then_the_summary() {
    insta::assert_snapshot!("short_broken_link", check("short", BROKEN_LINK));
}

#[test]
fn github_prints_workflow_commands_with_paths_from_the_current_folder() {
    insta::assert_snapshot!("github_broken_link", check("github", BROKEN_LINK));
}

#[test]
fn github_uses_paths_relative_to_spec_dir_when_it_is_outside_the_current_folder() {
    let out = check_in(&root().join("tests"), "github", "../tests/fixtures/rules/broken-link");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("::error file=bom.md,line=1,col=1,title=specnotes front-matter::"), "{text}");
}

/// The number of rules that run without configuration.
fn default_rules() -> usize {
    specnotes::check::rules::ALL.iter().filter(|r| r.default_enabled).count()
}

#[test]
fn sarif_results_match_snapshot() {
    let sarif = check("sarif", BROKEN_LINK);
    // The rule list is checked against the registry below, so adding a rule leaves this snapshot alone.
    let (open, close) = ("\"rules\": [", "\n          ]");
    let start = sarif.find(open).expect("driver has rules") + open.len();
    let end = start + sarif[start..].find(close).expect("rules end");
    let sarif = format!("{}...every registered rule...]{}", &sarif[..start], &sarif[end + close.len()..]);
    insta::assert_snapshot!("sarif_broken_link", sarif);
}

#[test]
fn sarif_driver_lists_every_rule_in_registry_order_with_its_default_level() {
    let log: serde_json::Value = serde_json::from_str(&check("sarif", "spec")).expect("JSON");
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules").clone();
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let names: Vec<&str> = specnotes::check::rules::ALL.iter().map(|r| r.name).collect();
    assert_eq!(ids, names);
    let level = |id: &str| rules.iter().find(|r| r["id"] == id).map(|r| r["defaultConfiguration"]["level"].clone());
    assert_eq!(level("broken-link"), Some(serde_json::json!("error")));
    assert_eq!(level("orphan-page"), Some(serde_json::json!("none")));
    assert_eq!(rules[0]["help"]["text"], specnotes::check::rules::ALL[0].explain);
}

#[test]
fn junit_failing_cases_match_snapshot() {
    let xml = check("junit", BROKEN_LINK);
    let totals = format!("<testsuites name=\"specnotes\" tests=\"{}\" failures=\"2\">", default_rules());
    assert!(xml.contains(&totals), "{xml}");
    // Clean rules are one passing case each (counted above); the snapshot keeps the rest.
    let clean = regex::Regex::new(
        r#"  <testsuite name="[a-z-]+" tests="1" failures="0">\n    <testcase name="all files" classname="[a-z-]+"/>\n  </testsuite>\n"#,
    )
    .expect("valid regex");
    insta::assert_snapshot!("junit_broken_link", clean.replace_all(&xml, "").replace(&totals, "<testsuites ...>"));
}

#[test]
fn clean_spec_gives_a_summary_only_for_short_and_github() {
    let summary = "0 errors, 0 warnings, 0 infos in";
    assert!(check("short", "spec").starts_with(summary));
    assert!(check("github", "spec").starts_with(summary));
}

/// The SARIF 2.1.0 schema in tests/data (provenance in docs/formats.md).
fn sarif_validator() -> (boon::Schemas, boon::SchemaIndex) {
    let path = root().join("tests/data/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).expect("schema file is there");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource("sarif-schema-2.1.0.json", schema).expect("schema added");
    let index = compiler.compile("sarif-schema-2.1.0.json", &mut schemas).expect("schema compiles");
    (schemas, index)
}

fn assert_valid_sarif(text: &str) -> serde_json::Value {
    let log: serde_json::Value = serde_json::from_str(text).expect("sarif output is JSON");
    let (schemas, index) = sarif_validator();
    if let Err(e) = schemas.validate(&log, index) {
        panic!("SARIF output does not match the SARIF 2.1.0 schema: {e:#}");
    }
    log
}

#[test]
fn sarif_with_findings_is_valid_against_the_sarif_2_1_0_schema() {
    let log = assert_valid_sarif(&check("sarif", BROKEN_LINK));
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 13);
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "tests/fixtures/rules/broken-link/bom.md");
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let index = results[1]["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rules[index]["id"], "broken-link");
}

#[test]
fn sarif_of_a_clean_spec_is_valid_and_lists_every_rule() {
    let log = assert_valid_sarif(&check("sarif", "spec"));
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), specnotes::check::rules::ALL.len());
}

#[test]
fn the_schema_rejects_a_log_without_runs() {
    let (schemas, index) = sarif_validator();
    assert!(schemas.validate(&serde_json::json!({"version": "2.1.0"}), index).is_err());
}

/// Reads `xml` with quick-xml to the end; returns the element names in document order.
fn read_xml(xml: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut names = Vec::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return names,
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)) => {
                names.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
            }
            Ok(quick_xml::events::Event::Text(t)) => {
                t.decode().expect("text decodes");
            }
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}", reader.buffer_position()),
        }
    }
}

#[test]
fn junit_with_findings_is_well_formed_with_one_case_per_rule_per_file() {
    let xml = check("junit", BROKEN_LINK);
    let names = read_xml(&xml);
    assert_eq!(names.iter().filter(|n| *n == "failure").count(), 2);
    assert!(xml.contains("<testcase name=\"index.md\" classname=\"broken-link\""));
}

#[test]
fn junit_of_a_clean_spec_has_one_passing_case_per_rule_that_ran() {
    let xml = check("junit", "spec");
    let names = read_xml(&xml);
    let ran = default_rules();
    assert_eq!(names.iter().filter(|n| *n == "testcase").count(), ran);
    assert!(xml.contains(&format!("<testsuites name=\"specnotes\" tests=\"{ran}\" failures=\"0\">")));
    assert!(!names.contains(&"failure".to_owned()));
}

/// A spec in `DIR/site` whose one page has an awkward name and an awkward broken link.
fn awkward_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).expect("site dir");
    std::fs::write(site.join("_config.yml"), "title: t\n").expect("config");
    let page = "---\ntitle: Odd\npermalink: odd.html\n---\n\n[x](100%,a:b<&c'd\".html)\n";
    std::fs::write(site.join("we,ird:name.md"), page).expect("page");
    dir
}

#[test]
fn awkward_text_is_escaped_in_every_format() {
    let dir = awkward_site();
    let run = |format: &str| String::from_utf8_lossy(&check_in(dir.path(), format, "site").stdout).into_owned();
    let target = "100%,a:b<&c'd\".html";

    let short = run("short");
    assert!(short.starts_with(&format!("we,ird:name.md:6:1: error[broken-link]: link target `{target}`")), "{short}");

    let github = run("github");
    let expected = "::error file=site/we%2Cird%3Aname.md,line=6,col=1,title=specnotes broken-link::link target \
`100%25,a:b<&c'd\".html`";
    assert!(github.starts_with(expected), "{github}");

    let log = assert_valid_sarif(&run("sarif"));
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "site/we%2Cird%3Aname.md");
    assert!(result["message"]["text"].as_str().unwrap_or("").contains(target));

    let junit = run("junit");
    read_xml(&junit);
    assert!(
        junit.contains("<testcase name=\"we,ird:name.md\" classname=\"broken-link\" file=\"site/we,ird:name.md\">")
    );
    assert!(junit.contains("100%,a:b&lt;&amp;c&apos;d&quot;.html"), "{junit}");
}

/// The GP Connect corpus, for real-world text in every format (skipped if it is not there).
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/gpconnect-1.6.0");

#[test]
fn corpus_findings_give_valid_sarif_and_well_formed_junit() {
    if !Path::new(CORPUS).is_dir() {
        eprintln!("corpus not found at {CORPUS}; skipping");
        return;
    }
    let sarif = String::from_utf8_lossy(&check_in(&root(), "sarif", CORPUS).stdout).into_owned();
    let log = assert_valid_sarif(&sarif);
    assert!(log["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()));
    let junit = String::from_utf8_lossy(&check_in(&root(), "junit", CORPUS).stdout).into_owned();
    assert!(read_xml(&junit).contains(&"failure".to_owned()));
}
