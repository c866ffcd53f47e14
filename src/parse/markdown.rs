//! The Markdown pass: one pulldown-cmark walk over the masked page text.
//!
//! Collects headings with the plain text kramdown's GFM parser would use for
//! their ids, links (with the target as written in the *original* text, so
//! Liquid stays visible), footnote anchors, and raw HTML for [`super::html`].
//! Everything is recorded as byte offsets into the file.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

use super::html::{self, HtmlItem};

/// Whether the heading starting at `start` is an ATX heading (`## Title`) indented by a space or
/// more: CommonMark allows three, but kramdown starts an ATX header only in the first column, so
/// it renders the line as paragraph text, with no id.
fn indented_atx(masked: &str, start: usize) -> bool {
    let line_start = masked[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = &masked[line_start..];
    let content = line.trim_start_matches([' ', '\t']);
    let after_marks = content.trim_start_matches('#');
    content.len() < line.len() && after_marks.len() < content.len() && after_marks.starts_with([' ', '\t', '\n', '\r'])
}

/// A heading as found in the Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawHeading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text (text, code, decoded entities; typographic symbols as kramdown renders them).
    pub text: String,
    /// Byte range in the file.
    pub range: Range<usize>,
}

/// A Markdown link or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawLink {
    /// Target as written in the original text.
    pub written: String,
    /// Plain text of the link, or alt text.
    pub text: String,
    /// Start of the link.
    pub offset: usize,
    /// `![..](..)`.
    pub image: bool,
}

/// What the Markdown pass found.
#[derive(Debug, Default)]
pub struct MarkdownFindings {
    /// Headings in order.
    pub headings: Vec<RawHeading>,
    /// Markdown links in order.
    pub links: Vec<RawLink>,
    /// Footnote anchors (`fnref:x`, `fn:x`) with their offsets.
    pub footnotes: Vec<(String, usize)>,
    /// Raw HTML items in order.
    pub html: Vec<HtmlItem>,
}

struct OpenLink {
    raw: RawLink,
    in_heading: bool,
}

