//! The spec folder in git: which of its files differ between two commits (or a commit and the
//! working tree), and their text on either side.
//!
//! Paths are relative to the spec folder, which may be a sub-folder of the repository. The
//! comparison is libgit2's tree diff with rename detection (for the working tree: index,
//! unstaged and untracked files included, as `check --changed-since` sees them), so a file is
//! "changed" exactly when its bytes differ.

use std::path::{Path, PathBuf};

use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Repository, Tree};

use super::diff::PageStatus;
use super::{git_error, open_repository, spec_prefix, under_prefix, working_tree};
use crate::error::{Error, Result};

/// One file of the spec folder that differs between two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Added, deleted, modified or renamed (never unchanged).
    pub status: PageStatus,
    /// Path on the old side (`None` when added), relative to the spec folder.
    pub old_path: Option<String>,
    /// Path on the new side (`None` when deleted), relative to the spec folder.
    pub new_path: Option<String>,
}

/// The repository holding a spec folder, for reading that folder at any commit.
pub struct SpecHistory {
    repo: Repository,
    workdir: PathBuf,
    prefix: String,
    what: &'static str,
}

impl SpecHistory {
    /// Finds the repository from `spec_root` upwards; `what` names the command in errors.
    pub fn open(spec_root: &Path, what: &'static str) -> Result<SpecHistory> {
        let repo = open_repository(spec_root, what)?;
        let workdir = working_tree(&repo, what)?.to_path_buf();
        let prefix = spec_prefix(spec_root, &workdir, what)?;
        Ok(SpecHistory { repo, workdir, prefix, what })
    }

    /// The repository.
    pub fn repo(&self) -> &Repository {
        &self.repo
    }

    /// The spec folder relative to the working tree (`spec/`, empty at the root).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The files of the spec folder that differ between commit `from` and commit `to`
    /// (`None`: the working tree), sorted by path.
    pub fn changes(&self, from: &str, to: Option<&str>) -> Result<Vec<FileChange>> {
        let old = self.tree(from)?;
        let mut options = DiffOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true).include_typechange(true);
        if !self.prefix.is_empty() {
            options.pathspec(&self.prefix).disable_pathspec_match(true);
        }
        let mut diff = match to {
            Some(to) => self.repo.diff_tree_to_tree(Some(&old), Some(&self.tree(to)?), Some(&mut options)),
            None => self.repo.diff_tree_to_workdir_with_index(Some(&old), Some(&mut options)),
        }
        .map_err(|e| self.error(e))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true).for_untracked(true))).map_err(|e| self.error(e))?;
        let mut changes: Vec<FileChange> = diff
            .deltas()
            .filter_map(|delta| {
                let status = match delta.status() {
                    Delta::Added | Delta::Untracked | Delta::Copied => PageStatus::Added,
                    Delta::Deleted => PageStatus::Deleted,
                    Delta::Renamed => PageStatus::Renamed,
                    Delta::Unmodified | Delta::Ignored => return None,
                    _ => PageStatus::Modified,
                };
                let path = |f: git2::DiffFile| f.path().and_then(|p| under_prefix(p, &self.prefix));
                let old_path = if status == PageStatus::Added { None } else { path(delta.old_file()) };
                let new_path = if status == PageStatus::Deleted { None } else { path(delta.new_file()) };
                (old_path.is_some() || new_path.is_some()).then_some(FileChange { status, old_path, new_path })
            })
            .collect();
        changes.sort_by(|a, b| {
            a.new_path.as_ref().or(a.old_path.as_ref()).cmp(&b.new_path.as_ref().or(b.old_path.as_ref()))
        });
        Ok(changes)
    }

    /// The text of `path` (relative to the spec folder) at commit `at` (`None`: the working
    /// tree), read as UTF-8 with invalid bytes replaced; `None` when there is no such file.
    pub fn read(&self, at: Option<&str>, path: &str) -> Result<Option<String>> {
        let bytes = match at {
            None => {
                let file = self.workdir.join(format!("{}{path}", self.prefix));
                match std::fs::read(&file) {
                    Ok(bytes) => bytes,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(source) => return Err(Error::Read { path: file, source }),
                }
            }
            Some(commit) => {
                let tree = self.tree(commit)?;
                let Ok(entry) = tree.get_path(Path::new(&format!("{}{path}", self.prefix))) else { return Ok(None) };
                let Ok(blob) = self.repo.find_blob(entry.id()) else { return Ok(None) };
                blob.content().to_vec()
            }
        };
        Ok(Some(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }))
    }

    /// The root tree of commit `id` (40 hex digits).
    fn tree(&self, id: &str) -> Result<Tree<'_>> {
        let oid = Oid::from_str(id).map_err(|e| self.error(e))?;
        self.repo.find_commit(oid).and_then(|c| c.tree()).map_err(|e| self.error(e))
    }

    fn error(&self, e: git2::Error) -> Error {
        git_error(e, self.what)
    }
}
