//! The `specnotes` binary: parse arguments, run the library, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the spec's many small strings and vectors cost a seventh of `check`'s instructions
/// in glibc's allocator (docs/performance.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = specnotes::cli::Cli::parse();
    match specnotes::cli::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            let mut msg = format!("error: {err}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                msg.push_str(&format!("\n  caused by: {cause}"));
                source = cause.source();
            }
            eprintln!("{msg}");
            ExitCode::from(2)
        }
    }
}
