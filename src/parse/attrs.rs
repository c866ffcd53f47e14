//! kramdown attribute lists (`{#id}`, `{: #id .class}`, `{:target="_blank"}`).
//!
//! pulldown-cmark knows nothing of kramdown's IALs and would read them as
//! text, so this pass finds them line by line (outside fenced code), records
//! the ids they set, and blanks them in the masked text, keeping offsets.
//! Which block a standalone `{: ...}` line belongs to follows kramdown: right
//! after a block it applies to that block, after a blank line to the next one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Where an attribute list sits, which decides the element it applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `## Title {#id}`: the heading on the same line.
    HeadingLine,
    /// A `{: ...}` line directly after a block: that block.
    AfterBlock,
    /// A `{: ...}` line after a blank line: the next block.
    BeforeBlock,
    /// `[a](b){: ...}` inside a line: the span element before it.
    Span,
}

/// One attribute list found in the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ial {
    /// Byte range of the `{...}` in the file.
    pub range: Range<usize>,
    /// Byte offset where its line starts.
    pub line_start: usize,
    /// The `#id` it sets, if any.
    pub id: Option<String>,
    /// What it applies to.
    pub placement: Placement,
}

static BLOCK_IAL: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r"^ {0,3}(\{:[^}\n]*\})[ \t]*\r?$"));
static HEADING_ID: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r"[ \t](\{#([A-Za-z0-9_][\w:-]*)\})[ \t]*(?:#+[ \t]*)?\r?$"));
static SPAN_IAL: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r"[)\]*_}`](\{:[^}\n]*\})"));
static IAL_ID: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r#"(?:^|[\s{:])#([\w:-]+)|\bid\s*=\s*["']([^"']+)["']"#));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&BLOCK_IAL);
    LazyLock::force(&HEADING_ID);
    LazyLock::force(&SPAN_IAL);
    LazyLock::force(&IAL_ID);
}

/// The `#id` (or `id="..."`) inside an attribute list's text.
fn ial_id(ial: &str) -> Option<String> {
    let inner = ial.trim_start_matches('{').trim_end_matches('}');
    let caps = IAL_ID.captures(inner)?;
    caps.get(1).or_else(|| caps.get(2)).map(|m| m.as_str().to_string())
}

fn is_heading_line(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    let hashes = t.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t'])
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && (t.bytes().all(|b| b == b'=') || t.bytes().all(|b| b == b'-'))
}

/// The fence a line opens or closes (``` or ~~~ with its length), if any.
fn fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = *t.as_bytes().first()?;
    let n = t.bytes().take_while(|&b| b == c).count();
    ((c == b'`' || c == b'~') && n >= 3).then_some((c, n))
}

/// Finds the attribute lists in `masked` and blanks them in place.
pub fn extract(masked: &mut String) -> Vec<Ial> {
    let found = find(masked);
    if found.is_empty() {
        return found;
    }
    // Ranges start at `{` and end after `}` (ASCII), so as many spaces keep every offset.
    let mut ranges: Vec<Range<usize>> = found.iter().map(|ial| ial.range.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    let mut blanked = String::with_capacity(masked.len());
    let mut at = 0;
    for range in ranges {
        let range = range.start.max(at)..range.end.max(at);
        blanked.push_str(&masked[at..range.start]);
        blanked.extend(std::iter::repeat_n(' ', range.len()));
        at = range.end;
    }
    blanked.push_str(&masked[at..]);
    *masked = blanked;
    found
}

/// The start of every kramdown extension tag (`{::comment}`, `{::nomarkdown}`): most pages hold
/// none, and one search built once answers for them.
static EXTENSION: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("{::"));

