//! Stage 5, render: the release-notes website, in memory.
//!
//! Between the model and the report stages: [`render`] turns a [`Project`] into
//! [`SiteFiles`] (site path -> bytes) and writes nothing, so `build` writes them with
//! [`output::write_site`] and `serve` can serve them from memory. The view model
//! ([`view`], built by [`collect`]) is computed once; then every page is an independent tera
//! render, done in parallel with rayon and gathered into a `BTreeMap`, so the output is
//! byte-identical whatever the thread count. Spec text reaches the pages escaped by tera or
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
pub mod links;
pub mod markdown;
pub mod output;
pub mod search;
pub mod templates;
pub mod view;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::Project;
use crate::error::{Error, Result};
use collect::Collected;
use links::root_of;

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

/// One page to render: its path, template and page-specific context.
struct Job {
    path: String,
    template: &'static str,
    section: &'static str,
    context: Context,
}

impl Job {
    fn new(path: impl Into<String>, template: &'static str, section: &'static str) -> Job {
        Job { path: path.into(), template, section, context: Context::new() }
    }

    fn with(mut self, key: &str, value: &impl Serialize) -> Job {
        self.context.insert(key, value);
        self
    }
}

/// Renders the whole site of `project` in memory.
pub fn render(project: &Project, options: &Options) -> Result<SiteFiles> {
    let loaded = templates::load(options.templates.as_deref())?;
    let (views, diff_jobs) = diffs::with_diffs(collect::collect(project), options.git.as_ref());
    let mut jobs = pages(project, &views);
    jobs.extend(diff_jobs);
    jobs.push(
        Job::new("feed.xml", "feed.xml", "").with("feed", &feed::feed(project, &views, options.site_url.as_deref())),
    );
    let mut files: SiteFiles = jobs
        .into_par_iter()
        .map(|job| render_job(&loaded.tera, &views, job))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .collect();
    let html: Vec<&String> = files.keys().filter(|p| p.ends_with(".html")).collect();
    let site_url = options.site_url.as_deref().map(|u| format!("{}/", u.trim_end_matches('/'))).unwrap_or_default();
    let sitemap = Job::new("sitemap.xml", "sitemap.xml", "").with("paths", &html).with("site_url", &site_url);
    let sitemap = render_job(&loaded.tera, &views, sitemap)?;
    files.insert(sitemap.0, sitemap.1);
    let json = export::releases_json(project, &views)?;
    files.insert("assets/releases-data.js".into(), export::as_script("SPECNOTES_RELEASES", &json).into_bytes());
    files.insert("releases.json".into(), json.into_bytes());
    files.insert("releases.schema.json".into(), export::SCHEMA.as_bytes().to_vec());
    files.insert("assets/search-index.js".into(), search::search_index(project, &views)?.into_bytes());
    files.extend(loaded.assets);
    Ok(files)
}

fn render_job(tera: &Tera, views: &Collected, job: Job) -> Result<(String, Vec<u8>)> {
    let mut context = job.context;
    context.insert("root", &root_of(&job.path));
    context.insert("path", &job.path);
    context.insert("section", job.section);
    context.insert("site", &views.site);
    let text = tera
        .render(job.template, &context)
        .map_err(|e| Error::Template { name: job.template.to_string(), message: templates::chain(&e) })?;
    Ok((job.path, text.into_bytes()))
}

/// Every HTML page of the site.
fn pages(project: &Project, views: &Collected) -> Vec<Job> {
    let newest_first: Vec<&view::ReleaseView> = views.releases.iter().rev().collect();
    let compares = compare::to_latest(&project.model, views);
    let mut jobs = vec![
        Job::new("index.html", "index.html", "releases")
            .with("releases", &newest_first)
            .with("chart", &chart::chart(&views.releases, &views.changes)),
        Job::new("search.html", "search.html", "search"),
        Job::new("compare/index.html", "compare-index.html", "compare")
            .with("releases", &newest_first)
            .with("compares", &compares.iter().map(|c| (&c.from, &c.to, &c.href, c.change_count)).collect::<Vec<_>>()),
    ];
    for (r, release) in views.releases.iter().enumerate() {
        let later = compares.iter().find(|c| c.from.href == release.href).map(|c| &c.href);
        let same_line = |i: &usize| views.releases[*i].product == release.product;
        let previous = (0..r).rev().find(same_line).map(|i| &views.releases[i]);
        let next = (r + 1..views.releases.len()).find(same_line).map(|i| &views.releases[i]);
        jobs.push(
            Job::new(&release.href, "release.html", "releases")
                .with("release", release)
                .with("compare_href", &later)
                .with("previous", &previous.map(|p| view::Named { name: p.version.clone(), href: p.href.clone() }))
                .with("next", &next.map(|n| view::Named { name: n.version.clone(), href: n.href.clone() })),
        );
    }
    for compare in &compares {
        jobs.push(Job::new(&compare.href, "compare.html", "compare").with("compare", compare));
    }
    let kinds: [(&str, &'static str, &'static str, &[view::EntityView]); 4] = [
        ("tickets", "Tickets", "ticket.html", &views.tickets),
        ("pages", "Pages", "page.html", &views.pages),
        ("profiles", "FHIR profiles", "profile.html", &views.profiles),
        ("capabilities", "Capabilities", "capability.html", &views.capabilities),
    ];
    for (folder, title, template, entities) in kinds {
        let section: &'static str = match folder {
            "tickets" => "tickets",
            "pages" => "pages",
            "profiles" => "profiles",
            _ => "capabilities",
        };
        let summaries: Vec<view::EntitySummary> = entities.iter().map(view::EntityView::summary).collect();
        jobs.push(
            Job::new(format!("{folder}/index.html"), "list.html", section)
                .with("title", &title)
                .with("kind", &folder)
                .with("items", &summaries),
        );
        for entity in entities {
            let heading = match folder {
                "tickets" => format!("Ticket {}", entity.name),
                "pages" => format!("Change history of {}", entity.name),
                "profiles" => format!("FHIR profile {}", entity.name),
                _ => format!("Capability: {}", entity.name),
            };
            jobs.push(
                Job::new(&entity.href, template, section)
                    .with("entity", entity)
                    .with("kind", &folder)
                    .with("list_title", &title)
                    .with("heading", &heading),
            );
        }
    }
    jobs
}
