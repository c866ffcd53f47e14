//! `specnotes verify`'s findings: a [`ReleaseDiff`] held against the release's "Pages changed".
//!
//! Two rules of the check registry (`unlisted-page-change`, `unchanged-listed-page`) are
//! reported here rather than by the check stage, because they need the previous release from
//! git. The findings are plain [`Diagnostic`]s at the rule's default level; the caller applies
//! `[rules]`, suppression and `[ignore]` as `check` does and prints them with the same reporters.

use super::diff::{PageDiff, PageStatus, ReleaseDiff};
use crate::Project;
use crate::check::rules::unlisted_page_change::relative_url;
use crate::diagnostic::Diagnostic;
use crate::model::Release;
use crate::span::Span;

/// The rule of a page that changed but is not listed.
pub const UNLISTED: &str = "unlisted-page-change";
/// The rule of a page that is listed but did not change.
pub const UNCHANGED: &str = "unchanged-listed-page";

/// The findings of `diff` for the release it is about, unsorted, at the rules' default levels.
pub fn findings(project: &Project, diff: &ReleaseDiff) -> Vec<Diagnostic> {
    let Some(release) = project.model.releases.get(diff.release) else { return Vec::new() };
    let mut out: Vec<Diagnostic> = diff
        .pages
        .iter()
        .filter(|p| p.status != PageStatus::Unchanged && !p.listed)
        .map(|p| unlisted(project, diff, release, p))
        .collect();
    out.extend(unchanged(diff, release));
    let default = |name: &str| crate::check::rule(name).map(|r| r.severity);
    for d in &mut out {
        d.severity = default(d.rule).unwrap_or(d.severity);
    }
    out
}

/// `unlisted-page-change` for `page`, at its first changed line.
fn unlisted(project: &Project, diff: &ReleaseDiff, release: &Release, page: &PageDiff) -> Diagnostic {
    let what = match page.status {
        PageStatus::Added => "was added",
        PageStatus::Deleted => "was deleted",
        PageStatus::Renamed => "was renamed",
        _ if page.whitespace_only() => "changed (whitespace only)",
        _ => "changed",
    };
    let span = line_span(project, &page.file, page.first_changed_line());
    let message = format!(
        "`{}` ({}) {what} since {} but the release notes of {} do not list it",
        page.url.trim_start_matches('/'),
        page.file,
        diff.from_version,
        diff.to_version
    );
    let title = page.title.clone().unwrap_or_else(|| page.url.trim_start_matches('/').to_string());
    let label = if page.status == PageStatus::Added { "Pages added" } else { "Pages changed" };
    let help = format!(
        "add `- [{title}]({})` under `**{label}:**` of {} (`{}`)",
        relative_url(&release.url, &page.url),
        diff.to_version,
        release.file
    );
    Diagnostic::new(UNLISTED, page.file.clone(), span, message).with_help(help)
}

/// `unchanged-listed-page` for every link of the release to a page that did not change.
fn unchanged<'a>(diff: &'a ReleaseDiff, release: &'a Release) -> impl Iterator<Item = Diagnostic> + 'a {
    let links = release.changes.iter().flat_map(|c| {
        let changed = c.pages_changed.iter().map(|r| (r, "Pages changed"));
        changed.chain(c.pages_added.iter().map(|r| (r, "Pages added")))
    });
    links.filter_map(move |(link, label)| {
        let page = diff.page_for_link(&release.url, &link.target)?;
        (page.status == PageStatus::Unchanged).then(|| {
            let message = format!(
                "`{}` ({}) is listed under {label} of {} but did not change since {}",
                page.url.trim_start_matches('/'),
                page.file,
                diff.to_version,
                diff.from_version
            );
            let help = format!("link the page that changed, or remove the link (compared {})", compared(diff));
            Diagnostic::new(UNCHANGED, release.file.clone(), link.span, message)
                .with_help(help)
                .with_target(link.target.clone())
        })
    })
}

/// "`release/1.2.2` with `release/1.2.3`" (or "with the working tree").
fn compared(diff: &ReleaseDiff) -> String {
    match &diff.to_ref {
        Some(to) => format!("`{}` with `{to}`", diff.from_ref),
        None => format!("`{}` with the working tree", diff.from_ref),
    }
}

/// The start of 1-based `line` of `file` in the loaded project (line 1 when it is not loaded).
fn line_span(project: &Project, file: &str, line: usize) -> Span {
    let Some(source) = project.site.source(file) else { return Span { line: 1, column: 1, offset: 0 } };
    match source.lines.line_start(line) {
        Some(offset) => source.span(offset),
        None => source.span(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_rule_names_are_registered() {
        assert!(crate::check::rule(UNLISTED).is_some());
        assert!(crate::check::rule(UNCHANGED).is_some());
    }
}
