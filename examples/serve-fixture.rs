//! Serves a small site built from the Markdown files of a folder with `specnotes::serve`,
//! rebuilding on every change: the load test (`scripts/serve-load.sh`) runs against it until
//! `specnotes serve` is wired to the renderer.
//!
//! `cargo run --release --example serve-fixture -- [--port N] [--address IP] [--spec] FOLDER`
//!
//! With `--spec`, each rebuild loads, parses and models FOLDER as a spec (`Project::open`, all
//! of it, as a renderer without incremental rebuilds would) and serves one page that counts its
//! pages: the time from a save to the reload of a whole-spec rebuild, minus rendering.
//! Without it, each `NAME.md` becomes `NAME.html` (its text escaped in a `<pre>`), `index.html` links
//! them all; files that vanish or are half-written while it reads them are built as found.
//! Prints `serving http://ADDR/` once ready; logs each rebuild to standard error.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use specnotes::serve::{DEFAULT_PORT, ServeOptions, SiteFiles, serve};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut port, mut address, mut folder) = (DEFAULT_PORT, IpAddr::V4(Ipv4Addr::LOCALHOST), None);
    let mut whole_spec = false;
    while let Some(arg) = args.next() {
        let value = |v: Option<String>| v.unwrap_or_default();
        match arg.as_str() {
            "--port" => port = value(args.next()).parse().unwrap_or(DEFAULT_PORT),
            "--address" => address = value(args.next()).parse().unwrap_or(address),
            "--spec" => whole_spec = true,
            _ => folder = Some(PathBuf::from(arg)),
        }
    }
    let Some(folder) = folder else {
        eprintln!("usage: serve-fixture [--port N] [--address IP] [--spec] FOLDER");
        return ExitCode::from(2);
    };
    let mut options = ServeOptions::new(&folder);
    options.addr = SocketAddr::new(address, port);
    options.verbose = true;
    let root = folder.clone();
    let rebuild = move |_changed: &[PathBuf]| if whole_spec { build_spec(&root) } else { Ok(build(&root)) };
    let served = serve(options, rebuild, |addr| println!("serving http://{addr}/"));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

/// The site of the Markdown files under `root`, as they are on disk right now.
fn build(root: &Path) -> SiteFiles {
    let mut files = SiteFiles::new();
    let mut links = String::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name().into_iter().flatten() {
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let Some(stem) = relative.strip_suffix(".md") else { continue };
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let body = text.replace('&', "&amp;").replace('<', "&lt;");
        let page = format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{stem}</title>\
             <link rel=\"stylesheet\" href=\"/site.css\"></head><body><pre>{body}</pre></body></html>\n"
        );
        files.insert(format!("{stem}.html"), page.into_bytes());
        links.push_str(&format!("<li><a href=\"/{stem}.html\">{stem}</a></li>\n"));
    }
    let index = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Fixture</title>\
         <link rel=\"stylesheet\" href=\"/site.css\"></head><body><ul>\n{links}</ul></body></html>\n"
    );
    files.insert("index.html".into(), index.into_bytes());
    files.insert("site.css".into(), b"body { font-family: sans-serif }\n".to_vec());
    files
}

/// One page counting the pages of the spec at `root`, after loading all of it.
fn build_spec(root: &Path) -> Result<SiteFiles, String> {
    let project = specnotes::Project::open(root).map_err(|e| e.to_string())?;
    let page = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Spec</title></head>\
         <body><p>{} pages, {} releases</p></body></html>\n",
        project.site.pages.len(),
        project.model.releases.len()
    );
    Ok(SiteFiles::from([("index.html".to_string(), page.into_bytes())]))
}
