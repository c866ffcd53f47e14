//! Stage render: file names of the generated pages and the links between them and to the
//! published spec.
//!
//! Every link in the site is relative: pages store site-root-relative `href`s
//! (`releases/1.2.3.html`) and templates prefix them with the page's `root` (`../`), so the
//! site works from `file://` and from any sub-path. Links out of the site are only emitted
//! when their scheme is safe ([`safe_url`]); the published spec's URLs are built by
//! [`SpecLinks`] from the base URL and the optional per-version pattern.

use std::collections::BTreeMap;

use crate::Project;

/// A file-name-safe slug: ASCII letters, digits, `.`, `_`, `-` kept, anything else `-`.
///
/// Leading dots are dropped (no hidden files) and an empty result becomes `item`.
pub fn file_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        let c = if keep { c } else { '-' };
        if !(c == '.' && slug.is_empty()) {
            slug.push(c);
        }
    }
    let slug = slug.trim_matches('-').to_string();
    if slug.is_empty() { "item".to_string() } else { slug }
}

/// Hands out unique slugs within one folder, suffixing `-2`, `-3` on collisions
/// (case-insensitively, for case-insensitive file systems).
#[derive(Debug, Default)]
pub struct Slugs {
    taken: BTreeMap<String, usize>,
}

impl Slugs {
    /// The slug of `text`, unique among those handed out so far.
    pub fn unique(&mut self, text: &str) -> String {
        let base = file_slug(text);
        let mut candidate = base.clone();
        let mut n = 1;
        while self.taken.contains_key(&candidate.to_ascii_lowercase()) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.taken.insert(candidate.to_ascii_lowercase(), n);
        candidate
    }
}

/// Whether a link target may be emitted as a live link: `http:`, `https:`, `mailto:` or
/// relative (no scheme). `javascript:`, `data:`, `vbscript:` and every other scheme may not.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    if url.chars().any(|c| c.is_control()) {
        return false;
    }
    match url.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            let scheme = scheme.to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// `url` if [`is_safe_url`] and non-empty, else `None`.
pub fn safe_url(url: &str) -> Option<String> {
    let url = url.trim();
    (!url.is_empty() && is_safe_url(url)).then(|| url.to_string())
}

/// The `root` prefix of a site file: `""` at the top, `../` one folder down.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Links to the published spec: base URL and per-version pattern.
#[derive(Debug, Clone, Default)]
pub struct SpecLinks {
    /// Base URL without trailing `/` (settings `[site] base_url`, else `url` + `baseurl`).
    pub base: Option<String>,
    /// Per-version pattern with `{version}`.
    pub version_pattern: Option<String>,
}

impl SpecLinks {
    /// The spec links of `project`.
    pub fn of(project: &Project) -> SpecLinks {
        let site = &project.settings.site;
        let config = &project.site.config;
        let base = match &site.base_url {
            Some(b) => Some(b.clone()),
            None => config.url.as_ref().map(|u| format!("{u}{}", config.baseurl)),
        };
        let base = base.map(|b| b.trim_end_matches('/').to_string()).filter(|b| is_safe_url(b));
        let version_pattern = site.version_url.clone().filter(|p| is_safe_url(p));
        SpecLinks { base, version_pattern }
    }

    /// The published URL of spec page `path` (normalised, `/x.html`) with `anchor`, in the
    /// current spec; `None` without a base URL.
    pub fn page(&self, path: &str, anchor: Option<&str>) -> Option<String> {
        let base = self.base.as_ref()?;
        Some(join(base, path, anchor))
    }

    /// The published URL of spec page `path` as of `version`: the per-version pattern
    /// when configured, else [`SpecLinks::page`].
    pub fn page_at(&self, version: &str, path: &str, anchor: Option<&str>) -> Option<String> {
        match &self.version_pattern {
            Some(pattern) => {
                let base = pattern.replace("{version}", version);
                Some(join(base.trim_end_matches('/'), path, anchor))
            }
            None => self.page(path, anchor),
        }
    }
}

fn join(base: &str, path: &str, anchor: Option<&str>) -> String {
    let mut url = format!("{base}/{}", path.trim_start_matches('/'));
    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
        url.push('#');
        url.push_str(anchor);
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_versions_and_replace_everything_else() {
        assert_eq!(file_slug("1.6.0-beta"), "1.6.0-beta");
        assert_eq!(file_slug("Appointment Management"), "Appointment-Management");
        assert_eq!(file_slug("../etc/passwd"), "etc-passwd");
        assert_eq!(file_slug("<script>"), "script");
        assert_eq!(file_slug("!!!"), "item");
    }

    #[test]
    fn colliding_slugs_get_numbered_suffixes_ignoring_case() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.unique("a b"), "a-b");
        assert_eq!(slugs.unique("a/b"), "a-b-2");
        assert_eq!(slugs.unique("A B"), "A-B-3");
    }

    #[test]
    fn only_http_https_mailto_and_relative_urls_are_safe() {
        assert!(is_safe_url("https://example.org/x"));
        assert!(is_safe_url("mailto:a@example.org"));
        assert!(is_safe_url("pages/x.html#a"));
        assert!(is_safe_url("x.html?a=b:c"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,<script>"));
        assert!(!is_safe_url("java\tscript:alert(1)"));
    }

    #[test]
    fn spec_links_join_base_path_and_anchor() {
        let links = SpecLinks {
            base: Some("https://example.org/spec".into()),
            version_pattern: Some("https://example.org/spec/{version}/".into()),
        };
        assert_eq!(links.page("/a.html", Some("x")).as_deref(), Some("https://example.org/spec/a.html#x"));
        assert_eq!(links.page_at("1.2.0", "/a.html", None).as_deref(), Some("https://example.org/spec/1.2.0/a.html"));
        assert_eq!(SpecLinks::default().page("/a.html", None), None);
    }

    #[test]
    fn root_climbs_one_level_per_folder() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("releases/1.2.3.html"), "../");
    }
}
