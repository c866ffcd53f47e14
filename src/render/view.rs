//! Stage render: the view model, the serialisable structs the templates see.
//!
//! Built once per render from the [`crate::Project`] by [`super::collect`]. Each change is
//! rendered once into HTML fragments ([`super::fragments`]); the pages that list changes get
//! small borrowed views ([`super::pages`]) that point at those fragments, so no page copies a
//! change's data. Spec text is kept as plain strings (the templates
//! escape it); the only HTML here is in fields ending `_html`, made by
//! [`super::markdown::to_html`], which escapes raw HTML and drops unsafe links. Every `href`
//! is relative to the site root (the template prefixes the page's `root`); every `url` is
//! absolute and already checked by [`super::links::safe_url`]. New page kinds (per-page git
//! diffs, for one) add fields or structs here without touching the others.

use serde::Serialize;

use crate::model::ChangeId;

/// A link to one of the site's own pages, with the name it shows.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Named {
    /// The name shown.
    pub name: String,
    /// Site-root-relative link.
    pub href: String,
}

/// A ticket cited by a change.
#[derive(Debug, Clone, Serialize)]
pub struct TicketView {
    /// The link text as written (`#601`).
    pub text: String,
    /// The number, when the text has one.
    pub number: Option<u64>,
    /// The issue tracker URL, when safe.
    pub url: Option<String>,
    /// This site's page for the ticket, when it has a number.
    pub href: Option<String>,
}

/// A spec page listed under "Pages changed" or "Pages added".
#[derive(Debug, Clone, Serialize)]
pub struct PageRefView {
    /// Link text as written.
    pub text: String,
    /// The page path in the spec (`/appointments.html`), or the target as written.
    pub path: String,
    /// The `#anchor`, without `#`.
    pub anchor: Option<String>,
    /// The published page (and anchor) for this release, when a base URL is known.
    pub url: Option<String>,
    /// This site's change history of the page.
    pub href: Option<String>,
    /// Notes under the link, as safe HTML.
    pub notes_html: Vec<String>,
    /// The page's diff in this release (`build --git`), set by [`super::diffs`].
    pub diff: Option<super::diffs::DiffLink>,
}

/// A FHIR profile changed.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileView {
    /// The profile name as written.
    pub name: String,
    /// Its URL, when safe.
    pub url: Option<String>,
    /// `StructureDefinition`, `ValueSet`, `CodeSystem` or `Other`.
    pub kind: String,
    /// This site's page for the profile.
    pub href: String,
}

/// One change, as every page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// Stable anchor on its release page.
    pub anchor: String,
    /// Title.
    pub title: String,
    /// The release's version.
    pub version: String,
    /// The release page, with `#anchor`.
    pub href: String,
    /// Marked cosmetic.
    pub cosmetic: bool,
    /// Says it breaks compatibility (see [`super::compare::is_breaking`]).
    pub breaking: bool,
    /// The change's own date.
    pub date: Option<String>,
    /// Tickets.
    pub tickets: Vec<TicketView>,
    /// Capabilities affected.
    pub affects: Vec<Named>,
    /// `**Impacts:**` text.
    pub impacts: Option<String>,
    /// Description, safe HTML.
    pub description_html: String,
    /// Pages changed.
    pub pages_changed: Vec<PageRefView>,
    /// Pages added.
    pub pages_added: Vec<PageRefView>,
    /// FHIR profiles changed.
    pub profiles: Vec<ProfileView>,
}

/// Changes under one group heading of a release page, in source order.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// The heading above the group ("Changes in 1.2.0-rc"), when it differs from the last.
    pub section: Option<String>,
    /// The group heading ("Core"), if any.
    pub name: Option<String>,
    /// Text under the group heading, safe HTML.
    pub note_html: Option<String>,
    /// The group's changes: indices into the release's changes.
    pub changes: Vec<usize>,
}

