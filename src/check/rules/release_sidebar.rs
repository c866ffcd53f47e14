//! Rule `release-sidebar`: a release page missing from the sidebar, or listed out of version order.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::resolve::Target;
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::fix::safe::{self, Withheld};
use crate::fix::yaml::{self, ItemBlock};
use crate::load::{NavItem, Sidebar};
use crate::model::Release;

/// The rule.
pub const RULE: Rule = Rule {
    name: "release-sidebar",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a release-notes page missing from every sidebar, or listed out of version order",
    explain: "Readers find release notes through the sidebar, which lists them newest first. A new release page \
that is not added to the sidebar is invisible; one inserted in the wrong place misleads. Within each product \
line (`documents_1_0_0` is its own line), the sidebar's release items must be in version order — newest first, \
or oldest first if the sidebar is written that way throughout.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let project = ctx.project;
    let model = &project.model;
    let mut listed = BTreeSet::new();
    for sidebar in &project.site.sidebars {
        let items = release_items(ctx, sidebar);
        listed.extend(items.iter().map(|(r, _)| model.release_pages[*r]));
        let versions = |r: usize| &model.releases[r].parsed_version;
        let products: BTreeSet<&Option<String>> = items.iter().map(|(r, _)| &versions(*r).product).collect();
        for product in products {
            // Each product line is read on its own: its direction from its own first and last items.
            let line: Vec<_> = items.iter().filter(|(r, _)| &versions(*r).product == product).collect();
            let descending = match (line.first(), line.last()) {
                (Some((a, _)), Some((b, _))) => versions(*a) >= versions(*b),
                _ => true,
            };
            for w in line.windows(2) {
                let ((a, _), (b, item)) = (*w[0], *w[1]);
                let (va, vb) = (versions(a), versions(b));
                if if descending { vb > va } else { vb < va } {
                    let order = if descending { "newest first" } else { "oldest first" };
                    out.push(Diagnostic::new(
                        RULE.name,
                        sidebar.file.clone(),
                        item.span,
                        format!(
                            "release {} is listed after {} (the sidebar lists releases {order})",
                            model.releases[b].version, model.releases[a].version
                        ),
                    ));
                }
            }
        }
    }
    let sidebars_with_releases = !listed.is_empty();
    // A page holding several releases (a changelog) is reported once, by its newest release,
    // which is also where a sidebar lists it.
    let newest = newest_of_each_page(model);
    for (i, (r, &p)) in model.releases.iter().zip(&model.release_pages).enumerate() {
        let Some(&(_, count)) = newest.get(&p).filter(|(n, _)| *n == i) else { continue };
        if listed.contains(&p) {
            continue;
        }
        let page = &project.site.pages[p];
        let help = if sidebars_with_releases {
            "add it to the sidebar that lists the other release notes, in version order"
        } else {
            "add it to a sidebar under `_data/sidebars/`"
        };
        let message = if unreadable(r) {
            format!("release notes `{}` (version cannot be read) are not in any sidebar", r.file)
        } else {
            match count {
                1 => format!("release {} is not in any sidebar", r.version),
                2 => format!("release {} is not in any sidebar, nor is the page's earlier release", r.version),
                n => format!(
                    "release {} is not in any sidebar, nor are the page's {} earlier releases",
                    r.version,
                    n - 1
                ),
            }
        };
        let diag = Diagnostic::new(RULE.name, page.path(), r.span, message).with_help(help);
        out.push(match missing_item_fix(ctx, i) {
            Ok(fix) => diag.with_fix(fix),
            Err(Some(why)) => safe::explain(diag, &why),
            Err(None) => diag,
        });
    }
}

/// For each release page (index into `site.pages`): its newest release (index into the model's
/// releases) and how many releases it holds.
fn newest_of_each_page(model: &crate::model::Model) -> BTreeMap<usize, (usize, usize)> {
    let mut newest: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (r, &p) in model.release_pages.iter().enumerate() {
        let e = newest.entry(p).or_insert((r, 0));
        e.1 += 1;
        if model.releases[r].parsed_version > model.releases[e.0].parsed_version {
            e.0 = r;
        }
    }
    newest
}

/// (release index, item) for each web item of `sidebar` pointing at a release page, in order.
fn release_items<'s>(ctx: &Context, sidebar: &'s Sidebar) -> Vec<(usize, &'s NavItem)> {
    let model = &ctx.project.model;
    // A page holding several releases (a changelog) is one place in the order: its newest release.
    let newest = newest_of_each_page(model);
    let mut items = Vec::new();
    for item in sidebar.items.iter().filter(|i| i.is_web() && !i.external) {
        if let Some(p) = ctx.resolver.nav_page(&item.url) {
            items.extend(newest.get(&p).map(|&(r, _)| (r, item)));
        }
    }
    items
}

/// Whether a release's version could not be read (its page states none).
fn unreadable(release: &Release) -> bool {
    release.version.trim().is_empty() || release.parsed_version.numbers.is_empty()
}

