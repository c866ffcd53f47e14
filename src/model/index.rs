//! The cross index: which changes mention a ticket, page, profile or capability.
//!
//! Built once after releases are sorted, in one pass over all changes, into
//! `BTreeMap`s so iteration (and every report built on it) is deterministic.
//! Page targets are normalised against the release page's URL, so
//! `foo.html#x` written on `/notes/1_2_3.html` is indexed as `/notes/foo.html`.

use std::collections::BTreeMap;

use super::pagerefs::is_internal;
use super::{ChangeId, Index, Release};

fn add<K: Ord>(map: &mut BTreeMap<K, Vec<ChangeId>>, key: K, id: ChangeId) {
    let ids = map.entry(key).or_default();
    if ids.last() != Some(&id) {
        ids.push(id);
    }
}

/// Resolves `target` (anchor already removed) against the URL of the page it is written on.
pub fn normalise_page_url(target: &str, page_url: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or("").trim();
    if target.is_empty() || !is_internal(target) {
        return None;
    }
    let base = if target.starts_with('/') { "" } else { page_url.rsplit_once('/').map_or("", |(dir, _)| dir) };
    let mut parts: Vec<&str> = Vec::new();
    for part in base.split('/').chain(target.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut url = format!("/{}", parts.join("/"));
    if target.ends_with('/') && url.len() > 1 {
        url.push('/');
    }
    Some(url)
}

/// Builds the index of `releases`.
pub fn build(releases: &[Release]) -> Index {
    let mut index = Index::default();
    for (r, release) in releases.iter().enumerate() {
        for (c, change) in release.changes.iter().enumerate() {
            let id = ChangeId { release: r, change: c };
            for number in change.tickets.iter().filter_map(|t| t.number) {
                add(&mut index.tickets, number, id);
            }
            for page in change.pages_changed.iter().chain(&change.pages_added) {
                if let Some(url) = normalise_page_url(&page.target, &release.url) {
                    add(&mut index.pages, url, id);
                }
            }
            for profile in &change.profiles_changed {
                add(&mut index.profiles, profile.name.clone(), id);
            }
            for capability in &change.affects {
                add(&mut index.capabilities, capability.name.clone(), id);
            }
        }
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets_resolve_against_the_release_page() {
        let table = [
            ("foo.html", "/overview_release_notes_1_2_3.html", Some("/foo.html")),
            ("foo.html", "/notes/1_2_3.html", Some("/notes/foo.html")),
            ("../a/b.html?x=1", "/notes/sub/1.html", Some("/notes/a/b.html")),
            ("/abs.html", "/notes/x.html", Some("/abs.html")),
            ("https://example.org/x.html", "/x.html", None),
            ("", "/x.html", None),
        ];
        for (target, page, expected) in table {
            assert_eq!(normalise_page_url(target, page).as_deref(), expected, "{target}");
        }
    }
}
