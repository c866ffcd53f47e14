//! Stage 5, report: the only place that writes findings to stdout.
//!
//! One [`Format`] per output; adding a format is one file and one match arm.
//! Formats see the sorted diagnostics, a [`Summary`], and the file texts (for
//! source excerpts), through [`Report`].

mod human;
mod json;
pub mod query;

use std::io::Write;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};

/// Output formats for findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: rustc-style, with the source line and a caret.
    Human,
    /// For programs: one JSON object (documented in docs/json.md).
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
}

/// Writes `report` in `format` to `out`.
pub fn write(format: Format, report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Human => human::write(report, out),
        Format::Json => json::write(report, out),
    }
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