/// Sees every event of a Markdown pass, with its byte range.
pub type Observer<'o> = &'o mut dyn FnMut(&Event<'_>, Range<usize>);

/// Walks `masked` (same offsets as `original`) with pulldown-cmark.
pub fn walk(masked: &str, original: &str) -> MarkdownFindings {
    walk_observed(masked, original, None)
}

/// [`walk`], also handing each event to `observer` before reading it.
pub fn walk_observed(masked: &str, original: &str, observer: Option<Observer<'_>>) -> MarkdownFindings {
    walk_with(masked, original, observer, true)
}

/// [`walk_observed`]; `in_html` says whether to read the Markdown in HTML elements that ask
/// for it ([`markdown_in_html`]), which the walk of such content does not.
fn walk_with(masked: &str, original: &str, mut observer: Option<Observer<'_>>, in_html: bool) -> MarkdownFindings {
    let mut out = MarkdownFindings::default();
    let mut iter = Parser::new_ext(masked, super::cmark_options()).into_offset_iter();
    let mut heading: Option<RawHeading> = None;
    let mut links: Vec<OpenLink> = Vec::new();
    let mut html_block: Option<usize> = None;
    // Nesting in list items, block quotes and footnotes, where a block's column is its
    // container's.
    let mut containers = 0usize;
    let mut referenced = std::collections::HashMap::new();
    let mut definitions = Vec::new();
    // Text outside code and links, merged where one run follows another: where kramdown still
    // finds a link CommonMark does not (a target with spaces).
    let mut runs: Vec<Range<usize>> = Vec::new();
    let track_runs = may_have_spaced_links(masked);
    let mut in_code_block = false;
    while let Some((event, range)) = iter.next() {
        if let Some(observe) = observer.as_mut() {
            observe(&event, range.clone());
        }
        let is_code = matches!(event, Event::Code(_));
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some(RawHeading { level: level as u8, text: String::new(), range });
            }
            Event::End(TagEnd::Heading(_)) => {
                let h = heading.take();
                out.headings.extend(h.filter(|h| containers > 0 || !indented_atx(masked, h.range.start)));
            }
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                containers += 1;
                if let Event::Start(Tag::FootnoteDefinition(label)) = &event {
                    definitions.push((label.to_string(), range.start));
                }
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                containers = containers.saturating_sub(1);
            }
            Event::Start(Tag::Link { link_type, dest_url, id, .. } | Tag::Image { link_type, dest_url, id, .. }) => {
                let image = masked[range.start..].starts_with('!');
                let written = match link_type {
                    LinkType::Inline => inline_written(masked, original, range.clone()),
                    LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => iter
                        .reference_definitions()
                        .get(&id)
                        .map(|d| definition_written(masked, original, d.span.clone()))
                        .unwrap_or_else(|| dest_url.to_string()),
                    // `<team@example.org>`: kramdown links it as `mailto:`.
                    LinkType::Email if !dest_url.starts_with("mailto:") => format!("mailto:{dest_url}"),
                    _ => dest_url.to_string(),
                };
                let raw = RawLink { written, text: String::new(), offset: range.start, image };
                links.push(OpenLink { raw, in_heading: heading.is_some() });
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(mut open) = links.pop() {
                    open.raw.text = open.raw.text.trim().to_string();
                    out.links.push(open.raw);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) | Event::Code(t) => {
                if track_runs && !is_code && !in_code_block && links.is_empty() {
                    match runs.last_mut() {
                        Some(last) if last.end == range.start => last.end = range.end,
                        _ => runs.push(range.clone()),
                    }
                }
                if let Some(h) = heading.as_mut() {
                    if !links.last().is_some_and(|l| l.raw.image && l.in_heading) {
                        if is_code { h.text.push_str(&t) } else { push_typographic(&mut h.text, &t) }
                    }
                }
                for l in &mut links {
                    l.raw.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                for l in &mut links {
                    l.raw.text.push(' ');
                }
            }
            Event::Start(Tag::HtmlBlock) => html_block = Some(range.start),
            Event::End(TagEnd::HtmlBlock) => {
                let start = html_block.take().unwrap_or(range.start);
                html::scan(masked, original, start..range.end, &mut out.html);
                if in_html && memchr::memmem::find(&masked.as_bytes()[start..range.end], b"markdown=").is_some() {
                    markdown_in_html(masked, original, start..range.end, &mut out.links);
                }
            }
            Event::InlineHtml(_) | Event::Html(_) if html_block.is_none() => {
                html::scan(masked, original, range, &mut out.html);
            }
            Event::FootnoteReference(label) => {
                // kramdown numbers repeated references: fnref:1, fnref:1:1, fnref:1:2...
                let seen = referenced.entry(label.to_string()).or_insert(0usize);
                let id = match *seen {
                    0 => format!("fnref:{label}"),
                    n => format!("fnref:{label}:{n}"),
                };
                *seen += 1;
                out.footnotes.push((id, range.start));
            }
            _ => {}
        }
    }
    let spaced: Vec<RawLink> = runs
        .iter()
        .filter(|r| memchr::memmem::find(&masked.as_bytes()[r.start..r.end], b"](").is_some())
        .flat_map(|r| spaced_links(masked, original, r))
        .collect();
    out.links.extend(spaced);
    if !out.links.is_sorted_by_key(|l| l.offset) {
        out.links.sort_by_key(|l| l.offset);
    }
    // kramdown renders only the footnotes that are referenced.
    for (label, offset) in definitions {
        if referenced.contains_key(&label) {
            out.footnotes.push((format!("fn:{label}"), offset));
        }
    }
    out
}

/// The Markdown links in the content of the elements of an HTML block that say
/// `markdown="span"` (or `"1"`, `"block"`), which kramdown parses as Markdown
/// (`<div markdown="span" class="alert">See [the guide](guide.html)</div>`, the family's
/// callouts); CommonMark keeps the block raw. The content is read as one line of span-level
/// Markdown, up to the element's end tag or the end of the block.
fn markdown_in_html(masked: &str, original: &str, block: Range<usize>, links: &mut Vec<RawLink>) {
    let bytes = masked.as_bytes();
    // Every search below starts where the last one stopped, so a block is read once however
    // many attributes it holds; an element inside one already read is part of its content.
    let mut from = block.start;
    while let Some(at) = memchr::memmem::find(&bytes[from..block.end], b"markdown=").map(|i| from + i) {
        let searched = from;
        from = at + 9;
        let Some(open) = memchr::memrchr(b'<', &bytes[searched..at]).map(|i| searched + i) else { continue };
        let name_len = bytes[open + 1..at].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 || bytes[open + 1..at].contains(&b'>') {
            continue;
        }
        let value = &bytes[at + 9..block.end];
        let value = &value[value.iter().take_while(|&&b| b == b'"' || b == b'\'').count().min(1)..];
        if ![&b"1"[..], b"span", b"block"].iter().any(|v| value.starts_with(v)) {
            continue;
        }
        let Some(content_start) = memchr::memchr(b'>', &bytes[at..block.end]).map(|i| at + i + 1) else { break };
        let close = format!("</{}", &masked[open + 1..open + 1 + name_len]);
        let content_end = memchr::memmem::find(&bytes[content_start..block.end], close.as_bytes())
            .map_or(block.end, |i| content_start + i);
        from = content_end;
        let lead = bytes[content_start..content_end].iter().take_while(|b| b.is_ascii_whitespace()).count();
        let range = content_start + lead..content_end;
        if range.is_empty() || memchr::memmem::find(&bytes[range.clone()], b"](").is_none() {
            continue;
        }
        // One line, same length: offsets map back by adding the content's start. Elements
        // nested in the content are not read again (the walk goes one level deep).
        let flat = |s: &str| s.replace(['\n', '\r'], " ");
        let found = walk_with(&flat(&masked[range.clone()]), &flat(&original[range.clone()]), None, false);
        links.extend(found.links.into_iter().map(|l| RawLink { offset: l.offset + range.start, ..l }));
    }
}

