//! Resolving links as a case-sensitive static host (GitHub Pages) serves the built site.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use crate::load::Site;
use crate::parse::{Document, LinkKind};

/// What following a link from a page gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The link works (or is not checked: external, mailto, other schemes).
    Ok,
    /// Nothing is served at the path; `abs` is the resolved path (`None` above the root).
    MissingPath {
        /// The absolute path the link resolved to.
        abs: Option<String>,
    },
    /// A root-relative path that leaves the path the site is published under.
    OutsideSite {
        /// The path the site is published under.
        published: String,
    },
    /// The page exists but has no element with the fragment's id.
    MissingAnchor {
        /// Index of the target page.
        page: usize,
        /// The fragment, decoded.
        fragment: String,
    },
}

/// Answers "what does this URL path serve?" for the built site.
pub struct Resolver<'a> {
    site: &'a Site,
    docs: &'a [Document],
    pages: BTreeMap<String, usize>,
    statics: BTreeSet<String>,
    /// Every served path (pages and files), lower-cased, with the path as served: sorted, for
    /// case-insensitive lookups and for "did you mean" among near neighbours.
    lowered: Vec<(String, String)>,
    /// Output paths of pages that are not served at their URL, by that URL.
    unserved: BTreeMap<String, usize>,
    /// "Did you mean" answers by missing path: many broken links share a target, and the
    /// string comparisons behind an answer are the costliest part of reporting one.
    help_cache: Mutex<HashMap<String, Option<String>>>,
    /// Where every link of every page leads, worked out once (in parallel) for the rules that
    /// need it: `broken-link` and `broken-anchor` both read it.
    link_outcomes: OnceLock<Vec<Vec<Outcome>>>,
}

/// Below this many pages, "did you mean" compares with every page; above, with the
/// [`NEIGHBOURS`] pages around the wanted path in sorted order (close names share prefixes),
/// so a site with many broken links stays linear.
const EXHAUSTIVE_BELOW: usize = 2000;
const NEIGHBOURS: usize = 64;

/// The id a missing anchor most likely meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorSuggestion<'d> {
    /// An id equal to the fragment but for letter case.
    OtherCase {
        /// The id as the page renders it.
        id: &'d str,
        /// No other id differs from the fragment only in case.
        unique: bool,
    },
    /// The closest id by name similarity.
    Close {
        /// The closest id.
        id: &'d str,
        /// No other id is close enough to be suggested.
        unique: bool,
    },
}

/// What an internal link path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The page at this index of `site.pages`.
    Page(usize),
    /// A static file.
    Asset,
    /// Nothing is served there.
    Missing,
}

