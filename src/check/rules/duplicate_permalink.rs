//! Rule `duplicate-permalink`: two pages published at the same URL.

use std::collections::BTreeMap;

use crate::check::resolve::output_path;
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "duplicate-permalink",
    severity: Severity::Error,
    default_enabled: true,
    summary: "two pages published at the same URL",
    explain: "When two pages share a permalink Jekyll writes both to the same output file and the last one wins, \
so one page silently disappears from the site. This often happens when a release-notes page is copied to start \
the next release and its permalink is not updated. Give each page its own `permalink`.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    let mut by_url: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| p.served) {
        by_url.entry(output_path(&p.url)).or_default().push(i);
    }
    for (url, pages) in by_url.into_iter().filter(|(_, v)| v.len() > 1) {
        let first = &site.pages[pages[0]];
        for &i in &pages[1..] {
            let page = &site.pages[i];
            let span = page.front_matter.key_span(&page.source.text, &page.source.lines, "permalink");
            out.push(
                Diagnostic::new(
                    RULE.name,
                    page.path(),
                    span,
                    format!("`{}` is also the URL of `{}`", url.trim_start_matches('/'), first.path()),
                )
                .with_help("give each page its own `permalink`; Jekyll keeps only one of them"),
            );
        }
    }
}
