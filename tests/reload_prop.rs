//! `Project::reload` after random edit sequences gives exactly the project a fresh open gives:
//! site (pages, static files, load findings in order), documents, model and check findings.
//! Each case copies the bundled `spec/`, applies a few edits (page bodies and titles, broken
//! or unclosed front matter, a byte-order mark, permalinks, new, deleted and renamed pages,
//! data, includes, `_config.yml`, static files, folders), reloading after each.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use specnotes::check::{self, Options};
use specnotes::{Project, Reloaded};

/// One edit of the spec; indices pick among the pages present, modulo their count.
#[derive(Debug, Clone)]
enum Edit {
    AppendToBody(usize, u8),
    Retitle(usize, u8),
    BreakFrontMatter(usize),
    UncloseFrontMatter(usize),
    AddByteOrderMark(usize),
    SetPermalink(usize, u8),
    CreatePage(u8),
    RewriteNewPage(u8, bool),
    AppendInvalidUtf8(usize),
    DeletePage(usize),
    RenamePage(usize),
    ChangeData(u8),
    ChangeInclude(u8),
    ChangeConfig(u8),
    AddStaticFile(u8),
    DeleteStaticFile,
    CreateFolderWithPage(u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(i, n)| Edit::AppendToBody(i, n)),
        3 => (any::<usize>(), any::<u8>()).prop_map(|(i, n)| Edit::Retitle(i, n)),
        1 => any::<usize>().prop_map(Edit::BreakFrontMatter),
        1 => any::<usize>().prop_map(Edit::UncloseFrontMatter),
        1 => any::<usize>().prop_map(Edit::AddByteOrderMark),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, n)| Edit::SetPermalink(i, n)),
        1 => any::<u8>().prop_map(Edit::CreatePage),
        2 => (any::<u8>(), any::<bool>()).prop_map(|(n, broken)| Edit::RewriteNewPage(n, broken)),
        1 => any::<usize>().prop_map(Edit::AppendInvalidUtf8),
        1 => any::<usize>().prop_map(Edit::DeletePage),
        1 => any::<usize>().prop_map(Edit::RenamePage),
        1 => any::<u8>().prop_map(Edit::ChangeData),
        1 => any::<u8>().prop_map(Edit::ChangeInclude),
        1 => any::<u8>().prop_map(Edit::ChangeConfig),
        1 => any::<u8>().prop_map(Edit::AddStaticFile),
        1 => Just(Edit::DeleteStaticFile),
        1 => any::<u8>().prop_map(Edit::CreateFolderWithPage),
    ]
}