impl<'a> Resolver<'a> {
    /// Indexes the served pages and static files of `site`.
    pub fn new(site: &'a Site, docs: &'a [Document]) -> Self {
        let mut pages = BTreeMap::new();
        for (i, p) in site.pages.iter().enumerate() {
            if p.served {
                pages.entry(output_path(&p.url)).or_insert(i);
            }
        }
        // jekyll-redirect-from publishes a page at each `redirect_from:` URL that sends the
        // reader on to the page; a link there reaches it (pages published there win).
        if site.config.has_plugin("jekyll-redirect-from") {
            for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| p.served) {
                for from in p.redirect_from() {
                    pages.entry(output_path(&from)).or_insert(i);
                }
            }
        }
        let statics: BTreeSet<String> = site.static_files.iter().map(|s| format!("/{s}")).collect();
        let mut lowered: Vec<(String, String)> =
            pages.keys().chain(statics.iter()).map(|k: &String| (k.to_lowercase(), k.clone())).collect();
        lowered.sort();
        let mut unserved = BTreeMap::new();
        for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| !p.served) {
            unserved.entry(output_path(&p.url)).or_insert(i);
        }
        Resolver {
            site,
            docs,
            pages,
            statics,
            lowered,
            unserved,
            help_cache: Mutex::default(),
            link_outcomes: OnceLock::new(),
        }
    }

    /// Follows a link found on page `from` (index into `site.pages`).
    pub fn follow(&self, from: usize, kind: &LinkKind) -> Outcome {
        match kind {
            LinkKind::SamePage { fragment } => self.anchor_outcome(from, fragment),
            LinkKind::Internal { path, fragment } => {
                let base = &self.site.pages[from].url;
                let Some(abs) = join(base, path).or_else(|| self.join_published(base, path)) else {
                    return Outcome::MissingPath { abs: None };
                };
                match self.lookup(&abs) {
                    Target::Missing => Outcome::MissingPath { abs: Some(abs) },
                    Target::Asset => Outcome::Ok,
                    Target::Page(i) => fragment.as_deref().map_or(Outcome::Ok, |f| self.anchor_outcome(i, f)),
                }
            }
            LinkKind::OutsideSite { published } => Outcome::OutsideSite { published: published.clone() },
            LinkKind::External | LinkKind::Mailto | LinkKind::Other(_) | LinkKind::Liquid => Outcome::Ok,
        }
    }

    /// A relative link that climbs above the site root, followed as on the live site, where
    /// the site is published under the path of `url` plus `baseurl`: on a site published under
    /// `/Spec`, `../Spec/b.html` from `/a.html` is `/Spec/b.html`, the site's `/b.html`. `None`
    /// when it climbs out of the published path too.
    fn join_published(&self, base: &str, path: &str) -> Option<String> {
        let published = crate::parse::links::published_path(&self.site.config);
        let published = published.trim_end_matches('/');
        if published.is_empty() {
            return None;
        }
        let abs = join(&format!("{published}{base}"), path)?;
        let rest = abs.strip_prefix(published)?;
        rest.starts_with('/').then(|| rest.to_string())
    }

    /// Where each link of page `page` leads (parallel to `docs[page].links`).
    pub fn link_outcomes(&self, page: usize) -> &[Outcome] {
        let all = self.link_outcomes.get_or_init(|| {
            (0..self.docs.len())
                .into_par_iter()
                .map(|i| self.docs[i].links.iter().map(|link| self.follow(i, &link.kind)).collect())
                .collect()
        });
        all.get(page).map_or(&[], Vec::as_slice)
    }

    fn anchor_outcome(&self, page: usize, fragment: &str) -> Outcome {
        // An empty fragment and `#top` scroll to the top of any page (HTML standard).
        if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || self.docs[page].has_anchor(fragment) {
            Outcome::Ok
        } else {
            Outcome::MissingAnchor { page, fragment: fragment.to_string() }
        }
    }

    /// Help text for a path that serves nothing: why, or the closest existing page.
    pub fn missing_path_help(&self, abs: Option<&str>) -> Option<String> {
        let Some(abs) = abs else {
            return Some("the link climbs above the site root".to_string());
        };
        if let Some(i) = self.unserved_page(abs) {
            let p = &self.site.pages[i];
            let why = p.not_served_reason.as_deref().unwrap_or("it is not published");
            return Some(format!("`{}` means to publish this URL, but {why}", p.source.path));
        }
        if let Some(h) = self.near_miss(abs) {
            return Some(h);
        }
        if let Some(cached) = self.help_cache.lock().ok().and_then(|cache| cache.get(abs).cloned()) {
            return cached;
        }
        let help = self.closest_page_help(abs);
        if let Ok(mut cache) = self.help_cache.lock() {
            cache.insert(abs.to_string(), help.clone());
        }
        help
    }

    /// "did you mean" the served page whose path is closest to `abs`.
    fn closest_page_help(&self, abs: &str) -> Option<String> {
        let wanted = output_path(abs);
        let candidates: Vec<&str> = if self.pages.len() < EXHAUSTIVE_BELOW {
            self.page_paths().collect()
        } else {
            let lower = wanted.to_lowercase();
            let at = self.lowered.partition_point(|(l, _)| *l < lower);
            let window =
                &self.lowered[at.saturating_sub(NEIGHBOURS / 2)..(at + NEIGHBOURS / 2).min(self.lowered.len())];
            window.iter().map(|(_, k)| k.as_str()).filter(|k| self.pages.contains_key(*k)).collect()
        };
        crate::diagnostic::did_you_mean(&wanted, candidates)
            .map(|p| format!("did you mean `{}`?", p.trim_start_matches('/')))
    }

    /// Help text for a missing anchor: the closest id on the target page.
    pub fn missing_anchor_help(&self, page: usize, fragment: &str) -> Option<String> {
        match self.anchor_suggestion(page, fragment)? {
            AnchorSuggestion::OtherCase { id, .. } => Some(format!("ids are case-sensitive: the page has `#{id}`")),
            AnchorSuggestion::Close { id, .. } => Some(format!("did you mean `#{id}`?")),
        }
    }

    /// The id on `page` a missing `fragment` most likely meant, and whether it is the only
    /// candidate. Help text and `--fix` both come from here, so they always agree.
    pub fn anchor_suggestion(&self, page: usize, fragment: &str) -> Option<AnchorSuggestion<'a>> {
        let docs: &'a [Document] = self.docs;
        let ids: BTreeSet<&'a str> = docs[page].anchors.iter().map(|a| a.id.as_str()).collect();
        let mut other_case = ids.iter().copied().filter(|id| id.eq_ignore_ascii_case(fragment));
        if let Some(id) = other_case.next() {
            return Some(AnchorSuggestion::OtherCase { id, unique: other_case.next().is_none() });
        }
        use crate::diagnostic::did_you_mean;
        let id = did_you_mean(fragment, ids.iter().copied())?;
        // A fix needs more than a suggestion: the id must differ only in punctuation, or by a
        // typo or two, and be the only one that does.
        let squash = |s: &'a str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase);
        let squashed: String = fragment.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
        let typos = (fragment.chars().count() / 5).min(2);
        // Levenshtein is at least the difference in length: most ids are ruled out without it.
        let within_typos = |c: &str| {
            c.len().abs_diff(fragment.len()) <= typos * 4 && crate::diagnostic::within_edits(c, fragment, typos)
        };
        let very_close = |c: &'a str| squash(c).eq(squashed.chars()) || within_typos(c);
        let mut strict = ids.iter().copied().filter(|c| very_close(c));
        let unique = strict.next() == Some(id) && strict.next().is_none();
        Some(AnchorSuggestion::Close { id, unique })
    }

    /// The one id a missing `fragment` on `page` can be replaced with: a case-only
    /// difference, or the only close match. `None` when there is no single right answer.
    pub fn unique_anchor(&self, page: usize, fragment: &str) -> Option<&'a str> {
        match self.anchor_suggestion(page, fragment)? {
            AnchorSuggestion::OtherCase { id, unique: true } | AnchorSuggestion::Close { id, unique: true } => Some(id),
            _ => None,
        }
    }

    /// Resolves an absolute URL path (`/x.html`, `/dir/`) to what is served there.
    pub fn lookup(&self, abs_path: &str) -> Target {
        let key = output_path(abs_path);
        if let Some(&i) = self.pages.get(&key) {
            return Target::Page(i);
        }
        if self.statics.contains(&key) {
            return Target::Asset;
        }
        // `/dir` redirects to `/dir/` on GitHub Pages.
        if !abs_path.ends_with('/') {
            if let Some(&i) = self.pages.get(&format!("{abs_path}/index.html")) {
                return Target::Page(i);
            }
        }
        Target::Missing
    }

    /// The page index whose *intended* URL is `abs_path` although it is not served there.
    pub fn unserved_page(&self, abs_path: &str) -> Option<usize> {
        self.unserved.get(&output_path(abs_path)).copied()
    }

    /// The page a navigation `url` links to, if any (see [`nav_path`]).
    pub fn nav_page(&self, url: &str) -> Option<usize> {
        match self.lookup(&nav_path(url)?.0?) {
            Target::Page(p) => Some(p),
            _ => None,
        }
    }

    /// Case-insensitive or extension-less matches, for help text.
    pub fn near_miss(&self, abs_path: &str) -> Option<String> {
        let lower = output_path(abs_path).to_lowercase();
        let at = self.lowered.partition_point(|(l, _)| *l < lower);
        if let Some((_, k)) = self.lowered.get(at).filter(|(l, _)| *l == lower) {
            return Some(format!("`{k}` exists with different letter case: it works only on a case-insensitive host"));
        }
        if !abs_path.ends_with(".html") && !abs_path.ends_with('/') {
            let with = format!("{abs_path}.html");
            if self.pages.contains_key(&with) {
                return Some(format!(
                    "`{with}` exists: the link works only on a host that adds `.html` (as `jekyll serve` does); add the extension"
                ));
            }
        }
        None
    }

    /// The served page keys (output paths), for "did you mean".
    pub fn page_paths(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }
}

