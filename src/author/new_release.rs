//! `new-release`: the next release page, its sidebar entry and the site's version strings.
//!
//! Everything is derived from the latest release page of the same product line, never from
//! GP Connect names: its file name and permalink with the version numbers replaced, its front
//! matter with the version and date rewritten (other keys kept as written), its heading style
//! and line endings. The sidebar entry and version sources are not edited here: the new page is
//! modelled in memory ([`super::with_page`]) and the `release-sidebar` and
//! `version-source-mismatch` rules' own fixes are planned against it.

use std::sync::LazyLock;

use regex::Regex;

use crate::Project;
use crate::check::{self, Context, Options, resolve::Resolver};
use crate::error::{Error, Result};
use crate::fix::{FilePlan, plan};
use crate::model::{Date, Release, Version, date};

/// `1.2.4`, `1.2.4-beta`, `documents_1_0_2`, `documents-1.0.2-rc.1`.
static VERSION_ARG: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(
        r"^(?:([A-Za-z][A-Za-z0-9]*)[_-])?(\d+(?:[._]\d+)+)(?:-([0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*))?$",
    )
});

/// Parses the `VERSION` argument: dotted or underscored numbers, an optional product-line
/// prefix and pre-release suffix.
pub fn parse_version(text: &str) -> Option<Version> {
    let caps = VERSION_ARG.captures(text.trim())?;
    let numbers: Option<Vec<u64>> = caps[2].split(['.', '_']).map(|n| n.parse().ok()).collect();
    Some(Version {
        product: caps.get(1).map(|m| m.as_str().to_ascii_lowercase()),
        numbers: numbers?,
        pre: caps.get(3).map(|m| m.as_str().to_string()),
    })
}

/// The files `new-release` writes: the new page (planned with empty `old` text) first, then
/// the sidebar and version sources the rules' fixes change. Refuses a version that exists or
/// is not above the latest release of its product line.
pub fn plan_release(project: &Project, version: &Version, date: Date) -> Result<Vec<FilePlan>> {
    let latest = latest_of_line(project, version)?;
    let underscored = |v: &Version| v.numbers.iter().map(u64::to_string).collect::<Vec<_>>().join("_");
    let (old_token, new_token) = (underscored(&latest.parsed_version), underscored(version));
    let file = replace_last(&latest.file, &old_token, &new_token).ok_or_else(|| {
        Error::Usage(format!("cannot derive the new file name from `{}` (no `{old_token}` in it)", latest.file))
    })?;
    if project.site.root.join(&file).exists() || project.site.source(&file).is_some() {
        return Err(Error::Usage(format!("`{file}` exists already")));
    }
    let latest_text = project.source_text(&latest.file).unwrap_or_default();
    let text = page_text(latest, latest_text, &old_token, &new_token, version, date);
    let with_page = super::with_page(project, &file, text.clone())?;
    let mut files = vec![FilePlan { path: file.clone(), old: String::new(), new: text }];
    files.extend(rule_fixes(&with_page, &file));
    Ok(files)
}

/// The latest release of `version`'s product line, after checking `version` goes above it.
fn latest_of_line<'p>(project: &'p Project, version: &Version) -> Result<&'p Release> {
    let line = version.product.as_deref();
    let latest = project.model.latest_release(line).ok_or_else(|| {
        let which = line.map_or("the main product line".to_string(), |p| format!("product line `{p}`"));
        Error::Usage(format!("no release page of {which} to follow: write the first one by hand"))
    })?;
    let shown = |v: &Version| v.to_string();
    if let Some(r) = project.model.releases.iter().find(|r| r.parsed_version == *version) {
        return Err(Error::Usage(format!("release {} exists already (`{}`)", shown(version), r.file)));
    }
    if *version <= latest.parsed_version {
        return Err(Error::Usage(format!(
            "release {} is not above the latest release {} (`{}`)",
            shown(version),
            shown(&latest.parsed_version),
            latest.file
        )));
    }
    Ok(latest)
}

/// The fixes of `release-sidebar` (for the new page only) and `version-source-mismatch`,
/// planned against the project holding the new page.
fn rule_fixes(project: &Project, file: &str) -> Vec<FilePlan> {
    let options = Options::default();
    let ctx = Context { project, resolver: Resolver::new(&project.site, &project.docs), options: &options };
    let mut diags = Vec::new();
    for name in ["release-sidebar", "version-source-mismatch"] {
        let Some(rule) = check::rule(name) else { continue };
        let mut found = Vec::new();
        (rule.run)(&ctx, &mut found);
        diags.extend(found.into_iter().filter(|d| d.rule != "release-sidebar" || d.file == file));
    }
    for d in diags.iter().filter(|d| d.fix.is_none()) {
        eprintln!("warning: {}: {} (not changed: fix it by hand)", d.file, d.message);
    }
    plan::plan(project, &diags).files
}

