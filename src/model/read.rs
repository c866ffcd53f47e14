//! Reading one release-notes page into releases.
//!
//! Finds the introduction and the changes part, picks the layout (changelog
//! when the page has version-section headings, labelled when its changes
//! carry bold labels, page breakdown otherwise), and takes version and date
//! from title, file name, permalink and summary. A page with no version
//! anywhere and no changes is an index of releases, and is skipped.

use super::blocks::{self, Node};
use super::labelled::{self, is_changes_heading};
use super::labels::Skipped;
use super::{Layout, Release, Version, breakdown, changelog, date, version};
use crate::diagnostic::Diagnostic;
use crate::load::Page;
use crate::parse::attrs::Ial;

/// The releases one page holds, and what could not be placed.
#[derive(Debug, Default)]
pub struct PageReleases {
    /// Usually one; one per version section for a changelog.
    pub releases: Vec<Release>,
    /// `unparsed-release-content` findings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Index of the `## Introduction` heading and one past its section, which
/// ends at the next heading of any level (entries may follow at level 3).
fn introduction(nodes: &[Node]) -> Option<(usize, usize)> {
    let start =
        nodes.iter().position(|n| n.heading_level().is_some() && n.plain().eq_ignore_ascii_case("introduction"))?;
    let end =
        nodes[start + 1..].iter().position(|n| n.heading_level().is_some()).map_or(nodes.len(), |i| start + 1 + i);
    Some((start, end))
}

/// Index of the first changes heading ("1.2.3 changes", "Page-by-page breakdown of changes")
/// at or after `from`.
fn changes_heading(nodes: &[Node], from: usize) -> Option<usize> {
    nodes[from..].iter().position(is_changes_heading).map(|i| from + i)
}

/// The nodes of a page's introduction: the `## Introduction` section, and whatever else comes
/// before the changes heading (`## Release overview`, a note above it); without an
/// `## Introduction` heading, everything before the changes heading but a first heading that
/// only names it. Empty when the page has neither.
fn introduction_nodes(nodes: &[Node], intro: Option<(usize, usize)>) -> std::ops::Range<usize> {
    let from = intro.map_or(0, |(_, end)| end);
    match (intro, changes_heading(nodes, from)) {
        (Some((start, _)), Some(changes)) => start + 1..changes,
        (Some((start, end)), None) => start + 1..end,
        (None, Some(changes)) => {
            let named = nodes.first().is_some_and(|n| n.heading_level().is_some());
            usize::from(named).min(changes)..changes
        }
        (None, None) => 0..0,
    }
}

/// Index of the first node of the changes part: after a "changes" heading,
/// or from the first heading after the introduction.
fn changes_start(nodes: &[Node], intro: Option<(usize, usize)>) -> usize {
    let from = intro.map_or(0, |(_, end)| end);
    changes_heading(nodes, from).map_or(from, |i| i + 1)
}

/// Headings of sections that say something about a release but list no changes of it.
const ASIDE_HEADINGS: &[&str] = &[
    "open questions",
    "open issues",
    "known issues",
    "known limitations",
    "outstanding issues",
    "next steps",
    "feedback",
];

fn is_aside_heading(node: &Node) -> bool {
    node.heading_level().is_some()
        && ASIDE_HEADINGS.iter().any(|h| node.plain().trim_end_matches([':', '.']).trim().eq_ignore_ascii_case(h))
}

/// `nodes` without their aside sections (`## Open questions`, `### Known issues`: the heading
/// and what follows it up to the next heading of its level or above, when no bold change label
/// is among it), and those sections' text, headings included, for the release's introduction:
/// what they list are not changes, and nothing a page says is dropped.
fn set_aside<'n>(text: &str, nodes: &'n [Node]) -> (std::borrow::Cow<'n, [Node]>, String) {
    if !nodes.iter().any(is_aside_heading) {
        return (std::borrow::Cow::Borrowed(nodes), String::new());
    }
    let (mut kept, mut aside) = (Vec::new(), String::new());
    let mut i = 0;
    while i < nodes.len() {
        let level = nodes[i].heading_level().filter(|_| is_aside_heading(&nodes[i]));
        let end = level.map(|level| {
            nodes[i + 1..]
                .iter()
                .position(|n| n.heading_level().is_some_and(|l| l <= level))
                .map_or(nodes.len(), |j| i + 1 + j)
        });
        match end.filter(|&end| !nodes[i..end].iter().any(labelled::is_label)) {
            Some(end) => {
                aside = join_paragraphs(aside, labelled::source_of(text, &nodes[i..end]));
                i = end;
            }
            None => {
                kept.push(nodes[i].clone());
                i += 1;
            }
        }
    }
    (std::borrow::Cow::Owned(kept), aside)
}

