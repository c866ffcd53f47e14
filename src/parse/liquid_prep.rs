//! Preparing a template for the `liquid` crate: Jekyll-only tags and filters taken out, and
//! every variable output guarded by an `if` on its variable.
//!
//! Three hand-written scanners, each matching exactly what one regex of the crate's ASCII
//! dialect ([`crate::ascii_regex`]) matched, left to right and without overlaps (the property
//! tests below hold them to those regexes):
//!
//! - [`strip_jekyll_tags`]: `\{%-?\s*(?:include|…|feed_meta)\b[^%]*%\}`, removed;
//! - [`strip_jekyll_filters`]:
//!   `\|\s*(?:markdownify|…|inspect)\b(?:\s*:\s*(?:"[^"]*"|'[^']*'|[^|}%])*)?`, removed;
//! - [`guard_outputs`]: `\{\{-?\s*([A-Za-z_][\w.-]*)\s*((?:\|[^}]*)?)-?\}\}`, rewritten as
//!   `{% if $1 %}{{ $1 $2 }}{% endif %}`.
//!
//! Compiling those three regexes was 3.6 M instructions, paid by the first Liquid render of
//! every run, on a page that needed one; the scans are a single pass each.

/// Jekyll tags the anchors never depend on (and `liquid` does not know).
const JEKYLL_TAGS: &[&str] =
    &["include", "include_relative", "link", "post_url", "highlight", "endhighlight", "seo", "feed_meta"];

/// Jekyll filters the anchors never depend on (and `liquid` does not know).
const JEKYLL_FILTERS: &[&str] = &[
    "markdownify",
    "relative_url",
    "absolute_url",
    "jsonify",
    "slugify",
    "xml_escape",
    "cgi_escape",
    "uri_escape",
    "smartify",
    "normalize_whitespace",
    "number_of_words",
    "sort_natural",
    "where_exp",
    "where",
    "group_by",
    "group_by_exp",
    "array_to_sentence_string",
    "date_to_string",
    "date_to_long_string",
    "date_to_xmlschema",
    "inspect",
];

/// The template with Jekyll's tags and filters removed and its outputs guarded.
pub fn prepare(template: &str) -> String {
    guard_outputs(&strip_jekyll_filters(&strip_jekyll_tags(&unwrap_outputs_in_tags(template))))
}

/// `{% if {{include.url}} %}` read as Jekyll's lax Liquid reads it, `{% if include.url %}`:
/// an output's braces inside a tag are dropped (the `liquid` crate refuses them).
fn unwrap_outputs_in_tags(template: &str) -> std::borrow::Cow<'_, str> {
    let bytes = template.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut from = 0;
    while let Some(open) = memchr::memmem::find(&bytes[from..], b"{%").map(|i| from + i) {
        let Some(close) = memchr::memmem::find(&bytes[open + 2..], b"%}").map(|i| open + 2 + i) else { break };
        let inner = &template[open + 2..close];
        if inner.contains("{{") {
            let buf = out.get_or_insert_with(String::new);
            buf.push_str(&template[copied..open + 2]);
            buf.push_str(&inner.replace("{{", " ").replace("}}", " "));
            copied = close;
        }
        from = close + 2;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&template[copied..]);
            std::borrow::Cow::Owned(buf)
        }
        None => std::borrow::Cow::Borrowed(template),
    }
}

/// ASCII whitespace, as the regexes' `\s`.
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// An ASCII word byte, as the regexes' `\w` (a non-ASCII character is not part of a word).
fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The first index at or after `i` that is not whitespace.
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|&c| is_space(c)) {
        i += 1;
    }
    i
}

/// Whether the whole word starting at `i` is one of `names`; returns its end. (An alternation
/// of names followed by `\b` matches exactly when the word there is one of them.)
fn named_word(b: &[u8], i: usize, names: &[&str]) -> Option<usize> {
    let len = b.get(i..)?.iter().take_while(|&&c| is_word(c)).count();
    let word = &b[i..i + len];
    names.iter().any(|n| n.as_bytes() == word).then_some(i + len)
}

