//! Rule `sidebar-broken-url`: a sidebar or top-navigation `url` that the site does not serve.

use std::sync::LazyLock;

use regex::Regex;

use crate::check::resolve::{Outcome, Resolver, Target, nav_path};
use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::NavItem;
use crate::parse::LinkKind;
use crate::parse::html::decode_entities;

/// The rule.
pub const RULE: Rule = Rule {
    name: "sidebar-broken-url",
    severity: Severity::Error,
    default_enabled: true,
    summary: "a sidebar or top-navigation `url` that is malformed or that the site does not serve",
    explain: "Every item of `_data/sidebars/*.yml` and `_data/topnav.yml` whose `output` includes `web` becomes a \
link in the navigation of every page. Its `url` must be a page's permalink (with a leading `/`) or a published \
file. A quote character in the value ends the `href` attribute early when the theme writes \
`<a href=\"{{ item.url }}\">`, leaving stray attributes in every page (and crashing html-proofer 3.19); HTML \
entities such as `&#47;` are decoded by the browser before the link is followed. Items whose `output` \
excludes `web` are not checked. Values that hold HTML (`<a href=...>` lists in `*_related.yml`) have each \
`href` checked.",
    run,
};

static HREF: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r#"href\s*=\s*["']([^"']*)["']"#));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&HREF);
}

fn run(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for sidebar in &ctx.project.site.sidebars {
        for item in sidebar.items.iter().filter(|i| i.is_web() && !i.external) {
            if item.url.contains('<') {
                for cap in HREF.captures_iter(&item.url) {
                    check_url(&ctx.resolver, &sidebar.file, item, &cap[1], out);
                }
                continue;
            }
            if let Some(q) = item.url.find(['"', '\'']) {
                out.push(
                    Diagnostic::new(RULE.name, sidebar.file.clone(), item.span, format!("sidebar URL for `{}` contains a quote", item.title))
                        .with_help(format!(
                            "the quote ends the `href` attribute after `{}`; the rest (`{}`) becomes stray attributes in every page's navigation",
                            &item.url[..q],
                            &item.url[q..]
                        ))
                        .with_target(item.url.clone()),
                );
                check_url(&ctx.resolver, &sidebar.file, item, &item.url[..q], out);
                continue;
            }
            check_url(&ctx.resolver, &sidebar.file, item, &item.url, out);
        }
    }
}

fn check_url(resolver: &Resolver, file: &str, item: &NavItem, url: &str, out: &mut Vec<Diagnostic>) {
    let Some((abs, fragment)) = nav_path(url) else { return };
    let url = decode_entities(url.trim());
    let Some(abs) = abs else {
        out.push(
            Diagnostic::new(RULE.name, file, item.span, format!("sidebar URL `{url}` climbs above the site root"))
                .with_target(item.url.clone()),
        );
        return;
    };
    match resolver.lookup(&abs) {
        Target::Missing => out.push(
            Diagnostic::new(
                RULE.name,
                file,
                item.span,
                format!("sidebar URL `{url}` for `{}` does not exist", item.title),
            )
            .with_help_opt(resolver.missing_path_help(Some(&abs)))
            .with_target(item.url.clone()),
        ),
        Target::Page(i) => {
            if let Some(f) = fragment {
                let kind = LinkKind::SamePage { fragment: f };
                if let Outcome::MissingAnchor { page, fragment } = resolver.follow(i, &kind) {
                    out.push(
                        Diagnostic::new(
                            RULE.name,
                            file,
                            item.span,
                            format!("sidebar URL `{url}`: anchor `#{fragment}` is not on the page"),
                        )
                        .with_help_opt(resolver.missing_anchor_help(page, &fragment))
                        .with_target(item.url.clone()),
                    );
                }
            }
        }
        Target::Asset => {}
    }
}
