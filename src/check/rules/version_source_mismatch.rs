//! Rule `version-source-mismatch`: the latest release disagrees with the site's other version strings.
//!
//! The built-in sources are read here; the ones `specnotes.toml` adds in [`configured`].

mod configured;

use std::sync::LazyLock;

use regex::Regex;

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::fix::safe::{self, Withheld};
use crate::load::SourceFile;
use crate::model::Version;

/// The rule.
pub const RULE: Rule = Rule {
    name: "version-source-mismatch",
    severity: Severity::Error,
    default_enabled: true,
    summary: "the latest release's version disagrees with the CapabilityStatement example, the version include or the sidebar",
    explain: "Besides the release notes, a spec states its current version in its FHIR CapabilityStatement \
example (the top-level `\"version\"` of a JSON object whose `resourceType` is `CapabilityStatement`, in a code \
block of a page or in an include), in the include that sets the version banner (`{% assign gpconnectVersion = \
\"1.6.0-beta\" %}`), and in the sidebar's `version:`. After a release, each must name the latest release of the \
main product line. A CapabilityStatement may omit the pre-release suffix (`1.6.0` for `1.6.0-beta`); \
placeholders such as `[Provider Software Version]` are ignored. Other places (a `package.json`, an \
implementation guide's JSON) are added in `specnotes.toml` as `[[version_sources]]` with a JSON pointer or a regex \
with one capture group; a configured source whose file is missing or that finds no version is reported too.",
    run,
};

static ASSIGN: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r#"\{%-?\s*assign\s+(\w*[vV]ersion\w*)\s*=\s*["']([^"']+)["']"#));
static SIDEBAR_VERSION: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r#"(?m)^\s*-?\s*version:\s*["']?([^"'\s#]+)"#));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&ASSIGN);
    LazyLock::force(&SIDEBAR_VERSION);
}

/// A version string found somewhere, with where it is.
struct Found<'a> {
    what: String,
    file: &'a SourceFile,
    offset: usize,
    version: Version,
    written: String,
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let project = ctx.project;
    let extra = configured::unloaded_files(project);
    let mut found = Vec::new();
    configured::collect(project, &extra, &mut found, out);
    // With no readable main-line version, an unreadable one still shows the sources disagree
    // with the release notes (the finding says its version cannot be read, and offers no fix).
    let unreadable = || project.model.releases.iter().find(|r| r.parsed_version.product.is_none());
    let Some(latest) = project.model.latest_release(None).or_else(unreadable) else { return };
    let files = project.site.pages.iter().map(|p| &p.source).chain(project.site.includes.values());
    for file in files {
        capability_statements(file, &mut found);
        if file.path.starts_with("_includes/") {
            for c in ASSIGN.captures_iter(&file.text) {
                let m = c.get(2).expect("group 2 always matches");
                if let Some(version) = Version::parse(m.as_str()) {
                    found.push(Found {
                        what: format!("`{}` in the include", &c[1]),
                        file,
                        offset: m.start(),
                        version,
                        written: m.as_str().to_string(),
                    });
                }
            }
        }
    }
    for sidebar in &project.site.sidebars {
        let Some(file) = project.site.data_files.get(&sidebar.file) else { continue };
        for c in SIDEBAR_VERSION.captures_iter(&file.text) {
            let m = c.get(1).expect("group 1 always matches");
            if let Some(version) = Version::parse(m.as_str()) {
                found.push(Found {
                    what: "the sidebar's `version`".into(),
                    file,
                    offset: m.start(),
                    version,
                    written: m.as_str().to_string(),
                });
            }
        }
    }
    let want = &latest.parsed_version;
    let readable = !latest.version.trim().is_empty() && !want.numbers.is_empty();
    let latest_shown =
        if readable { latest.version.clone() } else { format!("`{}`, whose version cannot be read", latest.file) };
    for f in found {
        let suffix_ok =
            f.version.same_label(want) || (f.what.starts_with("CapabilityStatement") && f.version.pre.is_none());
        if !f.version.same_numbers(want) || !suffix_ok {
            let diag = Diagnostic::new(
                RULE.name,
                f.file.path.clone(),
                f.file.span(f.offset),
                format!("{} says {} but the latest release is {latest_shown}", f.what, f.written),
            );
            let diag = match source_fix(&f, want) {
                Ok(fix) => diag.with_help(update_help(latest)).with_fix(fix),
                Err(Some(why @ Withheld::Lower { .. })) => safe::explain(
                    diag.with_help(format!(
                        "the latest release notes ({}) are older: add the release notes of {}, or correct it by hand",
                        latest.file, f.written
                    )),
                    &why,
                ),
                Err(Some(why @ Withheld::Blank)) => safe::explain(
                    diag.with_help(format!("give the release notes `{}` a version in their title", latest.file)),
                    &why,
                ),
                Err(Some(why)) => safe::explain(diag.with_help(update_help(latest)), &why),
                Err(None) => diag.with_help(update_help(latest)),
            };
            out.push(diag);
        }
    }
}

fn update_help(latest: &crate::model::Release) -> String {
    format!("update it to {} (latest release notes: {})", latest.version, latest.file)
}

/// The top-level `"version"` of every JSON object with `"resourceType": "CapabilityStatement"`.
fn capability_statements<'a>(file: &'a SourceFile, out: &mut Vec<Found<'a>>) {
    let text = &file.text;
    // memchr's vectorised search: this reads every page and include of the spec.
    for i in memchr::memmem::find_iter(text.as_bytes(), b"\"CapabilityStatement\"") {
        let before = text[..i].trim_end();
        if !before.ends_with(':') || !before[..before.len() - 1].trim_end().ends_with("\"resourceType\"") {
            continue;
        }
        let Some(start) = object_start(text, i) else { continue };
        if let Some((offset, value)) = top_level_string(text, start, "version") {
            if let Some(version) = Version::parse(value) {
                out.push(Found {
                    what: "CapabilityStatement example `version`".into(),
                    file,
                    offset,
                    version,
                    written: value.to_string(),
                });
            }
        }
    }
}

