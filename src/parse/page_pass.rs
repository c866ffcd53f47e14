//! One page, start to finish: mask, read attribute lists, walk the Markdown
//! (or scan the HTML), expand includes, evaluate Liquid where it writes
//! anchors, then number heading ids in document order as kramdown does.

use serde_json::Map;

use super::attrs::{self, Ial, Placement};
use super::html::{self, HtmlItem};
use super::ids::IdCounter;
use super::includes::{self, Contribution, Expander, IncludeCache};
use super::markdown::{self, RawHeading, RawLink};
use super::{Anchor, AnchorOrigin, Document, Heading, IncludeRef, Link, LinkKind, LinkOrigin, links, liquid};
use crate::load::{Page, Site};

/// A link found on the page, and the include that writes it (the link is then at the include tag).
type FoundLink = (RawLink, LinkOrigin, Option<String>);

/// A heading taking part in id numbering: the page's own, or brought in.
struct Slot {
    offset: usize,
    text: String,
    /// An explicit id; a brought-in plain anchor is a slot with only this.
    explicit: Option<String>,
    /// Index into the page's headings, or the origin of a brought-in one.
    source: SlotSource,
}

enum SlotSource {
    Page(usize),
    Other(AnchorOrigin),
}

/// The explicit id of each heading, from `{#id}` or a `{: #id}` line.
pub fn explicit_ids(headings: &[RawHeading], ials: &[Ial], text: &str) -> Vec<Option<String>> {
    let mut ids = vec![None; headings.len()];
    for ial in ials {
        let Some(id) = &ial.id else { continue };
        let target = match ial.placement {
            Placement::HeadingLine => headings.iter().position(|h| h.range.contains(&ial.range.start)),
            Placement::AfterBlock => headings
                .iter()
                .position(|h| h.range.end >= ial.line_start.saturating_sub(1) && h.range.end <= ial.line_start),
            Placement::BeforeBlock => {
                let next = next_content_line(text, ial.range.end);
                headings.iter().position(|h| h.range.start >= ial.range.end && h.range.start <= next)
            }
            Placement::Span => None,
        };
        if let Some(i) = target {
            ids[i] = Some(id.clone());
        }
    }
    ids
}

/// Offset of the first non-blank character at or after `from`.
fn next_content_line(text: &str, from: usize) -> usize {
    text[from.min(text.len())..].find(|c: char| !c.is_whitespace()).map_or(text.len(), |i| from + i)
}

/// Parses one page (see [`super::parse_page`]); `observer` sees the events of its Markdown pass.
pub fn run(
    site: &Site,
    page: &Page,
    cache: Option<&IncludeCache>,
    observer: Option<markdown::Observer<'_>>,
) -> Document {
    let original = page.source.text.as_str();
    let super::MaskedParts { text, tags, ials, html: tag_items } = super::masked_parts(page);
    let mut anchors: Vec<(usize, Anchor)> = Vec::new();
    let mut slots = Vec::new();
    let mut raw_links: Vec<FoundLink> = Vec::new();
    let mut headings: Vec<RawHeading> = Vec::new();
    let mut explicit = Vec::new();
    let mut html_items = Vec::new();
    if page.markdown {
        let found = markdown::walk_observed(&text, original, observer);
        explicit = explicit_ids(&found.headings, &ials, &text);
        headings = found.headings;
        raw_links.extend(found.links.into_iter().map(|l| (l, LinkOrigin::Markdown, None)));
        for (id, offset) in found.footnotes {
            anchors.push((offset, anchor(page, id, offset, AnchorOrigin::Footnote)));
        }
        html_items = found.html;
        if !tag_items.is_empty() {
            html_items.extend(tag_items);
            html_items.sort_by_key(html_offset);
        }
        for ial in ials.iter().filter(|i| i.placement != Placement::HeadingLine) {
            if let Some(id) = &ial.id {
                if !explicit.contains(&Some(id.clone())) {
                    anchors.push((ial.range.start, anchor(page, id.clone(), ial.range.start, AnchorOrigin::Attribute)));
                }
            }
        }
    } else {
        html::scan(&text, original, page.body_start..text.len(), &mut html_items);
    }
    read_html(page, html_items, &mut raw_links, &mut anchors, &mut headings, &mut explicit);
    for (i, h) in headings.iter().enumerate() {
        let explicit = explicit.get(i).cloned().flatten();
        slots.push(Slot { offset: h.range.start, text: h.text.clone(), explicit, source: SlotSource::Page(i) });
    }
    let mut expander = match cache {
        Some(cache) => Expander::with_cache(site, page, cache),
        None => Expander::new(site, page),
    };
    let mut include_refs = Vec::new();
    for tag in tags.iter().filter(|t| t.name() == "include") {
        let parsed = includes::parse_tag(&tag.inner, page);
        let found = match includes::resolve_name(&parsed.name, page) {
            Some(n) => site.includes.contains_key(&n),
            // A name Liquid decides at build time cannot be judged here.
            None => true,
        };
        let span = page.source.span(tag.range.start);
        include_refs.push(IncludeRef { name: parsed.name.clone(), span, found, relative: None });
        let params = includes::param_links(original, tag.range.clone());
        let mut contributions = Vec::new();
        expander.expand(&parsed, 0, &mut contributions);
        // The include's own links; those its parameters wrote are read from the tag, where they
        // are written.
        contributions.retain(|c| match c {
            Contribution::Link { written, .. } => !params.iter().any(|(p, _)| &p.written == written),
            _ => true,
        });
        for (link, is_html) in params {
            let origin = if is_html { LinkOrigin::Html } else { LinkOrigin::Markdown };
            raw_links.push((link, origin, None));
        }
        let origin = AnchorOrigin::Include(parsed.name.clone());
        add_contributions(contributions, tag.range.start, &origin, &mut slots, &mut raw_links);
    }
    for tag in tags.iter().filter(|t| t.name() == "include_relative") {
        let span = page.source.span(tag.range.start);
        match includes::relative(site, page, &tag.inner) {
            (name, includes::Relative::Found { path, contributions }) => {
                let origin = AnchorOrigin::Include(name.clone());
                add_contributions(contributions, tag.range.start, &origin, &mut slots, &mut raw_links);
                include_refs.push(IncludeRef { name, span, found: true, relative: Some(path) });
            }
            (name, includes::Relative::Missing { path }) => {
                include_refs.push(IncludeRef { name, span, found: false, relative: Some(path) });
            }
            (name, includes::Relative::Invalid) => {
                include_refs.push(IncludeRef { name, span, found: false, relative: Some(String::new()) });
            }
            (_, includes::Relative::Unjudged) => {}
        }
    }
    if page.markdown && needs_page_liquid(&page.source.text[page.body_start..]) {
        liquid_headings(site, page, &mut slots, &mut anchors);
    }
    let mut doc = Document::default();
    number_headings(site, page, slots, &headings, &mut doc, &mut anchors);
    anchors.sort_by_key(|(offset, _)| *offset);
    doc.anchors = anchors.into_iter().map(|(_, a)| a).collect();
    raw_links.sort_by_key(|(l, _, _)| l.offset);
    doc.links = raw_links.into_iter().map(|(l, origin, include)| to_link(site, page, l, origin, include)).collect();
    doc.includes = include_refs;
    doc
}

