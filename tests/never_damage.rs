//! Never damage a file: `check --fix` killed at any moment leaves every file either as it was
//! or fully fixed (each file is replaced by a rename, never rewritten in place), and a
//! temporary file a kill leaves behind is invisible to Jekyll and to specnotes (its name
//! starts with a dot). `new-release` and `assemble` write through the same
//! `fix::write::write_atomically`, whose failure paths are unit-tested in `src/fix/write.rs`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn page(title: &str, permalink: &str, body: &str) -> String {
    format!("---\ntitle: {title}\npermalink: {permalink}\n---\n{body}")
}

/// A spec whose fixes touch a 12 MB page (a misspelt anchor at its very end) and two small pages.
fn write_spec(dir: &Path) {
    let filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n\n".repeat(150_000);
    let files = [
        ("_config.yml", "title: interrupt\n".to_string()),
        ("big.md", page("Big", "big.html", &format!("## Introduction\n\n{filler}[back](#introductoin)\n"))),
        ("small.md", page("Small", "small.html", "## Payload body\n\n[up](big.html#introducton) [me](#payload-bdy)\n")),
        ("other.md", page("Other", "other.html", "[small](small.html#Payload-Body)\n")),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// Every file under `dir` (relative path -> bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
        files.insert(rel, std::fs::read(entry.path()).unwrap());
    }
    files
}

fn fix_command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_specnotes"));
    cmd.args(["check", "--fix"]).arg(dir).stdout(Stdio::null()).stderr(Stdio::null());
    cmd
}

/// A temporary file left by a killed write: `.NAME.specnotes-PID-N.tmp`.
fn is_temp_name(rel: &str) -> bool {
    rel.starts_with('.') && rel.contains(".specnotes-") && rel.ends_with(".tmp")
}

#[test]
fn fix_killed_at_any_moment_leaves_each_file_original_or_fully_fixed() {
    let original_dir = tempfile::tempdir().unwrap();
    write_spec(original_dir.path());
    let original = snapshot(original_dir.path());

    let fixed_dir = tempfile::tempdir().unwrap();
    write_spec(fixed_dir.path());
    let started = Instant::now();
    let status = fix_command(fixed_dir.path()).status().unwrap();
    let full_run = started.elapsed();
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
    let fixed = snapshot(fixed_dir.path());
    for name in ["big.md", "small.md", "other.md"] {
        assert_ne!(original[name], fixed[name], "{name} needs a fix");
    }

    // A coarse pass over the whole run finds when the writing starts (the last kill that
    // changed nothing, the first that changed something); a fine pass then kills inside it.
    let mut counts = Counts::default();
    let (mut before, mut after) = (Duration::ZERO, full_run);
    for i in 0..=10 {
        let delay = full_run.mul_f64(f64::from(i) / 10.0);
        match kill_after(delay, &original, &fixed, &mut counts) {
            0 => before = before.max(delay),
            _ => after = after.min(delay),
        }
    }
    let window = after.saturating_sub(before);
    for i in 1..=12 {
        kill_after(before + window.mul_f64(f64::from(i) / 13.0), &original, &fixed, &mut counts);
    }
    eprintln!("full run {full_run:?}, writing between {before:?} and {after:?}: {counts:?}");
    assert!(counts.untouched > 0 && counts.complete > 0, "the kill points should span the run");
}

/// How the killed runs ended.
#[derive(Debug, Default)]
struct Counts {
    untouched: usize,
    partly_fixed: usize,
    complete: usize,
    temporary_files_left: usize,
}

/// Runs `check --fix` on a fresh copy of the spec, SIGKILLs it after `delay` (no destructor or
/// clean-up runs), asserts every file is its original or its fixed text, and returns how many
/// files were fixed.
fn kill_after(
    delay: Duration,
    original: &BTreeMap<String, Vec<u8>>,
    fixed: &BTreeMap<String, Vec<u8>>,
    counts: &mut Counts,
) -> usize {
    let work = tempfile::tempdir().unwrap();
    write_spec(work.path());
    let mut child = fix_command(work.path()).spawn().unwrap();
    std::thread::sleep(delay);
    let _ = child.kill();
    child.wait().unwrap();
    let after = snapshot(work.path());
    let mut fixed_files = 0;
    for (rel, bytes) in &after {
        if is_temp_name(rel) {
            counts.temporary_files_left += 1;
            continue;
        }
        let (was, fix) = (&original[rel], &fixed[rel]);
        assert!(bytes == was || bytes == fix, "{rel} is neither the original nor the fixed text after {delay:?}");
        fixed_files += usize::from(bytes == fix && was != fix);
    }
    assert_eq!(after.keys().filter(|r| !is_temp_name(r)).count(), original.len(), "a file vanished");
    match fixed_files {
        0 => counts.untouched += 1,
        3 => counts.complete += 1,
        _ => counts.partly_fixed += 1,
    }
    fixed_files
}

#[test]
fn a_leftover_temporary_file_is_not_loaded_as_a_page() {
    let dir = tempfile::tempdir().unwrap();
    write_spec(dir.path());
    let leftover = ".small.md.specnotes-4242-0.tmp";
    std::fs::write(dir.path().join(leftover), page("Small", "small.html", "half a page [x](nowhere.html)")).unwrap();
    let project = specnotes::Project::open(dir.path()).unwrap();
    let paths: Vec<&str> = project.site.pages.iter().map(|p| p.path()).collect();
    assert_eq!(paths, ["big.md", "other.md", "small.md"]);
    assert!(!project.site.static_files.iter().any(|f| f == leftover), "Jekyll skips dot files: so does the loader");
}
