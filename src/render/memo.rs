//! Stage render: what earlier renders made, for `serve`'s next one.
//!
//! `serve` renders the whole site again after every save, yet one edited release-notes page
//! changes a handful of the site's pages: its release, the tickets, pages, profiles and
//! capabilities its changes name, the comparisons that span it, the index and the lists. A
//! [`Memo`] keeps each rendered page and change fragment under a hash of everything its
//! output depends on (the templates, the template's name and the whole tera context), so the
//! next render builds every context as before but only runs tera for those whose hash is new.
//! Output is byte for byte what a fresh render makes: a hit returns the text that the same
//! templates made from an identical context. Entries a render did not use are dropped at its
//! end, so the memo holds at most about one site. `build` renders once and uses none.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasher, DefaultHasher, Hash, Hasher};

use foldhash::quality::FixedState;
use std::sync::{Arc, Mutex, PoisonError};

use tera::{Context, Tera};

use crate::error::{Error, Result};

/// Rendered outputs of the last render, by the hash of what they were made from.
#[derive(Debug, Default)]
pub struct Memo {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Output by key, with the number of the render that last used it.
    entries: HashMap<u64, (Arc<str>, u64)>,
    /// The number of the render under way.
    generation: u64,
    hits: usize,
    misses: usize,
}

/// How one render used the memo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemoStats {
    /// Outputs taken from the memo.
    pub hits: usize,
    /// Outputs tera rendered.
    pub misses: usize,
}

impl Memo {
    /// An empty memo.
    pub fn new() -> Memo {
        Memo::default()
    }

    /// Starts a render: later lookups count as used by it.
    pub(super) fn begin(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.hits = 0;
        state.misses = 0;
    }

    /// Ends a render: drops what it did not use and says how it went.
    pub(super) fn finish(&self) -> MemoStats {
        let mut state = self.lock();
        let generation = state.generation;
        state.entries.retain(|_, (_, used)| *used == generation);
        MemoStats { hits: state.hits, misses: state.misses }
    }

    /// How the last render used the memo (during a render: how it is going).
    pub fn stats(&self) -> MemoStats {
        let state = self.lock();
        MemoStats { hits: state.hits, misses: state.misses }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The hash of memo keys: foldhash rather than std's SipHash, which was slower than the
/// renders it saved on contexts that carry their changes' HTML. Keys only meet other keys of
/// the same process, and a 64-bit hash of distinct contexts colliding by accident is not a
/// practical concern for a preview server.
const HASH_SEED: FixedState = FixedState::with_seed(0x5eed_5eed);

/// Renders `template` with `context` through `tera`, or takes the text an earlier render made
/// from the same templates (`fingerprint`), template and context.
pub(super) fn render(
    tera: &Tera,
    fingerprint: u64,
    template: &str,
    context: Cow<'_, Context>,
    memo: Option<&Memo>,
) -> Result<Arc<str>> {
    let run = |context: &Context| {
        tera.render(template, context)
            .map(Arc::from)
            .map_err(|e| Error::Template { name: template.to_string(), message: super::templates::chain(&e) })
    };
    let Some(memo) = memo else { return run(&context) };
    let json = context.into_owned().into_json();
    let key = HASH_SEED.hash_one((fingerprint, template, &json));
    {
        let mut state = memo.lock();
        let generation = state.generation;
        if let Some((text, used)) = state.entries.get_mut(&key) {
            *used = generation;
            let text = text.clone();
            state.hits += 1;
            return Ok(text);
        }
    }
    let context = Context::from_value(json)
        .map_err(|e| Error::Template { name: template.to_string(), message: super::templates::chain(&e) })?;
    let text = run(&context)?;
    let mut state = memo.lock();
    let generation = state.generation;
    state.misses += 1;
    state.entries.insert(key, (text.clone(), generation));
    Ok(text)
}

/// A fingerprint of a set of templates: equal sets give equal fingerprints.
pub(super) fn fingerprint<'a>(templates: impl IntoIterator<Item = (&'a str, &'a str)>) -> u64 {
    let mut hasher = DefaultHasher::new();
    for (name, text) in templates {
        name.hash(&mut hasher);
        text.hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera() -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_template("t", "<p>{{ x }}</p>").unwrap();
        tera
    }

    fn context(x: &str) -> Context {
        let mut context = Context::new();
        context.insert("x", x);
        context
    }

    #[test]
    fn an_identical_context_is_a_hit_and_a_changed_one_a_miss() {
        let (tera, memo) = (tera(), Memo::new());
        memo.begin();
        assert_eq!(&*render(&tera, 1, "t", Cow::Owned(context("a")), Some(&memo)).unwrap(), "<p>a</p>");
        assert_eq!(memo.finish(), MemoStats { hits: 0, misses: 1 });
        memo.begin();
        assert_eq!(&*render(&tera, 1, "t", Cow::Owned(context("a")), Some(&memo)).unwrap(), "<p>a</p>");
        assert_eq!(&*render(&tera, 1, "t", Cow::Owned(context("b")), Some(&memo)).unwrap(), "<p>b</p>");
        assert_eq!(memo.finish(), MemoStats { hits: 1, misses: 1 });
    }

    #[test]
    fn other_templates_miss_and_unused_entries_are_dropped() {
        let (tera, memo) = (tera(), Memo::new());
        memo.begin();
        render(&tera, 1, "t", Cow::Owned(context("a")), Some(&memo)).unwrap();
        memo.finish();
        memo.begin();
        render(&tera, 2, "t", Cow::Owned(context("a")), Some(&memo)).unwrap();
        assert_eq!(memo.finish(), MemoStats { hits: 0, misses: 1 });
        assert_eq!(memo.lock().entries.len(), 1, "the entry of fingerprint 1 was not used and is gone");
    }
}
