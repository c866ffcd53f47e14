//! What changed in the spec's pages between the previous release and a release, read from git:
//! the data behind `specnotes verify` and the page diffs of `build --git`.
//!
//! A release is named as the release notes write it; its previous release is the newest release
//! of the same product line ordered below it that has a ref ([`super::releases`]). When the
//! release itself has no ref, the working tree (uncommitted changes included) stands for it.
//! A page is a file Jekyll publishes that is not a release-notes page: `_includes`, `_data`,
//! sidebars, layouts and static files are not pages. Any byte change counts, front matter and
//! whitespace included ([`PageDiff::whitespace_only`] tells the latter apart); a file moved
//! without a byte changed counts only when its URL changed. URLs come from the
//! new side (the loaded project's permalinks where the file is loaded), and from the old side's
//! front matter for deleted pages.

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;

use super::releases::{ReleaseRef, ReleaseRefs};
use super::tree::{FileChange, SpecHistory};
use crate::Project;
use crate::error::{Error, Result};
use crate::model::index::normalise_page_url;
use crate::model::{Model, Release, Version, version};

/// How a page differs between the two releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageStatus {
    /// New in the release.
    Added,
    /// Gone in the release.
    Deleted,
    /// Same path, different bytes.
    Modified,
    /// Moved (and possibly edited).
    Renamed,
    /// Byte for byte the same (listed in the release notes but not changed).
    Unchanged,
}

/// One page that changed between the releases, or that the release notes list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageDiff {
    /// Path relative to the spec folder: the new path, or the old one for a deleted page.
    pub file: String,
    /// The page URL (new side; old side for a deleted page).
    pub url: String,
    /// The page title, when it has one.
    pub title: Option<String>,
    /// How it differs.
    pub status: PageStatus,
    /// The old path of a renamed page.
    pub old_file: Option<String>,
    /// The text at the previous release (`None`: the page did not exist).
    pub old_text: Option<String>,
    /// The text at the release (`None`: the page no longer exists).
    pub new_text: Option<String>,
    /// Whether the release's "Pages changed" or "Pages added" names it.
    pub listed: bool,
}

impl PageDiff {
    /// The unified diff from the old text to the new (empty for an unchanged page).
    pub fn unified(&self) -> String {
        let (old, new) = (self.old_text.as_deref().unwrap_or(""), self.new_text.as_deref().unwrap_or(""));
        let diff = unified_diff(old, new, &self.file);
        match &self.old_file {
            Some(old_file) => diff.replacen(&format!("--- a/{}\n", self.file), &format!("--- a/{old_file}\n"), 1),
            None => diff,
        }
    }

    /// Whether only whitespace changed (both sides exist and their words are the same).
    pub fn whitespace_only(&self) -> bool {
        match (&self.old_text, &self.new_text) {
            (Some(old), Some(new)) => old != new && old.split_whitespace().eq(new.split_whitespace()),
            _ => false,
        }
    }

    /// The first line (1-based, of the new text) that differs from the old text; 1 for added,
    /// deleted and unchanged pages.
    pub fn first_changed_line(&self) -> usize {
        let (Some(old), Some(new)) = (&self.old_text, &self.new_text) else { return 1 };
        let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
        let first = diff.ops().iter().find(|op| op.tag() != similar::DiffTag::Equal);
        first.map_or(1, |op| op.new_range().start + 1)
    }
}

/// What changed between the previous release and a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReleaseDiff {
    /// The previous release's version (as its release notes write it).
    pub from_version: String,
    /// The ref it was read from (`release/1.2.2`, `origin/release/1.2.2`, `v1.2.2`).
    pub from_ref: String,
    /// Its commit, 40 hex digits.
    pub from_commit: String,
    /// The release's version.
    pub to_version: String,
    /// The ref it was read from; `None`: the working tree.
    pub to_ref: Option<String>,
    /// Its commit; `None`: the working tree (uncommitted changes included).
    pub to_commit: Option<String>,
    /// Index of the release in `project.model.releases`.
    pub release: usize,
    /// Every page that changed, plus every page the release lists, sorted by file.
    pub pages: Vec<PageDiff>,
}

