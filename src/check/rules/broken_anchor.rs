//! Rule `broken-anchor`: a `#fragment` that no element of the target page carries.

use crate::check::resolve::Outcome;
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::load::Page;
use crate::parse::Link;

/// The rule.
pub const RULE: Rule = Rule {
    name: "broken-anchor",
    severity: Severity::Error,
    default_enabled: true,
    summary: "a `#anchor` that the target page does not render",
    explain: "Anchors are the ids Jekyll's kramdown renders with `input: GFM` and `auto_ids: true`: a heading's \
text lower-cased, every character other than letters, digits, `_`, `-`, spaces and tabs dropped, each space \
turned into `-` (no collapsing), duplicates suffixed `-1`, `-2`. Explicit `{#id}` / `{: #id}` attributes, raw \
HTML `id=`/`name=`, footnotes (`fn:1`, `fnref:1`), and ids that includes and Liquid write count too. Ids are \
case-sensitive. As in kramdown, a heading is one only where kramdown renders it: an ATX heading must start in the \
first column, the content of a block HTML element (`<div>`, `<details>`, ...) is raw HTML unless it has \
`markdown=\"1\"`, and nothing inside `{::comment}` or `{::nomarkdown}` is a Markdown heading.\n\nUse the suggested id, or `specnotes show page URL` to list the page's anchors.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    // Exactly as many findings as missing anchors: a million of them would otherwise leave up
    // to half a million unused slots (about 150 bytes each) behind the vector's doubling.
    let missing = (0..site.pages.len())
        .flat_map(|i| ctx.resolver.link_outcomes(i))
        .filter(|o| matches!(o, Outcome::MissingAnchor { .. }))
        .count();
    out.reserve_exact(missing);
    for (i, (page, doc)) in site.pages.iter().zip(&ctx.project.docs).enumerate() {
        for (link, outcome) in doc.links.iter().zip(ctx.resolver.link_outcomes(i)) {
            if let Outcome::MissingAnchor { page: target, fragment } = outcome {
                let (target, fragment) = (*target, fragment.as_str());
                let target_page = &site.pages[target];
                let via = link.include.as_ref().map(|name| format!(" (link in include `{name}`)")).unwrap_or_default();
                let message = if target == i {
                    format!("anchor `#{fragment}` is not on this page{via}")
                } else {
                    // The site's root page is named by its URL, `/`, not an empty string.
                    let url = target_page.url.trim_start_matches('/');
                    format!("anchor `#{fragment}` is not on `{}`{via}", if url.is_empty() { "/" } else { url })
                };
                let mut diag = Diagnostic::new(RULE.name, page.path(), link.span, message)
                    .with_help_opt(ctx.resolver.missing_anchor_help(target, fragment))
                    .with_target(link.written.clone());
                if let Some(fix) =
                    ctx.resolver.unique_anchor(target, fragment).and_then(|id| fragment_fix(page, link, fragment, id))
                {
                    diag = diag.with_fix(fix);
                }
                out.push(diag);
            }
        }
    }
}

/// Replaces the fragment of the link's target as written in the page, when the written
/// fragment is plain text (no percent-encoding, no Liquid) and the new id is not empty and
/// needs no escaping.
fn fragment_fix(page: &Page, link: &Link, fragment: &str, id: &str) -> Option<Fix> {
    // A link an include writes is fixed in the include, not at the include tag.
    if link.include.is_some() {
        return None;
    }
    let (_, written_fragment) = link.written.rsplit_once('#')?;
    let url_safe = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || "-_.:".contains(c));
    if written_fragment != fragment || !url_safe(id) || !url_safe(fragment) {
        return None;
    }
    let at = find_target(&page.source.text, link.span.offset, &link.written)?;
    let end = at + link.written.len();
    Some(Fix {
        description: format!("replace `#{fragment}` with `#{id}`"),
        edits: vec![Edit {
            file: page.path().to_string(),
            range: end - fragment.len()..end,
            replacement: id.to_string(),
        }],
    })
}

/// Offset of `target` written after the link start `from`, within the same paragraph.
fn find_target(text: &str, from: usize, target: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    let paragraph = [rest.find("\n\n"), rest.find("\n\r\n")].into_iter().flatten().min().unwrap_or(rest.len());
    rest[..paragraph].find(target).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_found_in_the_links_paragraph_only() {
        let text = "see [a](x.html#b) and\n\n[c](x.html#b)";
        assert_eq!(find_target(text, 4, "x.html#b"), Some(8));
        assert_eq!(find_target(text, 18, "x.html#b"), None);
        assert_eq!(find_target(text, 99, "x.html#b"), None);
    }

    #[test]
    fn a_fragment_is_never_replaced_with_an_empty_id() {
        use crate::load::{Config, DocKind, page_from_text};
        use crate::parse::{LinkKind, LinkOrigin};
        let text = "---\ntitle: A\npermalink: a.html\n---\n[x](b.html#c)\n";
        let (page, _) = page_from_text(&Config::default(), "a.md", DocKind::Page, text.to_string(), true);
        let page = page.expect("a page");
        let link = Link {
            written: "b.html#c".into(),
            target: "b.html#c".into(),
            text: "x".into(),
            span: page.source.span(text.find('[').expect("link")),
            kind: LinkKind::Internal { path: "b.html".into(), fragment: Some("c".into()) },
            origin: LinkOrigin::Markdown,
            image: false,
            include: None,
        };
        assert_eq!(fragment_fix(&page, &link, "c", ""), None);
        let fix = fragment_fix(&page, &link, "c", "cc").expect("fix");
        assert_eq!(&text[fix.edits[0].range.clone()], "c");
        assert_eq!(fix.edits[0].replacement, "cc");
    }
}
