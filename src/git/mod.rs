//! The spec's git history, read with libgit2: which files of the spec differ from a git reference
//! (`check --changed-since REF`, this file) and what changed between two releases
//! (`specnotes verify`, `build --git`: [`releases`] finds release branches and tags, [`tree`]
//! reads the spec folder at a commit, [`diff`] turns that into page diffs, [`every_release`]
//! does so for every release the site shows).
//!
//! Uses libgit2 (the `git2` crate, vendored, no network features) rather than the `git`
//! command, so the answer does not depend on which git is installed or how it is configured.
//! The comparison is the one a pull request shows (`git diff REF...`): the tree of the merge base
//! of `REF` and `HEAD` against the working tree, the index and untracked (not ignored) files
//! included, with rename detection on. When `REF` and `HEAD` share no history (a shallow clone),
//! the tree of `REF` itself is used.

pub mod diff;
pub mod every_release;
pub mod findings;
pub mod releases;
pub mod tree;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use diff::{PageDiff, PageStatus, ReleaseDiff, release_diff, unified_diff};
pub use every_release::{EveryRelease, every_release_diff};
pub use releases::{ReleaseRef, ReleaseRefs};

use git2::{Delta, DiffFindOptions, DiffOptions, ErrorCode, Oid, Repository, Tree};

use crate::error::{Error, Result};

/// Files under `spec_root` (paths relative to it, `/`-separated) that differ between `reference`
/// and the working tree, uncommitted and untracked changes included.
///
/// A renamed file is listed under its new path; deleted files are not listed (nothing can be
/// reported in them). The repository is found from `spec_root` upwards, so the spec may be a
/// sub-folder of it.
pub fn changed_files(spec_root: &Path, reference: &str) -> Result<BTreeSet<String>> {
    const WHAT: &str = "--changed-since";
    let repo = open_repository(spec_root, WHAT)?;
    let prefix = spec_prefix(spec_root, working_tree(&repo, WHAT)?, WHAT)?;
    let base = base_tree(&repo, reference)?;
    let mut options = DiffOptions::new();
    options.include_untracked(true).recurse_untracked_dirs(true).include_typechange(true);
    if !prefix.is_empty() {
        options.pathspec(&prefix).disable_pathspec_match(true);
    }
    let mut diff =
        repo.diff_tree_to_workdir_with_index(Some(&base), Some(&mut options)).map_err(|e| git_error(e, WHAT))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true).for_untracked(true)))
        .map_err(|e| git_error(e, WHAT))?;
    let mut changed = BTreeSet::new();
    for delta in diff.deltas().filter(|d| d.status() != Delta::Deleted) {
        let Some(path) = delta.new_file().path() else { continue };
        if let Some(relative) = under_prefix(path, &prefix) {
            changed.insert(relative);
        }
    }
    Ok(changed)
}

/// The repository containing `spec_root`, with a clear error naming `what` needs it when there is none.
fn open_repository(spec_root: &Path, what: &str) -> Result<Repository> {
    Repository::discover(spec_root).map_err(|e| match e.code() {
        ErrorCode::NotFound => {
            Error::Usage(format!("{what} needs a git repository, but `{}` is not inside one", spec_root.display()))
        }
        _ => git_error(e, what),
    })
}

/// The working tree of `repo` (a bare repository has none).
fn working_tree<'r>(repo: &'r Repository, what: &str) -> Result<&'r Path> {
    repo.workdir().ok_or_else(|| {
        Error::Usage(format!("{what}: the repository at `{}` has no working tree", repo.path().display()))
    })
}

