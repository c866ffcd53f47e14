//! Stage 3, model: the release notes as data, and the index across them.
//!
//! Release-notes pages are found by front-matter tag, title or file name,
//! then parsed into [`Release`]s of [`Change`]s. The [`Index`] links tickets,
//! pages, profiles and capabilities to the changes that mention them.
//!
//! The model reads a block tree ([`blocks`]) of each release page rather than
//! the parse stage's headings and links: it needs block structure (labels,
//! nested bullets) the parse stage does not keep. [`crate::Project::open_with`]
//! builds the tree from the parse stage's own pulldown-cmark pass over the page;
//! [`build_with`] makes its own pass over the same masked text. Three layouts are read: [`labelled`], [`breakdown`] and [`changelog`].
//! Content under the changes that cannot be placed becomes an
//! `unparsed-release-content` finding instead of being dropped.

pub mod blocks;
pub mod breakdown;
pub mod changelog;
pub mod date;
pub mod detect;
pub mod index;
pub mod labelled;
pub mod labels;
pub mod pagerefs;
pub(crate) mod read;
pub mod version;

/// Compiles the model's patterns (see [`crate::warm_up`]).
pub(crate) fn warm_up() {
    changelog::warm_up();
    date::warm_up();
    labels::warm_up();
    version::warm_up();
}

use std::collections::BTreeMap;

use rayon::prelude::*;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::load::Site;
use crate::parse::Document;
use crate::span::Span;

/// A calendar date (no time zone), as written in a release summary; or a month, when the
/// text names no day ("March 2022"). Shown as ISO `2019-04-23`, a month as `2022-03`; a month
/// sorts before its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2019.
    pub year: i32,
    /// Month 1-12.
    pub month: u8,
    /// Day 1-31, or 0 when only the month is known.
    pub day: u8,
}

impl Date {
    /// The date itself, or the first day of its month when it names no day (for a feed's
    /// timestamps, which need one).
    pub fn first_day(self) -> Date {
        Date { day: self.day.max(1), ..self }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.day {
            0 => write!(f, "{:04}-{:02}", self.year, self.month),
            day => write!(f, "{:04}-{:02}-{day:02}", self.year, self.month),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A release version: optional product line, numbers, optional pre-release.
///
/// `1.2.3`, `1.6.0-beta`, `6.0`, `documents_1_0_0` (product `documents`).
/// Ordered by product, then numbers (missing parts are 0), then a
/// pre-release sorts before the release, and pre-releases by stage:
/// `experimental`, `draft`, `dev` < `alpha` < `beta` < `rc` (details on its `Ord`
/// in [`version`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version {
    /// Product-line prefix (`documents`), if any.
    pub product: Option<String>,
    /// Numeric parts: `[1, 2, 3]`.
    pub numbers: Vec<u64>,
    /// Pre-release label without `-`: `beta`, `rc.1`.
    pub pre: Option<String>,
}

/// How a release-notes page is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `### Title` entries with `**Tickets:**`, `**Affects:**`... labels.
    Labelled,
    /// `### Group` headings followed by page-link bullets with nested notes.
    PageBreakdown,
    /// One page with a `## x.y.z` heading per version and plain bullets.
    Changelog,
}

/// A ticket reference, `[#601](https://github.com/org/repo/issues/601)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ticket {
    /// The number in the link text (`601`), if the text has one.
    pub number: Option<u64>,
    /// The link text as written.
    pub text: String,
    /// The link URL (empty for a bare `#601` without a link).
    pub url: String,
    /// Where it is.
    #[serde(skip)]
    pub span: Span,
}

/// A capability named under `**Affects:**`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capability {
    /// As written, trimmed.
    pub name: String,
    /// Where it is.
    #[serde(skip)]
    pub span: Span,
}

/// A link under "Pages changed" / "Pages added".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageRef {
    /// Link text.
    pub text: String,
    /// Target page as written, without the fragment (`appointments_design.html`).
    pub target: String,
    /// The `#anchor`, without `#`.
    pub anchor: Option<String>,
    /// Notes (plain Markdown lines) under the link.
    pub notes: Vec<String>,
    /// Where the link is.
    #[serde(skip)]
    pub span: Span,
    /// 1-based line of the link, for JSON users.
    pub line: usize,
    /// Whether the link sits inside a sentence (`- See the [guide](guide.html) for details`)
    /// rather than naming the page (a leading link, one after a single word such as `Updated`,
    /// or one under a "Pages changed" label): its text is the sentence's, not the page's name.
    #[serde(skip)]
    pub in_sentence: bool,
}

/// The kind of FHIR artefact a profile link points at, from its URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ProfileKind {
    /// `/StructureDefinition/`.
    StructureDefinition,
    /// `/ValueSet/`.
    ValueSet,
    /// `/CodeSystem/`.
    CodeSystem,
    /// Anything else.
    Other,
}

