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

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&DOTTED);
    LazyLock::force(&UNDERSCORED);
}

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

    /// Whether the pre-release labels are the same, ignoring case: NHS specs write `1.0.0-Beta`
    /// in one place and `1.0.0-beta` in another, and both name one release.
    pub fn same_label(&self, other: &Version) -> bool {
        match (&self.pre, &other.pre) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
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

/// Pre-release words that name a build from before any alpha: they sort below `alpha`, and
/// among themselves by spelling (no order between them is implied, see [`Version::known_cmp`]).
const EARLY_STAGES: &[&str] = &["experimental", "draft", "dev", "snapshot", "nightly"];

/// Pre-release words whose spelling order is also their meaning: `alpha` < `beta` < `rc`.
const RANKED_STAGES: &[&str] = &["alpha", "beta", "rc"];

/// Words that, after a hyphen, name a re-publication of the release rather than a build
/// before it (`1.2.7-refresh`, `2.0.0-patch.1`): such a label sorts after its release and
/// before the next one, where semver would put every hyphenated label before it.
const POST_STAGES: &[&str] = &["refresh", "patch", "hotfix", "errata", "update", "revision", "post"];

/// Whether the pre-release label `pre` names a re-publication after its release (its first
/// word is one of [`POST_STAGES`], with or without a number: `refresh`, `patch2`, `Update.1`).
fn is_post_release(pre: &str) -> bool {
    let first = pre.split(['.', '-']).next().unwrap_or("");
    let word = first.trim_end_matches(|c: char| c.is_ascii_digit());
    is_stage(POST_STAGES, word)
}

/// Where a version's label puts it against its release: a pre-release (0), the release itself
/// (1), a re-publication of it (2; see [`POST_STAGES`]).
fn label_rank(pre: Option<&str>) -> u8 {
    match pre {
        None => 1,
        Some(p) if is_post_release(p) => 2,
        Some(_) => 0,
    }
}

/// Whether `word` (any case) is a release stage this ordering knows: an early word or
/// `alpha`, `beta`, `rc`.
pub fn is_stage_word(word: &str) -> bool {
    EARLY_STAGES.iter().chain(RANKED_STAGES).any(|s| s.eq_ignore_ascii_case(word))
}

/// Where a pre-release word sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// One of [`EARLY_STAGES`].
    Early,
    /// Any other word, [`RANKED_STAGES`] included: by spelling, as semver compares words.
    Spelled,
}

/// One part of a pre-release label, in the order parts compare: numbers before words.
#[derive(Debug, Clone, Copy)]
enum Part<'a> {
    Number(u64),
    Word(Tier, &'a str),
}

impl Part<'_> {
    fn order(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Part::Number(m), Part::Number(n)) => m.cmp(n),
            (Part::Number(_), Part::Word(..)) => Ordering::Less,
            (Part::Word(..), Part::Number(_)) => Ordering::Greater,
            (Part::Word(s, x), Part::Word(t, y)) => s
                .cmp(t)
                .then_with(|| x.bytes().map(|b| b.to_ascii_lowercase()).cmp(y.bytes().map(|b| b.to_ascii_lowercase()))),
        }
    }

    /// Whether the order of two different parts says which release came first: numbers, and a
    /// stage word against a ranked one. Two early words, an unknown word or a number against a
    /// word are ordered only so that the order is total.
    fn meaningful_against(&self, other: &Self) -> bool {
        match (self, other) {
            (Part::Number(_), Part::Number(_)) => true,
            (Part::Word(_, x), Part::Word(_, y)) => {
                let (rx, ry) = (is_stage(RANKED_STAGES, x), is_stage(RANKED_STAGES, y));
                (rx || is_stage(EARLY_STAGES, x)) && (ry || is_stage(EARLY_STAGES, y)) && (rx || ry)
            }
            _ => false,
        }
    }
}

fn is_stage(stages: &[&str], word: &str) -> bool {
    stages.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// The parts of a pre-release label: its dot-separated identifiers, numbers read as numbers, and a
/// stage word glued to its number (`rc1`, `beta2`) read as the word then the number, like `rc.1`.
fn pre_parts(pre: &str) -> impl Iterator<Item = Part<'_>> {
    pre.split('.')
        .flat_map(|ident| {
            if let Ok(n) = ident.parse::<u64>() {
                return [Some(Part::Number(n)), None];
            }
            let digits = ident.bytes().rev().take_while(u8::is_ascii_digit).count();
            let (word, number) = ident.split_at(ident.len() - digits);
            let stage = is_stage(EARLY_STAGES, word) || is_stage(RANKED_STAGES, word);
            match number.parse::<u64>() {
                Ok(n) if stage => [Some(Part::Word(tier(word), word)), Some(Part::Number(n))],
                _ => [Some(Part::Word(tier(ident), ident)), None],
            }
        })
        .flatten()
}

