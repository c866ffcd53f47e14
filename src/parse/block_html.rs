//! kramdown's block HTML, shown to pulldown-cmark without moving a byte.
//!
//! kramdown (`parse_block_html: false`, Jekyll's default) keeps the content of a block-level
//! HTML element raw up to its matching end tag, blank lines and all, unless the element says
//! `markdown="1"` (or `"block"`), and then its content is Markdown even on the line right after
//! the tag. CommonMark ends an HTML block at the first blank line and parses what follows as
//! Markdown, and never parses the lines that follow the tag before a blank line. So, measured
//! with Jekyll: `<div>`, a blank line, `### Title`, a blank line, `</div>` gives no heading;
//! `<div markdown="1">` directly followed by `### Title` gives one.
//!
//! This pass rewrites the masked text of a Markdown page so pulldown-cmark reads both as
//! kramdown does, keeping every offset: inside a raw element, the line break before each blank
//! line becomes a space (one HTML block to the end tag); the line that ends an element is
//! blanked when a non-blank line follows it (`<div id="x">...</div>` then `## Heading`:
//! kramdown's heading), its anchors and links found here first; and so is a `markdown="1"`
//! start tag alone on its line when its content starts on the next line. Where a blank line
//! follows anyway, nothing is blanked, so the release notes quote the HTML whole. Text after an
//! end tag on its line (`</div> more`) is a paragraph to kramdown: the line up to the end tag is
//! blanked, a line break last. Start tags spread over several lines are left as they are.

use std::ops::Range;

use super::html::{self, HtmlItem};
use crate::span::LineIndex;

