//! Rule `placeholder`: TODO/TBA/TBC/TBD markers, `XX` dates and empty introductions that must not ship.

use std::sync::LazyLock;

use regex::Regex;

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Layout;

/// The rule.
pub const RULE: Rule = Rule {
    name: "placeholder",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a placeholder left in the spec: TODO, TBA, TBC, TBD, FIXME, an `XX` date, or an empty release introduction",
    explain: "Drafts of release notes start with placeholders (\"TODO\", \"released on XX Mar 2019\"). They \
must be completed before the release ships. Markers are matched as whole upper-case words in page text and in \
the `title` and `summary` front matter; fenced code blocks are skipped. A release-notes page whose introduction \
is empty is reported too.",
    run,
};

static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(
        r"\b(TODO|TBA|TBC|TBD|FIXME)\b|\bXX(?:st|nd|rd|th)?[ /-]+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|XX)\w*|\b\d{1,2} XX\b",
    )
});

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&MARKER);
}

/// Cheap literal test before the regex: every marker contains one of these.
/// One pass over the text for the three first letters, instead of one per literal.
fn might_hold_marker(line: &str) -> bool {
    let bytes = line.as_bytes();
    memchr::memchr3_iter(b'X', b'T', b'F', bytes).any(|i| {
        let rest = &bytes[i..];
        rest.starts_with(b"XX") || rest.starts_with(b"TODO") || rest.starts_with(b"TB") || rest.starts_with(b"FIXME")
    })
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let project = &ctx.project;
    for page in &project.site.pages {
        let text = &page.source.text;
        for key in ["title", "summary"] {
            let Some(value) = page.front_matter.get_str(key) else {
                continue;
            };
            if let Some(m) = MARKER.find(&value) {
                let span = page.front_matter.key_span(text, &page.source.lines, key);
                out.push(Diagnostic::new(
                    RULE.name,
                    page.path(),
                    span,
                    format!("placeholder `{}` in `{key}`", m.as_str()),
                ));
            }
        }
        // Masking only blanks text, so a page whose source holds no marker literal is done.
        if !might_hold_marker(text.get(page.body_start..).unwrap_or("")) {
            continue;
        }
        let masked = crate::parse::masked_text(page);
        let mut fence: Option<&str> = None;
        let mut offset = 0;
        for line in masked.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            if start < page.body_start {
                continue;
            }
            let trimmed = line.trim_start();
            let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
            match (fence, marker) {
                (None, Some(m)) => {
                    fence = Some(m);
                    continue;
                }
                (Some(f), Some(m)) if f == m => {
                    fence = None;
                    continue;
                }
                (Some(_), _) => continue,
                _ => {}
            }
            if !might_hold_marker(line) {
                continue;
            }
            for m in MARKER.find_iter(line) {
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        page.path(),
                        page.source.span(start + m.start()),
                        format!("placeholder `{}`", m.as_str()),
                    )
                    .with_help("complete the text before the release ships"),
                );
            }
        }
    }
    for release in project.model.releases.iter().filter(|r| r.layout == Layout::Labelled) {
        if release.introduction.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    RULE.name,
                    release.file.clone(),
                    release.span,
                    format!("release {} has an empty introduction", release.version),
                )
                .with_help("say in a sentence or two what the release brings"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MARKER;

    #[test]
    fn markers_are_whole_upper_case_words_and_xx_dates() {
        let found = |s: &str| MARKER.find(s).map(|m| m.as_str().to_string());
        assert_eq!(found("released on XX Mar 2019").as_deref(), Some("XX Mar"));
        assert_eq!(found("TODO").as_deref(), Some("TODO"));
        assert_eq!(found("a todo list, TODOS, XXL, TBDs"), None);
        assert_eq!(found("due 12 XX 2020").as_deref(), Some("12 XX"));
    }
}
