//! Serve stage: preview the site on a local port, rebuilt and reloaded on every save.
//!
//! The server knows nothing of how the site is made: [`serve`] takes a `rebuild` closure that
//! returns every file of the site in memory ([`SiteFiles`]), calls it once, then again with the
//! changed paths after each batch of file events, and serves whatever the last good call
//! returned. Open pages hold a server-sent events connection and reload when a rebuild
//! succeeds; when one fails they keep the last good site and show its message in a banner.
//! Nothing is written to disk and nothing is read from it to answer a request.
//!
//! The parts: [`http`] (the wire format), [`route`] (target to file, traversal refusal,
//! content types), [`pool`] (accept loop and bounded workers), [`live`] (events, reload
//! script, banner), [`watch`] (file events into batches), [`state`] (the site being served).

pub mod http;
pub mod live;
pub mod pool;
pub mod route;
pub mod state;
pub mod watch;

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use live::Event;
use pool::Shared;
use watch::{Message, Next};

/// The files of a built site: `/`-separated path relative to the site root -> bytes.
pub type SiteFiles = BTreeMap<String, Vec<u8>>;

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 4000;
/// How often open pages are pinged when nothing changes (to notice closed ones).
const PING_EVERY: Duration = Duration::from_secs(15);

/// Where to listen and what to watch.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on (port 0: any free port).
    pub addr: SocketAddr,
    /// The folder whose changes trigger rebuilds (the spec folder).
    pub watch_root: PathBuf,
    /// Folders (relative to `watch_root`, or absolute) whose changes are ignored, e.g. an output folder.
    pub ignore: Vec<PathBuf>,
    /// Log each rebuild and the time from file event to reload to standard error (also on
    /// when the environment variable `SPECNOTES_LOG` is `debug`).
    pub verbose: bool,
}

impl ServeOptions {
    /// Serves on `127.0.0.1:4000`, watching `watch_root`, ignoring nothing more, quietly.
    pub fn new(watch_root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, DEFAULT_PORT)),
            watch_root: watch_root.into(),
            ignore: Vec::new(),
            verbose: false,
        }
    }
}

/// Builds with `rebuild(&[])`, serves, and rebuilds with the changed paths (relative to the
/// watched folder, sorted) after every batch of file events; calls `ready` with the bound
/// address once the first build is served. Returns only if the server cannot start.
pub fn serve(
    options: ServeOptions,
    rebuild: impl FnMut(&[PathBuf]) -> Result<SiteFiles, String> + Send + 'static,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let server = Server::start(options, rebuild)?;
    ready(server.addr());
    server.wait();
    Ok(())
}

/// A running server; stops when [`Server::shutdown`] is called or it is dropped.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Sender<Message>,
    accept: Option<JoinHandle<()>>,
    rebuilder: Option<JoinHandle<()>>,
    _watcher: notify::RecommendedWatcher,
}

impl Server {
    /// Listens, starts watching, runs the first build and starts answering; see [`serve`].
    pub fn start(
        options: ServeOptions,
        mut rebuild: impl FnMut(&[PathBuf]) -> Result<SiteFiles, String> + Send + 'static,
    ) -> Result<Server> {
        let root = std::fs::canonicalize(&options.watch_root)
            .ok()
            .filter(|root| root.is_dir())
            .ok_or_else(|| Error::NoSpecDir(options.watch_root.clone()))?;
        let ignore: Vec<PathBuf> = options.ignore.iter().filter_map(|p| relative_to_root(&root, p)).collect();
        let listener = TcpListener::bind(options.addr)
            .map_err(|source| Error::Serve { what: format!("cannot listen on {}", options.addr), source })?;
        let addr = listener.local_addr()?;
        let (stop, events) = mpsc::channel();
        let watcher = watch::watch(&root, stop.clone()).map_err(|e| Error::Serve {
            what: format!("cannot watch `{}`", options.watch_root.display()),
            source: std::io::Error::other(e),
        })?;
        let shared = Arc::new(Shared::default());
        publish(&shared, run_rebuild(&mut rebuild, &[]));
        let log = options.verbose || std::env::var("SPECNOTES_LOG").is_ok_and(|v| v == "debug");
        let rebuild_shared = Arc::clone(&shared);
        let rebuilder = std::thread::Builder::new()
            .name("specnotes-rebuild".into())
            .spawn(move || rebuild_loop(&events, &root, &ignore, rebuild, &rebuild_shared, log))?;
        let accept_shared = Arc::clone(&shared);
        let accept = std::thread::Builder::new()
            .name("specnotes-accept".into())
            .spawn(move || pool::accept_loop(listener, accept_shared))?;
        Ok(Server { addr, shared, stop, accept: Some(accept), rebuilder: Some(rebuilder), _watcher: watcher })
    }