/// Whether `text` has a `](` followed on its line by a `)` with a space or tab before it: a
/// cheap superset of the places [`spaced_links`] finds links, so most pages skip tracking
/// their text runs.
fn may_have_spaced_links(text: &str) -> bool {
    let bytes = text.as_bytes();
    targets(bytes, 0..bytes.len()).any(|(at, close)| {
        bytes.get(close) == Some(&b')') && bytes[at + 2..close].trim_ascii().iter().any(|&b| b == b' ' || b == b'\t')
    })
}

/// Each `](` in `range` of `bytes` with where what follows it stops: the next `)`, line break,
/// or the range's end. A `](` with another before that stop is skipped (its target would hold
/// it), so the stretches are disjoint and the walk is linear however the text is written.
fn targets(bytes: &[u8], range: Range<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut found = memchr::memmem::find_iter(&bytes[range.clone()], b"](").map(move |i| range.start + i).peekable();
    let end = range.end;
    std::iter::from_fn(move || {
        loop {
            let at = found.next()?;
            // Searched only up to the next `](`: a stop beyond it makes this one's target hold
            // that `](`, and it is skipped.
            let limit = found.peek().copied().unwrap_or(end);
            match memchr::memchr2(b')', b'\n', &bytes[at + 2..limit]) {
                Some(i) => return Some((at, at + 2 + i)),
                None if limit == end => return Some((at, end)),
                None => continue,
            }
        }
    })
}

/// The inline links and images of a run of plain text whose target has a space in it
/// (`[spec](Our Spec.pdf)`, `![map](images/Site map.png)`): CommonMark leaves them text, kramdown
/// links them, space and all (measured with Jekyll). A title after the target (`"t"`) is its
/// title, as kramdown reads it.
fn spaced_links(masked: &str, original: &str, run: &Range<usize>) -> Vec<RawLink> {
    let bytes = masked.as_bytes();
    let mut found = Vec::new();
    // The last `[` and `]` before the current `](`, found stretch by stretch (linear).
    let (mut scanned, mut last_open, mut last_close) = (run.start, None, None);
    for (at, close) in targets(bytes, run.clone()) {
        if let Some(i) = memchr::memrchr(b'[', &bytes[scanned..at]) {
            last_open = Some(scanned + i);
        }
        if let Some(i) = memchr::memrchr(b']', &bytes[scanned..at]) {
            last_close = Some(scanned + i);
        }
        scanned = at;
        let Some(open) = last_open.filter(|&o| last_close.is_none_or(|c| c < o)) else { continue };
        if bytes.get(close) != Some(&b')') {
            continue;
        }
        let inside = original[at + 2..close].trim();
        let target = match inside.strip_suffix(['"', '\'']).and_then(|t| t.rfind([' ', '\t'])) {
            Some(i) if matches!(inside.as_bytes()[i + 1], b'"' | b'\'') => inside[..i].trim_end(),
            _ => inside,
        };
        if !target.contains([' ', '\t']) || target.starts_with('<') {
            continue;
        }
        let image = open > 0 && bytes[open - 1] == b'!';
        let offset = if image { open - 1 } else { open };
        found.push(RawLink {
            written: target.to_string(),
            text: masked[open + 1..at].trim().to_string(),
            offset,
            image,
        });
    }
    found
}

/// Appends text with kramdown's typographic symbols (`--`, `---`, `...`).
fn push_typographic(out: &mut String, text: &str) {
    if !text.contains("--") && !text.contains("...") {
        out.push_str(text);
        return;
    }
    out.push_str(&text.replace("---", "\u{2014}").replace("--", "\u{2013}").replace("...", "\u{2026}"));
}