/// Blanks kramdown's comment extension (`{::comment}` ... `{:/comment}` or `{:/}`, and the empty
/// `{::comment /}`) in the masked text of a Markdown page, keeping offsets and line breaks:
/// kramdown writes none of it to the page, so its headings, links and ids do not exist. An
/// opening tag without its closing one is left as it is.
pub fn blank_comments(masked: &mut String) {
    const OPEN: &str = "{::comment";
    if EXTENSION.find(masked.as_bytes()).is_none() {
        return;
    }
    let mut ranges = Vec::new();
    let mut pos = 0;
    while let Some(start) = masked[pos..].find(OPEN).map(|i| pos + i) {
        let Some(tag_end) = masked[start..].find('}').map(|i| start + i + 1) else { break };
        let options = &masked[start + OPEN.len()..tag_end - 1];
        if !options.is_empty() && !options.starts_with([' ', '\t', '/']) {
            pos = tag_end; // `{::commentary}` is another name
            continue;
        }
        let end = if options.trim_end().ends_with('/') {
            Some(tag_end)
        } else {
            let rest = &masked[tag_end..];
            [rest.find("{:/comment}").map(|i| i + "{:/comment}".len()), rest.find("{:/}").map(|i| i + "{:/}".len())]
                .into_iter()
                .flatten()
                .min()
                .map(|i| tag_end + i)
        };
        let Some(end) = end else { break };
        ranges.push(start..end);
        pos = end;
    }
    if ranges.is_empty() {
        return;
    }
    let mut blanked = String::with_capacity(masked.len());
    let mut at = 0;
    for range in ranges {
        blanked.push_str(&masked[at..range.start]);
        for c in masked[range.clone()].chars() {
            match c {
                '\n' | '\r' => blanked.push(c),
                c => blanked.extend(std::iter::repeat_n(' ', c.len_utf8())),
            }
        }
        at = range.end;
    }
    blanked.push_str(&masked[at..]);
    *masked = blanked;
}

