//! The page-breakdown layout: `### Group` headings over page-link bullets.
//!
//! Older releases of the family list, per group, one bullet per page changed
//! (`- [Glossary](overview_glossary.html)`) with the notes nested under it, or
//! plain bullets ("fixed a number of broken links"). Each top-level bullet is
//! one change. Paragraphs under a group heading ("*These changes were
//! previously released as ...*") become the group note of the list after them; a paragraph
//! after that list starts the next list's note ("Sprint 2:", "Sprint 1:"), and one no list
//! follows is reported. What comes before the first heading or list is the caller's: a
//! release's introduction.

use super::blocks::{Kind, LinkRef, Node};
use super::labelled::is_changes_heading;
use super::labels::{self, Skipped};
use super::pagerefs;
use super::{Change, PageRef, ProfileKind, ProfileRef};
use crate::load::SourceFile;

/// Reads the changes part (`nodes`) of a page-breakdown page (also used for
/// each version section of a changelog page). The caller takes what comes before the first
/// heading or list ([`lead_len`]) as the release's introduction.
pub fn read(file: &SourceFile, nodes: &[Node], out: &mut Vec<Skipped>) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut section: Option<String> = None;
    let mut note = Note::default();
    for (i, node) in nodes.iter().enumerate() {
        match node.kind {
            Kind::Heading(level) => {
                note.end(out);
                if is_changes_heading(node) {
                    stack.clear();
                    section = Some(node.plain().to_string());
                    continue;
                }
                while stack.last().is_some_and(|(l, _)| *l >= level) {
                    stack.pop();
                }
                stack.push((level, node.plain().to_string()));
            }
            Kind::List => {
                let group = stack.last().map(|(_, t)| t.clone());
                let outer = stack.iter().rev().nth(1).map(|(_, t)| t.clone());
                for item in &node.children {
                    if let Some(mut change) = change_from_item(file, item) {
                        change.group = group.clone();
                        change.group_note = note.text.clone();
                        change.section = outer.clone().or_else(|| section.clone());
                        changes.push(change);
                    }
                }
                note.used = true;
            }
            Kind::Paragraph if is_group_line(nodes, i) => {
                // A note written above the bold line is the note of the list under it.
                if note.used {
                    note = Note::default();
                }
                while stack.last().is_some_and(|(l, _)| *l >= BOLD_GROUP_LEVEL) {
                    stack.pop();
                }
                stack.push((BOLD_GROUP_LEVEL, group_name(node)));
            }
            Kind::Paragraph => {
                let text = file.text.get(node.range.clone()).unwrap_or("").trim();
                note.add(text, node.range.start);
            }
            Kind::Rule | Kind::Item => {}
            Kind::Other if !node.has_text() => {}
            Kind::Other => out.push(stray(node)),
        }
    }
    note.end(out);
    mark_pages_added(&mut changes);
    changes
}

/// The level a bold-only group line (`**Resources**`) takes among headings: below all six.
const BOLD_GROUP_LEVEL: u8 = 7;

/// Whether a paragraph is only a bold run naming a group of changes (`**Overview**`,
/// `**Design & Build:**`), not a bold sentence (`**The changes were made to ...**`).
fn is_bold_group(node: &Node) -> bool {
    is_bold_line(node) && node.lead.as_ref().is_some_and(|lead| lead.text.split_whitespace().count() <= 12)
}

/// Whether a paragraph is a single bold run that is not a sentence (does not end in `.`, `!`
/// or `?`): a group's name, or a version (`**1.0.0-alpha**`).
pub fn is_bold_line(node: &Node) -> bool {
    node.kind == Kind::Paragraph
        && node.lead.as_ref().is_some_and(|lead| {
            lead.strong
                && lead.range.start == node.content.start
                && lead.range.end >= node.content.end
                && !lead.text.trim().is_empty()
                && !lead.text.trim_end().ends_with(['.', '!', '?'])
        })
}

/// Whether paragraph `i` of `nodes` names the group of the changes after it: a bold line
/// (`**Resources**`), or a word or two alone over a list (`Added`, `Updated`, as Keep a
/// Changelog's headings are written without the `###`).
fn is_group_line(nodes: &[Node], i: usize) -> bool {
    is_bold_group(&nodes[i]) || is_list_label(nodes, i)
}