/// `text` with every match found by `match_at` (tried at each position `opener` finds; returns
/// the match's end and what replaces it) replaced, matches not overlapping.
fn replace_each(text: &str, opener: u8, match_at: impl Fn(&str, usize) -> Option<(usize, String)>) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut copied, mut pos) = (0, 0);
    while let Some(at) = memchr::memchr(opener, &b[pos..]).map(|i| pos + i) {
        match match_at(text, at) {
            Some((end, with)) => {
                out.push_str(&text[copied..at]);
                out.push_str(&with);
                copied = end;
                pos = end;
            }
            None => pos = at + 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Removes `{% include … %}` and the other Jekyll-only tags.
fn strip_jekyll_tags(text: &str) -> String {
    replace_each(text, b'{', |text, at| {
        let b = text.as_bytes();
        let mut i = at + 1;
        if b.get(i) != Some(&b'%') {
            return None;
        }
        i += 1;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let i = named_word(b, skip_spaces(b, i), JEKYLL_TAGS)?;
        let percent = i + memchr::memchr(b'%', &b[i..])?;
        (b.get(percent + 1) == Some(&b'}')).then(|| (percent + 2, String::new()))
    })
}

/// Removes `| markdownify` and the other Jekyll-only filters, with their arguments.
fn strip_jekyll_filters(text: &str) -> String {
    replace_each(text, b'|', |text, at| {
        let b = text.as_bytes();
        let end = named_word(b, skip_spaces(b, at + 1), JEKYLL_FILTERS)?;
        let colon = skip_spaces(b, end);
        if b.get(colon) != Some(&b':') {
            return Some((end, String::new()));
        }
        let mut i = skip_spaces(b, colon + 1);
        loop {
            match b.get(i) {
                // A quoted argument runs to its closing quote; an unclosed quote is one character.
                Some(&quote @ (b'"' | b'\'')) => i += memchr::memchr(quote, &b[i + 1..]).map_or(1, |k| k + 2),
                Some(b'|' | b'}' | b'%') | None => return Some((i, String::new())),
                Some(_) => i += 1,
            }
        }
    })
}

/// Rewrites `{{ name | filters }}` as `{% if name %}{{ name | filters }}{% endif %}`: the
/// `liquid` crate errors on a missing key where Jekyll prints nothing, but its `if` is lenient.
fn guard_outputs(text: &str) -> String {
    replace_each(text, b'{', |text, at| {
        let b = text.as_bytes();
        let mut i = at + 1;
        if b.get(i) != Some(&b'{') {
            return None;
        }
        i += 1;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let name_start = skip_spaces(b, i);
        if !b.get(name_start).is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_') {
            return None;
        }
        let name_end =
            name_start + b[name_start..].iter().take_while(|&&c| is_word(c) || c == b'.' || c == b'-').count();
        let filters_start = skip_spaces(b, name_end);
        // The filters run to the first `}` (a `-` before it included, as the greedy `[^}]*`).
        let filters_end = match b.get(filters_start) {
            Some(b'|') => filters_start + memchr::memchr(b'}', &b[filters_start..])?,
            _ => filters_start,
        };
        let close = filters_end + usize::from(filters_end == filters_start && b.get(filters_end) == Some(&b'-'));
        if b.get(close..close + 2) != Some(b"}}") {
            return None;
        }
        // Every byte read here is ASCII, so these ranges are on character boundaries.
        let (name, filters) = (&text[name_start..name_end], &text[filters_start..filters_end]);
        Some((close + 2, format!("{{% if {name} %}}{{{{ {name} {filters} }}}}{{% endif %}}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::LazyLock;

    use regex::Regex;

    /// The regexes the scanners replace, as they were written.
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| crate::ascii_regex::compile(&format!(r"\{{%-?\s*(?:{})\b[^%]*%\}}", JEKYLL_TAGS.join("|"))));
    static FILTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::ascii_regex::compile(&format!(
            r#"\|\s*(?:{})\b(?:\s*:\s*(?:"[^"]*"|'[^']*'|[^|}}%])*)?"#,
            JEKYLL_FILTERS.join("|")
        ))
    });
    static OUTPUT: LazyLock<Regex> =
        LazyLock::new(|| crate::ascii_regex::compile(r"\{\{-?\s*([A-Za-z_][\w.-]*)\s*((?:\|[^}]*)?)-?\}\}"));

    #[test]
    fn jekyll_tags_and_filters_go_and_outputs_are_guarded() {
        let template = "{% include a.html x=1 %}{{ include.x | markdownify }}{%- seo -%}{{ page.title-}}{{ t.id }}";
        assert_eq!(
            prepare(template),
            "{% if include.x %}{{ include.x  }}{% endif %}{% if page.title- %}{{ page.title-  }}{% endif %}\
             {% if t.id %}{{ t.id  }}{% endif %}"
        );
        assert_eq!(strip_jekyll_filters("{{ a | where: \"x|y\", 'z' | size }}"), "{{ a | size }}");
        assert_eq!(strip_jekyll_filters("{{ a | where_expx }}"), "{{ a | where_expx }}");
        assert_eq!(strip_jekyll_tags("{% includes x %}{% include x %"), "{% includes x %}{% include x %");
    }

    #[test]
    fn the_scanners_match_their_regexes_on_templates_of_the_spec() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = root.join("../shared/corpora/gpconnect-1.6.0");
        let mut seen = 0;
        for spec in [root.join("spec"), corpus] {
            for entry in walkdir::WalkDir::new(&spec).into_iter().filter_map(Result::ok) {
                let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
                if !text.contains("{{") && !text.contains("{%") {
                    continue;
                }
                seen += 1;
                assert_eq!(strip_jekyll_tags(&text), TAG.replace_all(&text, ""), "{}", entry.path().display());
                assert_eq!(strip_jekyll_filters(&text), FILTER.replace_all(&text, ""), "{}", entry.path().display());
                let guarded = OUTPUT.replace_all(&text, "{% if $1 %}{{ $1 $2 }}{% endif %}");
                assert_eq!(guard_outputs(&text), guarded, "{}", entry.path().display());
            }
        }
        assert!(seen > 10, "{seen}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_scanners_match_their_regexes(
            // Whole constructs are tokens, so filters with quoted arguments and outputs with
            // filters are common; single characters break them in every way.
            text in "(\\{\\{ ?|-?\\}\\}|\\{%-? ?|%\\}|\\| ?where: ?|\\| ?markdownify ?|\\|where_exp|include |\
                     include_relative|seo|x\\.y|a-|\\{|\\}|%|\\||-| |\t|\x0b|:|\"|'|_|Z|9|é)*"
        ) {
            proptest::prop_assert_eq!(strip_jekyll_tags(&text), TAG.replace_all(&text, ""));
            proptest::prop_assert_eq!(strip_jekyll_filters(&text), FILTER.replace_all(&text, ""));
            let guarded = OUTPUT.replace_all(&text, "{% if $1 %}{{ $1 $2 }}{% endif %}");
            proptest::prop_assert_eq!(guard_outputs(&text), guarded);
        }
    }
}
