//! A light block tree of one page, from a single pulldown-cmark pass.
//!
//! The release-notes readers need only a little structure: top-level headings,
//! paragraphs (and whether they open with a bold label), lists with nested
//! items, and the links inside each. Every node keeps byte ranges into the
//! original file, so change descriptions can be cut from the source verbatim
//! and every span is exact. Paragraphs of a loose list item are merged into
//! the item, so tight and loose lists read the same.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A heading of the given level.
    Heading(u8),
    /// A paragraph.
    Paragraph,
    /// A bullet or ordered list; children are its items.
    List,
    /// A list item; children are its nested blocks (lists, code...).
    Item,
    /// A `---` thematic break.
    Rule,
    /// An HTML block, code block, table, block quote...
    Other,
}

/// A bold or italic run that opens a paragraph or item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    /// True when bold (`**x**`), false for italic only.
    pub strong: bool,
    /// Its plain text.
    pub text: String,
    /// Its byte range, markers included.
    pub range: Range<usize>,
}

/// A link with its plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// Plain link text.
    pub text: String,
    /// Destination as parsed.
    pub dest: String,
    /// Byte range of the whole link.
    pub range: Range<usize>,
}

/// A block of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// Byte range in the file (for an item: nested blocks included).
    pub range: Range<usize>,
    /// Plain text of its own inline content (an item's nested lists excluded).
    pub text: String,
    /// Links in its own inline content.
    pub links: Vec<LinkRef>,
    /// An opening bold or italic run.
    pub lead: Option<Lead>,
    /// Byte range of its own inline content (empty when it has none).
    pub content: Range<usize>,
    /// Whether it has inline content (`content` is meaningful).
    pub started: bool,
    /// Nested blocks.
    pub children: Vec<Node>,
}

impl Node {
    fn new(kind: Kind, range: Range<usize>) -> Node {
        Node {
            kind,
            content: range.start..range.start,
            started: false,
            range,
            text: String::new(),
            links: Vec::new(),
            lead: None,
            children: Vec::new(),
        }
    }

    /// Whether this node has inline content yet.
    fn has_content(&self) -> bool {
        self.started
    }

    /// Marks inline content starting at `start`, if none was seen before.
    fn touch(&mut self, start: usize) {
        if !self.started {
            self.started = true;
            self.content = start..start;
        }
    }

    /// Whether the node is a heading.
    pub fn heading_level(&self) -> Option<u8> {
        match self.kind {
            Kind::Heading(level) => Some(level),
            _ => None,
        }
    }

    /// The node's plain text, trimmed (NBSP included).
    pub fn plain(&self) -> &str {
        self.text.trim()
    }

    /// Whether the node or a block nested in it has text: a block quote's words are in its
    /// paragraphs, not its own text.
    pub fn has_text(&self) -> bool {
        !self.plain().is_empty() || self.children.iter().any(Node::has_text)
    }

    /// The first text of the node or of the first nested block that has some.
    pub fn first_text(&self) -> &str {
        if !self.plain().is_empty() {
            return self.plain();
        }
        self.children.iter().map(Node::first_text).find(|t| !t.is_empty()).unwrap_or("")
    }
}

struct OpenLead {
    depth: usize,
    nesting: usize,
    strong: bool,
    text_start: usize,
    start: usize,
}

/// Blocks nested deeper than this are read as part of their ancestor: release notes never nest
/// so deep, and a bounded tree keeps building, walking and dropping it off the stack's limits.
const MAX_NESTING: usize = 64;

#[derive(Default)]
struct Builder {
    stack: Vec<Node>,
    /// Blocks opened past [`MAX_NESTING`] and not yet closed.
    flattened: usize,
    top: Vec<Node>,
    link: Option<(usize, String, usize)>,
    lead: Option<OpenLead>,
}

