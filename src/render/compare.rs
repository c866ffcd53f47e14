//! Stage render: "upgrading from X to Y" — the changes in the releases after X up to Y.
//!
//! Comparisons stay within a product line (`documents_1_0_0` is never compared with
//! `1.2.0`). The site pre-renders each release to the latest of its line; the compare page's
//! script does any other pair from the JSON export with the same rules. A change is
//! *breaking* when its `**Impacts:**` text or its title says "breaking" (but not
//! "non-breaking") or "not backward(s) compatible" / "backward(s) incompatible",
//! case-insensitively: release notes state it in words, not in a field.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::collect::Collected;
use super::links::file_slug;
use super::view::{ChangeView, CompareGroup, CompareView, Named};
use crate::model::{Change, ChangeId, Model};

static INCOMPATIBLE: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r"\bnot\s+backwards?[\s-]+compatible|\bbackwards?[\s-]+incompatible"));

/// Whether a text says a change breaks compatibility.
pub fn says_breaking(text: &str) -> bool {
    let lower = text.to_lowercase();
    let breaking_word = lower.match_indices("breaking").any(|(i, _)| {
        let before = &lower[..i];
        let word = before.trim_end_matches([' ', '-']).rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        !before.ends_with(char::is_alphanumeric) && word != "non"
    });
    breaking_word || INCOMPATIBLE.is_match(&lower)
}

/// Whether `change` is breaking: its Impacts text or title says so.
pub fn is_breaking(change: &Change) -> bool {
    change.impacts.as_deref().is_some_and(says_breaking) || says_breaking(&change.title)
}

/// The site-root-relative file of the comparison of two release hrefs (`releases/1.0.0.html`).
pub fn compare_href(from_href: &str, to_href: &str) -> String {
    let stem = |h: &str| h.trim_start_matches("releases/").trim_end_matches(".html").to_string();
    format!("compare/{}-to-{}.html", file_slug(&stem(from_href)), file_slug(&stem(to_href)))
}

/// Each release to the latest of its product line, newest `from` first.
pub fn to_latest(model: &Model, views: &Collected) -> Vec<CompareView> {
    let mut out = Vec::new();
    for (to, release) in model.releases.iter().enumerate().rev() {
        let product = &release.parsed_version.product;
        let is_latest = !model.releases[to + 1..].iter().any(|r| &r.parsed_version.product == product);
        if !is_latest {
            continue;
        }
        for from in (0..to).rev().filter(|&f| &model.releases[f].parsed_version.product == product) {
            out.push(compare(model, views, from, to));
        }
    }
    out
}

/// The comparison from release `from` to release `to` (indices into the model, same line).
pub fn compare(model: &Model, views: &Collected, from: usize, to: usize) -> CompareView {
    let product = &model.releases[to].parsed_version.product;
    let mut changes: Vec<(ChangeId, &ChangeView)> = Vec::new();
    for r in from + 1..=to {
        if &model.releases[r].parsed_version.product == product {
            changes.extend(
                views.changes[r].iter().enumerate().map(|(c, view)| (ChangeId { release: r, change: c }, view)),
            );
        }
    }
    // Breaking first; the sort is stable, so release order stays within each kind.
    changes.sort_by_key(|(_, c)| !c.breaking);
    let mut by_capability: BTreeMap<&str, CompareGroup> = BTreeMap::new();
    let mut no_capability = Vec::new();
    let mut by_page: BTreeMap<&str, CompareGroup> = BTreeMap::new();
    for &(id, change) in &changes {
        for cap in &change.affects {
            group(&mut by_capability, &cap.name, Some(&cap.href), None).push(id);
        }
        if change.affects.is_empty() {
            no_capability.push(id);
        }
        for page in change.pages_changed.iter().chain(&change.pages_added) {
            let entry = group(&mut by_page, &page.path, page.href.as_deref(), page.url.as_deref());
            // A change lists its pages together, so a repeat can only be the last one pushed.
            if entry.last() != Some(&id) {
                entry.push(id);
            }
        }
    }
    let mut by_capability: Vec<CompareGroup> = by_capability.into_values().collect();
    if !no_capability.is_empty() {
        by_capability.push(CompareGroup {
            name: "(no capability named)".into(),
            href: None,
            url: None,
            changes: no_capability,
        });
    }
    let named = |i: usize| Named { name: views.releases[i].version.clone(), href: views.releases[i].href.clone() };
    CompareView {
        href: compare_href(&views.releases[from].href, &views.releases[to].href),
        from: named(from),
        to: named(to),
        change_count: changes.len(),
        breaking: changes.iter().filter(|(_, c)| c.breaking).map(|(id, _)| *id).collect(),
        by_capability,
        by_page: by_page.into_values().collect(),
    }
}

fn group<'m, 'k>(
    map: &'m mut BTreeMap<&'k str, CompareGroup>,
    name: &'k str,
    href: Option<&str>,
    url: Option<&str>,
) -> &'m mut Vec<ChangeId> {
    let entry = map.entry(name).or_insert_with(|| CompareGroup {
        name: name.to_string(),
        href: href.filter(|h| !h.is_empty()).map(str::to_string),
        url: url.map(|u| u.split('#').next().unwrap_or(u).to_string()),
        changes: Vec::new(),
    });
    &mut entry.changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaking_wording_is_recognised_and_non_breaking_is_not() {
        assert!(says_breaking("Breaking change"));
        assert!(says_breaking("This is a BREAKING change for consumers"));
        assert!(says_breaking("Not backwards compatible"));
        assert!(says_breaking("not backward-compatible"));
        assert!(says_breaking("Backwards incompatible change"));
        assert!(!says_breaking("Non-breaking change"));
        assert!(!says_breaking("non breaking"));
        assert!(!says_breaking("Provider and consumer systems"));
        assert!(!says_breaking("Backwards compatible"));
    }

    #[test]
    fn compare_files_are_named_from_both_release_files() {
        assert_eq!(compare_href("releases/1.0.0.html", "releases/1.2.3.html"), "compare/1.0.0-to-1.2.3.html");
    }
}
