//! `specnotes new-release VERSION`: start the next release page (see [`crate::author::new_release`]).

use std::io::Write;

use clap::Args;

use super::SpecArgs;
use crate::author::{self, new_release};
use crate::error::{Error, Result};

/// Arguments of `specnotes new-release`.
#[derive(Debug, Args)]
pub struct NewReleaseArgs {
    /// The new version: `1.2.4`, `1.2.4-beta`, or with a product line `documents_1_0_2`.
    pub version: String,
    /// Release date for the summary, e.g. `2024-05-01` (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Print the changes as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// Runs `new-release`; returns the exit code.
pub fn run_new_release(args: &NewReleaseArgs, out: &mut dyn Write) -> Result<u8> {
    let version = new_release::parse_version(&args.version).ok_or_else(|| {
        Error::Usage(format!("`{}` is not a version (write e.g. 1.2.4, 1.2.4-beta or documents_1_0_2)", args.version))
    })?;
    let date = match &args.date {
        Some(text) => new_release::parse_date(text)?,
        None => new_release::today(),
    };
    let project = args.spec.open()?;
    let files = new_release::plan_release(&project, &version, date)?;
    if !args.dry_run {
        author::write_files(&args.spec.spec_dir, &files)?;
    }
    author::describe(&files, args.dry_run, out)?;
    Ok(0)
}
