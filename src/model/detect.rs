//! Which pages are release notes.
//!
//! Kept as data ([`Detection`]) rather than code so `specnotes.toml`'s
//! `[release_notes]` can say how a given spec marks its release-notes pages. Any
//! one of the four signals (tag, title phrase, name fragment, path glob) is enough.
//! The path globs are compiled once per build by [`Detection::compile`].

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde_json::Value;

use crate::load::Page;

/// How release-notes pages are recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// A front-matter `tags` entry that marks a page (`release`), compared case-insensitively.
    pub tags: Vec<String>,
    /// Phrases a title may contain (`release notes`), case-insensitive.
    pub title_contains: Vec<String>,
    /// Fragments a file name or permalink may contain (`release_notes`), case-insensitive.
    pub name_contains: Vec<String>,
    /// Globs of file paths (relative to the spec root) that are release notes whatever they say.
    pub paths: Vec<String>,
}

impl Default for Detection {
    fn default() -> Self {
        Detection {
            tags: vec!["release".to_string()],
            title_contains: vec!["release notes".to_string()],
            name_contains: vec!["release_notes".to_string()],
            paths: Vec::new(),
        }
    }
}

/// A [`Detection`] with its path globs compiled.
#[derive(Debug, Clone)]
pub struct Compiled<'a> {
    detection: &'a Detection,
    paths: GlobSet,
}

impl Compiled<'_> {
    /// Whether `page` is a release-notes page by any signal, path globs included.
    pub fn matches(&self, page: &Page) -> bool {
        self.paths.is_match(page.path()) || self.detection.matches(page)
    }
}

impl Detection {
    /// Compiles the path globs once; a glob that does not compile (settings validate them
    /// when read) matches nothing.
    pub fn compile(&self) -> Compiled<'_> {
        let mut set = GlobSetBuilder::new();
        for glob in self.paths.iter().filter_map(|p| Glob::new(p).ok()) {
            set.add(glob);
        }
        Compiled { detection: self, paths: set.build().unwrap_or_else(|_| GlobSet::empty()) }
    }

    /// Whether `page` is a release-notes page by tag, title or name (not `paths`: see
    /// [`Detection::compile`]).
    pub fn matches(&self, page: &Page) -> bool {
        self.matches_tags(page.data.get("tags"))
            || page.title.as_deref().is_some_and(|t| contains_any(t, &self.title_contains))
            || contains_any(page.path(), &self.name_contains)
            || page.front_matter.get_str("permalink").is_some_and(|p| contains_any(&p, &self.name_contains))
    }

    fn matches_tags(&self, tags: Option<&Value>) -> bool {
        let is_wanted = |tag: &str| self.tags.iter().any(|t| t.eq_ignore_ascii_case(tag.trim()));
        match tags {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(is_wanted),
            // `tags: release, notes` is a string in YAML; Jekyll splits it on spaces.
            Some(Value::String(s)) => s.split([',', ' ']).any(is_wanted),
            _ => false,
        }
    }
}

fn contains_any(haystack: &str, needles: &[String]) -> bool {
    let lower = haystack.to_lowercase();
    needles.iter().any(|n| lower.contains(&n.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{DocKind, FrontMatter, SourceFile};
    use serde_json::json;

    fn page(path: &str, title: Option<&str>, tags: Value, permalink: Option<&str>) -> Page {
        let mut front_matter = FrontMatter::default();
        if let Some(p) = permalink {
            front_matter.values.insert("permalink".into(), json!(p));
        }
        let mut data = serde_json::Map::new();
        data.insert("tags".into(), tags);
        Page {
            source: SourceFile::new(path, String::new()),
            body_start: 0,
            front_matter,
            front_matter_ok: true,
            data,
            url: "/x.html".into(),
            served: true,
            not_served_reason: None,
            title: title.map(str::to_string),
            bom: false,
            markdown: true,
            kind: DocKind::Page,
        }
    }

    #[test]
    fn any_one_default_signal_marks_a_release_page() {
        let d = Detection::default();
        assert!(d.matches(&page("a.md", None, json!(["structured", "Release"]), None)));
        assert!(d.matches(&page("a.md", None, json!("news release"), None)));
        assert!(d.matches(&page("a.md", Some("API 2.0 Release Notes"), Value::Null, None)));
        assert!(d.matches(&page("x/Release_Notes_2.md", None, Value::Null, None)));
        assert!(d.matches(&page("a.md", None, Value::Null, Some("overview_release_notes_1.html"))));
        assert!(!d.matches(&page("a.md", Some("Releasing"), json!(["releases"]), None)));
    }

    #[test]
    fn a_path_glob_marks_a_page_that_no_other_signal_does() {
        let d = Detection { paths: vec!["notes/v*.md".into()], ..Detection::default() };
        let compiled = d.compile();
        assert!(compiled.matches(&page("notes/v2.md", None, Value::Null, None)));
        assert!(!compiled.matches(&page("notes/index.md", None, Value::Null, None)));
        assert!(!d.matches(&page("notes/v2.md", None, Value::Null, None)));
    }
}
