//! The crate's own regexes, compiled with ASCII `\d`, `\s`, `\w` and `\b`.
//!
//! Every pattern specnotes writes reads syntax that is ASCII by definition (kramdown's and
//! Liquid's patterns are Ruby regexes, whose `\w`, `\d` and `\s` are ASCII; version numbers,
//! ticket numbers, dates and file names are ASCII digits and letters), but the regex crate's
//! classes are Unicode: `\w` alone compiles to hundreds of ranges. Compiling the statics was a
//! sixth of the instructions of a whole `check` of a 400-file spec, for classes that never met
//! a non-ASCII character they should match. [`compile`] rewrites those four escapes to their
//! ASCII forms before compiling; everything else (`.`, negated classes, `(?i)`) stays as
//! written, so the regexes still run on `&str`. Patterns users write in `specnotes.toml` are
//! compiled as written, never through here.

use regex::Regex;

/// A regex for short text (a title, a date, a label, a heading): see [`small`].
pub(crate) type Small = regex_lite::Regex;

/// Compiles one of the crate's own patterns that only ever reads short text, with regex-lite.
///
/// The regex crate spends most of its compile time on what makes long searches fast (literal
/// prefilters, lazy DFAs). The month-name patterns of `model::date`, applied to a summary or
/// a date label a few times per release, took 3.8 M instructions to compile and take 0.6 M
/// with regex-lite. Its matching is much slower, so this is only for patterns that see a few
/// short strings: moving the ticket and version patterns over cost 23 M instructions more in
/// matching than it saved in compiling. regex-lite's `\d`, `\s`, `\w`, `\b` and `(?i)` are
/// ASCII, as [`compile`] makes them; a test checks the two engines agree on these patterns.
///
/// # Panics
/// If `pattern` is not a valid regex (the patterns are constants, compiled by the tests).
pub(crate) fn small(pattern: &str) -> Small {
    Small::new(pattern).unwrap_or_else(|e| panic!("invalid built-in regex {pattern:?}: {e}"))
}

/// ASCII whitespace, as Ruby's and POSIX's `\s`.
const SPACE: &str = r"\t\n\x0B\x0C\r ";

/// Compiles one of the crate's own patterns with ASCII `\d`, `\s`, `\w` and `\b`.
///
/// # Panics
/// If `pattern` is not a valid regex: the patterns are constants of the crate, and every one
/// is compiled by the tests.
pub(crate) fn compile(pattern: &str) -> Regex {
    let ascii = rewrite(pattern);
    Regex::new(&ascii).unwrap_or_else(|e| panic!("invalid built-in regex {pattern:?}: {e}"))
}

/// `pattern` with `\d \s \w` (in and out of classes), `\D \S \W` (outside classes) and `\b`
/// written as ASCII.
fn rewrite(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars().peekable();
    // Depth of nested `[...]`; `class_start` is true right after `[` or `[^`, where `]` is a
    // literal.
    let mut depth = 0usize;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    out.push('\\');
                    break;
                };
                out.push_str(&escape(e, depth > 0));
            }
            '[' => {
                depth += 1;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
                class_start = true;
            }
            ']' if depth > 0 && !at_class_start => {
                depth -= 1;
                out.push(']');
            }
            c => out.push(c),
        }
    }
    out
}

