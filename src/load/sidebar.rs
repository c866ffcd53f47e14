//! Navigation data: `_data/sidebars/*.yml` and `_data/topnav.yml`.
//!
//! The theme nests `entries -> folders -> folderitems -> subfolders ->
//! subfolderitems`; other specs of the family nest differently, so every
//! mapping that carries a `url` (or `external_url`) is read as an item, in
//! document order, with its depth. Spans are found by scanning the text for
//! each `url:` line in order, since YAML values carry no positions.

use serde_json::Value;

use super::front_matter::value_to_string;
use crate::span::{LineIndex, Span};

/// One navigation link.
#[derive(Debug, Clone, PartialEq)]
pub struct NavItem {
    /// `title:` of the item.
    pub title: String,
    /// `url:` as written (may be empty), or `external_url:`.
    pub url: String,
    /// True when the link came from `external_url:`.
    pub external: bool,
    /// `output:` as written (`web, pdf`); `None` when absent.
    pub output: Option<String>,
    /// Nesting depth of the mapping in the file (0 = top level).
    pub depth: usize,
    /// Where the `url:` line is.
    pub span: Span,
}

impl NavItem {
    /// Whether the item is part of the web site (its `output` names `web`, or is absent).
    pub fn is_web(&self) -> bool {
        self.output.as_deref().is_none_or(|o| o.split([',', ' ']).any(|p| p.trim() == "web"))
    }
}

/// One navigation file.
#[derive(Debug, Clone)]
pub struct Sidebar {
    /// Name, the file stem (`overview_sidebar`; `topnav` for the top navigation).
    pub name: String,
    /// File path relative to the spec root.
    pub file: String,
    /// Items in document order.
    pub items: Vec<NavItem>,
}

/// Collects the navigation items of a parsed YAML file, locating each in `text`.
pub fn read_items(value: &Value, text: &str, lines: &LineIndex) -> Vec<NavItem> {
    let mut items = Vec::new();
    collect(value, 0, &mut items);
    let mut cursor = 0;
    for item in &mut items {
        let key = if item.external { "external_url" } else { "url" };
        let found = find_key_line(text, cursor, key, &item.url);
        let off = found.unwrap_or(cursor);
        if found.is_some() {
            cursor = off + 1;
        }
        item.span = lines.span(text, off);
    }
    items
}

fn collect(value: &Value, depth: usize, out: &mut Vec<NavItem>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| collect(v, depth + 1, out)),
        Value::Object(map) => {
            let url = map.get("url").and_then(value_to_string);
            let external = map.get("external_url").and_then(value_to_string);
            if let Some((url, ext)) = url.map(|u| (u, false)).or(external.map(|u| (u, true))) {
                out.push(NavItem {
                    title: map.get("title").and_then(value_to_string).unwrap_or_default(),
                    url,
                    external: ext,
                    output: map.get("output").and_then(value_to_string),
                    depth,
                    span: Span::default(),
                });
            }
            for (k, v) in map {
                if matches!(v, Value::Array(_) | Value::Object(_)) && k != "url" {
                    collect(v, depth + 1, out);
                }
            }
        }
        _ => {}
    }
}

/// Byte offset of the value of the next `key:` line at or after `from` whose value contains `value`.
fn find_key_line(text: &str, from: usize, key: &str, value: &str) -> Option<usize> {
    let mut pos = from;
    for line in text[from..].split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '\t', '-']);
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(':') && rest.contains(value) {
                let col = line.len() - trimmed.len();
                return Some(pos + col);
            }
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_read_in_order_with_their_lines_and_web_output() {
        let text = "entries:\n- title: s\n  folders:\n  - title: Overview\n    output: web\n    folderitems:\n    - title: Home\n      url: /index.html\n      output: web, pdf\n    - title: PDF only\n      url: /pdf.html\n      output: pdf\n      subfolders:\n      - title: Sub\n        subfolderitems:\n        - title: Deep\n          url: /deep.html\n";
        let v: Value = serde_yaml_ng::from_str(text).unwrap();
        let items = read_items(&v, text, &LineIndex::new(text));
        let urls: Vec<_> = items.iter().map(|i| (i.url.as_str(), i.span.line, i.is_web())).collect();
        assert_eq!(urls, vec![("/index.html", 8, true), ("/pdf.html", 11, false), ("/deep.html", 17, true)]);
        assert_eq!(items[0].span.column, 7);
    }
}
