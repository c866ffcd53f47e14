//! Stage render: `releases.json`, the whole model for machines, and its JSON Schema.
//!
//! The export is a public contract (docs/json.md): the release and change fields of
//! `specnotes releases --format json`, plus what the site adds (each change's stable
//! `anchor`, `breaking`, its page on this site, and the normalised spec page paths). The
//! compare page reads the same export, shipped as `assets/releases-data.js` because
//! browsers refuse `fetch()` from `file://`.

use serde::Serialize;

use super::collect::Collected;
use crate::Project;
use crate::model::index::normalise_page_url;
use crate::model::{Change, Date, Layout};

/// The JSON Schema of `releases.json` (draft 2020-12), published beside it.
pub const SCHEMA: &str = include_str!("releases.schema.json");

/// Version of the export's shape; raised only if a field ever changes meaning.
pub const FORMAT_VERSION: u32 = 1;

/// `releases.json` before it is written out: borrowed from the model and the views.
#[derive(Serialize)]
pub struct Export<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    format_version: u32,
    generator: &'a str,
    title: &'a str,
    spec_url: Option<&'a str>,
    releases: Vec<ReleaseExport<'a>>,
}

#[derive(Serialize)]
struct ReleaseExport<'a> {
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    product: Option<&'a str>,
    title: &'a str,
    url: &'a str,
    file: &'a str,
    date: Option<Date>,
    date_text: Option<&'a str>,
    introduction: &'a str,
    layout: Layout,
    page: &'a str,
    published_url: Option<&'a str>,
    changes: Vec<ChangeExport<'a>>,
}

#[derive(Serialize)]
struct ChangeExport<'a> {
    #[serde(flatten)]
    change: &'a Change,
    anchor: &'a str,
    breaking: bool,
    page: &'a str,
    page_paths: Vec<String>,
}

/// [`Export`] as `releases.json`: releases newest first, pretty-printed, ending with a newline.
pub fn to_json(export: &Export) -> crate::Result<String> {
    let mut text = serde_json::to_string_pretty(export)?;
    text.push('\n');
    Ok(text)
}

/// What `releases.json` holds.
pub fn export<'a>(project: &'a Project, views: &'a Collected) -> Export<'a> {
    let model = &project.model;
    let releases = model
        .releases
        .iter()
        .enumerate()
        .rev()
        .map(|(r, release)| ReleaseExport {
            version: &release.version,
            product: release.product.as_deref(),
            title: &release.title,
            url: &release.url,
            file: &release.file,
            date: release.date,
            date_text: release.date_text.as_deref(),
            introduction: &release.introduction,
            layout: release.layout,
            page: &views.releases[r].href,
            published_url: views.releases[r].url.as_deref(),
            changes: release
                .changes
                .iter()
                .zip(&views.changes[r])
                .map(|(change, view)| ChangeExport {
                    change,
                    anchor: &view.anchor,
                    breaking: view.breaking,
                    page: &view.href,
                    page_paths: change
                        .pages_changed
                        .iter()
                        .chain(&change.pages_added)
                        .filter_map(|p| normalise_page_url(&p.target, &release.url))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Export {
        schema: "releases.schema.json",
        format_version: FORMAT_VERSION,
        generator: &views.site.generator,
        title: &views.site.title,
        spec_url: views.site.spec_url.as_deref(),
        releases,
    }
}

/// A JSON value as a script that sets `window[name]`, for pages opened from `file://`.
///
/// `<`, `>` and `&` are written as `\u003c`... so the script can never close a tag, and
/// U+2028/U+2029 are escaped for older JavaScript engines.
pub fn as_script(name: &str, json: &str) -> String {
    let json = json.trim_end();
    let mut script = String::with_capacity(json.len() + name.len() + 64);
    script.push_str("window.");
    script.push_str(name);
    script.push_str(" = ");
    let bytes = json.as_bytes();
    let mut plain = 0;
    // `< > &` are ASCII and U+2028/U+2029 are E2 80 A8/A9, so every cut is on a character
    // boundary. memchr finds the candidates (the JSON of a large spec is megabytes).
    let mut at = 0;
    let mut next_e2 = memchr::memchr(0xE2, bytes);
    while at < bytes.len() {
        let tag = memchr::memchr3(b'<', b'>', b'&', &bytes[at..]).map(|p| at + p);
        while next_e2.is_some_and(|e| e < at) {
            next_e2 = next_e2.and_then(|e| memchr::memchr(0xE2, &bytes[e + 1..]).map(|p| e + 1 + p));
        }
        let Some(i) = [tag, next_e2].into_iter().flatten().min() else { break };
        at = i + 1;
        let escape = match bytes[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA8) => "\\u2028",
            _ if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA9) => "\\u2029",
            _ => continue,
        };
        script.push_str(&json[plain..i]);
        script.push_str(escape);
        plain = i + if bytes[i] == 0xE2 { 3 } else { 1 };
        at = plain;
    }
    script.push_str(&json[plain..]);
    script.push_str(";\n");
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_escape_what_could_close_a_tag() {
        assert_eq!(
            as_script("X", "{\"a\": \"</script>&\"}\n"),
            "window.X = {\"a\": \"\\u003c/script\\u003e\\u0026\"};\n"
        );
        assert_eq!(as_script("Y", "\"a\u{2028}b\u{2029}é\""), "window.Y = \"a\\u2028b\\u2029é\";\n");
        assert_eq!(as_script("Z", "\"’<’\u{2028}&\""), "window.Z = \"’\\u003c’\\u2028\\u0026\";\n");
    }

    #[test]
    fn the_schema_is_valid_json() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap_or_default();
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}