/// CommonMark's block-level tag names (HTML blocks of type 6) that hold content: where both
/// parsers start an HTML block.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "html",
    "iframe",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "p",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements kramdown also reads as block HTML (it so reads every element that is not one of
/// its span elements) that CommonMark does not list in type 6, with an end tag and content:
/// pulldown-cmark starts a type-7 HTML block at such a tag alone on its line, which runs on past
/// the end tag to the next blank line, so `</object>` then `### Heading` would hide the
/// heading. (`script`, `style`, `pre` and `textarea` are type 1, which ends at the end tag.)
const KRAMDOWN_BLOCK_TAGS: &[&str] =
    &["audio", "canvas", "font", "map", "math", "noscript", "object", "picture", "svg", "video"];

/// An element's start tag at the start of a line.
struct StartTag {
    /// As written (its end tag is looked for in the same case).
    name: String,
    /// Just past its `>`.
    end: usize,
    /// Its `markdown` attribute asks for Markdown content (`"1"` or `"block"`).
    markdown: bool,
}

/// Rewrites `masked` (a Markdown page's text, Liquid masked, same offsets as `original`) as
/// described in the module doc; returns the anchors and links of the start tags it blanked.
pub fn kramdown_blocks(masked: &mut String, original: &str, line_starts: Option<&[usize]>) -> Vec<HtmlItem> {
    let mut items = Vec::new();
    let text = masked.as_str();
    let bytes = text.as_bytes();
    let computed;
    let line_starts = match line_starts {
        Some(starts) => starts,
        None => {
            computed = LineIndex::new(text);
            computed.starts()
        }
    };
    // Only `<` and a letter at a line's start (after up to three spaces) can start an element:
    // most pages have few, and a page is not walked line by line to find them.
    let starts = line_start_tags(bytes, line_starts);
    if starts.is_empty() {
        return items;
    }
    let fences = fenced_code(text);
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut join: Vec<usize> = Vec::new();
    let mut breaks: Vec<usize> = Vec::new();
    let mut finders = Finders::default();
    // Candidates before `pos` are inside an element already read.
    let mut pos = 0;
    for start in starts {
        if start < pos || fences.iter().any(|f| f.contains(&start)) {
            continue;
        }
        if let Some(end) = lone_span_tag(text, start) {
            // CommonMark starts an HTML block (type 7) at a tag alone on its line and runs it
            // to the next blank line; kramdown reads a span element's tag as text of a
            // paragraph, so a heading on the next line is a heading (`<br>`, then `## Title`).
            // The line becomes blank, its anchors and links found here first.
            if starts_block(bytes, start) && followed_by_text(text, end) {
                html::scan(text, original, start..end, &mut items);
                blank.push(start..end);
            }
            continue;
        }
        let Some(tag) = start_tag(text, start) else { continue };
        let tag_line_end = line_end(text, tag.end);
        let Some((close_start, close_end)) = finders.matching_close(text, tag.end, &tag.name) else { continue };
        let close_line_start = text[..close_start].rfind('\n').map_or(0, |i| i + 1);
        let close_line_end = line_end(text, close_end);
        let ends_line = text[close_end..close_line_end].trim().is_empty();
        // CommonMark's HTML block runs on to the next blank line; kramdown's element ends at its
        // end tag, and a heading on the next line is a heading. So the line that ends the element
        // becomes blank (its anchors and links found here first) when Markdown follows it.
        let followed = ends_line && followed_by_text(text, close_line_end);
        // Text after the end tag on its line (`</div> more`) is a paragraph of its own to
        // kramdown, and the line after it is Markdown: the line up to the end tag becomes blank
        // with a line break last, so that text starts a paragraph (never indented code).
        let trailing = text[close_end..close_line_end].trim_start();
        if !trailing.is_empty() && !trailing.starts_with('<') {
            if close_line_start <= start {
                html::scan(text, original, start..close_end, &mut items);
            } else {
                if !text[close_line_start..close_start].trim().is_empty() {
                    html::scan(text, original, close_line_start..close_end, &mut items);
                }
                if !tag.markdown {
                    join_blank_lines(bytes, tag_line_end, close_line_start, &mut join);
                }
            }
            blank.push(close_line_start..close_end);
            breaks.push(close_end - 1);
            pos = close_line_end + 1;
            continue;
        }
        if close_line_start <= start {
            // The element is written on one line.
            if followed {
                html::scan(text, original, start..close_end, &mut items);
                blank.push(close_line_start..close_line_end);
            }
            pos = close_line_end + 1;
            continue;
        }
        // Only where Markdown follows directly: elsewhere the blank line after the end tag ends
        // both blocks alike, and the end tag stays in the text the release notes quote.
        let blank_close = followed;
        if followed && !text[close_line_start..close_start].trim().is_empty() {
            html::scan(text, original, close_line_start..close_end, &mut items);
        }
        if tag.markdown {
            if text[tag.end..tag_line_end].trim().is_empty() && followed_by_text(text, tag_line_end) {
                html::scan(text, original, start..tag.end, &mut items);
                blank.push(start..tag.end);
            }
            if blank_close {
                blank.push(close_line_start..close_line_end);
            }
            pos = tag_line_end + 1;
            continue;
        }
        // Raw content: no blank line may end the HTML block before the end tag.
        join_blank_lines(bytes, tag_line_end, close_line_start, &mut join);
        if blank_close {
            blank.push(close_line_start..close_line_end);
        }
        pos = close_line_end + 1;
    }
    if blank.is_empty() && join.is_empty() {
        return items;
    }
    let mut bytes = std::mem::take(masked).into_bytes();
    for range in blank {
        for b in &mut bytes[range] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    for at in breaks {
        bytes[at] = b'\n';
    }
    for newline in join {
        // `newline` is the `\n` ending a line (a `\r` before it ends it too).
        bytes[newline] = b' ';
        if newline > 0 && bytes[newline - 1] == b'\r' {
            bytes[newline - 1] = b' ';
        }
    }
    // Only ASCII bytes (and whole lines' worth of them) were replaced by spaces.
    *masked = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    items
}

/// Records the line break before each blank line between the tag's line (ending at
/// `tag_line_end`) and the line starting at `close_line_start`, to be joined into one HTML block.
fn join_blank_lines(bytes: &[u8], tag_line_end: usize, close_line_start: usize, join: &mut Vec<usize>) {
    let mut at = tag_line_end + 1;
    let mut previous_end = tag_line_end;
    while at < close_line_start {
        let e = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        if is_blank(&bytes[at..e]) {
            join.push(previous_end);
        }
        previous_end = e;
        at = e + 1;
    }
}

/// The offset of the `\n` ending the line that holds `at`, or the text's length.
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at.min(text.len())..]).map_or(text.len(), |i| at + i)
}

