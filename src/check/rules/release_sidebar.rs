//! Rule `release-sidebar`: a release page missing from the sidebar, or listed out of version order.

use std::collections::BTreeSet;

use crate::check::resolve::{Target, join};
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "release-sidebar",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a release-notes page missing from every sidebar, or listed out of version order",
    explain: "Readers find release notes through the sidebar, which lists them newest first. A new release page \
that is not added to the sidebar is invisible; one inserted in the wrong place misleads. Within each product \
line (`documents_1_0_0` is its own line), the sidebar's release items must be in version order — newest first, \
or oldest first if the sidebar is written that way throughout.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let project = ctx.project;
    let model = &project.model;
    let mut listed = BTreeSet::new();
    for sidebar in &project.site.sidebars {
        // (release index, item) for each web item pointing at a release page, in order.
        let mut items = Vec::new();
        for item in sidebar.items.iter().filter(|i| i.is_web() && !i.external) {
            let url = item.url.split('#').next().unwrap_or("");
            if let Some(Target::Page(p)) = join("/", url).map(|abs| ctx.resolver.lookup(&abs)) {
                for (r, _) in model.release_pages.iter().enumerate().filter(|(_, rp)| **rp == p) {
                    listed.insert(p);
                    items.push((r, item));
                }
            }
        }
        let versions = |r: usize| &model.releases[r].parsed_version;
        let descending = match (items.first(), items.last()) {
            (Some((a, _)), Some((b, _))) => versions(*a) >= versions(*b),
            _ => true,
        };
        for w in items.windows(2) {
            let ((a, _), (b, item)) = (w[0], w[1]);
            let (va, vb) = (versions(a), versions(b));
            if va.product != vb.product {
                continue;
            }
            let wrong = if descending { vb > va } else { vb < va };
            if wrong {
                let order = if descending { "newest first" } else { "oldest first" };
                out.push(Diagnostic::new(
                    RULE.name,
                    sidebar.file.clone(),
                    item.span,
                    format!(
                        "release {} is listed after {} (the sidebar lists releases {order})",
                        model.releases[b].version, model.releases[a].version
                    ),
                ));
            }
        }
    }
    let sidebars_with_releases = !listed.is_empty();
    let mut reported = BTreeSet::new();
    for (r, &p) in model.releases.iter().zip(&model.release_pages) {
        if listed.contains(&p) || !reported.insert(p) {
            continue;
        }
        let page = &project.site.pages[p];
        let help = if sidebars_with_releases {
            "add it to the sidebar that lists the other release notes, in version order"
        } else {
            "add it to a sidebar under `_data/sidebars/`"
        };
        out.push(
            Diagnostic::new(RULE.name, page.path(), r.span, format!("release {} is not in any sidebar", r.version))
                .with_help(help),
        );
    }
}
