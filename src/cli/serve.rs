//! `specnotes serve`: build the release-notes site in memory, serve it, rebuild it on every save.
//!
//! Wires [`crate::serve`] (the server, watcher and live reload) to the pipeline: the first
//! build opens the project, each later one brings it up to date with [`Project::reload`]
//! (usually re-reading one page) and renders the whole site again with [`render::render_with`],
//! which re-runs tera only for the pages and changes whose input changed ([`crate::render::memo`]).
//! A rebuild fails, and the last good site stays served with the message in the page's
//! banner, only when the spec cannot be loaded or rendered (`_config.yml`, `specnotes.toml`
//! or a template is invalid). Findings never fail it: they are counted on standard error
//! once the reload is sent, by a check run on another thread so it does not delay the reload.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use clap::Args;

use super::SpecArgs;
use crate::check::{self, Options};
use crate::error::{Error, Result};
use crate::render::memo::Memo;
use crate::report::{self, Format, Report, Summary};
use crate::serve::{DEFAULT_PORT, ServeOptions, SiteFiles};
use crate::{Project, Reloaded, render};

/// Arguments of `specnotes serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port; the URL is printed).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PORT)]
    pub port: u16,
    /// Address to listen on; the default serves this machine only.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub address: IpAddr,
    /// Folder of templates and assets overriding the built-in ones by file name
    /// (default: `[site] templates` in specnotes.toml).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Also log, for each rebuild, the time from the file event to the reload sent.
    #[arg(long)]
    pub verbose: bool,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
}

/// Runs `serve` until interrupted; prints `serving http://ADDR/` once the first build is served.
pub fn run_serve(args: &ServeArgs, out: &mut dyn Write) -> Result<u8> {
    if !args.spec.spec_dir.is_dir() {
        return Err(Error::NoSpecDir(args.spec.spec_dir.clone()));
    }
    let mut options = ServeOptions::new(&args.spec.spec_dir);
    options.addr = SocketAddr::new(args.address, args.port);
    options.verbose = args.verbose;
    let mut site = Site::new(args);
    let mut ready = Ok(());
    crate::serve::serve(
        options,
        move |changed| site.rebuild(changed),
        |addr| {
            ready = writeln!(out, "serving http://{addr}/").and_then(|()| out.flush());
        },
    )?;
    ready?;
    Ok(0)
}

/// The project being served and how to render it; lives on the rebuild thread.
struct Site {
    spec: SpecArgs,
    templates: Option<PathBuf>,
    project: Option<Arc<Project>>,
    /// Changed paths of rebuilds that failed to load, not yet reflected in `project`.
    pending: Vec<PathBuf>,
    /// The check of the last good build, counting its findings in the background.
    checking: Option<JoinHandle<()>>,
    /// What the last render made, so the next re-runs tera only where its input changed.
    memo: Memo,
}

impl Site {
    fn new(args: &ServeArgs) -> Site {
        let spec = SpecArgs { config: args.spec.config.clone(), spec_dir: args.spec.spec_dir.clone() };
        Site {
            spec,
            templates: args.templates.clone(),
            project: None,
            pending: Vec::new(),
            checking: None,
            memo: Memo::new(),
        }
    }

    /// One rebuild: `changed` is empty for the first.
    fn rebuild(&mut self, changed: &[PathBuf]) -> std::result::Result<SiteFiles, String> {
        let started = Instant::now();
        let what = self.update(changed).map_err(|e| one_message(&e))?;
        let Some(project) = self.project.clone() else { return Err("the spec is not loaded".into()) };
        let loaded = started.elapsed();
        let options = self.render_options(&project);
        let files = render::render_with(&project, &options, Some(&self.memo)).map_err(|e| one_message(&e))?;
        let took = Took { load: loaded, render: started.elapsed() - loaded };
        let changed: Vec<String> = changed.iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect();
        let spec_dir = self.spec.spec_dir.clone();
        self.checking = std::thread::Builder::new()
            .name("specnotes-check".into())
            .spawn(move || {
                let diags = check::run(&project, &Options::default());
                let line = match what {
                    None => summary_line(&project, &diags, &spec_dir, (took.load + took.render).as_millis() as u64),
                    Some(what) => rebuild_line(&what, took, &diags, &changed),
                };
                eprintln!("{line}");
            })
            .ok();
        Ok(files)
    }

