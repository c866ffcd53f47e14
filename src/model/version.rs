//! Release versions: parsing, ordering and the places a page states one.
//!
//! A release-notes page can state its version in four places (title, file
//! name, permalink, summary) and in its `## x.y.z changes` heading. Each has
//! its own extraction function, so the version-mismatch rule can compare them;
//! [`Version::parse`] reads the dotted form and [`from_underscored`] the
//! `documents_1_0_0` form used in file names and permalinks.

use std::cmp::Ordering;
use std::sync::LazyLock;

use regex::Regex;

use super::Version;

/// A dotted version anywhere in a text: `1.2.3`, `1.6.0-beta`, `6.0`, `v1.2`.
static DOTTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(r"(?i)(?:^|[^0-9A-Za-z.])v?(\d+(?:\.\d+)+)(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?")
});

/// The underscore form `word_1_2_3` in a file stem or permalink.
static UNDERSCORED: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r"(?i)(?:^|_|-|/)(?:([a-z][a-z0-9]*)_)?(\d+(?:_\d+)+)(?:$|[_.\-/])"));

/// Words that precede a version in permalinks but are not product lines.
const NOT_A_PRODUCT: &[&str] = &["notes", "release", "releases", "version", "overview", "v"];

impl Version {
    /// Parses a whole dotted version: `1.2.3`, `1.6.0-beta`, `6.0`, `v1.2.0-rc.1`.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let caps = DOTTED.captures(text)?;
        let whole = caps.get(0)?;
        if text[whole.end()..].trim().is_empty() && text[..whole.start()].trim().is_empty() {
            version_from_captures(&caps)
        } else {
            None
        }
    }

    /// The version without product: `1.2.3-beta`.
    pub fn number_text(&self) -> String {
        let numbers: Vec<String> = self.numbers.iter().map(u64::to_string).collect();
        match &self.pre {
            Some(pre) => format!("{}-{pre}", numbers.join(".")),
            None => numbers.join("."),
        }
    }

    /// Whether the numbers are equal, ignoring missing trailing zeros and the pre-release.
    pub fn same_numbers(&self, other: &Version) -> bool {
        compare_numbers(&self.numbers, &other.numbers) == Ordering::Equal
    }
}

fn version_from_captures(caps: &regex::Captures<'_>) -> Option<Version> {
    let numbers: Option<Vec<u64>> = caps[1].split('.').map(|n| n.parse().ok()).collect();
    Some(Version { product: None, numbers: numbers?, pre: caps.get(2).map(|m| m.as_str().to_string()) })
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(product) = &self.product {
            write!(f, "{product} ")?;
        }
        f.write_str(&self.number_text())
    }
}

fn compare_numbers(a: &[u64], b: &[u64]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| {
            let x = a.get(i).copied().unwrap_or(0);
            let y = b.get(i).copied().unwrap_or(0);
            x.cmp(&y)
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Semver-style pre-release order: dot parts compared numerically when both are numbers.
fn compare_pre(a: &str, b: &str) -> Ordering {
    let mut xs = a.split('.');
    let mut ys = b.split('.');
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let o = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase()),
                };
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let pre = match (&self.pre, &other.pre) {
            (None, None) => Ordering::Equal,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(a), Some(b)) => compare_pre(a, b).then_with(|| a.cmp(b)),
        };
        self.product
            .cmp(&other.product)
            .then_with(|| compare_numbers(&self.numbers, &other.numbers))
            .then(pre)
            // `6.0` and `6.0.0` order the same; keep Ord consistent with Eq.
            .then_with(|| self.numbers.len().cmp(&other.numbers.len()))
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The first dotted version in free text, with the text it was written as.
pub fn find_in_text(text: &str) -> Option<(Version, String)> {
    let caps = DOTTED.captures(text)?;
    let version = version_from_captures(&caps)?;
    let written = match caps.get(2) {
        Some(pre) => format!("{}-{}", &caps[1], pre.as_str()),
        None => caps[1].to_string(),
    };
    Some((version, written))
}

/// The underscore form in a file stem or permalink: `documents_1_0_1` is
/// product `documents`, version 1.0.1; `overview_release_notes_1_2_3` is 1.2.3.
pub fn from_underscored(text: &str) -> Option<Version> {
    let caps = UNDERSCORED.captures(text)?;
    let numbers: Option<Vec<u64>> = caps[2].split('_').map(|n| n.parse().ok()).collect();
    let product = caps.get(1).map(|m| m.as_str().to_ascii_lowercase()).filter(|p| !NOT_A_PRODUCT.contains(&p.as_str()));
    Some(Version { product, numbers: numbers?, pre: None })
}

/// The version in a page title: "GP Connect API 1.2.4-beta release notes" gives `1.2.4-beta`.
pub fn from_title(title: &str) -> Option<(Version, String)> {
    find_in_text(title)
}

