//! Rule `orphan-page` (off by default): a published page nothing links to.

use std::collections::BTreeSet;

use crate::check::resolve::{Target, join};
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::LinkKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "orphan-page",
    severity: Severity::Warning,
    default_enabled: false,
    summary: "a published page that no page, sidebar or top navigation links to (off by default)",
    explain: "A page no other page or navigation item links to can only be found by search engines or by \
guessing its URL. It is often a leftover of a renamed page. The home page (`/`, `index.html`) and `404.html` are \
never orphans. Link the page from a sidebar, or delete it. Off by default: enable it in `specnotes.toml`.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    let mut linked = BTreeSet::new();
    for (i, doc) in ctx.project.docs.iter().enumerate() {
        for link in &doc.links {
            if let LinkKind::Internal { path, .. } = &link.kind {
                if let Some(Target::Page(t)) = join(&site.pages[i].url, path).map(|abs| ctx.resolver.lookup(&abs)) {
                    if t != i {
                        linked.insert(t);
                    }
                }
            }
        }
    }
    for item in site.sidebars.iter().flat_map(|s| &s.items) {
        linked.extend(ctx.resolver.nav_page(&item.url));
    }
    for (i, page) in site.pages.iter().enumerate() {
        let home = matches!(page.url.as_str(), "/" | "/index.html" | "/404.html");
        if page.served && !home && !linked.contains(&i) {
            out.push(Diagnostic::new(
                RULE.name,
                page.path(),
                page.source.span(0),
                format!("no page or navigation links to `{}`", page.url.trim_start_matches('/')),
            ));
        }
    }
}
