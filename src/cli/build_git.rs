//! `specnotes build --git`: read every release's page diffs from git for the site.
//!
//! The flags are flattened into `build`'s arguments; [`git_diffs`] turns them into the
//! [`crate::render::diffs::GitDiffs`] the renderer shows, through
//! [`crate::git::every_release_diff`]. Releases git cannot compare are skipped with one note
//! on standard error; when none can be compared, that is an error (exit 2) naming the
//! patterns tried, since `--git` was asked for and the site would silently lack every diff.

use std::time::Instant;

use clap::Args;

use crate::Project;
use crate::error::{Error, Result};
use crate::git::every_release::{SkipReason, Skipped};
use crate::render::diffs::GitDiffs;

/// The `--git` flags of `specnotes build`.
#[derive(Debug, Args)]
pub struct GitArgs {
    /// Show each listed page's diff between the previous release and the release, read from
    /// the release branches or tags of the spec's git repository.
    #[arg(long)]
    pub git: bool,
    /// Release ref pattern with `{version}` for --git, tried as local branch, `origin/` branch
    /// and tag; repeat for several (default: `[git] release_refs`, else `release/{version}` and
    /// `v{version}`).
    #[arg(long = "ref-pattern", value_name = "PATTERN", requires = "git")]
    pub ref_patterns: Vec<String>,
}

/// The page diffs to show, or `None` without `--git`.
pub fn git_diffs(args: &GitArgs, project: &Project, spec_dir: &std::path::Path) -> Result<Option<GitDiffs>> {
    if !args.git {
        return Ok(None);
    }
    let start = Instant::now();
    for pattern in &args.ref_patterns {
        crate::config::release_ref_pattern(pattern).map_err(Error::Usage)?;
    }
    let patterns = if args.ref_patterns.is_empty() { &project.settings.git.release_refs } else { &args.ref_patterns };
    let every = crate::git::every_release_diff(spec_dir, project, patterns)?;
    let tried = every.patterns.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
    if every.diffs.is_empty() {
        return Err(Error::Usage(format!(
            "build --git: no release can be compared with an earlier one: no two releases of a product line have a \
             branch or tag (patterns tried: {tried}); set `[git] release_refs` in specnotes.toml or pass --ref-pattern"
        )));
    }
    if let Some(note) = skipped_note(&every.skipped, &tried) {
        eprintln!("{note}");
    }
    let pages: usize = every.diffs.iter().map(|d| d.pages.iter().filter(|p| p.listed).count()).sum();
    let (releases, ms) = (every.diffs.len(), start.elapsed().as_millis());
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    eprintln!(
        "build --git: {pages} page diff{} of {releases} release{} read from git in {ms} ms",
        plural(pages),
        plural(releases)
    );
    Ok(Some(GitDiffs { releases: every.diffs }))
}

/// One line naming the releases without page diffs and why, or `None` when there are none.
fn skipped_note(skipped: &[Skipped], tried: &str) -> Option<String> {
    if skipped.is_empty() {
        return None;
    }
    let list = |reason: SkipReason| {
        let versions: Vec<&str> = skipped.iter().filter(|s| s.reason == reason).map(|s| s.version.as_str()).collect();
        versions.join(", ")
    };
    let parts: Vec<String> = [
        (list(SkipReason::NoRef), "no branch or tag"),
        (list(SkipReason::NoEarlierRef), "no earlier release has a branch or tag"),
    ]
    .into_iter()
    .filter(|(versions, _)| !versions.is_empty())
    .map(|(versions, why)| format!("{versions} ({why})"))
    .collect();
    Some(format!("build --git: no page diffs for {}; patterns tried: {tried}", parts.join(" and ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skipped_releases_are_named_on_one_line_by_reason() {
        let skipped = |version: &str, reason| Skipped { version: version.to_string(), reason };
        let all = [
            skipped("1.0.1", SkipReason::NoEarlierRef),
            skipped("1.1.0", SkipReason::NoRef),
            skipped("1.2.0", SkipReason::NoRef),
        ];
        assert_eq!(
            skipped_note(&all, "`v{version}`").as_deref(),
            Some(
                "build --git: no page diffs for 1.1.0, 1.2.0 (no branch or tag) and 1.0.1 (no earlier release has a \
                 branch or tag); patterns tried: `v{version}`"
            )
        );
        assert_eq!(skipped_note(&[], "`v{version}`"), None);
    }
}
