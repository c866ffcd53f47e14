//! Rule `version-mismatch`: a release page whose places that state its version disagree.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::version::{from_changes_heading, from_file_name, from_permalink, from_summary, from_title};
use crate::model::{Layout, Version};
use crate::span::Span;

/// The rule.
pub const RULE: Rule = Rule {
    name: "version-mismatch",
    severity: Severity::Error,
    default_enabled: true,
    summary: "a release page whose file name, permalink, title, summary and `## x.y.z changes` heading state different versions",
    explain: "A release-notes page states its version up to five times: in its file name (`1_2_3.md`), its \
permalink (`overview_release_notes_1_2_3.html`), its `title`, its `summary` and its `## 1.2.3 changes` \
heading. When a page is copied to start the next release, one of them is easily left behind. The title is the \
reference. Pre-release suffixes are understood: file names, permalinks and headings carry only the numbers \
(`1_2_4.md` for `1.2.4-beta`), but the title and summary must agree on the suffix. A product-line prefix \
(`documents_1_0_0.md`) must match too.",
    run,
};

/// One place a version is stated.
struct Statement {
    place: &'static str,
    version: Version,
    written: String,
    span: Span,
    /// Whether the place can carry a pre-release suffix that must then agree.
    prose: bool,
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let project = ctx.project;
    let model = &project.model;
    for (r, &p) in model.releases.iter().zip(&model.release_pages) {
        if r.layout == Layout::Changelog {
            continue;
        }
        let page = &project.site.pages[p];
        let text = &page.source.text;
        let key_span = |k: &str| page.front_matter.key_span(text, &page.source.lines, k);
        let mut stated = Vec::new();
        if let Some((v, w)) = page.title.as_deref().and_then(from_title) {
            stated.push(Statement { place: "title", version: v, written: w, span: key_span("title"), prose: true });
        }
        if let Some(v) = from_file_name(page.path()) {
            let w = page.path().rsplit('/').next().unwrap_or_default().to_string();
            stated.push(Statement {
                place: "file name",
                version: v,
                written: w,
                span: page.source.span(0),
                prose: false,
            });
        }
        if let Some(v) = page.front_matter.get_str("permalink").as_deref().and_then(from_permalink) {
            stated.push(Statement {
                place: "permalink",
                version: v,
                written: page.url.trim_start_matches('/').to_string(),
                span: key_span("permalink"),
                prose: false,
            });
        }
        if let Some((v, w)) = page.data_str("summary").as_deref().and_then(from_summary) {
            stated.push(Statement { place: "summary", version: v, written: w, span: key_span("summary"), prose: true });
        }
        for h in project.docs[p].headings.iter().filter(|h| h.level == 2 && h.text.to_lowercase().contains("changes")) {
            if let Some((v, w)) = from_changes_heading(&h.text) {
                stated.push(Statement { place: "changes heading", version: v, written: w, span: h.span, prose: false });
            }
        }
        let Some((reference, rest)) = stated.split_first() else { continue };
        for s in rest {
            if let Some(why) = disagreement(reference, s) {
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        page.path(),
                        s.span,
                        format!(
                            "{} says {} but the {} says {}",
                            s.place, s.written, reference.place, reference.written
                        ),
                    )
                    .with_help(why),
                );
            }
        }
    }
}

fn disagreement(reference: &Statement, s: &Statement) -> Option<String> {
    let (a, b) = (&reference.version, &s.version);
    if !a.same_numbers(b) {
        return Some(format!("update the {} to {}", s.place, a.number_text()));
    }
    if let (Some(pa), Some(pb)) = (&a.product, &b.product) {
        if pa != pb {
            return Some(format!("the product line differs: `{pa}` and `{pb}`"));
        }
    }
    if reference.prose && s.prose && a.pre != b.pre {
        return Some(format!("the pre-release suffix differs: write {} in both", reference.written));
    }
    None
}