/// Whether paragraph `i` is a label over the list right after it: one line of at most three
/// words, no link, no closing punctuation (`Updated`, `Bug fixes`).
fn is_list_label(nodes: &[Node], i: usize) -> bool {
    let node = &nodes[i];
    let text = node.plain();
    node.kind == Kind::Paragraph
        && nodes.get(i + 1).is_some_and(|n| n.kind == Kind::List)
        && node.links.is_empty()
        && !text.is_empty()
        && !text.contains('\n')
        && text.split_whitespace().count() <= 3
        && !text.ends_with(['.', ':', '!', '?', ',', ';'])
}

/// A bold group line's name, without a trailing colon.
fn group_name(node: &Node) -> String {
    node.plain().trim_end_matches(':').trim().to_string()
}

/// A block between changes that no change can hold (a table, an HTML block, a quote).
fn stray(node: &Node) -> Skipped {
    Skipped {
        offset: node.range.start,
        message: format!("`{}` between changes is not part of a change", labels::short(node.first_text())),
        help: "write each change as a bullet, with its details nested under it".into(),
    }
}

/// Whether a group heading or lead-in says its bullets are pages added ("Pages added to
/// support ...:", "New pages", "Added pages"), not pages changed.
fn lists_pages_added(text: &str) -> bool {
    let lower = text.to_lowercase();
    let more = ["added pages", "pages have been added", "pages were added"];
    labels::spellings("pages_added").iter().chain(&more).any(|p| lower.contains(p))
}

/// Moves the pages of changes listed under a "Pages added" heading or lead-in from
/// `pages_changed` to `pages_added`.
fn mark_pages_added(changes: &mut [Change]) {
    for change in changes.iter_mut() {
        let added = change.group_note.as_deref().is_some_and(lists_pages_added)
            || change.group.as_deref().is_some_and(lists_pages_added);
        if added && change.pages_added.is_empty() {
            change.pages_added = std::mem::take(&mut change.pages_changed);
        }
    }
}

/// Whether a paragraph introduces the list right after it (`The following Profiles have
/// changed:`, `Pages updated to support new use cases:`).
fn is_lead_in(nodes: &[Node], i: usize) -> bool {
    nodes[i].kind == Kind::Paragraph
        && nodes.get(i + 1).is_some_and(|n| n.kind == Kind::List)
        && nodes[i].plain().ends_with(':')
}

/// Whether a version section (or a changes part) is written as one paragraph per change,
/// with no headings: the family's early changelogs (`## 0.6.0-alpha.0 ##`, then "Added
/// searches that use extensions", "Added links to ..."). That is so when it has a paragraph
/// besides bold group lines and lead-ins, and either no list, or such a paragraph after its
/// first list (in a page breakdown, what follows a list is the next list's lead-in).
pub fn reads_as_paragraphs(nodes: &[Node]) -> bool {
    if nodes.iter().any(|n| n.heading_level().is_some()) {
        return false;
    }
    let own = |i: usize| nodes[i].kind == Kind::Paragraph && !is_group_line(nodes, i) && !is_lead_in(nodes, i);
    let first_list = nodes.iter().position(|n| n.kind == Kind::List).unwrap_or(0);
    (first_list..nodes.len()).any(own)
}

