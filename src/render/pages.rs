//! Stage render: the list of the site's pages and the small context each one renders with.
//!
//! [`list`] only names the pages (path, template, what they show); [`context`] builds a page's
//! tera context when that page is rendered, on the rayon worker that renders it. Contexts are
//! borrowed views ([`ChangeFragment`], [`ReleasePage`], [`EntityPage`], [`ComparePage`]) that
//! point at the view model and at the changes' pre-rendered [`Fragments`], so a change shown
//! on twenty pages is serialised as twenty references to one string, never as its data.

use serde::Serialize;

use super::collect::Collected;
use super::fragments::Fragments;
use super::view::{ChartView, CompareGroup, CompareView, EntitySummary, EntityView, Named, ReleaseView};
use crate::model::ChangeId;

/// Everything the page contexts borrow from.
pub struct Data<'a> {
    /// The view model.
    pub views: &'a Collected,
    /// The changes' fragments.
    pub fragments: &'a Fragments,
    /// Every release to the latest of its line.
    pub compares: Vec<CompareView>,
    /// The index chart.
    pub chart: ChartView,
}

/// The four kinds of entity with their own pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    /// Tickets.
    Tickets,
    /// Spec pages.
    Pages,
    /// FHIR profiles.
    Profiles,
    /// Capabilities.
    Capabilities,
}

impl EntityKind {
    const ALL: [EntityKind; 4] =
        [EntityKind::Tickets, EntityKind::Pages, EntityKind::Profiles, EntityKind::Capabilities];

    /// The folder of its pages, also the nav section and the `kind` the templates see.
    fn folder(self) -> &'static str {
        match self {
            EntityKind::Tickets => "tickets",
            EntityKind::Pages => "pages",
            EntityKind::Profiles => "profiles",
            EntityKind::Capabilities => "capabilities",
        }
    }

    fn title(self) -> &'static str {
        match self {
            EntityKind::Tickets => "Tickets",
            EntityKind::Pages => "Pages",
            EntityKind::Profiles => "FHIR profiles",
            EntityKind::Capabilities => "Capabilities",
        }
    }

    fn template(self) -> &'static str {
        match self {
            EntityKind::Tickets => "ticket.html",
            EntityKind::Pages => "page.html",
            EntityKind::Profiles => "profile.html",
            EntityKind::Capabilities => "capability.html",
        }
    }

    fn heading(self, name: &str) -> String {
        match self {
            EntityKind::Tickets => format!("Ticket {name}"),
            EntityKind::Pages => format!("Change history of {name}"),
            EntityKind::Profiles => format!("FHIR profile {name}"),
            EntityKind::Capabilities => format!("Capability: {name}"),
        }
    }

    fn entities(self, views: &Collected) -> &[EntityView] {
        match self {
            EntityKind::Tickets => &views.tickets,
            EntityKind::Pages => &views.pages,
            EntityKind::Profiles => &views.profiles,
            EntityKind::Capabilities => &views.capabilities,
        }
    }
}

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// The releases and the chart.
    Index,
    /// The search form.
    Search,
    /// The compare picker.
    CompareIndex,
    /// Release `n` of the model.
    Release(usize),
    /// Comparison `n` of [`Data::compares`].
    Compare(usize),
    /// The list of one kind of entity.
    List(EntityKind),
    /// Entity `n` of a kind.
    Entity(EntityKind, usize),
}

/// One HTML page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Site path.
    pub path: String,
    /// Template name.
    pub template: &'static str,
    /// Nav section.
    pub section: &'static str,
    /// What it shows.
    pub show: Show,
}

/// Every HTML page of the site, cheaply: no context is built here.
pub fn list(data: &Data) -> Vec<Page> {
    let views = data.views;
    let page = |path: &str, template, section, show| Page { path: path.to_string(), template, section, show };
    let mut pages = vec![
        page("index.html", "index.html", "releases", Show::Index),
        page("search.html", "search.html", "search", Show::Search),
        page("compare/index.html", "compare-index.html", "compare", Show::CompareIndex),
    ];
    pages.extend(
        views.releases.iter().enumerate().map(|(r, v)| page(&v.href, "release.html", "releases", Show::Release(r))),
    );
    pages.extend(
        data.compares.iter().enumerate().map(|(c, v)| page(&v.href, "compare.html", "compare", Show::Compare(c))),
    );
    for kind in EntityKind::ALL {
        let folder = kind.folder();
        pages.push(page(&format!("{folder}/index.html"), "list.html", folder, Show::List(kind)));
        let entities = kind.entities(views).iter().enumerate();
        pages.extend(entities.map(|(e, v)| page(&v.href, kind.template(), folder, Show::Entity(kind, e))));
    }
    pages
}

