//! Rule `broken-link`: a link to a page or file the published site does not have.

use crate::check::resolve::Outcome;
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::LinkKind;

/// The rule.
pub const RULE: Rule = Rule {
    name: "broken-link",
    severity: Severity::Error,
    default_enabled: true,
    summary: "a link to a page or file that the published site does not have",
    explain: "Links are resolved as a case-sensitive static host such as GitHub Pages serves the built site: \
a relative link is joined to the URL of the page it is on (its permalink), its Liquid is evaluated where the \
source decides it (`{{ site.baseurl }}`, `{{ site.KEY }}` from `_config.yml`, `{{ page.KEY }}`, `relative_url`; \
a target built from a loop variable or an `assign` is left to the build and not checked), \
and the result must be a page's permalink or a file Jekyll copies (or, when `_config.yml` lists the \
`jekyll-redirect-from` plugin, a URL a page names in `redirect_from:`: the link reaches that page, and its \
`#anchor` is looked for there). A root-relative link (`/page.html`) must stay under the path the site is published under, the path of `url` \
plus `baseurl`: on a site whose `url` is `https://host/Spec`, `/page.html` goes to `https://host/page.html` on the \
live site (`jekyll build` and html-proofer over `_site` do not see it). A link that only works on a case-insensitive \
host, or on one that adds `.html` (as `jekyll serve` does), is reported with that explanation. A link with an \
empty target (`[text]()`, `<a href=\"\">`) goes nowhere a reader expects (the browser reloads the page it is on) \
and is reported as such. A link an include writes (in its own text, or from its parameters as `href=\"{{ include.url }}\"`) is checked on every page that uses it, reported at the `{% include %}` tag with the include's name. \
As kramdown reads them, a Markdown link whose target has spaces (`![map](images/Site map.png)`), which CommonMark \
leaves as text, is a link, and so is a Markdown link inside an HTML element that asks for Markdown \
(`<div markdown=\"span\" class=\"alert\">See [the guide](guide.html)</div>`, the family's callouts).\n\n\
Fix the target, or create the page. `specnotes show page URL` lists a page's anchors.",
    run,
};

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let site = &ctx.project.site;
    // As many findings as missing paths (and malformed mailto links), not the doubling's slack.
    let missing = (0..site.pages.len())
        .flat_map(|i| ctx.resolver.link_outcomes(i))
        .filter(|o| matches!(o, Outcome::MissingPath { .. } | Outcome::OutsideSite { .. }))
        .count();
    out.reserve_exact(missing);
    for (i, (page, doc)) in site.pages.iter().zip(&ctx.project.docs).enumerate() {
        for (link, outcome) in doc.links.iter().zip(ctx.resolver.link_outcomes(i)) {
            if link.kind == LinkKind::Mailto && !valid_mailto(&link.target) {
                out.push(
                    Diagnostic::new(
                        RULE.name,
                        page.path(),
                        link.span,
                        format!("malformed mailto link `{}`", link.written),
                    )
                    .with_help("write `mailto:name@example.org` (no `//`)")
                    .with_target(link.written.clone()),
                );
                continue;
            }
            let what = link.described();
            if link.written.trim().is_empty() && matches!(link.kind, LinkKind::Internal { .. }) {
                out.push(
                    Diagnostic::new(RULE.name, page.path(), link.span, format!("{what} has an empty target"))
                        .with_help("write the page or `#anchor` it should go to, or remove the link")
                        .with_target(String::new()),
                );
                continue;
            }
            if let Outcome::OutsideSite { published } = outcome {
                let origin = site.config.url.as_deref().and_then(crate::parse::links::split_url).map(|(o, _)| o);
                let goes_to = origin.map(|o| format!(": it goes to `{o}{}`", link.target.trim())).unwrap_or_default();
                let message = format!(
                    "{what} target `{}` leaves the site, which is published under `{published}`{goes_to}",
                    link.written
                );
                out.push(
                    Diagnostic::new(RULE.name, page.path(), link.span, message)
                        .with_help(if page.url.trim_start_matches('/').contains('/') {
                            "write the path relative to the page, or start it with `{{ site.url }}`".to_string()
                        } else {
                            format!(
                                "write the path relative to the page (`{}`), or start it with `{{{{ site.url }}}}`",
                                link.target.trim().trim_start_matches('/')
                            )
                        })
                        .with_target(link.written.clone()),
                );
                continue;
            }
            if let Outcome::MissingPath { abs } = outcome {
                let message = match &abs {
                    Some(abs) => format!("{what} target `{}` does not exist (resolves to `{abs}`)", link.written),
                    None => format!("{what} target `{}` points above the site root", link.written),
                };
                // `page#anchor.html`: the extension slipped behind the fragment.
                let moved = link.written.split_once('#').and_then(|(path, fragment)| {
                    let stem = fragment.strip_suffix(".html")?;
                    (!path.is_empty() && !path.contains('.'))
                        .then(|| format!("move `.html` before the `#`: `{path}.html#{stem}`"))
                });
                let help = moved.or_else(|| ctx.resolver.missing_path_help(abs.as_deref()));
                out.push(
                    Diagnostic::new(RULE.name, page.path(), link.span, message)
                        .with_help_opt(help)
                        .with_target(link.written.clone()),
                );
            }
        }
    }
}

/// `mailto:` followed by at least one address `local@domain` (query allowed).
fn valid_mailto(target: &str) -> bool {
    let rest = target.get(7..).unwrap_or("");
    let addresses = rest.split('?').next().unwrap_or("");
    !addresses.is_empty()
        && addresses.split(',').all(|a| {
            let a = a.trim();
            !a.starts_with('/') && a.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
        })
}

#[cfg(test)]
mod tests {
    use super::valid_mailto;

    #[test]
    fn mailto_needs_an_address_without_slashes() {
        assert!(valid_mailto("mailto:team@example.org"));
        assert!(valid_mailto("mailto:a@example.org,b@example.org?subject=Hi"));
        assert!(!valid_mailto("mailto://team@example.org"));
        assert!(!valid_mailto("mailto:"));
        assert!(!valid_mailto("mailto:team"));
    }
}
