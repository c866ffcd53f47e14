//! Between the load and model stages: [`Project::reload`], bringing an open project up to date
//! after some of its files changed, for `serve`.
//!
//! Most saves touch one page, and a page's [`Document`](crate::parse::Document) depends only on its own text and on
//! what every page shares (`_config.yml`, `_data`, `_includes`). So a changed page whose URL,
//! publication and kind stay the same is re-read and re-parsed alone; anything else (a shared
//! file, `specnotes.toml`, a page added, deleted, renamed or given a new permalink, a folder)
//! loads the whole spec again, which is always right. The model is rebuilt either way: it reads
//! only the release-notes pages. The result equals a fresh [`Project::open_with`], load
//! findings in their walk order included (the property test in `tests/reload_prop.rs`).

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::{FILE_NAME, Settings};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::load::{self, Page};
use crate::{Project, model, parse};

/// The rule of the findings the load stage makes about a page (rebuilt with the page).
const PAGE_LOAD_RULE: &str = "front-matter";

/// What [`Project::reload`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reloaded {
    /// Nothing the project holds changed (a static file's content, an excluded file, a
    /// temporary file that came and went).
    Unchanged,
    /// These pages were re-read and re-parsed, and the model rebuilt.
    Pages(Vec<String>),
    /// The whole spec was loaded again because of this path (relative to the spec root).
    Full {
        /// The first path that needed it.
        because: String,
    },
}

impl std::fmt::Display for Reloaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reloaded::Unchanged => f.write_str("nothing to reload"),
            Reloaded::Pages(pages) => write!(f, "re-read {}", pages.join(", ")),
            Reloaded::Full { because } => write!(f, "reloaded the whole spec ({because} changed)"),
        }
    }
}

/// How one changed path affects the project.
enum Effect {
    /// Not at all.
    None,
    /// Page `index` now reads as `page`, with these load findings.
    Page { index: usize, page: Box<Page>, findings: Vec<Diagnostic> },
    /// Only a full load is right.
    Full,
}

impl Project {
    /// Brings the project up to date after the files `changed` (relative to the spec root, or
    /// absolute under it) changed on disk. Re-reads `specnotes.toml` when it is the settings
    /// file in use (or appears at the root while none is). On error the project is left as it
    /// was and does not reflect `changed`: pass those paths again with the next call.
    pub fn reload(&mut self, changed: &[PathBuf]) -> Result<Reloaded> {
        let mut updates = Vec::new();
        for rel in changed.iter().filter_map(|p| self.relative(p)) {
            if self.is_settings_file(&rel) {
                let settings = Settings::load(&self.site.root, self.explicit_settings())?;
                return self.reopen(settings, rel);
            }
            match self.effect_of(&rel) {
                Effect::None => {}
                Effect::Page { index, page, findings } => updates.push((index, page, findings)),
                Effect::Full => return self.reopen(self.settings.clone(), rel),
            }
        }
        if updates.is_empty() {
            return Ok(Reloaded::Unchanged);
        }
        let includes = parse::IncludeCache::new(&self.site);
        let docs: Vec<parse::Document> =
            updates.par_iter().map(|(_, p, _)| parse::parse_page_cached(&self.site, p, &includes)).collect();
        let mut paths = Vec::new();
        let mut indices = Vec::new();
        for ((index, page, findings), doc) in updates.into_iter().zip(docs) {
            replace_load_findings(&mut self.site.diagnostics, page.path(), findings);
            paths.push(page.path().to_string());
            indices.push(index);
            self.site.pages[index] = *page;
            self.docs[index] = doc;
        }
        let previous = std::mem::take(&mut self.model);
        self.model = model::rebuild(&self.site, &self.settings.release_notes, previous, &indices);
        paths.dedup();
        Ok(Reloaded::Pages(paths))
    }

    fn reopen(&mut self, settings: Settings, because: String) -> Result<Reloaded> {
        *self = Project::open_with(&self.site.root, settings)?;
        Ok(Reloaded::Full { because })
    }