/// The ASCII form of escape `\e`, inside a class or not.
fn escape(e: char, in_class: bool) -> String {
    match (e, in_class) {
        ('d', false) => "[0-9]".into(),
        ('D', false) => "[^0-9]".into(),
        ('w', false) => "[0-9A-Za-z_]".into(),
        ('W', false) => "[^0-9A-Za-z_]".into(),
        ('s', false) => format!("[{SPACE}]"),
        ('S', false) => format!("[^{SPACE}]"),
        ('b', false) => r"(?-u:\b)".into(),
        ('d', true) => "0-9".into(),
        ('w', true) => "0-9A-Za-z_".into(),
        ('s', true) => SPACE.into(),
        (e, _) => format!("\\{e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_escapes_become_ascii_in_and_out_of_classes() {
        assert_eq!(rewrite(r"\d+\s*\w"), r"[0-9]+[\t\n\x0B\x0C\r ]*[0-9A-Za-z_]");
        assert_eq!(rewrite(r"[\w:-]+[^\s,]"), r"[0-9A-Za-z_:-]+[^\t\n\x0B\x0C\r ,]");
        assert_eq!(rewrite(r"\bid\b"), r"(?-u:\b)id(?-u:\b)");
        assert_eq!(rewrite(r"\D\S\W"), r"[^0-9][^\t\n\x0B\x0C\r ][^0-9A-Za-z_]");
    }

    #[test]
    fn other_escapes_and_literal_brackets_are_kept() {
        assert_eq!(rewrite(r"\{#\.\]\p{L}"), r"\{#\.\]\p{L}");
        assert_eq!(rewrite(r"[]\d][^]\s]x"), r"[]0-9][^]\t\n\x0B\x0C\r ]x");
        assert_eq!(rewrite(r"[a[\d]]\d"), r"[a[0-9]][0-9]");
        assert_eq!(rewrite("a\\"), "a\\");
    }

    #[test]
    fn ascii_forms_match_ascii_text_as_the_unicode_forms_do() {
        let patterns = [r"\b\w+\b", r"\d{1,2}\s+x", r"[\w-]+\s*=", r"[^\s,]+", r"(?:^|[^\w&/])#(\d+)\b"];
        let texts = ["a-b = 12 x", "#12, #3x", "x_y=1\t 22 x", "  , ,", "ab#1 c#22"];
        for p in patterns {
            let (unicode, ascii) = (Regex::new(p).unwrap(), compile(p));
            for t in texts {
                let found = |r: &Regex| r.find_iter(t).map(|m| m.range()).collect::<Vec<_>>();
                assert_eq!(found(&unicode), found(&ascii), "{p} on {t:?}");
            }
        }
    }

    #[test]
    fn small_patterns_compile_in_both_engines() {
        for p in crate::model::date::small_patterns() {
            let _ = (compile(&p), small(&p));
        }
    }

    // The two differ on exactly two characters: the regex crate's `(?i)` folds `ſ` (U+017F)
    // into `s` and the Kelvin sign (U+212A) into `k`, even with ASCII classes. Neither is
    // a letter any of these patterns means, so the text below leaves them out.
    proptest::proptest! {
        #[test]
        fn regex_lite_matches_as_the_ascii_regex_does(
            text in "([0-9]{1,4}|[a-zA-Z]{1,9}|Sept|April|aUg|v1\\.2\\.3|Release |version |#|X|st|th| |\t|,|;|&|and|_|-|/|\\.|\\(|\\)|\\[|\\]|:|–|é|K|ß)*"
        ) {
            static BOTH: std::sync::LazyLock<Vec<(String, Regex, Small)>> = std::sync::LazyLock::new(|| {
                crate::model::date::small_patterns().into_iter().map(|p| (p.clone(), compile(&p), small(&p))).collect()
            });
            for (p, full, lite) in BOTH.iter() {
                // Every match, with the range of each group.
                let full_groups: Vec<Vec<_>> =
                    full.captures_iter(&text).map(|c| c.iter().map(|m| m.map(|m| m.range())).collect()).collect();
                let lite_groups: Vec<Vec<_>> =
                    lite.captures_iter(&text).map(|c| c.iter().map(|m| m.map(|m| m.range())).collect()).collect();
                proptest::prop_assert_eq!(full_groups, lite_groups, "{} on {:?}", p, text);
            }
        }
    }

    #[test]
    fn non_ascii_letters_are_not_word_characters() {
        assert!(!compile(r"^\w$").is_match("é"));
        assert!(compile(r"\bx").is_match("éx"));
    }
}
