//! The labelled layout: `### Title` entries with `**Tickets:**`-style labels.
//!
//! Headings under the changes part form a small outline. A heading with
//! labels under it is a change entry; a heading without labels that has
//! entries below it is a group ("Core") or section ("Impacts provider
//! systems"); a childless heading with plain content is an unlabelled change.
//! Inside an entry each label owns the blocks up to the next label, and
//! anything the entry holds outside a label is reported, never dropped.

use super::blocks::{Kind, LinkRef, Node};
use super::labels::{self, Skipped};
use super::pagerefs;
use super::{Change, date};
use crate::load::SourceFile;

/// A heading of the outline above the current entry.
struct Open {
    level: u8,
    title: String,
    entry: bool,
    note: Option<String>,
}

/// Whether a level-1/2 heading opens (another) changes part: "1.2.3 changes", "Changes in 1.2.0-rc".
pub fn is_changes_heading(node: &Node) -> bool {
    node.heading_level().is_some_and(|l| l <= 2)
        && node.plain().split(|c: char| !c.is_alphanumeric()).any(|w| w.eq_ignore_ascii_case("changes"))
}

/// Whether a paragraph opens with a known bold label.
pub fn is_label(node: &Node) -> bool {
    node.kind == Kind::Paragraph
        && node.lead.as_ref().is_some_and(|l| l.strong && labels::canonical_label(&l.text).is_some())
}

/// Whether blocks carry anything besides rules and empty HTML (`<br/>`).
pub fn substantive(body: &[Node]) -> bool {
    body.iter().any(|n| !(n.kind == Kind::Rule || (n.kind == Kind::Other && n.plain().is_empty())))
}

fn says_no_changes(body: &[Node]) -> bool {
    body.iter()
        .find(|n| n.kind != Kind::Rule)
        .is_some_and(|n| n.kind == Kind::Paragraph && n.plain().to_lowercase().contains("no change"))
}

/// Markdown source of `body`, trimmed.
pub fn source_of(source: &str, body: &[Node]) -> String {
    match (body.first(), body.last()) {
        (Some(first), Some(last)) => source.get(first.range.start..last.range.end).unwrap_or("").trim().to_string(),
        _ => String::new(),
    }
}

/// Title without the `(cosmetic)` marker, and whether it had one.
pub fn strip_cosmetic(title: &str) -> (String, bool) {
    // ASCII lowering keeps byte offsets, so `i` is valid in `title`.
    let lower = title.to_ascii_lowercase();
    match lower.find("(cosmetic)") {
        Some(i) => {
            let stripped = format!("{}{}", &title[..i], &title[i + "(cosmetic)".len()..]);
            (stripped.split_whitespace().collect::<Vec<_>>().join(" "), true)
        }
        None => (title.trim().to_string(), false),
    }
}

/// Reads the changes part (`nodes`, after the changes heading) of a labelled page.
pub fn read(file: &SourceFile, nodes: &[Node], out: &mut Vec<Skipped>) -> Vec<Change> {
    let heads: Vec<usize> = (0..nodes.len()).filter(|&i| nodes[i].heading_level().is_some()).collect();
    let mut changes = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut section: Option<String> = None;
    report_stray(&nodes[..heads.first().copied().unwrap_or(nodes.len())], "the changes heading", out);
    for (k, &h) in heads.iter().enumerate() {
        let heading = &nodes[h];
        let level = heading.heading_level().unwrap_or(6);
        let body = &nodes[h + 1..heads.get(k + 1).copied().unwrap_or(nodes.len())];
        if is_changes_heading(heading) {
            stack.clear();
            section = Some(heading.plain().to_string());
            report_stray(body, heading.plain(), out);
            continue;
        }
        while stack.last().is_some_and(|o| o.level >= level) {
            stack.pop();
        }
        let has_labels = body.iter().any(is_label);
        let leaf = heads.get(k + 1).is_none_or(|&n| nodes[n].heading_level().unwrap_or(1) <= level);
        let entry = has_labels || (leaf && substantive(body) && !says_no_changes(body));
        if entry {
            let mut groups = stack.iter().rev().filter(|o| !o.entry);
            let group = groups.next();
            let outer = groups.next();
            let mut change = read_entry(file, heading, body, has_labels, out);
            change.group = group.map(|g| g.title.clone());
            change.group_note = group.and_then(|g| g.note.clone());
            change.section = outer.map(|o| o.title.clone()).or_else(|| section.clone());
            changes.push(change);
        }
        let note = source_of(&file.text, body);
        stack.push(Open {
            level,
            title: heading.plain().to_string(),
            entry,
            note: (!entry && substantive(body)).then_some(note),
        });
    }
    changes
}

