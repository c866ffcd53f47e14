//! The bold labels of a change entry and the content each one takes.
//!
//! Authors write `**Tickets**:`, `**Tickets:**`, `**Affects**&nbsp;`,
//! `**Pages Changed:**` and synonyms (`Page added`, `FHIR profiles changed`).
//! [`canonical_label`] folds all of them to one name; the readers here turn
//! a label's blocks into tickets, capabilities, page and profile references,
//! reporting what they cannot place as [`Skipped`].

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{Kind, LinkRef, Node};
use super::{Capability, PageRef, ProfileKind, ProfileRef, Ticket};
use crate::load::SourceFile;

/// Canonical label names, and the spellings (lower case, no colon) that mean them.
const LABELS: &[(&str, &[&str])] = &[
    (
        "tickets",
        &["tickets", "ticket", "issues", "issue", "github issues"],
    ),
    (
        "affects",
        &[
            "affects",
            "affected",
            "affected capabilities",
            "affected capability",
            "capabilities affected",
            "capabilities",
            "capability",
        ],
    ),
    ("impacts", &["impacts", "impact"]),
    (
        "description",
        &["description", "details", "change description"],
    ),
    (
        "pages_changed",
        &[
            "pages changed",
            "page changed",
            "pages updated",
            "page updated",
            "changed pages",
        ],
    ),
    (
        "pages_added",
        &["pages added", "page added", "new pages", "new page"],
    ),
    (
        "profiles_changed",
        &[
            "profiles changed",
            "profile changed",
            "fhir profiles changed",
            "fhir profile changed",
            "profiles updated",
            "fhir profiles updated",
        ],
    ),
    ("date", &["date", "release date", "date changed"]),
];

/// The label names writers are told about in help texts.
pub const KNOWN_LABELS_HELP: &str = "Tickets, Affects, Impacts, Description, Pages changed, \
     Pages added, FHIR profiles changed, Date";

static TICKET_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#\s*(\d+)|^\s*(\d+)\s*$").expect("valid regex"));
static BARE_TICKET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\w&/])#(\d+)\b").expect("valid regex"));
static AFFECTS_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:,|;|\band\b|&)\s*").expect("valid regex"));

/// Something under the changes that could not be placed, at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Byte offset in the file.
    pub offset: usize,
    /// What was skipped.
    pub message: String,
    /// How to make it parseable.
    pub help: String,
}

/// The canonical name of a bold lead, if it is a known label.
pub fn canonical_label(lead: &str) -> Option<&'static str> {
    let name = normalise_label(lead);
    LABELS
        .iter()
        .find(|(_, spellings)| spellings.contains(&name.as_str()))
        .map(|(canonical, _)| *canonical)
}

