//! `add-change`: one fragment under `changes/unreleased/`, its pages checked against the spec.
//!
//! A `--page URL#anchor` is resolved as a link written on the latest release page (release
//! notes link relative to themselves), with the resolver the `broken-link` and `broken-anchor`
//! rules use, so a fragment never names a page or anchor `check` would then report; a miss
//! gets the same "did you mean". The link text is the target page's title.

use std::path::{Path, PathBuf};

use super::fragment::{Fragment, PageChange, UNRELEASED};
use crate::Project;
use crate::check::resolve::{self, Resolver, Target};
use crate::error::{Error, Result};

/// The page change for `written` (`page.html#anchor`), titled with the target page's title.
pub fn page_change(project: &Project, resolver: &Resolver, written: &str) -> Result<PageChange> {
    let written = written.trim();
    let (path, fragment) = written.split_once('#').map_or((written, None), |(p, f)| (p, Some(f)));
    let base = project.model.latest_release(None).map_or("/", |r| r.url.as_str());
    let abs = resolve::join(base, path);
    let page = match abs.as_deref().map(|a| resolver.lookup(a)) {
        Some(Target::Page(i)) => i,
        _ => {
            let help = resolver.missing_path_help(abs.as_deref()).map(|h| format!(": {h}")).unwrap_or_default();
            return Err(Error::Usage(format!("page `{path}` does not exist in the spec{help}")));
        }
    };
    if let Some(anchor) = fragment.filter(|f| !f.is_empty() && !project.docs[page].has_anchor(f)) {
        let help = resolver.missing_anchor_help(page, anchor).map(|h| format!(": {h}")).unwrap_or_default();
        return Err(Error::Usage(format!("anchor `#{anchor}` is not on `{path}`{help}")));
    }
    let target = &project.site.pages[page];
    let title = target.title.clone().unwrap_or_else(|| path.to_string());
    let title = crate::parse::html::decode_entities(&title).trim().to_string();
    Ok(PageChange { page: written.to_string(), title, notes: Vec::new() })
}

/// Writes `fragment` as a new file in `root/changes/unreleased/`, named from its title and
/// first ticket (`-2`, `-3`... when taken); returns the path relative to `root`.
pub fn write_fragment(root: &Path, fragment: &Fragment) -> Result<PathBuf> {
    fragment.validate().map_err(Error::Usage)?;
    let dir = root.join(UNRELEASED);
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write { path: dir.clone(), source })?;
    let stem = fragment.file_stem();
    let yaml = fragment.to_yaml();
    for n in 1..1000 {
        let name = if n == 1 { format!("{stem}.yml") } else { format!("{stem}-{n}.yml") };
        let path = dir.join(&name);
        if path.exists() {
            continue;
        }
        crate::fix::write::create_atomically(&path, yaml.as_bytes())?;
        return Ok(Path::new(UNRELEASED).join(name));
    }
    Err(Error::Usage(format!("too many fragments named `{stem}` in `{UNRELEASED}`")))
}
