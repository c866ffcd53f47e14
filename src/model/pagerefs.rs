//! Page references: the links under **Pages changed** and page-breakdown bullets.
//!
//! A bullet names its page with a leading link (several, comma-separated, are
//! allowed) or an italic page name; text after it and bullets nested under it
//! are its notes. Under a label, a run of note-less links followed by a link
//! with notes shares those notes, as authors write "these pages: same change".

use super::PageRef;
use super::blocks::{Kind, LinkRef, Node};
use super::labels::{Skipped, short};
use crate::load::SourceFile;

/// Splits a link target into page and anchor: `a.html#x` gives (`a.html`, `x`).
pub fn split_target(dest: &str) -> (String, Option<String>) {
    match dest.split_once('#') {
        Some((page, anchor)) => (page.to_string(), Some(anchor.to_string())),
        None => (dest.to_string(), None),
    }
}

/// The page a link names: its text, target and anchor, where it is. `in_sentence` as for
/// [`PageRef::in_sentence`]; no notes yet.
pub fn page_ref(file: &SourceFile, link: &LinkRef, in_sentence: bool) -> PageRef {
    let (target, anchor) = split_target(link.dest.trim());
    let span = file.span(link.range.start);
    PageRef { text: link.text.clone(), target, anchor, notes: Vec::new(), span, line: span.line, in_sentence }
}

/// Whether a link target is a page of this site (not `https:`, `mailto:`, `#x`).
pub fn is_internal(dest: &str) -> bool {
    let dest = dest.trim();
    !dest.starts_with("//")
        && !dest.starts_with('#')
        && !dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
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

/// Whether the text from `from` to `end` goes on with the sentence (`diagrams updated.`)
/// rather than being empty or a note after a separator (` - removed`, `: added`, `(new)`).
pub fn continues_sentence(source: &str, from: usize, end: usize) -> bool {
    let rest = source.get(from..end.max(from)).unwrap_or("").trim_start();
    !rest.is_empty() && !rest.starts_with(['-', '\u{2013}', '\u{2014}', ':', '(', ',', ';', '.'])
}

/// Notes of nested list items, flattened in order (Markdown source of each item's own text).
pub fn nested_notes(item: &Node, source: &str, notes: &mut Vec<String>) {
    let mut levelled = Vec::new();
    levelled_notes(item, source, 0, &mut levelled);
    notes.extend(levelled.into_iter().map(|(_, note)| note));
}

/// Notes of nested list items in order, each with its depth under `item` (0 for the items of a
/// list directly under it).
pub fn levelled_notes(item: &Node, source: &str, depth: usize, notes: &mut Vec<(usize, String)>) {
    for child in &item.children {
        match child.kind {
            Kind::List => {
                for nested in &child.children {
                    if let Some(note) = note_after(source, nested.content.start, nested.content.end) {
                        notes.push((depth, note));
                    }
                    levelled_notes(nested, source, depth + 1, notes);
                }
            }
            Kind::Rule => {}
            _ => {
                if let Some(note) = note_after(source, child.range.start, child.range.end) {
                    notes.push((depth, note));
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
    let mut refs: Vec<PageRef> = links.iter().map(|l| page_ref(file, l, false)).collect();
    let mut rest = rest;
    if refs.is_empty() && links.is_empty() {
        // `- *Spine overview*` names a page; `- *Breaking change* The X was renamed` is a
        // sentence with an italic label.
        let names_a_page = |l: &&crate::model::blocks::Lead| !continues_sentence(source, l.range.end, item.content.end);
        if let Some(lead) = item.lead.as_ref().filter(|l| !l.strong).filter(names_a_page) {
            refs.push(PageRef {
                text: lead.text.clone(),
                target: String::new(),
                anchor: None,
                notes: Vec::new(),
                span: file.span(lead.range.start),
                line: 0,
                in_sentence: false,
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
pub fn pages(file: &SourceFile, nodes: &[&Node], label: &str, out: &mut Vec<Skipped>) -> Vec<PageRef> {
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
                        message: format!("`{}` under **{label}** has no page link", short(item.plain())),
                        help: "start the bullet with a link to the page: `- [Title](page.html)`".into(),
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

#[cfg(test)]
#[path = "pagerefs_tests.rs"]
mod tests;
