//! Stage render: what earlier renders made, for `serve`'s next one.
//!
//! `serve` renders the whole site again after every save, yet one edited release-notes page
//! changes a handful of the site's pages: its release, the tickets, pages, profiles and
//! capabilities its changes name, the comparisons that span it, the index and the lists. A
//! [`Memo`] keeps each rendered page and change fragment under a hash of everything its
//! output depends on (the templates, the template's name and the whole context), and each
//! data file (`releases.json`, the search index) under a hash of its input, so the next render
//! builds every context as before but runs tera or the JSON writer only where the hash is new.
//! The hash walks the borrowed context through serde (`key`) without building tera's value
//! tree. Output is byte for byte what a fresh render makes: a hit returns the text made from
//! an identical input. Entries a render did not use are dropped at its end, so the memo holds
//! at most about one site. `build` renders once and uses none.

use std::collections::HashMap;
use std::hash::{BuildHasher, DefaultHasher, Hash, Hasher};

use foldhash::quality::FixedState;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tera::{Context, Tera};

use crate::error::{Error, Result};

mod key;

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

/// Renders `context` with each of `templates` through `tera`, or takes the text an earlier
/// render made from the same templates (`fingerprint`), template and context.
///
/// A context is any value that serialises to a map. With a memo its key is a hash of its serde
/// data model, streamed into the hasher without building anything ([`key`]): a tera [`Context`] (a tree of
/// `serde_json::Value`s) is built only for a template that misses, so a render that hits
/// everywhere allocates next to nothing. Without one, the context is built once and rendered
/// with every template.
pub(super) fn render<C: Serialize + ?Sized, const N: usize>(
    tera: &Tera,
    fingerprint: u64,
    templates: [&str; N],
    context: &C,
    memo: Option<&Memo>,
) -> Result<[Arc<str>; N]> {
    let error = |template: &str, e: &dyn std::error::Error| Error::Template {
        name: template.to_string(),
        message: super::templates::chain(e),
    };
    let hashed = match memo {
        Some(_) => Some(context_hash(context).map_err(|e| error(templates.first().copied().unwrap_or(""), &e))?),
        None => None,
    };
    let mut built: Option<Context> = None;
    let mut out: [Option<Arc<str>>; N] = [const { None }; N];
    for (template, slot) in templates.into_iter().zip(&mut out) {
        let key = hashed.map(|hash| HASH_SEED.hash_one((fingerprint, template, hash)));
        if let (Some(memo), Some(key)) = (memo, key) {
            let mut state = memo.lock();
            let generation = state.generation;
            if let Some((text, used)) = state.entries.get_mut(&key) {
                *used = generation;
                *slot = Some(text.clone());
                state.hits += 1;
                continue;
            }
        }
        let context = match &mut built {
            Some(context) => context,
            None => built.insert(Context::from_serialize(context).map_err(|e| error(template, &e))?),
        };
        let text: Arc<str> = tera.render(template, context).map_err(|e| error(template, &e))?.into();
        if let (Some(memo), Some(key)) = (memo, key) {
            let mut state = memo.lock();
            let generation = state.generation;
            state.misses += 1;
            state.entries.insert(key, (text.clone(), generation));
        }
        *slot = Some(text);
    }
    Ok(out.map(|text| text.unwrap_or_default()))
}

/// The outputs `make` derives from `input` (files other than pages: `releases.json`, the
/// search index), or the ones an earlier render derived under the same `name` from an equal
/// input. Without a memo, `make` runs.
pub(super) fn derived<I: Serialize + ?Sized, const N: usize>(
    name: &str,
    input: &I,
    memo: Option<&Memo>,
    make: impl FnOnce(&I) -> Result<[String; N]>,
) -> Result<[Arc<str>; N]> {
    let Some(memo) = memo else { return Ok(make(input)?.map(Arc::from)) };
    let hash = context_hash(input)
        .map_err(|e| Error::Template { name: name.to_string(), message: super::templates::chain(&e) })?;
    let keys: [u64; N] = std::array::from_fn(|i| HASH_SEED.hash_one((name, i, hash)));
    {
        let mut state = memo.lock();
        let generation = state.generation;
        if keys.iter().all(|key| state.entries.contains_key(key)) {
            state.hits += N;
            return Ok(keys.map(|key| {
                let (text, used) = state.entries.get_mut(&key).expect("checked above");
                *used = generation;
                text.clone()
            }));
        }
    }
    let made = make(input)?.map(Arc::<str>::from);
    let mut state = memo.lock();
    let generation = state.generation;
    state.misses += N;
    for (key, text) in keys.into_iter().zip(&made) {
        state.entries.insert(key, (text.clone(), generation));
    }
    Ok(made)
}

/// The hash of `value`'s serde data model (see [`key`]).
fn context_hash<C: Serialize + ?Sized>(value: &C) -> std::result::Result<u64, key::KeyError> {
    let mut hasher = HASH_SEED.build_hasher();
    key::hash(value, &mut hasher)?;
    Ok(hasher.finish())
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

    fn context(x: &str) -> serde_json::Value {
        serde_json::json!({ "x": x })
    }

    fn one(tera: &Tera, fingerprint: u64, x: &str, memo: &Memo) -> String {
        let [text] = render(tera, fingerprint, ["t"], &context(x), Some(memo)).unwrap();
        text.to_string()
    }

    #[test]
    fn an_identical_context_is_a_hit_and_a_changed_one_a_miss() {
        let (tera, memo) = (tera(), Memo::new());
        memo.begin();
        assert_eq!(one(&tera, 1, "a", &memo), "<p>a</p>");
        assert_eq!(memo.finish(), MemoStats { hits: 0, misses: 1 });
        memo.begin();
        assert_eq!(one(&tera, 1, "a", &memo), "<p>a</p>");
        assert_eq!(one(&tera, 1, "b", &memo), "<p>b</p>");
        assert_eq!(memo.finish(), MemoStats { hits: 1, misses: 1 });
    }

    #[test]
    fn other_templates_miss_and_unused_entries_are_dropped() {
        let (tera, memo) = (tera(), Memo::new());
        memo.begin();
        one(&tera, 1, "a", &memo);
        memo.finish();
        memo.begin();
        one(&tera, 2, "a", &memo);
        assert_eq!(memo.finish(), MemoStats { hits: 0, misses: 1 });
        assert_eq!(memo.lock().entries.len(), 1, "the entry of fingerprint 1 was not used and is gone");
    }
}