/// A change as the pages that list it see it: what they link and sort by, and its HTML.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeFragment<'a> {
    /// Stable anchor on its release page.
    pub anchor: &'a str,
    /// Title.
    pub title: &'a str,
    /// The release's version.
    pub version: &'a str,
    /// The release page, with `#anchor`.
    pub href: &'a str,
    /// Says it breaks compatibility.
    pub breaking: bool,
    /// Marked cosmetic.
    pub cosmetic: bool,
    /// Its `change.html` block, safe HTML.
    pub html: &'a str,
}

/// A release page: the release, and its groups with their changes.
#[derive(Debug, Serialize)]
pub struct ReleasePage<'a> {
    /// The release.
    #[serde(flatten)]
    pub release: &'a ReleaseView,
    /// Groups as in the source.
    pub groups: Vec<GroupPage<'a>>,
}

/// One group of a release page.
#[derive(Debug, Serialize)]
pub struct GroupPage<'a> {
    /// The heading above the group, when it differs from the last.
    pub section: Option<&'a str>,
    /// The group heading, if any.
    pub name: Option<&'a str>,
    /// Text under the group heading, safe HTML.
    pub note_html: Option<&'a str>,
    /// Changes.
    pub changes: Vec<ChangeFragment<'a>>,
}

/// A ticket, page, profile or capability page: the entity and its changes by release.
#[derive(Debug, Serialize)]
pub struct EntityPage<'a> {
    /// The entity.
    #[serde(flatten)]
    pub entity: &'a EntityView,
    /// Its changes under their releases, oldest first.
    pub by_release: Vec<ReleaseChanges<'a>>,
}

/// The changes of one release on an entity page.
#[derive(Debug, Serialize)]
pub struct ReleaseChanges<'a> {
    /// Version.
    pub version: &'a str,
    /// Product line, if any.
    pub product: Option<&'a str>,
    /// The release page.
    pub href: &'a str,
    /// Changes.
    pub changes: Vec<ChangeFragment<'a>>,
}

/// "Upgrading from X to Y", each list of changes as its joined `change-item.html` lines.
///
/// A comparison repeats every change up to three times (breaking, each capability, each page)
/// and there is one per release, so its lists are joined here rather than looped in the
/// template: the page's context holds one string per list, not one object per change.
#[derive(Debug, Serialize)]
pub struct ComparePage<'a> {
    /// From.
    pub from: &'a Named,
    /// To.
    pub to: &'a Named,
    /// This page.
    pub href: &'a str,
    /// Number of changes.
    pub change_count: usize,
    /// Number of breaking changes.
    pub breaking_count: usize,
    /// The breaking changes' list items, safe HTML.
    pub breaking_html: String,
    /// By capability.
    pub by_capability: Vec<CompareGroupPage<'a>>,
    /// By spec page.
    pub by_page: Vec<CompareGroupPage<'a>>,
}

/// A group of a compare page.
#[derive(Debug, Serialize)]
pub struct CompareGroupPage<'a> {
    /// Capability or page name.
    pub name: &'a str,
    /// This site's page for it.
    pub href: Option<&'a str>,
    /// Outside link.
    pub url: Option<&'a str>,
    /// Number of changes.
    pub change_count: usize,
    /// The changes' list items, safe HTML.
    pub changes_html: String,
}

fn fragment<'a>(data: &Data<'a>, id: ChangeId) -> ChangeFragment<'a> {
    let change = &data.views.changes[id.release][id.change];
    ChangeFragment {
        anchor: &change.anchor,
        title: &change.title,
        version: &change.version,
        href: &change.href,
        breaking: change.breaking,
        cosmetic: change.cosmetic,
        html: data.fragments.block(id),
    }
}

fn blocks<'a>(data: &Data<'a>, ids: impl Iterator<Item = ChangeId>) -> Vec<ChangeFragment<'a>> {
    ids.map(|id| fragment(data, id)).collect()
}

/// The `change-item.html` lines of `ids`, joined.
fn joined_items(fragments: &Fragments, ids: &[ChangeId]) -> String {
    let mut html = String::with_capacity(ids.iter().map(|id| fragments.item(*id).len()).sum());
    for id in ids {
        html.push_str(fragments.item(*id));
    }
    html
}

