//! `specnotes build`: check the spec, then render the release-notes website and write it.
//!
//! Findings are reported exactly as `check` reports them ([`ReportArgs`],
//! [`report_findings`]); failing findings make the exit code 1 but the site is still built,
//! unless `--strict`, which refuses to build (and writes nothing) when there are errors.
//! The site is rendered in memory ([`crate::render::render`]) and swapped in atomically
//! ([`crate::render::write_site`]), so a failed build leaves the previous site as it was.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::SpecArgs;
use super::check::{ReportArgs, report_findings};
use crate::check::{self, Options};
use crate::error::Result;
use crate::render;

/// The default output folder, in the current folder.
pub const DEFAULT_OUT: &str = "specnotes-site";

/// Arguments of `specnotes build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder: created, or replaced if it holds an earlier specnotes site.
    #[arg(long, value_name = "DIR", default_value = DEFAULT_OUT)]
    pub out: PathBuf,
    /// Folder of templates and assets overriding the built-in ones by file name
    /// (default: `[site] templates` in specnotes.toml).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Where the site will be published (absolute URLs in sitemap.xml and the feed).
    #[arg(long, value_name = "URL")]
    pub site_url: Option<String>,
    /// Refuse to build when there are error-level findings (or warnings with --deny-warnings).
    #[arg(long)]
    pub strict: bool,
    /// Page diffs between releases (`--git`, `--ref-pattern`).
    #[command(flatten)]
    pub git: super::build_git::GitArgs,
    /// Output options.
    #[command(flatten)]
    pub report: ReportArgs,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// Runs `build`; returns the exit code.
pub fn run_build(args: &BuildArgs, out: &mut dyn Write) -> Result<u8> {
    let start = Instant::now();
    let project = args.spec.open()?;
    let options = Options::default();
    let templates = args.templates.clone().or_else(|| {
        let configured = project.settings.site.templates.as_ref()?;
        Some(args.spec.spec_dir.join(configured))
    });
    let site = || {
        let git = super::build_git::git_diffs(&args.git, &project, &args.spec.spec_dir)?;
        render::render(&project, &render::Options { templates, site_url: args.site_url.clone(), git })
    };
    // The check and the site need only the project: both at once, on every core. With
    // `--strict` and errors the rendered site is dropped unwritten.
    let (diags, files) = rayon::join(|| check::run(&project, &options), site);
    let code = report_findings(&project, &diags, &options, &args.report, &args.spec.spec_dir, start, out)?;
    if args.strict && code != 0 {
        eprintln!("not building the site: --strict and the findings above fail the check");
        return Ok(code);
    }
    let files = files?;
    render::write_site(&args.out, &files, &args.spec.spec_dir)?;
    eprintln!(
        "built {} files in {} ms: open {}",
        files.len(),
        start.elapsed().as_millis(),
        args.out.join("index.html").display()
    );
    super::exit_without_freeing(project, (files, diags));
    Ok(code)
}
