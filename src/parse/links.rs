//! Link targets: resolving `{{ site.baseurl }}`/`{{ site.url }}` and classifying.
//!
//! Classification is by syntax alone (no file lookups; that is the check
//! stage's job): scheme, `#fragment`, or a path in the site. A target under
//! the site's own `url` (+ `baseurl`) is a path in this very site.

use std::sync::LazyLock;

use percent_encoding::percent_decode_str;
use regex::Regex;

use super::LinkKind;
use crate::load::Config;

static SITE_VAR: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r"\{\{-?\s*site\.(baseurl|url)\s*-?\}\}"));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&SITE_VAR);
}

/// `written` with `{{ site.baseurl }}` → "" and `{{ site.url }}` → url + baseurl.
pub fn resolve(written: &str, config: &Config) -> String {
    let trimmed = written.trim();
    if !trimmed.contains("{{") {
        return trimmed.to_string();
    }
    SITE_VAR
        .replace_all(trimmed, |c: &regex::Captures<'_>| match c.get(1).map(|m| m.as_str()) {
            Some("url") => format!("{}{}", config.url.as_deref().unwrap_or(""), config.baseurl),
            _ => String::new(),
        })
        .into_owned()
}

/// Classifies a resolved target.
pub fn classify(target: &str, config: &Config) -> LinkKind {
    let target = target.trim();
    if let Some(fragment) = target.strip_prefix('#') {
        return LinkKind::SamePage { fragment: decode(fragment) };
    }
    if let Some(path) = own_site_path(target, config) {
        return internal(&path);
    }
    if target.starts_with("//") {
        return LinkKind::External;
    }
    if let Some(scheme) = scheme(target) {
        return match scheme.as_str() {
            "http" | "https" | "ftp" => LinkKind::External,
            "mailto" => LinkKind::Mailto,
            _ => LinkKind::Other(scheme),
        };
    }
    internal(target)
}

/// The site-root path of a link under the site's own `url` (+ `baseurl`).
fn own_site_path(target: &str, config: &Config) -> Option<String> {
    let url = config.url.as_deref()?.trim_end_matches('/');
    if url.is_empty() {
        return None;
    }
    // `url` + `baseurl` as a prefix, without building it for every link.
    let rest = target.strip_prefix(url)?.strip_prefix(config.baseurl.as_str())?;
    match rest.chars().next() {
        None => Some("/".to_string()),
        Some('/') => Some(rest.to_string()),
        Some('#') | Some('?') => Some(format!("/{rest}")),
        _ => None,
    }
}

fn scheme(target: &str) -> Option<String> {
    let colon = target.find(':')?;
    let s = &target[..colon];
    let valid = s.len() > 1
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    valid.then(|| s.to_ascii_lowercase())
}

fn internal(target: &str) -> LinkKind {
    let (before, fragment) = match target.split_once('#') {
        Some((b, f)) => (b, Some(decode(f))),
        None => (target, None),
    };
    let path = before.split_once('?').map_or(before, |(p, _)| p);
    LinkKind::Internal { path: decode(path), fragment }
}

fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config { url: Some("https://example.org".into()), baseurl: "/spec".into(), ..Config::default() }
    }

    #[test]
    fn baseurl_and_url_resolve_to_site_paths() {
        let c = config();
        assert_eq!(resolve("{{ site.baseurl }}/a.html", &c), "/a.html");
        assert_eq!(resolve("{{site.url}}/a.html", &c), "https://example.org/spec/a.html");
        assert_eq!(
            classify(&resolve("{{site.url}}/a%20b.html?x=1#f%C3%A9", &c), &c),
            LinkKind::Internal { path: "/a b.html".into(), fragment: Some("fé".into()) }
        );
    }

    #[test]
    fn schemes_and_fragments_are_classified() {
        let c = config();
        assert_eq!(classify("#top", &c), LinkKind::SamePage { fragment: "top".into() });
        assert_eq!(classify("https://x.org/a", &c), LinkKind::External);
        assert_eq!(classify("//cdn.x.org/a.js", &c), LinkKind::External);
        assert_eq!(classify("MAILTO:a@b.c", &c), LinkKind::Mailto);
        assert_eq!(classify("tel:123", &c), LinkKind::Other("tel".into()));
        assert_eq!(classify("../b.html", &c), LinkKind::Internal { path: "../b.html".into(), fragment: None });
    }

    #[test]
    fn only_links_under_url_and_baseurl_are_own_site_paths() {
        let c = config();
        let internal = |path: &str| LinkKind::Internal { path: path.into(), fragment: None };
        assert_eq!(classify("https://example.org/spec/a.html", &c), internal("/a.html"));
        assert_eq!(classify("https://example.org/spec", &c), internal("/"));
        assert_eq!(classify("https://example.org/spec?x", &c), internal("/"));
        assert_eq!(classify("https://example.org/other/a.html", &c), LinkKind::External);
        assert_eq!(classify("https://example.org/species.html", &c), LinkKind::External);
        assert_eq!(classify("a%2", &c), internal("a%2"));
        assert_eq!(classify("a%2Fb", &c), internal("a/b"));
    }
}
