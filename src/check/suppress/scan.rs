//! Reading the suppression comments of one page: `<!-- specnotes-... -->` outside code.
//!
//! Only pages whose text mentions `specnotes-` get here, so the extra work (masking Liquid
//! again so `{% comment %}` hides a directive, one Markdown pass for code ranges) is paid by
//! the few pages that use suppressions. Comments are found in the Liquid-masked text, which
//! keeps every byte offset of the file.

use std::ops::Range;
use std::sync::LazyLock;

use memchr::memmem;
use pulldown_cmark::{Event, Parser, Tag};
use regex::Regex;

use crate::load::Page;
use crate::parse::{cmark_options, mask};

/// What a suppression comment asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    /// `specnotes-disable-next-line`: the next non-blank line.
    NextLine,
    /// `specnotes-disable`: from here to the matching `specnotes-enable` or the end of the file.
    Disable,
    /// `specnotes-enable`: ends a `specnotes-disable`.
    Enable,
    /// `specnotes-disable-file`: the whole file, front matter included.
    DisableFile,
}

/// The directive words, as written in a comment.
pub const DIRECTIVES: [(&str, Directive); 4] = [
    ("specnotes-disable-next-line", Directive::NextLine),
    ("specnotes-disable", Directive::Disable),
    ("specnotes-enable", Directive::Enable),
    ("specnotes-disable-file", Directive::DisableFile),
];

/// One `<!-- specnotes-... -->` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The first word, e.g. `specnotes-disable`.
    pub word: String,
    /// What the word means; `None` for an unknown `specnotes-` word.
    pub directive: Option<Directive>,
    /// Byte range of the whole comment, `<!--` to `-->` included.
    pub range: Range<usize>,
    /// Byte offset of the first word.
    pub word_offset: usize,
    /// The rule names listed (before any `--` reason), each with its byte offset.
    pub names: Vec<(String, usize)>,
}

/// A word of a comment: rule names are separated by commas and/or white space.
static WORD: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r"[^\s,]+"));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&WORD);
}

/// The suppression comments of `page` in file order, skipping those in code.
pub fn comments(page: &Page) -> Vec<Comment> {
    let text = page.source.text.as_str();
    let masked = mask::mask(text, page.body_start);
    let bytes = masked.text.as_bytes();
    // The Markdown pass for code ranges is paid only by pages that hold a comment.
    let mut code: Option<Vec<Range<usize>>> = None;
    let mut found = Vec::new();
    let mut pos = page.body_start.min(bytes.len());
    while let Some(start) = memmem::find(&bytes[pos..], b"<!--").map(|i| pos + i) {
        if inside(code.get_or_insert_with(|| code_ranges(page, &masked)), start) {
            // `<!--` quoted in code opens nothing: look for the next one.
            pos = start + 4;
            continue;
        }
        let Some(end) = memmem::find(&bytes[start + 4..], b"-->").map(|i| start + 4 + i + 3) else {
            break;
        };
        pos = end;
        found.extend(read_comment(&masked.text, start..end));
    }
    found
}

/// The comment at `range` if it starts with a `specnotes-` word.
fn read_comment(text: &str, range: Range<usize>) -> Option<Comment> {
    let inner_start = range.start + 4;
    let inner = &text[inner_start..range.end - 3];
    let mut words = WORD.find_iter(inner);
    let first = words.next()?;
    if !first.as_str().starts_with("specnotes-") {
        return None;
    }
    let directive = DIRECTIVES.iter().find(|(w, _)| *w == first.as_str()).map(|(_, d)| *d);
    let names =
        words.take_while(|w| w.as_str() != "--").map(|w| (w.as_str().to_string(), inner_start + w.start())).collect();
    Some(Comment {
        word: first.as_str().to_string(),
        directive,
        range,
        word_offset: inner_start + first.start(),
        names,
    })
}