fn tier(word: &str) -> Tier {
    if is_stage(EARLY_STAGES, word) { Tier::Early } else { Tier::Spelled }
}

/// Pre-release order: part by part, numbers numerically and before words, early stage words
/// (`experimental`, `draft`, `dev`, `snapshot`, `nightly`) before every other word, other words
/// by case-insensitive spelling (which puts `alpha` < `beta` < `rc`); a label that is a prefix of
/// the other sorts first (`rc` < `rc.1`). `Equal` for labels that differ only in case or in a dot
/// before a stage word's number (`RC1`, `rc.1`); [`Version`]'s `Ord` then tells them apart.
fn compare_pre(a: &str, b: &str) -> Ordering {
    let (mut xs, mut ys) = (pre_parts(a), pre_parts(b));
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let o = x.order(&y);
                if o.is_ne() {
                    return o;
                }
            }
        }
    }
}

/// [`compare_pre`] when the order it finds is meaningful (see [`Part::meaningful_against`]).
fn known_pre(a: &str, b: &str) -> Option<Ordering> {
    let (mut xs, mut ys) = (pre_parts(a), pre_parts(b));
    loop {
        match (xs.next(), ys.next()) {
            (None, None) => return Some(Ordering::Equal),
            (None, Some(_)) => return Some(Ordering::Less),
            (Some(_), None) => return Some(Ordering::Greater),
            (Some(x), Some(y)) => {
                let o = x.order(&y);
                if o.is_ne() {
                    return x.meaningful_against(&y).then_some(o);
                }
            }
        }
    }
}

impl Version {
    /// Whether the version names a re-publication of its release (`1.2.7-refresh`,
    /// `2.0.0-patch.1`: `refresh`, `patch`, `hotfix`, `errata`, `update`, `revision` or `post`
    /// first): dated when it was republished, so later than
    /// releases that came after the one it republishes.
    pub fn is_republication(&self) -> bool {
        self.pre.as_deref().is_some_and(is_post_release)
    }

    /// The order of two versions as far as their text says which came first, `None` where
    /// [`Ord`] only picks an order to stay total: different product lines, or pre-releases
    /// first told apart by two early words (`draft`, `dev`), an unknown word (`preview`,
    /// `ballot`), or a number against a word. `Some(Equal)` for versions that read the same
    /// (`6.0` and `6.0.0`, `rc1` and `RC.1`). Used where a wrong guess would write a wrong
    /// value (`check --fix` never lowers a version).
    pub fn known_cmp(&self, other: &Version) -> Option<Ordering> {
        if self.product != other.product {
            return None;
        }
        match compare_numbers(&self.numbers, &other.numbers) {
            Ordering::Equal => {}
            o => return Some(o),
        }
        let (x, y) = (self.pre.as_deref(), other.pre.as_deref());
        match (label_rank(x), label_rank(y)) {
            (r, s) if r != s => Some(r.cmp(&s)),
            _ => match (x, y) {
                (Some(a), Some(b)) => known_pre(a, b),
                _ => Some(Ordering::Equal),
            },
        }
    }
}

