//! Rule `data-file`: a `_data/` file (sidebars, topnav, data) that is not valid YAML or JSON.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "data-file",
    severity: Severity::Error,
    default_enabled: true,
    summary: "a `_data/` file (sidebar, topnav, data) that is not valid YAML or JSON",
    explain: "Jekyll refuses to build when a `_data/` file cannot be parsed, and specnotes cannot check the \
sidebar or the anchors that Liquid writes from it. Fix the YAML at the reported line (indentation and unquoted \
`:` are the usual causes). A UTF-8 byte-order mark at the start of the file is not an error: Jekyll reads data files, includes and `_config.yml` without it, and so does specnotes.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    out.extend(ctx.project.site.diagnostics.iter().filter(|d| d.rule == RULE.name).cloned());
}
