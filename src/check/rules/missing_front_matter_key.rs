//! Rule `missing-front-matter-key`: a page without the front-matter keys the theme relies on.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::DocKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "missing-front-matter-key",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a page without `title` (any page) or `permalink` (pages), or a release-notes page without `summary`",
    explain: "The theme prints `title` as the page heading and in the browser tab, and links pages by their \
`permalink`; without one, Jekyll derives the URL from the file path, which breaks every link written against \
the house style of flat permalinks. Release-notes pages carry their release date in `summary`. Posts and \
collection documents get their URLs from Jekyll and need no permalink.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let model = &ctx.project.model;
    for (i, page) in ctx.project.site.pages.iter().enumerate() {
        if !page.served || !page.front_matter_ok {
            continue;
        }
        let mut missing = Vec::new();
        if page.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            missing.push("title");
        }
        if page.kind == DocKind::Page
            && page.front_matter.get_str("permalink").is_none()
            && page.url != "/"
            && page.url != "/404.html"
        {
            missing.push("permalink");
        }
        if model.release_pages.contains(&i) && page.data_str("summary").is_none() {
            missing.push("summary");
        }
        if !missing.is_empty() {
            let span = page.source.span(page.front_matter.yaml_start.saturating_sub(4));
            let keys = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            out.push(Diagnostic::new(RULE.name, page.path(), span, format!("front matter has no {keys}")));
        }
    }
}
