//! `_config.yml`: the Jekyll settings specnotes needs, with every other key kept.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::front_matter::value_to_string;

/// Front-matter defaults for files matching a scope (`defaults:` in `_config.yml`).
#[derive(Debug, Clone, Default)]
pub struct FrontMatterDefault {
    /// Path prefix the scope covers ("" for everything).
    pub path: String,
    /// Document type: `pages`, `posts` or a collection label; `None` for all.
    pub kind: Option<String>,
    /// The values to apply where the page does not set them.
    pub values: Map<String, Value>,
}

/// A Jekyll collection (`collections:` in `_config.yml`).
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Whether Jekyll writes the collection's documents to the site.
    pub output: bool,
    /// The collection's permalink pattern, if set.
    pub permalink: Option<String>,
}

/// kramdown settings (`kramdown:` in `_config.yml`).
#[derive(Debug, Clone)]
pub struct Kramdown {
    /// `input:`; GP Connect uses `GFM`.
    pub input: String,
    /// `auto_ids:`; heading ids are generated only when true.
    pub auto_ids: bool,
    /// `auto_id_prefix:`.
    pub auto_id_prefix: String,
}

impl Default for Kramdown {
    fn default() -> Self {
        Kramdown { input: "GFM".into(), auto_ids: true, auto_id_prefix: String::new() }
    }
}

/// The parts of `_config.yml` specnotes uses; `raw` keeps every key.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `exclude:` patterns (paths, folder prefixes or globs).
    pub exclude: Vec<String>,
    /// `include:` entries (force-include `_`/`.` names).
    pub include: Vec<String>,
    /// `defaults:` front-matter defaults, in file order.
    pub defaults: Vec<FrontMatterDefault>,
    /// `url:` the site's public address, without trailing slash.
    pub url: Option<String>,
    /// `baseurl:` path prefix, "" or starting with `/`, no trailing slash.
    pub baseurl: String,
    /// `repository:` `owner/name` on GitHub.
    pub repository: Option<String>,
    /// `collections:` by label.
    pub collections: BTreeMap<String, Collection>,
    /// `sidebars:` names of the sidebars in use.
    pub sidebars: Vec<String>,
    /// `kramdown:` settings.
    pub kramdown: Kramdown,
    /// `permalink:` site-wide style (`pretty`, `date`, a pattern...).
    pub permalink: Option<String>,
    /// Every key of the file, as parsed.
    pub raw: Map<String, Value>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(items)) => items.iter().filter_map(value_to_string).collect(),
        Some(v) => value_to_string(v).into_iter().collect(),
        None => Vec::new(),
    }
}

impl Config {
    /// Reads the settings from a parsed `_config.yml` mapping.
    pub fn from_map(raw: Map<String, Value>) -> Config {
        let get_str = |k: &str| raw.get(k).and_then(value_to_string).filter(|s| !s.trim().is_empty());
        let defaults = match raw.get("defaults") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|d| {
                    let scope = d.get("scope");
                    let path = scope.and_then(|s| s.get("path")).and_then(value_to_string).unwrap_or_default();
                    let kind = scope.and_then(|s| s.get("type")).and_then(value_to_string);
                    let values = d.get("values")?.as_object()?.clone();
                    Some(FrontMatterDefault { path: path.trim_matches('/').to_string(), kind, values })
                })
                .collect(),
            _ => Vec::new(),
        };
        let collections = match raw.get("collections") {
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| {
                    let output = v.get("output").and_then(Value::as_bool).unwrap_or(false);
                    let permalink = v.get("permalink").and_then(value_to_string);
                    (k.clone(), Collection { output, permalink })
                })
                .collect(),
            Some(Value::Array(labels)) => {
                labels.iter().filter_map(value_to_string).map(|k| (k, Collection::default())).collect()
            }
            _ => BTreeMap::new(),
        };
        let mut kramdown = Kramdown::default();
        if let Some(k) = raw.get("kramdown") {
            if let Some(input) = k.get("input").and_then(value_to_string) {
                kramdown.input = input;
            }
            if let Some(b) = k.get("auto_ids").and_then(Value::as_bool) {
                kramdown.auto_ids = b;
            }
            if let Some(p) = k.get("auto_id_prefix").and_then(value_to_string) {
                kramdown.auto_id_prefix = p;
            }
        }
        let baseurl = get_str("baseurl").map(|b| format!("/{}", b.trim_matches('/'))).unwrap_or_default();
        Config {
            exclude: strings(raw.get("exclude")),
            include: strings(raw.get("include")),
            defaults,
            url: get_str("url").map(|u| u.trim_end_matches('/').to_string()),
            baseurl: if baseurl == "/" { String::new() } else { baseurl },
            repository: get_str("repository"),
            collections,
            sidebars: strings(raw.get("sidebars")),
            kramdown,
            permalink: get_str("permalink"),
            raw,
        }
    }

    /// Whether `_config.yml` turns on the Jekyll plugin `name` (listed under `plugins:`, or
    /// `gems:` as Jekyll 3 spelt it).
    pub fn has_plugin(&self, name: &str) -> bool {
        ["plugins", "gems"].iter().any(|key| strings(self.raw.get(*key)).iter().any(|p| p.trim() == name))
    }

    /// The front-matter defaults that apply to `rel_path` of document type `kind`,
    /// later scopes overriding earlier ones, as Jekyll applies them.
    pub fn defaults_for(&self, rel_path: &str, kind: &str) -> Map<String, Value> {
        let mut out = Map::new();
        for d in &self.defaults {
            let path_ok = d.path.is_empty() || rel_path == d.path || rel_path.starts_with(&format!("{}/", d.path));
            let kind_ok = d.kind.as_deref().is_none_or(|k| k == kind);
            if path_ok && kind_ok {
                for (k, v) in &d.values {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> Config {
        Config::from_map(serde_yaml_ng::from_str(yaml).unwrap())
    }

    #[test]
    fn reads_the_keys_specnotes_uses_and_keeps_the_rest() {
        let c = config(
            "url: https://example.org/spec/\nbaseurl: /spec/\nrepository: org/repo\nexclude: [.idea/, drafts]\n\
             collections:\n  examples:\n    output: true\n  journey:\n    output: false\n\
             kramdown:\n  input: GFM\n  auto_ids: false\nsidebars: [a_sidebar]\ncustom: 1\n",
        );
        assert_eq!(c.url.as_deref(), Some("https://example.org/spec"));
        assert_eq!(c.baseurl, "/spec");
        assert_eq!(c.repository.as_deref(), Some("org/repo"));
        assert_eq!(c.exclude, vec![".idea/", "drafts"]);
        assert!(c.collections["examples"].output);
        assert!(!c.collections["journey"].output);
        assert!(!c.kramdown.auto_ids);
        assert_eq!(c.sidebars, vec!["a_sidebar"]);
        assert_eq!(c.raw["custom"], 1);
    }

    #[test]
    fn defaults_apply_by_scope_path_and_type() {
        let c = config(
            "defaults:\n- scope: {path: \"\", type: pages}\n  values: {sidebar: overview_sidebar, layout: page}\n\
             - scope: {path: pages/appointments}\n  values: {sidebar: appointments_sidebar}\n",
        );
        assert_eq!(c.defaults_for("pages/x.md", "pages")["sidebar"], "overview_sidebar");
        assert_eq!(c.defaults_for("pages/appointments/a.md", "pages")["sidebar"], "appointments_sidebar");
        assert!(c.defaults_for("pages/x.md", "posts").is_empty());
    }
}