fn normalise_label(lead: &str) -> String {
    let trimmed = lead.trim().trim_end_matches(':').trim();
    trimmed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a bold lead looks like a label someone meant (`**Reviewer:**`), short and
/// followed by a colon, rather than emphasis at the start of a sentence.
pub fn looks_like_label(node: &Node, source: &str) -> bool {
    let Some(lead) = node.lead.as_ref().filter(|l| l.strong) else {
        return false;
    };
    let short = lead.text.split_whitespace().count() <= 4;
    let colon = lead.text.trim_end().ends_with(':')
        || source
            .get(lead.range.end..)
            .is_some_and(|rest| rest.starts_with(':'));
    short && colon
}

/// Byte offset where a label's own content starts: after the bold run, a
/// colon, spaces and `&nbsp;`.
pub fn content_start(node: &Node, source: &str) -> usize {
    let mut pos = node
        .lead
        .as_ref()
        .map_or(node.content.start, |l| l.range.end);
    loop {
        let rest = source.get(pos..).unwrap_or("");
        let skip = if rest.starts_with("&nbsp;") || rest.starts_with("&#160;") {
            6
        } else {
            match rest.chars().next() {
                Some(c @ (':' | ' ' | '\t' | '\u{a0}')) => c.len_utf8(),
                _ => 0,
            }
        };
        if skip == 0 {
            return pos;
        }
        pos += skip;
    }
}

/// Plain text of a label paragraph after its label.
pub fn remainder_text(node: &Node) -> String {
    let lead_len = node.lead.as_ref().map_or(0, |l| l.text.len());
    let text = node.text.trim_start();
    let rest = text.get(lead_len..).unwrap_or(text);
    rest.trim_start_matches([':', ' ', '\u{a0}', '\t'])
        .trim()
        .to_string()
}

/// Splits a link target into page and anchor: `a.html#x` gives (`a.html`, `x`).
pub fn split_target(dest: &str) -> (String, Option<String>) {
    match dest.split_once('#') {
        Some((page, anchor)) => (page.to_string(), Some(anchor.to_string())),
        None => (dest.to_string(), None),
    }
}

/// Whether a link target is a page of this site (not `https:`, `mailto:`, `#x`).
pub fn is_internal(dest: &str) -> bool {
    let dest = dest.trim();
    !dest.starts_with("//")
        && !dest.starts_with('#')
        && !dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Tickets from a label's links (number from the link text) and bare `#601` outside links.
pub fn tickets(
    file: &SourceFile,
    links: &[&LinkRef],
    ranges: &[std::ops::Range<usize>],
    out: &mut Vec<Skipped>,
) -> Vec<Ticket> {
    let mut found: Vec<Ticket> = links
        .iter()
        .map(|link| Ticket {
            number: TICKET_NUMBER.captures(&link.text).and_then(|c| {
                c.get(1)
                    .or_else(|| c.get(2))
                    .and_then(|m| m.as_str().parse().ok())
            }),
            text: link.text.clone(),
            url: link.dest.clone(),
            span: file.span(link.range.start),
        })
        .collect();
    for t in found.iter().filter(|t| t.number.is_none()) {
        let message = if t.text.is_empty() {
            format!("ticket link to {} has no text, so no ticket number", t.url)
        } else {
            format!("link `{}` under **Tickets** has no ticket number", t.text)
        };
        out.push(Skipped {
            offset: t.span.offset,
            message,
            help: "write tickets as `[#601](https://github.com/org/repo/issues/601)`".into(),
        });
    }
    for range in ranges {
        let text = file.text.get(range.clone()).unwrap_or("");
        for caps in BARE_TICKET.captures_iter(text) {
            let Some(m) = caps.get(1) else { continue };
            let offset = range.start + m.start() - 1;
            if links.iter().any(|l| l.range.contains(&offset)) {
                continue;
            }
            found.push(Ticket {
                number: m.as_str().parse().ok(),
                text: format!("#{}", m.as_str()),
                url: String::new(),
                span: file.span(offset),
            });
        }
    }
    found.sort_by_key(|t| t.span.offset);
    found
}

/// Capabilities named in a label's text: comma-, `and`- or `&`-separated.
pub fn capabilities(file: &SourceFile, text: &str, search_from: usize) -> Vec<Capability> {
    let haystack = file.text.get(search_from..).unwrap_or("");
    AFFECTS_SEPARATOR
        .split(text)
        .map(|name| name.trim().trim_end_matches('.').trim())
        .filter(|name| !name.is_empty())
        .map(|name| {
            let offset = haystack.find(name).map_or(search_from, |i| search_from + i);
            Capability {
                name: name.to_string(),
                span: file.span(offset),
            }
        })
        .collect()
}

/// The kind of FHIR artefact a URL points at.
pub fn profile_kind(url: &str) -> ProfileKind {
    if url.contains("/StructureDefinition/") {
        ProfileKind::StructureDefinition
    } else if url.contains("/ValueSet/") {
        ProfileKind::ValueSet
    } else if url.contains("/CodeSystem/") {
        ProfileKind::CodeSystem
    } else {
        ProfileKind::Other
    }
}

/// Profile references from the items of lists (and links of paragraphs) under a label.
pub fn profiles(file: &SourceFile, nodes: &[&Node], out: &mut Vec<Skipped>) -> Vec<ProfileRef> {
    let mut refs = Vec::new();
    for node in nodes {
        let holders: Vec<&Node> = match node.kind {
            Kind::List => node.children.iter().collect(),
            _ => vec![*node],
        };
        for holder in holders {
            if holder.links.is_empty() && !holder.plain().is_empty() {
                out.push(Skipped {
                    offset: holder.content.start,
                    message: format!("`{}` under **FHIR profiles changed** has no link", holder.plain()),
                    help: "link the profile: `- [Name](https://fhir.example/StructureDefinition/Name)`".into(),
                });
            }
            refs.extend(holder.links.iter().map(|l| ProfileRef {
                name: l.text.clone(),
                url: l.dest.trim().to_string(),
                kind: profile_kind(&l.dest),
                span: file.span(l.range.start),
            }));
        }
    }
    refs
}

/// Links that open an item or paragraph (separated only by commas, `and`, `&`),
/// and the offset where the rest of its content starts.
pub fn leading_links<'n>(node: &'n Node, source: &str) -> (Vec<&'n LinkRef>, usize) {
    let mut cursor = node.content.start;
    let mut leading = Vec::new();
    for link in &node.links {
        let gap = source.get(cursor..link.range.start).unwrap_or("x");
        let gap_ok = gap
            .split(|c: char| c == ',' || c == '&' || c.is_whitespace())
            .all(|w| w.is_empty() || w.eq_ignore_ascii_case("and"));
        if link.range.start < cursor || !gap_ok {
            break;
        }
        leading.push(link);
        cursor = link.range.end;
    }
    (leading, cursor)
}

/// Text after the leading links, without a separating ` - `: a note.
pub fn note_after(source: &str, from: usize, end: usize) -> Option<String> {
    let rest = source.get(from..end.max(from)).unwrap_or("");
    let note = rest.trim().trim_start_matches(['-', '–', '—', ':']).trim();
    (!note.is_empty()).then(|| note.to_string())
}

/// Notes of nested list items, flattened in order (Markdown source of each item's own text).
pub fn nested_notes(item: &Node, source: &str, notes: &mut Vec<String>) {
    for child in &item.children {
        match child.kind {
            Kind::List => {
                for nested in &child.children {
                    if let Some(note) = note_after(source, nested.content.start, nested.content.end)
                    {
                        notes.push(note);
                    }
                    nested_notes(nested, source, notes);
                }
            }
            Kind::Rule => {}
            _ => {
                if let Some(note) = note_after(source, child.range.start, child.range.end) {
                    notes.push(note);
                }
            }
        }
    }
}

/// The page references of one list item: its leading links (or italic page
/// name), each with the notes written after it and nested under it.
pub fn item_page_refs(file: &SourceFile, item: &Node) -> Vec<PageRef> {
    let source = file.text.as_str();
    let (links, rest) = leading_links(item, source);
    let mut notes = Vec::new();
    let mut refs: Vec<PageRef> = links
        .iter()
        .map(|l| {
            let (target, anchor) = split_target(l.dest.trim());
            PageRef {
                text: l.text.clone(),
                target,
                anchor,
                notes: Vec::new(),
                span: file.span(l.range.start),
                line: 0,
            }
        })
        .collect();
    let mut rest = rest;
    if refs.is_empty() && links.is_empty() {
        if let Some(lead) = item.lead.as_ref().filter(|l| !l.strong) {
            refs.push(PageRef {
                text: lead.text.clone(),
                target: String::new(),
                anchor: None,
                notes: Vec::new(),
                span: file.span(lead.range.start),
                line: 0,
            });
            rest = lead.range.end;
        }
    }
    if refs.is_empty() {
        return refs;
    }
    notes.extend(note_after(source, rest, item.content.end));
    nested_notes(item, source, &mut notes);
    for r in &mut refs {
        r.notes = notes.clone();
        r.line = r.span.line;
    }
    refs
}

/// Whether a blank line separates byte `end` (end of one item) from `start` (the next).
fn blank_line_between(source: &str, end: usize, start: usize) -> bool {
    let between = source.get(end.min(start)..start).unwrap_or("");
    let before = source.get(..end.min(source.len())).unwrap_or("");
    let trailing = &before[before.trim_end().len()..];
    format!("{trailing}{between}").matches('\n').count() >= 2
}

/// Page references from the blocks under **Pages changed** / **Pages added**.
/// A run of links with no notes takes the notes of the link that ends it.
pub fn pages(
    file: &SourceFile,
    nodes: &[&Node],
    label: &str,
    out: &mut Vec<Skipped>,
) -> Vec<PageRef> {
    let source = file.text.as_str();
    let mut refs: Vec<PageRef> = Vec::new();
    for node in nodes {
        let items: Vec<&Node> = match node.kind {
            Kind::List => node.children.iter().collect(),
            Kind::Rule => continue,
            _ => vec![*node],
        };
        let mut run_start = refs.len();
        let mut previous_end: Option<usize> = None;
        for item in items {
            if previous_end.is_some_and(|end| blank_line_between(source, end, item.range.start)) {
                run_start = refs.len();
            }
            previous_end = Some(item.range.end);
            let item_refs = item_page_refs(file, item);
            if item_refs.is_empty() {
                if !item.plain().is_empty() || node.kind == Kind::List {
                    out.push(Skipped {
                        offset: item.content.start.max(item.range.start),
                        message: format!(
                            "`{}` under **{label}** has no page link",
                            short(item.plain())
                        ),
                        help: "start the bullet with a link to the page: `- [Title](page.html)`"
                            .into(),
                    });
                }
                run_start = refs.len();
                continue;
            }
            let notes = item_refs[0].notes.clone();
            refs.extend(item_refs);
            if !notes.is_empty() {
                for earlier in &mut refs[run_start..] {
                    if earlier.notes.is_empty() {
                        earlier.notes = notes.clone();
                    }
                }
                run_start = refs.len();
            }
        }
    }
    refs
}

/// At most 60 characters of `text`, for messages.
pub fn short(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("").trim();
    if first_line.chars().count() > 60 {
        let cut: String = first_line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        first_line.to_string()
    }
}

#[cfg(test)]
#[path = "labels_tests.rs"]
mod tests;