/// Reports content directly under a changes heading, before its first entry: no change holds it.
fn report_stray(body: &[Node], under: &str, out: &mut Vec<Skipped>) {
    if let Some(node) = body.iter().find(|n| n.kind != Kind::Rule && !n.plain().is_empty()) {
        out.push(Skipped {
            offset: node.range.start,
            message: format!(
                "`{}` under {} comes before the first change and is not part of any change",
                labels::short(node.plain()),
                under
            ),
            help: "move it into the introduction, or under a change's label".into(),
        });
    }
}

/// One labelled (or unlabelled) entry: its heading and the blocks under it.
fn read_entry(file: &SourceFile, heading: &Node, body: &[Node], has_labels: bool, out: &mut Vec<Skipped>) -> Change {
    let (title, cosmetic) = strip_cosmetic(heading.plain());
    let span = file.span(heading.range.start);
    let mut change = Change { title, cosmetic, span, line: span.line, ..Change::default() };
    if !has_labels {
        change.description = source_of(&file.text, body);
        return change;
    }
    let mut current: Option<(&'static str, &Node, Vec<&Node>)> = None;
    let mut after_rule = false;
    for node in body {
        let lead = node.lead.as_ref().filter(|l| l.strong && node.kind == Kind::Paragraph);
        if let Some(name) = lead.and_then(|l| labels::canonical_label(&l.text)) {
            if let Some((prev, label, blocks)) = current.take() {
                apply_label(file, &mut change, prev, label, &blocks, out);
            }
            current = Some((name, node, Vec::new()));
            continue;
        }
        let in_description = current.as_ref().is_some_and(|c| c.0 == "description");
        if labels::looks_like_label(node, &file.text) && !in_description {
            if let Some((prev, label, blocks)) = current.take() {
                apply_label(file, &mut change, prev, label, &blocks, out);
            }
            out.push(Skipped {
                offset: node.range.start,
                message: format!(
                    "unknown label **{}** in change \"{}\" (it and the content under it are skipped)",
                    lead.map_or("", |l| l.text.trim_end_matches(':')),
                    change.title
                ),
                help: format!("use one of the known labels: {}", labels::KNOWN_LABELS_HELP),
            });
            continue;
        }
        if node.kind == Kind::Rule {
            // `---` ends the entry's last label: what follows belongs to no label.
            if let Some((prev, label, blocks)) = current.take() {
                apply_label(file, &mut change, prev, label, &blocks, out);
            }
            after_rule = true;
            continue;
        }
        if node.kind == Kind::Other && node.plain().is_empty() {
            continue;
        }
        match &mut current {
            Some((_, _, blocks)) => blocks.push(node),
            None if change.labels.is_empty() && !skipped_unknown(out, &change) => {
                out.push(Skipped {
                    offset: node.range.start,
                    message: format!(
                        "`{}` in change \"{}\" is not under a label",
                        labels::short(node.plain()),
                        change.title
                    ),
                    help: "put it under a label such as **Description:**, or move it out of the change".into(),
                });
            }
            None if after_rule && !skipped_unknown(out, &change) => out.push(Skipped {
                offset: node.range.start,
                message: format!(
                    "`{}` after the `---` that ends change \"{}\" is not part of any change",
                    labels::short(node.plain()),
                    change.title
                ),
                help: "give it a `### Title` heading and labels, or move it under a label of the change above".into(),
            }),
            None => {}
        }
    }
    if let Some((prev, label, blocks)) = current.take() {
        apply_label(file, &mut change, prev, label, &blocks, out);
    }
    change
}

/// Content after an unknown label was already reported with it.
fn skipped_unknown(out: &[Skipped], change: &Change) -> bool {
    out.last().is_some_and(|s| s.message.starts_with("unknown label") && s.message.contains(&change.title))
}

fn all_links<'n>(node: &'n Node, links: &mut Vec<&'n LinkRef>) {
    links.extend(node.links.iter());
    for child in &node.children {
        all_links(child, links);
    }
}

