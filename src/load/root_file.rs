//! Stage 1, load: the one rule for the configuration files at the spec root (`_config.yml`,
//! `specnotes.toml`).
//!
//! The walk never follows a symbolic link, so a page, include or data file behind one is simply
//! not part of the spec. The configuration files are read by name instead, before the walk, and
//! the run cannot do without them: the settings change every URL and every check. So a file at
//! their path is read when it is a regular file inside the spec folder, directly or through a
//! symbolic link that resolves inside it; anything else there (a link leading outside the spec
//! or nowhere, a named pipe, a folder) stops the run with one line naming the file, rather than
//! checking the spec under other settings or reading a file the spec's author does not own.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The path of `root/name` when it may be read: `Ok(None)` when nothing is there, `Err` with
/// why it is not read when it is not a regular file inside `root` (a clause such as "it is not
/// a regular file", to follow the file's name in an error).
pub(crate) fn regular_file_inside(root: &Path, name: &str) -> Result<Option<PathBuf>, String> {
    let path = root.join(name);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        // Unreadable folder and the like: the read itself reports it, naming the file.
        Err(_) => return Ok(Some(path)),
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(&path).map(|t| t.display().to_string()).unwrap_or_default();
        let Ok(resolved) = std::fs::canonicalize(&path) else {
            return Err(format!("it is a symbolic link to `{target}`, which does not exist"));
        };
        let inside = std::fs::canonicalize(root).is_ok_and(|root| resolved.starts_with(root));
        if !inside {
            return Err(format!("it is a symbolic link to `{target}`, outside the spec folder, which is not read"));
        }
    }
    // Follows the link: a named pipe or device would block the read forever.
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Ok(Some(path)),
        _ => Err("it is not a regular file".to_string()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_missing_file_is_absent_and_a_regular_file_is_read() {
        let root = tempfile::tempdir().expect("temp dir");
        assert_eq!(regular_file_inside(root.path(), "_config.yml"), Ok(None));
        std::fs::write(root.path().join("_config.yml"), "a: 1\n").expect("write");
        assert_eq!(regular_file_inside(root.path(), "_config.yml"), Ok(Some(root.path().join("_config.yml"))));
    }

    #[test]
    fn a_link_resolving_inside_the_spec_is_read() {
        let root = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(root.path().join("conf")).expect("mkdir");
        std::fs::write(root.path().join("conf/site.yml"), "a: 1\n").expect("write");
        symlink("conf/site.yml", root.path().join("_config.yml")).expect("symlink");
        assert_eq!(regular_file_inside(root.path(), "_config.yml"), Ok(Some(root.path().join("_config.yml"))));
    }

    #[test]
    fn a_link_outside_the_spec_a_dangling_link_and_a_folder_are_refused() {
        let outside = tempfile::tempdir().expect("temp dir");
        let secret = outside.path().join("secret.yml");
        std::fs::write(&secret, "a: 1\n").expect("write");
        let root = tempfile::tempdir().expect("temp dir");
        symlink(&secret, root.path().join("_config.yml")).expect("symlink");
        symlink("nowhere.toml", root.path().join("specnotes.toml")).expect("symlink");
        std::fs::create_dir(root.path().join("folder")).expect("mkdir");
        assert_eq!(
            regular_file_inside(root.path(), "_config.yml"),
            Err(format!("it is a symbolic link to `{}`, outside the spec folder, which is not read", secret.display()))
        );
        assert_eq!(
            regular_file_inside(root.path(), "specnotes.toml"),
            Err("it is a symbolic link to `nowhere.toml`, which does not exist".to_string())
        );
        assert_eq!(regular_file_inside(root.path(), "folder"), Err("it is not a regular file".to_string()));
    }
}
