//! The `gen-spec` example: deterministic for a seed, and its planted faults are exactly what
//! `specnotes check` finds.
//!
//! The example is run through `cargo run` (examples are not test dependencies); `cargo test`
//! has already built it, so each run only checks freshness.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use specnotes::check::{self, Options};

const RELEASES: usize = 6;

/// Runs the generator into `out` and returns its stderr summary.
fn generate(out: &Path, pages: usize, seed: u64) -> String {
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "-q", "--example", "gen-spec", "--", "--pages", &pages.to_string()])
        .args(["--releases", &RELEASES.to_string(), "--seed", &seed.to_string(), "--broken", "5", "--out"])
        .arg(out)
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "gen-spec failed: {stderr}");
    stderr
}

/// Every file under `root` by relative path, with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walkable");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).expect("readable"));
        }
    }
    files
}

/// A number field of the flat `.gen-spec.json`.
fn expected(root: &Path, field: &str) -> usize {
    let text = std::fs::read_to_string(root.join(".gen-spec.json")).expect("marker written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("marker is JSON");
    json[field].as_u64().expect("field is a number") as usize
}

#[test]
fn generated_spec_is_deterministic_and_check_finds_exactly_the_planted_faults() {
    let dirs = [tempfile::tempdir().expect("temp"), tempfile::tempdir().expect("temp")];
    let summary = generate(dirs[0].path(), 200, 7);
    generate(dirs[1].path(), 200, 7);
    assert!(summary.starts_with("gen-spec: 200 pages, 6 releases, "), "{summary}");
    let first = tree(dirs[0].path());
    assert_eq!(first, tree(dirs[1].path()), "same seed, same bytes");

    // Regenerating over an earlier output is allowed, and a new seed changes it.
    generate(dirs[1].path(), 200, 8);
    assert_ne!(first, tree(dirs[1].path()), "another seed, other bytes");

    let root = dirs[0].path();
    let project = specnotes::Project::open(root).expect("generated spec loads");
    assert_eq!(project.site.pages.len(), 200 + RELEASES);
    assert_eq!(project.model.releases.len(), RELEASES);
    let diags = check::run(&project, &Options::default());
    let count = |rule: &str| diags.iter().filter(|d| d.rule == rule).count();
    let (links, anchors) = (expected(root, "broken_links"), expected(root, "broken_anchors"));
    assert!(links + anchors > 0, "5% of thousands of links are broken");
    assert_eq!(count("broken-link"), links);
    assert_eq!(count("broken-anchor"), anchors);
    assert_eq!(diags.len(), links + anchors, "nothing else is wrong: {:#?}", &diags[..diags.len().min(3)]);
}

#[test]
fn generator_refuses_a_non_empty_folder_it_did_not_write() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("keep.md"), "mine").expect("writable");
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["run", "-q", "--example", "gen-spec", "--", "--pages", "3", "--out"])
        .arg(dir.path())
        .output()
        .expect("cargo runs");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("refusing to write there"));
    assert_eq!(std::fs::read_to_string(dir.path().join("keep.md")).expect("kept"), "mine");
}