/// The spec folder relative to the working tree, `/`-separated with a trailing `/` (empty at the root).
fn spec_prefix(spec_root: &Path, workdir: &Path, what: &str) -> Result<String> {
    let canonical = |p: &Path| -> Result<PathBuf> {
        std::fs::canonicalize(p).map_err(|source| Error::Read { path: p.to_path_buf(), source })
    };
    let (spec, work) = (canonical(spec_root)?, canonical(workdir)?);
    let relative = spec.strip_prefix(&work).map_err(|_| {
        Error::Usage(format!("{what}: `{}` is not inside the working tree `{}`", spec.display(), work.display()))
    })?;
    let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Ok(if parts.is_empty() { String::new() } else { format!("{}/", parts.join("/")) })
}

/// `path` (relative to the working tree) relative to the spec folder, if it lies under it.
fn under_prefix(path: &Path, prefix: &str) -> Option<String> {
    let path = path.to_string_lossy().replace('\\', "/");
    path.strip_prefix(prefix).filter(|p| !p.is_empty()).map(str::to_string)
}

/// The tree to compare with: that of the merge base of `reference` and `HEAD`, else of `reference`.
fn base_tree<'r>(repo: &'r Repository, reference: &str) -> Result<Tree<'r>> {
    let object = repo.revparse_single(reference).map_err(|e| match e.code() {
        ErrorCode::NotFound | ErrorCode::InvalidSpec | ErrorCode::Ambiguous => unknown_reference(repo, reference),
        _ => git_error(e, "--changed-since"),
    })?;
    let commit = object
        .peel_to_commit()
        .map_err(|_| Error::Usage(format!("--changed-since: `{reference}` does not name a commit")))?;
    let head: Option<Oid> = repo.head().ok().and_then(|h| h.target());
    let base = head.and_then(|h| repo.merge_base(commit.id(), h).ok()).unwrap_or(commit.id());
    repo.find_commit(base).and_then(|c| c.tree()).map_err(|e| git_error(e, "--changed-since"))
}

/// "No branch, tag or commit named ...", with the closest branch or tag name.
fn unknown_reference(repo: &Repository, reference: &str) -> Error {
    let names = reference_names(repo);
    let hint = crate::diagnostic::did_you_mean(reference, names.iter().map(String::as_str))
        .map(|n| format!("; did you mean `{n}`?"))
        .unwrap_or_default();
    Error::Usage(format!(
        "--changed-since: no branch, tag or commit named `{reference}` in `{}`{hint} \
         (in CI, fetch the history first, e.g. `fetch-depth: 0`)",
        repo.workdir().unwrap_or(repo.path()).display()
    ))
}

/// Short names of the local and remote branches and the tags.
fn reference_names(repo: &Repository) -> Vec<String> {
    let Ok(references) = repo.references() else { return Vec::new() };
    let mut names: Vec<String> = references
        .flatten()
        .filter(|r| r.is_branch() || r.is_remote() || r.is_tag())
        .filter_map(|r| r.shorthand().ok().map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Any other libgit2 failure during `what`, with its message.
fn git_error(e: git2::Error, what: &str) -> Error {
    Error::Usage(format!("{what}: git: {}", e.message()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_under_the_spec_folder_are_made_relative_to_it() {
        assert_eq!(under_prefix(Path::new("spec/pages/a.md"), "spec/"), Some("pages/a.md".to_string()));
        assert_eq!(under_prefix(Path::new("other/a.md"), "spec/"), None);
        assert_eq!(under_prefix(Path::new("spec-old/a.md"), "spec/"), None);
        assert_eq!(under_prefix(Path::new("a.md"), ""), Some("a.md".to_string()));
    }

    #[test]
    fn a_folder_outside_any_repository_is_named_in_the_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let message = match changed_files(dir.path(), "main") {
            Err(Error::Usage(m)) => m,
            other => panic!("expected a usage error, got {other:?}"),
        };
        // A temp folder could in theory sit inside a repository; only check the wording when it does not.
        if Repository::discover(dir.path()).is_err() {
            assert_eq!(
                message,
                format!("--changed-since needs a git repository, but `{}` is not inside one", dir.path().display())
            );
        }
    }
}
