//! Rule `version-mismatch`: a release page whose places that state its version disagree.

use crate::check::resolve::Target;
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::fix::safe::{self, Withheld};
use crate::load::Page;
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
(`documents_1_0_0.md`) must match too. A version still written as a placeholder in any of these places \
(`1_x_x.md`, `## 1.x.x changes`, `1.2.x`) is reported: the page was copied from a template and not filled in.",
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
        placeholders(project, p, stated.first(), out);
        let Some((reference, rest)) = stated.split_first() else { continue };
        // The title seldom names the product line; the first place that does is its reference.
        let product_reference = stated.iter().find(|s| s.version.product.is_some());
        for s in rest {
            if let Some(p) = product_reference.filter(|p| product_differs(p, s)) {
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        page.path(),
                        s.span,
                        format!(
                            "{} names product line `{}` but the {} names `{}`",
                            s.place,
                            product(s),
                            p.place,
                            product(p)
                        ),
                    )
                    .with_help("the file name and permalink of a product line's release notes share its prefix"),
                );
                continue;
            }
            if let Some(why) = disagreement(reference, s) {
                let diag = Diagnostic::new(
                    RULE.name,
                    page.path(),
                    s.span,
                    format!("{} says {} but the {} says {}", s.place, s.written, reference.place, reference.written),
                );
                out.push(match version_fix(ctx, page, reference, s) {
                    Ok(fix) => diag.with_help(why).with_fix(fix),
                    Err(Some(withheld @ Withheld::Lower { .. })) => {
                        let help = format!(
                            "the {} states a later version than the {}: update whichever was left behind",
                            s.place, reference.place
                        );
                        safe::explain(diag.with_help(help), &withheld)
                    }
                    Err(Some(withheld)) => safe::explain(diag.with_help(why), &withheld),
                    Err(None) => diag.with_help(why),
                });
            }
        }
    }
}

/// Reports the places of release page `p` that hold a version still written as a placeholder
/// (`1_x_x.md`, `## 1.x.x changes`, `1.2.x` in the title): a copied template not filled in.
fn placeholders(project: &crate::Project, p: usize, reference: Option<&Statement>, out: &mut Vec<Diagnostic>) {
    let page = &project.site.pages[p];
    let text = &page.source.text;
    let key_span = |k: &str| page.front_matter.key_span(text, &page.source.lines, k);
    let file_name = page.path().rsplit('/').next().unwrap_or_default().to_string();
    let mut places: Vec<(&str, String, Span)> = vec![("file name", file_name, page.source.span(0))];
    for key in ["permalink", "title", "summary"] {
        if let Some(value) = page.front_matter.get_str(key) {
            places.push((key, value, key_span(key)));
        }
    }
    for h in project.docs[p].headings.iter().filter(|h| h.level <= 2) {
        places.push(("heading", h.text.clone(), h.span));
    }
    for (place, written, span) in places {
        let Some(found) = placeholder_version(&written) else { continue };
        let help = match reference.filter(|r| r.place != place && r.version.numbers.len() > 1) {
            Some(r) => format!("write the release's version, as the {} does ({})", r.place, r.written),
            None => "write the release's version".to_string(),
        };
        out.push(
            Diagnostic::new(RULE.name, page.path(), span, format!("{place} holds the placeholder version `{found}`"))
                .with_help(help),
        );
    }
}

/// A version written with a placeholder part (`1.x.x`, `1_x_x`, `1.2.x`, any case): digits,
/// then parts that are digits or `x`, at least one `x`, joined by `.` or `_`.
fn placeholder_version(text: &str) -> Option<String> {
    let words = text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')));
    words.filter_map(|word| placeholder_in_word(&word.split(['.', '_', '-']).collect::<Vec<_>>())).next()
}