impl ReleaseDiff {
    /// The page published at `url` (`/x.html`; for a deleted page its old URL).
    pub fn page(&self, url: &str) -> Option<&PageDiff> {
        self.pages.iter().find(|p| p.url == url)
    }

    /// The page a "Pages changed" link `target` written on the release page at `release_url`
    /// points at (`foo.html#x`, `./foo.html`, `/foo.html`).
    pub fn page_for_link(&self, release_url: &str, target: &str) -> Option<&PageDiff> {
        self.page(&normalise_page_url(target, release_url)?)
    }

    /// "1.2.2 (`release/1.2.2`, 1a2b3c4) with 1.2.3 (the working tree: 1.2.3 has no branch or tag)".
    pub fn describe(&self) -> String {
        let short = |c: &str| c.chars().take(7).collect::<String>();
        let to = match (&self.to_ref, &self.to_commit) {
            (Some(r), Some(c)) => format!("`{r}`, {}", short(c)),
            _ => format!("the working tree: {} has no branch or tag", self.to_version),
        };
        format!(
            "{} (`{}`, {}) with {} ({to})",
            self.from_version,
            self.from_ref,
            short(&self.from_commit),
            self.to_version
        )
    }
}

/// The unified diff of one file between two texts: the `--dry-run` printer of `check --fix`.
pub fn unified_diff(old: &str, new: &str, file: &str) -> String {
    crate::fix::unified_diff(old, new, file)
}

/// What `verify` and `build --git` need: the pages that changed between the release before
/// `version` and `version` in the git repository holding `spec_root`, with release refs found
/// through `patterns` (empty: the defaults).
pub fn release_diff(spec_root: &Path, project: &Project, version: &str, patterns: &[String]) -> Result<ReleaseDiff> {
    let model = &project.model;
    let target = find_release(model, version)?;
    let history = SpecHistory::open(spec_root, "verify")?;
    let refs = ReleaseRefs::new(patterns);
    let (from, from_ref) = previous_release(model, target, &refs, &history)?;
    let to_ref = refs.resolve(history.repo(), &model.releases[target]);
    let sides = Sides::new(project, &history, &from_ref.commit, to_ref.as_ref().map(|r| r.commit.as_str()));
    let changes = history.changes(&from_ref.commit, sides.to)?;
    let pages = sides.pages(&changes, &model.releases[target])?;
    Ok(ReleaseDiff {
        from_version: display_version(&model.releases[from]),
        from_ref: from_ref.name,
        from_commit: from_ref.commit,
        to_version: display_version(&model.releases[target]),
        to_ref: to_ref.as_ref().map(|r| r.name.clone()),
        to_commit: to_ref.map(|r| r.commit),
        release: target,
        pages,
    })
}

/// The version as a person types it: `1.2.3`, or `documents-1.0.0` for a product line.
fn display_version(release: &Release) -> String {
    super::releases::ref_version(release)
}

/// The release `wanted` names: `1.2.3` (main line), `documents-1.0.0`, `documents 1.0.0` or
/// `documents_1_0_0` (product line).
fn find_release(model: &Model, wanted: &str) -> Result<usize> {
    let parsed = parse_wanted(wanted.trim());
    let found = model.releases.iter().rposition(|r| {
        parsed.as_ref().is_some_and(|v| {
            r.product == v.product && r.parsed_version.same_numbers(v) && r.parsed_version.same_label(v)
        })
    });
    found.ok_or_else(|| {
        let names: Vec<String> = model.releases.iter().map(display_version).collect();
        let hint = crate::diagnostic::did_you_mean(wanted, names.iter().map(String::as_str))
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        Error::Usage(format!(
            "verify: no release `{wanted}` in the release notes{hint} (`specnotes releases` lists them)"
        ))
    })
}

/// A version as typed on the command line.
fn parse_wanted(wanted: &str) -> Option<Version> {
    if let Some(v) = Version::parse(wanted) {
        return Some(v);
    }
    let product_first = wanted.char_indices().filter(|(_, c)| matches!(c, ' ' | '-' | '_')).find_map(|(i, _)| {
        let product = &wanted[..i];
        let mut v = Version::parse(&wanted[i + 1..])?;
        let word = product.chars().next()?.is_ascii_alphabetic() && product.chars().all(|c| c.is_ascii_alphanumeric());
        word.then(|| {
            v.product = Some(product.to_ascii_lowercase());
            v
        })
    });
    product_first.or_else(|| version::from_underscored(wanted))
}

