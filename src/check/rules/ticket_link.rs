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
pull-request URL, and it must point at the spec's own repository (`repository:` in `_config.yml`). A spec that \
tracks tickets elsewhere sets the pattern in `specnotes.toml`: `[tickets] url = \"https://jira.example.org/browse/\
SPEC-{number}\"` (`{repository}` stands for `repository:`); ticket URLs must then match it.",
    run,
};

static ISSUE_URL: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(r"^https?://github\.com/([^/\s]+/[^/\s]+)/(?:issues|pull)/(\d+)/?(?:[#?].*)?$")
});

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&ISSUE_URL);
}

/// What a ticket URL must look like.
enum Pattern {
    /// An issue or pull request on GitHub (the repository is checked separately).
    GitHub,
    /// `[tickets] url`, as written and as a regex whose one group is the number.
    Configured { written: String, regex: Regex },
}

impl Pattern {
    fn new(configured: Option<&str>, repo: Option<&str>) -> Pattern {
        let Some(written) = configured else { return Pattern::GitHub };
        let any_repo = r"[^/\s]+/[^/\s]+".to_string();
        let mut re = String::from("(?i)^");
        for (i, part) in written.split("{number}").enumerate() {
            if i > 0 {
                re.push_str(r"(\d+)");
            }
            let literal: Vec<String> = part.split("{repository}").map(regex::escape).collect();
            re.push_str(&literal.join(&repo.map(regex::escape).unwrap_or_else(|| any_repo.clone())));
        }
        re.push_str(r"/?(?:[#?].*)?$");
        match Regex::new(&re) {
            Ok(regex) => Pattern::Configured { written: written.to_string(), regex },
            Err(_) => Pattern::GitHub,
        }
    }

    /// The repository (GitHub only) and the number of a ticket URL, as written, if it fits the
    /// pattern.
    fn read<'u>(&self, url: &'u str) -> Option<(Option<&'u str>, &'u str)> {
        match self {
            Pattern::GitHub => {
                let caps = ISSUE_URL.captures(url)?;
                Some((caps.get(1).map(|m| m.as_str()), caps.get(2)?.as_str()))
            }
            Pattern::Configured { regex, .. } => Some((None, regex.captures(url)?.get(1)?.as_str())),
        }
    }

    fn mismatch(&self, url: &str) -> String {
        match self {
            Pattern::GitHub => format!("ticket link `{url}` is not an issue or pull-request URL"),
            Pattern::Configured { written, .. } => {
                format!("ticket link `{url}` does not match the ticket URL pattern `{written}`")
            }
        }
    }

    fn example(&self, repo: Option<&str>) -> String {
        match self {
            Pattern::GitHub => "https://github.com/OWNER/REPO/issues/N".to_string(),
            Pattern::Configured { written, .. } => {
                written.replace("{number}", "N").replace("{repository}", repo.unwrap_or("OWNER/REPO"))
            }
        }
    }
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let repo = ctx.project.site.config.repository.as_deref().map(|r| r.trim_matches('/').to_lowercase());
    let pattern = Pattern::new(ctx.project.settings.ticket_url.as_deref(), repo.as_deref());
    for release in &ctx.project.model.releases {
        for change in &release.changes {
            for t in &change.tickets {
                let diag = |msg: String| {
                    Diagnostic::new(RULE.name, release.file.clone(), t.span, msg).with_target(t.url.clone())
                };
                if t.url.is_empty() {
                    out.push(
                        diag(format!("ticket `{}` has no link", t.text))
                            .with_help(format!("write it as `[#N]({})`", pattern.example(repo.as_deref()))),
                    );
                    continue;
                }
                let Some((url_repo, url_digits)) = pattern.read(&t.url) else {
                    out.push(diag(pattern.mismatch(&t.url)));
                    continue;
                };
                // As written, less leading zeros; a number too long for u64 is shown, never read as 0.
                let url_digits = match url_digits.trim_start_matches('0') {
                    "" => "0",
                    d => d,
                };
                let url_number: Option<u64> = url_digits.parse().ok();
                match t.number {
                    None => out.push(
                        diag(format!("ticket link text `{}` has no number", t.text))
                            .with_help(format!("write `#{url_digits}`")),
                    ),
                    Some(n) if Some(n) != url_number => {
                        let d = diag(format!("ticket text says #{n} but the link points at #{url_digits}"))
                            .with_help("one of the two is a copy-paste slip: make them agree");
                        // When the change cites the URL's ticket elsewhere, the URL is the slip. A URL
                        // number of 0, or one too long to read, is no ticket: nothing to copy.
                        let cited = |u: u64| change.tickets.iter().any(|o| o.number == Some(u));
                        let fix = url_number
                            .filter(|&u| u != 0 && !cited(u))
                            .map(|u| text_number_fix(ctx, &release.file, t.span.offset, n, u));
                        out.push(match fix.flatten() {
                            Some(fix) => d.with_fix(fix),
                            None => d,
                        });
                    }
                    Some(_) => {}
                }
                if let (Some(repo), Some(url_repo)) = (&repo, url_repo) {
                    if url_repo.to_lowercase() != *repo {
                        out.push(
                            diag(format!("ticket link points at repository `{url_repo}`, not `{repo}`"))
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
