//! Stage 5, report: the only place that writes findings to stdout.
//!
//! One [`Format`] per output; adding a format is one file and one match arm.
//! Formats see the sorted diagnostics, a [`Summary`], and the file texts (for
//! source excerpts), through [`Report`]. The CI formats (`short`, `github`,
//! `sarif`, `junit`) are documented with examples in docs/formats.md.

mod github;
mod human;
mod json;
mod junit;
pub(crate) use junit::escape_text as escape_xml_text;
pub mod query;
mod sarif;
mod short;

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// Output formats for findings. The CI formats (`short` to `junit`) are for `check`; the
/// query commands (`rules`, `releases`, `show`) print `human` for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: rustc-style, with the source line and a caret.
    Human,
    /// For programs: one JSON object (documented in docs/json.md).
    Json,
    /// One `file:line:col: severity[rule]: message` line per finding, for editors and grep.
    Short,
    /// GitHub Actions workflow commands, annotations on the pull request's diff.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, one test case per rule per file, for GitLab and Jenkins test reports.
    Junit,
}

/// Output formats for queries (`rules`, `releases`, `show`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    /// For people: aligned text.
    Human,
    /// For programs: JSON (documented in docs/json.md).
    Json,
}

/// Counts printed after the findings.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Info-level findings.
    pub infos: usize,
    /// Pages checked.
    pub pages: usize,
    /// Releases found.
    pub releases: usize,
    /// Change entries found.
    pub changes: usize,
    /// Wall time of the whole run in milliseconds.
    pub elapsed_ms: u64,
}

impl Summary {
    /// Counts `diags` by severity.
    pub fn count(diags: &[Diagnostic]) -> Summary {
        let mut s = Summary::default();
        for d in diags {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// Everything a format needs.
pub struct Report<'a> {
    /// Sorted findings.
    pub diagnostics: &'a [Diagnostic],
    /// Counts.
    pub summary: &'a Summary,
    /// Returns the text of a file (relative path), for excerpts.
    pub source: &'a dyn Fn(&str) -> Option<&'a str>,
    /// Whether to use ANSI colours.
    pub color: bool,
    /// The spec folder as seen from the current folder (`spec/`, or empty): `github` and
    /// `sarif` put it before each file so paths are relative to the repository root.
    pub root_prefix: &'a str,
    /// The rules that ran, in registry order (`junit` lists the clean ones as passing).
    pub rules_run: &'a [&'static str],
}

/// Writes `report` in `format` to `out`.
pub fn write(format: Format, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(report, out),
        Format::Json => json::write(report, out),
        Format::Short => short::write(report, out),
        Format::Github => github::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Junit => junit::write(report, out),
    }
}

/// The prefix that turns a path relative to `spec_dir` into one relative to the current
/// folder: `spec_dir` with a trailing `/` when it is relative and stays below the current
/// folder (`spec`, `./spec/` -> `spec/`; `.` -> empty), else empty (absolute, or `..`).
pub fn root_prefix(spec_dir: &std::path::Path) -> String {
    use std::path::Component;
    let mut prefix = String::new();
    for component in spec_dir.components() {
        match component {
            Component::CurDir => {}
            Component::Normal(name) => {
                prefix.push_str(&name.to_string_lossy());
                prefix.push('/');
            }
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return String::new(),
        }
    }
    prefix
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour stdout.
    pub fn enabled(self) -> bool {
        use std::io::IsTerminal;
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn root_prefix_is_the_relative_spec_dir_with_a_slash() {
        assert_eq!(root_prefix(Path::new(".")), "");
        assert_eq!(root_prefix(Path::new("spec")), "spec/");
        assert_eq!(root_prefix(Path::new("./docs/spec/")), "docs/spec/");
    }

    #[test]
    fn root_prefix_is_empty_for_absolute_or_parent_paths() {
        assert_eq!(root_prefix(Path::new("/work/spec")), "");
        assert_eq!(root_prefix(Path::new("../spec")), "");
        assert_eq!(root_prefix(Path::new("spec/../other")), "");
    }
}
