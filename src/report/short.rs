//! Short output: one `file:line:col: severity[rule]: message` line per finding, the shape
//! compilers print and editors, `grep` and problem matchers read, then the human summary line.
//!
//! Paths are relative to SPEC_DIR, as in the human and JSON formats. A finding without a
//! position (line 0) is printed as `file: severity[rule]: message`.

use std::io::Write;

use super::{Report, human};
use crate::diagnostic::Diagnostic;

/// Writes one line per finding, then the summary line.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for d in report.diagnostics {
        writeln!(out, "{}", line(d))?;
    }
    let summary_only = Report { diagnostics: &[], color: false, ..*report };
    human::write(&summary_only, out)
}

/// The one line for `d`; a multi-line message keeps only its first line.
fn line(d: &Diagnostic) -> String {
    let message = d.message.lines().next().unwrap_or_default();
    let location =
        if d.span.line == 0 { d.file.clone() } else { format!("{}:{}:{}", d.file, d.span.line, d.span.column) };
    format!("{location}: {}[{}]: {message}", d.severity, d.rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn a_finding_is_one_compiler_style_line() {
        let d = Diagnostic::new("broken-link", "pages/a.md", Span { line: 3, column: 7, offset: 0 }, "gone");
        assert_eq!(line(&d), "pages/a.md:3:7: warning[broken-link]: gone");
    }

    #[test]
    fn a_finding_without_a_position_names_only_the_file() {
        let d = Diagnostic::new("orphan-page", "a.md", Span::default(), "first\nsecond");
        assert_eq!(line(&d), "a.md: warning[orphan-page]: first");
    }
}