/// The absolute path and fragment a navigation `url` (sidebar, topnav) points at, as a browser
/// reads it from `href="{{ url }}"`: HTML entities and percent-encoding decoded, resolved from the
/// site root. `None` for external, mailto, fragment-only or empty URLs; `Some((None, _))` when the
/// path climbs above the root.
pub fn nav_path(url: &str) -> Option<(Option<String>, Option<String>)> {
    let url = crate::parse::html::decode_entities(url.trim());
    if url.is_empty()
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("//")
        || url.starts_with('#')
    {
        return None;
    }
    let (path, fragment) = url.split_once('#').map_or((url.as_str(), None), |(p, f)| (p, Some(f.to_string())));
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    Some((join("/", &path), fragment))
}

/// The output file a URL path serves: `/dir/` -> `/dir/index.html`.
pub fn output_path(url: &str) -> String {
    let url = if url.starts_with('/') { url.to_string() } else { format!("/{url}") };
    if url.ends_with('/') { format!("{url}index.html") } else { url }
}

/// Joins a link path to the URL of the page it is on, giving an absolute, normalised path.
/// Returns `None` when the path climbs above the site root.
pub fn join(page_url: &str, link_path: &str) -> Option<String> {
    let base_dir = if page_url.ends_with('/') { page_url } else { page_url.rsplit_once('/').map_or("/", |(d, _)| d) };
    // Hot (every link of every page, twice): segments are borrowed, one allocation for the result.
    let base = if link_path.starts_with('/') { "" } else { base_dir };
    let mut parts: Vec<&str> = Vec::with_capacity(8);
    for seg in base.split('/').chain(link_path.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = String::with_capacity(parts.iter().map(|p| p.len() + 1).sum::<usize>() + 1);
    for part in &parts {
        out.push('/');
        out.push_str(part);
    }
    // As if the link were appended to the folder: `""`, `.`, `x/` and `x/.` name a folder.
    let names_folder =
        link_path.is_empty() || link_path == "." || link_path.ends_with('/') || link_path.ends_with("/.");
    if out.is_empty() || names_folder {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_page_folder() {
        assert_eq!(join("/overview_x.html", "foo.html").as_deref(), Some("/foo.html"));
        assert_eq!(join("/a/b.html", "c.html").as_deref(), Some("/a/c.html"));
        assert_eq!(join("/a/b/", "../c.html").as_deref(), Some("/a/c.html"));
        assert_eq!(join("/a/b.html", "/x/").as_deref(), Some("/x/"));
        assert_eq!(join("/a.html", "../../x.html"), None);
        assert_eq!(join("/a/b.html", "").as_deref(), Some("/a/"));
        assert_eq!(join("/a/b/", "").as_deref(), Some("/a/b/"));
        assert_eq!(join("/a/b.html", ".").as_deref(), Some("/a/"));
        assert_eq!(join("/a/b.html", "./").as_deref(), Some("/a/"));
        assert_eq!(join("/a/b.html", "x/.").as_deref(), Some("/a/x/"));
        assert_eq!(join("/a/b.html", "..").as_deref(), Some("/"));
        assert_eq!(join("/", "x//y.html").as_deref(), Some("/x/y.html"));
        assert_eq!(output_path("/"), "/index.html");
    }
}
