//! Profiling aid for `serve`: what one save costs the server, without the server.
//!
//! Copies SPEC to a temporary folder, renders it once through a render memo, then N times
//! appends a line to PAGE (a path inside SPEC), reloads the project and renders again, as
//! `serve` does after a save, printing the reload and render times and the memo's hits.
//!
//!   cargo run --release --example rerender -- ../shared/corpora/gpconnect-1.6.0 \
//!       pages/overview/release_notes/1_6_0.md 20
//!
//! Under `RAYON_NUM_THREADS=1 valgrind --tool=callgrind`, the difference between runs with
//! N and 0 saves, divided by N, is the instruction count of one rebuild (docs/performance.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use specnotes::{Project, render};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(spec), Some(page), Some(Ok(saves))) =
        (args.first(), args.get(1), args.get(2).map(|n| n.parse::<usize>()))
    else {
        eprintln!("usage: rerender SPEC PAGE SAVES");
        return ExitCode::from(2);
    };
    match run(Path::new(spec), page, saves) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rerender: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(spec: &Path, page: &str, saves: usize) -> Result<(), Box<dyn std::error::Error>> {
    let copy = tempfile::tempdir()?;
    copy_tree(spec, copy.path())?;
    let mut project = Project::open(copy.path())?;
    let memo = render::memo::Memo::new();
    let options = render::Options::default();
    render::render_with(&project, &options, Some(&memo))?;
    let path = copy.path().join(page);
    let original = std::fs::read_to_string(&path)?;
    for save in 0..saves {
        std::fs::write(&path, format!("{original}\nSaved {save}.\n"))?;
        let started = Instant::now();
        project.reload(&[PathBuf::from(page)])?;
        let reloaded = started.elapsed();
        let files = render::render_with(&project, &options, Some(&memo))?;
        let stats = memo.stats();
        eprintln!(
            "reload {:.1} ms, render {:.1} ms, {} files, memo {} hits {} misses",
            reloaded.as_secs_f64() * 1e3,
            (started.elapsed() - reloaded).as_secs_f64() * 1e3,
            files.len(),
            stats.hits,
            stats.misses
        );
    }
    Ok(())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
