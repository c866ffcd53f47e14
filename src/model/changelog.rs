//! The changelog layout: one page, one `## x.y.z` section per release.
//!
//! Headings are `## 1.2.3`, `## [1.2.3] - 2019-04-23` (Keep a Changelog) or
//! `## Version 1.2.3 (23 April 2019)`. Each section is read like a page
//! breakdown (bullets are changes, `### Added` is a group) and becomes its
//! own release of the same file.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::Node;
use super::{Date, Version, date};

static VERSION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(
        r"(?i)^(?:version\s+|release\s+)?\[?v?(\d+(?:\.\d+)+(?:-[0-9a-z]+(?:\.[0-9a-z]+)*)?)\]?\s*(?:[-–—:]\s*(.+?)|\((.+?)\))?\s*$",
    )
});

/// One version section of a changelog page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Index of its heading in the page's top-level nodes.
    pub heading: usize,
    /// Index one past its last node.
    pub end: usize,
    /// The version.
    pub version: Version,
    /// The version as written (`1.2.3-beta`).
    pub written: String,
    /// The date in the heading, if valid.
    pub date: Option<Date>,
    /// The date text as written in the heading.
    pub date_text: Option<String>,
}

/// Reads a version heading: version as parsed and written, and the date text.
pub fn version_heading(text: &str) -> Option<(Version, String, Option<String>)> {
    let caps = VERSION_HEADING.captures(text.trim())?;
    let written = caps.get(1)?.as_str().to_string();
    let version = Version::parse(&written)?;
    let date_text = caps.get(2).or_else(|| caps.get(3)).map(|m| m.as_str().trim().to_string());
    Some((version, written, date_text))
}

/// The version sections of a page (empty when it is not a changelog). All
/// sections use the level of the first version heading.
pub fn sections(nodes: &[Node]) -> Vec<Section> {
    let mut level = None;
    let mut out: Vec<Section> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        let Some(l) = node.heading_level() else {
            continue;
        };
        if level.is_some_and(|lv| l > lv) {
            continue;
        }
        if let Some(last) = out.last_mut().filter(|s| s.end == nodes.len()) {
            last.end = i;
        }
        let Some((version, written, date_text)) = version_heading(node.plain()) else {
            continue;
        };
        level.get_or_insert(l);
        out.push(Section {
            heading: i,
            end: nodes.len(),
            version,
            written,
            date: date_text.as_deref().and_then(date::find_date),
            date_text,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::blocks;

    #[test]
    fn version_headings_in_three_styles() {
        let (v, w, d) = version_heading("[1.2.3] - 2019-04-23").expect("heading");
        assert_eq!((v.numbers, w.as_str(), d.as_deref()), (vec![1, 2, 3], "1.2.3", Some("2019-04-23")));
        let (_, w, d) = version_heading("Version 2.0.0-beta (23 April 2019)").expect("heading");
        assert_eq!((w.as_str(), d.as_deref()), ("2.0.0-beta", Some("23 April 2019")));
        assert_eq!(version_heading("6.0").map(|x| x.1), Some("6.0".into()));
        assert_eq!(version_heading("1.2.3 changes"), None);
        assert_eq!(version_heading("Unreleased"), None);
    }

    #[test]
    fn sections_run_to_the_next_version_heading_of_the_same_level() {
        let src = "# Changelog\n\n## 2.0 (3 Aug 2018)\n\n### Added\n\n- a\n\n## 1.0\n\n- b\n\n## Notes\n\ntext\n";
        let nodes = blocks::parse(src);
        let s = sections(&nodes);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].heading, s[0].end), (1, 4));
        assert_eq!(s[0].date.map(|d| d.to_string()).as_deref(), Some("2018-08-03"));
        assert_eq!((s[1].heading, s[1].end), (4, 6));
        assert_eq!(s[1].date, None);
    }
}
