//! Stage render: the view model built from the project, in one pass over the changes.
//!
//! File names are handed out first (release, page, profile and capability slugs), so every
//! change view can link to the entity pages; then each release's changes become
//! [`ChangeView`]s once, and release groups, entity pages and comparisons refer to them by
//! index ([`ChangeId`]) rather than copying them. All
//! maps are `BTreeMap`s and releases keep the model's order, so the result is the same
//! whatever the thread count.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::compare::is_breaking;
use super::links::{Slugs, SpecLinks, is_safe_url, safe_url};
use super::markdown::to_html;
use super::view::*;
use crate::Project;
use crate::model::index::normalise_page_url;
use crate::model::pagerefs::split_target;
use crate::model::{Change, ChangeId, PageRef, Release};
use crate::parse::ids::IdCounter;

/// The whole view model of a site.
#[derive(Debug, Clone)]
pub struct Collected {
    /// Site-wide facts.
    pub site: SiteView,
    /// Releases in model order (oldest first within a product line).
    pub releases: Vec<ReleaseView>,
    /// Change views, parallel to the model: `changes[release][change]`.
    pub changes: Vec<Vec<ChangeView>>,
    /// Tickets, by number.
    pub tickets: Vec<EntityView>,
    /// Spec pages, by path.
    pub pages: Vec<EntityView>,
    /// FHIR profiles, by name.
    pub profiles: Vec<EntityView>,
    /// Capabilities, by name.
    pub capabilities: Vec<EntityView>,
    /// Spec links, for the export.
    pub spec: SpecLinks,
}

/// Site-root-relative hrefs of every entity page, handed out before any change is viewed.
struct Hrefs {
    releases: Vec<String>,
    pages: BTreeMap<String, String>,
    profiles: BTreeMap<String, String>,
    capabilities: BTreeMap<String, String>,
}

fn hrefs(project: &Project) -> Hrefs {
    let index = &project.model.index;
    let named = |folder: &str, names: &mut dyn Iterator<Item = &String>| {
        let mut slugs = Slugs::default();
        slugs.unique("index");
        names
            .map(|n| {
                let stem = n.trim_start_matches('/').trim_end_matches(".html");
                (n.clone(), format!("{folder}/{}.html", slugs.unique(stem)))
            })
            .collect()
    };
    let mut release_slugs = Slugs::default();
    release_slugs.unique("index");
    let releases = project
        .model
        .releases
        .iter()
        .map(|r| {
            let name = match &r.product {
                Some(p) => format!("{p}-{}", r.version),
                None => r.version.clone(),
            };
            format!("releases/{}.html", release_slugs.unique(&name))
        })
        .collect();
    Hrefs {
        releases,
        pages: named("pages", &mut index.pages.keys()),
        profiles: named("profiles", &mut index.profiles.keys()),
        capabilities: named("capabilities", &mut index.capabilities.keys()),
    }
}

/// Builds the view model of `project`.
pub fn collect(project: &Project) -> Collected {
    let spec = SpecLinks::of(project);
    let hrefs = hrefs(project);
    let model = &project.model;
    let changes: Vec<Vec<ChangeView>> = model
        .releases
        .par_iter()
        .enumerate()
        .map(|(r, release)| release_changes(release, &hrefs.releases[r], &hrefs, &spec))
        .collect();
    let releases = model
        .releases
        .iter()
        .zip(&changes)
        .enumerate()
        .map(|(r, (release, views))| release_view(release, views, &hrefs.releases[r], &spec))
        .collect();
    let ctx = EntityContext { changes: &changes, releases: &model.releases };
    let tickets = model
        .index
        .tickets
        .iter()
        .map(|(n, ids)| ctx.entity(format!("#{n}"), format!("tickets/{n}.html"), ticket_url(project, *n, ids), ids))
        .collect();
    let pages = model
        .index
        .pages
        .iter()
        .map(|(path, ids)| ctx.entity(path.clone(), hrefs.pages[path].clone(), spec.page(path, None), ids))
        .collect();
    let profiles = model
        .index
        .profiles
        .iter()
        .map(|(name, ids)| ctx.entity(name.clone(), hrefs.profiles[name].clone(), profile_url(project, ids), ids))
        .collect();
    let capabilities = model
        .index
        .capabilities
        .iter()
        .map(|(name, ids)| ctx.entity(name.clone(), hrefs.capabilities[name].clone(), None, ids))
        .collect();
    let site = SiteView {
        title: site_title(project),
        generator: format!("specnotes {}", env!("CARGO_PKG_VERSION")),
        spec_url: spec.base.clone(),
        release_count: model.releases.len(),
        change_count: changes.iter().map(Vec::len).sum(),
    };
    Collected { site, releases, changes, tickets, pages, profiles, capabilities, spec }
}