    /// Opens the project (first build, or after a failed one) or reloads it; returns what the
    /// reload did (`None`: opened afresh). On error the paths are kept for the next call.
    fn update(&mut self, changed: &[PathBuf]) -> Result<Option<Reloaded>> {
        if let Some(check) = self.checking.take() {
            let _ = check.join();
        }
        self.pending.extend_from_slice(changed);
        let outcome = match self.project.as_mut().and_then(Arc::get_mut) {
            Some(project) => project.reload(&self.pending).map(Some),
            None => self.spec.open().map(|project| {
                self.project = Some(Arc::new(project));
                None
            }),
        };
        if outcome.is_ok() {
            self.pending.clear();
        }
        outcome
    }

    fn render_options(&self, project: &Project) -> render::Options {
        let templates = self.templates.clone().or_else(|| {
            let configured = project.settings.site.templates.as_ref()?;
            Some(self.spec.spec_dir.join(configured))
        });
        render::Options { templates, site_url: None, git: None }
    }
}

/// How long the two halves of a rebuild took.
#[derive(Debug, Clone, Copy)]
struct Took {
    /// Bringing the project up to date (or opening it).
    load: Duration,
    /// Rendering the site.
    render: Duration,
}

/// An error with its causes, on one line, for the page's banner.
fn one_message(err: &Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    message
}

/// The first build's findings, as `check`'s last line.
fn summary_line(project: &Project, diags: &[crate::Diagnostic], spec_dir: &Path, elapsed_ms: u64) -> String {
    let mut summary = Summary::count(diags);
    summary.pages = project.site.pages.len();
    summary.releases = project.model.releases.len();
    summary.changes = project.model.releases.iter().map(|r| r.changes.len()).sum();
    summary.elapsed_ms = elapsed_ms;
    let root_prefix = report::root_prefix(spec_dir);
    let source = |file: &str| project.source_text(file);
    let report = Report {
        diagnostics: &[],
        summary: &summary,
        source: &source,
        color: false,
        root_prefix: &root_prefix,
        rules_run: &[],
    };
    let mut line = Vec::new();
    let _ = report::write(Format::Human, &report, &mut line);
    let line = String::from_utf8_lossy(&line).trim_end().to_string();
    format!("{line} (`specnotes check` lists them)")
}

/// One rebuild: what changed, what was re-read, how long it took, the findings.
fn rebuild_line(what: &Reloaded, took: Took, diags: &[crate::Diagnostic], changed: &[String]) -> String {
    let summary = Summary::count(diags);
    let in_changed = diags.iter().filter(|d| d.severity == crate::Severity::Error && changed.contains(&d.file)).count();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "rebuilt after {} changed ({what}) in {:.0} ms (reload {:.0} ms, render {:.0} ms): {} error(s) ({in_changed} in the changed files), {} warning(s)",
        match changed {
            [one] => one.clone(),
            many => format!("{} files", many.len()),
        },
        ms(took.load + took.render),
        ms(took.load),
        ms(took.render),
        summary.errors,
        summary.warnings,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::span::Span;

    #[test]
    fn a_rebuild_line_names_the_change_the_reload_and_the_errors_in_the_changed_file() {
        let mut error = Diagnostic::new("broken-link", "pages/a.md", Span::default(), "m");
        error.severity = crate::Severity::Error;
        let warning = Diagnostic::new("broken-anchor", "pages/b.md", Span::default(), "m");
        let line = rebuild_line(
            &Reloaded::Pages(vec!["pages/a.md".into()]),
            Took { load: Duration::from_millis(2), render: Duration::from_micros(10_400) },
            &[error.clone(), error, warning],
            &["pages/a.md".into()],
        );
        assert_eq!(
            line,
            "rebuilt after pages/a.md changed (re-read pages/a.md) in 12 ms (reload 2 ms, render 10 ms): 2 error(s) (2 in the changed files), 1 warning(s)"
        );
    }

    #[test]
    fn an_error_and_its_causes_fit_on_one_line() {
        let err = Error::Read { path: "x.md".into(), source: std::io::Error::other("gone") };
        assert_eq!(one_message(&err), "cannot read `x.md`: gone");
    }
}