fn block_kind(tag: &Tag<'_>) -> Option<Kind> {
    Some(match tag {
        Tag::Heading { level, .. } => Kind::Heading(*level as u8),
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(_) => Kind::List,
        Tag::Item => Kind::Item,
        Tag::BlockQuote(_)
        | Tag::CodeBlock(_)
        | Tag::HtmlBlock
        | Tag::Table(_)
        | Tag::FootnoteDefinition(_)
        | Tag::DefinitionList
        | Tag::MetadataBlock(_) => Kind::Other,
        _ => return None,
    })
}

fn ends_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Heading(_)
            | TagEnd::Paragraph
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::MetadataBlock(_)
    )
}

impl Builder {
    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if let Some(node) = self.stack.last_mut() {
            node.touch(range.start);
            node.text.push_str(text);
            node.content.end = range.end.max(node.content.end);
        }
    }

    fn start_inline(&mut self, tag: &Tag<'_>, range: Range<usize>) {
        let depth = self.stack.len();
        let Some(node) = self.stack.last_mut() else {
            return;
        };
        let emphasis = matches!(tag, Tag::Strong | Tag::Emphasis);
        let strong = matches!(tag, Tag::Strong);
        match &mut self.lead {
            Some(open) if open.depth == depth && emphasis => {
                open.nesting += 1;
                open.strong |= strong;
            }
            None if emphasis && !node.has_content() && node.lead.is_none() => {
                self.lead =
                    Some(OpenLead { depth, nesting: 0, strong, text_start: node.text.len(), start: range.start });
            }
            _ => {}
        }
        node.touch(range.start);
        if let Tag::Link { dest_url, .. } = tag {
            self.link = Some((node.text.len(), dest_url.to_string(), range.start));
        }
    }

    fn end_inline(&mut self, end: &TagEnd, range: Range<usize>) {
        let depth = self.stack.len();
        let Some(node) = self.stack.last_mut() else {
            return;
        };
        if matches!(end, TagEnd::Strong | TagEnd::Emphasis) {
            if let Some(open) = &mut self.lead {
                if open.depth == depth && open.nesting > 0 {
                    open.nesting -= 1;
                } else if open.depth == depth {
                    let text = node.text.get(open.text_start..).unwrap_or("");
                    node.lead =
                        Some(Lead { strong: open.strong, text: text.trim().to_string(), range: open.start..range.end });
                    self.lead = None;
                }
            }
        }
        if *end == TagEnd::Link {
            if let Some((text_start, dest, start)) = self.link.take() {
                let text = node.text.get(text_start..).unwrap_or("").trim().to_string();
                node.links.push(LinkRef { text, dest, range: start..range.end });
            }
        }
        node.content.end = range.end.max(node.content.end);
    }

    fn finish(&mut self) {
        let Some(node) = self.stack.pop() else {
            return;
        };
        self.lead = None;
        match self.stack.last_mut() {
            Some(item) if item.kind == Kind::Item && node.kind == Kind::Paragraph => {
                merge_paragraph(item, node);
            }
            Some(parent) => parent.children.push(node),
            None => self.top.push(node),
        }
    }
}

/// A loose item's paragraph becomes part of the item's own content.
fn merge_paragraph(item: &mut Node, para: Node) {
    if item.has_content() {
        item.text.push('\n');
        item.content.end = para.content.end.max(item.content.end);
    } else {
        item.content = para.content.clone();
        item.started = para.started;
        item.lead = para.lead;
    }
    item.text.push_str(&para.text);
    item.links.extend(para.links);
}

/// Builds the block tree from the events of one pulldown-cmark pass (with their byte ranges),
/// so the parse stage's pass over a release page can build it too ([`crate::parse::parse_page_observed`]).
#[derive(Default)]
pub struct Sink {
    b: Builder,
}

