//! Rule `unlisted-page-change`: with `--changed-since`, a spec page the pull request changed that
//! the newest release's notes do not name under "Pages changed" or "Pages added".
//!
//! It needs to know what the pull request touched, so it finds nothing without
//! `check --changed-since REF` (`Options::changed_files`). Listed pages are resolved the way links
//! are (against the release page's URL), so `foo.html`, `./foo.html` and `/foo.html` all count.

use std::collections::BTreeSet;

use crate::check::resolve::{Target, join};
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::Page;
use crate::model::Release;
use crate::model::date::today;

/// The rule.
pub const RULE: Rule = Rule {
    name: "unlisted-page-change",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a page changed but not listed under \"Pages changed\" of the release (with check --changed-since, or verify)",
    explain: "Readers of the release notes rely on \"Pages changed\" and \"Pages added\" to know which pages to \
re-read. When a pull request edits a spec page, the newest release's notes (the highest version of the main product \
line) should name it, e.g. `- [Appointments](appointments.html)` under `**Pages changed:**`. The rule only runs \
with `specnotes check --changed-since REF`, which tells it which files the pull request touched; release-notes pages \
themselves are never reported. When the newest release already has a date in the past and the pull request does \
not change its page, the change probably belongs in a new release: add a release-notes page for it. \
`specnotes verify VERSION` reports the same rule for every page whose content changed between the previous \
release's branch or tag and VERSION but that VERSION's notes do not list (see docs/verify.md).",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(changed) = &ctx.options.changed_files else { return };
    let model = &ctx.project.model;
    let Some((release_index, release)) = model
        .releases
        .iter()
        .enumerate()
        .filter(|(_, r)| r.parsed_version.product.is_none())
        .max_by(|(_, a), (_, b)| a.parsed_version.cmp(&b.parsed_version))
    else {
        return;
    };
    let site = &ctx.project.site;
    let listed = listed_pages(ctx, release);
    let release_pages: BTreeSet<usize> = model.release_pages.iter().copied().collect();
    let released = !changed.contains(&release.file) && release.date.is_some_and(|d| d < today());
    let release_page = model.release_pages.get(release_index).map(|&i| &site.pages[i]);
    for (i, page) in site.pages.iter().enumerate() {
        if !page.served || release_pages.contains(&i) || listed.contains(&i) || !changed.contains(page.path()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                RULE.name,
                page.path(),
                page.source.span(0),
                format!(
                    "`{}` changed but the release notes of {} do not list it",
                    page.url.trim_start_matches('/'),
                    release.version
                ),
            )
            .with_help(help(page, release, release_page, released)),
        );
    }
}

/// Pages (indices into `site.pages`) named under "Pages changed" or "Pages added" of `release`.
fn listed_pages(ctx: &Context, release: &Release) -> BTreeSet<usize> {
    let refs = release.changes.iter().flat_map(|c| c.pages_changed.iter().chain(&c.pages_added));
    refs.filter_map(|r| match join(&release.url, &r.target).map(|abs| ctx.resolver.lookup(&abs)) {
        Some(Target::Page(i)) => Some(i),
        _ => None,
    })
    .collect()
}

/// What to add where; and, when the newest release looks published, that a new one is needed.
fn help(page: &Page, release: &Release, release_page: Option<&Page>, released: bool) -> String {
    let title = page.title.clone().unwrap_or_else(|| page.url.trim_start_matches('/').to_string());
    let link = format!("- [{title}]({})", relative_url(&release.url, &page.url));
    let on = release_page.map_or(release.file.as_str(), Page::path);
    let date = release.date.map(|d| d.to_string()).unwrap_or_default();
    if released {
        format!(
            "{} was released on {date} and this change does not touch its notes: add a release-notes page for the \
             next release listing `{link}` under `**Pages changed:**`",
            release.version
        )
    } else {
        format!("add `{link}` under `**Pages changed:**` of {} (`{on}`)", release.version)
    }
}

/// A link from the page at `from` to the URL `to`, relative when both are on the site.
pub(crate) fn relative_url(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let from_dir = if from.ends_with('/') { &from_dir[..] } else { &from_dir[..from_dir.len().saturating_sub(1)] };
    let to_parts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_parts[common.min(to_parts.len())..]);
    let mut link = parts.join("/");
    if to.ends_with('/') && to != "/" {
        link.push('/');
    }
    if link.is_empty() { "./".to_string() } else { link }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_listed_pages_are_relative_to_the_release_page() {
        assert_eq!(relative_url("/overview_release_notes_1_2_3.html", "/appointments.html"), "appointments.html");
        assert_eq!(relative_url("/notes/1_2_3.html", "/appointments.html"), "../appointments.html");
        assert_eq!(relative_url("/notes/1_2_3.html", "/notes/a.html"), "a.html");
        assert_eq!(relative_url("/notes/", "/docs/guide/"), "../docs/guide/");
        assert_eq!(relative_url("/a.html", "/"), "./");
    }
}