/// Reads a part written as [`reads_as_paragraphs`]: each paragraph is a change, a bold line
/// names the group of those after it, and a lead-in's list gives one change per bullet, with
/// the lead-in as their group note. Opening paragraphs that speak of the release itself
/// ("This is the second version published ...") are returned apart, as its introduction.
pub fn read_paragraphs(file: &SourceFile, nodes: &[Node], out: &mut Vec<Skipped>) -> (String, Vec<Change>) {
    let intro_len = nodes.iter().take_while(|n| n.kind == Kind::Paragraph && speaks_of_release(n.plain())).count();
    let mut changes = Vec::new();
    let mut group: Option<String> = None;
    let mut lead_in: Option<String> = None;
    for (i, node) in nodes.iter().enumerate().skip(intro_len) {
        match node.kind {
            Kind::Paragraph if is_group_line(nodes, i) => group = Some(group_name(node)),
            Kind::Paragraph if is_lead_in(nodes, i) => {
                lead_in = Some(file.text.get(node.range.clone()).unwrap_or("").trim().to_string());
            }
            Kind::Paragraph | Kind::List => {
                let items = if node.kind == Kind::List { &node.children[..] } else { std::slice::from_ref(node) };
                for item in items {
                    if let Some(mut change) = change_from_item(file, item) {
                        change.group = group.clone();
                        change.group_note = lead_in.clone();
                        changes.push(change);
                    }
                }
                lead_in = None;
            }
            Kind::Heading(_) | Kind::Rule | Kind::Item => {}
            Kind::Other if !node.has_text() => {}
            Kind::Other => out.push(stray(node)),
        }
    }
    mark_pages_added(&mut changes);
    (crate::model::labelled::source_of(&file.text, &nodes[..intro_len]), changes)
}

/// Whether a paragraph speaks of the release rather than a change: "This release ...",
/// "This is the second version ...".
fn speaks_of_release(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    ["this release", "this version", "this is "].iter().any(|p| lower.starts_with(p))
}

/// How many of `nodes` come before the first heading or list: a release's opening words, not
/// a change.
///
/// A bold group line (`**Overview**`) starts the changes, and so does the lead-in of the first
/// list (`Pages updated to support new use cases:`) when more lists follow: it is that
/// group's note, as the next lists' lead-ins are theirs.
pub fn lead_len(nodes: &[Node]) -> usize {
    let lists = nodes.iter().filter(|n| n.kind == Kind::List).count();
    (0..nodes.len())
        .position(|i| {
            let n = &nodes[i];
            matches!(n.kind, Kind::Heading(_) | Kind::List)
                || is_group_line(nodes, i)
                || (lists >= 2 && is_lead_in(nodes, i))
        })
        .unwrap_or(nodes.len())
}

/// The paragraphs written over the bullets that follow them (`*Previously released as
/// 1.0.0-rc.1:*`): the group note of those changes.
#[derive(Default)]
struct Note {
    text: Option<String>,
    /// Where its first paragraph starts.
    offset: usize,
    /// Whether a list took it: a paragraph after that list starts the next note.
    used: bool,
}

impl Note {
    fn add(&mut self, paragraph: &str, offset: usize) {
        if self.used {
            *self = Note::default();
        }
        match &mut self.text {
            Some(text) => {
                text.push_str("\n\n");
                text.push_str(paragraph);
            }
            None => {
                self.text = Some(paragraph.to_string());
                self.offset = offset;
            }
        }
    }

    /// Ends the note at a heading or the end of the part; one no list took is reported.
    fn end(&mut self, out: &mut Vec<Skipped>) {
        if let (Some(text), false) = (&self.text, self.used) {
            out.push(Skipped {
                offset: self.offset,
                message: format!("`{}` is not followed by any change, so no change holds it", labels::short(text)),
                help: "write it as a change's bullet, or move it into the introduction".into(),
            });
        }
        *self = Note::default();
    }
}

/// One top-level bullet as a change: a page link (or italic page name) gives
/// the title and the page; otherwise the bullet's text is the title.
pub fn change_from_item(file: &SourceFile, item: &Node) -> Option<Change> {
    let mut change = change_from_item_text(file, item)?;
    // Links to FHIR artefacts (`.../StructureDefinition/Name`), in the bullet or under it, are
    // profiles changed, not pages.
    change.pages_changed.retain(|r| labels::profile_kind(&r.target) == ProfileKind::Other);
    let mut profiles = Vec::new();
    profile_links(file, item, &mut profiles);
    change.profiles_changed = profiles;
    Some(change)
}

/// The FHIR artefact links of `node` and of the blocks nested in it, in order.
fn profile_links(file: &SourceFile, node: &Node, out: &mut Vec<ProfileRef>) {
    out.extend(node.links.iter().filter_map(|link| profile_ref(file, link)));
    for child in &node.children {
        profile_links(file, child, out);
    }
}

