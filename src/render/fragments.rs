//! Stage render: every change rendered once, as HTML fragments the pages then join.
//!
//! A change is shown on its release page, on the page of each ticket, spec page, profile and
//! capability it names, and in the lists of every comparison that spans it: rendering it
//! through tera on each of those pages made the site cost grow with (changes x pages that
//! show them). Instead each change is rendered once by `change.html` (its block: heading,
//! tickets, description, pages, profiles) and once by `change-item.html` (its line in a
//! list), in parallel, and the pages insert those strings as safe HTML. Every page that shows
//! changes sits one folder below the site root (`releases/`, `tickets/`, `compare/`...), so
//! the fragments are rendered with `root` = [`FRAGMENT_ROOT`] and read the same everywhere.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::collect::Collected;
use super::memo::{self, Memo};
use super::templates::Loaded;
use super::view::{ChangeView, SiteView};
use crate::error::Result;
use crate::model::ChangeId;

/// The `root` of every page that shows change fragments: one folder below the site root.
pub const FRAGMENT_ROOT: &str = "../";

/// The template of a change's block on release and entity pages.
pub const BLOCK_TEMPLATE: &str = "change.html";

/// The template of a change's line in the lists of the compare pages.
pub const ITEM_TEMPLATE: &str = "change-item.html";

/// The rendered fragments of every change, parallel to [`Collected::changes`].
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    blocks: Vec<Vec<Arc<str>>>,
    items: Vec<Vec<Arc<str>>>,
}

impl Fragments {
    /// The block of change `id` (`change.html`); empty if there is no such change.
    pub fn block(&self, id: ChangeId) -> &str {
        self.blocks.get(id.release).and_then(|r| r.get(id.change)).map_or("", |f| f)
    }

    /// The list item of change `id` (`change-item.html`); empty if there is no such change.
    pub fn item(&self, id: ChangeId) -> &str {
        self.items.get(id.release).and_then(|r| r.get(id.change)).map_or("", |f| f)
    }
}

/// What a change's templates see.
#[derive(Serialize)]
struct FragmentContext<'a> {
    c: &'a ChangeView,
    root: &'a str,
    site: &'a SiteView,
}

/// Renders the block and list item of every change of `views`, in parallel.
/// Through `memo` when given (see [`super::memo`]).
pub fn render(loaded: &Loaded, views: &Collected, memo: Option<&Memo>) -> Result<Fragments> {
    let ids: Vec<(ChangeId, &ChangeView)> = views
        .changes
        .iter()
        .enumerate()
        .flat_map(|(r, changes)| changes.iter().enumerate().map(move |(c, v)| (ChangeId { release: r, change: c }, v)))
        .collect();
    let rendered: Vec<(Arc<str>, Arc<str>)> = ids
        .par_iter()
        .map(|(_, change)| {
            let context = FragmentContext { c: change, root: FRAGMENT_ROOT, site: &views.site };
            let [block, item] =
                memo::render(&loaded.tera, loaded.fingerprint, [BLOCK_TEMPLATE, ITEM_TEMPLATE], &context, memo)?;
            Ok((block, item))
        })
        .collect::<Result<_>>()?;
    let mut fragments = Fragments {
        blocks: views.changes.iter().map(|r| Vec::with_capacity(r.len())).collect(),
        items: views.changes.iter().map(|r| Vec::with_capacity(r.len())).collect(),
    };
    for ((id, _), (block, item)) in ids.iter().zip(rendered) {
        fragments.blocks[id.release].push(block);
        fragments.items[id.release].push(item);
    }
    Ok(fragments)
}
