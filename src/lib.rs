//! specnotes: check and publish the release notes of Jekyll specification sites.
//!
//! The data flows one way: [`load`] reads the spec folder, [`parse`] reads each
//! page's Markdown as Jekyll's kramdown would, [`model`] turns release-notes
//! pages into releases and changes, [`check`] runs the registered rules, [`render`]
//! makes the release-notes website, [`project`] keeps an open spec up to date for `serve`, and
//! [`report`] prints findings. [`cli`] wires these to the command line.
#![deny(missing_docs)]

mod ascii_regex;
pub mod author;
pub mod check;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod error;
pub mod fix;
pub mod git;
pub mod load;
pub mod model;
pub mod parse;
pub mod project;
pub mod render;
pub mod report;
pub use report::query;
pub mod serve;
pub mod span;

pub use diagnostic::{Diagnostic, Severity};
pub use error::{Error, Result};
pub use project::Reloaded;

use rayon::prelude::*;

/// A loaded, parsed and modelled spec: what every command starts from.
#[derive(Debug)]
pub struct Project {
    /// The files.
    pub site: load::Site,
    /// One parsed document per page, parallel to `site.pages`.
    pub docs: Vec<parse::Document>,
    /// Releases and index.
    pub model: model::Model,
    /// `specnotes.toml`.
    pub settings: config::Settings,
}

impl Project {
    /// Loads, parses and models the spec at `root` with its `specnotes.toml` (if any).
    pub fn open(root: &std::path::Path) -> Result<Project> {
        let settings = config::Settings::load(root, None)?;
        Project::open_with(root, settings)
    }

    /// Loads, parses and models the spec at `root` with `settings`.
    pub fn open_with(root: &std::path::Path, settings: config::Settings) -> Result<Project> {
        warm_up(None);
        let site = load::load(root)?;
        let (docs, model) = parse_and_model(&site, &settings.release_notes);
        Ok(Project { site, docs, model, settings })
    }

    /// The text of a loaded file by path relative to the spec root.
    pub fn source_text(&self, path: &str) -> Option<&str> {
        self.site.source(path).map(|f| f.text.as_str())
    }
}

/// Starts compiling the regular expressions of the parse and model stages, then `also`'s (a
/// command that checks passes [`check::warm_up`]), on a rayon worker, and returns at once: the
/// other core does it while this thread walks the spec folder, instead of a page's parse
/// stopping for it later (about 4% of a check's instructions). Only the first call in a process
/// starts anything; the patterns are compiled once either way.
pub fn warm_up(also: Option<fn()>) {
    static STARTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if STARTED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    rayon::spawn(move || {
        parse::warm_up();
        model::warm_up();
        if let Some(also) = also {
            also();
        }
    });
}

/// The parse and model stages over every page of `site`, in one pass per page: a Markdown
/// release-notes page's block tree is built from the events of the parse stage's
/// pulldown-cmark pass over it, instead of from a second pass ([`model::build_with`] reads the
/// same text and finds the same releases).
fn parse_and_model(site: &load::Site, detection: &model::detect::Detection) -> (Vec<parse::Document>, model::Model) {
    let detection = detection.compile();
    let includes = parse::IncludeCache::new(site);
    let pages: Vec<(parse::Document, Option<model::read::PageReleases>)> = site
        .pages
        .par_iter()
        .map(|page| {
            if !detection.matches(page) {
                return (parse::parse_page_cached(site, page, &includes), None);
            }
            if !page.markdown {
                return (parse::parse_page_cached(site, page, &includes), Some(model::read::read_page(page)));
            }
            let mut blocks = model::blocks::Sink::default();
            let doc = parse::parse_page_observed(site, page, &includes, &mut |event, range| blocks.event(event, range));
            (doc, Some(model::read::read_nodes(page, &blocks.finish())))
        })
        .collect();
    let mut docs = Vec::with_capacity(pages.len());
    let mut read = Vec::new();
    for (i, (doc, releases)) in pages.into_iter().enumerate() {
        docs.push(doc);
        read.extend(releases.map(|r| (i, r)));
    }
    (docs, model::from_pages(read))
}