/// The FHIR artefact a link points at, if it points at one.
fn profile_ref(file: &SourceFile, link: &LinkRef) -> Option<ProfileRef> {
    (labels::profile_kind(link.dest.trim()) != ProfileKind::Other).then(|| ProfileRef::from_link(file, link))
}

/// [`change_from_item`] before its profile links are sorted out.
fn change_from_item_text(file: &SourceFile, item: &Node) -> Option<Change> {
    let source = file.text.as_str();
    let span = file.span(item.content.start.max(item.range.start));
    let mut change = Change { span, line: span.line, ..Change::default() };
    let refs = pagerefs::item_page_refs(file, item);
    // The notes nested under the bullet, as nested as they are written.
    let mut levelled = Vec::new();
    pagerefs::levelled_notes(item, source, 0, &mut levelled);
    if let Some(first) = refs.first() {
        change.title = first.text.clone();
        // The page's notes are the note after its link, then the nested ones.
        let after = first.notes.len().saturating_sub(levelled.len());
        let notes = first.notes[..after].iter().map(|n| (0, n.clone())).chain(levelled);
        change.description = bullets(notes);
        change.pages_changed = refs;
        return Some(change);
    }
    let title = item.plain().split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() && item.children.is_empty() {
        return None;
    }
    let notes: Vec<String> = levelled.iter().map(|(_, note)| note.clone()).collect();
    change.pages_changed = item
        .links
        .iter()
        .filter(|l| pagerefs::is_internal(&l.dest))
        .map(|l| {
            // `- Updated [Glossary](glossary.html)` names the page after its verb; `- See the
            // [guide](guide.html) for details` links words of a sentence.
            let before = source.get(item.content.start..l.range.start).unwrap_or("");
            PageRef { notes: notes.clone(), ..pagerefs::page_ref(file, l, before.split_whitespace().count() > 1) }
        })
        .collect();
    change.title = title;
    change.description = bullets(levelled);
    Some(change)
}

/// Changes written as bold-led lines of paragraphs, with no list or heading: the ITK family's
/// changelog sections (`**Infrastructure Changes**` on a line, what changed on the next ones).
/// Each line that starts with a bold run starts a change titled by it; the lines up to the
/// next such line are its description. Returns the text before the first one (the release's
/// own introduction) and the changes; `None` when no line starts with a bold run.
pub fn bold_line_changes(file: &SourceFile, nodes: &[Node]) -> Option<(String, Vec<Change>)> {
    let source = file.text.as_str();
    let mut intro: Vec<&str> = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    let mut description: Vec<&str> = Vec::new();
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let finish = |change: &mut Change, description: &mut Vec<&str>| {
        change.description = description.join("\n").trim().to_string();
        description.clear();
    };
    for node in nodes.iter().filter(|n| n.kind == Kind::Paragraph) {
        let mut at = node.range.start;
        for line in source.get(node.range.clone()).unwrap_or("").split_inclusive('\n') {
            let start = at;
            at += line.len();
            match bold_lead(line) {
                Some((title, rest)) => {
                    if let Some(last) = changes.last_mut() {
                        finish(last, &mut description);
                    }
                    let span = file.span(start + line.len() - line.trim_start().len());
                    changes.push(Change { title: title.to_string(), span, line: span.line, ..Change::default() });
                    ranges.push(start..at);
                    description.extend(Some(rest.trim()).filter(|r| !r.is_empty()));
                }
                None if changes.is_empty() => intro.push(line.trim_end()),
                None => {
                    description.push(line.trim_end());
                    if let Some(r) = ranges.last_mut() {
                        r.end = at;
                    }
                }
            }
        }
        if !changes.is_empty() {
            description.push("");
        } else {
            intro.push("");
        }
    }
    let last = changes.last_mut()?;
    finish(last, &mut description);
    // Links in a change's lines: FHIR artefacts are profiles changed, other pages of the spec
    // are pages it names in passing.
    let links: Vec<&LinkRef> = nodes.iter().flat_map(|n| &n.links).collect();
    for (change, range) in changes.iter_mut().zip(&ranges) {
        for link in links.iter().filter(|l| range.contains(&l.range.start)) {
            match profile_ref(file, link) {
                Some(profile) => change.profiles_changed.push(profile),
                None if pagerefs::is_internal(&link.dest) => {
                    change.pages_changed.push(pagerefs::page_ref(file, link, true))
                }
                None => {}
            }
        }
    }
    Some((intro.join("\n").trim().to_string(), changes))
}

