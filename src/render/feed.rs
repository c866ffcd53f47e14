//! Stage render: the data of the Atom feed (`feed.xml`) and `sitemap.xml`.
//!
//! The templates write the XML; this file works out what has no single right value in the
//! model: feed and entry ids (the published release page when there is a base URL, else a
//! `urn:` built from the title and version, so ids never change between builds), and the
//! `updated` times (the release date at midnight UTC; never the build time, which would make
//! builds differ). Links are relative to the feed (`releases/1.2.3.html`), or absolute with
//! `--site-url`.

use serde::Serialize;

use super::collect::Collected;
use super::links::file_slug;
use super::markdown::to_text;
use crate::Project;

/// One release in the feed.
#[derive(Debug, Serialize)]
pub struct FeedEntry {
    /// Stable id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Link (relative to the feed, or absolute).
    pub link: String,
    /// RFC 3339.
    pub updated: String,
    /// The introduction as plain text.
    pub summary: String,
    /// Number of changes.
    pub change_count: usize,
}

/// The feed.
#[derive(Debug, Serialize)]
pub struct FeedView {
    /// Stable id.
    pub id: String,
    /// Newest release date, RFC 3339.
    pub updated: String,
    /// Releases, newest first.
    pub entries: Vec<FeedEntry>,
}

const NO_DATE: &str = "1970-01-01T00:00:00Z";

/// The feed of `project`; `site_url` is where the site is published, if known.
pub fn feed(project: &Project, views: &Collected, site_url: Option<&str>) -> FeedView {
    let prefix = site_url.map(|u| format!("{}/", u.trim_end_matches('/'))).unwrap_or_default();
    let title_slug = file_slug(&views.site.title).to_ascii_lowercase();
    let mut entries: Vec<(Option<crate::model::Date>, FeedEntry)> = project
        .model
        .releases
        .iter()
        .zip(&views.releases)
        .map(|(release, view)| {
            let id =
                view.url.clone().unwrap_or_else(|| format!("urn:specnotes:{title_slug}:{}", file_slug(&view.href)));
            let entry = FeedEntry {
                id,
                title: release.title.clone(),
                link: format!("{prefix}{}", view.href),
                updated: release.date.map_or_else(|| NO_DATE.to_string(), |d| format!("{}T00:00:00Z", d.first_day())),
                summary: to_text(&release.introduction),
                change_count: view.change_count,
            };
            (release.date, entry)
        })
        .collect();
    // Newest first: by date, then model order reversed (the sort is stable).
    entries.reverse();
    entries.sort_by_key(|e| std::cmp::Reverse(e.0));
    let updated = entries.first().map_or_else(|| NO_DATE.to_string(), |(_, e)| e.updated.clone());
    let id = match &views.site.spec_url {
        Some(url) => format!("{url}#specnotes-releases"),
        None => format!("urn:specnotes:{title_slug}:releases"),
    };
    FeedView { id, updated, entries: entries.into_iter().map(|(_, e)| e).collect() }
}
