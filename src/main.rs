//! The `specnotes` binary: parse arguments, run the library, map the outcome to an exit code.

use clap::Parser;

/// mimalloc: the spec's many small strings and vectors cost a seventh of `check`'s instructions
/// in glibc's allocator. Without transparent huge pages (`no_thp`): with them a corpus check
/// took 324 page faults instead of 3,738 and about 5% less time, but its peak RSS went from
/// 24 MB to 60 MB and the 10,000-page check's from 184 MB to 204-220 MB (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = specnotes::cli::Cli::parse();
    let code = match specnotes::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            let mut msg = format!("error: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                msg.push_str(&format!("\n  caused by: {cause}"));
                source = cause.source();
            }
            eprintln!("{msg}");
            2
        }
    };
    exit_now(code)
}

/// Ends the process with `code` once stdout is flushed, skipping the C library's exit handlers:
/// mimalloc's frees every page it holds (4 to 6 ms after a corpus `check`, a tenth of the run),
/// for memory the operating system takes back anyway. Every command has returned by now, so
/// its files are written and its temporary folders removed; stderr is unbuffered.
fn exit_now(code: u8) -> ! {
    use std::io::Write;
    let flushed = std::io::stdout().flush().is_ok();
    let code = if flushed { i32::from(code) } else { 2 };
    #[cfg(unix)]
    // SAFETY: `_exit` only ends the process; nothing runs after it that could rely on state.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}
