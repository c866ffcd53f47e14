//! Stage render: the client-side search index, built once at build time.
//!
//! One entry per change with the texts the search page matches (title, description as
//! plain text, tickets, pages, profiles, capabilities) and where the change is. It ships
//! as `assets/search-index.js` setting `window.SPECNOTES_SEARCH`, since pages opened from
//! `file://` cannot `fetch()` JSON; `assets/search.js` does the matching.

use serde::Serialize;

use super::collect::Collected;
use super::export::as_script;
use super::markdown::to_text;
use super::view::ChangeView;
use crate::Project;

#[derive(Serialize)]
struct Entry<'a> {
    /// Title.
    title: &'a str,
    /// Version of the release.
    version: &'a str,
    /// Site-root-relative link to the change.
    href: &'a str,
    /// Description, plain text.
    text: String,
    /// Ticket texts (`#601`).
    tickets: Vec<&'a str>,
    /// Spec page paths.
    pages: Vec<&'a str>,
    /// Profile names.
    profiles: Vec<&'a str>,
    /// Capability names.
    capabilities: Vec<&'a str>,
}

/// What the index is made from: each change's Markdown description and view, in index order.
#[derive(Serialize)]
pub struct Input<'a> {
    changes: Vec<(&'a str, &'a ChangeView)>,
}

/// The index's input: newest release first, source order within a release.
pub fn input<'a>(project: &'a Project, views: &'a Collected) -> Input<'a> {
    let mut changes = Vec::new();
    for (release, views) in project.model.releases.iter().zip(&views.changes).rev() {
        changes.extend(release.changes.iter().zip(views).map(|(change, view)| (change.description.as_str(), view)));
    }
    Input { changes }
}

/// `assets/search-index.js`.
pub fn search_index(input: &Input) -> crate::Result<String> {
    let entries: Vec<Entry> = input
        .changes
        .iter()
        .map(|(description, view)| Entry {
            title: &view.title,
            version: &view.version,
            href: &view.href,
            text: to_text(description),
            tickets: view.tickets.iter().map(|t| t.text.as_str()).collect(),
            pages: view.pages_changed.iter().chain(&view.pages_added).map(|p| p.path.as_str()).collect(),
            profiles: view.profiles.iter().map(|p| p.name.as_str()).collect(),
            capabilities: view.affects.iter().map(|a| a.name.as_str()).collect(),
        })
        .collect();
    Ok(as_script("SPECNOTES_SEARCH", &serde_json::to_string(&entries)?))
}