/// Inserts an item for release `r` into the sidebar listing the most other releases of its
/// product line, in version order, copied from the neighbouring item. No fix when the list
/// is out of order, the version is already listed, two sidebars list as many, another page
/// holds the page's URL, the page holds several releases, or the neighbour is not a plain
/// item whose title is its version (moving or inventing YAML is not a single right answer);
/// `Err(Some(why))` when the release's version cannot be read (the item would have no title
/// and no place) or its place depends on an order its pre-release words do not state.
fn missing_item_fix(ctx: &Context, r: usize) -> Result<Fix, Option<Withheld>> {
    let model = &ctx.project.model;
    let (release, page_index) = (&model.releases[r], model.release_pages[r]);
    if unreadable(release) {
        return Err(Some(Withheld::Blank));
    }
    let page = &ctx.project.site.pages[page_index];
    let served_here = ctx.resolver.lookup(&page.url) == Target::Page(page_index);
    if !served_here || model.release_pages.iter().filter(|p| **p == page_index).count() != 1 {
        return Err(None);
    }
    let version = |r: usize| &model.releases[r].parsed_version;
    let same_line = |r: &usize| version(*r).product == release.parsed_version.product;
    // The sidebar listing the most releases of the line (a top bar may link the latest too).
    let mut listing: Vec<_> = ctx
        .project
        .site
        .sidebars
        .iter()
        .map(|s| (s, release_items(ctx, s).into_iter().filter(|(r, _)| same_line(r)).collect::<Vec<_>>()))
        .filter(|(_, items)| !items.is_empty())
        .collect();
    listing.sort_by_key(|(_, items)| std::cmp::Reverse(items.len()));
    let tie = listing.get(1).is_some_and(|(_, items)| items.len() == listing[0].1.len());
    let (sidebar, items) = listing.into_iter().next().ok_or(None)?;
    if tie || items.iter().any(|(x, _)| version(*x) == &release.parsed_version) {
        return Err(None);
    }
    let descending = version(items[0].0) >= version(items[items.len() - 1].0);
    let in_order = items.windows(2).all(|w| (version(w[0].0) >= version(w[1].0)) == descending);
    if !in_order {
        return Err(None);
    }
    // The place is only right if the order against every listed release is stated, not a
    // tie-break; a release listed under another spelling of its version (`6.0`, `6.0.0`) is listed.
    for &(x, _) in &items {
        match version(x).known_cmp(&release.parsed_version) {
            Some(std::cmp::Ordering::Equal) => return Err(None),
            Some(_) => {}
            None => {
                let old = model.releases[x].version.clone();
                return Err(Some(Withheld::Unordered { old, new: release.version.clone() }));
            }
        }
    }
    let goes_before = |x: usize| (version(x) < &release.parsed_version) == descending;
    let (neighbour, before) = match items.iter().find(|(x, _)| goes_before(*x)) {
        Some(&(x, item)) => ((x, item), true),
        None => (items[items.len() - 1], false),
    };
    let text = &ctx.project.site.data_files.get(&sidebar.file).ok_or(None)?.text;
    let block: ItemBlock = yaml::item_block(text, neighbour.1.span.offset).ok_or(None)?;
    let new_block = copy_item(ctx, text, &block, neighbour, r)?;
    let at = if before { block.range.start } else { block.range.end };
    Ok(Fix {
        description: format!("add release {} to `{}`", release.version, sidebar.file),
        edits: vec![Edit { file: sidebar.file.clone(), range: at..at, replacement: new_block }],
    })
}

/// The neighbour's item block with its title and URL rewritten for release `r`; `Err(Some(Blank))`
/// when the title or URL to write would be empty.
fn copy_item(
    ctx: &Context,
    text: &str,
    block: &ItemBlock,
    neighbour: (usize, &NavItem),
    r: usize,
) -> Result<String, Option<Withheld>> {
    let model = &ctx.project.model;
    let site = &ctx.project.site;
    let (theirs, ours) = (&model.releases[neighbour.0], &model.releases[r]);
    let numbers = |v: &crate::model::Version| v.numbers.iter().map(u64::to_string).collect::<Vec<_>>().join(".");
    let title = if neighbour.1.title == theirs.version {
        ours.version.clone()
    } else if neighbour.1.title == numbers(&theirs.parsed_version) {
        numbers(&ours.parsed_version)
    } else {
        return Err(None);
    };
    let their_url = site.pages[model.release_pages[neighbour.0]].url.trim_start_matches('/');
    let our_url = site.pages[model.release_pages[r]].url.trim_start_matches('/');
    if their_url.is_empty() || !neighbour.1.url.contains(their_url) {
        return Err(None);
    }
    safe::not_blank(&title)?;
    safe::not_blank(our_url)?;
    let mut out = String::new();
    for line in &block.lines {
        let line_text = &text[line.clone()];
        let (key, value_at) = yaml::key_of(line_text).ok_or(None)?;
        let new_line = match key {
            "title" => yaml::replace_in_value(line_text, value_at, &neighbour.1.title, &title),
            "url" => yaml::replace_in_value(line_text, value_at, their_url, our_url),
            _ => Some(line_text.to_string()),
        };
        out.push_str(&new_line.ok_or(None)?);
    }
    Ok(out)
}
