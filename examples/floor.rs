//! floor: the least work any source-level checker of a Jekyll spec must do, for benchmarks.
//!
//! `cargo run --release --example floor -- SPEC_DIR` reads every file under SPEC_DIR (skipping
//! `.git` and Jekyll's `_site`) and runs pulldown-cmark (with the options specnotes uses) over every Markdown page, on all cores
//! (rayon, as specnotes does), counting events so the work cannot be optimised away. It does no
//! front matter, Liquid, ids, link resolution or modelling: `scripts/bench.sh` compares
//! `specnotes check` against this floor measured in the same run.

use std::path::PathBuf;

use pulldown_cmark::Parser;
use rayon::prelude::*;

fn main() {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: floor SPEC_DIR");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_entry(|e| !matches!(e.file_name().to_str(), Some(".git" | "_site" | "node_modules")))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let (bytes, events) = files
        .par_iter()
        .map(|path| {
            let Ok(data) = std::fs::read(path) else { return (0, 0) };
            let is_markdown = path.extension().is_some_and(|e| e == "md" || e == "markdown");
            let events = match (is_markdown, std::str::from_utf8(&data)) {
                (true, Ok(text)) => Parser::new_ext(text, specnotes::parse::cmark_options()).count(),
                _ => 0,
            };
            (data.len(), events)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("{} files, {bytes} bytes, {events} Markdown events", files.len());
}