fn html_offset(item: &HtmlItem) -> usize {
    match item {
        HtmlItem::Anchor { offset, .. } | HtmlItem::Link { offset, .. } => *offset,
        HtmlItem::Heading { range, .. } => range.start,
    }
}

fn anchor(page: &Page, id: String, offset: usize, origin: AnchorOrigin) -> Anchor {
    Anchor { id, span: page.source.span(offset), origin }
}

fn to_link(site: &Site, page: &Page, raw: RawLink, origin: LinkOrigin, include: Option<String>) -> Link {
    let (target, kind) = match links::resolve(&raw.written, &site.config, &page.data) {
        Some(target) => {
            let kind = links::classify(&target, &site.config);
            (target, kind)
        }
        None => (raw.written.clone(), LinkKind::Liquid),
    };
    Link {
        written: raw.written,
        target,
        text: raw.text,
        span: page.source.span(raw.offset),
        kind,
        origin,
        image: raw.image,
        include,
    }
}

fn read_html(
    page: &Page,
    items: Vec<HtmlItem>,
    raw_links: &mut Vec<FoundLink>,
    anchors: &mut Vec<(usize, Anchor)>,
    headings: &mut Vec<RawHeading>,
    explicit: &mut Vec<Option<String>>,
) {
    for item in items {
        match item {
            HtmlItem::Anchor { id, offset } => anchors.push((offset, anchor(page, id, offset, AnchorOrigin::Html))),
            HtmlItem::Link { written, text, offset, image } => {
                raw_links.push((RawLink { written, text, offset, image }, LinkOrigin::Html, None));
            }
            // In Markdown, kramdown gives raw HTML headings no auto id: only HTML pages list them.
            HtmlItem::Heading { level, id, text, range } if !page.markdown => {
                headings.push(RawHeading { level, text, range });
                explicit.push(id);
            }
            HtmlItem::Heading { .. } => {}
        }
    }
}

fn add_contributions(
    contributions: Vec<Contribution>,
    offset: usize,
    origin: &AnchorOrigin,
    slots: &mut Vec<Slot>,
    links: &mut Vec<FoundLink>,
) {
    for c in contributions {
        match c {
            Contribution::Heading { text, explicit_id, .. } => {
                slots.push(Slot { offset, text, explicit: explicit_id, source: SlotSource::Other(origin.clone()) });
            }
            Contribution::Anchor(id) => {
                slots.push(Slot {
                    offset,
                    text: String::new(),
                    explicit: Some(id),
                    source: SlotSource::Other(origin.clone()),
                });
            }
            Contribution::Link { written, text, image, html } => {
                let AnchorOrigin::Include(name) = origin else { continue };
                let kind = if html { LinkOrigin::Html } else { LinkOrigin::Markdown };
                links.push((RawLink { written, text, offset, image }, kind, Some(name.clone())));
            }
        }
    }
}