/// `**Title**` (or `__Title__`), an optional colon, and the rest of the line, when the line
/// starts with a bold run.
fn bold_lead(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let marker = if line.starts_with("**") {
        "**"
    } else if line.starts_with("__") {
        "__"
    } else {
        return None;
    };
    let inner = &line[2..];
    let end = inner.find(marker)?;
    let title = inner[..end].trim().trim_end_matches(':').trim();
    if title.is_empty() {
        return None;
    }
    let rest = inner[end + 2..].trim_start().trim_start_matches(':');
    Some((title, rest))
}

/// Notes as a Markdown bullet list, each indented by its depth.
fn bullets(notes: impl IntoIterator<Item = (usize, String)>) -> String {
    let lines: Vec<String> = notes.into_iter().map(|(depth, n)| format!("{}- {n}", "  ".repeat(depth))).collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::blocks;

    fn read_src(src: &str) -> (Vec<Change>, Vec<Skipped>) {
        let file = SourceFile::new("r.md", src.to_string());
        let nodes = blocks::parse(src);
        let mut out = Vec::new();
        (read(&file, &nodes, &mut out), out)
    }

    #[test]
    fn each_page_bullet_is_a_change_with_its_notes() {
        let src = "### Core specification\n\n- [Glossary](overview_glossary.html#a)\n  - Defined X\n  - Defined Y\n\n- [FAQ](support_faq.html) - removed old questions\n";
        let (changes, skipped) = read_src(src);
        assert!(skipped.is_empty());
        assert_eq!(changes.len(), 2);
        let c = &changes[0];
        assert_eq!(c.title, "Glossary");
        assert_eq!(c.group.as_deref(), Some("Core specification"));
        assert_eq!(c.description, "- Defined X\n- Defined Y");
        assert_eq!(c.pages_changed[0].target, "overview_glossary.html");
        assert_eq!(c.pages_changed[0].anchor.as_deref(), Some("a"));
        assert_eq!(c.pages_changed[0].notes, ["Defined X", "Defined Y"]);
        assert_eq!(changes[1].pages_changed[0].notes, ["removed old questions"]);
        assert_eq!(c.line, 3);
    }

    #[test]
    fn plain_and_italic_bullets_are_changes_too() {
        let src = "### Entire specification ###\n\n*Previously released as 1.0.0-rc.1:*\n\n- fixed broken links\n- updated [Security](security.html)\n\t- clarified headers\n- *Spine overview*\n  - moved\n";
        let (changes, _) = read_src(src);
        let titles: Vec<&str> = changes.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["fixed broken links", "updated Security", "Spine overview"]);
        assert!(changes[0].pages_changed.is_empty());
        assert_eq!(changes[1].pages_changed[0].target, "security.html");
        assert_eq!(changes[1].pages_changed[0].notes, ["clarified headers"]);
        assert_eq!(changes[2].pages_changed[0].target, "");
        assert_eq!(changes[0].group_note.as_deref(), Some("*Previously released as 1.0.0-rc.1:*"));
    }

    #[test]
    fn a_bullet_that_goes_on_after_its_italic_label_is_titled_by_its_sentence() {
        let src = "- [Solution Interactions](si.html) diagrams updated.\n- *Breaking Change* The widget was renamed\n- *Spine overview* (moved)\n";
        let (changes, _) = read_src(src);
        let titles: Vec<&str> = changes.iter().map(|c| c.title.as_str()).collect();
        // A leading link names the page changed, and what follows it is the note.
        assert_eq!(titles, ["Solution Interactions", "Breaking Change The widget was renamed", "Spine overview"]);
        assert_eq!(changes[0].description, "- diagrams updated.");
        assert!(changes[1].pages_changed.is_empty());
        assert_eq!(changes[2].pages_changed[0].text, "Spine overview");
    }

    #[test]
    fn bold_led_lines_are_changes_when_a_section_has_no_list() {
        let src = "Some words first.\n\n**Infrastructure Changes**\nAligned with [Messaging](messaging.html).  \n\
                   **Value sets:** The [CareSetting-1](https://fhir.nhs.uk/STU3/ValueSet/CareSetting-1) url changed.\n\
                   It moved.\n";
        let file = SourceFile::new("r.md", src.to_string());
        let nodes = blocks::parse(src);
        let (intro, changes) = bold_line_changes(&file, &nodes).expect("changes");
        assert_eq!(intro, "Some words first.");
        let read: Vec<(&str, &str, usize)> =
            changes.iter().map(|c| (c.title.as_str(), c.description.as_str(), c.line)).collect();
        assert_eq!(
            read,
            [
                ("Infrastructure Changes", "Aligned with [Messaging](messaging.html).", 3),
                (
                    "Value sets",
                    "The [CareSetting-1](https://fhir.nhs.uk/STU3/ValueSet/CareSetting-1) url changed.\nIt moved.",
                    5
                ),
            ]
        );
        assert_eq!(changes[0].pages_changed[0].target, "messaging.html");
        assert_eq!(changes[1].profiles_changed[0].name, "CareSetting-1");
        assert!(bold_line_changes(&file, &nodes[..1]).is_none(), "no bold line, no changes");
    }

    #[test]
    fn links_to_fhir_artefacts_are_profiles_changed_not_pages() {
        let src = "- [Encounter-1](https://fhir.example/STU3/StructureDefinition/Encounter-1) profile updated\n  - binding to [Codes-1](https://fhir.example/STU3/ValueSet/Codes-1)\n- [Guide](guide.html) updated\n";
        let (changes, _) = read_src(src);
        assert_eq!(changes[0].title, "Encounter-1");
        assert!(changes[0].pages_changed.is_empty(), "{:?}", changes[0].pages_changed);
        let profiles: Vec<(&str, ProfileKind)> =
            changes[0].profiles_changed.iter().map(|p| (p.name.as_str(), p.kind)).collect();
        assert_eq!(profiles, [("Encounter-1", ProfileKind::StructureDefinition), ("Codes-1", ProfileKind::ValueSet)]);
        assert_eq!(changes[1].pages_changed[0].target, "guide.html");
        assert!(changes[1].profiles_changed.is_empty());
    }

    #[test]
    fn a_description_keeps_the_nesting_of_the_notes_under_its_bullet() {
        let src = "- **Preferences:** profiles added:\n  - Flag-1: supports decisions\n    - Binds to Decisions-1\n  - Location-1: supports boxes\n- [Guide](guide.html) - reworded\n  - the overview:\n    - shorter\n";
        let (changes, _) = read_src(src);
        assert_eq!(
            changes[0].description,
            "- Flag-1: supports decisions\n  - Binds to Decisions-1\n- Location-1: supports boxes"
        );
        assert_eq!(changes[1].description, "- reworded\n- the overview:\n  - shorter");
        // A page's notes stay a flat list.
        assert_eq!(changes[1].pages_changed[0].notes, ["reworded", "the overview:", "shorter"]);
    }

    #[test]
    fn an_autolinked_profile_is_named_by_its_url() {
        let (changes, _) = read_src("- Value set moved to <https://fhir.example/STU3/ValueSet/Care-1>\n");
        assert_eq!(changes[0].profiles_changed[0].name, "Care-1");
        assert_eq!(changes[0].profiles_changed[0].url, "https://fhir.example/STU3/ValueSet/Care-1");
    }

    #[test]
    fn later_changes_headings_become_the_section() {
        let src = "### Core\n\n- a\n\n## Changes in 1.2.0-rc ##\n\n### Structured\n\n- b\n";
        let (changes, _) = read_src(src);
        assert_eq!(changes[0].section, None);
        assert_eq!(changes[1].section.as_deref(), Some("Changes in 1.2.0-rc"));
        assert_eq!(changes[1].group.as_deref(), Some("Structured"));
    }

    #[test]
    fn a_code_block_between_changes_is_reported() {
        let (_, skipped) = read_src("### Core\n\n```\nstray\n```\n");
        assert_eq!(skipped.len(), 1);
        assert_eq!(skipped[0].offset, 10);
    }
}
