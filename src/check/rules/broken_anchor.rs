//! Rule `broken-anchor`: a `#fragment` that no element of the target page carries.

use crate::check::resolve::Outcome;
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

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
case-sensitive.\n\nUse the suggested id, or `specnotes show page URL` to list the page's anchors.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    for (i, (page, doc)) in site.pages.iter().zip(&ctx.project.docs).enumerate() {
        for link in &doc.links {
            if let Outcome::MissingAnchor { page: target, fragment } = ctx.resolver.follow(i, &link.kind) {
                let target_page = &site.pages[target];
                let message = if target == i {
                    format!("anchor `#{fragment}` is not on this page")
                } else {
                    format!("anchor `#{fragment}` is not on `{}`", target_page.url.trim_start_matches('/'))
                };
                out.push(
                    Diagnostic::new(RULE.name, page.path(), link.span, message)
                        .with_help_opt(ctx.resolver.missing_anchor_help(target, &fragment))
                        .with_target(link.written.clone()),
                );
            }
        }
    }
}
