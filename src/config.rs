//! `specnotes.toml`: the project's own configuration, at the spec root or given by `--config`.
//!
//! Read once, before loading, by [`crate::Project::open_with`]'s callers and then read by the
//! rules, the model's release-page detection and the report filters. Reading is strict
//! (`parse`): an unknown key, rule name, level or bad glob stops the run with a "did you
//! mean", because a typo in a lint configuration otherwise silently turns a check off. Every
//! key is documented in [`DEFAULT_TOML`] (a real TOML file, `src/config/default.toml`), which
//! `specnotes config --default` prints; [`Settings::to_toml`] prints the settings in effect
//! in the same layout.

mod parse;

pub use parse::release_ref_pattern;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::check::Level;
use crate::error::{Error, Result};

/// The documented default configuration file: every key at its default or commented out.
pub const DEFAULT_TOML: &str = include_str!("config/default.toml");

/// The file name looked for at the spec root.
pub const FILE_NAME: &str = "specnotes.toml";

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

/// How release-notes pages are found (`[release_notes]`): the model's own detection settings.
pub use crate::model::detect::Detection as ReleaseNotesSettings;

/// Settings for the generated site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteSettings {
    /// The published spec's base URL (default: `url` + `baseurl` from `_config.yml`).
    pub base_url: Option<String>,
    /// Per-version URL pattern, e.g. `https://example.org/spec/{version}/`.
    pub version_url: Option<String>,
    /// Folder of site templates overriding the built-in ones, relative to the spec root.
    pub templates: Option<String>,
}

/// Settings for reading the spec's git history (`[git]`, used by `specnotes verify`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSettings {
    /// Ref name patterns of releases, with `{version}` (and optionally `{product}`), tried in
    /// order as local branch, `origin/` branch and tag.
    pub release_refs: Vec<String>,
}

impl Default for GitSettings {
    fn default() -> Self {
        let release_refs = crate::git::releases::DEFAULT_PATTERNS.iter().map(|p| (*p).to_string()).collect();
        GitSettings { release_refs }
    }
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
    /// `[git]`: how releases are found in the spec's git history.
    pub git: GitSettings,
}

impl Settings {
    /// Reads `explicit`, or `SPEC_DIR/specnotes.toml` if it exists, or gives the defaults.
    ///
    /// A missing `explicit` file is an [`Error::Read`]; an invalid file an [`Error::Settings`], and
    /// so is a `specnotes.toml` at the root that is not a regular file inside the spec folder (a
    /// symbolic link leading outside it or nowhere, a named pipe): see `load::root_file`.
    pub fn load(spec_root: &Path, explicit: Option<&Path>) -> Result<Settings> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match crate::load::root_file::regular_file_inside(spec_root, FILE_NAME) {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(Settings::default()),
                Err(message) => return Err(Error::Settings { path: spec_root.join(FILE_NAME), message }),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
        let mut settings =
            Settings::from_toml(&text).map_err(|message| Error::Settings { path: path.clone(), message })?;
        settings.path = Some(path);
        Ok(settings)
    }

    /// Parses the text of a `specnotes.toml` (`path` stays `None`); the error is one line.
    pub fn from_toml(text: &str) -> std::result::Result<Settings, String> {
        parse::parse(text)
    }