/// The newest release of the same product line below `target` that has a ref.
fn previous_release(
    model: &Model,
    target: usize,
    refs: &ReleaseRefs,
    history: &SpecHistory,
) -> Result<(usize, ReleaseRef)> {
    let release = &model.releases[target];
    let earlier: Vec<usize> = (0..model.releases.len())
        .rev()
        .filter(|&i| {
            let r = &model.releases[i];
            r.product == release.product && r.parsed_version < release.parsed_version
        })
        .collect();
    let Some(&nearest) = earlier.first() else {
        return Err(Error::Usage(format!(
            "verify: {} is the first release in the release notes: there is no earlier release to compare with",
            display_version(release)
        )));
    };
    earlier.iter().find_map(|&i| refs.resolve(history.repo(), &model.releases[i]).map(|r| (i, r))).ok_or_else(|| {
        let before = &model.releases[nearest];
        let others = if earlier.len() > 1 { ", nor for any earlier release" } else { "" };
        Error::Usage(format!(
            "verify: no branch or tag for {}, the release before {}{others} (tried {}, each as a local branch, an \
             `origin/` branch and a tag); set `[git] release_refs` in specnotes.toml or pass `--ref-pattern`",
            display_version(before),
            display_version(release),
            refs.tried(before)
        ))
    })
}

/// The two sides of the comparison and how to tell which files are pages.
struct Sides<'a> {
    project: &'a Project,
    history: &'a SpecHistory,
    from: &'a str,
    to: Option<&'a str>,
    release_files: BTreeSet<&'a str>,
    detection: crate::model::detect::Compiled<'a>,
}