/// The new page: the latest page's front matter with the version and date rewritten, an
/// introduction and an empty `## VERSION changes` section, in its heading style and line endings.
fn page_text(latest: &Release, text: &str, old_token: &str, new_token: &str, version: &Version, day: Date) -> String {
    let eol = super::line_ending(text);
    let new_written = version.number_text();
    let old_written = latest.version.as_str();
    let mut out = String::new();
    let body = text.trim_start_matches('\u{feff}');
    let mut lines = body.lines();
    if lines.next().map(str::trim_end) == Some("---") {
        out.push_str("---\n");
        for line in lines.by_ref() {
            if line.trim_end() == "---" {
                out.push_str("---\n");
                break;
            }
            let key = line.split(':').next().unwrap_or("").trim();
            let new_line = match key {
                "title" => replace_last(line, old_written, &new_written),
                "permalink" => replace_last(line, old_token, new_token),
                "summary" => {
                    let line = replace_last(line, old_written, &new_written).unwrap_or_else(|| line.to_string());
                    Some(new_date(&line, latest.date_text.as_deref(), day))
                }
                _ => None,
            };
            out.push_str(new_line.as_deref().unwrap_or(line));
            out.push('\n');
        }
    }
    let closing = if text.contains("## Introduction ##") { " ##" } else { "" };
    let name = latest.title.replace(old_written, "").replace("release notes", "");
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    out.push_str(&format!(
        "\n## Introduction{closing}\n\n{name} {new_written} contains the changes listed below.\n\n## {new_written} changes{closing}\n"
    ));
    super::with_line_ending(&out, eol)
}

/// `line` with the date text `written` replaced by `day` written the same way.
fn new_date(line: &str, written: Option<&str>, day: Date) -> String {
    match written.filter(|w| !w.is_empty() && line.contains(w)) {
        Some(w) => line.replacen(w, &format_like(w, day), 1),
        None => line.to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `day` written in the style of `example`: ISO, `23rd April 2019`, `26 Oct 2018` or `April 23, 2019`.
pub fn format_like(example: &str, day: Date) -> String {
    let full = MONTHS[usize::from(day.month.clamp(1, 12)) - 1];
    let words: Vec<&str> = example.split_whitespace().collect();
    if words.len() < 3 {
        return day.to_string();
    }
    let day_word = words.iter().find(|w| w.starts_with(|c: char| c.is_ascii_digit() || c == 'X')).copied();
    let month_word = words.iter().find(|w| Some(**w) != day_word && w.starts_with(char::is_alphabetic)).copied();
    let month_word = month_word.unwrap_or("");
    let month =
        if month_word.trim_end_matches([',', '.']).len() > 4 { full.to_string() } else { full[..3].to_string() };
    let ordinal =
        day_word.is_some_and(|w| ["st", "nd", "rd", "th"].iter().any(|s| w.trim_end_matches(',').ends_with(s)));
    let d = if ordinal { format!("{}{}", day.day, suffix(day.day)) } else { day.day.to_string() };
    if day_word != Some(words[0]) { format!("{month} {d}, {}", day.year) } else { format!("{d} {month} {}", day.year) }
}

fn suffix(day: u8) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// Parses `--date`: any form a summary may use (`2024-05-01`, `1st May 2024`).
pub fn parse_date(text: &str) -> Result<Date> {
    match date::parse_date(text) {
        Some(d) if d.day > 0 => Ok(d),
        Some(_) => Err(Error::Usage(format!("`{text}` names a month but no day (write YYYY-MM-DD)"))),
        None => Err(Error::Usage(format!("`{text}` is not a date (write YYYY-MM-DD)"))),
    }
}

/// Today's date in UTC.
pub use crate::model::date::today;

/// `text` with the last whole occurrence of `token` (not glued to more digits) replaced.
fn replace_last(text: &str, token: &str, new: &str) -> Option<String> {
    let whole = |i: usize| {
        let before = text[..i].chars().next_back();
        let after = text[i + token.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    };
    let at = text.rmatch_indices(token).map(|(i, _)| i).find(|&i| whole(i))?;
    Some(format!("{}{new}{}", &text[..at], &text[at + token.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn version_arguments_take_a_product_line_and_a_suffix() {
        let v = parse_version("documents_1_0_2").unwrap();
        assert_eq!((v.product.as_deref(), v.numbers.as_slice()), (Some("documents"), &[1, 0, 2][..]));
        assert_eq!(parse_version("1.2.4-beta").unwrap().pre.as_deref(), Some("beta"));
        assert_eq!(parse_version("1.2.4 x"), None);
    }

    #[test]
    fn dates_are_written_like_the_latest_summary() {
        assert_eq!(format_like("23rd April 2019", d(2024, 5, 1)), "1st May 2024");
        assert_eq!(format_like("26 Oct 2018", d(2024, 9, 12)), "12 Sep 2024");
        assert_eq!(format_like("April 23, 2019", d(2024, 5, 22)), "May 22, 2024");
        assert_eq!(format_like("2019-04-23", d(2024, 5, 2)), "2024-05-02");
        assert_eq!(format_like("XX Mar 2019", d(2024, 3, 11)), "11 Mar 2024");
    }

    #[test]
    fn a_date_argument_needs_a_day() {
        assert_eq!(parse_date("2 May 2024").ok(), Some(d(2024, 5, 2)));
        let err = parse_date("May 2024").unwrap_err().to_string();
        assert!(err.contains("names a month but no day"), "{err}");
    }

    #[test]
    fn only_whole_version_tokens_are_replaced() {
        assert_eq!(replace_last("notes_1_2_3.html", "1_2_3", "1_2_4").as_deref(), Some("notes_1_2_4.html"));
        assert_eq!(replace_last("v11_2_3", "1_2_3", "x"), None);
    }
}