/// A link under "FHIR profiles changed".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileRef {
    /// Link text (the profile name as written).
    pub name: String,
    /// The URL.
    pub url: String,
    /// From the URL.
    pub kind: ProfileKind,
    /// Where it is.
    #[serde(skip)]
    pub span: Span,
}

impl ProfileRef {
    /// The profile a link names: its text, or, for a link whose text is its URL (an autolink,
    /// `<https://fhir.example/ValueSet/Codes-1>`), the URL's last segment.
    pub fn from_link(file: &crate::load::SourceFile, link: &blocks::LinkRef) -> ProfileRef {
        let url = link.dest.trim();
        let name = if link.text.trim() == url { labels::profile_url_name(url).to_string() } else { link.text.clone() };
        ProfileRef { name, url: url.to_string(), kind: labels::profile_kind(url), span: file.span(link.range.start) }
    }
}

/// One change entry of a release.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Heading text without the cosmetic marker.
    pub title: String,
    /// The group heading the change sits under ("Core", "Foundations"...).
    pub group: Option<String>,
    /// Text written under the group heading before its changes
    /// ("*These changes were previously released as ...*"), as Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_note: Option<String>,
    /// The heading above the group ("Impacts provider systems", "Changes in 1.2.0-rc").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The change's own `**Date:**`, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// Marked `*(cosmetic)*`.
    pub cosmetic: bool,
    /// Tickets.
    pub tickets: Vec<Ticket>,
    /// Capabilities affected.
    pub affects: Vec<Capability>,
    /// `**Impacts:**` text.
    pub impacts: Option<String>,
    /// Description as Markdown (source text under the label).
    pub description: String,
    /// Pages changed.
    pub pages_changed: Vec<PageRef>,
    /// Pages added.
    pub pages_added: Vec<PageRef>,
    /// FHIR profiles changed.
    pub profiles_changed: Vec<ProfileRef>,
    /// Where the change starts (its heading, or bullet).
    #[serde(skip)]
    pub span: Span,
    /// 1-based line of `span`, for JSON users.
    pub line: usize,
    /// Labels present in the source (lower-case canonical names: `tickets`, `affects`...),
    /// so rules can tell "absent" from "empty".
    #[serde(skip)]
    pub labels: Vec<String>,
}

/// One release-notes page (or one version section of a changelog page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Release {
    /// The version as written in the title or file name (`1.6.0-beta`).
    pub version: String,
    /// Parsed version, for ordering.
    #[serde(skip)]
    pub parsed_version: Version,
    /// Page title (for a changelog section, the section heading).
    pub title: String,
    /// Product line (`documents`), from the file name or permalink.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Page URL (permalink).
    pub url: String,
    /// File path relative to the spec root.
    pub file: String,
    /// Release date from the summary, ISO `YYYY-MM-DD`; `None` if absent or unparseable.
    pub date: Option<Date>,
    /// The date text as written.
    pub date_text: Option<String>,
    /// Introduction (Markdown source of the `## Introduction` section).
    pub introduction: String,
    /// Layout the page was read as.
    pub layout: Layout,
    /// Changes in source order.
    pub changes: Vec<Change>,
    /// Where the page's title is (front matter), for findings about the release.
    #[serde(skip)]
    pub span: Span,
}

/// A change's place: index into `Model::releases`, then into `changes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ChangeId {
    /// Index of the release.
    pub release: usize,
    /// Index of the change in the release.
    pub change: usize,
}

/// Links from tickets, pages, profiles and capabilities to changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Ticket number -> changes.
    pub tickets: BTreeMap<u64, Vec<ChangeId>>,
    /// Page URL (normalised, `/x.html`) -> changes listing it.
    pub pages: BTreeMap<String, Vec<ChangeId>>,
    /// Profile name -> changes.
    pub profiles: BTreeMap<String, Vec<ChangeId>>,
    /// Capability name -> changes.
    pub capabilities: BTreeMap<String, Vec<ChangeId>>,
}

/// The release notes of a spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Model {
    /// Releases, sorted by version (oldest first).
    pub releases: Vec<Release>,
    /// Index page of each release in `site.pages` (parallel to `releases`).
    pub release_pages: Vec<usize>,
    /// The cross index.
    pub index: Index,
    /// Findings made while reading (rule `unparsed-release-content`).
    pub diagnostics: Vec<Diagnostic>,
}

impl Model {
    /// The change with this id.
    ///
    /// # Panics
    /// If the id does not come from this model.
    pub fn change(&self, id: ChangeId) -> &Change {
        &self.releases[id.release].changes[id.change]
    }

    /// The change with this id, if it exists.
    pub fn get_change(&self, id: ChangeId) -> Option<&Change> {
        self.releases.get(id.release)?.changes.get(id.change)
    }

