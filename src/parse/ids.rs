//! Heading ids exactly as kramdown's GFM parser makes them.
//!
//! kramdown-parser-gfm (`generate_gfm_header_id`) takes the heading's plain
//! text (text, code spans and decoded entities; no markup, no image alt text),
//! lower-cases it, drops every character that is not `\p{Word}`, `-`, space or
//! tab, turns each space or tab into `-` without collapsing, and numbers
//! repeats of the same id `-1`, `-2`... The table in
//! `tests/data/kramdown-ids/` was measured with Jekyll itself
//! (`scripts/kramdown-ids.sh`) and is checked by the tests below.

use std::collections::HashMap;

/// The id kramdown GFM derives from a heading's plain text, before numbering.
pub fn gfm_base_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' || c == '\t' {
            id.push('-');
        } else if c.is_ascii() {
            if c == '-' || c == '_' || c.is_ascii_alphanumeric() {
                id.push(c.to_ascii_lowercase());
            }
        } else if is_word_char(c) {
            id.extend(c.to_lowercase());
        }
    }
    id
}

/// Ruby's `\p{Word}`: letters, marks, digits, connector punctuation.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    // Non-ASCII: the table behind the regex crate's Unicode `\w`, which is `\p{Word}`.
    regex_syntax::is_word_character(c)
}

/// Hands out heading ids for one rendered page, numbering repeats.
#[derive(Debug, Default, Clone)]
pub struct IdCounter {
    prefix: String,
    seen: HashMap<String, usize, foldhash::fast::RandomState>,
}

impl IdCounter {
    /// A counter that prefixes every id with `auto_id_prefix`.
    pub fn new(auto_id_prefix: &str) -> Self {
        IdCounter { prefix: auto_id_prefix.to_string(), seen: HashMap::default() }
    }

    /// The next auto id for a heading with this plain text; `None` when the
    /// id is empty (kramdown then renders no `id` attribute at all).
    pub fn next_id(&mut self, text: &str) -> Option<String> {
        let base = gfm_base_id(text);
        let id = match self.seen.get_mut(&base) {
            Some(count) => {
                *count += 1;
                format!("{base}-{}", *count - 1)
            }
            None => {
                self.seen.insert(base.clone(), 1);
                base
            }
        };
        if id.is_empty() {
            return None;
        }
        Some(if self.prefix.is_empty() { id } else { format!("{}{id}", self.prefix) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_ampersands_and_symbols_are_dropped() {
        assert_eq!(gfm_base_id("Patient's Record"), "patients-record");
        assert_eq!(gfm_base_id("Patient’s Record"), "patients-record");
        assert_eq!(gfm_base_id("Fish & Chips"), "fish--chips");
        assert_eq!(gfm_base_id("Brand® Name"), "brand-name");
    }

    #[test]
    fn spaces_and_tabs_each_become_one_hyphen() {
        assert_eq!(gfm_base_id("a   b\tc"), "a---b-c");
        assert_eq!(gfm_base_id("hyphen-ated - name"), "hyphen-ated---name");
    }

    #[test]
    fn non_ascii_letters_are_kept_lower_cased_and_emoji_dropped() {
        assert_eq!(gfm_base_id("Café Über Straße"), "café-über-straße");
        assert_eq!(gfm_base_id("Emoji 🎉 party"), "emoji--party");
    }

    #[test]
    fn word_characters_are_exactly_the_regex_crates_unicode_word_class() {
        let word = regex::Regex::new(r"^\w$").unwrap();
        let mut buf = [0u8; 4];
        // Every plane-0 character and the start of plane 1 (letters, marks, digits, emoji).
        for c in (0..0x2_0000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), word.is_match(c.encode_utf8(&mut buf)), "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn repeats_are_numbered_per_base_id_and_prefixed() {
        let mut ids = IdCounter::new("x-");
        assert_eq!(ids.next_id("Dup").as_deref(), Some("x-dup"));
        assert_eq!(ids.next_id("Dup").as_deref(), Some("x-dup-1"));
        assert_eq!(ids.next_id("Dup-1").as_deref(), Some("x-dup-1"));
        assert_eq!(ids.next_id("???"), None);
    }
}
