//! The page diffs of every release that git can compare: what `build --git` shows on the site.
//!
//! `verify` compares one release; the site shows every release's diffs, so this first decides
//! which releases can be compared, from their refs alone, before reading any text. A release
//! needs an earlier release of its product line with a ref ([`super::diff::release_diff`] takes
//! the newest such), and a ref of its own, except the newest release of each product line,
//! which is read from the working tree exactly as `verify` reads it (the release being
//! prepared). Any other release without a ref is skipped with the reason, never guessed:
//! comparing an old release with the working tree would show every later change as its own.
//! Each comparison opens its own repository handle (libgit2 handles cannot be shared between
//! threads), so the comparisons run in parallel; the result keeps the model's release order.

use std::path::Path;

use rayon::prelude::*;

use super::diff::{ReleaseDiff, release_diff};
use super::releases::{ReleaseRefs, ref_version};
use super::tree::SpecHistory;
use crate::Project;
use crate::error::Result;
use crate::model::Release;

/// Why a release has no page diffs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// It has no branch or tag and is not the newest release of its product line.
    NoRef,
    /// No earlier release of its product line has a branch or tag.
    NoEarlierRef,
}

/// A release that could not be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The version as a person types it (`1.2.3`, `documents-1.0.0`).
    pub version: String,
    /// Why.
    pub reason: SkipReason,
}

/// Every release's page diffs, and the releases that could not be compared.
#[derive(Debug, Clone)]
pub struct EveryRelease {
    /// One per comparable release, in the model's release order.
    pub diffs: Vec<ReleaseDiff>,
    /// Releases with an earlier release of their product line but no comparison, in model order.
    pub skipped: Vec<Skipped>,
    /// The ref patterns in effect.
    pub patterns: Vec<String>,
}

/// The page diffs of every release of `project` that can be compared in the git repository
/// holding `spec_root`, with refs found through `patterns` (empty: the defaults). The first
/// release of each product line has nothing to compare with and is neither diffed nor skipped.
pub fn every_release_diff(spec_root: &Path, project: &Project, patterns: &[String]) -> Result<EveryRelease> {
    let history = SpecHistory::open(spec_root, "build --git")?;
    let refs = ReleaseRefs::new(patterns);
    let releases = &project.model.releases;
    let has_ref: Vec<bool> = releases.iter().map(|r| refs.resolve(history.repo(), r).is_some()).collect();
    let mut comparable = Vec::new();
    let mut skipped = Vec::new();
    for (i, release) in releases.iter().enumerate() {
        match plan(releases, &has_ref, i) {
            Plan::First => {}
            Plan::Compare => comparable.push(i),
            Plan::Skip(reason) => skipped.push(Skipped { version: ref_version(release), reason }),
        }
    }
    let diffs: Vec<ReleaseDiff> = comparable
        .par_iter()
        .map(|&i| release_diff(spec_root, project, &ref_version(&releases[i]), patterns))
        .collect::<Result<Vec<_>>>()?;
    // A version written twice is found once, as its last occurrence: keep that one only.
    let diffs = diffs.into_iter().zip(&comparable).filter(|(d, i)| d.release == **i).map(|(d, _)| d).collect();
    Ok(EveryRelease { diffs, skipped, patterns: refs.patterns().to_vec() })
}

/// What to do with one release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// The first release of its product line: nothing to compare with.
    First,
    /// Compare it with the newest earlier release that has a ref.
    Compare,
    /// Skip it, for this reason.
    Skip(SkipReason),
}

fn plan(releases: &[Release], has_ref: &[bool], index: usize) -> Plan {
    let release = &releases[index];
    let same_line = |r: &&Release| r.product == release.product;
    let mut earlier =
        releases.iter().zip(has_ref).filter(|(r, _)| same_line(r) && r.parsed_version < release.parsed_version);
    let Some((_, first_has_ref)) = earlier.next() else { return Plan::First };
    let newest = !releases.iter().filter(same_line).any(|r| r.parsed_version > release.parsed_version);
    if !has_ref[index] && !newest {
        Plan::Skip(SkipReason::NoRef)
    } else if !*first_has_ref && !earlier.any(|(_, &has)| has) {
        Plan::Skip(SkipReason::NoEarlierRef)
    } else {
        Plan::Compare
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::test_release as release;

    #[test]
    fn releases_are_compared_only_between_refs_or_with_the_working_tree_for_the_newest() {
        let releases = [
            release(None, "1.0.0"),
            release(None, "1.1.0"),
            release(None, "1.2.0"),
            release(None, "1.3.0"),
            release(Some("documents"), "1.0.0"),
            release(Some("documents"), "1.1.0"),
        ];
        let has_ref = [false, true, false, false, false, false];
        let plans: Vec<Plan> = (0..releases.len()).map(|i| plan(&releases, &has_ref, i)).collect();
        assert_eq!(
            plans,
            [
                Plan::First,
                Plan::Skip(SkipReason::NoEarlierRef),
                Plan::Skip(SkipReason::NoRef),
                Plan::Compare,
                Plan::First,
                Plan::Skip(SkipReason::NoEarlierRef),
            ]
        );
    }
}
