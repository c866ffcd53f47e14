//! Rule `link-text-mismatch`: a "Pages changed" link whose text differs from the target page's title.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::resolve::{Target, join};
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "link-text-mismatch",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a `Pages changed` / `Pages added` link whose text names another page than the one it points at",
    explain: "Readers scan the pages changed by their titles; a link whose text names another page (often left \
over from copying an earlier entry) sends them to the wrong place. Authors shorten and rephrase titles, so only \
clear disagreements are reported: the text is exactly the title of a different page, or the text and the \
target's title share fewer than half of their words and neither contains the other's words. Text in parts, a \
context and then the page (`Send Consultation Report - ITK3 requirements`, `Appointments: Book`), is compared part \
by part too, and names the page when one of its parts does. A link to a \
section (`page.html#anchor`) may name the section's heading instead of the page, and a link inside a sentence \
(`- See the [guide](guide.html) for details`, more than one word into a bullet) is not compared: its text is the sentence's. The comparison \
ignores case, punctuation, HTML entities and typographic quotes.",
    run,
};

/// Folds text for comparison: entities decoded, quotes unified, case and spacing ignored.
fn fold(s: &str) -> String {
    if s.bytes().all(|b| b.is_ascii() && !matches!(b, b'&' | b'*' | b'_' | b'`')) {
        let mut folded = String::with_capacity(s.len());
        for word in s.split_whitespace() {
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.push_str(word);
        }
        folded.make_ascii_lowercase();
        return folded;
    }
    let s = crate::parse::html::decode_entities(s).replace(['’', '‘'], "'").replace(['“', '”'], "\"");
    let s: String = s.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '®' | '\u{a0}')).collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The words of a folded title.
fn words(s: &str) -> BTreeSet<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        // A crude singular, so "Problems guidance" matches "Problem guidance".
        .map(|w| if w.len() > 3 { w.strip_suffix('s').unwrap_or(w) } else { w }.to_string())
        .collect()
}

/// Whether link text and title clearly name different things. Text in parts, a context and
/// then the page (`Send Consultation Report - ITK3 requirements`, `Appointments: Book`), names
/// the page when any of its parts does.
fn clearly_differs(text: &str, title: &str) -> bool {
    let parts: Vec<&str> = text.split([':', '-', '\u{2013}', '\u{2014}', '|']).map(str::trim).collect();
    if parts.len() > 1
        && text.split_whitespace().any(|w| matches!(w, "-" | "\u{2013}" | "\u{2014}" | "|") || w.ends_with(':'))
        && parts.iter().filter(|p| !p.is_empty()).any(|part| !differs(part, title))
    {
        return false;
    }
    differs(text, title)
}

/// [`clearly_differs`] for one text.
fn differs(text: &str, title: &str) -> bool {
    let (a, b) = (words(text), words(title));
    if a.is_empty() || b.is_empty() || a.is_subset(&b) || b.is_subset(&a) {
        return false;
    }
    let shared = a.intersection(&b).count();
    shared * 2 < a.union(&b).count()
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    let folded_titles: Vec<Option<String>> = site.pages.iter().map(|p| p.title.as_deref().map(fold)).collect();
    let by_title: BTreeMap<&str, &str> =
        folded_titles.iter().zip(&site.pages).filter_map(|(t, p)| Some((t.as_deref()?, p.url.as_str()))).collect();
    for release in &ctx.project.model.releases {
        for r in release.changes.iter().flat_map(|c| c.pages_changed.iter().chain(&c.pages_added)) {
            if r.in_sentence || r.target.contains("://") || r.target.is_empty() {
                continue;
            }
            let path = percent_encoding::percent_decode_str(&r.target).decode_utf8_lossy();
            let Some(Target::Page(i)) = join(&release.url, &path).map(|abs| ctx.resolver.lookup(&abs)) else {
                continue;
            };
            let page = &site.pages[i];
            let (Some(title), Some(folded_title)) = (page.title.as_deref(), folded_titles[i].as_deref()) else {
                continue;
            };
            let text = fold(&r.text);
            if text == folded_title {
                continue;
            }
            // `[Error handling](guide.html#error-handling)` names the section it points at.
            let section = r.anchor.as_deref().and_then(|a| heading_text(&ctx.project.docs[i], a));
            if section.is_some_and(|heading| fold(heading) == text || !clearly_differs(&r.text, heading)) {
                continue;
            }
            let other = by_title.get(text.as_str()).filter(|u| **u != page.url);
            let message = match other {
                Some(url) => format!(
                    "link text \"{}\" is the title of `{}`, but the link points at `{}`",
                    r.text,
                    url.trim_start_matches('/'),
                    r.target
                ),
                None if clearly_differs(&r.text, title) => {
                    format!("link text \"{}\" differs from the title of `{}`", r.text, r.target)
                }
                None => continue,
            };
            out.push(
                Diagnostic::new(RULE.name, release.file.clone(), r.span, message)
                    .with_help(format!("the page's title is \"{title}\""))
                    .with_target(r.target.clone()),
            );
        }
    }
}

/// The text of the heading of `doc` whose id is `anchor`.
fn heading_text<'d>(doc: &'d crate::parse::Document, anchor: &str) -> Option<&'d str> {
    doc.headings.iter().find(|h| h.id.as_deref() == Some(anchor)).map(|h| h.text.as_str())
}

#[cfg(test)]
mod tests {
    use super::{clearly_differs, fold};

    #[test]
    fn text_in_parts_names_the_page_when_one_part_does() {
        assert!(!clearly_differs("Send Consultation Report - ITK3 requirements", "ITK3 header requirements"));
        assert!(!clearly_differs("Appointments: Book an appointment", "Book an appointment"));
        assert!(clearly_differs("Send Consultation Report - error handling", "Payload requirements"));
        // A hyphenated word is not a context and a page.
        assert!(clearly_differs("Read-only access", "Read a patient"));
    }

    #[test]
    fn folding_ignores_case_entities_and_typographic_quotes() {
        assert_eq!(fold("Get the FHIR&reg; capability statement"), fold("Get the FHIR capability  Statement"));
        assert_eq!(fold("Migrate a patient’s record"), fold("Migrate a patient's record"));
        assert_ne!(fold("Register a patient"), fold("Amend an appointment"));
    }

    #[test]
    fn the_ascii_fast_path_folds_as_the_general_path() {
        // The same texts with a non-ASCII word appended take the general path.
        for text in ["  Get the  FHIR\tCapability\x0BStatement ", "A  b\r\nC", "", "   "] {
            let fast = fold(text);
            let expected = if fast.is_empty() { "é".to_string() } else { format!("{fast} é") };
            assert_eq!(fold(&format!("{text} É")), expected, "{text:?}");
        }
    }
}
