//! Git: which files of the spec differ from a reference (`check --changed-since REF`).

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::Result;

/// Files under `spec_root` (paths relative to it, `/`-separated) that differ between `reference`
/// and the working tree, uncommitted and untracked changes included.
pub fn changed_files(spec_root: &Path, reference: &str) -> Result<BTreeSet<String>> {
    let _ = (spec_root, reference);
    Err(crate::Error::Usage("--changed-since is not available yet".into()))
}