    /// The address the server listens on (with the actual port when port 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many pages hold an events connection.
    pub fn live_pages(&self) -> usize {
        self.shared.hub.len()
    }

    /// Blocks until the server stops.
    pub fn wait(mut self) {
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }

    /// Stops accepting, stops watching and closes the events connections. Workers busy with
    /// a connection finish it (at most [`pool::IDLE_TIMEOUT`] later).
    pub fn shutdown(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        let _ = self.stop.send(Message::Stop);
        // The accept loop notices `stopping` when the next connection arrives: make one.
        let wake = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from((Ipv4Addr::LOCALHOST, self.addr.port())),
            IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::from((Ipv6Addr::LOCALHOST, self.addr.port())),
            _ => self.addr,
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        for handle in [self.accept.take(), self.rebuilder.take()].into_iter().flatten() {
            let _ = handle.join();
        }
        self.shared.hub.close_all();
    }
}

/// An ignored folder relative to `root`; `None` for one outside it.
fn relative_to_root(root: &Path, folder: &Path) -> Option<PathBuf> {
    if folder.is_relative() {
        return Some(folder.to_path_buf());
    }
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    folder.strip_prefix(root).ok().map(Path::to_path_buf)
}

/// Rebuilds after each batch of file events until the server stops.
fn rebuild_loop(
    events: &Receiver<Message>,
    root: &Path,
    ignore: &[PathBuf],
    mut rebuild: impl FnMut(&[PathBuf]) -> Result<SiteFiles, String>,
    shared: &Shared,
    log: bool,
) {
    loop {
        match watch::next_batch(events, root, ignore, PING_EVERY) {
            Next::Stop => return,
            Next::Idle => {
                shared.hub.ping();
            }
            Next::Batch { paths, first_event } => {
                let started = Instant::now();
                let outcome = run_rebuild(&mut rebuild, &paths);
                let (ok, pages) = (outcome.is_ok(), publish(shared, outcome));
                if log {
                    eprintln!(
                        "specnotes serve: {} {} changed path(s) in {:.1} ms; {} sent to {pages} page(s) {:.1} ms after the file event",
                        if ok { "rebuilt" } else { "rebuild failed for" },
                        paths.len(),
                        started.elapsed().as_secs_f64() * 1000.0,
                        if ok { "reload" } else { "failure" },
                        first_event.elapsed().as_secs_f64() * 1000.0,
                    );
                }
            }
        }
    }
}

/// Calls `rebuild`, turning a panic into a failed rebuild so the server keeps serving.
fn run_rebuild(
    rebuild: &mut impl FnMut(&[PathBuf]) -> Result<SiteFiles, String>,
    paths: &[PathBuf],
) -> Result<SiteFiles, String> {
    catch_unwind(AssertUnwindSafe(|| rebuild(paths))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("the rebuild panicked: {what}"))
    })
}

/// Serves the outcome of a rebuild and tells the open pages; returns how many were told.
fn publish(shared: &Shared, outcome: Result<SiteFiles, String>) -> usize {
    match outcome {
        Ok(files) => {
            shared.state.publish(files);
            shared.hub.broadcast(Event::Reload)
        }
        Err(message) => {
            shared.state.fail(&message);
            shared.hub.broadcast(Event::Failed(&message))
        }
    }
}
