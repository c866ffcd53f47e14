//! GitHub output: one workflow command per finding, so that a `specnotes check` step in
//! GitHub Actions puts its findings on the pull request's diff as annotations.
//!
//! `::error file=F,line=L,col=C,title=specnotes RULE::MESSAGE` (warnings use `::warning`,
//! infos `::notice`), escaped as GitHub's toolkit escapes command data and properties. GitHub
//! wants paths relative to the repository root, so each file gets [`Report::root_prefix`].
//! The summary line follows as plain log text.

use std::io::Write;

use super::{Report, human};
use crate::diagnostic::{Diagnostic, Severity};

/// Writes one workflow command per finding, then the summary line.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for d in report.diagnostics {
        writeln!(out, "{}", command(d, report.root_prefix))?;
    }
    let summary_only = Report { diagnostics: &[], color: false, ..*report };
    human::write(&summary_only, out)
}

/// The workflow command for `d`, with `prefix` before its file path.
fn command(d: &Diagnostic, prefix: &str) -> String {
    let name = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties = format!("file={}", escape_property(&format!("{prefix}{}", d.file)));
    if d.span.line > 0 {
        properties.push_str(&format!(",line={},col={}", d.span.line, d.span.column));
    }
    properties.push_str(&format!(",title={}", escape_property(&format!("specnotes {}", d.rule))));
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    format!("::{name} {properties}::{}", escape_data(&message))
}

/// Escapes a command's message: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command property's value: as data, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn finding(severity: Severity, line: usize) -> Diagnostic {
        let mut d = Diagnostic::new("broken-link", "a,b:c.md", Span { line, column: 4, offset: 0 }, "100% gone")
            .with_help("line one\r\nline two");
        d.severity = severity;
        d
    }

    #[test]
    fn an_error_is_an_error_command_with_escaped_properties_and_message() {
        assert_eq!(
            command(&finding(Severity::Error, 2), "spec/"),
            "::error file=spec/a%2Cb%3Ac.md,line=2,col=4,title=specnotes broken-link::100%25 gone%0Ahelp: line one%0D%0Aline two"
        );
    }

    #[test]
    fn info_is_a_notice_and_a_finding_without_line_has_no_position() {
        assert_eq!(
            command(&finding(Severity::Info, 0), ""),
            "::notice file=a%2Cb%3Ac.md,title=specnotes broken-link::100%25 gone%0Ahelp: line one%0D%0Aline two"
        );
        assert!(command(&finding(Severity::Warning, 1), "").starts_with("::warning file="));
    }
}
