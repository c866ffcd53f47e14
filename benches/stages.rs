//! Microbenchmarks of each stage (load, parse, model, check, render to memory, and `serve`'s
//! rebuild after a save) on the bundled `spec/` and, when present beside the repository, the GP
//! Connect corpus copy.
//!
//! `cargo bench --bench stages` (divan). Whole-process timings against other tools live in
//! `scripts/bench.sh` and `docs/performance.md`; these isolate one stage each so a regression
//! points at its stage.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use specnotes::{Project, check, load, model, parse, render};

fn main() {
    divan::main();
}

/// The specs benchmarked: the sample, and the corpus if it is there.
fn specs() -> Vec<(&'static str, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = vec![("spec", root.join("spec"))];
    let corpus = root.join("../shared/corpora/gpconnect-1.6.0");
    if corpus.is_dir() {
        specs.push(("gpconnect", corpus));
    }
    specs
}

fn spec(name: &str) -> PathBuf {
    specs().into_iter().find(|(n, _)| *n == name).map(|(_, p)| p).unwrap_or_else(|| specs()[0].1.clone())
}

const SPECS: &[&str] = &["spec", "gpconnect"];

#[divan::bench(args = SPECS)]
fn stage_load(bencher: divan::Bencher, name: &str) {
    let root = spec(name);
    bencher.bench(|| load::load(&root).expect("spec loads"));
}

#[divan::bench(args = SPECS)]
fn stage_parse(bencher: divan::Bencher, name: &str) {
    let site = load::load(&spec(name)).expect("spec loads");
    bencher.bench(|| site.pages.par_iter().map(|p| parse::parse_page(&site, p)).collect::<Vec<_>>());
}

#[divan::bench(args = SPECS)]
fn stage_model(bencher: divan::Bencher, name: &str) {
    let site = load::load(&spec(name)).expect("spec loads");
    bencher.bench(|| model::build_with(&site, &Default::default()));
}

#[divan::bench(args = SPECS)]
fn stage_check(bencher: divan::Bencher, name: &str) {
    let project = Project::open(&spec(name)).expect("spec opens");
    let options = check::Options::default();
    bencher.bench(|| check::run(&project, &options));
}

#[divan::bench(args = SPECS)]
fn whole_open_and_check(bencher: divan::Bencher, name: &str) {
    let root = spec(name);
    let options = check::Options::default();
    bencher.bench(|| {
        let project = Project::open(&root).expect("spec opens");
        check::run(&project, &options).len()
    });
}

#[divan::bench(args = SPECS)]
fn stage_render(bencher: divan::Bencher, name: &str) {
    let project = Project::open(&spec(name)).expect("spec opens");
    let options = render::Options::default();
    bencher.bench(|| render::render(&project, &options).expect("site renders").len());
}

/// The release-notes page a `serve_rebuild` save edits in each spec.
fn release_page(name: &str) -> &'static str {
    match name {
        "gpconnect" => "pages/overview/release_notes/1_6_0.md",
        _ => "pages/overview/release_notes/1_2_3.md",
    }
}

/// What `serve` does after a save of one release-notes page: reload the project and render the
/// site again through the render memo (the save itself, a line appended, is timed too).
#[divan::bench(args = SPECS)]
fn serve_rebuild(bencher: divan::Bencher, name: &str) {
    let copy = common::temp_copy(&spec(name));
    let mut project = Project::open(copy.path()).expect("spec opens");
    let memo = render::memo::Memo::new();
    let options = render::Options::default();
    render::render_with(&project, &options, Some(&memo)).expect("site renders");
    let page = PathBuf::from(release_page(name));
    let original = std::fs::read_to_string(copy.path().join(&page)).expect("page reads");
    let mut save = 0;
    bencher.bench_local(|| {
        save += 1;
        std::fs::write(copy.path().join(&page), format!("{original}\nSaved {save}.\n")).expect("page writes");
        project.reload(std::slice::from_ref(&page)).expect("project reloads");
        render::render_with(&project, &options, Some(&memo)).expect("site renders").len()
    });
}
