//! The tests a rule makes before it attaches a fix that writes a value: a fix must never write a
//! wrong one, so when the value is not certain the finding is reported without a fix and its
//! help says why.
//!
//! - **Nothing blank is written**: a release whose version could not be read has an empty
//!   version, which must not blank a `version:` or title a sidebar item with nothing.
//! - **No version is lowered**: a version is rewritten only to a newer one (or the same one in
//!   another spelling). A sidebar at `2.4.0-beta` while the newest release notes say
//!   `2.0.0-beta` means release notes are missing, not that the sidebar is wrong.
//! - **Only a known order counts**: the order of two pre-releases told apart by an unknown
//!   word (`preview` against `beta`) or two early words (`draft` against `dev`) is only a
//!   convention ([`Version::known_cmp`]), so no fix relies on it.
//! - **What is written reads back as the version meant**: the text to write must parse (dotted,
//!   or the underscore form of file names and permalinks) to the version compared.
//!
//! The value being replaced is always one the rule has read as a version: a string that does not
//! parse as one is not reported by the version rules at all, so there is never a fix that would
//! overwrite text whose version is unknown.

use std::cmp::Ordering;

use crate::diagnostic::Diagnostic;
use crate::model::Version;
use crate::model::version::from_underscored;

/// Why a fix was withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withheld {
    /// The value to write is empty or blank (typically: the release's version could not be read).
    Blank,
    /// The value to write does not read back as the version meant.
    NotAVersion {
        /// The text that would have been written.
        new: String,
    },
    /// The new version is lower than the one it would replace.
    Lower {
        /// The version written now.
        old: String,
        /// The lower version the fix would write.
        new: String,
    },
    /// Which of the two versions is newer cannot be told from their text.
    Unordered {
        /// The version written now.
        old: String,
        /// The version the fix would write.
        new: String,
    },
}

impl std::fmt::Display for Withheld {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Withheld::Blank => f.write_str("the value to write is empty (the release's version could not be read)"),
            Withheld::NotAVersion { new } => write!(f, "`{new}` does not read as the version meant"),
            Withheld::Lower { old, new } => write!(f, "{new} is lower than {old}, and a fix never lowers a version"),
            Withheld::Unordered { old, new } => {
                write!(f, "whether {new} is newer than {old} cannot be told from their pre-release labels")
            }
        }
    }
}

/// `Err(Blank)` when `value` is empty or only white space.
pub fn not_blank(value: &str) -> Result<(), Withheld> {
    if value.trim().is_empty() { Err(Withheld::Blank) } else { Ok(()) }
}

/// Whether replacing the version `old` (written `old_text`) with `new` (to be written
/// `new_text`) is safe: `new_text` is not blank and reads back as `new` (dotted, or in the
/// underscore form), `new` has numbers, and `new` is known to be at least `old`.
pub fn version_rewrite(old: &Version, old_text: &str, new: &Version, new_text: &str) -> Result<(), Withheld> {
    not_blank(new_text)?;
    if new.numbers.is_empty() {
        return Err(Withheld::Blank);
    }
    let read_back = Version::parse(new_text).or_else(|| from_underscored(new_text.trim()));
    let same = read_back.is_some_and(|v| v.same_numbers(new) && v.same_label(new));
    if !same {
        return Err(Withheld::NotAVersion { new: new_text.to_string() });
    }
    let (old_shown, new_shown) = (old_text.to_string(), new_text.to_string());
    match new.known_cmp(old) {
        Some(Ordering::Greater | Ordering::Equal) => Ok(()),
        Some(Ordering::Less) => Err(Withheld::Lower { old: old_shown, new: new_shown }),
        None => Err(Withheld::Unordered { old: old_shown, new: new_shown }),
    }
}

/// `diag` with why no fix is offered added to its help (`HELP; no automatic fix: WHY`).
pub fn explain(diag: Diagnostic, why: &Withheld) -> Diagnostic {
    let help = match &diag.help {
        Some(help) => format!("{help}; no automatic fix: {why}"),
        None => format!("no automatic fix: {why}"),
    };
    diag.with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).expect("a version")
    }

    #[test]
    fn a_newer_or_equal_version_may_be_written() {
        assert_eq!(version_rewrite(&v("1.2.2"), "1.2.2", &v("1.2.3"), "1.2.3"), Ok(()));
        assert_eq!(version_rewrite(&v("1.0.0-experimental"), "x", &v("1.0.0-beta"), "1.0.0-beta"), Ok(()));
        assert_eq!(version_rewrite(&v("1.0.0-rc1"), "x", &v("1.0.0-rc.1"), "1.0.0-rc.1"), Ok(()));
        assert_eq!(version_rewrite(&v("1.2"), "1.2", &v("1.2.3"), "v1.2.3"), Ok(()));
        assert_eq!(version_rewrite(&v("1.2.2"), "1_2_2", &v("1.2.3"), "1_2_3"), Ok(()));
    }

    #[test]
    fn a_lower_blank_unordered_or_unreadable_value_is_withheld() {
        let lower = version_rewrite(&v("2.4.0-beta"), "2.4.0-beta", &v("2.0.0-beta"), "2.0.0-beta");
        assert_eq!(lower, Err(Withheld::Lower { old: "2.4.0-beta".into(), new: "2.0.0-beta".into() }));
        assert!(matches!(
            version_rewrite(&v("1.2.3"), "1.2.3", &v("1.2.3-beta"), "1.2.3-beta"),
            Err(Withheld::Lower { .. })
        ));
        assert!(matches!(
            version_rewrite(&v("1.0.0-rc"), "1.0.0-rc", &v("1.0.0-beta"), "1.0.0-beta"),
            Err(Withheld::Lower { .. })
        ));
        let empty = Version { product: None, numbers: Vec::new(), pre: None };
        assert_eq!(version_rewrite(&v("1.2.3"), "1.2.3", &empty, ""), Err(Withheld::Blank));
        assert_eq!(version_rewrite(&v("1.2.3"), "1.2.3", &empty, " "), Err(Withheld::Blank));
        assert_eq!(version_rewrite(&v("1.2.3"), "1.2.3", &empty, "0"), Err(Withheld::Blank));
        let unordered = version_rewrite(&v("1.0.0-beta"), "1.0.0-beta", &v("1.0.0-preview"), "1.0.0-preview");
        assert!(matches!(unordered, Err(Withheld::Unordered { .. })));
        let wrong = version_rewrite(&v("1.0.0"), "1.0.0", &v("1.2.0"), "1.2.0-beta");
        assert_eq!(wrong, Err(Withheld::NotAVersion { new: "1.2.0-beta".into() }));
        assert!(matches!(
            version_rewrite(&v("1.0.0"), "1.0.0", &v("1.2.0"), "latest"),
            Err(Withheld::NotAVersion { .. })
        ));
    }

    #[test]
    fn the_reason_is_added_to_the_help() {
        use crate::span::Span;
        let d = Diagnostic::new("r", "f", Span::default(), "m").with_help("update it");
        let why = Withheld::Lower { old: "2.4.0".into(), new: "2.0.0".into() };
        assert_eq!(
            explain(d, &why).help.as_deref(),
            Some("update it; no automatic fix: 2.0.0 is lower than 2.4.0, and a fix never lowers a version")
        );
        let bare = explain(Diagnostic::new("r", "f", Span::default(), "m"), &Withheld::Blank);
        assert!(bare.help.expect("help").starts_with("no automatic fix: the value to write is empty"));
    }
}
