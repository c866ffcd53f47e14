//! Rule `profile-link`: a FHIR profile link that is malformed or whose text differs from the URL's name.

use std::sync::LazyLock;

use regex::Regex;

use crate::check::{Context, Rule, globs};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::ProfileKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "profile-link",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a FHIR profile link that is malformed, or whose text differs from the name at the end of its URL",
    explain: "Entries under `**FHIR profiles changed:**` are written \
`[GPConnect-PractitionerRole-1](https://fhir.nhs.uk/STU3/ValueSet/GPConnect-PractitionerRole-1)`: an absolute \
http(s) canonical URL of a StructureDefinition, ValueSet, CodeSystem or other FHIR artefact \
(`.../OperationDefinition/Name`), whose last path segment is the profile's name and \
equals the link text. A spec that publishes its profiles under known addresses lists them in `specnotes.toml` as \
globs (`[profiles] urls = [\"https://fhir.nhs.uk/STU3/*\"]`); a profile URL matching none of them is then reported \
instead of checking the canonical URL shape.",
    run,
};

/// `.../ResourceType/name`: a FHIR canonical URL of any artefact type (OperationDefinition, ...).
static CANONICAL: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r"^https?://[^/]+/(?:[^/]+/)*[A-Z][A-Za-z]+/[^/]+$"));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&CANONICAL);
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let configured = &ctx.project.settings.profile_urls;
    let allowed = globs(configured);
    for release in &ctx.project.model.releases {
        for p in release.changes.iter().flat_map(|c| &c.profiles_changed) {
            let diag =
                |msg: String| Diagnostic::new(RULE.name, release.file.clone(), p.span, msg).with_target(p.url.clone());
            if !(p.url.starts_with("https://") || p.url.starts_with("http://")) {
                out.push(diag(format!("profile link `{}` is not an absolute http(s) URL", p.url)));
                continue;
            }
            if !configured.is_empty() {
                if !allowed.is_match(p.url.trim()) {
                    out.push(
                        diag(format!("profile link `{}` matches none of the configured profile URLs", p.url))
                            .with_help(format!("`[profiles] urls` in specnotes.toml allows {}", configured.join(", "))),
                    );
                }
            } else if p.kind == ProfileKind::Other && !CANONICAL.is_match(p.url.trim()) {
                out.push(
                    diag(format!("profile link `{}` is not a FHIR canonical URL", p.url)).with_help(
                        "expected `https://host/.../ResourceType/Name`, e.g. `.../StructureDefinition/CareConnect-Patient-1`",
                    ),
                );
            }
            let last = crate::model::labels::profile_url_name(p.url.trim());
            if !last.is_empty() && last != p.name.trim() {
                out.push(
                    diag(format!("profile link text `{}` differs from the URL's name `{last}`", p.name))
                        .with_help(format!("write `[{last}]({})`", p.url)),
                );
            }
        }
    }
}
