//! Rule `missing-include`: `{% include NAME %}` where `_includes/NAME` does not exist.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};

/// The rule.
pub const RULE: Rule = Rule {
    name: "missing-include",
    severity: Severity::Error,
    default_enabled: true,
    summary: "an `{% include %}` whose file is not in `_includes/`",
    explain: "Jekyll stops the build with \"Could not locate the included file\" when a page includes a file that \
`_includes/` does not have. Check the name (includes are case-sensitive and may sit in sub-folders, e.g. \
`{% include custom/note.html %}`), or add the file.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    for (page, doc) in site.pages.iter().zip(&ctx.project.docs) {
        for inc in doc.includes.iter().filter(|i| !i.found) {
            let hint = did_you_mean(&inc.name, site.includes.keys().map(String::as_str))
                .map(|n| format!("did you mean `{n}`?"));
            out.push(
                Diagnostic::new(
                    RULE.name,
                    page.path(),
                    inc.span,
                    format!("included file `{}` does not exist in `_includes/`", inc.name),
                )
                .with_help_opt(hint),
            );
        }
    }
}
