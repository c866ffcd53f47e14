//! Stage render, page diffs (`build --git`): one page per release per page its release notes
//! list, showing that page's text diff between the previous release and the release.
//!
//! The diffs come from git ([`crate::git::every_release_diff`]) through [`super::Options`];
//! rendering stays pure. After the view model is collected, `with_diffs` hands out the pages'
//! paths (`diffs/VERSION/PAGE.html`, slugs unique per release), gives every "Pages changed"
//! and "Pages added" entry of that release a [`DiffLink`] (on every page that shows the
//! change: release, history, ticket and compare pages alike) and returns the diff pages to
//! render. Only listed pages get a page: an unlisted change is `verify`'s business, and
//! a listed page that did not change gets a page saying so, since that is what readers need.

use std::collections::BTreeMap;

use serde::Serialize;

use super::collect::Collected;
use super::diff_rows::{Hunk, counts, hunks};
use super::links::Slugs;
use super::view::Named;
use crate::git::{PageDiff, PageStatus, ReleaseDiff};

/// The page diffs the site shows: what `build --git` read from git.
#[derive(Debug, Clone, Default)]
pub struct GitDiffs {
    /// One per compared release (`ReleaseDiff::release` indexes `project.model.releases`).
    pub releases: Vec<ReleaseDiff>,
}

/// The link from a listed page to its diff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLink {
    /// The diff page, site-root-relative.
    pub href: String,
    /// How the page differs.
    pub status: PageStatus,
    /// "+12 -3 lines", "unchanged".
    pub summary: String,
}

/// One side of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct SideView {
    /// The release's version.
    pub version: String,
    /// The branch or tag it was read from; `None`: the working tree.
    pub git_ref: Option<String>,
    /// Its commit, abbreviated to 7 digits; `None`: the working tree.
    pub commit: Option<String>,
}

/// A diff page.
#[derive(Debug, Clone, Serialize)]
pub struct DiffView {
    /// This page, site-root-relative.
    pub href: String,
    /// The spec page's title, else its URL.
    pub title: String,
    /// The spec page's URL (`/appointments.html`).
    pub url: String,
    /// Its file in the spec (the new path; the old one when deleted).
    pub file: String,
    /// Its file at the previous release, when renamed.
    pub old_file: Option<String>,
    /// How it differs.
    pub status: PageStatus,
    /// What the status means for this page, in a sentence, when there is more to say.
    pub explanation: Option<String>,
    /// The previous release.
    pub from: SideView,
    /// The release.
    pub to: SideView,
    /// The release's page on this site.
    pub release: Named,
    /// The changes of the release that list the page.
    pub changes: Vec<Named>,
    /// This site's change history of the page.
    pub history_href: Option<String>,
    /// The page in the published spec at this release.
    pub published_url: Option<String>,
    /// "+12 -3 lines", "unchanged".
    pub summary: String,
    /// The diff.
    pub hunks: Vec<Hunk>,
}

/// The view model with a diff link on every listed page that has a diff, and the diff pages to
/// render; `views` as they are and no pages without `git`.
pub(super) fn with_diffs(mut views: Collected, git: Option<&GitDiffs>) -> (Collected, Vec<DiffView>) {
    let Some(git) = git else { return (views, Vec::new()) };
    let mut links: BTreeMap<(String, String), DiffLink> = BTreeMap::new();
    let mut pages = Vec::new();
    for diff in &git.releases {
        let Some(release) = views.releases.get(diff.release) else { continue };
        let folder = release.href.trim_start_matches("releases/").trim_end_matches(".html");
        let mut slugs = Slugs::default();
        for page in diff.pages.iter().filter(|p| p.listed) {
            let stem = page.url.trim_start_matches('/').trim_end_matches(".html");
            let href = format!("diffs/{folder}/{}.html", slugs.unique(stem));
            let view = diff_view(&views, diff, page, href);
            let link = DiffLink { href: view.href.clone(), status: page.status, summary: view.summary.clone() };
            links.insert((release.href.clone(), page.url.clone()), link);
            pages.push(view);
        }
    }
    for change in views.changes.iter_mut().flatten() {
        let release_href = change.href.split('#').next().unwrap_or_default().to_string();
        for page in change.pages_changed.iter_mut().chain(change.pages_added.iter_mut()) {
            page.diff = links.get(&(release_href.clone(), page.path.clone())).cloned();
        }
    }
    (views, pages)
}

fn diff_view(views: &Collected, diff: &ReleaseDiff, page: &PageDiff, href: String) -> DiffView {
    let release = &views.releases[diff.release];
    let hunks = hunks(&page.unified());
    let summary = summary(page.status, &hunks);
    let listing = views
        .changes
        .get(diff.release)
        .into_iter()
        .flatten()
        .filter(|c| c.pages_changed.iter().chain(&c.pages_added).any(|p| p.path == page.url));
    let history_href =
        views.pages.binary_search_by(|e| e.name.as_str().cmp(&page.url)).ok().map(|i| views.pages[i].href.clone());
    let short = |commit: &str| commit.chars().take(7).collect::<String>();
    DiffView {
        href,
        title: page.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| page.url.clone()),
        url: page.url.clone(),
        file: page.file.clone(),
        old_file: page.old_file.clone(),
        status: page.status,
        explanation: explanation(diff, page),
        from: SideView {
            version: diff.from_version.clone(),
            git_ref: Some(diff.from_ref.clone()),
            commit: Some(short(&diff.from_commit)),
        },
        to: SideView {
            version: diff.to_version.clone(),
            git_ref: diff.to_ref.clone(),
            commit: diff.to_commit.as_deref().map(short),
        },
        release: Named { name: diff.to_version.clone(), href: release.href.clone() },
        changes: listing.map(|c| Named { name: c.title.clone(), href: c.href.clone() }).collect(),
        history_href,
        published_url: views.spec.page_at(&release.version, &page.url, None),
        summary,
        hunks,
    }
}

