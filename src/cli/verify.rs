//! `specnotes verify VERSION`: hold a release's "Pages changed" against what git says changed.
//!
//! Compares the spec at the previous release's branch or tag with VERSION's (or the working
//! tree) through [`crate::git::release_diff`] and reports `unlisted-page-change` and
//! `unchanged-listed-page` findings with `check`'s reporters ([`report_findings`]), so every
//! format, `[rules]` level, suppression comment, `[ignore]` glob and exit code works as in `check`.

use std::io::Write;
use std::time::Instant;

use clap::Args;

use super::SpecArgs;
use super::check::{ReportArgs, report_findings};
use crate::check::{self, Level, Options};
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::error::{Error, Result};
use crate::git::findings::{UNCHANGED, UNLISTED, findings};
use crate::{Project, git};

/// Arguments of `specnotes verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The release to verify, as its release notes write it (`1.2.3`; `documents-1.0.0` for a
    /// product line).
    pub version: String,
    /// Release ref pattern with `{version}`, tried as local branch, `origin/` branch and tag;
    /// repeat for several (default: `[git] release_refs`, else `release/{version}` and `v{version}`).
    #[arg(long = "ref-pattern", value_name = "PATTERN")]
    pub ref_patterns: Vec<String>,
    /// Output options.
    #[command(flatten)]
    pub report: ReportArgs,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// Runs `verify`; returns the exit code.
pub fn run_verify(args: &VerifyArgs, out: &mut dyn Write) -> Result<u8> {
    let start = Instant::now();
    for pattern in &args.ref_patterns {
        crate::config::release_ref_pattern(pattern).map_err(Error::Usage)?;
    }
    let project = args.spec.open()?;
    let patterns = if args.ref_patterns.is_empty() { &project.settings.git.release_refs } else { &args.ref_patterns };
    let diff = git::release_diff(&args.spec.spec_dir, &project, &args.version, patterns)?;
    eprintln!("verify: comparing {}", diff.describe());
    let options = verify_options();
    let mut diags = findings(&project, &diff);
    in_scope(&project, &options, &mut diags);
    report_findings(&project, &diags, &options, &args.report, &args.spec.spec_dir, start, out)
}

/// `check`'s options with every rule but verify's two turned off, so the reporters list only
/// those as run (SARIF, JUnit) and `[rules]` levels apply to them as in `check`.
fn verify_options() -> Options {
    let mut options = Options::default();
    for rule in check::rules::ALL.iter().filter(|r| r.name != UNLISTED && r.name != UNCHANGED) {
        options.levels.insert(rule.name.to_string(), Level::Allow);
    }
    options
}

/// Applies levels, suppression comments and `[ignore]` to `diags`, and sorts them.
fn in_scope(project: &Project, options: &Options, diags: &mut Vec<Diagnostic>) {
    diags.retain_mut(|d| match check::rule(d.rule).and_then(|r| options.severity(project, r)) {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
    check::suppress::apply(project, options, diags);
    let ignore = check::globs(&project.settings.ignore);
    diags.retain(|d| !ignore.is_match(&d.file));
    sort_diagnostics(diags);
}
