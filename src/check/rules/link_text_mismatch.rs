//! Rule `link-text-mismatch`: a "Pages changed" link whose text differs from the target page's title.

use crate::check::resolve::{Target, join};
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "link-text-mismatch",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a `Pages changed` / `Pages added` link whose text differs from the title of the page it points at",
    explain: "Readers scan the pages changed by their titles; a link whose text names another page (often left \
over from copying an earlier entry) sends them to the wrong place. The comparison ignores case, spacing, HTML \
entities and typographic quotes.",
    run,
};

/// Folds text for comparison: entities decoded, quotes unified, case and spacing ignored.
fn fold(s: &str) -> String {
    let s = super::sidebar_broken_url::decode_entities(s)
        .replace(['’', '‘'], "'")
        .replace(['“', '”'], "\"");
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`' | '®' | '\u{a0}'))
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    for release in &ctx.project.model.releases {
        for r in release
            .changes
            .iter()
            .flat_map(|c| c.pages_changed.iter().chain(&c.pages_added))
        {
            if r.target.contains("://") || r.target.is_empty() {
                continue;
            }
            let path = percent_encoding::percent_decode_str(&r.target).decode_utf8_lossy();
            let Some(Target::Page(i)) =
                join(&release.url, &path).map(|abs| ctx.resolver.lookup(&abs))
            else {
                continue;
            };
            let Some(title) = site.pages[i].title.as_deref() else {
                continue;
            };
            if fold(title) != fold(&r.text) {
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        release.file.clone(),
                        r.span,
                        format!(
                            "link text \"{}\" differs from the title of `{}`",
                            r.text, r.target
                        ),
                    )
                    .with_help(format!("the page's title is \"{title}\""))
                    .with_target(r.target.clone()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_ignores_case_entities_and_typographic_quotes() {
        assert_eq!(
            fold("Get the FHIR&reg; capability statement"),
            fold("Get the FHIR capability  Statement")
        );
        assert_eq!(
            fold("Migrate a patient’s record"),
            fold("Migrate a patient's record")
        );
        assert_ne!(fold("Register a patient"), fold("Amend an appointment"));
    }
}
