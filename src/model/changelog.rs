//! The changelog layout: one page, one `## x.y.z` section per release.
//!
//! Headings are `## 1.2.3`, `## [1.2.3] - 2019-04-23` (Keep a Changelog) or
//! `## Version 1.2.3 (23 April 2019)`. Each section is read like a page
//! breakdown (bullets are changes, `### Added` is a group) and becomes its
//! own release of the same file.

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::Node;
use super::{Date, Version, date, version};

static VERSION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(r"(?i)^(.*?)\[?v?(\d+(?:\.\d+)+(?:-[0-9a-z]+(?:\.[0-9a-z]+)*)?)\]?(.*)$")
});

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&VERSION_HEADING);
}

/// Words that may stand before the number of a version heading besides a product's name and
/// a release stage ([`version::is_stage_word`]): `Version 1.2.3`, `Release 2.0`.
const PREFIX_WORDS: &[&str] = &["version", "release", "v"];

/// Words that make a heading about a version rather than the heading of one: `Changes in
/// 1.2.0-rc`, `Upgrading from 1.1.0`, `Fixed since 2.0`.
const NOT_A_VERSION_HEADING: &[&str] = &[
    "in",
    "to",
    "from",
    "since",
    "for",
    "of",
    "on",
    "and",
    "or",
    "with",
    "vs",
    "after",
    "before",
    "until",
    "change",
    "changes",
    "changed",
    "upgrade",
    "upgrading",
    "migrate",
    "migrating",
    "migration",
    "compared",
    "see",
    "fixed",
    "added",
    "removed",
    "deprecated",
];

/// Whether `prefix` (the text before the number) names the release: nothing, `Version`,
/// `Beta`, or a product's name in capitalised words (`GP Connect`), at most four words.
fn release_name(prefix: &str) -> bool {
    let words: Vec<&str> = prefix.split_whitespace().collect();
    words.len() <= 4
        && words.iter().all(|w| {
            let lower = w.to_ascii_lowercase();
            let known = PREFIX_WORDS.contains(&lower.as_str()) || version::is_stage_word(&lower);
            let capitalised = w.starts_with(|c: char| c.is_uppercase());
            (known || capitalised) && !NOT_A_VERSION_HEADING.contains(&lower.as_str())
        })
        && (prefix.is_empty() || prefix.ends_with(char::is_whitespace))
}

/// The date text after the number of a version heading: `- 2019-04-23`, `(23 April 2019)`,
/// `Released: 09-04-2020`. `Some(None)` when nothing follows; `None` when the text is not a
/// date (`1.2.3 changes` is not a version heading).
fn date_part(rest: &str) -> Option<Option<String>> {
    let rest = rest.trim();
    if rest.is_empty() {
        return Some(None);
    }
    let text = if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        inner
    } else if let Some(after) = rest.strip_prefix(['-', '\u{2013}', '\u{2014}', ':']) {
        after
    } else {
        let lower = rest.to_ascii_lowercase();
        let dated = ["released", "published", "release date", "date"].iter().any(|w| lower.starts_with(w));
        if !dated && date::find_date(rest).is_none() {
            return None;
        }
        rest
    };
    let text = text.trim();
    Some((!text.is_empty()).then(|| text.to_string()))
}

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

/// Reads a version heading: version as parsed and written, and the date text. The number may
/// follow `Version`, a stage (`Beta 1.1.0`) or a product's name (`GP Connect 1.0.0-rc.1`), and
/// a date may follow it after a dash, in brackets or after `Released`.
pub fn version_heading(text: &str) -> Option<(Version, String, Option<String>)> {
    let caps = VERSION_HEADING.captures(text.trim())?;
    if !release_name(&caps[1]) {
        return None;
    }
    let mut written = caps.get(2)?.as_str().to_string();
    // `Alpha 1.0.0` and `Experimental 1.0.0` are two releases: the stage is the pre-release.
    let stage = caps[1].split_whitespace().find(|w| version::is_stage_word(w)).map(str::to_ascii_lowercase);
    if let Some(stage) = stage.filter(|_| !written.contains('-')) {
        written = format!("{written}-{stage}");
    }
    let version = Version::parse(&written)?;
    let date_text = date_part(&caps[3])?;
    Some((version, written, date_text))
}

/// The version sections marked by lines of bold text alone (`**1.0.0-alpha**`), as some pages
/// of the family mark their versions instead of with headings. Each runs to the next one.
pub fn bold_sections(nodes: &[Node]) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    for (i, node) in nodes.iter().enumerate().filter(|(_, n)| super::breakdown::is_bold_line(n)) {
        let Some((version, written, date_text)) = version_heading(node.plain().trim_end_matches(':')) else {
            continue;
        };
        if let Some(last) = out.last_mut() {
            last.end = i;
        }
        let date = date_text.as_deref().and_then(date::find_date);
        out.push(Section { heading: i, end: nodes.len(), version, written, date, date_text });
    }
    out
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
    fn version_headings_as_the_family_writes_them() {
        let read = |h: &str| version_heading(h).map(|(_, w, d)| (w, d));
        let some = |w: &str, d: Option<&str>| Some((w.to_string(), d.map(str::to_string)));
        assert_eq!(read("1.0.6-alpha Released: 09-04-2020"), some("1.0.6-alpha", Some("Released: 09-04-2020")));
        assert_eq!(
            read("1.0.5-alpha (Released: 13 January 2020)"),
            some("1.0.5-alpha", Some("Released: 13 January 2020"))
        );
        assert_eq!(read("1.0.4-alpha - 24 June 2019"), some("1.0.4-alpha", Some("24 June 2019")));
        assert_eq!(read("Version 1.0.3-alpha"), some("1.0.3-alpha", None));
        assert_eq!(read("Beta 1.1.0"), some("1.1.0-beta", None));
        assert_eq!(read("Experimental 1.0.0"), some("1.0.0-experimental", None));
        assert_eq!(read("Beta 1.1.0-rc.1"), some("1.1.0-rc.1", None));
        assert_eq!(read("GP Connect 1.0.0-rc.1"), some("1.0.0-rc.1", None));
        assert_eq!(
            read("Widget 1.0.0-alpha.5 (Released: 17 July 2017)"),
            some("1.0.0-alpha.5", Some("Released: 17 July 2017"))
        );
        assert_eq!(read("v1.0.1"), some("1.0.1", None));
        assert_eq!(read("1.2.0 23 April 2019"), some("1.2.0", Some("23 April 2019")));
        for not_one in [
            "Changes in 1.2.0-rc",
            "Upgrading from 1.1.0",
            "1.2.3 changes",
            "1.2.3 is the latest",
            "what changed in 1.2",
            "A Very Long Product Name Here 1.0",
            "Widget1.0",
        ] {
            assert_eq!(read(not_one), None, "{not_one}");
        }
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
