//! Rule `ticket-link`: a malformed ticket reference in release notes.

use std::sync::LazyLock;

use regex::Regex;

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "ticket-link",
    severity: Severity::Error,
    default_enabled: true,
    summary: "a ticket reference that is malformed, whose text number differs from its URL, or that points at another repository",
    explain: "Tickets are written `[#601](https://github.com/OWNER/REPO/issues/601)`. The number in the text must \
match the number in the URL (copy-paste slips send readers to the wrong issue), the URL must be an issue or \
pull-request URL, and it must point at the spec's own repository (`repository:` in `_config.yml`).",
    run,
};

static ISSUE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^https?://github\.com/([^/\s]+/[^/\s]+)/(?:issues|pull)/(\d+)/?(?:[#?].*)?$").expect("valid regex")
});

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let repo = ctx.project.site.config.repository.as_deref().map(|r| r.trim_matches('/').to_lowercase());
    for release in &ctx.project.model.releases {
        for change in &release.changes {
            for t in &change.tickets {
                let diag = |msg: String| {
                    Diagnostic::new(RULE.name, release.file.clone(), t.span, msg).with_target(t.url.clone())
                };
                if t.url.is_empty() {
                    out.push(
                        diag(format!("ticket `{}` has no link", t.text))
                            .with_help("write it as `[#N](https://github.com/OWNER/REPO/issues/N)`"),
                    );
                    continue;
                }
                let Some(caps) = ISSUE_URL.captures(&t.url) else {
                    out.push(diag(format!("ticket link `{}` is not an issue or pull-request URL", t.url)));
                    continue;
                };
                let url_number: u64 = caps[2].parse().unwrap_or(0);
                match t.number {
                    None => out.push(
                        diag(format!("ticket link text `{}` has no number", t.text))
                            .with_help(format!("write `#{url_number}`")),
                    ),
                    Some(n) if n != url_number => {
                        let d = diag(format!("ticket text says #{n} but the link points at #{url_number}"))
                            .with_help("one of the two is a copy-paste slip: make them agree");
                        // When the change cites the URL's ticket elsewhere, the URL is the slip.
                        let cited = change.tickets.iter().any(|o| o.number == Some(url_number));
                        let fix = (!cited).then(|| text_number_fix(ctx, &release.file, t.span.offset, n, url_number));
                        out.push(match fix.flatten() {
                            Some(fix) => d.with_fix(fix),
                            None => d,
                        });
                    }
                    Some(_) => {}
                }
                if let Some(repo) = &repo {
                    if caps[1].to_lowercase() != *repo {
                        out.push(
                            diag(format!("ticket link points at repository `{}`, not `{repo}`", &caps[1]))
                                .with_help("the spec's repository is set by `repository:` in `_config.yml`"),
                        );
                    }
                }
            }
        }
    }
}

/// Rewrites the number in a ticket link's text to the URL's. The URL is taken as right: it
/// is what readers follow, and it is usually pasted from the browser while the text is
/// typed (unless the change already cites the URL's ticket: the caller checks that). The number must appear exactly once in the link text (from `[` or `<a` to the
/// first `]` or `</a>` on the same line).
fn text_number_fix(ctx: &Context, file: &str, link_at: usize, text_number: u64, url_number: u64) -> Option<Fix> {
    let text = ctx.project.source_text(file)?;
    let rest = text.get(link_at..)?;
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let close = [rest[..line_end].find(']'), rest[..line_end].find("</a>")].into_iter().flatten().min()?;
    let label = &rest[..close];
    let wanted = text_number.to_string();
    let mut found = label.match_indices(&wanted).map(|(i, _)| i).filter(|&i| {
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        !digit(label[..i].chars().next_back()) && !digit(label[i + wanted.len()..].chars().next())
    });
    let at = found.next()?;
    if found.next().is_some() {
        return None;
    }
    let start = link_at + at;
    Some(Fix {
        description: format!("write #{url_number} in the link text, as the URL says"),
        edits: vec![Edit {
            file: file.to_string(),
            range: start..start + wanted.len(),
            replacement: url_number.to_string(),
        }],
    })
}