/// Writes kramdown's `{::nomarkdown}` ... `{:/nomarkdown}` (or `{:/}`), each marker alone on its
/// line, as a `<div>` and `</div>` of the same length: kramdown outputs the content as it is,
/// so its Markdown headings get no id while its HTML ids count, as in a raw HTML block (which
/// the block HTML pass then keeps whole). Run before that pass and before [`extract`], which
/// would take the markers for attribute lists.
pub fn nomarkdown_as_html(masked: &mut String) {
    const OPEN: &str = "{::nomarkdown}";
    if EXTENSION.find(masked.as_bytes()).is_none() {
        return;
    }
    let alone = |text: &str, range: Range<usize>| {
        let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[range.end..].find('\n').map_or(text.len(), |i| range.end + i);
        text[line_start..range.start].trim().is_empty() && text[range.end..line_end].trim().is_empty()
    };
    let mut edits = Vec::new();
    let mut pos = 0;
    while let Some(start) = masked[pos..].find(OPEN).map(|i| pos + i) {
        let open = start..start + OPEN.len();
        let rest = &masked[open.end..];
        let close =
            [rest.find("{:/nomarkdown}").map(|i| (i, "{:/nomarkdown}".len())), rest.find("{:/}").map(|i| (i, 3))]
                .into_iter()
                .flatten()
                .min()
                .map(|(i, len)| open.end + i..open.end + i + len);
        let Some(close) = close else { break };
        pos = close.end;
        if alone(masked, open.clone()) && alone(masked, close.clone()) {
            edits.push((open, "<div>"));
            edits.push((close, "</div>"));
        }
    }
    let mut bytes = std::mem::take(masked).into_bytes();
    for (range, tag) in edits {
        let len = range.len();
        bytes[range.clone()].fill(b' ');
        bytes[range.start..range.start + tag.len().min(len)].copy_from_slice(&tag.as_bytes()[..tag.len().min(len)]);
    }
    *masked = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// The attribute lists of `text`, in order.
fn find(text: &str) -> Vec<Ial> {
    let mut found = Vec::new();
    // Every attribute list starts `{:` and a heading id `{#`: most pages hold neither, and
    // need no walk line by line.
    let finder = |needle: &str| memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
    if !finder("{:") && !finder("{#") {
        return found;
    }
    let mut in_fence: Option<(u8, usize)> = None;
    let mut previous: Option<&str> = None;
    for (start, line) in line_slices(text) {
        let after = previous.replace(line);
        if let Some((c, n)) = in_fence {
            if fence(line).is_some_and(|(c2, n2)| c2 == c && n2 >= n && line.trim().len() == n2) {
                in_fence = None;
            }
            continue;
        }
        if let Some(f) = fence(line) {
            in_fence = Some(f);
            continue;
        }
        // Nor do most lines.
        let Some(brace) = memchr::memchr(b'{', line.as_bytes()) else { continue };
        if !line[brace..].contains("{:") && !line[brace..].contains("{#") {
            continue;
        }
        if let Some(m) = BLOCK_IAL.captures(line).and_then(|c| c.get(1)) {
            let blank = after.is_none_or(|l| l.trim().is_empty());
            let placement = if blank { Placement::BeforeBlock } else { Placement::AfterBlock };
            found.push(ial_at(start, m, placement));
            continue;
        }
        let next = text.get(start + line.len() + 1..).map(|rest| rest.split('\n').next().unwrap_or(""));
        if is_heading_line(line) || next.is_some_and(is_setext_underline) {
            if let Some(m) = HEADING_ID.captures(line).and_then(|c| c.get(1)) {
                found.push(ial_at(start, m, Placement::HeadingLine));
            }
        }
        for caps in SPAN_IAL.captures_iter(line) {
            if let Some(m) = caps.get(1) {
                found.push(ial_at(start, m, Placement::Span));
            }
        }
    }
    found
}

fn ial_at(line_start: usize, m: regex::Match<'_>, placement: Placement) -> Ial {
    Ial { range: line_start + m.start()..line_start + m.end(), line_start, id: ial_id(m.as_str()), placement }
}

/// `(start offset, line text without '\n')` for every line of `text`.
pub fn line_slices(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split('\n').map(move |line| {
        let s = start;
        start += line.len() + 1;
        (s, line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kramdown_comments_are_blanked_with_their_content_keeping_offsets() {
        let text = "a\n{::comment}\n## Gone é\n{:/comment}\nb {::comment}x{:/} c {::comment /} d {::commentary} e\n";
        let mut masked = text.to_string();
        blank_comments(&mut masked);
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), text.lines().count());
        assert!(!masked.contains("Gone") && !masked.contains("{::comment}") && !masked.contains("{::comment /}"));
        assert!(masked.starts_with("a\n") && masked.contains("b ") && masked.contains(" c ") && masked.contains(" d "));
        assert!(masked.contains("{::commentary} e"), "another extension name is left alone: {masked:?}");
        let mut unclosed = "{::comment}\n## Kept\n".to_string();
        blank_comments(&mut unclosed);
        assert!(unclosed.contains("## Kept"));
    }

    fn run(text: &str) -> (String, Vec<Ial>) {
        let mut masked = text.to_string();
        let ials = extract(&mut masked);
        (masked, ials)
    }

    #[test]
    fn heading_id_is_blanked_and_recorded() {
        let (masked, ials) = run("## Title {#my-id}\n");
        assert_eq!(masked, "## Title         \n");
        assert_eq!(ials[0].id.as_deref(), Some("my-id"));
        assert_eq!(ials[0].range, 9..17);
        assert_eq!(ials[0].placement, Placement::HeadingLine);
    }

    #[test]
    fn block_ial_after_blank_line_applies_to_the_next_block() {
        let (masked, ials) = run("## A\n\n{: #b .x}\n## B\n{:.no_toc}\n");
        assert_eq!(masked, "## A\n\n         \n## B\n          \n");
        assert_eq!(ials[0].placement, Placement::BeforeBlock);
        assert_eq!(ials[0].id.as_deref(), Some("b"));
        assert_eq!(ials[1].placement, Placement::AfterBlock);
        assert_eq!(ials[1].id, None);
    }

    #[test]
    fn span_ial_after_a_link_is_blanked() {
        let (masked, ials) = run("[a](b.html){:target=\"_blank\"} x\n");
        assert_eq!(masked, format!("[a](b.html){} x\n", " ".repeat(18)));
        assert_eq!(ials[0].placement, Placement::Span);
    }

    #[test]
    fn a_heading_id_after_a_span_list_on_one_line_are_both_blanked() {
        // Found heading id first, span list second: blanking must not depend on that order.
        let (masked, ials) = run("## [a](b){:.x} c {#d}\n");
        assert_eq!(masked, format!("## [a](b){} c {}\n", " ".repeat(5), " ".repeat(4)));
        let placements: Vec<Placement> = ials.iter().map(|i| i.placement).collect();
        assert_eq!(placements, [Placement::HeadingLine, Placement::Span]);
    }

    #[test]
    fn attribute_lists_in_fenced_code_are_left_alone() {
        let (masked, ials) = run("```\n{: #x}\n## T {#y}\n```\n");
        assert!(ials.is_empty());
        assert!(masked.contains("{: #x}"));
    }
}
