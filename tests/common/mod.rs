//! Helpers shared by the integration test binaries (`mod common;` in each).
#![allow(dead_code)]

pub mod git;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use specnotes::Project;
use specnotes::check::{self, Level, Options};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes `text` to `rel` under `dir`, creating its folders.
pub fn write_file(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    std::fs::write(path, text).expect("written");
}

/// Runs the real binary in `cwd` with colours off.
pub fn specnotes_in(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("specnotes runs")
}

/// Runs the real binary from the repository root.
pub fn specnotes(args: &[&str]) -> Output {
    specnotes_in(&root(), args)
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Replaces the elapsed time, the one part of the output that varies between runs.
pub fn redact_time(s: &str) -> String {
    let re = regex::Regex::new(r"in \d+ ms").unwrap();
    re.replace_all(s, "in [elapsed] ms").into_owned()
}

/// `file:line target` for every finding of `rule` on the site at `dir`, with the rule enabled.
pub fn rule_findings(dir: &Path, rule: &str) -> Vec<String> {
    let project = Project::open(dir).expect("fixture loads");
    let mut options = Options::default();
    options.levels.insert(rule.to_string(), Level::Warn);
    check::run(&project, &options)
        .into_iter()
        .filter(|d| d.rule == rule)
        .map(|d| match &d.target {
            Some(t) => format!("{}:{} {t}", d.file, d.span.line),
            None => format!("{}:{}", d.file, d.span.line),
        })
        .collect()
}

/// Every file under `root`, by `/`-separated path relative to it, with its bytes.
pub fn file_tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// A copy of the folder `from` in a new temporary folder.
pub fn temp_copy(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (rel, bytes) in file_tree(from) {
        let to = dir.path().join(&rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, bytes).expect("write");
    }
    dir
}