/// Versions order by product line, then numbers (missing parts are 0), then pre-release: a
/// pre-release sorts before its release, and pre-releases by stage, part by part
/// (`1.0.0-experimental` < `1.0.0-alpha` < `1.0.0-alpha.5` < `1.0.0-beta` < `1.0.0-rc.1` <
/// `1.0.0-rc.2` < `1.0.0`). Unknown words keep semver's place among `alpha`, `beta` and `rc`:
/// by spelling (`ballot` between alpha and beta, `pre` and `preview` between beta and rc,
/// `stable` after rc). A label that names a re-publication (`1.2.7-refresh`, `-patch`,
/// `-hotfix`...) sorts after its release and before the next. Ties are broken by the label as
/// written, then by the count of numbers, so the order is total and agrees with `Eq`.
impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let (x, y) = (self.pre.as_deref(), other.pre.as_deref());
        let pre = label_rank(x).cmp(&label_rank(y)).then_with(|| match (x, y) {
            (Some(a), Some(b)) => compare_pre(a, b).then_with(|| a.cmp(b)),
            _ => Ordering::Equal,
        });
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

    fn parsed(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|| panic!("{text} parses"))
    }

    fn sorted(texts: &[&str]) -> Vec<String> {
        let mut versions: Vec<Version> = texts.iter().map(|t| parsed(t)).collect();
        versions.sort();
        versions.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn pre_release_stages_order_as_people_mean_them() {
        // NRLS published 1.0.0-experimental first, then alpha, then beta.
        let order = [
            "0.9.0",
            "1.0.0-dev",
            "1.0.0-draft",
            "1.0.0-experimental",
            "1.0.0-alpha",
            "1.0.0-alpha.5",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.10",
            "1.0.0-rc",
            "1.0.0-rc.1",
            "1.0.0-rc.2",
            "1.0.0",
            "1.0.1-experimental",
        ];
        let mut shuffled = order;
        shuffled.reverse();
        shuffled.swap(2, 9);
        assert_eq!(sorted(&shuffled), order);
        assert!(parsed("1.0.0-experimental") < parsed("1.0.0-alpha"));
        assert!(parsed("1.0.0-Experimental") < parsed("1.0.0-ALPHA"));
        assert!(parsed("1.0.0-snapshot") < parsed("1.0.0-alpha.1"));
        assert!(parsed("1.0.0-nightly.3") < parsed("1.0.0-alpha"));
    }

    #[test]
    fn a_stage_word_glued_to_its_number_reads_as_word_then_number() {
        assert_eq!(
            sorted(&["1.0.0-rc10", "1.0.0-rc2", "1.0.0-rc", "1.0.0-beta3"]),
            ["1.0.0-beta3", "1.0.0-rc", "1.0.0-rc2", "1.0.0-rc10"]
        );
        // Same place as `rc.2`; the written label breaks the tie, so Ord still agrees with Eq.
        assert_eq!(compare_pre("rc2", "rc.2"), Ordering::Equal);
        assert_ne!(parsed("1.0.0-rc2").cmp(&parsed("1.0.0-rc.2")), Ordering::Equal);
        assert_ne!(parsed("1.0.0-RC").cmp(&parsed("1.0.0-rc")), Ordering::Equal);
        // An unknown word keeps its digits.
        assert!(parsed("1.0.0-ballot10") < parsed("1.0.0-ballot2"));
    }

    #[test]
    fn unknown_words_sort_by_spelling_among_alpha_beta_and_rc() {
        assert_eq!(
            sorted(&["1.0.0-stable", "1.0.0-rc", "1.0.0-preview", "1.0.0-beta", "1.0.0-ballot", "1.0.0-alpha"]),
            ["1.0.0-alpha", "1.0.0-ballot", "1.0.0-beta", "1.0.0-preview", "1.0.0-rc", "1.0.0-stable"]
        );
        assert!(parsed("1.0.0-1") < parsed("1.0.0-dev"), "numbers before words, as in semver");
        assert!(parsed("1.0.0-zzz") < parsed("1.0.0"), "any pre-release before its release");
    }

    #[test]
    fn a_refresh_or_patch_sorts_after_its_release_and_before_the_next() {
        assert_eq!(
            sorted(&["1.2.8", "1.2.7-refresh", "1.2.7", "1.2.7-rc.1", "1.2.7-patch.2", "1.2.7-Patch.10"]),
            ["1.2.7-rc.1", "1.2.7", "1.2.7-patch.2", "1.2.7-Patch.10", "1.2.7-refresh", "1.2.8"]
        );
        let known = |a: &str, b: &str| parsed(a).known_cmp(&parsed(b));
        assert_eq!(known("1.2.7-refresh", "1.2.7"), Some(Ordering::Greater));
        assert_eq!(known("1.2.7-refresh", "1.2.7-rc.1"), Some(Ordering::Greater));
        assert_eq!(known("1.2.7-refresh", "1.2.8-beta"), Some(Ordering::Less));
        assert_eq!(known("1.2.7-patch.1", "1.2.7-patch.2"), Some(Ordering::Less));
        assert_eq!(known("1.2.7-refresh", "1.2.7-patch"), None, "two re-publications: the words do not say");
        assert_eq!(known("1.2.7-preview", "1.2.7"), Some(Ordering::Less), "other words stay pre-releases");
    }

    #[test]
    fn known_order_is_withheld_where_the_words_do_not_say_it() {
        let known = |a: &str, b: &str| parsed(a).known_cmp(&parsed(b));
        assert_eq!(known("1.0.0-experimental", "1.0.0-beta"), Some(Ordering::Less));
        assert_eq!(known("1.0.0-rc.2", "1.0.0-rc.1"), Some(Ordering::Greater));
        assert_eq!(known("1.0.0-rc", "1.0.0-rc.1"), Some(Ordering::Less));
        assert_eq!(known("2.0.0-beta", "2.4.0-beta"), Some(Ordering::Less));
        assert_eq!(known("1.0.0-preview", "1.1.0"), Some(Ordering::Less));
        assert_eq!(known("1.0.0", "1.0.0-preview"), Some(Ordering::Greater));
        assert_eq!(known("6.0", "6.0.0"), Some(Ordering::Equal));
        assert_eq!(known("1.0.0-rc1", "1.0.0-RC.1"), Some(Ordering::Equal));
        assert_eq!(known("1.0.0-draft", "1.0.0-experimental"), None);
        assert_eq!(known("1.0.0-preview", "1.0.0-beta"), None);
        assert_eq!(known("1.0.0-preview", "1.0.0-dev"), None);
        assert_eq!(known("1.0.0-1", "1.0.0-beta"), None);
        let docs = from_file_name("documents_1_0_0.md").expect("version");
        assert_eq!(docs.known_cmp(&parsed("1.0.0")), None);
    }

    /// Versions that sit close together or read the same: every triple of them is checked.
    const TRICKY: &[&str] = &[
        "1.0.0",
        "1.0",
        "1.0.0.0",
        "v1.0.0",
        "1.0.0-rc",
        "1.0.0-RC",
        "1.0.0-rc2",
        "1.0.0-rc.2",
        "1.0.0-RC.2",
        "1.0.0-rc10",
        "1.0.0-rc.1.beta",
        "1.0.0-beta",
        "1.0.0-beta.rc",
        "1.0.0-alpha",
        "1.0.0-ALPHA.1",
        "1.0.0-experimental",
        "1.0.0-draft",
        "1.0.0-dev",
        "1.0.0-dev1",
        "1.0.0-Dev.1",
        "1.0.0-preview",
        "1.0.0-pre",
        "1.0.0-1",
        "1.0.0-01",
        "1.0.0-a",
        "1.0-rc",
        "0.9.9",
        "1.0.1-experimental",
    ];

    #[test]
    fn the_order_is_total_and_agrees_with_eq_over_every_triple_of_tricky_versions() {
        let mut versions: Vec<Version> = TRICKY.iter().map(|t| parsed(t)).collect();
        versions.push(Version { product: Some("documents".into()), ..parsed("1.0.0-rc") });
        for a in &versions {
            for b in &versions {
                assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{a} / {b}");
                assert_eq!(a.cmp(b) == Ordering::Equal, a == b, "{a} / {b}");
                for c in &versions {
                    if a <= b && b <= c {
                        assert!(a <= c, "{a} <= {b} <= {c}");
                    }
                }
            }
        }
    }

    /// A version built from a small alphabet, so that equal and near-equal versions are common.
    fn arb_version() -> impl proptest::strategy::Strategy<Value = Version> {
        use proptest::prelude::*;
        let ident = proptest::sample::select(vec![
            "alpha",
            "Alpha",
            "beta",
            "rc",
            "RC",
            "rc1",
            "rc2",
            "rc10",
            "beta2",
            "experimental",
            "draft",
            "dev",
            "dev1",
            "snapshot",
            "preview",
            "pre",
            "ballot",
            "zzz",
            "a",
            "0",
            "1",
            "2",
            "10",
            "01",
            "",
            "99999999999999999999999",
            "rc99999999999999999999999",
        ]);
        let pre = proptest::option::of(proptest::collection::vec(ident, 1..4).prop_map(|parts| parts.join(".")));
        let product = proptest::option::of(proptest::sample::select(vec!["documents", "access"]));
        (product, proptest::collection::vec(0u64..3, 1..4), pre).prop_map(|(product, numbers, pre)| Version {
            product: product.map(str::to_string),
            numbers,
            pre,
        })
    }

    proptest::proptest! {
        #[test]
        fn the_order_is_total_and_agrees_with_eq(a in arb_version(), b in arb_version(), c in arb_version()) {
            proptest::prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
            proptest::prop_assert_eq!(a.cmp(&b) == Ordering::Equal, a == b);
            proptest::prop_assert_eq!(a.cmp(&a), Ordering::Equal);
            if a <= b && b <= c {
                proptest::prop_assert!(a <= c, "{a:?} <= {b:?} <= {c:?}");
            }
            if a < b && b < c {
                proptest::prop_assert!(a < c, "{a:?} < {b:?} < {c:?}");
            }
        }

        #[test]
        fn a_known_order_is_the_order(a in arb_version(), b in arb_version()) {
            match a.known_cmp(&b) {
                Some(Ordering::Less) => proptest::prop_assert!(a < b),
                Some(Ordering::Greater) => proptest::prop_assert!(a > b),
                Some(Ordering::Equal) => proptest::prop_assert_eq!(compare_numbers(&a.numbers, &b.numbers), Ordering::Equal),
                None => {}
            }
            proptest::prop_assert_eq!(a.known_cmp(&b), b.known_cmp(&a).map(Ordering::reverse));
        }
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
