//! Query output: `releases`, `show ...`, `rules` and `explain`, for people or as JSON.
//!
//! The JSON shapes are public contracts (docs/json.md): fields may be added,
//! never renamed or removed.

use std::io::Write;

use serde::Serialize;

use super::QueryFormat as Format;
use crate::Project;
use crate::check::{Rule, rules};
use crate::model::{Change, ChangeId, Release};

/// A change together with the release it belongs to.
#[derive(Debug, Serialize)]
pub struct ChangeRef<'a> {
    /// Release version.
    pub version: &'a str,
    /// Release page title.
    pub release_title: &'a str,
    /// Release date (ISO), if known.
    pub date: Option<String>,
    /// Release-notes file.
    pub file: &'a str,
    /// Line of the change in that file.
    pub line: usize,
    /// The change.
    pub change: &'a Change,
}

fn change_refs<'a>(project: &'a Project, ids: &[ChangeId]) -> Vec<ChangeRef<'a>> {
    ids.iter()
        .filter_map(|id| {
            let release: &Release = project.model.releases.get(id.release)?;
            let change = release.changes.get(id.change)?;
            Some(ChangeRef {
                version: &release.version,
                release_title: &release.title,
                date: release.date.map(|d| d.to_string()),
                file: &release.file,
                line: change.span.line,
                change,
            })
        })
        .collect()
}

fn json<T: Serialize>(value: &T, out: &mut dyn Write) -> crate::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// `specnotes releases`: newest first.
pub fn write_releases(project: &Project, format: Format, out: &mut dyn Write) -> crate::Result<()> {
    let releases: Vec<&Release> = project.model.releases.iter().rev().collect();
    if format == Format::Json {
        return json(&releases, out);
    }
    // A product column only when the spec has product lines (`documents_1_0_0.md`): without
    // it, `1.0.0` of one line and `1.0.0` of the main line would look alike.
    let products = releases.iter().any(|r| r.product.is_some());
    let width = releases.iter().filter_map(|r| r.product.as_deref()).map(str::len).max().unwrap_or(0).max(7);
    let product =
        |name: Option<&str>| if products { format!("{:<width$} ", name.unwrap_or("-")) } else { String::new() };
    writeln!(
        out,
        "{}{:<22} {:<11} {:>7} {:>7}  file",
        product(Some("product")),
        "version",
        "date",
        "changes",
        "tickets"
    )?;
    for r in releases {
        let tickets: usize = r.changes.iter().map(|c| c.tickets.len()).sum();
        let date = r.date.map_or_else(|| "-".to_string(), |d| d.to_string());
        let line = product(r.product.as_deref());
        writeln!(out, "{line}{:<22} {:<11} {:>7} {:>7}  {}", r.version, date, r.changes.len(), tickets, r.file)?;
    }
    Ok(())
}

