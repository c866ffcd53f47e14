//! Serve stage, watching: file events under the spec folder, batched into rebuilds.
//!
//! `notify` watches the whole folder recursively (inotify on Linux). Saving one file is
//! several events (create a temporary file, write, rename over), and a checkout touches many
//! files, so a batch ends after [`QUIET`] without a relevant event (or [`MAX_BATCH`] after its
//! first), and each path appears in it once. Events that cannot change the site are
//! dropped before they start a batch: reads, version-control and output folders, editor swap
//! and backup files, temporary files of atomic writes, and the caller's ignore list.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

/// How long a batch waits for one more event.
pub const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch keeps collecting before it is rebuilt.
pub const MAX_BATCH: Duration = Duration::from_millis(250);

/// Folders whose content never feeds the site.
const IGNORED_FOLDERS: [&str; 8] =
    [".git", ".hg", ".svn", "_site", ".jekyll-cache", ".sass-cache", "node_modules", ".idea"];

/// What the rebuild thread receives.
#[derive(Debug)]
pub enum Message {
    /// A file event from the watcher.
    Event(notify::Result<notify::Event>),
    /// Stop serving.
    Stop,
}

/// What [`next_batch`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Changed paths, relative to the watched folder, sorted, each once.
    Batch {
        /// The paths.
        paths: Vec<PathBuf>,
        /// When the first event of the batch arrived.
        first_event: Instant,
    },
    /// Nothing happened for the whole wait.
    Idle,
    /// The server is stopping.
    Stop,
}

/// Starts watching `root` (a canonical folder), sending its events to `to`.
pub fn watch(root: &Path, to: Sender<Message>) -> notify::Result<notify::RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = to.send(Message::Event(event));
    })?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(watcher)
}

/// Waits up to `idle` for a relevant event, then collects the rest of its batch.
pub fn next_batch(from: &Receiver<Message>, root: &Path, ignore: &[PathBuf], idle: Duration) -> Next {
    let mut paths = BTreeSet::new();
    let mut first_event = None;
    let mut deadline = Instant::now() + idle;
    loop {
        let message = match from.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(message) => message,
            Err(RecvTimeoutError::Disconnected) => return Next::Stop,
            Err(RecvTimeoutError::Timeout) => break,
        };
        let Message::Event(Ok(event)) = message else {
            if matches!(message, Message::Stop) {
                return Next::Stop;
            }
            continue;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        let mut relevant = false;
        for path in event.paths.iter().map(|p| relative(root, p)).filter(|p| !is_ignored(p, ignore)) {
            relevant = true;
            paths.insert(path);
        }
        if relevant {
            let now = Instant::now();
            let first = *first_event.get_or_insert(now);
            deadline = (now + QUIET).min(first + MAX_BATCH);
        }
    }
    match first_event {
        Some(first_event) => Next::Batch { paths: paths.into_iter().collect(), first_event },
        None => Next::Idle,
    }
}

/// `path` relative to `root` (events of the root itself become the empty path).
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Whether a change of `path` (relative to the watched folder) cannot change the site.
pub fn is_ignored(path: &Path, ignore: &[PathBuf]) -> bool {
    if ignore.iter().any(|folder| path.starts_with(folder)) {
        return true;
    }
    let in_ignored_folder = path.components().any(|c| match c {
        Component::Normal(name) => IGNORED_FOLDERS.iter().any(|f| name == *f),
        _ => false,
    });
    in_ignored_folder || path.file_name().is_some_and(|name| is_scratch_file(&name.to_string_lossy()))
}

/// Editor swap, lock and backup files, and temporary files of atomic writes.
fn is_scratch_file(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
        || [".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload"].iter().any(|e| name.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn ignored(path: &str) -> bool {
        is_ignored(Path::new(path), &[PathBuf::from("out"), PathBuf::from("build/cache")])
    }

    #[test]
    fn sources_are_watched_and_scratch_files_ignored() {
        for path in
            ["index.md", "pages/release_notes.md", "_config.yml", "_data/sidebar.yml", "outline.md", "build/x.md"]
        {
            assert!(!ignored(path), "{path}");
        }
        for path in [
            ".git/index",
            "pages/.git/HEAD",
            "_site/index.html",
            "out/page.html",
            "build/cache/x",
            "pages/.page.md.swp",
            "pages/page.md~",
            "pages/.#page.md",
            "pages/#page.md#",
            "pages/4913",
            "pages/.page.md.specnotes-12-0.tmp",
        ] {
            assert!(ignored(path), "{path}");
        }
    }

    fn event(kind: EventKind, paths: &[&str]) -> Message {
        let mut event = notify::Event::new(kind);
        event.paths = paths.iter().map(|p| Path::new("/spec").join(p)).collect();
        Message::Event(Ok(event))
    }

    #[test]
    fn a_burst_of_events_is_one_batch_of_distinct_sorted_paths() {
        let (to, from) = mpsc::channel();
        let modify = EventKind::Modify(notify::event::ModifyKind::Any);
        to.send(event(modify, &["b.md", "a.md"])).unwrap();
        to.send(event(EventKind::Access(notify::event::AccessKind::Any), &["c.md"])).unwrap();
        to.send(event(modify, &["b.md", ".b.md.swp"])).unwrap();
        let Next::Batch { paths, .. } = next_batch(&from, Path::new("/spec"), &[], Duration::from_secs(5)) else {
            panic!("expected a batch");
        };
        assert_eq!(paths, [PathBuf::from("a.md"), PathBuf::from("b.md")]);
    }

    #[test]
    fn ignored_events_alone_make_no_batch_and_stop_ends_the_wait() {
        let (to, from) = mpsc::channel();
        to.send(event(EventKind::Modify(notify::event::ModifyKind::Any), &[".git/index"])).unwrap();
        assert_eq!(next_batch(&from, Path::new("/spec"), &[], Duration::from_millis(30)), Next::Idle);
        to.send(Message::Stop).unwrap();
        assert_eq!(next_batch(&from, Path::new("/spec"), &[], Duration::from_secs(5)), Next::Stop);
    }
}
