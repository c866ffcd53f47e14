//! Rule `missing-field`: a labelled change entry without tickets, affects, description or pages.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Layout;

/// The rule.
pub const RULE: Rule = Rule {
    name: "missing-field",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a labelled change entry without tickets, affects, a description, or any page or profile changed",
    explain: "Readers of the release notes rely on every change saying which ticket it closes (`**Tickets:**`), \
which capabilities it affects (`**Affects:**`), what changed (`**Description:**`) and where (`**Pages changed:**`, \
`**Pages added:**` or `**FHIR profiles changed:**`). Only entries in the labelled layout are checked; the older \
page-by-page layouts carry no labels.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for release in ctx.project.model.releases.iter().filter(|r| r.layout == Layout::Labelled) {
        for change in release.changes.iter().filter(|c| !c.labels.is_empty()) {
            let mut missing = Vec::new();
            if change.tickets.is_empty() {
                missing.push("tickets");
            }
            if change.affects.is_empty() {
                missing.push("affects");
            }
            if change.description.trim().is_empty() {
                missing.push("description");
            }
            if change.pages_changed.is_empty() && change.pages_added.is_empty() && change.profiles_changed.is_empty() {
                missing.push("pages or profiles changed");
            }
            if !missing.is_empty() {
                out.push(Diagnostic::new(
                    RULE.name,
                    release.file.clone(),
                    change.span,
                    format!("change \"{}\" has no {}", change.title, missing.join(", ")),
                ));
            }
        }
    }
}
