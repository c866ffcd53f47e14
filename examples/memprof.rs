//! memprof: how much each stage of a check allocates, for `docs/performance.md`.
//!
//! `cargo run --release --example memprof -- SPEC_DIR` loads, parses and models SPEC_DIR and
//! runs the rules, through a counting allocator over the system one, and prints after each
//! stage the live and peak heap bytes, the bytes allocated in total and the number of
//! allocation calls. Allocation counts, unlike seconds, repeat exactly from run to run; the
//! binary's own allocator (mimalloc) is not used here, so only the counts and sizes carry over.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let live = LIVE.fetch_add(by, Relaxed) + by;
    PEAK.fetch_max(live, Relaxed);
    TOTAL.fetch_add(by, Relaxed);
    CALLS.fetch_add(1, Relaxed);
}

// SAFETY: every call is passed on unchanged to the system allocator; the counters only watch.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: the caller's contract for `alloc` is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's contract for `dealloc` is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= layout.size() {
            grew(new_size - layout.size());
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Relaxed);
            CALLS.fetch_add(1, Relaxed);
        }
        // SAFETY: the caller's contract for `realloc` is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Counter values at one point: live, peak, total bytes and calls.
fn now() -> [usize; 4] {
    [LIVE.load(Relaxed), PEAK.load(Relaxed), TOTAL.load(Relaxed), CALLS.load(Relaxed)]
}

fn row(stage: &str, before: [usize; 4], after: [usize; 4]) {
    let kib = |b: usize| b.div_ceil(1024);
    println!(
        "| {stage} | {} | {} | {} | {} |",
        kib(after[0]),
        kib(after[1]),
        kib(after[2] - before[2]),
        after[3] - before[3]
    );
}

fn main() {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: memprof SPEC_DIR");
        std::process::exit(2);
    };
    let fail = |e: specnotes::Error| -> ! {
        eprintln!("memprof: {e}");
        std::process::exit(2);
    };
    println!("| stage | live KiB after | peak KiB so far | KiB allocated | allocation calls |");
    println!("|---|---:|---:|---:|---:|");
    let start = now();
    let site = specnotes::load::load(&root).unwrap_or_else(|e| fail(e));
    let loaded = now();
    row("load", start, loaded);
    drop(site);
    let opened_from = now();
    let project = specnotes::Project::open(&root).unwrap_or_else(|e| fail(e));
    let opened = now();
    row("load + parse + model", opened_from, opened);
    let diags = specnotes::check::run(&project, &Default::default());
    row("rules", opened, now());
    let text: usize = project.site.pages.iter().map(|p| p.source.text.len()).sum::<usize>()
        + project.site.includes.values().map(|f| f.text.len()).sum::<usize>();
    println!(
        "\n{} pages, {} KiB of page and include text, {} findings",
        project.site.pages.len(),
        text.div_ceil(1024),
        diags.len()
    );
}