/// The page-specific context of a page (the caller adds `root`, `path`, `section`, `site`):
/// serialised as a map of its fields, the variables its template reads.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum PageContext<'a> {
    /// `index.html`.
    Index {
        /// Newest first.
        releases: Vec<&'a ReleaseView>,
        /// The chart.
        chart: &'a ChartView,
    },
    /// `search.html`: nothing of its own.
    Search {},
    /// `compare-index.html`.
    CompareIndex {
        /// Newest first.
        releases: Vec<&'a ReleaseView>,
        /// Each comparison: from, to, its page, its number of changes.
        compares: Vec<(&'a Named, &'a Named, &'a str, usize)>,
    },
    /// `release.html`.
    Release {
        /// The release and its changes.
        release: ReleasePage<'a>,
        /// Its comparison with the latest release of its line, if any.
        compare_href: Option<&'a str>,
        /// The release before it in its line.
        previous: Option<Named>,
        /// The release after it in its line.
        next: Option<Named>,
    },
    /// `compare.html`.
    Compare {
        /// The comparison.
        compare: ComparePage<'a>,
    },
    /// `list.html`.
    List {
        /// The list's title.
        title: &'static str,
        /// The kind's folder.
        kind: &'static str,
        /// The entities' summaries.
        items: Vec<EntitySummary>,
    },
    /// `ticket.html`, `page.html`, `profile.html`, `capability.html`.
    Entity {
        /// The entity and its changes.
        entity: EntityPage<'a>,
        /// The kind's folder.
        kind: &'static str,
        /// The title of the kind's list.
        list_title: &'static str,
        /// The page heading.
        heading: String,
    },
}

/// The page-specific context of `page`.
pub fn context<'a>(page: &Page, data: &'a Data<'a>) -> PageContext<'a> {
    let views = data.views;
    let newest_first = || views.releases.iter().rev().collect::<Vec<&ReleaseView>>();
    match page.show {
        Show::Index => PageContext::Index { releases: newest_first(), chart: &data.chart },
        Show::Search => PageContext::Search {},
        Show::CompareIndex => PageContext::CompareIndex {
            releases: newest_first(),
            compares: data.compares.iter().map(|c| (&c.from, &c.to, c.href.as_str(), c.change_count)).collect(),
        },
        Show::Release(r) => release_context(data, r),
        Show::Compare(c) => PageContext::Compare { compare: compare_page(data, &data.compares[c]) },
        Show::List(kind) => PageContext::List {
            title: kind.title(),
            kind: kind.folder(),
            items: kind.entities(views).iter().map(EntityView::summary).collect(),
        },
        Show::Entity(kind, e) => {
            let entity = &kind.entities(views)[e];
            PageContext::Entity {
                entity: EntityPage { entity, by_release: by_release(data, &entity.changes) },
                kind: kind.folder(),
                list_title: kind.title(),
                heading: kind.heading(&entity.name),
            }
        }
    }
}

fn compare_page<'a>(data: &Data<'a>, compare: &'a CompareView) -> ComparePage<'a> {
    let group = |g: &'a CompareGroup| CompareGroupPage {
        name: &g.name,
        href: g.href.as_deref(),
        url: g.url.as_deref(),
        change_count: g.changes.len(),
        changes_html: joined_items(data.fragments, &g.changes),
    };
    ComparePage {
        from: &compare.from,
        to: &compare.to,
        href: &compare.href,
        change_count: compare.change_count,
        breaking_count: compare.breaking.len(),
        breaking_html: joined_items(data.fragments, &compare.breaking),
        by_capability: compare.by_capability.iter().map(group).collect(),
        by_page: compare.by_page.iter().map(group).collect(),
    }
}

fn release_context<'a>(data: &'a Data<'a>, r: usize) -> PageContext<'a> {
    let views = data.views;
    let release = &views.releases[r];
    let later = data.compares.iter().find(|c| c.from.href == release.href).map(|c| c.href.as_str());
    let same_line = |i: &usize| views.releases[*i].product == release.product;
    let named = |i: usize| Named { name: views.releases[i].version.clone(), href: views.releases[i].href.clone() };
    let previous = (0..r).rev().find(same_line).map(named);
    let next = (r + 1..views.releases.len()).find(same_line).map(named);
    let groups = release
        .groups
        .iter()
        .map(|g| GroupPage {
            section: g.section.as_deref(),
            name: g.name.as_deref(),
            note_html: g.note_html.as_deref(),
            changes: blocks(data, g.changes.iter().map(|&change| ChangeId { release: r, change })),
        })
        .collect();
    PageContext::Release { release: ReleasePage { release, groups }, compare_href: later, previous, next }
}

/// `ids` (oldest release first) under their releases, consecutive changes of a release together.
fn by_release<'a>(data: &Data<'a>, ids: &[ChangeId]) -> Vec<ReleaseChanges<'a>> {
    let mut out: Vec<ReleaseChanges<'a>> = Vec::new();
    for chunk in ids.chunk_by(|a, b| a.release == b.release) {
        let release = &data.views.releases[chunk[0].release];
        out.push(ReleaseChanges {
            version: &release.version,
            product: release.product.as_deref(),
            href: &release.href,
            changes: blocks(data, chunk.iter().copied()),
        });
    }
    out
}
