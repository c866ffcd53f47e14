//! Writing fixed files: refuse files that changed since they were loaded, then replace
//! each file atomically (temporary file in the same folder, flushed to disk, renamed over
//! the original) so a crash or a full disk never leaves a half-written page behind.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::plan::FilePlan;
use crate::error::{Error, Result};

/// Checks that every planned file still holds the text it was loaded with, then writes
/// the new texts. Nothing is written when any file changed on disk.
pub fn write_all(root: &Path, files: &[FilePlan]) -> Result<()> {
    for file in files {
        let path = root.join(&file.path);
        let on_disk = fs::read(&path).map_err(|source| Error::Read { path: path.clone(), source })?;
        if on_disk != file.old.as_bytes() {
            let why = "the file changed on disk since it was checked (or is not UTF-8); no file was fixed";
            return Err(Error::Write { path, source: io::Error::other(why) });
        }
    }
    for file in files {
        write_atomically(&root.join(&file.path), file.new.as_bytes())?;
    }
    Ok(())
}

/// Replaces the file at `path` (following symlinks) with `bytes`, keeping its permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_with(path, bytes, create_temp, |from, to| fs::rename(from, to))
}

/// Creates the file at `path` holding `bytes` (temporary file in the same folder, flushed,
/// then linked in place), refusing to replace a file that exists: used by the authoring
/// commands for new release pages and change fragments.
pub fn create_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let failed = |source| Error::Write { path: path.to_path_buf(), source };
    let (temp, mut file) = create_temp(path).map_err(failed)?;
    let written = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        // A hard link fails when `path` exists, so nothing is ever overwritten.
        fs::hard_link(&temp, path)
    })();
    let _ = fs::remove_file(&temp);
    written.map_err(failed)?;
    sync_folder(path);
    Ok(())
}

/// [`write_atomically`] with the temporary file's creation and the final rename injectable,
/// so tests can make each step fail.
fn write_with(
    path: &Path,
    bytes: &[u8],
    create: impl FnOnce(&Path) -> io::Result<(PathBuf, fs::File)>,
    rename: impl FnOnce(&Path, &Path) -> io::Result<()>,
) -> Result<()> {
    let target = fs::canonicalize(path).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
    let failed = |source| Error::Write { path: path.to_path_buf(), source };
    let permissions = fs::metadata(&target).map_err(failed)?.permissions();
    let (temp, mut file) = create(&target).map_err(failed)?;
    let written = (|| {
        file.write_all(bytes)?;
        file.set_permissions(permissions)?;
        file.sync_all()?;
        drop(file);
        rename(&temp, &target)
    })();
    if let Err(source) = written {
        let _ = fs::remove_file(&temp);
        return Err(failed(source));
    }
    sync_folder(&target);
    Ok(())
}

/// How much of the file name the temporary name keeps: with the suffix it stays far below the
/// 255-byte name limit of common file systems, so files with long names can be written too.
const TEMP_NAME_CHARS: usize = 100;

/// A new, empty file next to `target`, named after it: `.NAME.specnotes-PID-N.tmp` (the
/// leading dot hides it from Jekyll and from the loader if a crash leaves it behind).
fn create_temp(target: &Path) -> io::Result<(PathBuf, fs::File)> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = target.parent().unwrap_or(Path::new("."));
    let name: String =
        target.file_name().map(|n| n.to_string_lossy().chars().take(TEMP_NAME_CHARS).collect()).unwrap_or_default();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.specnotes-{}-{n}.tmp", std::process::id()));
        match fs::OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Flushes the folder entry of the rename to disk where the platform allows it (best effort).
fn sync_folder(target: &Path) {
    #[cfg(unix)]
    if let Some(dir) = target.parent() {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = target;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_failed_rename_leaves_the_original_intact_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "original\r\n").unwrap();
        let err = write_with(&path, b"new", create_temp, |_, _| Err(io::Error::other("simulated crash"))).unwrap_err();
        assert!(matches!(err, Error::Write { .. }), "{err:?}");
        assert_eq!(fs::read(&path).unwrap(), b"original\r\n");
        assert_eq!(names(dir.path()), ["page.md"]);
    }

    #[test]
    fn a_rename_onto_a_folder_fails_without_leaving_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "original").unwrap();
        let blocker = dir.path().join("blocker");
        fs::create_dir(&blocker).unwrap();
        fs::write(blocker.join("inside"), "x").unwrap();
        assert!(write_with(&path, b"new", create_temp, |from, _| fs::rename(from, &blocker)).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"original");
        assert_eq!(names(dir.path()), ["blocker", "page.md"]);
    }

    #[test]
    fn creating_refuses_an_existing_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.md");
        create_atomically(&path, b"first").unwrap();
        assert!(create_atomically(&path, b"second").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert_eq!(names(dir.path()), ["new.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn writing_keeps_the_file_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        assert_eq!(names(dir.path()), ["page.md"]);
    }

    #[test]
    fn a_temporary_file_that_cannot_be_created_leaves_the_original_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "original").unwrap();
        let refuse = |_: &Path| Err(io::Error::new(io::ErrorKind::PermissionDenied, "read-only folder"));
        let err = write_with(&path, b"new", refuse, |from, to| fs::rename(from, to)).unwrap_err();
        assert!(matches!(&err, Error::Write { source, .. } if source.to_string() == "read-only folder"), "{err:?}");
        assert_eq!(fs::read(&path).unwrap(), b"original");
        assert_eq!(names(dir.path()), ["page.md"]);
    }

    #[test]
    fn a_write_that_fails_half_way_leaves_the_original_intact_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        fs::write(&path, "original").unwrap();
        // A temporary file opened read-only: the first write fails, as on a full disk.
        let read_only = |target: &Path| {
            let (temp, _) = create_temp(target)?;
            let file = fs::File::open(&temp)?;
            Ok((temp, file))
        };
        assert!(write_with(&path, b"new", read_only, |from, to| fs::rename(from, to)).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"original");
        assert_eq!(names(dir.path()), ["page.md"]);
    }

    #[test]
    fn a_file_whose_name_is_near_the_length_limit_can_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let name = format!("{}.md", "n".repeat(250));
        let path = dir.path().join(&name);
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(names(dir.path()), [name]);
    }
}
