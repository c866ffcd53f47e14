//! Rule `missing-include`: `{% include NAME %}` where `_includes/NAME` does not exist, and
//! `{% include_relative NAME %}` where the page's folder has no NAME or Jekyll refuses the name.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};

/// The rule.
pub const RULE: Rule = Rule {
    name: "missing-include",
    severity: Severity::Error,
    default_enabled: true,
    summary: "an `{% include %}` whose file is not in `_includes/`, or an `{% include_relative %}` whose file is \
not next to the page",
    explain: "Jekyll stops the build with \"Could not locate the included file\" when a page includes a file that \
`_includes/` does not have. Check the name (includes are case-sensitive and may sit in sub-folders, e.g. \
`{% include custom/note.html %}`), or add the file.\n\n`{% include_relative NAME %}` looks for NAME in the \
including page's own folder, published or not, and stops the build the same way when it is not there. Jekyll \
also refuses, with \"File contains invalid characters or sequences\", a name with two dots or slashes in a row \
(`../shared/x.md`: a relative include cannot leave the page's folder) or with characters other than letters, \
digits and `_ / . - ( ) + ~ # @`. A name written with Liquid (`{{ include.file }}`) is not checked. What the \
included file holds is part of the page: its headings are anchors of the page, and its links are checked as the \
page's.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    for (page, doc) in site.pages.iter().zip(&ctx.project.docs) {
        for inc in doc.includes.iter().filter(|i| !i.found) {
            if let Some(path) = &inc.relative {
                out.push(relative(page.path(), inc, path));
                continue;
            }
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

/// The finding for an `{% include_relative %}` Jekyll cannot include (`path` empty: the name
/// is refused).
fn relative(file: &str, inc: &crate::parse::IncludeRef, path: &str) -> Diagnostic {
    if path.is_empty() {
        return Diagnostic::new(
            RULE.name,
            file,
            inc.span,
            format!("`include_relative` name `{}` has characters or sequences Jekyll refuses", inc.name),
        )
        .with_help(
            "a relative include names a file in the page's own folder or below it, without `..`, `./` or `//`, \
             in letters, digits and `_ / . - ( ) + ~ # @`; to share a file between folders, put it in `_includes/` \
             and use `{% include %}`"
                .to_string(),
        );
    }
    Diagnostic::new(
        RULE.name,
        file,
        inc.span,
        format!("file `{}` included with `include_relative` does not exist (looked for `{path}`)", inc.name),
    )
    .with_help("`include_relative` looks in the including page's own folder".to_string())
}