impl Sink {
    /// Takes the next event of the pass.
    pub fn event(&mut self, event: &Event<'_>, range: Range<usize>) {
        let b = &mut self.b;
        match event {
            Event::Start(tag) => match block_kind(tag) {
                Some(_) if b.stack.len() >= MAX_NESTING => b.flattened += 1,
                Some(kind) => b.stack.push(Node::new(kind, range)),
                None => b.start_inline(tag, range),
            },
            Event::End(end) if ends_block(end) && b.flattened > 0 => b.flattened -= 1,
            Event::End(end) if ends_block(end) => b.finish(),
            // A table's cells are its own text: keep them apart (`change page`, not `changepage`).
            Event::End(TagEnd::TableCell) => b.push_text(" ", range),
            Event::End(end) => b.end_inline(end, range),
            Event::Text(t) | Event::Code(t) => b.push_text(t, range),
            Event::SoftBreak => b.push_text(" ", range),
            Event::HardBreak => b.push_text("\n", range),
            Event::Rule => {
                let rule = Node::new(Kind::Rule, range);
                match b.stack.last_mut() {
                    Some(parent) => parent.children.push(rule),
                    None => b.top.push(rule),
                }
            }
            _ => {}
        }
    }

    /// The top-level blocks, once every event was taken.
    pub fn finish(mut self) -> Vec<Node> {
        while !self.b.stack.is_empty() {
            self.b.finish();
        }
        self.b.top
    }
}

/// Parses `text` (masked: front matter blanked, Liquid masked) into top-level blocks.
pub fn parse(text: &str) -> Vec<Node> {
    let mut sink = Sink::default();
    for (event, range) in Parser::new_ext(text, crate::parse::cmark_options()).into_offset_iter() {
        sink.event(&event, range);
    }
    sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_paragraph_records_its_bold_lead_and_links() {
        let src = "**Tickets**:&nbsp; [#605](https://x/issues/605), [#633](u)\n";
        let nodes = parse(src);
        assert_eq!(nodes.len(), 1);
        let p = &nodes[0];
        let lead = p.lead.as_ref().expect("lead");
        assert_eq!((lead.strong, lead.text.as_str(), lead.range.clone()), (true, "Tickets", 0..11));
        let texts: Vec<&str> = p.links.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["#605", "#633"]);
        assert_eq!(p.links[0].dest, "https://x/issues/605");
        assert_eq!(&src[p.links[1].range.clone()], "[#633](u)");
    }

    #[test]
    fn loose_items_merge_their_paragraphs_and_keep_nested_lists() {
        let src = "- [A](a.html)\n  - note one\n\n- *B* (removed)\n";
        let nodes = parse(src);
        let list = &nodes[0];
        assert_eq!(list.kind, Kind::List);
        assert_eq!(list.children.len(), 2);
        let a = &list.children[0];
        assert_eq!(a.plain(), "A");
        assert_eq!(&src[a.content.clone()], "[A](a.html)");
        assert_eq!(a.children[0].children[0].plain(), "note one");
        let b = &list.children[1];
        assert_eq!(b.lead.as_ref().map(|l| (l.strong, l.text.as_str())), Some((false, "B")));
        assert_eq!(b.plain(), "B (removed)");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_flattened_into_the_deepest_kept_block() {
        let src = format!("{} deep\n\nafter\n", ">".repeat(1000));
        let nodes = parse(&src);
        let mut depth = 0;
        let mut node = &nodes[0];
        while let Some(child) = node.children.first() {
            node = child;
            depth += 1;
        }
        assert!(depth < MAX_NESTING, "{depth}");
        assert_eq!(node.plain(), "deep");
    }

    #[test]
    fn headings_and_rules_are_top_level_nodes() {
        let nodes = parse("## Core ##\n\n---\n\n### Entry *(cosmetic)* ###\n");
        let kinds: Vec<Kind> = nodes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, [Kind::Heading(2), Kind::Rule, Kind::Heading(3)]);
        assert_eq!(nodes[2].plain(), "Entry (cosmetic)");
    }
}