fn site_title(project: &Project) -> String {
    let raw = &project.site.config.raw;
    ["site_title", "title"]
        .iter()
        .find_map(|k| raw.get(*k).and_then(crate::load::front_matter::value_to_string))
        .filter(|t| !t.trim().is_empty())
        .map(|t| crate::parse::html::decode_entities(&t))
        .or_else(|| project.site.root.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Specification".to_string())
}

fn ticket_url(project: &Project, number: u64, ids: &[ChangeId]) -> Option<String> {
    ids.iter()
        .filter_map(|id| project.model.get_change(*id))
        .flat_map(|c| &c.tickets)
        .find(|t| t.number == Some(number) && !t.url.is_empty())
        .and_then(|t| safe_url(&t.url))
}

fn profile_url(project: &Project, ids: &[ChangeId]) -> Option<String> {
    let change = project.model.get_change(*ids.last()?)?;
    change.profiles_changed.iter().find_map(|p| safe_url(&p.url))
}

struct EntityContext<'a> {
    changes: &'a [Vec<ChangeView>],
    releases: &'a [Release],
}

impl EntityContext<'_> {
    /// An entity page listing the changes `ids` (those that exist), oldest release first.
    fn entity(&self, name: String, href: String, url: Option<String>, ids: &[ChangeId]) -> EntityView {
        let changes: Vec<ChangeId> = ids
            .iter()
            .filter(|id| self.changes.get(id.release).is_some_and(|r| id.change < r.len()))
            .copied()
            .collect();
        let last_version = changes.last().map(|id| self.releases[id.release].version.clone());
        EntityView { name, href, url, change_count: changes.len(), last_version, changes }
    }
}

fn release_changes(release: &Release, href: &str, hrefs: &Hrefs, spec: &SpecLinks) -> Vec<ChangeView> {
    let mut anchors = IdCounter::new("");
    release
        .changes
        .iter()
        .map(|change| {
            let anchor = anchors.next_id(&change.title).unwrap_or_else(|| "change".to_string());
            change_view(release, change, anchor, href, hrefs, spec)
        })
        .collect()
}

/// The resolver for links in a release's Markdown: outside links as they are, spec links to
/// the published page of this release, anything unsafe or unpublishable as plain text.
fn spec_resolver<'a>(release: &'a Release, spec: &'a SpecLinks) -> impl Fn(&str) -> Option<String> + 'a {
    move |dest: &str| {
        let dest = dest.trim();
        if !is_safe_url(dest) || dest.is_empty() {
            return None;
        }
        if dest.starts_with("//") {
            return Some(format!("https:{dest}"));
        }
        if !crate::model::pagerefs::is_internal(dest) && !dest.starts_with('#') {
            return Some(dest.to_string());
        }
        let (target, anchor) = split_target(dest);
        let path = if target.is_empty() { release.url.clone() } else { normalise_page_url(&target, &release.url)? };
        spec.page_at(&release.version, &path, anchor.as_deref())
    }
}

