//! `check --fix`: applying the safe fixes findings carry, atomically, keeping every other byte.
//!
//! Runs after the check stage. Rules attach a [`Fix`](crate::diagnostic::Fix) only when there is exactly one right
//! answer (the tests for values they write, blank or lower versions among them, are in
//! [`safe`]); this stage only plans and writes. Planning ([`plan`]) takes the fixes in the
//! findings' order, drops any whose edits overlap an earlier one (all edits of a fix go
//! or none do), and groups the edits by file. Each file is then rebuilt from the text *as
//! loaded*, so line endings, a byte-order mark and trailing spaces outside the edits stay
//! exactly as they were. Writing ([`write`](mod@write)) refuses a file that changed on disk since it
//! was loaded and replaces each file atomically. `--dry-run` prints a unified diff instead.

pub mod plan;
pub mod safe;
pub mod write;
pub mod yaml;

use std::io::Write;

use crate::Project;
use crate::diagnostic::Diagnostic;
use crate::error::Result;

pub use plan::{FilePlan, Plan};

/// What `--fix` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixReport {
    /// Files changed (or that would change, with `--dry-run`).
    pub files: Vec<String>,
    /// Fixes applied.
    pub fixes: usize,
    /// Fixes not applied, with why (overlapping another fix, pointing outside the file).
    pub skipped: Vec<String>,
}

/// Applies the fixes of `diags` to the files of `project`; with `dry_run`, writes a unified
/// diff to `out` instead and changes nothing. Skipped fixes are reported on stderr.
pub fn apply(project: &Project, diags: &[Diagnostic], dry_run: bool, out: &mut dyn Write) -> Result<FixReport> {
    let plan = plan::plan(project, diags);
    for why in &plan.skipped {
        eprintln!("warning: fix not applied: {why}");
    }
    let report = FixReport {
        files: plan.files.iter().map(|f| f.path.clone()).collect(),
        fixes: plan.fixes,
        skipped: plan.skipped.clone(),
    };
    if dry_run {
        for file in &plan.files {
            write_diff(file, out)?;
        }
    } else {
        write::write_all(&project.site.root, &plan.files)?;
    }
    Ok(report)
}

/// Writes the unified diff of one file, paths relative to the spec folder (a file planned
/// with empty `old` text is shown as created). Shared with the authoring commands' `--dry-run`.
pub fn write_diff(file: &FilePlan, out: &mut dyn Write) -> Result<()> {
    write!(out, "{}", unified_diff(&file.old, &file.new, &file.path))?;
    Ok(())
}

/// The unified diff (3 lines of context, `a/PATH` and `b/PATH` headers) from `old` to `new`
/// of the file at `path`; empty when they are equal. Used by `--dry-run` and by `verify`'s
/// page diffs between releases.
pub fn unified_diff(old: &str, new: &str, path: &str) -> String {
    if old == new {
        return String::new();
    }
    let diff = similar::TextDiff::from_lines(old, new);
    let (a, b) = (format!("a/{path}"), format!("b/{path}"));
    diff.unified_diff().context_radius(3).header(&a, &b).to_string()
}
