//! `assemble`: the fragments of `changes/unreleased/` rendered into a release page.
//!
//! The changes are rendered through a tera template (`templates/release-notes.md.tera`, compiled
//! in) in the labelled house format, grouped under `## Capability ##` headings by each change's
//! first capability, into the empty `## VERSION changes` section `new-release` made. Before any
//! file is written, the new page is read back by the model and must give every fragment's change
//! exactly ([`ChangeView`]): what cannot survive the format is refused, naming the fragment.
//! Then the page is written atomically and the fragments moved under `changes/VERSION/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use serde::Serialize;

use super::fragment::{Fragment, PageChange};
use crate::Project;
use crate::error::{Error, Result};
use crate::fix::FilePlan;
use crate::model::{Change, PageRef, Version, version};

/// The compiled template, or why it does not compile.
static TEMPLATE: LazyLock<std::result::Result<tera::Tera, String>> = LazyLock::new(|| {
    let mut tera = tera::Tera::default();
    tera.add_raw_template("release-notes", include_str!("../../templates/release-notes.md.tera"))
        .map(|()| tera)
        .map_err(|e| format!("{e:?}"))
});

/// What the release-notes format says about one change, compared between a fragment and the
/// model's reading of the assembled page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeView {
    /// Title.
    pub title: String,
    /// Cosmetic marker.
    pub cosmetic: bool,
    /// (number, URL) of each ticket.
    pub tickets: Vec<(Option<u64>, String)>,
    /// Capabilities.
    pub affects: Vec<String>,
    /// Impacts.
    pub impacts: Option<String>,
    /// Description, `\n` line endings, trimmed.
    pub description: String,
    /// (text, target, anchor, notes) of each page changed.
    pub pages_changed: Vec<(String, String, Option<String>, Vec<String>)>,
    /// The same for pages added.
    pub pages_added: Vec<(String, String, Option<String>, Vec<String>)>,
    /// (name, URL) of each profile.
    pub profiles: Vec<(String, String)>,
}

fn page_view(p: &PageRef) -> (String, String, Option<String>, Vec<String>) {
    (p.text.clone(), p.target.clone(), p.anchor.clone(), p.notes.clone())
}

fn fragment_page_view(p: &PageChange) -> (String, String, Option<String>, Vec<String>) {
    let (target, anchor) = crate::model::pagerefs::split_target(&p.page);
    (p.title.clone(), target, anchor, p.notes.clone())
}

impl ChangeView {
    /// The view of a change the model read.
    pub fn of_change(c: &Change) -> ChangeView {
        ChangeView {
            title: c.title.clone(),
            cosmetic: c.cosmetic,
            tickets: c.tickets.iter().map(|t| (t.number, t.url.clone())).collect(),
            affects: c.affects.iter().map(|a| a.name.clone()).collect(),
            impacts: c.impacts.clone(),
            description: c.description.replace("\r\n", "\n").trim().to_string(),
            pages_changed: c.pages_changed.iter().map(page_view).collect(),
            pages_added: c.pages_added.iter().map(page_view).collect(),
            profiles: c.profiles_changed.iter().map(|p| (p.name.clone(), p.url.clone())).collect(),
        }
    }

    /// The view a fragment must give, its tickets linked by `ticket_url`.
    pub fn of_fragment(f: &Fragment, ticket_url: &dyn Fn(u64) -> String) -> ChangeView {
        ChangeView {
            title: f.title.clone(),
            cosmetic: f.cosmetic,
            tickets: f.tickets.iter().map(|&n| (Some(n), ticket_url(n))).collect(),
            affects: f.affects.clone(),
            impacts: f.impacts.clone(),
            description: f.description.replace("\r\n", "\n").trim().to_string(),
            pages_changed: f.pages_changed.iter().map(fragment_page_view).collect(),
            pages_added: f.pages_added.iter().map(fragment_page_view).collect(),
            profiles: f.profiles_changed.iter().map(|p| (p.name.clone(), p.url.clone())).collect(),
        }
    }
}

/// The URL of ticket `n`: `[tickets] url`, else GitHub issues of `repository:`, else none
/// (the ticket is written `#n`).
pub fn ticket_url(project: &Project) -> impl Fn(u64) -> String + use<> {
    let pattern = project.settings.ticket_url.clone();
    let repository = project.site.config.repository.clone();
    move |n| match (&pattern, &repository) {
        (Some(p), repo) => p.replace("{number}", &n.to_string()).replace("{repository}", repo.as_deref().unwrap_or("")),
        (None, Some(repo)) => format!("https://github.com/{repo}/issues/{n}"),
        (None, None) => String::new(),
    }
}

/// Escapes plain text for a Markdown line read by kramdown and CommonMark alike: the
/// punctuation both treat as markup gets a backslash, and an `&` that would start an entity
/// becomes `&amp;`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&text[i..]) => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