    /// `path` relative to the spec root, `/`-separated; `None` when outside it.
    fn relative(&self, path: &Path) -> Option<String> {
        let rel = if path.is_absolute() {
            let root = std::fs::canonicalize(&self.site.root).unwrap_or_else(|_| self.site.root.clone());
            path.strip_prefix(&root).or_else(|_| path.strip_prefix(&self.site.root)).ok()?
        } else {
            path
        };
        let parts: Option<Vec<&str>> = rel
            .components()
            .map(|c| match c {
                Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect();
        parts.filter(|p| !p.is_empty()).map(|p| p.join("/"))
    }

    /// The settings file `--config` named, when it is not the root's `specnotes.toml`.
    fn explicit_settings(&self) -> Option<&Path> {
        let path = self.settings.path.as_deref()?;
        (!same_file(path, &self.site.root.join(FILE_NAME))).then_some(path)
    }

    fn is_settings_file(&self, rel: &str) -> bool {
        match self.explicit_settings() {
            Some(path) => same_file(path, &self.site.root.join(rel)),
            None => rel == FILE_NAME,
        }
    }

    fn effect_of(&self, rel: &str) -> Effect {
        let shared = ["_data/", "_includes/", "_layouts/"].iter().any(|folder| rel.starts_with(folder));
        // A file a page includes with `include_relative` (found or looked for) is part of it.
        let included = || self.docs.iter().flat_map(|d| &d.includes).any(|i| i.relative.as_deref() == Some(rel));
        let on_disk = self.site.root.join(rel);
        if shared || rel == "_config.yml" || on_disk.is_dir() || self.holds_files_under(rel) || included() {
            return Effect::Full;
        }
        let site = &self.site;
        if let Ok(index) = site.pages.binary_search_by(|p| p.path().cmp(rel)) {
            return self.reread(index);
        }
        let was_static = site.static_files.binary_search_by(|s| s.as_str().cmp(rel)).is_ok();
        let is_document = load::document_kind(&site.config, rel).is_some();
        match (was_static, on_disk.is_file()) {
            (true, true) if !is_document => Effect::None,
            (false, false) => Effect::None,
            (false, true) if !is_document && is_document_name(rel) => Effect::None,
            _ => Effect::Full,
        }
    }

    /// Whether some page or static file lies under the folder `rel` (one renamed or deleted).
    fn holds_files_under(&self, rel: &str) -> bool {
        let folder = format!("{rel}/");
        let pages = &self.site.pages;
        let first_page = pages.partition_point(|p| p.path() < folder.as_str());
        let first_static = self.site.static_files.partition_point(|s| s.as_str() < folder.as_str());
        pages.get(first_page).is_some_and(|p| p.path().starts_with(&folder))
            || self.site.static_files.get(first_static).is_some_and(|s| s.starts_with(&folder))
    }

    /// Page `index` read again; a full load when it is gone or now has another URL, kind or
    /// publication (other pages and the static files depend on those).
    fn reread(&self, index: usize) -> Effect {
        let old = &self.site.pages[index];
        let Ok((text, utf8)) = load::read_text(&self.site.root, old.path()) else { return Effect::Full };
        let (page, findings) = load::page_from_text(&self.site.config, old.path(), old.kind.clone(), text, utf8);
        match page {
            Some(page) if page.url == old.url && page.served == old.served => {
                Effect::Page { index, page: Box::new(page), findings }
            }
            _ => Effect::Full,
        }
    }
}

/// Whether `rel` names a Markdown or HTML file (one the walk would read as a document).
fn is_document_name(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".md", ".markdown", ".html", ".htm"].iter().any(|e| lower.ends_with(e))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Replaces the load findings of page `path` with `findings`, where a fresh load puts them:
/// page findings come first, in walk order (folder by folder, names sorted), then data files'.
fn replace_load_findings(all: &mut Vec<Diagnostic>, path: &str, findings: Vec<Diagnostic>) {
    all.retain(|d| !(d.rule == PAGE_LOAD_RULE && d.file == path));
    let walk_key = |p: &str| p.split('/').map(str::to_string).collect::<Vec<_>>();
    let key = walk_key(path);
    let at = all.iter().position(|d| d.rule != PAGE_LOAD_RULE || walk_key(&d.file) > key).unwrap_or(all.len());
    all.splice(at..at, findings);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn finding(rule: &'static str, file: &str) -> Diagnostic {
        Diagnostic::new(rule, file, Span::default(), "m")
    }

    fn files(all: &[Diagnostic]) -> Vec<String> {
        all.iter().map(|d| format!("{} {}", d.rule, d.file)).collect()
    }

    #[test]
    fn a_pages_new_load_findings_go_where_the_walk_would_put_them() {
        let mut all = vec![
            finding(PAGE_LOAD_RULE, "a/b.md"),
            finding(PAGE_LOAD_RULE, "a.md"),
            finding(PAGE_LOAD_RULE, "c.md"),
            finding("data-file", "_data/x.yml"),
        ];
        replace_load_findings(&mut all, "a.md", vec![]);
        replace_load_findings(&mut all, "b.md", vec![finding(PAGE_LOAD_RULE, "b.md")]);
        replace_load_findings(&mut all, "a/a.md", vec![finding(PAGE_LOAD_RULE, "a/a.md")]);
        replace_load_findings(&mut all, "d.md", vec![finding(PAGE_LOAD_RULE, "d.md")]);
        assert_eq!(
            files(&all),
            [
                "front-matter a/a.md",
                "front-matter a/b.md",
                "front-matter b.md",
                "front-matter c.md",
                "front-matter d.md",
                "data-file _data/x.yml"
            ]
        );
    }

    #[test]
    fn reloaded_says_what_it_did_in_one_line() {
        assert_eq!(Reloaded::Pages(vec!["a.md".into(), "b.md".into()]).to_string(), "re-read a.md, b.md");
        assert_eq!(
            Reloaded::Full { because: "_config.yml".into() }.to_string(),
            "reloaded the whole spec (_config.yml changed)"
        );
    }
}