    /// The newest release of `product` (`None`: the main line, no product prefix).
    pub fn latest_release(&self, product: Option<&str>) -> Option<&Release> {
        self.releases
            .iter()
            .filter(|r| r.parsed_version.product.as_deref() == product && !r.parsed_version.numbers.is_empty())
            .max_by(|a, b| a.parsed_version.cmp(&b.parsed_version))
    }
}

/// Builds the model from the loaded and parsed site (`docs` parallel to `site.pages`),
/// finding release-notes pages with the default [`detect::Detection`].
pub fn build(site: &Site, docs: &[Document]) -> Model {
    let _ = docs; // the model reads block structure itself; see the module doc
    build_with(site, &detect::Detection::default())
}

/// Builds the model, finding release-notes pages with `detection` (`specnotes.toml`'s
/// `[release_notes]`, path globs included).
pub fn build_with(site: &Site, detection: &detect::Detection) -> Model {
    let detection = detection.compile();
    let per_page: Vec<(usize, read::PageReleases)> = site
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, page)| detection.matches(page))
        .map(|(i, page)| (i, read::read_page(page)))
        .collect();
    assemble(Vec::new(), Vec::new(), per_page)
}

/// The model of the release pages read so far: `per_page` holds each page's index into
/// `site.pages` and what [`read::read_page`] or [`read::read_nodes`] found in it.
pub(crate) fn from_pages(per_page: Vec<(usize, read::PageReleases)>) -> Model {
    assemble(Vec::new(), Vec::new(), per_page)
}

/// [`build_with`] after the pages at `changed` (indices into `site.pages`) were replaced and no
/// page was added or removed: only those pages are read again, the releases and findings of the
/// others are taken from `previous` (a page's releases depend on nothing but the page).
pub fn rebuild(site: &Site, detection: &detect::Detection, previous: Model, changed: &[usize]) -> Model {
    let detection = detection.compile();
    let changed_paths: Vec<&str> = changed.iter().filter_map(|&i| site.pages.get(i)).map(|p| p.path()).collect();
    let kept: Vec<(usize, Release)> =
        previous.release_pages.into_iter().zip(previous.releases).filter(|(i, _)| !changed.contains(i)).collect();
    let diagnostics: Vec<Diagnostic> =
        previous.diagnostics.into_iter().filter(|d| !changed_paths.contains(&d.file.as_str())).collect();
    let per_page: Vec<(usize, read::PageReleases)> = changed
        .par_iter()
        .filter_map(|&i| Some((i, site.pages.get(i)?)))
        .filter(|(_, page)| detection.matches(page))
        .map(|(i, page)| (i, read::read_page(page)))
        .collect();
    assemble(kept, diagnostics, per_page)
}

/// The model of the releases `found` (with their page), the findings so far and the pages
/// just read.
fn assemble(
    mut found: Vec<(usize, Release)>,
    mut diagnostics: Vec<Diagnostic>,
    per_page: Vec<(usize, read::PageReleases)>,
) -> Model {
    for (i, page) in per_page {
        found.extend(page.releases.into_iter().map(|r| (i, r)));
        diagnostics.extend(page.diagnostics);
    }
    found.sort_by(|(_, a), (_, b)| {
        a.parsed_version
            .cmp(&b.parsed_version)
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.span.offset.cmp(&b.span.offset))
    });
    let (release_pages, releases): (Vec<usize>, Vec<Release>) = found.into_iter().unzip();
    let index = index::build(&releases);
    crate::diagnostic::sort_diagnostics(&mut diagnostics);
    Model { releases, release_pages, index, diagnostics }
}

/// A release with only a version (and a product line): for other modules' unit tests.
#[cfg(test)]
pub(crate) fn test_release(product: Option<&str>, version: &str) -> Release {
    Release {
        version: version.to_string(),
        parsed_version: Version::parse(version).expect("a version"),
        title: String::new(),
        product: product.map(str::to_string),
        url: String::new(),
        file: String::new(),
        date: None,
        date_text: None,
        introduction: String::new(),
        layout: Layout::Labelled,
        changes: Vec::new(),
        span: Default::default(),
    }
}

#[cfg(test)]
mod latest_tests {
    use super::*;

    #[test]
    fn the_latest_release_is_never_one_whose_version_could_not_be_read() {
        let mut unreadable = test_release(None, "1.0.0");
        unreadable.parsed_version.numbers.clear();
        let mut documents = test_release(Some("documents"), "2.0.0");
        documents.parsed_version.product = Some("documents".to_string());
        let releases = vec![unreadable, documents];
        let model =
            Model { index: index::build(&releases), releases, release_pages: vec![0, 1], diagnostics: Vec::new() };
        assert_eq!(model.latest_release(None), None);
        assert_eq!(model.latest_release(Some("documents")).map(|r| r.version.as_str()), Some("2.0.0"));
    }
}
