//! Authoring: the commands that write release notes rather than check them.
//!
//! `new-release` starts a release ([`new_release`]), `add-change` records one change as a YAML
//! fragment ([`fragment`], asked for interactively by [`prompt`]) and `assemble` renders the
//! fragments into the release page ([`assemble`]). They sit after the check stage and reuse it:
//! a planned page is modelled in memory ([`with_page`]) and the rules' own fixes (sidebar entry,
//! version sources) are planned against it, so there is one sidebar and version editor in the
//! crate, not two. Every file is written through a temporary file and a rename, and a planned
//! write is shown as a unified diff with `--dry-run`.

pub mod add_change;
pub mod assemble;
pub mod fragment;
pub mod new_release;
pub mod prompt;

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::fix::FilePlan;
use crate::load::DocKind;
use crate::{Project, model, parse};

/// `project` with the page `rel` added (or replaced) holding `text`, parsed and modelled as if
/// it were on disk. The site's other files are shared by copy; nothing is written.
pub fn with_page(project: &Project, rel: &str, text: String) -> Result<Project> {
    let (page, _) = crate::load::page_from_text(&project.site.config, rel, DocKind::Page, text, true);
    let page = page.ok_or_else(|| Error::Usage(format!("`{rel}` would have no front matter")))?;
    let mut site = project.site.clone();
    let mut docs = project.docs.clone();
    let doc = parse::parse_page(&site, &page);
    match site.pages.binary_search_by(|p| p.path().cmp(rel)) {
        Ok(i) => {
            site.pages[i] = page;
            docs[i] = doc;
        }
        Err(i) => {
            site.pages.insert(i, page);
            docs.insert(i, doc);
        }
    }
    let model = model::build_with(&site, &project.settings.release_notes);
    Ok(Project { site, docs, model, settings: project.settings.clone() })
}

/// The line ending a file uses: `\r\n` when its first line ends so, else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// `text` (written with `\n`) with the line ending `eol`.
pub fn with_line_ending(text: &str, eol: &str) -> String {
    if eol == "\n" { text.to_string() } else { text.replace("\r\n", "\n").replace('\n', eol) }
}

/// Prints one line per planned file (`created`/`updated PATH`), or with `dry_run` the unified
/// diff of each.
pub fn describe(files: &[FilePlan], dry_run: bool, out: &mut dyn Write) -> Result<()> {
    for file in files {
        if dry_run {
            crate::fix::write_diff(file, out)?;
        } else {
            let verb = if file.old.is_empty() { "created" } else { "updated" };
            writeln!(out, "{verb} {}", file.path)?;
        }
    }
    Ok(())
}

/// Writes planned files under `root`: files planned with empty `old` text are created (never
/// overwriting), the others replaced after checking they still hold their loaded text. Created
/// files are removed again when a later write fails, so a failure leaves the spec as it was
/// as far as the file system allows.
pub fn write_files(root: &Path, files: &[FilePlan]) -> Result<()> {
    let (new, changed): (Vec<&FilePlan>, Vec<&FilePlan>) = files.iter().partition(|f| f.old.is_empty());
    let changed: Vec<FilePlan> = changed.into_iter().cloned().collect();
    for file in &new {
        if root.join(&file.path).exists() {
            let why = std::io::Error::other("the file exists; no file was written");
            return Err(Error::Write { path: root.join(&file.path), source: why });
        }
    }
    let mut created = Vec::new();
    let result = (|| {
        for file in &new {
            let path = root.join(&file.path);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
            }
            crate::fix::write::create_atomically(&path, file.new.as_bytes())?;
            created.push(path);
        }
        crate::fix::write::write_all(root, &changed)
    })();
    if result.is_err() {
        for path in created {
            let _ = std::fs::remove_file(path);
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_follow_the_first_line() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(line_ending("\n"), "\n");
        assert_eq!(with_line_ending("a\nb\n", "\r\n"), "a\r\nb\r\n");
    }
}
