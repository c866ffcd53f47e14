//! Rule `front-matter`: front matter Jekyll cannot read (found while loading).

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "front-matter",
    severity: Severity::Error,
    default_enabled: true,
    summary: "front matter that Jekyll cannot read: invalid YAML, no closing `---`, a byte-order mark, invalid UTF-8",
    explain: "Jekyll renders a file only when it starts exactly with a `---` line and a closing `---` line \
follows. Invalid YAML between them makes Jekyll drop the front matter, so the page loses its title, \
permalink and sidebar. A UTF-8 byte-order mark before the opening `---` hides the front matter \
completely: Jekyll copies the file as-is to its source path, and every link to its permalink breaks.\n\n\
Fix the YAML at the reported line, add the closing `---`, or re-save the file as UTF-8 without BOM.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    out.extend(ctx.project.site.diagnostics.iter().filter(|d| d.rule == RULE.name).cloned());
}
