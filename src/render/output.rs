//! Stage render, output: writing a rendered site to disk, safely.
//!
//! [`super::render`] is pure; this is the one place the site touches the disk. The new site
//! is written into a temporary folder beside `--out`, then swapped in with two renames, so a
//! failed build leaves the previous site as it was. A marker file ([`MARKER`]) identifies an
//! earlier specnotes output: any other non-empty folder is refused, as are `/`, the home
//! folder, the spec folder and any folder containing it, because replacing a folder deletes
//! what was in it. Every file path is checked to stay inside the output folder.
//!
//! A file whose bytes equal the previous site's is hard-linked from it instead of written:
//! a rebuild then creates only the files that changed (creating hundreds of files right after
//! deleting hundreds is most of a build's system time on some file systems), and unchanged
//! files keep their modification time, which rsync and HTTP caches like.

use std::path::{Component, Path, PathBuf};

use super::SiteFiles;
use crate::error::{Error, Result};

/// The file that marks a folder as specnotes output.
pub const MARKER: &str = ".specnotes-site";

const MARKER_TEXT: &str = "This folder was written by `specnotes build`; the next build replaces it.\n";

/// Writes `files` to `out`, replacing an earlier specnotes output there atomically.
pub fn write_site(out: &Path, files: &SiteFiles, spec_root: &Path) -> Result<()> {
    let out = absolute(out)?;
    refuse_dangerous(&out, spec_root)?;
    let (parent, name) = match (out.parent(), out.file_name()) {
        (Some(p), Some(n)) => (p.to_path_buf(), n.to_string_lossy().into_owned()),
        _ => return Err(refusal(&out, "it is the root of the file system")),
    };
    std::fs::create_dir_all(&parent).map_err(|source| Error::Write { path: parent.clone(), source })?;
    let staging = parent.join(format!(".{name}.specnotes-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.specnotes-old-{}", std::process::id()));
    remove_if_present(&staging)?;
    let previous = out.join(MARKER).is_file().then_some(out.as_path());
    if let Err(e) = write_all(&staging, files, previous) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        remove_if_present(&old)?;
        std::fs::rename(&out, &old).map_err(|source| Error::Write { path: out.clone(), source })?;
    }
    if let Err(source) = std::fs::rename(&staging, &out) {
        if had_old {
            let _ = std::fs::rename(&old, &out);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::Write { path: out, source });
    }
    if had_old {
        std::fs::remove_dir_all(&old).map_err(|source| Error::Write { path: old, source })?;
    }
    Ok(())
}

fn refusal(out: &Path, why: &str) -> Error {
    Error::Usage(format!("refusing to write the site to `{}`: {why}", out.display()))
}

/// `path` made absolute and with symlinks resolved as far as it exists.
fn absolute(path: &Path) -> Result<PathBuf> {
    let path = std::path::absolute(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    Ok(normalise(&resolved))
}

/// Drops `.` and resolves `..` lexically.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

fn refuse_dangerous(out: &Path, spec_root: &Path) -> Result<()> {
    if out.parent().is_none() {
        return Err(refusal(out, "it is the root of the file system"));
    }
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    if let Some(home) = home.as_deref().map(absolute).transpose()? {
        if home == out {
            return Err(refusal(out, "it is the home folder"));
        }
    }
    let spec = absolute(spec_root)?;
    if spec == out {
        return Err(refusal(out, "it is the spec folder"));
    }
    if spec.starts_with(out) {
        return Err(refusal(out, "it contains the spec folder"));
    }
    if out.exists() {
        if !out.is_dir() {
            return Err(refusal(out, "it is a file, not a folder"));
        }
        let mut entries = std::fs::read_dir(out).map_err(|source| Error::Read { path: out.to_path_buf(), source })?;
        let empty = entries.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(refusal(
                out,
                &format!("it is not empty and is not an earlier specnotes output (no `{MARKER}` file)"),
            ));
        }
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<()> {
    if path.exists() {
        std::fs::remove_dir_all(path).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
    }
    Ok(())
}

/// Whether a site path stays inside the site: relative, `/`-separated, no `..`, `.` or empty parts.
pub fn is_contained(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && !path.contains(':')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
}

fn write_all(dir: &Path, files: &SiteFiles, previous: Option<&Path>) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
    let mut made: Option<PathBuf> = None;
    for (path, bytes) in files {
        if !is_contained(path) || path == MARKER {
            return Err(Error::Usage(format!("refusing to write `{path}`: not a path inside the output folder")));
        }
        let target = dir.join(path);
        if let Some(parent) = target.parent().filter(|p| made.as_deref() != Some(*p)) {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
            made = Some(parent.to_path_buf());
        }
        if previous.is_some_and(|old| link_if_unchanged(&old.join(path), &target, bytes)) {
            continue;
        }
        std::fs::write(&target, bytes).map_err(|source| Error::Write { path: target.clone(), source })?;
    }
    let marker = dir.join(MARKER);
    std::fs::write(&marker, MARKER_TEXT).map_err(|source| Error::Write { path: marker, source })
}

/// Hard-links `old` to `target` when `old` is a regular file holding exactly `bytes`; false
/// (and nothing done) otherwise, including when the file system refuses the link.
fn link_if_unchanged(old: &Path, target: &Path, bytes: &[u8]) -> bool {
    let same_size = std::fs::symlink_metadata(old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(old).is_ok_and(|old_bytes| old_bytes == bytes) && std::fs::hard_link(old, target).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_contained() {
        assert!(is_contained("releases/1.2.3.html"));
        assert!(!is_contained("../x.html"));
        assert!(!is_contained("/etc/passwd"));
        assert!(!is_contained("a//b"));
        assert!(!is_contained("a\\..\\b"));
        assert!(!is_contained("C:x"));
    }

    #[test]
    fn a_path_that_escapes_the_output_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("spec");
        let out = dir.path().join("site");
        let files: SiteFiles = [("../evil.html".to_string(), b"x".to_vec())].into_iter().collect();
        assert!(write_site(&out, &files, &spec).is_err());
        assert!(!out.exists());
        assert!(!dir.path().join("evil.html").exists());
    }

    #[test]
    #[cfg(unix)]
    fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let spec = dir.path().join("spec");
        let out = dir.path().join("site");
        let site = |b: &[u8]| -> SiteFiles {
            [("a/same.html".to_string(), b"same".to_vec()), ("a/changed.html".to_string(), b.to_vec())]
                .into_iter()
                .collect()
        };
        write_site(&out, &site(b"one"), &spec).expect("first build");
        let inode = |p: &str| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(out.join(p)).expect("file"));
        let (same, changed) = (inode("a/same.html"), inode("a/changed.html"));
        write_site(&out, &site(b"two"), &spec).expect("second build");
        assert_eq!(inode("a/same.html"), same, "the unchanged file is the same file");
        assert_ne!(inode("a/changed.html"), changed);
        assert_eq!(std::fs::read(out.join("a/changed.html")).expect("read"), b"two");
        assert_eq!(std::fs::read(out.join("a/same.html")).expect("read"), b"same");
    }
}