fn looks_like_entity(rest: &str) -> bool {
    let name: String = rest[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
    !name.is_empty() && rest[1 + name.len()..].starts_with(';')
}

#[derive(Serialize)]
struct PageItem {
    title: String,
    target: String,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct PageList {
    label: &'static str,
    loose: bool,
    pages: Vec<PageItem>,
}

#[derive(Serialize)]
struct Rendered {
    title: String,
    cosmetic: bool,
    tickets: String,
    affects: String,
    impacts: String,
    description: String,
    page_lists: Vec<PageList>,
    profiles: Vec<BTreeMap<&'static str, String>>,
}

#[derive(Serialize)]
struct Group {
    name: Option<String>,
    changes: Vec<Rendered>,
}

fn page_list(label: &'static str, pages: &[PageChange]) -> Option<PageList> {
    let items: Vec<PageItem> = pages
        .iter()
        .map(|p| PageItem { title: escape(&p.title), target: p.page.clone(), notes: p.notes.clone() })
        .collect();
    // A blank line between bullets keeps note-less pages from sharing the next page's notes.
    let loose = pages.iter().any(|p| !p.notes.is_empty());
    (!items.is_empty()).then_some(PageList { label, loose, pages: items })
}

fn rendered(f: &Fragment, ticket_url: &dyn Fn(u64) -> String) -> Rendered {
    let tickets: Vec<String> = f
        .tickets
        .iter()
        .map(|&n| match ticket_url(n) {
            url if url.is_empty() => format!("#{n}"),
            url => format!("[#{n}]({url})"),
        })
        .collect();
    Rendered {
        title: escape(&f.title),
        cosmetic: f.cosmetic,
        tickets: tickets.join(", "),
        affects: f.affects.iter().map(|a| escape(a)).collect::<Vec<_>>().join(", "),
        impacts: f.impacts.as_deref().map(escape).unwrap_or_default(),
        description: f.description.replace("\r\n", "\n").trim().to_string(),
        page_lists: [page_list("Pages changed", &f.pages_changed), page_list("Pages added", &f.pages_added)]
            .into_iter()
            .flatten()
            .collect(),
        profiles: f
            .profiles_changed
            .iter()
            .map(|p| BTreeMap::from([("name", escape(&p.name)), ("url", p.url.clone())]))
            .collect(),
    }
}

/// The fragments in the order they are rendered: ungrouped first, then by group (the
/// configured capability order, else alphabetical), non-cosmetic before cosmetic, then by file.
pub fn ordered<'f>(fragments: &'f [(PathBuf, Fragment)], known: Option<&[String]>) -> Vec<&'f (PathBuf, Fragment)> {
    let rank = |f: &Fragment| match f.affects.first() {
        None => (0, 0, String::new()),
        Some(cap) => {
            let at = known.and_then(|k| k.iter().position(|n| n == cap)).unwrap_or(usize::MAX);
            (1, at, cap.clone())
        }
    };
    let mut out: Vec<&(PathBuf, Fragment)> = fragments.iter().collect();
    out.sort_by(|(pa, a), (pb, b)| rank(a).cmp(&rank(b)).then(a.cosmetic.cmp(&b.cosmetic)).then_with(|| pa.cmp(pb)));
    out
}

/// Renders the ordered fragments; `closing`: close headings with hashes (`### T ###`) as the page does.
pub fn render(fragments: &[&Fragment], ticket_url: &dyn Fn(u64) -> String, closing: bool) -> Result<String> {
    let mut groups: Vec<Group> = Vec::new();
    for f in fragments {
        let name = f.affects.first().map(|a| escape(a));
        match groups.last_mut() {
            Some(g) if g.name == name => g.changes.push(rendered(f, ticket_url)),
            _ => groups.push(Group { name, changes: vec![rendered(f, ticket_url)] }),
        }
    }
    let tera = TEMPLATE.as_ref().map_err(|e| Error::Usage(format!("release-notes template: {e}")))?;
    let mut context = tera::Context::new();
    context.insert("groups", &groups);
    context.insert("closing", &closing);
    tera.render("release-notes", &context).map_err(|e| Error::Usage(format!("release-notes template: {e:?}")))
}

/// What `assemble` writes: the release page, and where each fragment moves.
#[derive(Debug, Clone)]
pub struct AssemblePlan {
    /// The release page's new text.
    pub page: FilePlan,
    /// (from, to) of each fragment, relative to the spec root.
    pub moves: Vec<(PathBuf, PathBuf)>,
}

/// The folder under `changes/` a release's fragments move to: `1.2.4`, `documents_1.0.2`.
pub fn released_dir(version: &Version) -> String {
    match &version.product {
        Some(p) => format!("changes/{p}_{}", version.number_text()),
        None => format!("changes/{}", version.number_text()),
    }
}