impl<'a> Sides<'a> {
    fn new(project: &'a Project, history: &'a SpecHistory, from: &'a str, to: Option<&'a str>) -> Sides<'a> {
        let release_files = project.model.releases.iter().map(|r| r.file.as_str()).collect();
        let detection = project.settings.release_notes.compile();
        Sides { project, history, from, to, release_files, detection }
    }

    /// The page diffs of `changes`, plus the unchanged pages `release` lists.
    fn pages(&self, changes: &[FileChange], release: &Release) -> Result<Vec<PageDiff>> {
        let listed: BTreeSet<String> = release
            .changes
            .iter()
            .flat_map(|c| c.pages_changed.iter().chain(&c.pages_added))
            .filter_map(|r| normalise_page_url(&r.target, &release.url))
            .collect();
        let mut pages = Vec::new();
        for change in changes {
            if let Some(mut page) = self.changed_page(change)? {
                page.listed = listed.contains(&page.url);
                pages.push(page);
            }
        }
        let seen: BTreeSet<String> = pages.iter().map(|p| p.url.clone()).collect();
        let by_url = self.project.site.page_index_by_url();
        for url in listed.iter().filter(|u| !seen.contains(*u)) {
            let Some(&i) = by_url.get(url.as_str()) else { continue };
            let page = &self.project.site.pages[i];
            if !page.served || self.release_files.contains(page.path()) {
                continue;
            }
            let old_text = self.history.read(Some(self.from), page.path())?;
            let new_text = self.history.read(self.to, page.path())?;
            if old_text.is_some() && old_text == new_text {
                pages.push(PageDiff {
                    file: page.path().to_string(),
                    url: url.clone(),
                    title: page.title.clone(),
                    status: PageStatus::Unchanged,
                    old_file: None,
                    old_text,
                    new_text,
                    listed: true,
                });
            }
        }
        pages.sort_by(|a, b| a.file.cmp(&b.file).then_with(|| a.url.cmp(&b.url)));
        Ok(pages)
    }

    /// The page diff of one changed file, or `None` when the file is not a page.
    fn changed_page(&self, change: &FileChange) -> Result<Option<PageDiff>> {
        let old_text = match &change.old_path {
            Some(path) => self.history.read(Some(self.from), path)?,
            None => None,
        };
        let new_text = match &change.new_path {
            Some(path) => self.history.read(self.to, path)?,
            None => None,
        };
        let old_page = match (&change.old_path, &old_text) {
            (Some(path), Some(text)) => self.page_at(path, text, false),
            _ => None,
        };
        let located = match (&change.new_path, &new_text) {
            (Some(path), Some(text)) => self.page_at(path, text, true),
            _ => old_page.clone(),
        };
        let Some((url, title)) = located else { return Ok(None) };
        // A file moved with the same bytes and URL is no change to readers.
        let moved = old_page.is_some_and(|(old_url, _)| old_url != url);
        if old_text == new_text && !moved {
            return Ok(None);
        }
        let file = change.new_path.clone().or_else(|| change.old_path.clone()).unwrap_or_default();
        let old_file = change.old_path.clone().filter(|_| change.status == PageStatus::Renamed);
        Ok(Some(PageDiff { file, url, title, status: change.status, old_file, old_text, new_text, listed: false }))
    }

    /// URL and title of the file at `path` with `text`, if it is a published page other than
    /// release notes: from the loaded project when `new_side` and it is loaded, else from `text`.
    fn page_at(&self, path: &str, text: &str, new_side: bool) -> Option<(String, Option<String>)> {
        let pages = &self.project.site.pages;
        if new_side {
            if let Ok(i) = pages.binary_search_by(|p| p.path().cmp(path)) {
                let page = &pages[i];
                let published = page.served && !self.release_files.contains(path);
                return published.then(|| (page.url.clone(), page.title.clone()));
            }
        }
        let config = &self.project.site.config;
        let kind = crate::load::document_kind(config, path)?;
        let (page, _) = crate::load::page_from_text(config, path, kind, text.to_string(), true);
        let page = page?;
        (page.served && !self.detection.matches(&page)).then(|| (page.url.clone(), page.title.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modified(old: &str, new: &str) -> PageDiff {
        PageDiff {
            file: "pages/a.md".into(),
            url: "/a.html".into(),
            title: None,
            status: PageStatus::Modified,
            old_file: None,
            old_text: Some(old.into()),
            new_text: Some(new.into()),
            listed: false,
        }
    }

    #[test]
    fn versions_are_typed_plain_or_with_their_product_line() {
        let v = |product: Option<&str>, numbers: &[u64]| Version {
            product: product.map(str::to_string),
            numbers: numbers.to_vec(),
            pre: None,
        };
        assert_eq!(parse_wanted("1.2.3"), Some(v(None, &[1, 2, 3])));
        assert_eq!(parse_wanted("documents-1.0.0"), Some(v(Some("documents"), &[1, 0, 0])));
        assert_eq!(parse_wanted("Documents 1.0"), Some(v(Some("documents"), &[1, 0])));
        assert_eq!(parse_wanted("documents_1_0_0"), Some(v(Some("documents"), &[1, 0, 0])));
        assert_eq!(parse_wanted("1.6.0-beta").and_then(|v| v.pre), Some("beta".to_string()));
        assert_eq!(parse_wanted("latest"), None);
    }

    #[test]
    fn the_first_changed_line_is_counted_in_the_new_text() {
        assert_eq!(modified("a\nb\nc\n", "a\nb\nC\n").first_changed_line(), 3);
        assert_eq!(modified("a\nb\n", "x\na\nb\n").first_changed_line(), 1);
        assert_eq!(modified("a\nb\nc\n", "a\nc\n").first_changed_line(), 2);
    }

    #[test]
    fn whitespace_only_changes_are_told_apart() {
        assert!(modified("a b\nc\n", "a  b\r\nc\n\n").whitespace_only());
        assert!(!modified("a b\n", "a c\n").whitespace_only());
        assert!(!modified("a\n", "a\n").whitespace_only());
    }

    #[test]
    fn a_renamed_page_diffs_from_its_old_path_to_its_new_one() {
        let mut page = modified("one\ntwo\n", "one\n2\n");
        page.status = PageStatus::Renamed;
        page.old_file = Some("pages/old.md".into());
        assert_eq!(page.unified(), "--- a/pages/old.md\n+++ b/pages/a.md\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n");
        assert_eq!(unified_diff("same\n", "same\n", "a.md"), "");
    }
}
