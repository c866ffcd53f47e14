//! Change fragments: one YAML file per change under `changes/unreleased/`.
//!
//! A fragment holds exactly what the labelled release-notes format says about a change, so
//! `assemble` can render it and the model reads it back unchanged. Reading is strict (unknown
//! keys are refused, every error names the file) because a misspelt key in a file nobody
//! reviews again would silently drop part of a release note. The format is a public contract,
//! documented in `docs/authoring.md`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The folder, under the spec root, of fragments not yet in a release.
pub const UNRELEASED: &str = "changes/unreleased";

/// One change, as written in a fragment file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fragment {
    /// The change's heading (plain text).
    pub title: String,
    /// Ticket numbers; links are made from `[tickets] url` or `repository:`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<u64>,
    /// Capabilities affected (plain text), the first one groups the change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<String>,
    /// Who must act ("Provider and consumer systems"), one line of plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impacts: Option<String>,
    /// The description, Markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Pages changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages_changed: Vec<PageChange>,
    /// Pages added.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages_added: Vec<PageChange>,
    /// FHIR profiles changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles_changed: Vec<ProfileChange>,
    /// A wording or layout change only, marked `*(cosmetic)*`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cosmetic: bool,
}

/// A page changed or added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageChange {
    /// The link target as written in the release page: `appointments_design.html#anchor`.
    pub page: String,
    /// The link text (the page's title).
    pub title: String,
    /// One-line Markdown notes, one nested bullet each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A FHIR profile changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    /// The profile name (link text).
    pub name: String,
    /// Its canonical URL.
    pub url: String,
}

impl Fragment {
    /// Parses fragment YAML; errors name `path`.
    pub fn from_yaml(text: &str, path: &Path) -> Result<Fragment> {
        let fragment: Fragment = serde_yaml_ng::from_str(text).map_err(|e| invalid(path, e.to_string()))?;
        fragment.validate().map_err(|why| invalid(path, why))?;
        Ok(fragment)
    }

    /// Reads and validates the fragment at `path`.
    pub fn read(path: &Path) -> Result<Fragment> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
        Fragment::from_yaml(&text, path)
    }

    /// The fragment as YAML, fields in the documented order.
    pub fn to_yaml(&self) -> String {
        serde_yaml_ng::to_string(self).unwrap_or_default()
    }

    /// Why the release-notes format cannot carry this fragment unchanged, if it cannot.
    pub fn validate(&self) -> std::result::Result<(), String> {
        one_line("title", &self.title, true)?;
        let said = !self.tickets.is_empty()
            || !self.affects.is_empty()
            || self.impacts.is_some()
            || !self.description.trim().is_empty()
            || !self.pages_changed.is_empty()
            || !self.pages_added.is_empty()
            || !self.profiles_changed.is_empty();
        if !said {
            return Err("a change needs more than a title: a ticket, capability, description, page or profile".into());
        }
        if self.title.to_ascii_lowercase().contains("(cosmetic)") {
            return Err("`title` must not contain `(cosmetic)`: write `cosmetic: true`".into());
        }
        for name in &self.affects {
            one_line("affects", name, true)?;
            let splits =
                name.contains([',', ';', '&']) || name.split_whitespace().any(|w| w.eq_ignore_ascii_case("and"));
            if splits || name.trim().ends_with('.') {
                return Err(format!("capability `{name}` contains a separator (`,` `;` `&` `and`) or ends with `.`"));
            }
            if name.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case("changes")) {
                return Err(format!(
                    "capability `{name}` contains the word `changes`, which marks a release's changes heading"
                ));
            }
        }
        if let Some(impacts) = &self.impacts {
            one_line("impacts", impacts, true)?;
        }
        for page in self.pages_changed.iter().chain(&self.pages_added) {
            one_line("page", &page.page, true)?;
            one_line("page title", &page.title, true)?;
            if page.page.contains(char::is_whitespace) {
                return Err(format!("page `{}` contains a space", page.page));
            }
            for note in &page.notes {
                one_line("note", note, true)?;
                if note.trim_start().starts_with(['-', '–', '—', ':', '*', '+']) {
                    return Err(format!("note `{note}` must not start with a bullet or `:`"));
                }
            }
        }
        for profile in &self.profiles_changed {
            one_line("profile name", &profile.name, true)?;
            one_line("profile url", &profile.url, true)?;
        }
        Ok(())
    }

    /// A file name for the fragment: its title as a slug, then its first ticket.
    pub fn file_stem(&self) -> String {
        let mut slug = String::new();
        for word in self.title.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(8) {
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(&word.to_ascii_lowercase());
        }
        if slug.is_empty() {
            slug.push_str("change");
        }
        match self.tickets.first() {
            Some(t) => format!("{slug}-{t}"),
            None => slug,
        }
    }
}

