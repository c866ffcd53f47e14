//! The command line: argument definitions and dispatch to the library.
//!
//! Every command that reads a spec takes the spec folder as its last, optional
//! positional argument (`SPEC_DIR`, default the current folder) and `--config FILE`.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod add_change;
mod assemble;
mod build;
mod build_git;
mod check;
mod new_release;
mod serve;
mod show;
mod verify;

pub use build::BuildArgs;
pub use check::CheckArgs;
pub use serve::ServeArgs;
pub use show::ShowWhat;
pub use verify::VerifyArgs;

use crate::config::{DEFAULT_TOML, Settings};
use crate::error::{Error, Result};
use crate::report::QueryFormat;
use crate::{Project, query};

/// Check and publish the release notes of Jekyll specification sites.
///
/// Exit codes: 0 no error-level finding; 1 error-level findings (or warnings
/// with --deny-warnings); 2 usage error or tool failure.
#[derive(Debug, Parser)]
#[command(name = "specnotes", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The spec to work on.
#[derive(Debug, Args)]
pub struct SpecArgs {
    /// Configuration file (default: `SPEC_DIR/specnotes.toml` if it exists).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The spec folder.
    #[arg(default_value = ".")]
    pub spec_dir: PathBuf,
}

impl SpecArgs {
    fn settings(&self) -> Result<Settings> {
        Settings::load(&self.spec_dir, self.config.as_deref())
    }

    fn open(&self) -> Result<Project> {
        Project::open_with(&self.spec_dir, self.settings()?)
    }
}

/// Output options shared by the query commands.
#[derive(Debug, Args)]
pub struct Output {
    /// Output format.
    #[arg(long, value_enum, default_value_t = QueryFormat::Human)]
    pub format: QueryFormat,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the spec: links, anchors, versions, release notes. Exit 1 on errors.
    Check(check::CheckArgs),
    /// Compare a release with the previous one in git: pages changed but not listed, listed but unchanged.
    Verify(verify::VerifyArgs),
    /// Build the release-notes website (default: `specnotes-site/`). Reports findings as `check` does.
    Build(build::BuildArgs),
    /// Preview the release-notes website on 127.0.0.1:4000, rebuilt and reloaded on every save.
    Serve(serve::ServeArgs),
    /// List every rule with its default level and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = QueryFormat::Human)]
        format: QueryFormat,
    },
    /// Explain a rule: what it finds, why it matters, how to fix it.
    Explain {
        /// The rule name, e.g. `broken-anchor`.
        rule: String,
    },
    /// List the releases found in the release-notes pages, newest first.
    Releases {
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Show what the release notes say about a ticket, page, profile or capability.
    Show {
        /// What to show.
        #[command(subcommand)]
        what: show::ShowWhat,
    },
    /// Start a release: its release-notes page, sidebar entry and version strings.
    NewRelease(new_release::NewReleaseArgs),
    /// Record one change as a fragment under `changes/unreleased/` (asks on a terminal).
    AddChange(add_change::AddChangeArgs),
    /// Render `changes/unreleased/` into a release page and move the fragments under `changes/VERSION/`.
    Assemble(assemble::AssembleArgs),
    /// Print the configuration in effect (`specnotes.toml`), or the documented default file.
    Config {
        /// Print the documented default `specnotes.toml` instead.
        #[arg(long)]
        default: bool,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
}

/// Runs a parsed command line; returns the exit code. Meant to run once, just before the
/// process exits: `check` and `build` leave their project unfreed for the operating system to
/// reclaim (see `exit_without_freeing`).
pub fn run(cli: Cli) -> Result<u8> {
    let stdout = std::io::stdout();
    if let Command::Serve(args) = &cli.command {
        // `serve` reports as it goes: every line is written when it is complete.
        let mut out = stdout.lock();
        let code = serve::run_serve(args, &mut out)?;
        out.flush()?;
        return Ok(code);
    }
    // The other commands write their output at the end, in one go: a pretty-printed JSON report
    // through the line-buffered stdout cost one system call per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let code = match cli.command {
        Command::Check(args) => check::run_check(&args, &mut out)?,
        Command::Verify(args) => verify::run_verify(&args, &mut out)?,
        Command::Build(args) => build::run_build(&args, &mut out)?,
        Command::Serve(_) => unreachable!("served above"),
        Command::Rules { format } => {
            query::write_rules(format, &mut out)?;
            0
        }
        Command::Explain { rule } => {
            let r = crate::check::rule(&rule).ok_or_else(|| {
                let names = crate::check::rules::ALL.iter().map(|r| r.name);
                let hint = crate::diagnostic::did_you_mean(&rule, names)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                Error::Usage(format!("no rule named `{rule}`{hint} (`specnotes rules` lists them)"))
            })?;
            query::write_explain(r, &mut out)?;
            0
        }
        Command::Releases { output, spec } => {
            query::write_releases(&spec.open()?, output.format, &mut out)?;
            0
        }
        Command::Show { what } => show::run_show(what, &mut out)?,
        Command::NewRelease(args) => new_release::run_new_release(&args, &mut out)?,
        Command::AddChange(args) => add_change::run_add_change(&args, &mut out)?,
        Command::Assemble(args) => assemble::run_assemble(&args, &mut out)?,
        Command::Config { default, spec } => {
            if default {
                out.write_all(DEFAULT_TOML.as_bytes())?;
            } else {
                out.write_all(spec.settings()?.to_toml().as_bytes())?;
            }
            0
        }
    };
    out.flush()?;
    Ok(code)
}

/// The process ends right after a command: freeing the project's hundreds of thousands of
/// strings one by one took about 15% of the CPU time of checking a 10,000-page spec, for memory
/// the operating system takes back at exit anyway. Used only by the commands' last step.
fn exit_without_freeing<T, U>(project: T, more: U) {
    std::mem::forget(project);
    std::mem::forget(more);
}
