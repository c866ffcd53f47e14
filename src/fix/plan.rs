//! Planning fixes: which edits go into which file, and the new text of each file.
//!
//! Fixes are taken in the findings' (sorted, deterministic) order. A fix whose edits
//! overlap an edit already accepted is dropped whole and reported; an identical edit
//! proposed twice (two findings, one repair) is applied once. Each file's new text is
//! built in one forward pass over its sorted edits.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::Project;
use crate::diagnostic::{Diagnostic, Fix};

/// The new text of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlan {
    /// Path relative to the spec root.
    pub path: String,
    /// The text as loaded.
    pub old: String,
    /// The text with the accepted edits applied.
    pub new: String,
}

/// Every file that changes, and what was left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files whose text changes, sorted by path.
    pub files: Vec<FilePlan>,
    /// Fixes accepted.
    pub fixes: usize,
    /// Fixes dropped, each with the finding's place and why.
    pub skipped: Vec<String>,
}

/// Accepted edits of one file: start -> (end, replacement), non-overlapping.
type Accepted = BTreeMap<usize, (usize, String)>;

/// Plans the fixes of `diags` against the files of `project` as loaded.
pub fn plan(project: &Project, diags: &[Diagnostic]) -> Plan {
    let mut accepted: BTreeMap<&str, Accepted> = BTreeMap::new();
    let mut plan = Plan::default();
    for d in diags {
        let Some(fix) = &d.fix else { continue };
        match check_fix(project, fix, &accepted) {
            Ok(true) => {
                for e in &fix.edits {
                    let file = accepted.entry(e.file.as_str()).or_default();
                    file.insert(e.range.start, (e.range.end, e.replacement.clone()));
                }
                plan.fixes += 1;
            }
            Ok(false) => {}
            Err(why) => plan
                .skipped
                .push(format!("{}:{}:{} [{}] {}: {why}", d.file, d.span.line, d.span.column, d.rule, fix.description)),
        }
    }
    for (path, edits) in accepted {
        let Some(old) = project.source_text(path) else { continue };
        let new = rebuild(old, &edits);
        if new != old {
            plan.files.push(FilePlan { path: path.to_string(), old: old.to_string(), new });
        }
    }
    plan
}

/// Whether `fix` can go in: `Ok(true)` to apply, `Ok(false)` when it is already planned or
/// changes nothing, `Err(why)` when it cannot be applied.
fn check_fix(project: &Project, fix: &Fix, accepted: &BTreeMap<&str, Accepted>) -> Result<bool, String> {
    let mut new_edits = 0;
    let mut own: BTreeMap<&str, Accepted> = BTreeMap::new();
    for e in &fix.edits {
        let text = project.source_text(&e.file).ok_or_else(|| format!("`{}` was not loaded", e.file))?;
        let in_file = e.range.start <= e.range.end && text.get(e.range.clone()).is_some();
        if !in_file {
            return Err(format!("the edit {:?} is not within `{}`", e.range, e.file));
        }
        let planned = accepted.get(e.file.as_str());
        if planned.and_then(|p| p.get(&e.range.start)) == Some(&(e.range.end, e.replacement.clone())) {
            continue;
        }
        if let Some(other) = planned.and_then(|p| overlapping(p, &e.range)) {
            return Err(format!("it overlaps another fix at bytes {other:?} of `{}`", e.file));
        }
        let own_file = own.entry(e.file.as_str()).or_default();
        if overlapping(own_file, &e.range).is_some() {
            return Err("two of its own edits overlap".to_string());
        }
        own_file.insert(e.range.start, (e.range.end, String::new()));
        if text[e.range.clone()] != e.replacement {
            new_edits += 1;
        }
    }
    Ok(new_edits > 0)
}

/// An accepted range that `range` overlaps. Touching ranges count when either is an
/// insertion, since the order of the two would then be a guess.
fn overlapping(accepted: &Accepted, range: &Range<usize>) -> Option<Range<usize>> {
    let clash = |s: usize, e: usize| {
        let empty = s == e || range.start == range.end;
        if empty { s <= range.end && range.start <= e } else { s < range.end && range.start < e }
    };
    let before = accepted.range(..=range.start).next_back();
    let after = accepted.range(range.start..).take_while(|(s, _)| **s <= range.end);
    before.into_iter().chain(after).find(|(s, (e, _))| clash(**s, *e)).map(|(s, (e, _))| *s..*e)
}

/// `old` with `edits` applied, in one forward pass.
fn rebuild(old: &str, edits: &Accepted) -> String {
    let mut new = String::with_capacity(old.len() + 64);
    let mut copied = 0;
    for (&start, (end, replacement)) in edits {
        new.push_str(&old[copied..start]);
        new.push_str(replacement);
        copied = *end;
    }
    new.push_str(&old[copied..]);
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepted(ranges: &[(usize, usize)]) -> Accepted {
        ranges.iter().map(|&(s, e)| (s, (e, String::new()))).collect()
    }

    #[test]
    fn overlapping_and_touching_insertions_clash_but_neighbours_do_not() {
        let a = accepted(&[(10, 20), (30, 30)]);
        assert_eq!(overlapping(&a, &(15..25)), Some(10..20));
        assert_eq!(overlapping(&a, &(0..11)), Some(10..20));
        assert_eq!(overlapping(&a, &(20..25)), None);
        assert_eq!(overlapping(&a, &(0..10)), None);
        assert_eq!(overlapping(&a, &(20..20)), Some(10..20));
        assert_eq!(overlapping(&a, &(25..30)), Some(30..30));
        assert_eq!(overlapping(&a, &(31..40)), None);
    }

    #[test]
    fn rebuilding_keeps_every_byte_outside_the_edits() {
        let old = "\u{feff}a \r\nb\t\r\nc";
        let edits: Accepted = [(7, (8, "x".to_string())), (12, (12, "!".to_string()))].into_iter().collect();
        assert_eq!(rebuild(old, &edits), "\u{feff}a \r\nx\t\r\nc!");
    }
}