/// Plans assembling `fragments` (paths relative to the spec root) into the release page of
/// `version`, and checks that the model reads the result back into exactly their changes.
pub fn plan_assemble(project: &Project, version: &Version, fragments: &[(PathBuf, Fragment)]) -> Result<AssemblePlan> {
    if fragments.is_empty() {
        return Err(Error::Usage(format!(
            "no change fragments in `{}`: add some with `specnotes add-change`",
            super::fragment::UNRELEASED
        )));
    }
    let r = project.model.releases.iter().position(|r| r.parsed_version == *version).ok_or_else(|| {
        Error::Usage(format!(
            "no release page for {version}: start one with `specnotes new-release {}`",
            version.number_text()
        ))
    })?;
    let (release, p) = (&project.model.releases[r], project.model.release_pages[r]);
    let text = &project.site.pages[p].source.text;
    let (insert_at, section_end) = changes_section(project, p, version).ok_or_else(|| {
        Error::Usage(format!("`{}` has no `## {} changes` heading", release.file, version.number_text()))
    })?;
    let existing = &text[insert_at..section_end];
    if existing.lines().any(|l| !matches!(l.trim(), "" | "---" | "***" | "___")) {
        return Err(Error::Usage(format!(
            "the `{} changes` section of `{}` already has content: assemble fills an empty section only",
            version.number_text(),
            release.file
        )));
    }
    let url = ticket_url(project);
    let order = ordered(fragments, project.settings.capabilities.as_deref());
    let list: Vec<&Fragment> = order.iter().map(|(_, f)| f).collect();
    let closing = text.contains("## Introduction ##");
    let body = render(&list, &url, closing)?;
    let eol = super::line_ending(text);
    let rest = &text[section_end..];
    let tail = if rest.is_empty() { String::new() } else { eol.to_string() };
    let new = format!(
        "{}{eol}{}{tail}{rest}",
        &text[..insert_at],
        super::with_line_ending(&format!("{}\n", body.trim()), eol)
    );
    verify(project, &release.file, new.clone(), version, &order, &url)?;
    let dir = PathBuf::from(released_dir(version));
    let moves = order.iter().map(|(path, _)| (path.clone(), dir.join(path.file_name().unwrap_or_default()))).collect();
    Ok(AssemblePlan { page: FilePlan { path: release.file.clone(), old: text.clone(), new }, moves })
}

/// Byte offsets of the start of the line after `## VERSION changes` and of the end of its
/// section (the next changes heading, or the end of the page).
fn changes_section(project: &Project, p: usize, version: &Version) -> Option<(usize, usize)> {
    let text = &project.site.pages[p].source.text;
    let heads: Vec<_> = project.docs[p].headings.iter().filter(|h| h.level <= 2).collect();
    let is_ours = |t: &str| version::from_changes_heading(t).is_some_and(|(v, _)| v.same_numbers(version));
    let changes = |t: &str| t.split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case("changes"));
    let at = heads.iter().position(|h| changes(&h.text) && is_ours(&h.text))?;
    let start = heads[at].span.offset;
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i + 1);
    let end = heads[at + 1..].iter().find(|h| changes(&h.text)).map_or(text.len(), |h| h.span.offset);
    Some((line_end, end.max(line_end)))
}

/// Reads `text` back as the page `file` and compares its changes with the fragments'.
fn verify(
    project: &Project,
    file: &str,
    text: String,
    version: &Version,
    order: &[&(PathBuf, Fragment)],
    url: &dyn Fn(u64) -> String,
) -> Result<()> {
    let assembled = super::with_page(project, file, text)?;
    let release = assembled.model.releases.iter().find(|r| r.parsed_version == *version && r.file == file);
    let changes = release.map(|r| r.changes.as_slice()).unwrap_or_default();
    for (i, (path, fragment)) in order.iter().enumerate() {
        let want = ChangeView::of_fragment(fragment, url);
        let got = changes.get(i).map(ChangeView::of_change);
        if got.as_ref() != Some(&want) {
            let detail = got.map_or("it is missing".to_string(), |g| format!("it reads back as {g:?}, not {want:?}"));
            return Err(Error::Usage(format!(
                "`{}`: this change does not survive the release-notes format: {detail}",
                path.display()
            )));
        }
    }
    if let Some(d) = assembled.model.diagnostics.iter().find(|d| d.file == file) {
        return Err(Error::Usage(format!(
            "the assembled page would not read cleanly: line {}: {}",
            d.span.line, d.message
        )));
    }
    Ok(())
}

/// Writes the page, then moves the fragments (each an atomic rename). Nothing moves when the
/// page cannot be written; a destination that exists stops the run before anything is written.
pub fn apply(root: &Path, plan: &AssemblePlan) -> Result<()> {
    for (_, to) in &plan.moves {
        if root.join(to).exists() {
            let why = std::io::Error::other("a fragment of that name was already released; nothing was written");
            return Err(Error::Write { path: root.join(to), source: why });
        }
    }
    crate::fix::write::write_all(root, std::slice::from_ref(&plan.page))?;
    for (from, to) in &plan.moves {
        let to = root.join(to);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write { path: dir.to_path_buf(), source })?;
        }
        std::fs::rename(root.join(from), &to).map_err(|source| Error::Write { path: to.clone(), source })?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "assemble_tests.rs"]
mod tests;