fn one_line(field: &str, value: &str, required: bool) -> std::result::Result<(), String> {
    if required && value.trim().is_empty() {
        return Err(format!("`{field}` is empty"));
    }
    if value.contains(['\n', '\r']) {
        return Err(format!("`{field}` must be one line: `{}`", value.lines().next().unwrap_or("")));
    }
    if value.trim() != value {
        return Err(format!("`{field}` has leading or trailing spaces: `{value}`"));
    }
    Ok(())
}

fn invalid(path: &Path, message: String) -> Error {
    Error::Usage(format!("`{}` is not a valid change fragment: {message}", path.display()))
}

/// The fragments in `dir` (`*.yml`, `*.yaml`), sorted by file name; an error names the first
/// file that cannot be read.
pub fn read_dir(dir: &Path) -> Result<Vec<(PathBuf, Fragment)>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read { path: dir.to_path_buf(), source })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    paths.sort();
    paths.into_iter().map(|p| Fragment::read(&p).map(|f| (p, f))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: Clock skew\ntickets: [640]\naffects: [Core]\ndescription: |\n  - Allow skew\npages_changed:\n  - page: a.html#exp\n    title: Audit\n    notes: [Changed expiry]\n";

    #[test]
    fn a_fragment_reads_every_field_and_writes_back_the_same() {
        let f = Fragment::from_yaml(YAML, Path::new("x.yml")).unwrap();
        assert_eq!(f.tickets, [640]);
        assert_eq!(f.description, "- Allow skew\n");
        assert_eq!(f.pages_changed[0].notes, ["Changed expiry"]);
        assert_eq!(Fragment::from_yaml(&f.to_yaml(), Path::new("x.yml")).unwrap(), f);
    }

    #[test]
    fn an_unknown_key_is_refused_naming_the_file() {
        let err = Fragment::from_yaml("title: x\nticket: 3\n", Path::new("changes/unreleased/x.yml")).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("changes/unreleased/x.yml") && shown.contains("unknown field `ticket`"), "{shown}");
    }

    #[test]
    fn a_title_only_change_or_a_capability_the_format_would_misread_is_refused() {
        let f = Fragment { title: "t".into(), affects: vec!["Slots and Appointments".into()], ..Fragment::default() };
        assert!(f.validate().unwrap_err().contains("separator"));
        let f = Fragment { title: "t".into(), ..Fragment::default() };
        assert!(f.validate().unwrap_err().contains("more than a title"));
        let f = Fragment { title: "t".into(), affects: vec!["Breaking changes".into()], ..Fragment::default() };
        assert!(f.validate().unwrap_err().contains("the word `changes`"));
    }

    #[test]
    fn the_file_stem_is_a_slug_of_the_title_and_the_first_ticket() {
        let f =
            Fragment { title: "Don't use Bundle.entry.fullUrl!".into(), tickets: vec![12, 13], ..Fragment::default() };
        assert_eq!(f.file_stem(), "don-t-use-bundle-entry-fullurl-12");
    }
}