/// Offset of the `{` that opens the object containing byte `at`.
fn object_start(text: &str, at: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, b) in text[..at].bytes().enumerate().rev() {
        match b {
            b'}' => depth += 1,
            b'{' if depth == 0 => return Some(i),
            b'{' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The string value of `key` directly inside the object opening at `start`: (value offset, value).
fn top_level_string<'t>(text: &'t str, start: usize, key: &str) -> Option<(usize, &'t str)> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0i32, start);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            b'"' => {
                let end = string_end(bytes, i)?;
                let s = &text[i + 1..end];
                let after = text[end + 1..].trim_start();
                if depth == 1 && s == key && after.starts_with(':') {
                    let value_at = end + 1 + (text[end + 1..].len() - after.len()) + 1;
                    let rest = &text[value_at..];
                    let q = value_at + (rest.len() - rest.trim_start().len());
                    if bytes.get(q) == Some(&b'"') {
                        let vend = string_end(bytes, q)?;
                        return Some((q + 1, &text[q + 1..vend]));
                    }
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Index of the closing quote of the JSON string opening at `open`.
fn string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i),
            b'\n' => return None,
            _ => i += 1,
        }
    }
    None
}

/// Rewrites a found version string to the latest release's, keeping its form: a leading
/// `v` stays, and a CapabilityStatement written without a pre-release suffix stays without.
/// `Err(Some(why))` when the value would be wrong or is not certain ([`safe::version_rewrite`]:
/// blank, lower than the one written, or in an unknown order); `Err(None)` for a product line
/// or text that moved.
fn source_fix(f: &Found, want: &Version) -> Result<Fix, Option<Withheld>> {
    if f.file.text.get(f.offset..f.offset + f.written.len()) != Some(f.written.as_str()) || want.product.is_some() {
        return Err(None);
    }
    let mut new_version = want.clone();
    if f.what.starts_with("CapabilityStatement") && f.version.pre.is_none() {
        new_version.pre = None;
    }
    let mut new = new_version.number_text();
    if f.written.starts_with(['v', 'V']) {
        new.insert(0, f.written.as_bytes()[0] as char);
    }
    safe::version_rewrite(&f.version, &f.written, &new_version, &new).map_err(Some)?;
    Ok(Fix {
        description: format!("write {new} for {}", f.what),
        edits: vec![Edit { file: f.file.path.clone(), range: f.offset..f.offset + f.written.len(), replacement: new }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_top_level_version_of_a_capability_statement_counts() {
        let text = "```json\n{\n  \"resourceType\": \"CapabilityStatement\",\n  \"software\": {\"name\": \"x\", \"version\": \"9.9.9\"},\n  \"version\": \"1.2.3\"\n}\n```\n";
        let file = SourceFile::new("p.md", text.to_string());
        let mut found = Vec::new();
        capability_statements(&file, &mut found);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].written, "1.2.3");
        assert_eq!(file.span(found[0].offset).line, 5);
    }

    #[test]
    fn a_version_before_the_resource_type_is_found_too() {
        let text = "{\"version\": \"2.0\", \"resourceType\": \"CapabilityStatement\"}";
        let file = SourceFile::new("p.json", text.to_string());
        let mut found = Vec::new();
        capability_statements(&file, &mut found);
        assert_eq!(found[0].written, "2.0");
    }

    #[test]
    fn a_capability_statement_without_suffix_is_fixed_to_the_numbers_only() {
        let file = SourceFile::new("p.json", "{\"version\": \"1.5.0\"}".to_string());
        let want = Version::parse("1.6.0-beta").expect("version");
        let found = |what: &str| Found {
            what: what.into(),
            file: &file,
            offset: 13,
            version: Version::parse("1.5.0").expect("version"),
            written: "1.5.0".into(),
        };
        let fix = source_fix(&found("CapabilityStatement example `version`"), &want).expect("fix");
        assert_eq!(fix.edits[0].range, 13..18);
        assert_eq!(fix.edits[0].replacement, "1.6.0");
        let fix = source_fix(&found("the sidebar's `version`"), &want).expect("fix");
        assert_eq!(fix.edits[0].replacement, "1.6.0-beta");
    }

    #[test]
    fn no_fix_blanks_or_lowers_a_version_or_guesses_an_order() {
        let file = SourceFile::new("_data/sidebars/s.yml", "version: 2.4.0-beta\n".to_string());
        let found = |written: &str| Found {
            what: "the sidebar's `version`".into(),
            file: &file,
            offset: 9,
            version: Version::parse(written).expect("version"),
            written: written.into(),
        };
        let older = Version::parse("2.0.0-beta").expect("version");
        let lower = source_fix(&found("2.4.0-beta"), &older).expect_err("lower");
        assert_eq!(lower, Some(Withheld::Lower { old: "2.4.0-beta".into(), new: "2.0.0-beta".into() }));
        let unread = Version { product: None, numbers: Vec::new(), pre: None };
        assert_eq!(source_fix(&found("2.4.0-beta"), &unread).expect_err("blank"), Some(Withheld::Blank));
        let preview = Version::parse("2.4.0-preview").expect("version");
        assert!(matches!(source_fix(&found("2.4.0-beta"), &preview), Err(Some(Withheld::Unordered { .. }))));
        let newer = Version::parse("2.4.0").expect("version");
        assert_eq!(source_fix(&found("2.4.0-beta"), &newer).expect("fix").edits[0].replacement, "2.4.0");
    }
}