    /// The settings as a `specnotes.toml` file: `Settings::from_toml(&s.to_toml())` gives `s`
    /// back (without `path`). Unset keys are written as comments saying what applies instead.
    pub fn to_toml(&self) -> String {
        let mut out = String::from("# specnotes.toml: the settings in effect (`specnotes config`).\n");
        match &self.path {
            Some(p) => writeln!(out, "# Read from `{}`.", p.display()),
            None => writeln!(out, "# No settings file: these are the defaults."),
        }
        .ok();
        out.push_str("\n[rules]\n");
        for (name, level) in &self.rules {
            writeln!(out, "{name} = {}", quoted(level_name(*level))).ok();
        }
        out.push_str("\n[capabilities]\n");
        match &self.capabilities {
            Some(known) => writeln!(out, "known = {}", strings(known)),
            None => writeln!(out, "# known: unset, learnt from the spec"),
        }
        .ok();
        out.push_str("\n[tickets]\n");
        optional(&mut out, "url", self.ticket_url.as_deref(), "GitHub issues of `repository` in `_config.yml`");
        writeln!(out, "\n[profiles]\nurls = {}", strings(&self.profile_urls)).ok();
        for source in &self.version_sources {
            writeln!(out, "\n[[version_sources]]\nfile = {}", quoted(&source.file)).ok();
            optional(&mut out, "pointer", source.pointer.as_deref(), "");
            optional(&mut out, "regex", source.regex.as_deref(), "");
        }
        let notes = &self.release_notes;
        writeln!(out, "\n[release_notes]\ntags = {}", strings(&notes.tags)).ok();
        writeln!(out, "title_contains = {}", strings(&notes.title_contains)).ok();
        writeln!(out, "name_contains = {}", strings(&notes.name_contains)).ok();
        writeln!(out, "paths = {}", strings(&notes.paths)).ok();
        writeln!(out, "\n[ignore]\npaths = {}", strings(&self.ignore)).ok();
        out.push_str("\n[site]\n");
        optional(&mut out, "base_url", self.site.base_url.as_deref(), "`url` + `baseurl` of `_config.yml`");
        optional(&mut out, "version_url", self.site.version_url.as_deref(), "no per-version links");
        optional(&mut out, "templates", self.site.templates.as_deref(), "the built-in templates");
        writeln!(out, "\n[git]\nrelease_refs = {}", strings(&self.git.release_refs)).ok();
        out
    }
}

/// The configuration name of a level.
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Allow => "allow",
        Level::Warn => "warn",
        Level::Deny => "deny",
    }
}

/// `key = "value"`, or for `None` a comment saying the key is unset and what applies.
fn optional(out: &mut String, key: &str, value: Option<&str>, otherwise: &str) {
    match (value, otherwise) {
        (Some(v), _) => writeln!(out, "{key} = {}", quoted(v)),
        (None, "") => Ok(()),
        (None, _) => writeln!(out, "# {key}: unset, {otherwise}"),
    }
    .ok();
}

/// A TOML basic string, escaped.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML array of strings.
fn strings(items: &[String]) -> String {
    toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_default_file_is_the_default() {
        assert_eq!(Settings::from_toml(DEFAULT_TOML), Ok(Settings::default()));
    }

    #[test]
    fn printed_settings_read_back_to_the_same_settings() {
        let mut s = Settings::default();
        s.rules.insert("orphan-page".into(), Level::Allow);
        s.capabilities = Some(vec!["Core".into(), "Say \"hi\"".into()]);
        s.ticket_url = Some("https://jira.example.org/browse/SPEC-{number}".into());
        s.version_sources = vec![
            VersionSource { file: "package.json".into(), pointer: Some("/version".into()), regex: None },
            VersionSource { file: "v.txt".into(), pointer: None, regex: Some(r#"v: "([^"]+)""#.into()) },
        ];
        s.ignore = vec!["drafts/**".into()];
        s.site.version_url = Some("https://example.org/{version}/".into());
        s.site.templates = Some("site-templates".into());
        s.git.release_refs = vec!["releases/{product}/{version}".into(), "v{version}".into()];
        assert_eq!(Settings::from_toml(&s.to_toml()), Ok(s));
    }

    #[test]
    fn default_settings_print_every_section() {
        let text = Settings::default().to_toml();
        for section in
            ["[rules]", "[capabilities]", "[tickets]", "[profiles]", "[release_notes]", "[ignore]", "[site]", "[git]"]
        {
            assert!(text.contains(section), "{section} missing from\n{text}");
        }
        assert_eq!(Settings::from_toml(&text), Ok(Settings::default()));
    }
}