/// The version in a file path: `pages/x/1_5_0_release.md` gives 1.5.0.
pub fn from_file_name(path: &str) -> Option<Version> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    from_underscored(stem).or_else(|| find_in_text(stem).map(|(v, _)| v))
}

/// The version in a permalink: `overview_release_notes_documents_1_0_0.html`.
pub fn from_permalink(permalink: &str) -> Option<Version> {
    let last = permalink.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let stem = last.strip_suffix(".html").unwrap_or(last);
    from_underscored(stem).or_else(|| find_in_text(stem).map(|(v, _)| v))
}

/// The version in a summary: "GP Connect API 1.2.3 released on 23rd April 2019".
pub fn from_summary(summary: &str) -> Option<(Version, String)> {
    find_in_text(summary)
}

/// The version of a changes heading: "1.2.3 changes", "Changes in GP Connect 1.2.0-rc".
pub fn from_changes_heading(heading: &str) -> Option<(Version, String)> {
    find_in_text(heading)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(numbers: &[u64], pre: Option<&str>) -> Version {
        Version { product: None, numbers: numbers.to_vec(), pre: pre.map(str::to_string) }
    }

    #[test]
    fn dotted_versions_parse_with_pre_release() {
        let table = [
            ("1.2.3", v(&[1, 2, 3], None)),
            ("1.6.0-beta", v(&[1, 6, 0], Some("beta"))),
            ("1.2.0-rc", v(&[1, 2, 0], Some("rc"))),
            ("6.0", v(&[6, 0], None)),
            ("v1.0.0-rc.5", v(&[1, 0, 0], Some("rc.5"))),
        ];
        for (text, expected) in table {
            assert_eq!(Version::parse(text), Some(expected), "{text}");
        }
        assert_eq!(Version::parse("1.2.3 changes"), None);
        assert_eq!(Version::parse("12"), None);
    }

    #[test]
    fn ordering_puts_pre_releases_first_and_pads_missing_parts() {
        let mut versions = [
            v(&[1, 2, 3], None),
            v(&[1, 2, 3], Some("beta")),
            v(&[1, 10], None),
            v(&[1, 2, 3], Some("alpha.2")),
            v(&[1, 2, 3], Some("alpha.10")),
            v(&[0, 5, 0], None),
        ];
        versions.sort();
        let shown: Vec<String> = versions.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["0.5.0", "1.2.3-alpha.2", "1.2.3-alpha.10", "1.2.3-beta", "1.2.3", "1.10"]);
        assert_eq!(v(&[6, 0], None).cmp(&v(&[6, 0, 0], None)), Ordering::Less);
        assert!(v(&[6, 0], None).same_numbers(&v(&[6, 0, 0], None)));
    }

    #[test]
    fn product_line_sorts_before_numbers() {
        let mut docs = from_file_name("documents_1_0_0.md").expect("version");
        assert_eq!(docs.product.as_deref(), Some("documents"));
        assert!(docs > v(&[9, 9, 9], None));
        docs.product = None;
        assert_eq!(docs, v(&[1, 0, 0], None));
    }

    #[test]
    fn titles_give_the_version_as_written() {
        let (version, written) = from_title("GP Connect API - Access Document 1.0.0-beta release notes").expect("v");
        assert_eq!(written, "1.0.0-beta");
        assert_eq!(version, v(&[1, 0, 0], Some("beta")));
        assert_eq!(from_title("GP Connect API 1.2.4-beta release notes").map(|x| x.1), Some("1.2.4-beta".into()));
        assert_eq!(from_title("Release notes"), None);
    }

    #[test]
    fn file_names_and_permalinks_use_the_underscore_form() {
        assert_eq!(from_file_name("pages/r/1_5_0_release.md"), Some(v(&[1, 5, 0], None)));
        let docs = from_file_name("documents_1_0_1.md").expect("version");
        assert_eq!(docs.to_string(), "documents 1.0.1");
        assert_eq!(from_permalink("overview_release_notes_1_2_3.html"), Some(v(&[1, 2, 3], None)));
        let docs = from_permalink("/overview_release_notes_documents_1_0_0.html").expect("v");
        assert_eq!(docs.product.as_deref(), Some("documents"));
        assert_eq!(from_permalink("/release_notes.html"), None);
    }

    #[test]
    fn summaries_and_changes_headings_give_versions() {
        assert_eq!(from_summary("GP Connect API 1.2.3 released on 23rd April 2019").map(|x| x.1), Some("1.2.3".into()));
        assert_eq!(from_changes_heading("1.2.2-rc changes").map(|x| x.1), Some("1.2.2-rc".into()));
        assert_eq!(from_changes_heading("Changes"), None);
    }
}