/// The Markdown pages under `pages/`, sorted.
fn pages(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(root.join("pages"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    found.sort();
    found
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Applies `edit`; returns the paths it touched (relative to the root).
fn apply(root: &Path, edit: &Edit) -> Vec<String> {
    let all = pages(root);
    let read = |rel: &str| String::from_utf8_lossy(&fs::read(root.join(rel)).unwrap_or_default()).into_owned();
    let pick = |i: usize| all[i % all.len()].clone();
    match *edit {
        Edit::AppendToBody(i, n) => {
            let rel = pick(i);
            let text =
                format!("{}\n\n## Added {n}\n\nSee [the added part](#added-{n}) and [home](index.html).\n", read(&rel));
            write(root, &rel, &text);
            vec![rel]
        }
        Edit::Retitle(i, n) => {
            let rel = pick(i);
            let text = read(&rel).replacen("title: ", &format!("title: Edited {n} "), 1);
            write(root, &rel, &text);
            vec![rel]
        }
        Edit::BreakFrontMatter(i) => {
            let rel = pick(i);
            write(root, &rel, &read(&rel).replacen("title: ", "title: [unclosed ", 1));
            vec![rel]
        }
        Edit::UncloseFrontMatter(i) => {
            let rel = pick(i);
            let text = read(&rel);
            let body = text.strip_prefix("---\n").map(|rest| rest.replacen("\n---\n", "\n\n", 1));
            write(root, &rel, &format!("---\n{}", body.unwrap_or(text)));
            vec![rel]
        }
        Edit::AddByteOrderMark(i) => {
            let rel = pick(i);
            write(root, &rel, &format!("\u{feff}{}", read(&rel).trim_start_matches('\u{feff}')));
            vec![rel]
        }
        Edit::SetPermalink(i, n) => {
            let rel = pick(i);
            write(root, &rel, &read(&rel).replacen("---\n", &format!("---\npermalink: moved_{n}.html\n"), 1));
            vec![rel]
        }
        Edit::CreatePage(n) => {
            let rel = format!("pages/new_{}.md", n % 4);
            write(root, &rel, &format!("---\ntitle: New {n}\n---\n\n# New {n}\n\n[broken](nowhere_{n}.html)\n"));
            vec![rel]
        }
        Edit::RewriteNewPage(n, broken) => {
            // No permalink: invalid front matter keeps the URL, so the page is re-read alone.
            let rel = format!("pages/new_{}.md", n % 4);
            let title = if broken { format!("[unclosed {n}") } else { format!("Rewritten {n}") };
            write(root, &rel, &format!("---\ntitle: {title}\n---\n\n# Rewritten\n"));
            vec![rel]
        }
        Edit::AppendInvalidUtf8(i) => {
            let rel = pick(i);
            let mut bytes = fs::read(root.join(&rel)).unwrap_or_default();
            bytes.extend_from_slice(b"\n\xff\xfe not UTF-8\n");
            fs::write(root.join(&rel), bytes).unwrap();
            vec![rel]
        }
        Edit::DeletePage(i) => {
            let rel = pick(i);
            let _ = fs::remove_file(root.join(&rel));
            vec![rel]
        }
        Edit::RenamePage(i) => {
            let rel = pick(i);
            let to = rel.replace(".md", "_renamed.md");
            let _ = fs::rename(root.join(&rel), root.join(&to));
            vec![rel, to]
        }
        Edit::ChangeData(n) => {
            let rel = "_data/errors.yml".to_string();
            write(root, &rel, &format!("{}\n# edit {n}\n", read(&rel)));
            vec![rel]
        }
        Edit::ChangeInclude(n) => {
            let rel = "_includes/note.html".to_string();
            write(root, &rel, &format!("{}<span id=\"include-{n}\"></span>\n", read(&rel)));
            vec![rel]
        }
        Edit::ChangeConfig(n) => {
            let rel = "_config.yml".to_string();
            write(root, &rel, &format!("{}\nbaseurl: /b{n}\n", read(&rel).replace("\nbaseurl:", "\nold_baseurl:")));
            vec![rel]
        }
        Edit::AddStaticFile(n) => {
            let rel = format!("images/added_{n}.png");
            write(root, &rel, "png");
            vec![rel]
        }
        Edit::DeleteStaticFile => {
            let rel = "images/booking_flow.png".to_string();
            let _ = fs::remove_file(root.join(&rel));
            vec![rel]
        }
        Edit::CreateFolderWithPage(n) => {
            let folder = format!("pages/folder_{n}");
            write(root, &format!("{folder}/inside.md"), &format!("---\ntitle: Inside {n}\n---\n\n# Inside\n"));
            vec![folder]
        }
    }
}

/// Everything a project holds, and what check finds in it, as one comparable text.
fn fingerprint(project: &Project) -> String {
    format!("{project:#?}\n{:#?}", check::run(project, &Options::default()))
}

/// The first line where `a` and `b` differ, with its neighbours, to keep failures readable.
fn first_difference(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let around = |lines: &[&str]| lines[at.saturating_sub(8)..(at + 3).min(lines.len())].join("\n");
    format!("line {at}\n--- reloaded:\n{}\n--- fresh:\n{}", around(&a), around(&b))
}

fn spec_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = common::root().join("spec");
    for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn reload_after_any_edits_equals_a_fresh_open(edits in prop::collection::vec(edit(), 1..6)) {
        let dir = spec_copy();
        let mut project = Project::open(dir.path()).unwrap();
        for edit in &edits {
            let touched = apply(dir.path(), edit);
            let changed: Vec<PathBuf> = touched.iter().map(PathBuf::from).collect();
            project.reload(&changed).unwrap();
            let fresh = Project::open(dir.path()).unwrap();
            let (reloaded, fresh) = (fingerprint(&project), fingerprint(&fresh));
            prop_assert!(reloaded == fresh, "after {:?}: {}", edit, first_difference(&reloaded, &fresh));
        }
    }
}

#[test]
fn a_body_edit_rereads_only_that_page_and_a_new_page_reloads_everything() {
    let dir = spec_copy();
    let mut project = Project::open(dir.path()).unwrap();
    let touched = apply(dir.path(), &Edit::AppendToBody(0, 1));
    let changed: Vec<PathBuf> = touched.iter().map(PathBuf::from).collect();
    assert_eq!(project.reload(&changed).unwrap(), Reloaded::Pages(touched.clone()));
    let touched = apply(dir.path(), &Edit::CreatePage(7));
    let changed: Vec<PathBuf> = touched.iter().map(PathBuf::from).collect();
    assert_eq!(project.reload(&changed).unwrap(), Reloaded::Full { because: "pages/new_3.md".into() });
    let absolute = vec![fs::canonicalize(dir.path()).unwrap().join("images/record_structure.png")];
    assert_eq!(project.reload(&absolute).unwrap(), Reloaded::Unchanged);
}

#[test]
fn a_broken_config_leaves_the_project_as_it_was() {
    let dir = spec_copy();
    let mut project = Project::open(dir.path()).unwrap();
    let before = fingerprint(&project);
    write(dir.path(), "_config.yml", "exclude: [unclosed\n");
    assert!(project.reload(&[PathBuf::from("_config.yml")]).is_err());
    assert_eq!(fingerprint(&project), before);
}

#[test]
fn editing_a_file_a_page_includes_with_include_relative_reloads_the_page_that_includes_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: t\n");
    write(dir.path(), "pages/a.md", "---\ntitle: A\npermalink: a.html\n---\n{% include_relative part.md %}\n");
    write(dir.path(), "pages/part.md", "## First\n");
    write(dir.path(), "pages/b.md", "---\ntitle: B\npermalink: b.html\n---\n[x](a.html#second)\n");
    let mut project = Project::open(dir.path()).unwrap();
    assert_eq!(common::rule_findings(dir.path(), "broken-anchor").len(), 1);
    write(dir.path(), "pages/part.md", "## Second\n");
    let reloaded = project.reload(&[PathBuf::from("pages/part.md")]).unwrap();
    assert_eq!(reloaded, Reloaded::Full { because: "pages/part.md".into() });
    assert_eq!(fingerprint(&project), fingerprint(&Project::open(dir.path()).unwrap()));
    assert!(check::run(&project, &Options::default()).iter().all(|d| d.rule != "broken-anchor"));
}