/// [`placeholder_version`] within one word's parts.
fn placeholder_in_word(parts: &[&str]) -> Option<String> {
    for (i, first) in parts.iter().enumerate() {
        if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let run: Vec<&str> = parts[i + 1..]
            .iter()
            .take_while(|p| p.eq_ignore_ascii_case("x") || (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
            .copied()
            .collect();
        if run.iter().any(|p| p.eq_ignore_ascii_case("x")) {
            return Some(std::iter::once(*first).chain(run).collect::<Vec<_>>().join("."));
        }
    }
    None
}

fn product(s: &Statement) -> &str {
    s.version.product.as_deref().unwrap_or("(none)")
}

/// Whether `s` names a product line other than `p`'s (a place naming none is no disagreement,
/// except an underscored file name or permalink, which must carry the prefix).
fn product_differs(p: &Statement, s: &Statement) -> bool {
    match &s.version.product {
        Some(_) => s.version.product != p.version.product,
        None => matches!(s.place, "file name" | "permalink") && !std::ptr::eq(p, s),
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
    if reference.prose && s.prose && !a.same_label(b) {
        return Some(format!("the pre-release suffix differs: write {} in both", reference.written));
    }
    None
}

/// Rewrites the version a statement writes to the title's. Only the title is a reference
/// worth copying (it carries the suffix); file names are never renamed, product lines
/// never changed, and a permalink only when the page shares its URL with another page
/// (a copy left behind) and the new URL is free, so no working link breaks. `Err(Some(why))`
/// when the value written would be blank, lower than the one there or in an unknown order
/// ([`safe::version_rewrite`]: the title may be the place left behind); `Err(None)` when there
/// is no single edit to make.
fn version_fix(ctx: &Context, page: &Page, reference: &Statement, s: &Statement) -> Result<Fix, Option<Withheld>> {
    let (a, b) = (&reference.version, &s.version);
    if reference.place != "title" || a.product != b.product || s.place == "file name" {
        return Err(None);
    }
    let text = &page.source.text;
    let line_start = s.span.offset;
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let numbers =
        |v: &crate::model::Version, sep: &str| v.numbers.iter().map(u64::to_string).collect::<Vec<_>>().join(sep);
    // Headings and permalinks carry only the numbers: that is what is written and compared.
    let numbers_only = Version { pre: None, ..a.clone() };
    let (old, new, meant) = match s.place {
        "permalink" => {
            let (old, new) = (numbers(b, "_"), numbers(a, "_"));
            let new_url = replace_token(&page.url, &old, &new).ok_or(None)?;
            let shared = ctx.project.site.pages.iter().filter(|p| p.url == page.url).count() > 1;
            if !shared || ctx.resolver.lookup(&new_url) != Target::Missing {
                return Err(None);
            }
            (old, new, &numbers_only)
        }
        "changes heading" if b.pre.is_none() => (s.written.clone(), numbers(a, "."), &numbers_only),
        _ => (s.written.clone(), reference.written.clone(), a),
    };
    safe::version_rewrite(b, &old, meant, &new).map_err(Some)?;
    let at = find_token(line, &old).ok_or(None)?;
    let start = line_start + at;
    Ok(Fix {
        description: format!("write {new} in the {}", s.place),
        edits: vec![Edit { file: page.path().to_string(), range: start..start + old.len(), replacement: new }],
    })
}

/// Offset of the first `token` in `text` not glued to more digits or a suffix
/// (`1.6.0` is not found in `11.6.0`, `1.6.0.1` or `1.6.0-beta`; it is in `1.6.0.html`).
fn find_token(text: &str, token: &str) -> Option<usize> {
    text.match_indices(token).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let mut after = text[i + token.len()..].chars();
        let (next, then) = (after.next(), after.next());
        let continues = match next {
            Some(c) if c.is_ascii_digit() => true,
            Some('.' | '_') => then.is_some_and(|c| c.is_ascii_digit()),
            Some('-') => then.is_some_and(|c| c.is_ascii_alphanumeric()),
            _ => false,
        };
        !before.is_some_and(|c| c.is_ascii_digit() || c == '.') && !continues
    })
}

/// `text` with its first whole `token` replaced by `new`.
fn replace_token(text: &str, token: &str, new: &str) -> Option<String> {
    let at = find_token(text, token)?;
    Some(format!("{}{new}{}", &text[..at], &text[at + token.len()..]))
}

#[cfg(test)]
mod placeholder_tests {
    use super::placeholder_version;

    #[test]
    fn placeholder_versions_are_digits_then_x_parts() {
        let found = |t: &str| placeholder_version(t);
        assert_eq!(found("1_x_x.md").as_deref(), Some("1.x.x"));
        assert_eq!(found("overview_release_notes_1_X_x.html").as_deref(), Some("1.X.x"));
        assert_eq!(found("1.2.x changes").as_deref(), Some("1.2.x"));
        assert_eq!(found("GP Connect 1.2.3 released"), None);
        assert_eq!(found("x.y.z"), None);
        assert_eq!(found("box_2_extra.md"), None);
        assert_eq!(found("a 2 x 3 table"), None, "one word only");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_tokens_are_found_whole_only() {
        assert_eq!(find_token("summary: API 1.6.0 released", "1.6.0"), Some(13));
        assert_eq!(find_token("API 11.6.0 and 1.6.0-beta or 1.6.0.1", "1.6.0"), None);
        assert_eq!(find_token("## 1.6.0 changes", "1.6.0"), Some(3));
        assert_eq!(find_token("notes_1_2_2.html", "1_2_2"), Some(6));
        assert_eq!(replace_token("/notes_1_2_2.html", "1_2_2", "1_2_3").as_deref(), Some("/notes_1_2_3.html"));
    }
}
