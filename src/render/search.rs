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

/// `assets/search-index.js`: entries newest release first, source order within a release.
pub fn search_index(project: &Project, views: &Collected) -> crate::Result<String> {
    let mut entries = Vec::new();
    for (release, changes) in project.model.releases.iter().zip(&views.changes).rev() {
        for (change, view) in release.changes.iter().zip(changes) {
            entries.push(Entry {
                title: &view.title,
                version: &view.version,
                href: &view.href,
                text: to_text(&change.description),
                tickets: view.tickets.iter().map(|t| t.text.as_str()).collect(),
                pages: view.pages_changed.iter().chain(&view.pages_added).map(|p| p.path.as_str()).collect(),
                profiles: view.profiles.iter().map(|p| p.name.as_str()).collect(),
                capabilities: view.affects.iter().map(|a| a.name.as_str()).collect(),
            });
        }
    }
    Ok(as_script("SPECNOTES_SEARCH", &serde_json::to_string(&entries)?))
}
