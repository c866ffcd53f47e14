//! Rule `release-date`: a release date that cannot be read, or that is out of order against versions.

use std::collections::BTreeMap;

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Layout;

/// The rule.
pub const RULE: Rule = Rule {
    name: "release-date",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a release date missing from the summary or unreadable, or earlier than the date of a lower version of the same line",
    explain: "Each release-notes page states its date in `summary`, e.g. \"released on 23rd April 2019\" or \
\"released on 26 Oct 2018\". Readers sort and compare releases by it. Within one release line (same product and \
major.minor version), a higher version must not carry an earlier date: that is usually a mistyped year. Only \
versions whose order is stated are compared: a re-publication (`1.2.7-refresh`, `-patch`, `-hotfix`) sorts after its \
release but is dated when it was republished, so it is not compared, and neither are two pre-release words the \
ordering does not know (`preview`, `ballot`). On a \
changelog page (one `## x.y.z` heading per release) the date is read from each version's heading \
(`## 1.2.3 - 2019-04-23`, `## 1.2.3 (23 April 2019)`, `## 1.0.6 Released: 09-04-2020`); an undated heading is not \
reported, one whose date cannot be read is. A month alone (\"released in March 2022\", `## 2.1.0 (Mar 2022)`, `## 2.1.0 (2022-03)`) \
is a date, shown as `2022-03`.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let model = &ctx.project.model;
    let mut lines: BTreeMap<(Option<String>, u64, u64), Vec<usize>> = BTreeMap::new();
    for (i, r) in model.releases.iter().enumerate() {
        let v = &r.parsed_version;
        let key = (v.product.clone(), v.numbers.first().copied().unwrap_or(0), v.numbers.get(1).copied().unwrap_or(0));
        lines.entry(key).or_default().push(i);
        // A changelog's sections are dated in their headings, when at all: the page's summary
        // speaks for none of them, and an undated section is the changelog's own style.
        let changelog = r.layout == Layout::Changelog;
        if r.date.is_none() && (r.date_text.is_some() || !changelog) {
            let msg = match &r.date_text {
                Some(t) => format!("cannot read a release date in \"{t}\""),
                None => "release has no date in its summary".to_string(),
            };
            let help = if changelog {
                "write it as \"23 April 2019\", \"2019-04-23\" or \"09-04-2020\" (day first)"
            } else {
                "write it as \"released on 23rd April 2019\" or \"released on 26 Oct 2018\""
            };
            out.push(Diagnostic::new(RULE.name, r.file.clone(), date_span(ctx, i), msg).with_help(help));
        }
    }
    for releases in lines.values() {
        let mut latest: Option<usize> = None;
        for &i in releases {
            let r = &model.releases[i];
            let Some(date) = r.date.filter(|_| !r.parsed_version.is_republication()) else { continue };
            if let Some(p) = latest {
                let prev = &model.releases[p];
                // Only where the versions say which came first (not `1.0.0-preview` against
                // `1.0.0-ballot`, ordered by spelling alone).
                let ordered = prev.parsed_version.known_cmp(&r.parsed_version) == Some(std::cmp::Ordering::Less);
                if prev.date.is_some_and(|pd| date < pd) && ordered {
                    out.push(
                        Diagnostic::new(
                            RULE.name,
                            r.file.clone(),
                            date_span(ctx, i),
                            format!(
                                "{} is dated {date}, before {} ({})",
                                r.version,
                                prev.version,
                                prev.date.map(|d| d.to_string()).unwrap_or_default()
                            ),
                        )
                        .with_help(if r.layout == Layout::Changelog {
                            "check the year in the version's heading"
                        } else {
                            "check the year in `summary`"
                        }),
                    );
                    continue;
                }
            }
            latest = Some(i);
        }
    }
}

/// Where release `i` is dated: its heading on a changelog page, else where its page sets
/// `summary` (or the release's own span).
fn date_span(ctx: &Context, i: usize) -> crate::span::Span {
    let model = &ctx.project.model;
    if model.releases[i].layout == Layout::Changelog {
        return model.releases[i].span;
    }
    let page = &ctx.project.site.pages[model.release_pages[i]];
    if page.front_matter.values.contains_key("summary") {
        page.front_matter.key_span(&page.source.text, &page.source.lines, "summary")
    } else {
        model.releases[i].span
    }
}
