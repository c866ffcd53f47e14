//! Determinism: one thread and eight threads give byte-identical findings. Every stage runs
//! its pages in parallel with rayon; the output must not depend on which page finishes first.
//! Compared: `check --format json` and `--format sarif` on the sample spec, the seed fixture
//! and a generated spec of a few hundred pages with many findings (broken links with "did you
//! mean" help, duplicate permalinks, version mismatches, releases missing from the sidebar).

mod common;

use std::path::Path;
use std::process::Command;

/// `check --format FORMAT` on `dir` with `threads` rayon threads, the elapsed time redacted.
fn check_with_threads(dir: &Path, format: &str, threads: usize) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(["check", "--format", format])
        .arg(dir)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("specnotes runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", common::stderr(&out));
    redact_elapsed(&common::stdout(&out))
}

/// The JSON summary's `elapsed_ms` is the one field that varies between runs.
fn redact_elapsed(output: &str) -> String {
    let re = regex::Regex::new(r#""elapsed_ms": ?\d+"#).unwrap();
    re.replace_all(output, r#""elapsed_ms": 0"#).into_owned()
}

fn assert_same_with_one_and_eight_threads(dir: &Path) {
    for format in ["json", "sarif"] {
        let one = check_with_threads(dir, format, 1);
        let eight = check_with_threads(dir, format, 8);
        assert!(one == eight, "{format} output on {} differs between 1 and 8 threads", dir.display());
    }
}

#[test]
fn the_sample_spec_gives_the_same_output_on_one_and_eight_threads() {
    assert_same_with_one_and_eight_threads(&common::root().join("spec"));
}

#[test]
fn the_seed_fixture_gives_the_same_output_on_one_and_eight_threads() {
    assert_same_with_one_and_eight_threads(&common::root().join("tests/fixtures/seed"));
}

#[test]
fn a_generated_spec_with_many_findings_gives_the_same_output_on_one_and_eight_threads() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&common::root().join("spec"), dir.path());
    write_generated_pages(dir.path(), 400);
    let json = check_with_threads(dir.path(), "json", 1);
    let findings: serde_json::Value = serde_json::from_str(&json).unwrap();
    let count = findings["diagnostics"].as_array().unwrap().len();
    assert!(count > 500, "the generated spec should have findings on most pages, got {count}");
    assert_same_with_one_and_eight_threads(dir.path());
}

/// `count` pages linking to each other with anchors that exist, almost exist (did you mean)
/// or do not, some sharing a permalink, plus release-notes pages copied from the sample
/// spec's 1.2.3 with new versions (mismatched versions, pages missing from the sidebar).
fn write_generated_pages(root: &Path, count: usize) {
    let gen_dir = root.join("pages/generated");
    std::fs::create_dir_all(&gen_dir).unwrap();
    for i in 0..count {
        let permalink = if i % 50 == 7 { "generated_shared.html".to_string() } else { format!("generated_{i}.html") };
        let mut body = format!("## Section {i}\n\n### Detail {}\n\nText.\n\n", i % 13);
        for k in 1..=5 {
            let to = (i * 7 + k * 31) % count;
            let anchor = match k % 3 {
                0 => format!("section-{to}"),
                1 => format!("detial-{}", to % 13),
                _ => format!("missing-{k}"),
            };
            body.push_str(&format!("[link {k}](generated_{to}.html#{anchor}) "));
        }
        body.push_str(&format!("[gone](generated_{}.html)\n", count + i));
        let page = format!("---\ntitle: Generated {i}\npermalink: {permalink}\n---\n{body}");
        std::fs::write(gen_dir.join(format!("generated_{i}.md")), page).unwrap();
    }
    let notes = root.join("pages/overview/release_notes");
    let template = std::fs::read_to_string(notes.join("1_2_3.md")).unwrap();
    for minor in 0..20 {
        let version = format!("3.{minor}.0");
        let text = template.replace("1.2.3", &version).replace("1_2_3", &format!("3_{minor}_{}", minor % 3));
        std::fs::write(notes.join(format!("3_{minor}_0.md")), text).unwrap();
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().map(Result::unwrap) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