/// Whether the page body has Liquid that writes headings or ids.
fn needs_page_liquid(body: &str) -> bool {
    let bytes = body.as_bytes();
    if memchr::memmem::find(bytes, b"{%").is_none() {
        return false;
    }
    // Only lines holding `{{` can qualify: go from one to the next instead of line by line.
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&bytes[from..], b"{{").map(|i| from + i) {
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |n| n + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
        let line = &body[start..end];
        if line.trim_start().starts_with('#') || line.contains("id=") || line.contains("name=") {
            return true;
        }
        from = end;
    }
    false
}

/// Renders the page body and adds the headings and ids its Liquid writes.
fn liquid_headings(site: &Site, page: &Page, slots: &mut Vec<Slot>, anchors: &mut Vec<(usize, Anchor)>) {
    let body = &page.source.text[page.body_start..];
    let site = liquid::site_value_for(site, body);
    let Some(rendered) = liquid::render(body, &site, page, &Map::new()) else {
        return;
    };
    let mut text = rendered.clone();
    let ials = attrs::extract(&mut text);
    let found = markdown::walk(&text, &rendered);
    let explicit = explicit_ids(&found.headings, &ials, &text);
    // Page headings whose text is Liquid: their rendered copies replace them.
    let template_line = |s: &Slot| {
        matches!(s.source, SlotSource::Page(_))
            && page.source.lines.line_text(&page.source.text, page.source.span(s.offset).line).contains("{{")
    };
    let at = slots.iter().find(|s| template_line(s)).map(|s| s.offset);
    slots.retain(|s| !template_line(s));
    let own: Vec<String> =
        slots.iter().filter(|s| matches!(s.source, SlotSource::Page(_))).map(|s| s.text.clone()).collect();
    let mut next_own = 0;
    let mut last_offset = at.unwrap_or(page.body_start);
    for (h, id) in found.headings.iter().zip(explicit) {
        if own.get(next_own) == Some(&h.text) {
            next_own += 1;
            continue;
        }
        let offset = at.unwrap_or(last_offset);
        last_offset = offset;
        slots.push(Slot {
            offset,
            text: h.text.clone(),
            explicit: id,
            source: SlotSource::Other(AnchorOrigin::Liquid),
        });
    }
    let mut items = Vec::new();
    html::scan(&text, &rendered, 0..text.len(), &mut items);
    for item in items {
        if let HtmlItem::Anchor { id, .. } = item {
            if !anchors.iter().any(|(_, a)| a.id == id) {
                let offset = at.unwrap_or(page.body_start);
                anchors.push((offset, anchor(page, id, offset, AnchorOrigin::Liquid)));
            }
        }
    }
}

/// Numbers heading ids in document order and records headings and their anchors.
fn number_headings(
    site: &Site,
    page: &Page,
    mut slots: Vec<Slot>,
    raw: &[RawHeading],
    doc: &mut Document,
    anchors: &mut Vec<(usize, Anchor)>,
) {
    slots.sort_by_key(|s| s.offset);
    let kramdown = &site.config.kramdown;
    let mut counter = IdCounter::new(&kramdown.auto_id_prefix);
    let mut ids = vec![None; raw.len()];
    for slot in slots {
        let explicit = slot.explicit.is_some();
        let id = match slot.explicit {
            Some(id) => Some(id),
            None if kramdown.auto_ids && page.markdown => counter.next_id(&slot.text),
            None => None,
        };
        let Some(id) = id else { continue };
        let origin = match slot.source {
            SlotSource::Page(i) => {
                if let Some(entry) = ids.get_mut(i) {
                    *entry = Some(id.clone());
                }
                if !page.markdown {
                    continue; // its `id=` is already an HTML anchor
                }
                if explicit { AnchorOrigin::Attribute } else { AnchorOrigin::Heading }
            }
            SlotSource::Other(origin) => origin,
        };
        anchors.push((slot.offset, anchor(page, id, slot.offset, origin)));
    }
    doc.headings = raw
        .iter()
        .zip(ids)
        .map(|(h, id)| Heading {
            level: h.level,
            text: h.text.clone(),
            id,
            span: page.source.span(h.range.start),
            range: h.range.clone(),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::needs_page_liquid;

    proptest::proptest! {
        #[test]
        fn pages_needing_liquid_are_found_as_line_by_line(body in "(\\{\\{|\\{%|\n|\r| |#|id=|name=|x)*") {
            let by_lines = body.contains("{%")
                && body.lines().any(|l| {
                    l.contains("{{") && (l.trim_start().starts_with('#') || l.contains("id=") || l.contains("name="))
                });
            proptest::prop_assert_eq!(needs_page_liquid(&body), by_lines);
        }
    }
}