/// Byte ranges where a comment is text, not markup: Markdown code blocks and code spans, and
/// Liquid `{% highlight %}` blocks; sorted and merged.
fn code_ranges(page: &Page, masked: &mask::Masked) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    if page.markdown {
        let body_start = page.body_start.min(page.source.text.len());
        let body = &page.source.text[body_start..];
        for (event, r) in Parser::new_ext(body, cmark_options()).into_offset_iter() {
            if matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)) {
                ranges.push(body_start + r.start..body_start + r.end);
            }
        }
    }
    let mut open = None;
    for tag in &masked.tags {
        match tag.name() {
            "highlight" => open = open.or(Some(tag.range.start)),
            "endhighlight" => ranges.extend(open.take().map(|start| start..tag.range.end)),
            _ => {}
        }
    }
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether `offset` lies in one of the sorted, disjoint `ranges`.
fn inside(ranges: &[Range<usize>], offset: usize) -> bool {
    let after = ranges.partition_point(|r| r.start <= offset);
    after > 0 && ranges[after - 1].contains(&offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tests::page;

    fn words(body: &str, path: &str) -> Vec<(String, Vec<String>)> {
        comments(&page(path, body))
            .into_iter()
            .map(|c| (c.word, c.names.into_iter().map(|(n, _)| n).collect()))
            .collect()
    }

    #[test]
    fn names_are_split_on_commas_and_spaces_and_stop_at_a_reason() {
        let body = "x <!-- specnotes-disable-next-line broken-link,placeholder  ticket-link -- fixed in 1.7 -->\n";
        let found = comments(&page("p.md", body));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].directive, Some(Directive::NextLine));
        assert_eq!(found[0].range, 2..body.len() - 1);
        assert_eq!(found[0].word_offset, 7);
        let names: Vec<(&str, usize)> = found[0].names.iter().map(|(n, o)| (n.as_str(), *o)).collect();
        assert_eq!(names, [("broken-link", 35), ("placeholder", 47), ("ticket-link", 60)]);
    }

    #[test]
    fn other_comments_and_unknown_words_are_told_apart() {
        let body = "<!-- a note -->\n<!--specnotes-enable-->\n<!-- specnotes-ignore x -->\n";
        assert_eq!(
            words(body, "p.md"),
            [("specnotes-enable".to_string(), vec![]), ("specnotes-ignore".to_string(), vec!["x".to_string()])]
        );
        assert_eq!(comments(&page("p.md", body))[1].directive, None);
    }

    #[test]
    fn comments_in_fences_indented_code_spans_highlight_and_liquid_comments_do_not_count() {
        let body = "```\n<!-- specnotes-disable a -->\n```\n\n    <!-- specnotes-disable b -->\n\n\
`<!-- specnotes-disable c -->`\n\n{% highlight html %}\n<!-- specnotes-disable d -->\n{% endhighlight %}\n\
{% comment %}<!-- specnotes-disable e -->{% endcomment %}\n<!-- specnotes-disable f -->\n";
        assert_eq!(words(body, "p.md"), [("specnotes-disable".to_string(), vec!["f".to_string()])]);
    }

    #[test]
    fn an_opening_quoted_in_a_code_span_does_not_swallow_the_next_comment() {
        let body = "Write `<!--` to open a comment.\n<!-- specnotes-disable-file placeholder -->\n";
        assert_eq!(words(body, "p.md"), [("specnotes-disable-file".to_string(), vec!["placeholder".to_string()])]);
    }

    #[test]
    fn html_pages_use_the_same_comments_without_markdown_code() {
        let body = "<p>x</p>\n    <!-- specnotes-disable-file placeholder -->\n";
        assert_eq!(words(body, "p.html"), [("specnotes-disable-file".to_string(), vec!["placeholder".to_string()])]);
    }

    #[test]
    fn an_unclosed_comment_ends_the_scan_without_panicking() {
        assert!(words("<!-- specnotes-disable a", "p.md").is_empty());
        assert!(words("<!--", "p.md").is_empty());
    }
}