/// The destination of an inline link `[..](dest "title")` as written in `original`.
fn inline_written(masked: &str, original: &str, range: Range<usize>) -> String {
    let slice = &masked[range.clone()];
    match slice.rfind("](") {
        Some(i) => dest_written(masked, original, range.start + i + 2, range.end),
        None => String::new(),
    }
}

/// The destination of a reference definition `[ref]: dest "title"` as written.
fn definition_written(masked: &str, original: &str, span: Range<usize>) -> String {
    let span = span.start.min(masked.len())..span.end.min(masked.len());
    match masked[span.clone()].find("]:") {
        Some(i) => dest_written(masked, original, span.start + i + 2, span.end),
        None => String::new(),
    }
}

/// The destination starting at `from` (after `](` or `]:`), read from `original`
/// so masked Liquid before it (`{{ site.baseurl }}`) is kept.
fn dest_written(masked: &str, original: &str, from: usize, limit: usize) -> String {
    let bytes = masked.as_bytes();
    let mut i = from;
    while i < limit && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    let end = if bytes.get(i) == Some(&b'<') {
        masked[i..limit].find('>').map_or(limit, |j| i + j + 1)
    } else {
        let mut depth = 0usize;
        let mut j = i;
        while j < limit {
            match bytes[j] {
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                b if b.is_ascii_whitespace() => break,
                b'\\' => j += 1,
                _ => {}
            }
            j += 1;
        }
        j.min(limit)
    };
    let written = original.get(from..end).unwrap_or("").trim();
    written.trim_start_matches('<').trim_end_matches('>').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_text_is_plain_text_without_image_alt() {
        let text = "## A `b` *c* [d](e.html) ![alt](i.png) &amp; -- end ###\n";
        let found = walk(text, text);
        assert_eq!(found.headings[0].text, "A b c d  & \u{2013} end");
        assert_eq!(found.headings[0].range, 0..text.len());
        assert_eq!(found.links.len(), 2);
        assert_eq!(found.links[1].text, "alt");
    }

    #[test]
    fn written_target_keeps_liquid_from_the_original() {
        let original = "[a]({{ site.baseurl }}/b.html \"t\") [c][r]\n\n[r]: {{site.url}}/d.html\n";
        let masked = "[a](                  /b.html \"t\") [c][r]\n\n[r]:              /d.html\n";
        let found = walk(masked, original);
        assert_eq!(found.links[0].written, "{{ site.baseurl }}/b.html");
        assert_eq!(found.links[0].offset, 0);
        assert_eq!(found.links[1].written, "{{site.url}}/d.html");
        assert_eq!(found.links[1].text, "c");
    }

    #[test]
    fn targets_with_spaces_are_links_as_kramdown_reads_them_but_not_in_code() {
        let src = "[x](No Such File.pdf) and ![y](a b.png \"Title\") and [z](ok.html) and `[c](in code.md)`\n\n```\n[d](in block.md)\n```\n\n[e](<angle brackets.html>) [f](one two.html 'single')\n";
        let found = walk(src, src);
        let got: Vec<(&str, &str, bool, usize)> =
            found.links.iter().map(|l| (l.written.as_str(), l.text.as_str(), l.image, l.offset)).collect();
        assert_eq!(
            got,
            [
                ("No Such File.pdf", "x", false, 0),
                ("a b.png", "y", true, 26),
                ("ok.html", "z", false, 52),
                ("angle brackets.html", "e", false, 114),
                ("one two.html", "f", false, 141),
            ]
        );
    }

    #[test]
    fn links_in_elements_that_ask_for_markdown_are_links_and_raw_ones_are_not() {
        let src = "<div markdown=\"span\" class=\"alert\">See [gone](gone.html)\nand [home](a.html)</div>\n\n\
                   <table><tr><td><div markdown='1'>[x](x.html)</div></td></tr></table>\n\n\
                   <div markdown=\"0\">[raw](raw.html)</div>\n\n<div>[plain](plain.html)</div>\n";
        let found = walk(src, src);
        let got: Vec<(&str, &str, usize)> =
            found.links.iter().map(|l| (l.written.as_str(), l.text.as_str(), l.offset)).collect();
        assert_eq!(got, [("gone.html", "gone", 39), ("a.html", "home", 61), ("x.html", "x", 116)]);
    }

    #[test]
    fn footnotes_give_kramdown_ids_and_html_in_code_is_ignored() {
        let text = "x[^1] `<a id=\"no\">`\n\n    <b id=\"no2\">\n\n[^1]: y\n[^2]: unused\n";
        let found = walk(text, text);
        assert_eq!(found.footnotes, vec![("fnref:1".to_string(), 1), ("fn:1".to_string(), 39)]);
        assert!(found.html.is_empty());
    }
}
