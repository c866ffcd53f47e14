//! Rule `release-date`: a release date that cannot be read, or that is out of order against versions.

use std::collections::BTreeMap;

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "release-date",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a release date missing from the summary or unreadable, or earlier than the date of a lower version of the same line",
    explain: "Each release-notes page states its date in `summary`, e.g. \"released on 23rd April 2019\" or \
\"released on 26 Oct 2018\". Readers sort and compare releases by it. Within one release line (same product and \
major.minor version), a higher version must not carry an earlier date: that is usually a mistyped year.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let model = &ctx.project.model;
    let mut lines: BTreeMap<(Option<String>, u64, u64), Vec<usize>> = BTreeMap::new();
    for (i, r) in model.releases.iter().enumerate() {
        let v = &r.parsed_version;
        let key = (v.product.clone(), v.numbers.first().copied().unwrap_or(0), v.numbers.get(1).copied().unwrap_or(0));
        lines.entry(key).or_default().push(i);
        if r.date.is_none() {
            let msg = match &r.date_text {
                Some(t) => format!("cannot read a release date in \"{t}\""),
                None => "release has no date in its summary".to_string(),
            };
            out.push(
                Diagnostic::new(RULE.name, r.file.clone(), summary_span(ctx, i), msg)
                    .with_help("write it as \"released on 23rd April 2019\" or \"released on 26 Oct 2018\""),
            );
        }
    }
    for releases in lines.values() {
        let mut latest: Option<usize> = None;
        for &i in releases {
            let r = &model.releases[i];
            let Some(date) = r.date else { continue };
            if let Some(p) = latest {
                let prev = &model.releases[p];
                if prev.date.is_some_and(|pd| date < pd) && prev.parsed_version != r.parsed_version {
                    out.push(
                        Diagnostic::new(
                            RULE.name,
                            r.file.clone(),
                            summary_span(ctx, i),
                            format!(
                                "{} is dated {date}, before {} ({})",
                                r.version,
                                prev.version,
                                prev.date.map(|d| d.to_string()).unwrap_or_default()
                            ),
                        )
                        .with_help("check the year in `summary`"),
                    );
                    continue;
                }
            }
            latest = Some(i);
        }
    }
}

/// Where release `i`'s page sets `summary` (its date), or the release's own span.
fn summary_span(ctx: &Context, i: usize) -> crate::span::Span {
    let model = &ctx.project.model;
    let page = &ctx.project.site.pages[model.release_pages[i]];
    if page.front_matter.values.contains_key("summary") {
        page.front_matter.key_span(&page.source.text, &page.source.lines, "summary")
    } else {
        model.releases[i].span
    }
}