/// Whether byte `i` starts its line's text: after a line break (or the text's start) and up
/// to three spaces.
fn at_line_start(bytes: &[u8], i: usize) -> bool {
    let spaces = bytes[..i].iter().rev().take(4).take_while(|&&b| b == b' ').count();
    spaces <= 3 && (i == spaces || bytes[i - spaces - 1] == b'\n')
}

/// The byte ranges of fenced code blocks (```` ``` ```` or `~~~`, at a line's start), an
/// unclosed one running to the end.
fn fenced_code(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut open: Option<(u8, usize, usize)> = None;
    for i in memchr::memchr2_iter(b'`', b'~', bytes).filter(|&i| at_line_start(bytes, i)) {
        let rest = &text[i..line_end(text, i)];
        match open {
            None => {
                if let Some((ch, n)) = opens_fence(rest) {
                    open = Some((ch, n, i));
                }
            }
            Some((ch, n, from)) => {
                if closes_fence(rest, ch, n) {
                    ranges.push(from..line_end(text, i));
                    open = None;
                }
            }
        }
    }
    if let Some((_, _, from)) = open {
        ranges.push(from..bytes.len());
    }
    ranges
}

fn opens_fence(rest: &str) -> Option<(u8, usize)> {
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == ch).count();
    (n >= 3 && !(ch == b'`' && rest[n..].contains('`'))).then_some((ch, n))
}

fn closes_fence(rest: &str, ch: u8, n: usize) -> bool {
    let run = rest.bytes().take_while(|&b| b == ch).count();
    run >= n && rest[run..].trim().is_empty()
}

/// The start tag of a block element with content at `at`, when it ends on its line.
fn start_tag(text: &str, at: usize) -> Option<StartTag> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'<') {
        return None;
    }
    let name_len = bytes[at + 1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    let name = &text[at + 1..at + 1 + name_len];
    if !BLOCK_TAGS.iter().chain(KRAMDOWN_BLOCK_TAGS).any(|t| t.eq_ignore_ascii_case(name)) {
        return None;
    }
    let after = at + 1 + name_len;
    if !matches!(bytes.get(after), Some(b' ' | b'\t' | b'>' | b'\r' | b'\n') | None) {
        return None;
    }
    let end = tag_end(bytes, after).filter(|&e| !text[at..e].contains('\n'))?;
    if bytes[end - 2] == b'/' {
        return None;
    }
    let markdown =
        markdown_attribute(&text[after..end - 1]).is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("block"));
    Some(StartTag { name: name.to_string(), end, markdown })
}

/// Just past the `>` that ends the tag whose attributes start at `from` (quotes respected).
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The value of a `markdown` attribute among `attributes`.
fn markdown_attribute(attributes: &str) -> Option<&str> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("markdown").map(|i| from + i) {
        from = i + "markdown".len();
        if i > 0 && !lower.as_bytes()[i - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = attributes[from..].trim_start();
        let Some(value) = rest.strip_prefix('=') else { continue };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or(""),
        });
    }
    None
}

/// Substring searchers for the start and end tags of each element name met on a page.
#[derive(Default)]
struct Finders {
    by_name: Vec<(String, memchr::memmem::Finder<'static>, memchr::memmem::Finder<'static>)>,
}