fn change_view(
    release: &Release,
    change: &Change,
    anchor: String,
    release_href: &str,
    hrefs: &Hrefs,
    spec: &SpecLinks,
) -> ChangeView {
    let resolve = spec_resolver(release, spec);
    let page_ref = |p: &PageRef| {
        let path = normalise_page_url(&p.target, &release.url);
        PageRefView {
            text: p.text.clone(),
            url: path.as_ref().and_then(|path| spec.page_at(&release.version, path, p.anchor.as_deref())),
            href: path.as_ref().and_then(|path| hrefs.pages.get(path).cloned()),
            path: path.unwrap_or_else(|| p.target.clone()),
            anchor: p.anchor.clone(),
            notes_html: p.notes.iter().map(|n| to_html(n, &resolve)).collect(),
            diff: None,
        }
    };
    ChangeView {
        href: format!("{release_href}#{anchor}"),
        anchor,
        title: change.title.clone(),
        version: release.version.clone(),
        cosmetic: change.cosmetic,
        breaking: is_breaking(change),
        date: change.date.map(|d| d.to_string()),
        tickets: change
            .tickets
            .iter()
            .map(|t| TicketView {
                text: t.text.clone(),
                number: t.number,
                url: safe_url(&t.url),
                href: t.number.map(|n| format!("tickets/{n}.html")),
            })
            .collect(),
        affects: change
            .affects
            .iter()
            .map(|c| Named { name: c.name.clone(), href: hrefs.capabilities.get(&c.name).cloned().unwrap_or_default() })
            .collect(),
        impacts: change.impacts.clone(),
        description_html: to_html(&change.description, &resolve),
        pages_changed: change.pages_changed.iter().map(page_ref).collect(),
        pages_added: change.pages_added.iter().map(page_ref).collect(),
        profiles: change
            .profiles_changed
            .iter()
            .map(|p| ProfileView {
                name: p.name.clone(),
                url: safe_url(&p.url),
                kind: format!("{:?}", p.kind),
                href: hrefs.profiles.get(&p.name).cloned().unwrap_or_default(),
            })
            .collect(),
    }
}

fn release_view(release: &Release, changes: &[ChangeView], href: &str, spec: &SpecLinks) -> ReleaseView {
    let mut groups: Vec<GroupView> = Vec::new();
    let mut last_section: Option<&str> = None;
    for (index, change) in release.changes.iter().enumerate().take(changes.len()) {
        let same_group =
            groups.last().is_some_and(|g| g.name == change.group) && last_section == change.section.as_deref();
        if !same_group {
            let section = change.section.as_deref().filter(|s| Some(*s) != last_section).map(str::to_string);
            let resolve = spec_resolver(release, spec);
            let note_html = change.group_note.as_deref().map(|n| to_html(n, &resolve));
            groups.push(GroupView { section, name: change.group.clone(), note_html, changes: Vec::new() });
            last_section = change.section.as_deref();
        }
        if let Some(group) = groups.last_mut() {
            group.changes.push(index);
        }
    }
    let mut seen = BTreeSet::new();
    let capabilities =
        changes.iter().flat_map(|c| &c.affects).filter(|c| seen.insert(c.name.clone())).cloned().collect();
    let tickets: BTreeSet<&str> = release.changes.iter().flat_map(|c| &c.tickets).map(|t| t.text.as_str()).collect();
    ReleaseView {
        version: release.version.clone(),
        product: release.product.clone(),
        // The theme writes `{{ page.title }}` unescaped: `&reg;` is the character.
        title: crate::parse::html::decode_entities(&release.title),
        href: href.to_string(),
        date: release.date.map(|d| d.to_string()),
        date_text: release.date_text.clone(),
        url: spec.page_at(&release.version, &release.url, None),
        introduction_html: to_html(&release.introduction, &spec_resolver(release, spec)),
        change_count: changes.len(),
        ticket_count: tickets.len(),
        breaking_count: changes.iter().filter(|c| c.breaking).count(),
        capabilities,
        groups,
    }
}
