//! `check --fix`: applying the safe fixes findings carry, atomically, keeping every other byte.

use std::io::Write;

use crate::Project;
use crate::diagnostic::Diagnostic;
use crate::error::Result;

/// What `--fix` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixReport {
    /// Files changed (or that would change, with `--dry-run`).
    pub files: Vec<String>,
    /// Fixes applied.
    pub fixes: usize,
}

/// Applies the fixes of `diags` to the files of `project`; with `dry_run`, writes a unified
/// diff to `out` instead and changes nothing.
pub fn apply(project: &Project, diags: &[Diagnostic], dry_run: bool, out: &mut dyn Write) -> Result<FixReport> {
    let _ = (project, diags, dry_run, out);
    Err(crate::Error::Usage("--fix is not available yet".into()))
}
