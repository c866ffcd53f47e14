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
        let site = load::load(root)?;
        // The model reads the release-notes pages from the loaded site, not from the parsed
        // documents, so both stages run at once: a long release page is read while the other
        // pages are parsed, instead of after them.
        let (docs, model) = rayon::join(
            || {
                let includes = parse::IncludeCache::new(&site);
                site.pages.par_iter().map(|p| parse::parse_page_cached(&site, p, &includes)).collect()
            },
            || model::build_with(&site, &settings.release_notes),
        );
        Ok(Project { site, docs, model, settings })
    }

    /// The text of a loaded file by path relative to the spec root.
    pub fn source_text(&self, path: &str) -> Option<&str> {
        self.site.source(path).map(|f| f.text.as_str())
    }
}