/// One release.
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseView {
    /// Version as written.
    pub version: String,
    /// Product line, if any.
    pub product: Option<String>,
    /// Page title.
    pub title: String,
    /// This site's page.
    pub href: String,
    /// ISO date.
    pub date: Option<String>,
    /// Date as written.
    pub date_text: Option<String>,
    /// The release-notes page on the published spec.
    pub url: Option<String>,
    /// Introduction, safe HTML.
    pub introduction_html: String,
    /// Number of changes.
    pub change_count: usize,
    /// Number of distinct tickets.
    pub ticket_count: usize,
    /// Number of breaking changes.
    pub breaking_count: usize,
    /// Capabilities affected, in first-mention order.
    pub capabilities: Vec<Named>,
    /// Changes grouped as in the source (the release page gets them with their fragments).
    #[serde(skip)]
    pub groups: Vec<GroupView>,
}

/// A ticket, page, profile or capability with its own page: the changes that cite it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    /// What it is called (`#601`, `/appointments.html`, a profile or capability name).
    pub name: String,
    /// This site's page.
    pub href: String,
    /// Outside link: the issue, the published spec page, the profile.
    pub url: Option<String>,
    /// Number of changes.
    pub change_count: usize,
    /// The newest release that touched it.
    pub last_version: Option<String>,
    /// The changes, oldest release first (the entity page gets them with their fragments).
    #[serde(skip)]
    pub changes: Vec<ChangeId>,
}

/// Grouped changes on a compare page.
#[derive(Debug, Clone, Serialize)]
pub struct CompareGroup {
    /// Capability or page name.
    pub name: String,
    /// This site's page for it, if it has one.
    pub href: Option<String>,
    /// Outside link (the published spec page).
    pub url: Option<String>,
    /// Changes, breaking first.
    pub changes: Vec<ChangeId>,
}

/// "Upgrading from X to Y".
#[derive(Debug, Clone, Serialize)]
pub struct CompareView {
    /// The version upgraded from.
    pub from: Named,
    /// The version upgraded to.
    pub to: Named,
    /// This page.
    pub href: String,
    /// Number of changes.
    pub change_count: usize,
    /// Breaking changes, oldest first.
    pub breaking: Vec<ChangeId>,
    /// By capability (`(no capability)` last).
    pub by_capability: Vec<CompareGroup>,
    /// By spec page.
    pub by_page: Vec<CompareGroup>,
}

/// One row of the chart's text alternative.
#[derive(Debug, Clone, Serialize)]
pub struct ChartRow {
    /// Release version.
    pub version: String,
    /// Changes per capability, in [`ChartView::series`] order.
    pub counts: Vec<usize>,
    /// All changes.
    pub total: usize,
}

/// One series of the chart.
#[derive(Debug, Clone, Serialize)]
pub struct ChartSeries {
    /// Capability name (or "Other capabilities", "No capability").
    pub name: String,
    /// CSS class (`series-0`...).
    pub class: String,
    /// Fill colour (`#0072b2`).
    pub colour: String,
}

/// The changes-per-release chart.
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    /// The SVG, generated and escaped by [`super::chart`].
    pub svg: String,
    /// The series, bottom of the stack first.
    pub series: Vec<ChartSeries>,
    /// The same numbers as a table.
    pub rows: Vec<ChartRow>,
}

/// An entity in a list page: name, link and number of changes.
#[derive(Debug, Clone, Serialize)]
pub struct EntitySummary {
    /// What it is called.
    pub name: String,
    /// This site's page.
    pub href: String,
    /// Outside link.
    pub url: Option<String>,
    /// Number of changes.
    pub change_count: usize,
    /// The newest release that touched it.
    pub last_version: Option<String>,
}

impl EntityView {
    /// The list-page row of this entity.
    pub fn summary(&self) -> EntitySummary {
        EntitySummary {
            name: self.name.clone(),
            href: self.href.clone(),
            url: self.url.clone(),
            change_count: self.change_count,
            last_version: self.last_version.clone(),
        }
    }
}

/// What every page knows about the site, in its context as `site` (kept small: it is
/// serialised once per page).
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// The spec's title (`site_title`, `title` or the folder name).
    pub title: String,
    /// `specnotes x.y.z`.
    pub generator: String,
    /// The published spec, when known.
    pub spec_url: Option<String>,
    /// Number of releases.
    pub release_count: usize,
    /// Total number of changes.
    pub change_count: usize,
}
