//! The command line: argument definitions and dispatch to the library.
//!
//! Every command that reads a spec takes the spec folder as its last, optional
//! positional argument (`SPEC_DIR`, default the current folder) and `--config FILE`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use crate::check::{self, Options};
use crate::config::{DEFAULT_TOML, Settings};
use crate::error::{Error, Result};
use crate::report::{self, ColorChoice, Format, QueryFormat, Report, Summary};
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
    Check(CheckArgs),
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
        what: ShowWhat,
    },
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

/// Arguments of `specnotes check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Treat warnings as errors for the exit code.
    #[arg(long)]
    pub deny_warnings: bool,
    /// When to use colours (`NO_COLOR` is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Report only findings in files changed since the branch left git revision REF (as
    /// `git diff REF...`, plus uncommitted and untracked files); links still resolve against
    /// the whole spec.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
    /// Apply the safe fixes, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print the fixes as a unified diff and change nothing.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// Output format (`short`, `github`, `sarif`, `junit` for CI: see docs/formats.md).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
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
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// A page's anchors and every change that touched it.
    Page {
        /// The page URL (`appointments_design.html`, `/x.html`) or source file path.
        url: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Every change to a FHIR profile (name as in the link text).
    Profile {
        /// Profile name, e.g. `GPConnect-PractitionerRole-1`.
        name: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Every change that affects a capability (case-insensitive).
    Capability {
        /// Capability name, e.g. `Appointment Management`.
        name: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> Result<u8> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = match cli.command {
        Command::Check(args) => run_check(&args, &mut out)?,
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
        Command::Releases { output, spec } => {
            query::write_releases(&spec.open()?, output.format, &mut out)?;
            0
        }
        Command::Show { what } => run_show(what, &mut out)?,
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

fn run_check(args: &CheckArgs, out: &mut dyn Write) -> Result<u8> {
    let start = Instant::now();
    let spec_dir: &Path = &args.spec.spec_dir;
    let mut project = args.spec.open()?;
    let mut options = Options::default();
    if let Some(reference) = &args.changed_since {
        options.changed_files = Some(crate::git::changed_files(spec_dir, reference)?);
    }
    let mut diags = check::run(&project, &options);
    if args.fix {
        let fixed = crate::fix::apply(&project, &diags, args.dry_run, out)?;
        if args.dry_run {
            writeln!(out, "{} fix(es) in {} file(s) would be applied (dry run)", fixed.fixes, fixed.files.len())?;
            return Ok(0);
        }
        eprintln!("applied {} fix(es) in {} file(s)", fixed.fixes, fixed.files.len());
        project = Project::open_with(spec_dir, project.settings)?;
        diags = check::run(&project, &options);
    }
    let mut summary = Summary::count(&diags);
    summary.pages = project.site.pages.len();
    summary.releases = project.model.releases.len();
    summary.changes = project.model.releases.iter().map(|r| r.changes.len()).sum();
    summary.elapsed_ms = start.elapsed().as_millis() as u64;
    let source = |file: &str| project.source_text(file);
    let root_prefix = report::root_prefix(spec_dir);
    let rules_run: Vec<&str> = check::rules::ALL
        .iter()
        .filter(|rule| options.severity(&project, rule).is_some())
        .map(|rule| rule.name)
        .collect();
    let report = Report {
        diagnostics: &diags,
        summary: &summary,
        source: &source,
        color: args.color.enabled(),
        root_prefix: &root_prefix,
        rules_run: &rules_run,
    };
    report::write(args.format, &report, out)?;
    let failing =
        diags.iter().any(|d| d.severity == Severity::Error || (args.deny_warnings && d.severity == Severity::Warning));
    Ok(u8::from(failing))
}

fn run_show(what: ShowWhat, out: &mut dyn Write) -> Result<u8> {
    match what {
        ShowWhat::Ticket { number, output, spec } => {
            let n: u64 = number
                .trim_start_matches('#')
                .parse()
                .map_err(|_| Error::Usage(format!("`{number}` is not a ticket number (expected e.g. 601 or #601)")))?;
            query::write_ticket(&spec.open()?, n, output.format, out)?;
        }
        ShowWhat::Page { url, output, spec } => query::write_page(&spec.open()?, &url, output.format, out)?,
        ShowWhat::Profile { name, output, spec } => query::write_profile(&spec.open()?, &name, output.format, out)?,
        ShowWhat::Capability { name, output, spec } => {
            query::write_capability(&spec.open()?, &name, output.format, out)?
        }
    }
    Ok(0)
}
