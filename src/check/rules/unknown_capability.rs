//! Rule `unknown-capability`: an **Affects** name outside the spec's capability vocabulary.

use std::collections::BTreeMap;

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};

/// The rule.
pub const RULE: Rule = Rule {
    name: "unknown-capability",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "an `**Affects:**` capability that is not in the spec's vocabulary (a typo or a variant spelling)",
    explain: "Readers filter the release notes by capability, so every change must name capabilities the same \
way. With `[capabilities] known = [...]` in `specnotes.toml`, any name outside that list is reported, with the \
closest known name. Otherwise specnotes learns the vocabulary from the spec: the spelling used most often for each \
name is the known one, and a name used by only one change that is close to a known name, or a variant \
capitalisation of one, is reported with the known spelling.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if let Some(known) = &ctx.project.settings.capabilities {
        return configured(ctx, known, out);
    }
    let releases = &ctx.project.model.releases;
    let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
    for c in releases.iter().flat_map(|r| &r.changes).flat_map(|c| &c.affects) {
        *uses.entry(c.name.as_str()).or_default() += 1;
    }
    // The preferred spelling of each lower-cased name: the most used, then the first in order.
    let mut preferred: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    for (&name, &n) in &uses {
        let e = preferred.entry(name.to_lowercase()).or_insert((name, n));
        if n > e.1 {
            *e = (name, n);
        }
    }
    let known: Vec<&str> = preferred.values().filter(|(_, n)| *n >= 2).map(|(s, _)| *s).collect();
    for release in releases {
        for cap in release.changes.iter().flat_map(|c| &c.affects) {
            let name = cap.name.as_str();
            let (best, n) = preferred[&name.to_lowercase()];
            let suggestion = if best != name && n >= 2 {
                Some(best)
            } else if uses[name] < 2 && !known.contains(&name) {
                did_you_mean(name, known.iter().copied())
            } else {
                None
            };
            if let Some(s) = suggestion {
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        release.file.clone(),
                        cap.span,
                        format!("capability `{name}` is not in the spec's vocabulary"),
                    )
                    .with_help(format!("did you mean `{s}`?")),
                );
            }
        }
    }
}

/// With a configured vocabulary: every name outside it, with the closest known name.
fn configured(ctx: &Context, known: &[String], out: &mut Vec<Diagnostic>) {
    for release in &ctx.project.model.releases {
        for cap in release.changes.iter().flat_map(|c| &c.affects) {
            let name = cap.name.as_str();
            if known.iter().any(|k| k == name) {
                continue;
            }
            let same_but_case = known.iter().find(|k| k.eq_ignore_ascii_case(name)).map(String::as_str);
            let suggestion = same_but_case.or_else(|| did_you_mean(name, known.iter().map(String::as_str)));
            let help = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "add it to `[capabilities] known` in specnotes.toml if it is a new capability".to_string(),
            };
            out.push(
                Diagnostic::new(
                    RULE.name,
                    release.file.clone(),
                    cap.span,
                    format!("capability `{name}` is not in the configured vocabulary"),
                )
                .with_help(help),
            );
        }
    }
}
