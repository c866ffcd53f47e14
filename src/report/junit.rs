//! JUnit output: a JUnit XML document for CI test reports (GitLab, Jenkins, Azure).
//!
//! One `<testsuite>` per rule, one `<testcase name="FILE" classname="RULE">` per rule per
//! file with findings. Error and warning findings make the test case fail with one
//! `<failure>` listing them as `line:col: message` lines; info findings leave it passing and
//! go to `<system-out>`. A rule that ran and found nothing is one passing test case named
//! `all files`, so a clean run still shows which rules were checked. Everything is escaped
//! for XML (characters XML 1.0 cannot carry become U+FFFD) and ordered deterministically.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use super::Report;
use crate::diagnostic::{Diagnostic, Severity};

/// The findings of one rule, by file (sorted).
type ByFile<'a> = BTreeMap<&'a str, Vec<&'a Diagnostic>>;

/// Writes the XML document and a newline.
pub fn write(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let suites = suites(report);
    let tests: usize = suites.iter().map(|(_, files)| files.len().max(1)).sum();
    let failures: usize = suites.iter().map(|(_, files)| failing(files)).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(xml, "<testsuites name=\"specnotes\" tests=\"{tests}\" failures=\"{failures}\">");
    for (rule, files) in &suites {
        write_suite(&mut xml, rule, files, report.root_prefix);
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

/// Every rule that ran (registry order), then any other rule with findings (name order).
fn suites<'a>(report: &'a Report) -> Vec<(&'a str, ByFile<'a>)> {
    let mut by_rule: BTreeMap<&str, ByFile> = BTreeMap::new();
    for d in report.diagnostics {
        by_rule.entry(d.rule).or_default().entry(d.file.as_str()).or_default().push(d);
    }
    let mut suites: Vec<(&str, ByFile)> =
        report.rules_run.iter().map(|&rule| (rule, by_rule.remove(rule).unwrap_or_default())).collect();
    suites.extend(by_rule);
    suites
}

/// How many files have an error or warning finding.
fn failing(files: &ByFile) -> usize {
    files.values().filter(|ds| ds.iter().any(|d| d.severity > Severity::Info)).count()
}

fn write_suite(xml: &mut String, rule: &str, files: &ByFile, prefix: &str) {
    let rule = escape(rule);
    let (tests, failures) = (files.len().max(1), failing(files));
    let _ = writeln!(xml, "  <testsuite name=\"{rule}\" tests=\"{tests}\" failures=\"{failures}\">");
    if files.is_empty() {
        let _ = writeln!(xml, "    <testcase name=\"all files\" classname=\"{rule}\"/>");
    }
    for (file, findings) in files {
        let path = escape(&format!("{prefix}{file}"));
        let _ = writeln!(xml, "    <testcase name=\"{}\" classname=\"{rule}\" file=\"{path}\">", escape(file));
        let (failed, infos): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            findings.iter().partition(|d| d.severity > Severity::Info);
        if let Some(first) = failed.first() {
            let more = match failed.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            let message = escape(&format!("{}{more}", first.message));
            let _ = write!(xml, "      <failure message=\"{message}\" type=\"{}\">", first.severity);
            xml.push_str(&escape_text(&lines(&failed)));
            xml.push_str("</failure>\n");
        }
        if !infos.is_empty() {
            let _ = writeln!(xml, "      <system-out>{}</system-out>", escape_text(&lines(&infos)));
        }
        xml.push_str("    </testcase>\n");
    }
    xml.push_str("  </testsuite>\n");
}

/// `line:col: message` lines, each followed by an indented `help:` line when there is help.
fn lines(findings: &[&Diagnostic]) -> String {
    let mut text = String::new();
    for d in findings {
        let _ = writeln!(text, "{}:{}: {}", d.span.line, d.span.column, d.message);
        if let Some(help) = &d.help {
            let _ = writeln!(text, "    help: {help}");
        }
    }
    text
}

/// Escapes text for an XML attribute value, where line breaks and tabs are escaped too
/// (a parser would turn them into spaces).
fn escape(text: &str) -> String {
    escape_xml(text, true)
}

/// Escapes text for element content (also right for HTML text).
pub(crate) fn escape_text(text: &str) -> String {
    escape_xml(text, false)
}

fn escape_xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    #[test]
    fn escape_covers_the_five_xml_specials_and_control_characters() {
        assert_eq!(escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
        assert_eq!(escape("x\ny\u{1}"), "x&#10;y\u{FFFD}");
        assert_eq!(escape_text("x\ny\r"), "x\ny&#13;");
    }

    fn report_of<'a>(diagnostics: &'a [Diagnostic], rules_run: &'a [&'static str]) -> Report<'a> {
        static SUMMARY: std::sync::LazyLock<super::super::Summary> = std::sync::LazyLock::new(Default::default);
        Report { diagnostics, summary: &SUMMARY, source: &no_source, color: false, root_prefix: "spec/", rules_run }
    }

    fn no_source<'x>(_: &str) -> Option<&'x str> {
        None
    }

    fn junit(report: &Report) -> String {
        let mut out = Vec::new();
        write(report, &mut out).expect("writes to a Vec");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn info_findings_go_to_system_out_and_leave_the_case_passing() {
        let mut d = Diagnostic::new("note-rule", "a.md", Span { line: 1, column: 2, offset: 0 }, "fyi");
        d.severity = Severity::Info;
        assert_eq!(
            junit(&report_of(&[d], &["note-rule", "clean-rule"])),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<testsuites name=\"specnotes\" tests=\"2\" failures=\"0\">
  <testsuite name=\"note-rule\" tests=\"1\" failures=\"0\">
    <testcase name=\"a.md\" classname=\"note-rule\" file=\"spec/a.md\">
      <system-out>1:2: fyi
</system-out>
    </testcase>
  </testsuite>
  <testsuite name=\"clean-rule\" tests=\"1\" failures=\"0\">
    <testcase name=\"all files\" classname=\"clean-rule\"/>
  </testsuite>
</testsuites>
"
        );
    }

    #[test]
    fn several_failures_in_one_file_are_one_failure_naming_the_first() {
        let at = |line| Span { line, column: 1, offset: 0 };
        let mut ds = [Diagnostic::new("r", "a.md", at(1), "one"), Diagnostic::new("r", "a.md", at(5), "two")];
        ds.iter_mut().for_each(|d| d.severity = Severity::Error);
        let xml = junit(&report_of(&ds, &["r"]));
        assert!(
            xml.contains("<failure message=\"one (and 1 more)\" type=\"error\">1:1: one\n5:1: two\n</failure>"),
            "{xml}"
        );
    }

    #[test]
    fn lines_put_help_under_its_finding() {
        let d = Diagnostic::new("r", "f.md", Span { line: 2, column: 5, offset: 0 }, "bad").with_help("fix it");
        assert_eq!(lines(&[&d]), "2:5: bad\n    help: fix it\n");
    }
}