/// "+12 -3 lines", or "unchanged" when the text is the same.
fn summary(status: PageStatus, hunks: &[Hunk]) -> String {
    let (added, removed) = counts(hunks);
    match (status, added + removed) {
        (PageStatus::Unchanged, _) => "unchanged".to_string(),
        (_, 0) => "text unchanged".to_string(),
        _ => format!("+{added} -{removed} lines"),
    }
}

/// What the status means for this page, when the diff alone does not say it.
fn explanation(diff: &ReleaseDiff, page: &PageDiff) -> Option<String> {
    let (from, to) = (&diff.from_version, &diff.to_version);
    match page.status {
        PageStatus::Unchanged => Some(format!(
            "The release notes of {to} list this page, but its text is byte for byte the same as in {from}."
        )),
        PageStatus::Added => Some(format!("The page is new in {to}: every line is added.")),
        PageStatus::Deleted => Some(format!("The page was removed in {to}: every line of it in {from} is removed.")),
        PageStatus::Renamed if page.old_text == page.new_text => {
            Some(format!("The file was moved in {to} without a change to its text."))
        }
        _ if page.whitespace_only() => Some("Only whitespace changed: the words are the same.".to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::templates;

    fn view(status: PageStatus, old: &str, new: &str) -> DiffView {
        let side = |version: &str, git_ref: Option<&str>| SideView {
            version: version.to_string(),
            git_ref: git_ref.map(str::to_string),
            commit: git_ref.map(|_| "abc1234".to_string()),
        };
        let hunks = hunks(&crate::git::unified_diff(old, new, "p.md"));
        DiffView {
            href: "diffs/1.2.3/p.html".into(),
            title: "<b>P</b>".into(),
            url: "/p.html".into(),
            file: "p.md".into(),
            old_file: None,
            status,
            explanation: None,
            from: side("1.2.2", Some("release/1.2.2")),
            to: side("1.2.3", None),
            release: Named { name: "1.2.3".into(), href: "releases/1.2.3.html".into() },
            changes: Vec::new(),
            history_href: None,
            published_url: None,
            summary: summary(status, &hunks),
            hunks,
        }
    }

    fn render(diff: &DiffView) -> String {
        let loaded = templates::load(None).expect("templates load");
        let mut context = tera::Context::new();
        context.insert("diff", diff);
        context.insert("root", "../../");
        context.insert("path", &diff.href);
        context.insert("section", "releases");
        context.insert("site", &serde_json::json!({"title": "Spec", "generator": "specnotes"}));
        loaded.tera.render("diff.html", &context).expect("diff.html renders")
    }

    #[test]
    fn added_and_removed_lines_are_escaped_and_marked_by_sign_label_and_element() {
        let html = render(&view(PageStatus::Modified, "keep\n<i>old</i>\n", "keep\n<script>alert(1)</script>\n"));
        assert!(html.contains(
            "<tr class=\"diff-removed\"><td class=\"diff-number\">2</td><td class=\"diff-number\"></td><td \
             class=\"diff-sign\"><span aria-hidden=\"true\">−</span><span class=\"visually-hidden\">removed</span></td>\
             <td class=\"diff-text\"><del>&lt;i&gt;old&lt;/i&gt;</del></td></tr>"
        ));
        assert!(html.contains(
            "<tr class=\"diff-added\"><td class=\"diff-number\"></td><td class=\"diff-number\">2</td><td \
             class=\"diff-sign\"><span aria-hidden=\"true\">+</span><span class=\"visually-hidden\">added</span></td>\
             <td class=\"diff-text\"><ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins></td></tr>"
        ));
        assert!(html.contains("<h1>&lt;b&gt;P&lt;/b&gt;: what changed in 1.2.3</h1>"));
        assert!(html.contains("<dd><strong>1.2.3</strong> (the working tree: no branch or tag yet)</dd>"));
        assert!(html.contains("modified</span> · +1 -1 lines"));
        assert!(!html.contains("<script>alert") && !html.contains("style="));
    }

    #[test]
    fn an_unchanged_page_has_no_table_and_a_summary_saying_so() {
        let html = render(&view(PageStatus::Unchanged, "same\n", "same\n"));
        assert!(html.contains("unchanged</span> · unchanged</dd>"));
        assert!(html.contains("<p class=\"diff-empty\">No line of the text differs.</p>"));
        assert!(!html.contains("<table"));
        assert_eq!(summary(PageStatus::Renamed, &[]), "text unchanged");
    }
}