impl Finders {
    /// The end tag closing the element `name` (as written in its start tag) whose content
    /// starts at `from`, elements of the same name nesting: `(start, just past its >)`.
    /// Searched for as text (memchr's substring search), not tag by tag.
    fn matching_close(&mut self, text: &str, from: usize, name: &str) -> Option<(usize, usize)> {
        let i = match self.by_name.iter().position(|(n, _, _)| n == name) {
            Some(i) => i,
            None => {
                let open = memchr::memmem::Finder::new(format!("<{name}").as_bytes()).into_owned();
                let close = memchr::memmem::Finder::new(format!("</{name}").as_bytes()).into_owned();
                self.by_name.push((name.to_string(), open, close));
                self.by_name.len() - 1
            }
        };
        let (_, open, close) = &self.by_name[i];
        let bytes = text.as_bytes();
        // A name ends where no letter or digit follows (`<div` is not `<divider`).
        let ends_name = |at: usize| !bytes.get(at).is_some_and(u8::is_ascii_alphanumeric);
        let mut depth = 1usize;
        let mut pos = from;
        loop {
            let c = pos + close.find(&bytes[pos..])?;
            if !ends_name(c + 2 + name.len()) {
                pos = c + 2;
                continue;
            }
            // Elements of the same name opened before this end tag nest.
            for o in open.find_iter(&bytes[pos..c]).map(|o| pos + o) {
                if ends_name(o + 1 + name.len()) && tag_end(bytes, o + 1).is_some_and(|e| bytes[e - 2] != b'/') {
                    depth += 1;
                }
            }
            depth -= 1;
            let end = tag_end(bytes, c + 2)?;
            if depth == 0 {
                return Some((c, end));
            }
            pos = end;
        }
    }
}

/// Whether the line after the one ending at `line_end` holds something (CommonMark would take
/// it into an HTML block that line starts or continues).
fn followed_by_text(text: &str, line_end_at: usize) -> bool {
    let next = (line_end_at + 1).min(text.len());
    !is_blank(&text.as_bytes()[next..line_end(text, next)])
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

/// Where a `<` and a letter (or `</` and a letter) start a line's text (after up to three
/// spaces), in order: the places an element, or a tag alone on its line, can start.
fn line_start_tags(bytes: &[u8], line_starts: &[usize]) -> Vec<usize> {
    line_starts
        .iter()
        .filter_map(|&s| {
            let spaces = bytes.get(s..)?.iter().take(4).take_while(|&&b| b == b' ').count();
            let at = s + spaces;
            let name_at = at + 1 + usize::from(bytes.get(at + 1) == Some(&b'/'));
            (spaces <= 3 && bytes.get(at) == Some(&b'<') && bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic))
                .then_some(at)
        })
        .collect()
}

/// kramdown's span elements: their tags are text of a paragraph, never block HTML.
/// (`textarea` is left out: CommonMark's type 1 ends at its end tag as kramdown does.)
const SPAN_TAGS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em", "i", "img", "input",
    "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt", "rtc", "ruby", "s", "samp", "select",
    "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var",
];

/// The end of the line at `at` when that line holds one tag of a span element and nothing
/// else (`<br>`, `<i>`, `</span>`, `<a href="x.html">`): where CommonMark starts an HTML block
/// of type 7 that kramdown does not.
fn lone_span_tag(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = line_end(text, at);
    let closing = bytes.get(at + 1) == Some(&b'/');
    let name_start = at + 1 + usize::from(closing);
    let name_len = bytes[name_start..end].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
    let name = &text[name_start..name_start + name_len];
    if !SPAN_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
        return None;
    }
    let after = name_start + name_len;
    if !matches!(bytes.get(after), Some(b' ' | b'\t' | b'>' | b'/')) {
        return None;
    }
    let close = tag_end(bytes, after).filter(|&e| e <= end)?;
    // An end tag has no attributes.
    let bare = !closing || is_blank(&bytes[after..close - 1]);
    (bare && is_blank(&bytes[close..end])).then_some(end)
}

