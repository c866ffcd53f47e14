//! Human output, modelled on rustc: `severity[rule]: message`, location, source line, caret, help.

use std::io::Write;

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::nth_line;

fn style(color: bool, s: Style) -> (String, String) {
    if color { (s.render().to_string(), s.render_reset().to_string()) } else { (String::new(), String::new()) }
}

fn severity_style(sev: Severity) -> Style {
    let c = match sev {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(c.into())).bold()
}

/// Writes every finding, then the summary line.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    for d in report.diagnostics {
        write_one(report, d, out)?;
    }
    let s = report.summary;
    let plural = |n: usize, w: &str| {
        if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") }
    };
    let (b, r) = style(report.color, Style::new().bold());
    writeln!(
        out,
        "{b}{}, {}, {}{r} in {} ({}, {}) in {} ms",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.pages, "page"),
        plural(s.releases, "release"),
        plural(s.changes, "change"),
        s.elapsed_ms
    )
}

fn write_one(report: &Report, d: &Diagnostic, out: &mut dyn Write) -> std::io::Result<()> {
    let (sv, sr) = style(report.color, severity_style(d.severity));
    let (b, br) = style(report.color, Style::new().bold());
    let (blue, blr) = style(report.color, Style::new().fg_color(Some(AnsiColor::Blue.into())).bold());
    writeln!(out, "{sv}{}[{}]{sr}{b}: {}{br}", d.severity, d.rule, d.message)?;
    let line = d.span.line;
    let width = line.to_string().len();
    let pad = " ".repeat(width);
    writeln!(out, "{pad}{blue}-->{blr} {}:{}:{}", d.file, line, d.span.column)?;
    if let Some(raw) = (report.source)(&d.file).and_then(|text| nth_line(text, line)) {
        let src = raw.replace('\t', "    ");
        let before: String = raw.chars().take(d.span.column.saturating_sub(1)).collect();
        let caret_col = before.replace('\t', "    ").chars().count();
        writeln!(out, "{pad} {blue}|{blr}")?;
        writeln!(out, "{blue}{line} |{blr} {src}")?;
        writeln!(out, "{pad} {blue}|{blr} {}{sv}^{sr}", " ".repeat(caret_col))?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "{pad} {blue}={blr} {b}help{br}: {help}")?;
    }
    writeln!(out)
}
