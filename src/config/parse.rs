//! Reading `specnotes.toml` in four passes, each with its own kind of message: TOML syntax
//! (with line and column), known keys (walked over a `toml::Table`, with "did you mean"),
//! types (serde, with line and column), then values (rule names, levels, globs, patterns).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{GitSettings, ReleaseNotesSettings, Settings, SiteSettings, VersionSource};
use crate::check::{self, Level};
use crate::diagnostic::did_you_mean;
use crate::span::LineIndex;

/// The top-level tables.
const TOP_KEYS: &[&str] =
    &["rules", "capabilities", "tickets", "profiles", "version_sources", "release_notes", "ignore", "site", "git"];

/// The keys of each table but `[rules]` (whose keys are rule names).
const TABLE_KEYS: &[(&str, &[&str])] = &[
    ("capabilities", &["known"]),
    ("tickets", &["url"]),
    ("profiles", &["urls"]),
    ("version_sources", &["file", "pointer", "regex"]),
    ("release_notes", &["tags", "title_contains", "name_contains", "paths"]),
    ("ignore", &["paths"]),
    ("site", &["base_url", "version_url", "templates"]),
    ("git", &["release_refs"]),
];

const LEVELS: &[&str] = &["allow", "warn", "deny"];

/// Parses and validates the text of a `specnotes.toml`.
pub(super) fn parse(text: &str) -> Result<Settings, String> {
    let table: toml::Table = text.parse().map_err(|e| located(text, &e))?;
    check_keys(&table)?;
    let raw: Raw = toml::from_str(text).map_err(|e| located(text, &e))?;
    raw.into_settings()
}

/// The error's message, prefixed with `line L, column C` when it has a place.
fn located(text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim_end();
    match e.span() {
        Some(range) => {
            let at = LineIndex::new(text).span(text, range.start);
            format!("line {}, column {}: {message}", at.line, at.column)
        }
        None => message.to_string(),
    }
}

fn check_keys(table: &toml::Table) -> Result<(), String> {
    for (key, value) in table {
        known(key, TOP_KEYS, "")?;
        let Some((_, keys)) = TABLE_KEYS.iter().find(|(k, _)| k == key) else { continue };
        let (tables, place): (Vec<&toml::Table>, String) = match value {
            toml::Value::Table(t) => (vec![t], format!(" in `[{key}]`")),
            toml::Value::Array(items) => {
                (items.iter().filter_map(toml::Value::as_table).collect(), format!(" in `[[{key}]]`"))
            }
            _ => continue, // a type error, reported with its place by serde
        };
        for k in tables.iter().flat_map(|t| t.keys()) {
            known(k, keys, &place)?;
        }
    }
    Ok(())
}

/// `Ok` if `key` is one of `keys`, else an "unknown key" message with the closest key.
fn known(key: &str, keys: &[&str], place: &str) -> Result<(), String> {
    if keys.contains(&key) {
        return Ok(());
    }
    Err(format!("unknown key `{key}`{place}{}", hint(key, keys.iter().copied())))
}

