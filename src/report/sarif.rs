//! SARIF output: a SARIF 2.1.0 log with one run, for GitHub code scanning and other viewers.
//!
//! The driver lists every registered rule (so `ruleIndex` is the registry position and viewers
//! can show each rule's explanation); each finding is a result located by a URI relative to
//! `%SRCROOT%` (the folder specnotes ran in: [`Report::root_prefix`] is prepended, so in CI the
//! URIs are relative to the repository root, as GitHub wants). Typed structs keep the field
//! order, and so the output, deterministic; tests validate it against the SARIF 2.1.0 schema.

use std::collections::BTreeMap;
use std::io::Write;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::Report;
use crate::check::{Rule, rules};
use crate::diagnostic::{Diagnostic, Severity};

/// Characters kept as they are in a URI path: RFC 3986 unreserved characters and `/`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'/');

/// The base every result's URI is relative to.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, BaseLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct BaseLocation {
    description: Text,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
}

/// Writes the SARIF log, pretty-printed, and a newline.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let base = BaseLocation {
        description: Text { text: "The folder specnotes ran in (in CI, the repository root).".to_owned() },
    };
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool { driver: driver() },
            original_uri_base_ids: BTreeMap::from([(SRCROOT, base)]),
            column_kind: "unicodeCodePoints",
            results: report.diagnostics.iter().map(|d| result(d, report.root_prefix)).collect(),
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// specnotes and every registered rule.
fn driver() -> Driver {
    let homepage = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")];
    Driver {
        name: "specnotes",
        version: env!("CARGO_PKG_VERSION"),
        information_uri: homepage.into_iter().find(|uri| !uri.is_empty()),
        rules: rules::ALL.iter().map(|rule| descriptor(rule)).collect(),
    }
}

fn descriptor(rule: &Rule) -> RuleDescriptor {
    let level = if rule.default_enabled { level(rule.severity) } else { "none" };
    RuleDescriptor {
        id: rule.name,
        name: pascal_case(rule.name),
        short_description: Text { text: rule.summary.to_owned() },
        full_description: Text { text: rule.explain.to_owned() },
        help: Help { text: rule.explain, markdown: rule.explain },
        default_configuration: Configuration { level },
    }
}

fn result<'a>(d: &'a Diagnostic, prefix: &str) -> SarifResult<'a> {
    let text = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    let region = (d.span.line > 0).then_some(Region { start_line: d.span.line, start_column: d.span.column.max(1) });
    SarifResult {
        rule_id: d.rule,
        rule_index: rules::ALL.iter().position(|rule| rule.name == d.rule),
        level: level(d.severity),
        message: Text { text },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(prefix, &d.file), uri_base_id: SRCROOT },
                region,
            },
        }],
    }
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for `prefix` + `file`, percent-encoded outside unreserved characters.
fn uri(prefix: &str, file: &str) -> String {
    format!("{}{}", utf8_percent_encode(prefix, PATH), utf8_percent_encode(file, PATH))
}

/// `broken-anchor` -> `BrokenAnchor`, the identifier-like rule name SARIF viewers show.
fn pascal_case(kebab: &str) -> String {
    kebab
        .split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_ascii_uppercase()).into_iter().chain(chars)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encodes_spaces_colons_and_non_ascii_but_keeps_slashes() {
        assert_eq!(uri("spec/", "pages/a b:c é.md"), "spec/pages/a%20b%3Ac%20%C3%A9.md");
        assert_eq!(uri("", "x-y_z.~md"), "x-y_z.~md");
    }

    #[test]
    fn rule_names_become_pascal_case() {
        assert_eq!(pascal_case("broken-anchor"), "BrokenAnchor");
        assert_eq!(pascal_case("unused-suppression"), "UnusedSuppression");
    }

    #[test]
    fn severities_map_to_sarif_levels() {
        assert_eq!(
            [level(Severity::Error), level(Severity::Warning), level(Severity::Info)],
            ["error", "warning", "note"]
        );
    }

    #[test]
    fn off_by_default_rules_have_level_none() {
        let orphan = rules::ALL.iter().find(|r| !r.default_enabled).map(|r| descriptor(r).default_configuration.level);
        assert_eq!(orphan, Some("none"));
    }
}