/// Whether an HTML block may start on the line at `at`: CommonMark's type 7 cannot interrupt
/// a paragraph, so the line before must be blank, a heading, or none.
fn starts_block(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    if line_start == 0 {
        return true;
    }
    let previous_start = memchr::memrchr(b'\n', &bytes[..line_start - 1]).map_or(0, |i| i + 1);
    let previous = &bytes[previous_start..line_start - 1];
    is_blank(previous) || previous.trim_ascii_start().starts_with(b"#")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(text: &str) -> (String, Vec<HtmlItem>) {
        let mut masked = text.to_string();
        let items = kramdown_blocks(&mut masked, text, None);
        assert_eq!(masked.len(), text.len());
        (masked, items)
    }

    #[test]
    fn raw_element_content_stays_one_html_block_up_to_its_end_tag() {
        let (m, _) = rewrite("<div>\n\n### Raw\n\n</div>\n### After\n");
        assert_eq!(m, "<div> \n### Raw \n      \n### After\n");
    }

    #[test]
    fn the_line_ending_an_element_gives_way_to_the_markdown_right_after_it() {
        let text = "<div id=\"one\">x</div>\n## After\n\n<div>\n<a href=\"b.html\">b</a></div>\n## Next\n";
        let (m, items) = rewrite(text);
        let one = "<div id=\"one\">x</div>".len();
        let last = "<a href=\"b.html\">b</a></div>".len();
        assert_eq!(m, format!("{}\n## After\n\n<div>\n{}\n## Next\n", " ".repeat(one), " ".repeat(last)));
        assert!(matches!(&items[0], HtmlItem::Anchor { id, offset: 0 } if id == "one"), "{items:?}");
        assert!(matches!(&items[1], HtmlItem::Link { written, .. } if written == "b.html"), "{items:?}");
        // Followed by a blank line, a one-line element stays.
        let text = "<div>one line</div>\n\n## H\n";
        assert_eq!(rewrite(text).0, text);
    }

    #[test]
    fn text_after_an_end_tag_starts_a_paragraph() {
        // kramdown: `<div id="x">x</div>`, then a paragraph `trailing`, then the heading.
        let (m, items) = rewrite("<div id=\"x\">x</div> trailing\n## H\n");
        assert_eq!(m, format!("{}\n trailing\n## H\n", " ".repeat(18)));
        assert!(matches!(&items[0], HtmlItem::Anchor { id, offset: 0 } if id == "x"), "{items:?}");
        // Over several lines, the raw content stays one block; the end tag's line gives way.
        let (m, _) = rewrite("<div>\n\n## Raw\n</div> tail\n## H\n");
        assert_eq!(m, "<div> \n## Raw\n     \n tail\n## H\n");
        // Another tag after the end tag is left alone.
        let text = "<div>x</div><div>y</div>\n## H\n";
        assert_eq!(rewrite(text).0, text);
    }

    #[test]
    fn a_less_than_sign_in_the_content_is_text() {
        let (m, _) = rewrite("<div>\n\n1 < 2\n\n</div>\n");
        assert_eq!(m, "<div> \n1 < 2 \n</div>\n");
    }

    #[test]
    fn crlf_line_breaks_are_joined_whole() {
        let (m, _) = rewrite("<div>\r\n\r\n### Raw\r\n</div>\r\n## After\r\n");
        assert_eq!(m, "<div>  \r\n### Raw\r\n      \r\n## After\r\n");
    }

    #[test]
    fn a_markdown_element_loses_its_tags_but_keeps_its_anchors() {
        let (m, items) = rewrite("<div id=\"tab\" markdown=\"1\">\n### Shown\n<div>\n\n## Raw\n\n</div>\n</div>\n");
        let tag = "<div id=\"tab\" markdown=\"1\">";
        // The outer end tag is the last line: nothing follows it, so it stays.
        assert_eq!(m, format!("{}\n### Shown\n<div> \n## Raw \n      \n</div>\n", " ".repeat(tag.len())));
        assert!(matches!(&items[..], [HtmlItem::Anchor { id, offset: 0 }] if id == "tab"), "{items:?}");
    }

    #[test]
    fn one_line_elements_code_fences_and_unclosed_elements_are_left_alone() {
        for text in [
            "<div>one line</div>\n\n## H\n",
            "```\n<div>\n\n## In code\n\n</div>\n```\n",
            "<div>\n\n## Never closed\n",
            "<div>\n\n1 < 2 and <b>bold</b>\n",
            "<span>\n\n## Span\n\n</span>\n",
            "    <div>\n\n## Indented code\n\n</div>\n",
        ] {
            assert_eq!(rewrite(text).0, text);
        }
    }

    #[test]
    fn nested_elements_of_the_same_name_find_the_right_end_tag() {
        let (m, _) = rewrite("<div>\n<div>\n\n</div>\n<divider/>\n\nx\n</div>\n## After\n");
        assert_eq!(m, "<div>\n<div> \n</div>\n<divider/> \nx\n      \n## After\n");
    }
}
