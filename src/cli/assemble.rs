//! `specnotes assemble VERSION`: render `changes/unreleased/` into the release page (see
//! [`crate::author::assemble`]).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::SpecArgs;
use crate::author::{self, assemble, fragment, new_release};
use crate::error::{Error, Result};
use crate::fix::FilePlan;

/// Arguments of `specnotes assemble`.
#[derive(Debug, Args)]
pub struct AssembleArgs {
    /// The release to fill, as given to `new-release`.
    pub version: String,
    /// Print the page change as a unified diff and the fragment moves; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// Runs `assemble`; returns the exit code.
pub fn run_assemble(args: &AssembleArgs, out: &mut dyn Write) -> Result<u8> {
    let version = new_release::parse_version(&args.version)
        .ok_or_else(|| Error::Usage(format!("`{}` is not a version", args.version)))?;
    let root = &args.spec.spec_dir;
    let dir = root.join(fragment::UNRELEASED);
    let fragments: Vec<(PathBuf, fragment::Fragment)> = if dir.is_dir() {
        let found = fragment::read_dir(&dir)?;
        found.into_iter().map(|(p, f)| (p.strip_prefix(root).map(PathBuf::from).unwrap_or(p), f)).collect()
    } else {
        Vec::new()
    };
    let project = args.spec.open()?;
    let plan = assemble::plan_assemble(&project, &version, &fragments)?;
    if !args.dry_run {
        assemble::apply(root, &plan)?;
    }
    author::describe(std::slice::from_ref::<FilePlan>(&plan.page), args.dry_run, out)?;
    let verb = if args.dry_run { "would move" } else { "moved" };
    for (from, to) in &plan.moves {
        writeln!(out, "{verb} {} -> {}", from.display(), to.display())?;
    }
    Ok(0)
}
