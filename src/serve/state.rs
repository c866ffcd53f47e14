//! Serve stage, state: the site being served right now.
//!
//! Request workers read it on every request and the rebuild thread replaces it after every
//! rebuild, so it is one `Arc` behind a `RwLock`: a reader holds the lock only long enough to
//! clone the `Arc`, and a rebuild never makes a reader wait for it to finish rendering. A failed
//! rebuild keeps the last good files and stores only its message.

use std::sync::{Arc, PoisonError, RwLock};

use super::SiteFiles;

/// One published version of the site.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The files of the last good build.
    pub files: Arc<SiteFiles>,
    /// Why the latest rebuild failed, until a later one succeeds.
    pub failure: Option<Arc<str>>,
    /// How many builds (good or failed) were published before this one.
    pub generation: u64,
}

/// The current snapshot, shared by the request workers and the rebuild thread.
#[derive(Debug, Default)]
pub struct SiteState {
    current: RwLock<Arc<Snapshot>>,
}

impl SiteState {
    /// The snapshot to answer one request from.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `files` from now on and clears any stored failure.
    pub fn publish(&self, files: SiteFiles) {
        self.replace(|old| Snapshot { files: Arc::new(files), failure: None, generation: old.generation + 1 });
    }

    /// Keeps the current files and stores why the rebuild failed.
    pub fn fail(&self, message: &str) {
        let failure = Some(Arc::from(message));
        self.replace(|old| Snapshot { files: Arc::clone(&old.files), failure, generation: old.generation + 1 });
    }

    fn replace(&self, next: impl FnOnce(&Snapshot) -> Snapshot) {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        *current = Arc::new(next(&current));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> SiteFiles {
        pairs.iter().map(|(k, v)| (k.to_string(), v.as_bytes().to_vec())).collect()
    }

    #[test]
    fn a_failed_rebuild_keeps_the_files_and_the_next_good_one_clears_the_failure() {
        let state = SiteState::default();
        state.publish(files(&[("index.html", "one")]));
        state.fail("broken <page>");
        let failed = state.snapshot();
        assert_eq!(failed.files.get("index.html").map(Vec::as_slice), Some(&b"one"[..]));
        assert_eq!(failed.failure.as_deref(), Some("broken <page>"));
        assert_eq!(failed.generation, 2);
        state.publish(files(&[("index.html", "two")]));
        let fixed = state.snapshot();
        assert_eq!(fixed.files.get("index.html").map(Vec::as_slice), Some(&b"two"[..]));
        assert_eq!(fixed.failure, None);
        assert_eq!(fixed.generation, 3);
    }

    #[test]
    fn a_snapshot_taken_before_a_rebuild_still_holds_the_old_files() {
        let state = SiteState::default();
        state.publish(files(&[("a.html", "old")]));
        let before = state.snapshot();
        state.publish(files(&[("a.html", "new")]));
        assert_eq!(before.files.get("a.html").map(Vec::as_slice), Some(&b"old"[..]));
    }
}
