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

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

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
                    render_page(&loaded, memo, &views, page.path, page.template, page.section, &context)
                })
                .chain(diff_pages.par_iter().map(|diff| {
                    let context = DiffContext { diff };
                    render_page(&loaded, memo, &views, diff.href.clone(), "diff.html", "releases", &context)
                }))
                .collect::<Result<Vec<_>>>()
        },
        || data_files(project, &views, &loaded, options, memo),
    );
    let mut files: SiteFiles = pages?.into_iter().chain(others?).collect();
    let paths: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    let site_url = options.site_url.as_deref().map(|u| format!("{}/", u.trim_end_matches('/'))).unwrap_or_default();
    let sitemap = SitemapContext { paths, site_url: &site_url };
    let (path, bytes) = render_page(&loaded, memo, &views, "sitemap.xml".into(), "sitemap.xml", "", &sitemap)?;
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
    memo: Option<&Memo>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let feed = FeedContext { feed: feed::feed(project, views, options.site_url.as_deref()) };
    let [json, script] = memo::derived("releases.json", &export::export(project, views), memo, |export| {
        let json = export::to_json(export)?;
        let script = export::as_script("SPECNOTES_RELEASES", &json);
        Ok([json, script])
    })?;
    let [search] = memo::derived("search-index.js", &search::input(project, views), memo, |input| {
        Ok([search::search_index(input)?])
    })?;
    Ok(vec![
        render_page(loaded, memo, views, "feed.xml".into(), "feed.xml", "", &feed)?,
        ("assets/releases-data.js".into(), script.as_bytes().to_vec()),
        ("releases.json".into(), json.as_bytes().to_vec()),
        ("releases.schema.json".into(), export::SCHEMA.as_bytes().to_vec()),
        ("assets/search-index.js".into(), search.as_bytes().to_vec()),
    ])
}

/// The context of `diff.html`.
#[derive(Serialize)]
struct DiffContext<'a> {
    diff: &'a diffs::DiffView,
}

/// The context of `sitemap.xml`.
#[derive(Serialize)]
struct SitemapContext<'a> {
    paths: Vec<&'a String>,
    site_url: &'a str,
}

/// The context of `feed.xml`.
#[derive(Serialize)]
struct FeedContext {
    feed: feed::FeedView,
}

/// A page's own context and what every page has.
#[derive(Serialize)]
struct PageWith<'a, C> {
    #[serde(flatten)]
    page: &'a C,
    root: &'a str,
    path: &'a str,
    section: &'a str,
    site: &'a view::SiteView,
}

/// Renders one page: `context` (a map) plus what every page has (`root`, `path`, `section`, `site`).
fn render_page<C: Serialize>(
    loaded: &Loaded,
    memo: Option<&Memo>,
    views: &Collected,
    path: String,
    template: &str,
    section: &str,
    context: &C,
) -> Result<(String, Vec<u8>)> {
    let root = root_of(&path);
    let context = PageWith { page: context, root: &root, path: &path, section, site: &views.site };
    let [text] = memo::render(&loaded.tera, loaded.fingerprint, [template], &context, memo)?;
    Ok((path, text.as_bytes().to_vec()))
}
