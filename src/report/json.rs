//! JSON output: the documented contract `{"diagnostics": [...], "summary": {...}}` (docs/json.md).

use std::io::Write;

use serde::Serialize;

use super::{Report, Summary};
use crate::diagnostic::Diagnostic;

/// One finding as the JSON contract spells it.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        JsonDiagnostic {
            rule: d.rule,
            severity: d.severity.as_str(),
            file: &d.file,
            line: d.span.line,
            column: d.span.column,
            message: &d.message,
            help: d.help.as_deref(),
            target: d.target.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: &'a Summary,
}

/// Writes the report as one pretty-printed JSON object and a newline.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = JsonReport {
        diagnostics: report.diagnostics.iter().map(JsonDiagnostic::from).collect(),
        summary: report.summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
