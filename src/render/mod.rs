//! Stage 5, render: the release-notes website, in memory.
//!
//! Between the model and the report stages: [`render`] turns a [`Project`] into
//! [`SiteFiles`] (site path -> bytes) and writes nothing, so `build` writes them with
//! [`output::write_site`] and `serve` can serve them from memory. The view model
//! ([`view`], built by [`collect`]) is computed once, and each change is rendered once into
//! HTML fragments ([`fragments`]); then every page ([`pages`]) is an independent tera render
//! of a small context that points at those fragments, done in parallel with rayon and
//! gathered into a `BTreeMap`, so the output is byte-identical whatever the thread count. Spec text reaches the pages escaped by tera or
//! through [`markdown`], which escapes raw HTML and drops unsafe links. Every link is
//! relative ([`links`]), and scripts and their data are files, so the site works from
//! `file://`, from any sub-path, and under its own Content-Security-Policy.

pub mod chart;
pub mod collect;
pub mod compare;
pub mod diff_rows;
pub mod diffs;
pub mod export;
pub mod feed;
pub mod fragments;
pub mod links;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod pages;
pub mod search;
pub mod templates;
pub mod view;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use tera::Context;

use crate::Project;
use crate::error::Result;
use collect::Collected;
use links::root_of;
use memo::Memo;
use templates::Loaded;

pub use output::write_site;

/// The rendered site: `/`-separated site path -> file bytes.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// A folder of templates and assets overriding the defaults by file name.
    pub templates: Option<PathBuf>,
    /// Where the site itself is published (for `sitemap.xml` and the feed's links).
    pub site_url: Option<String>,
    /// Page diffs between releases (`build --git`): a diff page per listed page, linked from it.
    pub git: Option<diffs::GitDiffs>,
}

/// Renders the whole site of `project` in memory.
pub fn render(project: &Project, options: &Options) -> Result<SiteFiles> {
    render_with(project, options, None)
}

/// [`render`], taking from `memo` what earlier renders made from the same input and keeping
/// what this one makes for the next (`serve`; see [`memo`]).
pub fn render_with(project: &Project, options: &Options, memo: Option<&Memo>) -> Result<SiteFiles> {
    if let Some(memo) = memo {
        memo.begin();
    }
    let files = render_site(project, options, memo);
    if let Some(memo) = memo {
        memo.finish();
    }
    files
}

fn render_site(project: &Project, options: &Options, memo: Option<&Memo>) -> Result<SiteFiles> {
    let (loaded, views) = rayon::join(|| templates::load(options.templates.as_deref()), || collect::collect(project));
    let loaded = loaded?;
    let (views, diff_pages) = diffs::with_diffs(views, options.git.as_ref());
    let fragments = fragments::render(&loaded, &views, memo)?;
    let data = pages::Data {
        views: &views,
        fragments: &fragments,
        compares: compare::to_latest(&project.model, &views),
        chart: chart::chart(&views.releases, &views.changes),
    };
    // The pages on every worker; the feed and the data files beside them.
    let (pages, others) = rayon::join(
        || {
            pages::list(&data)
                .into_par_iter()
                .map(|page| {
                    let context = pages::context(&page, &data);
                    render_page(&loaded, memo, &views, page.path, page.template, page.section, context)
                })
                .chain(diff_pages.par_iter().map(|diff| {
                    let mut context = Context::new();
                    context.insert("diff", diff);
                    render_page(&loaded, memo, &views, diff.href.clone(), "diff.html", "releases", context)
                }))
                .collect::<Result<Vec<_>>>()
        },
        || data_files(project, &views, &loaded, options),
    );
    let mut files: SiteFiles = pages?.into_iter().chain(others?).collect();
    let html: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    let site_url = options.site_url.as_deref().map(|u| format!("{}/", u.trim_end_matches('/'))).unwrap_or_default();
    let mut sitemap = Context::new();
    sitemap.insert("paths", &html);
    sitemap.insert("site_url", &site_url);
    let (path, bytes) = render_page(&loaded, None, &views, "sitemap.xml".into(), "sitemap.xml", "", sitemap)?;
    files.insert(path, bytes);
    files.extend(loaded.assets);
    Ok(files)
}

/// The feed, `releases.json` and its schema, and the data scripts of the search and compare pages.
fn data_files(
    project: &Project,
    views: &Collected,
    loaded: &Loaded,
    options: &Options,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut feed = Context::new();
    feed.insert("feed", &feed::feed(project, views, options.site_url.as_deref()));
    let json = export::releases_json(project, views)?;
    Ok(vec![
        render_page(loaded, None, views, "feed.xml".into(), "feed.xml", "", feed)?,
        ("assets/releases-data.js".into(), export::as_script("SPECNOTES_RELEASES", &json).into_bytes()),
        ("releases.json".into(), json.into_bytes()),
        ("releases.schema.json".into(), export::SCHEMA.as_bytes().to_vec()),
        ("assets/search-index.js".into(), search::search_index(project, views)?.into_bytes()),
    ])
}

/// Renders one page: `context` plus what every page has (`root`, `path`, `section`, `site`).
fn render_page(
    loaded: &Loaded,
    memo: Option<&Memo>,
    views: &Collected,
    path: String,
    template: &str,
    section: &str,
    mut context: Context,
) -> Result<(String, Vec<u8>)> {
    context.insert("root", &root_of(&path));
    context.insert("path", &path);
    context.insert("section", section);
    context.insert("site", &views.site);
    let text = memo::render(&loaded.tera, loaded.fingerprint, template, Cow::Owned(context), memo)?;
    Ok((path, text.as_bytes().to_vec()))
}