/// "; did you mean `x`?", or the list of what is allowed when nothing is close.
fn hint<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str> + Clone) -> String {
    match did_you_mean(wanted, candidates.clone()) {
        Some(c) => format!("; did you mean `{c}`?"),
        None => format!("; expected one of: {}", candidates.collect::<Vec<_>>().join(", ")),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Raw {
    rules: BTreeMap<String, String>,
    capabilities: RawCapabilities,
    tickets: RawTickets,
    profiles: RawProfiles,
    version_sources: Vec<RawVersionSource>,
    release_notes: RawReleaseNotes,
    ignore: RawPaths,
    site: RawSite,
    git: RawGit,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawCapabilities {
    known: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawTickets {
    url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawProfiles {
    urls: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVersionSource {
    file: String,
    pointer: Option<String>,
    regex: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawReleaseNotes {
    tags: Option<Vec<String>>,
    title_contains: Option<Vec<String>>,
    name_contains: Option<Vec<String>>,
    paths: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawPaths {
    paths: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawSite {
    base_url: Option<String>,
    version_url: Option<String>,
    templates: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RawGit {
    release_refs: Option<Vec<String>>,
}

impl Raw {
    fn into_settings(self) -> Result<Settings, String> {
        let mut rules = BTreeMap::new();
        for (name, level) in self.rules {
            rules.insert(rule_name(name)?, level_of(&level)?);
        }
        globs(&self.profiles.urls, "[profiles] urls")?;
        globs(&self.ignore.paths, "[ignore] paths")?;
        if let Some(url) = &self.tickets.url {
            placeholder(url, "{number}", "[tickets] url")?;
        }
        if let Some(url) = &self.site.version_url {
            placeholder(url, "{version}", "[site] version_url")?;
        }
        let version_sources = self.version_sources.into_iter().map(version_source).collect::<Result<_, _>>()?;
        let default = ReleaseNotesSettings::default();
        let notes = self.release_notes;
        let release_notes = ReleaseNotesSettings {
            tags: notes.tags.unwrap_or(default.tags),
            title_contains: notes.title_contains.unwrap_or(default.title_contains),
            name_contains: notes.name_contains.unwrap_or(default.name_contains),
            paths: notes.paths.unwrap_or(default.paths),
        };
        globs(&release_notes.paths, "[release_notes] paths")?;
        let git = git_settings(self.git)?;
        Ok(Settings {
            path: None,
            rules,
            capabilities: self.capabilities.known,
            ticket_url: self.tickets.url,
            profile_urls: self.profiles.urls,
            version_sources,
            release_notes,
            ignore: self.ignore.paths,
            site: SiteSettings {
                base_url: self.site.base_url,
                version_url: self.site.version_url,
                templates: self.site.templates,
            },
            git,
        })
    }
}

fn rule_name(name: String) -> Result<String, String> {
    if check::rule(&name).is_some() {
        return Ok(name);
    }
    let names = check::rules::ALL.iter().map(|r| r.name);
    Err(format!("unknown rule `{name}` in `[rules]`{} (`specnotes rules` lists them)", hint(&name, names)))
}

fn level_of(level: &str) -> Result<Level, String> {
    match level {
        "allow" => Ok(Level::Allow),
        "warn" => Ok(Level::Warn),
        "deny" => Ok(Level::Deny),
        _ => Err(format!("unknown level `{level}` in `[rules]`{}", hint(level, LEVELS.iter().copied()))),
    }
}

fn globs(patterns: &[String], key: &str) -> Result<(), String> {
    for p in patterns {
        globset::Glob::new(p).map_err(|e| format!("`{key}`: {e}"))?;
    }
    Ok(())
}

fn placeholder(pattern: &str, wanted: &str, key: &str) -> Result<(), String> {
    if pattern.matches(wanted).count() == 1 {
        return Ok(());
    }
    Err(format!("`{key}` = `{pattern}` must contain `{wanted}` exactly once"))
}

fn git_settings(raw: RawGit) -> Result<GitSettings, String> {
    let Some(release_refs) = raw.release_refs else { return Ok(GitSettings::default()) };
    if release_refs.is_empty() {
        return Err("`[git] release_refs` is empty: give at least one pattern, e.g. \"release/{version}\"".into());
    }
    for pattern in &release_refs {
        placeholder(pattern, "{version}", "[git] release_refs")?;
    }
    Ok(GitSettings { release_refs })
}

/// Checks a release ref pattern from the command line (`verify --ref-pattern`) as
/// `[git] release_refs` patterns are checked.
pub fn release_ref_pattern(pattern: &str) -> Result<(), String> {
    placeholder(pattern, "{version}", "--ref-pattern")
}

fn version_source(raw: RawVersionSource) -> Result<VersionSource, String> {
    let key = format!("[[version_sources]] file = `{}`", raw.file);
    if raw.file.trim().is_empty() {
        return Err("`[[version_sources]]`: `file` is empty".into());
    }
    match (&raw.pointer, &raw.regex) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(format!("`{key}`: give exactly one of `pointer` and `regex`"));
        }
        (Some(p), None) if !p.is_empty() && !p.starts_with('/') => {
            return Err(format!("`{key}`: pointer `{p}` must start with `/` (a JSON pointer, e.g. `/version`)"));
        }
        (None, Some(r)) => {
            let re = regex::Regex::new(r).map_err(|e| format!("`{key}`: invalid regex: {e}"))?;
            if re.captures_len() != 2 {
                return Err(format!("`{key}`: regex `{r}` must have exactly one capture group (the version)"));
            }
        }
        _ => {}
    }
    Ok(VersionSource { file: raw.file, pointer: raw.pointer, regex: raw.regex })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_release_refs_need_one_version_placeholder_each() {
        let settings = parse("[git]\nrelease_refs = [\"rel/{version}\"]\n").expect("valid");
        assert_eq!(settings.git.release_refs, ["rel/{version}"]);
        assert_eq!(
            parse("[git]\nrelease_refs = [\"release/latest\"]\n").unwrap_err(),
            "`[git] release_refs` = `release/latest` must contain `{version}` exactly once"
        );
        assert!(parse("[git]\nrelease_refs = []\n").unwrap_err().starts_with("`[git] release_refs` is empty"));
        assert_eq!(
            parse("[git]\nrelease_ref = []\n").unwrap_err(),
            "unknown key `release_ref` in `[git]`; did you mean `release_refs`?"
        );
    }

    #[test]
    fn an_unknown_top_level_key_suggests_the_closest() {
        assert_eq!(
            parse("[capabilites]\nknown = []\n").unwrap_err(),
            "unknown key `capabilites`; did you mean `capabilities`?"
        );
    }

    #[test]
    fn an_unknown_key_in_a_table_names_the_table() {
        assert_eq!(
            parse("[[version_sources]]\nfile = \"a\"\npointr = \"/v\"\n").unwrap_err(),
            "unknown key `pointr` in `[[version_sources]]`; did you mean `pointer`?"
        );
    }

    #[test]
    fn syntax_and_type_errors_give_line_and_column() {
        assert!(parse("[tickets]\nurl = \n").unwrap_err().starts_with("line 2, column 7: "));
        assert!(parse("[tickets]\nurl = 3\n").unwrap_err().starts_with("line 2, column 7: invalid type"));
    }

    #[test]
    fn bad_rule_names_levels_globs_and_regexes_are_refused() {
        assert!(parse("[rules]\nbroken-lnk = \"deny\"\n").unwrap_err().contains("did you mean `broken-link`?"));
        assert!(parse("[rules]\nbroken-link = \"denny\"\n").unwrap_err().contains("did you mean `deny`?"));
        assert!(parse("[ignore]\npaths = [\"a/[b\"]\n").unwrap_err().starts_with("`[ignore] paths`: "));
        let two_groups = "[[version_sources]]\nfile = \"a\"\nregex = '(a)(b)'\n";
        assert!(parse(two_groups).unwrap_err().contains("exactly one capture group"));
    }
}
