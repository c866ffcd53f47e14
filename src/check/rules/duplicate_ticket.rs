//! Rule `duplicate-ticket`: one ticket cited by two changes of the same release.

use std::collections::BTreeMap;

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "duplicate-ticket",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a ticket cited by two change entries of the same release",
    explain: "Each change entry of a release usually closes its own ticket. The same ticket under two entries is \
most often a copy of the previous entry whose ticket was not updated. If one ticket really covers two changes, \
merge the entries or cite it once.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for release in &ctx.project.model.releases {
        let mut seen: BTreeMap<u64, &str> = BTreeMap::new();
        for change in &release.changes {
            let mut in_change = std::collections::BTreeSet::new();
            for t in &change.tickets {
                let Some(n) = t.number else { continue };
                if !in_change.insert(n) {
                    out.push(Diagnostic::new(
                        RULE.name,
                        release.file.clone(),
                        t.span,
                        format!("ticket #{n} is cited twice in this change"),
                    ));
                    continue;
                }
                if let Some(first) = seen.get(&n) {
                    out.push(
                        Diagnostic::new(
                            RULE.name,
                            release.file.clone(),
                            t.span,
                            format!("ticket #{n} is also cited by \"{first}\" in this release"),
                        )
                        .with_help("check the ticket number, or merge the two entries"),
                    );
                } else {
                    seen.insert(n, &change.title);
                }
            }
        }
    }
}
