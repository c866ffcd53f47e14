//! The command line: argument definitions and dispatch to the library.
//!
//! Every command takes the spec folder as its last, optional positional
//! argument (`SPEC_DIR`, default the current folder).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::check::{self, Options};
use crate::error::{Error, Result};
use crate::report::{self, ColorChoice, Format, Report, Summary};
use crate::{Project, Severity, query};

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

/// Output options shared by commands that print results.
#[derive(Debug, Args)]
pub struct Output {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the spec: links, anchors, versions, release notes. Exit 1 on errors.
    Check {
        /// Treat warnings as errors for the exit code.
        #[arg(long)]
        deny_warnings: bool,
        /// When to use colours (`NO_COLOR` is honoured with `auto`).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec folder (default: current folder).
        #[arg(default_value = ".")]
        spec_dir: PathBuf,
    },
    /// List every rule with its default level and summary.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
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
        /// The spec folder (default: current folder).
        #[arg(default_value = ".")]
        spec_dir: PathBuf,
    },
    /// Show what the release notes say about a ticket, page, profile or capability.
    Show {
        /// What to show.
        #[command(subcommand)]
        what: ShowWhat,
    },
}

/// The things `show` can look up.
#[derive(Debug, Subcommand)]
pub enum ShowWhat {
    /// Every change that cites a ticket (number, with or without `#`).
    Ticket {
        /// Ticket number, e.g. `601` or `#601`.
        number: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec folder.
        #[arg(default_value = ".")]
        spec_dir: PathBuf,
    },
    /// A page's anchors and every change that touched it.
    Page {
        /// The page URL (`appointments_design.html`, `/x.html`) or source file path.
        url: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec folder.
        #[arg(default_value = ".")]
        spec_dir: PathBuf,
    },
    /// Every change to a FHIR profile (name as in the link text).
    Profile {
        /// Profile name, e.g. `GPConnect-PractitionerRole-1`.
        name: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec folder.
        #[arg(default_value = ".")]
        spec_dir: PathBuf,
    },
    /// Every change that affects a capability (case-insensitive).
    Capability {
        /// Capability name, e.g. `Appointment Management`.
        name: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec folder.
        #[arg(default_value = ".")]
        spec_dir: PathBuf,
    },
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match cli.command {
        Command::Check { deny_warnings, color, output, spec_dir } => {
            run_check(&spec_dir, deny_warnings, output.format, color, &mut out)?
        }
        Command::Rules { format } => {
            query::write_rules(format, &mut out)?;
            0
        }
        Command::Explain { rule } => {
            let r = check::rule(&rule).ok_or_else(|| {
                let names = check::rules::ALL.iter().map(|r| r.name);
                let hint = crate::diagnostic::did_you_mean(&rule, names)
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                Error::Usage(format!("no rule named `{rule}`{hint} (`specnotes rules` lists them)"))
            })?;
            query::write_explain(r, &mut out)?;
            0
        }
        Command::Releases { output, spec_dir } => {
            let project = Project::open(&spec_dir)?;
            query::write_releases(&project, output.format, &mut out)?;
            0
        }
        Command::Show { what } => run_show(what, &mut out)?,
    };
    out.flush()?;
    Ok(code)
}

fn run_check(
    spec_dir: &std::path::Path,
    deny_warnings: bool,
    format: Format,
    color: ColorChoice,
    out: &mut dyn Write,
) -> Result<u8> {
    let start = Instant::now();
    let project = Project::open(spec_dir)?;
    let diags = check::run(&project, &Options::default());
    let mut summary = Summary::count(&diags);
    summary.pages = project.site.pages.len();
    summary.releases = project.model.releases.len();
    summary.changes = project.model.releases.iter().map(|r| r.changes.len()).sum();
    summary.elapsed_ms = start.elapsed().as_millis() as u64;
    let source = |file: &str| project.source_text(file);
    let report = Report { diagnostics: &diags, summary: &summary, source: &source, color: color.enabled() };
    report::write(format, &report, out)?;
    let failing =
        diags.iter().any(|d| d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning));
    Ok(u8::from(failing))
}

fn run_show(what: ShowWhat, out: &mut dyn Write) -> Result<u8> {
    match what {
        ShowWhat::Ticket { number, output, spec_dir } => {
            let n: u64 = number
                .trim_start_matches('#')
                .parse()
                .map_err(|_| Error::Usage(format!("`{number}` is not a ticket number (expected e.g. 601 or #601)")))?;
            let project = Project::open(&spec_dir)?;
            query::write_ticket(&project, n, output.format, out)?;
        }
        ShowWhat::Page { url, output, spec_dir } => {
            let project = Project::open(&spec_dir)?;
            query::write_page(&project, &url, output.format, out)?;
        }
        ShowWhat::Profile { name, output, spec_dir } => {
            let project = Project::open(&spec_dir)?;
            query::write_profile(&project, &name, output.format, out)?;
        }
        ShowWhat::Capability { name, output, spec_dir } => {
            let project = Project::open(&spec_dir)?;
            query::write_capability(&project, &name, output.format, out)?;
        }
    }
    Ok(0)
}
