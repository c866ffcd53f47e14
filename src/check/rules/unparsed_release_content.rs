//! Rule `unparsed-release-content`: release-notes content the parser could not place.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "unparsed-release-content",
    severity: Severity::Info,
    default_enabled: true,
    summary: "content of a release-notes page that specnotes could not place in a change (so it is not in the model)",
    explain: "specnotes reads release notes written as `### Title` entries with bold labels (`**Tickets:**`, \
`**Affects:**`, `**Description:**`, `**Pages changed:**`, `**FHIR profiles changed:**`), page-by-page bullet \
lists, or a changelog with a `## x.y.z` heading per version. Anything else under the changes is reported here \
rather than dropped silently, so that the generated site and the index are complete. Move the text under a \
label, or use a known label. On a changelog page, a section at the level of the version headings that is not \
a version (`## Open questions` after the last release) is in no release and is reported too; `## Unreleased` \
and `## Upcoming`, which hold changes waiting for a version, are not.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    out.extend(ctx.project.model.diagnostics.iter().filter(|d| d.rule == RULE.name).cloned());
}