/// One version section of a changelog page (the nodes after its heading): its own
/// introduction, its changes and the text of its aside sections. Read as bold-led lines when
/// it has neither list nor heading but has bold lines (the ITK family), as one change per
/// paragraph when [`breakdown::reads_as_paragraphs`], and as a page breakdown otherwise.
fn read_section(
    file: &crate::load::SourceFile,
    body: &[Node],
    skipped: &mut Vec<Skipped>,
) -> (String, Vec<super::Change>, String) {
    let flat = !body.iter().any(|n| matches!(n.kind, blocks::Kind::List | blocks::Kind::Heading(_)));
    if let Some((own, changes)) = flat.then(|| breakdown::bold_line_changes(file, body)).flatten() {
        return (own, changes, String::new());
    }
    if breakdown::reads_as_paragraphs(body) {
        let (own, changes) = breakdown::read_paragraphs(file, body, skipped);
        return (own, changes, String::new());
    }
    let lead = breakdown::lead_len(body);
    let (listed, aside) = set_aside(&file.text, &body[lead..]);
    let changes = breakdown::read(file, &listed, skipped);
    (labelled::source_of(&file.text, &body[..lead]), changes, aside)
}

/// `first`, and `then` after a blank line, either of which may be empty.
fn join_paragraphs(first: String, then: String) -> String {
    match (first.is_empty(), then.is_empty()) {
        (_, true) => first,
        (true, false) => then,
        (false, false) => format!("{first}\n\n{then}"),
    }
}

/// Reads one release-notes page, with its own Markdown pass over the text the parse stage
/// reads ([`crate::parse::masked_text`]: Liquid masked, attribute lists blanked).
pub fn read_page(page: &Page) -> PageReleases {
    let parts = crate::parse::masked_parts(page);
    read_blanked(page, &blocks::parse(&parts.text), &blank_attribute_lists(page, &parts.ials))
}

/// Reads one release-notes page from its block tree (made by [`read_page`], or from the parse
/// stage's pass over the page).
pub fn read_nodes(page: &Page, nodes: &[Node]) -> PageReleases {
    read_blanked(page, nodes, &without_attribute_lists(page))
}

/// [`read_nodes`], with `file` the page's file with its attribute lists blanked.
fn read_blanked(page: &Page, nodes: &[Node], file: &crate::load::SourceFile) -> PageReleases {
    let mut skipped: Vec<Skipped> = Vec::new();
    let title = page.title.clone().unwrap_or_default();
    let title_version = version::from_title(&title);
    let name_version = version::from_file_name(page.path())
        .or_else(|| page.front_matter.get_str("permalink").and_then(|p| version::from_permalink(&p)));
    let intro = introduction(nodes);
    let introduction = labelled::source_of(&file.text, &nodes[introduction_nodes(nodes, intro)]);
    let template = Release {
        version: String::new(),
        parsed_version: Version { product: None, numbers: Vec::new(), pre: None },
        title: title.clone(),
        product: name_version.as_ref().and_then(|v| v.product.clone()),
        url: page.url.clone(),
        file: page.path().to_string(),
        date: None,
        date_text: None,
        introduction,
        layout: Layout::Labelled,
        changes: Vec::new(),
        span: page.front_matter.key_span(&file.text, &file.lines, "title"),
    };
    let mut sections = changelog::sections(nodes);
    if sections.is_empty() && title_version.is_none() && name_version.is_none() {
        sections = changelog::bold_sections(nodes);
    }
    let mut releases = Vec::new();
    if !sections.is_empty() && (sections.len() >= 2 || title_version.is_none()) {
        skipped.extend(outside_sections(nodes, &sections));
        for s in sections {
            // The paragraphs under a version heading, before its first list or heading, are
            // that release's own introduction.
            let body = &nodes[s.heading + 1..s.end];
            let (own, changes, aside) = read_section(file, body, &mut skipped);
            let own = if own.is_empty() { template.introduction.clone() } else { own };
            let mut parsed = s.version;
            parsed.product = template.product.clone();
            releases.push(Release {
                version: s.written,
                parsed_version: parsed,
                title: nodes[s.heading].plain().to_string(),
                date: s.date,
                date_text: s.date_text,
                layout: Layout::Changelog,
                changes,
                span: file.span(nodes[s.heading].range.start),
                introduction: join_paragraphs(own, aside),
                ..template.clone()
            });
        }
    } else {
        let (part, aside) = set_aside(&file.text, &nodes[changes_start(nodes, intro)..]);
        let part = &part[..];
        let labelled_page = part.iter().any(labelled::is_label);
        let mut introduction = template.introduction.clone();
        let versioned = title_version.is_some() || name_version.is_some();
        let (layout, changes) = if labelled_page {
            (Layout::Labelled, labelled::read(file, part, &mut skipped))
        } else if (versioned || changes_heading(nodes, intro.map_or(0, |(_, end)| end)).is_some())
            && breakdown::reads_as_paragraphs(part)
        {
            let (own, changes) = breakdown::read_paragraphs(file, part, &mut skipped);
            introduction = join_paragraphs(introduction, own);
            (Layout::PageBreakdown, changes)
        } else {
            let lead = breakdown::lead_len(part);
            introduction = join_paragraphs(introduction, labelled::source_of(&file.text, &part[..lead]));
            (Layout::PageBreakdown, breakdown::read(file, &part[lead..], &mut skipped))
        };
        let introduction = join_paragraphs(introduction, aside);
        let (mut parsed, written) = match (title_version, &name_version) {
            (Some((v, w)), _) => (v, w),
            (None, Some(v)) => (v.clone(), v.number_text()),
            (None, None) if changes.is_empty() => return PageReleases::default(),
            (None, None) => (template.parsed_version.clone(), String::new()),
        };
        parsed.product = template.product.clone();
        let summary = page.data_str("summary").unwrap_or_default();
        let (date, date_text) = date::from_summary(&summary);
        releases.push(Release {
            version: written,
            parsed_version: parsed,
            date,
            date_text,
            layout,
            changes,
            introduction,
            ..template
        });
    }
    let diagnostics = skipped
        .into_iter()
        .map(|s| {
            Diagnostic::new("unparsed-release-content", page.path(), file.span(s.offset), s.message).with_help(s.help)
        })
        .collect();
    PageReleases { releases, diagnostics }
}

