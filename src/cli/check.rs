//! `specnotes check`: run the rules, optionally fix, and report in the chosen format.
//!
//! [`ReportArgs`] and [`report_findings`] are shared by every command that reports findings
//! (`check`, `build`, `verify`), so all of them speak the same formats and exit codes.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use clap::Args;

use super::SpecArgs;
use crate::check::{self, Options};
use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::report::{self, ColorChoice, Format, Report, Summary};
use crate::{Project, Severity};

/// How findings are reported: shared by every command that reports findings.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Treat warnings as errors for the exit code.
    #[arg(long)]
    pub deny_warnings: bool,
    /// When to use colours (`NO_COLOR` is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Output format (`short`, `github`, `sarif`, `junit` for CI: see docs/formats.md).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

impl ReportArgs {
    /// Whether these findings make the command fail (exit 1).
    pub fn failing(&self, diags: &[Diagnostic]) -> bool {
        diags.iter().any(|d| d.severity == Severity::Error || (self.deny_warnings && d.severity == Severity::Warning))
    }
}

/// Arguments of `specnotes check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
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
    /// Output options.
    #[command(flatten)]
    pub report: ReportArgs,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// Runs `check`; returns the exit code.
pub fn run_check(args: &CheckArgs, out: &mut dyn Write) -> Result<u8> {
    let start = Instant::now();
    let spec_dir: &Path = &args.spec.spec_dir;
    crate::warm_up(Some(check::warm_up));
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
    let code = report_findings(&project, &diags, &options, &args.report, spec_dir, start, out);
    super::exit_without_freeing(project, diags);
    code
}

/// Prints `diags` (found in `project` with `options`) as `args` asks; returns the exit code
/// (1 when they are failing, else 0). `start` is when the command started, for the summary.
pub fn report_findings(
    project: &Project,
    diags: &[Diagnostic],
    options: &Options,
    args: &ReportArgs,
    spec_dir: &Path,
    start: Instant,
    out: &mut dyn Write,
) -> Result<u8> {
    let mut summary = Summary::count(diags);
    summary.pages = project.site.pages.len();
    summary.releases = project.model.releases.len();
    summary.changes = project.model.releases.iter().map(|r| r.changes.len()).sum();
    summary.elapsed_ms = start.elapsed().as_millis() as u64;
    let source = |file: &str| project.source_text(file);
    let root_prefix = report::root_prefix(spec_dir);
    let rules_run: Vec<&str> = check::rules::ALL
        .iter()
        .filter(|rule| options.severity(project, rule).is_some())
        .map(|rule| rule.name)
        .collect();
    let report = Report {
        diagnostics: diags,
        summary: &summary,
        source: &source,
        color: args.color.enabled(),
        root_prefix: &root_prefix,
        rules_run: &rules_run,
    };
    report::write(args.format, &report, out)?;
    // What follows on stderr (`build`'s summary) comes after the findings.
    out.flush()?;
    Ok(u8::from(args.failing(diags)))
}
