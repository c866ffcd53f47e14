//! The bold labels of a change entry and the content each one takes.
//!
//! Authors write `**Tickets**:`, `**Tickets:**`, `**Affects**&nbsp;`,
//! `**Pages Changed:**` and synonyms (`Page added`, `FHIR profiles changed`).
//! [`canonical_label`] folds all of them to one name; the readers here turn
//! a label's blocks into tickets, capabilities and profile references (pages
//! are in [`super::pagerefs`]), reporting what they cannot place as [`Skipped`].

use std::sync::LazyLock;

use regex::Regex;

use super::blocks::{Kind, LinkRef, Node};
use super::{Capability, ProfileKind, ProfileRef, Ticket};
use crate::load::SourceFile;

/// Canonical label names, and the spellings (lower case, no colon) that mean them.
const LABELS: &[(&str, &[&str])] = &[
    ("tickets", &["tickets", "ticket", "issues", "issue", "github issues"]),
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
    ("description", &["description", "details", "change description"]),
    ("pages_changed", &["pages changed", "page changed", "pages updated", "page updated", "changed pages"]),
    ("pages_added", &["pages added", "page added", "new pages", "new page"]),
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

/// The spellings of the label `canonical` (lower case, no colon); empty for an unknown name.
pub fn spellings(canonical: &str) -> &'static [&'static str] {
    LABELS.iter().find(|(name, _)| *name == canonical).map_or(&[], |(_, spellings)| spellings)
}

/// The label names writers are told about in help texts.
pub const KNOWN_LABELS_HELP: &str = "Tickets, Affects, Impacts, Description, Pages changed, \
     Pages added, FHIR profiles changed, Date";

static TICKET_NUMBER: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r"#\s*(\d+)|^\s*(\d+)\s*$"));
static BARE_TICKET: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r"(?:^|[^\w&/])#(\d+)\b"));
static AFFECTS_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r"\s*(?:,|;|\band\b|&)\s*"));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&TICKET_NUMBER);
    LazyLock::force(&BARE_TICKET);
    LazyLock::force(&AFFECTS_SEPARATOR);
}

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
    LABELS.iter().find(|(_, spellings)| spellings.contains(&name.as_str())).map(|(canonical, _)| *canonical)
}

fn normalise_label(lead: &str) -> String {
    let trimmed = lead.trim().trim_end_matches(':').trim();
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether a bold lead looks like a label someone meant (`**Reviewer:**`), short and
/// followed by a colon, rather than emphasis at the start of a sentence.
pub fn looks_like_label(node: &Node, source: &str) -> bool {
    let Some(lead) = node.lead.as_ref().filter(|l| l.strong) else {
        return false;
    };
    let short = lead.text.split_whitespace().count() <= 4;
    let colon =
        lead.text.trim_end().ends_with(':') || source.get(lead.range.end..).is_some_and(|rest| rest.starts_with(':'));
    short && colon
}

/// Byte offset where a label's own content starts: after the bold run, a
/// colon, spaces and `&nbsp;`.
pub fn content_start(node: &Node, source: &str) -> usize {
    let mut pos = node.lead.as_ref().map_or(node.content.start, |l| l.range.end);
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
    rest.trim_start_matches([':', ' ', '\u{a0}', '\t']).trim().to_string()
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
            number: TICKET_NUMBER
                .captures(&link.text)
                .and_then(|c| c.get(1).or_else(|| c.get(2)).and_then(|m| m.as_str().parse().ok())),
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
            Capability { name: name.to_string(), span: file.span(offset) }
        })
        .collect()
}

/// The name a profile URL gives its artefact: its last path segment, without a query or
/// fragment (`.../ValueSet/Codes-1` gives `Codes-1`).
pub fn profile_url_name(url: &str) -> &str {
    let last = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
    last.split(['#', '?']).next().unwrap_or(last)
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
            refs.extend(holder.links.iter().map(|l| ProfileRef::from_link(file, l)));
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