fn all_text(node: &Node, texts: &mut Vec<String>) {
    if !node.plain().is_empty() {
        texts.push(node.plain().to_string());
    }
    for child in &node.children {
        all_text(child, texts);
    }
}

/// Puts one label's content into `change`.
fn apply_label(
    file: &SourceFile,
    change: &mut Change,
    name: &'static str,
    label: &Node,
    blocks: &[&Node],
    out: &mut Vec<Skipped>,
) {
    let source = file.text.as_str();
    let start = labels::content_start(label, source);
    let end = blocks.last().map_or(label.range.end, |b| b.range.end).max(start);
    let inline_links: Vec<&LinkRef> = label.links.iter().filter(|l| l.range.start >= start).collect();
    let mut texts: Vec<String> = Vec::new();
    let remainder = labels::remainder_text(label);
    if !remainder.is_empty() {
        texts.push(remainder);
    }
    blocks.iter().for_each(|b| all_text(b, &mut texts));
    match name {
        "tickets" => {
            let mut links = inline_links;
            blocks.iter().for_each(|b| all_links(b, &mut links));
            let mut ranges = Vec::with_capacity(blocks.len() + 1);
            ranges.push(start..label.range.end);
            ranges.extend(blocks.iter().map(|b| b.range.clone()));
            let tickets = labels::tickets(file, &links, &ranges, out);
            if tickets.is_empty() && !texts.is_empty() {
                out.push(Skipped {
                    offset: start,
                    message: format!("`{}` under **Tickets** is not a ticket", labels::short(&texts.join(" "))),
                    help: "write tickets as `[#601](https://github.com/org/repo/issues/601)` or `#601`".into(),
                });
            }
            change.tickets.extend(tickets);
        }
        "affects" => change.affects.extend(labels::capabilities(file, &texts.join(", "), start)),
        "impacts" => {
            if !texts.is_empty() {
                change.impacts = Some(texts.join(" "));
            }
        }
        "description" => {
            let text = source.get(start..end).unwrap_or("").trim();
            if !change.description.is_empty() && !text.is_empty() {
                change.description.push_str("\n\n");
            }
            change.description.push_str(text);
        }
        "pages_changed" | "pages_added" => {
            let title = if name == "pages_changed" { "Pages changed" } else { "Pages added" };
            let mut refs = inline_page_refs(file, &inline_links);
            refs.extend(pagerefs::pages(file, blocks, title, out));
            let target = if name == "pages_changed" { &mut change.pages_changed } else { &mut change.pages_added };
            target.extend(refs);
        }
        "profiles_changed" => {
            change.profiles_changed.extend(labels::profiles(file, blocks, out));
            change.profiles_changed.extend(inline_links.iter().map(|l| super::ProfileRef::from_link(file, l)));
        }
        _ => change.date = date::find_date(&texts.join(" ")),
    }
    if !change.labels.iter().any(|l| l == name) {
        change.labels.push(name.to_string());
    }
}

/// Pages linked on the label line itself (`**Pages changed:** [A](a.html)`).
fn inline_page_refs(file: &SourceFile, links: &[&LinkRef]) -> Vec<super::PageRef> {
    links.iter().map(|l| pagerefs::page_ref(file, l, false)).collect()
}

#[cfg(test)]
#[path = "labelled_tests.rs"]
mod tests;