fn write_change_list(refs: &[ChangeRef], out: &mut dyn Write) -> crate::Result<()> {
    for r in refs {
        let tickets: Vec<String> = r.change.tickets.iter().map(|t| t.text.clone()).collect();
        let affects: Vec<&str> = r.change.affects.iter().map(|c| c.name.as_str()).collect();
        writeln!(out, "{} {}  ({}:{})", r.version, r.change.title, r.file, r.line)?;
        if !tickets.is_empty() {
            writeln!(out, "    tickets: {}", tickets.join(", "))?;
        }
        if !affects.is_empty() {
            writeln!(out, "    affects: {}", affects.join(", "))?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct TicketView<'a> {
    ticket: u64,
    changes: Vec<ChangeRef<'a>>,
}

/// `specnotes show ticket N`.
pub fn write_ticket(project: &Project, number: u64, format: Format, out: &mut dyn Write) -> crate::Result<()> {
    let ids = project.model.index.tickets.get(&number).cloned().unwrap_or_default();
    let view = TicketView { ticket: number, changes: change_refs(project, &ids) };
    if format == Format::Json {
        return json(&view, out);
    }
    if view.changes.is_empty() {
        writeln!(out, "no change cites ticket #{number}")?;
    }
    write_change_list(&view.changes, out)
}

#[derive(Serialize)]
struct PageView<'a> {
    url: &'a str,
    file: &'a str,
    title: Option<&'a str>,
    anchors: Vec<&'a str>,
    changes: Vec<ChangeRef<'a>>,
}

/// `specnotes show page URL`: accepts a URL with or without leading `/`, or a file path.
pub fn write_page(project: &Project, wanted: &str, format: Format, out: &mut dyn Write) -> crate::Result<()> {
    let site = &project.site;
    let norm = format!("/{}", wanted.trim_start_matches('/'));
    let found = site.pages.iter().position(|p| p.url == norm || p.source.path == wanted.trim_start_matches("./"));
    let Some(i) = found else {
        let urls = site.pages.iter().map(|p| p.url.as_str());
        let hint =
            crate::diagnostic::did_you_mean(&norm, urls).map(|u| format!("; did you mean `{u}`?")).unwrap_or_default();
        return Err(crate::Error::Usage(format!("no page at `{wanted}`{hint}")));
    };
    let page = &site.pages[i];
    let ids = project.model.index.pages.get(&page.url).cloned().unwrap_or_default();
    let view = PageView {
        url: &page.url,
        file: page.path(),
        title: page.title.as_deref(),
        anchors: project.docs[i].anchors.iter().map(|a| a.id.as_str()).collect(),
        changes: change_refs(project, &ids),
    };
    if format == Format::Json {
        return json(&view, out);
    }
    writeln!(out, "{}  {}  ({})", view.url, view.title.unwrap_or("(no title)"), view.file)?;
    writeln!(out, "anchors: {}", if view.anchors.is_empty() { "(none)".to_string() } else { view.anchors.join(" ") })?;
    writeln!(out, "changed in {} change(s):", view.changes.len())?;
    write_change_list(&view.changes, out)
}

#[derive(Serialize)]
struct NamedView<'a> {
    name: &'a str,
    changes: Vec<ChangeRef<'a>>,
}

fn write_named(
    project: &Project,
    map: &std::collections::BTreeMap<String, Vec<ChangeId>>,
    kind: &str,
    name: &str,
    format: Format,
    out: &mut dyn Write,
) -> crate::Result<()> {
    let key = map.keys().find(|k| k.eq_ignore_ascii_case(name));
    let Some(key) = key else {
        let hint = crate::diagnostic::did_you_mean(name, map.keys().map(String::as_str))
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(crate::Error::Usage(format!("no change names the {kind} `{name}`{hint}")));
    };
    let view = NamedView { name: key, changes: change_refs(project, &map[key]) };
    if format == Format::Json {
        return json(&view, out);
    }
    writeln!(out, "{kind} {key}: {} change(s)", view.changes.len())?;
    write_change_list(&view.changes, out)
}

/// `specnotes show profile NAME`.
pub fn write_profile(project: &Project, name: &str, format: Format, out: &mut dyn Write) -> crate::Result<()> {
    write_named(project, &project.model.index.profiles, "profile", name, format, out)
}

/// `specnotes show capability NAME`.
pub fn write_capability(project: &Project, name: &str, format: Format, out: &mut dyn Write) -> crate::Result<()> {
    write_named(project, &project.model.index.capabilities, "capability", name, format, out)
}

#[derive(Serialize)]
struct RuleView {
    name: &'static str,
    severity: &'static str,
    default_enabled: bool,
    summary: &'static str,
}

/// `specnotes rules`.
pub fn write_rules(format: Format, out: &mut dyn Write) -> crate::Result<()> {
    let views: Vec<RuleView> = rules::ALL
        .iter()
        .map(|r| RuleView {
            name: r.name,
            severity: r.severity.as_str(),
            default_enabled: r.default_enabled,
            summary: r.summary,
        })
        .collect();
    if format == Format::Json {
        return json(&views, out);
    }
    for v in views {
        let level = if v.default_enabled { v.severity } else { "off" };
        writeln!(out, "{:<26} {:<8} {}", v.name, level, v.summary)?;
    }
    Ok(())
}

/// `specnotes explain RULE`.
pub fn write_explain(rule: &Rule, out: &mut dyn Write) -> crate::Result<()> {
    let level = if rule.default_enabled { rule.severity.as_str() } else { "off by default" };
    writeln!(out, "{} ({level})\n\n{}\n\n{}", rule.name, rule.summary, rule.explain)?;
    Ok(())
}
