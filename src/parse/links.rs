//! Link targets: evaluating the Liquid in them (`{{ site.baseurl }}`, `{{ site.KEY }}`, `{{ page.KEY }}`,
//! `relative_url`) and classifying.
//!
//! Classification is by syntax alone (no file lookups; that is the check
//! stage's job): scheme, `#fragment`, or a path in the site. A target under
//! the site's own `url` (+ `baseurl`) is a path in this very site.

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

use super::LinkKind;
use crate::load::Config;

/// `written` with its Liquid outputs evaluated, or `None` when one cannot be: a variable of a
/// loop or an `assign`, an unknown filter, a tag (`{% link %}`). `{{ site.baseurl }}` is
/// `baseurl`, `{{ site.url }}` is `url` + `baseurl`, `{{ site.KEY.SUB }}` a string of
/// `_config.yml`, `{{ page.KEY }}` one of the page's front matter, and `{{ "a.html" |
/// relative_url }}` (or `absolute_url`) `baseurl` + `/a.html`.
pub fn resolve(written: &str, config: &Config, page: &Map<String, Value>) -> Option<String> {
    let trimmed = written.trim();
    if trimmed.contains("{%") {
        return None;
    }
    if !trimmed.contains("{{") {
        return Some(trimmed.to_string());
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut rest = trimmed;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("}}")?;
        let inner = after[..close].trim_start_matches('-').trim_end_matches('-').trim();
        out.push_str(&output(inner, config, page)?);
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Some(out)
}

/// The value of one `{{ ... }}` (its inner text), as [`resolve`] describes.
fn output(inner: &str, config: &Config, page: &Map<String, Value>) -> Option<String> {
    let mut parts = inner.split('|').map(str::trim);
    let expr = parts.next()?;
    let mut value = match expr {
        "site.baseurl" => config.baseurl.clone(),
        "site.url" => format!("{}{}", config.url.as_deref().unwrap_or(""), config.baseurl),
        _ => {
            if let Some(literal) = quoted(expr) {
                literal.to_string()
            } else if let Some(path) = expr.strip_prefix("site.") {
                lookup(&config.raw, path)?
            } else if let Some(path) = expr.strip_prefix("page.") {
                lookup(page, path)?
            } else {
                return None;
            }
        }
    };
    for filter in parts {
        let (name, arg) = match filter.split_once(':') {
            Some((n, a)) => (n.trim(), Some(quoted(a.trim())?)),
            None => (filter, None),
        };
        value = match (name, arg) {
            // Jekyll: `baseurl` + the path (`absolute_url`: `url` first, the same site path).
            ("relative_url" | "absolute_url", None) => {
                if value.contains("://") {
                    value
                } else {
                    format!("{}/{}", config.baseurl, value.trim_start_matches('/'))
                }
            }
            ("append", Some(a)) => value + a,
            ("prepend", Some(a)) => format!("{a}{value}"),
            ("remove", Some(a)) => value.replace(a, ""),
            ("downcase", None) => value.to_lowercase(),
            ("upcase", None) => value.to_uppercase(),
            ("strip", None) => value.trim().to_string(),
            _ => return None,
        };
    }
    Some(value)
}

/// The text of a `"..."` or `'...'` literal.
fn quoted(expr: &str) -> Option<&str> {
    let first = expr.chars().next()?;
    if (first == '"' || first == '\'') && expr.len() >= 2 && expr.ends_with(first) {
        Some(&expr[1..expr.len() - 1])
    } else {
        None
    }
}

/// A string or number at a dotted path of a mapping.
fn lookup(map: &Map<String, Value>, path: &str) -> Option<String> {
    let mut keys = path.split('.');
    let mut value = map.get(keys.next()?)?;
    for key in keys {
        value = value.get(key)?;
    }
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
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
    if target.starts_with('/') {
        let published = published_path(config);
        if !published.is_empty() {
            let rest =
                target.strip_prefix(published.as_str()).filter(|r| r.is_empty() || r.starts_with(['/', '#', '?']));
            return match rest {
                Some(rest) if rest.starts_with('/') => internal(rest),
                Some(rest) => internal(&format!("/{rest}")),
                None => LinkKind::OutsideSite { published },
            };
        }
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

/// The path the site is published under: the path of `url` and `baseurl`, "" at a host's root
/// (`https://nhsconnect.github.io/Spec` gives `/Spec`).
pub fn published_path(config: &Config) -> String {
    let url_path = config.url.as_deref().and_then(split_url).map_or("", |(_, path)| path).trim_end_matches('/');
    format!("{url_path}{}", config.baseurl)
}

/// `https://host/path` as its origin (`https://host`) and its path (`/path`, or "").
pub fn split_url(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let at = scheme.len() + 3 + rest.find('/').unwrap_or(rest.len());
    Some((&url[..at], &url[at..]))
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
    // A browser reads `\` in a web URL's path as `/` (`..\x.html` is `../x.html`); an encoded
    // one (`%5C`) stays a character of the name.
    let path = if path.contains('\\') { decode(&path.replace('\\', "/")) } else { decode(path) };
    LinkKind::Internal { path, fragment }
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
        let page = Map::new();
        assert_eq!(resolve("{{ site.baseurl }}/a.html", &c, &page).unwrap(), "/spec/a.html");
        assert_eq!(classify("/spec/a.html", &c), LinkKind::Internal { path: "/a.html".into(), fragment: None });
        assert_eq!(resolve("{{site.url}}/a.html", &c, &page).unwrap(), "https://example.org/spec/a.html");
        assert_eq!(
            classify(&resolve("{{site.url}}/a%20b.html?x=1#f%C3%A9", &c, &page).unwrap(), &c),
            LinkKind::Internal { path: "/a b.html".into(), fragment: Some("fé".into()) }
        );
    }

    #[test]
    fn config_and_page_variables_and_url_filters_are_evaluated() {
        let mut c = config();
        c.raw = serde_json::from_str(
            r#"{"fhir_ref": "http://r.example/ri/", "hl7": {"stu3": "http://hl7.org/fhir/STU3/"}}"#,
        )
        .unwrap();
        let page: Map<String, Value> = serde_json::from_str(r#"{"next": "b.html"}"#).unwrap();
        let r = |w: &str| resolve(w, &c, &page);
        assert_eq!(r("{{ site.fhir_ref }}search?x=1").as_deref(), Some("http://r.example/ri/search?x=1"));
        assert_eq!(r("{{ site.hl7.stu3 }}http.html").as_deref(), Some("http://hl7.org/fhir/STU3/http.html"));
        assert_eq!(r("{{ page.next }}#top").as_deref(), Some("b.html#top"));
        assert_eq!(r("{{ \"a.html\" | relative_url }}").as_deref(), Some("/spec/a.html"));
        assert_eq!(r("{{ '/x/a.html' | absolute_url }}").as_deref(), Some("/spec/x/a.html"));
        assert_eq!(r("{{- site.baseurl -}}/a.html").as_deref(), Some("/spec/a.html"));
        // What only the build knows is not guessed.
        for unknown in [
            "{{ item.url }}",
            "{{ site.missing }}/a.html",
            "{{ page.next | slugify }}",
            "{% link a.md %}",
            "{{ site.hl7 }}",
        ] {
            assert_eq!(r(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn root_relative_links_must_stay_under_the_published_path() {
        let c = Config { url: Some("https://developer.example.org/apis/spec".into()), ..Config::default() };
        assert_eq!(published_path(&c), "/apis/spec");
        let internal = |path: &str| LinkKind::Internal { path: path.into(), fragment: None };
        assert_eq!(classify("/apis/spec/a.html", &c), internal("/a.html"));
        assert_eq!(classify("/apis/spec", &c), internal("/"));
        assert_eq!(classify("/a.html", &c), LinkKind::OutsideSite { published: "/apis/spec".into() });
        assert_eq!(classify("/apis/specs.html", &c), LinkKind::OutsideSite { published: "/apis/spec".into() });
        assert_eq!(classify("a.html", &c), internal("a.html"));
        // At a host's root every root-relative path is the site's.
        let root = Config { url: Some("https://example.org/".into()), ..Config::default() };
        assert_eq!(classify("/a.html", &root), internal("/a.html"));
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