/// The sections of a changelog page that begin at a version heading's level, after the first
/// version, without being a version (`## Open questions` after the last release): their text is
/// in no release, so it is reported rather than dropped. `## Unreleased` (Keep a Changelog) and
/// `## Upcoming` hold changes waiting for a version, and are left alone.
fn outside_sections(nodes: &[Node], sections: &[changelog::Section]) -> Vec<Skipped> {
    let level = nodes[sections[0].heading].heading_level().unwrap_or(2);
    let starts = sections.iter().skip(1).map(|s| s.heading).chain([nodes.len()]);
    let gaps = sections.iter().zip(starts).flat_map(|(s, next)| s.end..next.max(s.end));
    gaps.filter(|&i| nodes[i].heading_level().is_some_and(|l| l <= level))
        .filter_map(|i| {
            let heading = nodes[i].plain().trim();
            let name = heading.trim_matches(['[', ']']).trim().to_ascii_lowercase();
            (!matches!(name.as_str(), "unreleased" | "upcoming")).then(|| Skipped {
                offset: nodes[i].range.start,
                message: format!("section `{heading}` of a changelog page is in no release"),
                help: format!(
                    "to make it a release's text, write it as `{} {heading}` under that release's version \
                     heading; otherwise move it off the release-notes page",
                    "#".repeat(usize::from(level) + 1),
                ),
            })
        })
        .collect()
}

/// The page's file with its kramdown attribute lists (`*New*{:.label}`, `{#id}`) blanked, as
/// kramdown renders them: descriptions and notes are cut from this text, so they never carry
/// the list. Offsets, lines and Liquid stay as written.
fn without_attribute_lists(page: &Page) -> std::borrow::Cow<'_, crate::load::SourceFile> {
    let text = &page.source.text;
    if !page.markdown || !(text.contains("{:") || text.contains("{#")) {
        return std::borrow::Cow::Borrowed(&page.source);
    }
    blank_attribute_lists(page, &crate::parse::masked_parts(page).ials)
}

/// The page's file with `ials` (found in its masked text) blanked.
fn blank_attribute_lists<'p>(page: &'p Page, ials: &[Ial]) -> std::borrow::Cow<'p, crate::load::SourceFile> {
    if ials.is_empty() {
        return std::borrow::Cow::Borrowed(&page.source);
    }
    let mut file = page.source.clone();
    let mut bytes = std::mem::take(&mut file.text).into_bytes();
    for ial in ials {
        // An attribute list runs from an ASCII `{` to an ASCII `}`: blanking it keeps UTF-8.
        bytes[ial.range.clone()].fill(b' ');
    }
    file.text = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    std::borrow::Cow::Owned(file)
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
