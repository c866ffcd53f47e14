//! Sidebar YAML as text, for fixes that insert an item next to a neighbour.
//!
//! YAML values carry no positions and re-serialising a file would change every byte
//! around the edit, so items are located and copied line by line in the text itself.
//! Only plain blocks are handled: a `- key: value` line followed by `key: value` lines
//! at the same indentation, with no nested content, comments or blank lines; anything
//! else gives `None` and the fix is not offered.

use std::ops::Range;

/// One sequence item written as a plain block of `key: value` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemBlock {
    /// The whole block, from the start of its `- ` line to the end of its last line.
    pub range: Range<usize>,
    /// Each line of the block, line ending included.
    pub lines: Vec<Range<usize>>,
}

/// How a line of an item relates to the key column of the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `- key: value`, its key at the key column.
    Dash,
    /// `key: value` at the key column.
    Sibling,
    /// Anything else.
    Other,
}

fn shape(line: &str, key_column: usize) -> Shape {
    let (Some(prefix), Some(rest)) = (line.get(..key_column), line.get(key_column..)) else {
        return Shape::Other;
    };
    let starts_key = rest.starts_with(|c: char| !c.is_whitespace() && c != '-' && c != '#');
    if !starts_key {
        Shape::Other
    } else if prefix.bytes().all(|b| b == b' ') {
        Shape::Sibling
    } else if prefix.trim() == "-" && prefix.ends_with(' ') && prefix.trim_start().starts_with('-') {
        Shape::Dash
    } else {
        Shape::Other
    }
}

/// The byte range of the line containing `offset`, line ending included.
fn line_at(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
    start..end
}

/// The plain item block whose key (e.g. `url`) starts at byte `key_at` of `text`.
pub fn item_block(text: &str, key_at: usize) -> Option<ItemBlock> {
    let first = line_at(text, text.get(..key_at).map(|_| key_at)?);
    let key_column = key_at - first.start;
    let mut lines = vec![first.clone()];
    let mut shape_of_first = shape(&text[first.clone()], key_column);
    while shape_of_first == Shape::Sibling {
        let start = lines[0].start.checked_sub(1).map(|end| line_at(text, end))?;
        shape_of_first = shape(&text[start.clone()], key_column);
        lines.insert(0, start);
    }
    if shape_of_first != Shape::Dash {
        return None;
    }
    let mut end = first.end;
    while end < text.len() {
        let next = line_at(text, end);
        match shape(&text[next.clone()], key_column) {
            Shape::Sibling => {
                end = next.end;
                lines.push(next);
            }
            _ if is_nested(&text[next], key_column) => return None,
            _ => break,
        }
    }
    let plain = lines.iter().all(|l| key_of(&text[l.clone()]).is_some());
    (plain && text[..end].ends_with('\n')).then(|| ItemBlock { range: lines[0].start..end, lines })
}

/// A line indented deeper than the key column: content nested under the item.
fn is_nested(line: &str, key_column: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    !line.trim().is_empty() && indent > key_column
}

/// The key of a `key: value` or `- key: value` line and the offset where its value starts;
/// `None` when the line has no key or an empty value.
pub fn key_of(line: &str) -> Option<(&str, usize)> {
    let body = line.trim_start_matches(' ');
    let body = body.strip_prefix('-').map_or(body, |b| b.trim_start_matches(' '));
    let key_start = line.len() - body.len();
    let colon = body.find(": ")?;
    let key = &body[..colon];
    let valid = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let value_at = key_start + colon + 2;
    let value = line[value_at..].trim();
    (valid && !value.is_empty() && !value.starts_with('#')).then_some((key, value_at))
}

/// `line` with the first `old` in its value (from `value_at`) replaced by `new`.
pub fn replace_in_value(line: &str, value_at: usize, old: &str, new: &str) -> Option<String> {
    let at = value_at + line.get(value_at..)?.find(old)?;
    Some(format!("{}{new}{}", &line[..at], &line[at + old.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIDEBAR: &str = "entries:\n  subfolderitems:\n  - title: 1.2.3\n    url: /n_1_2_3.html\n    output: web\n  - url: /n_1_2_2.html\n    title: 1.2.2\n  - title: Nested\n    url: /x.html\n    items:\n      - title: y\n";

    #[test]
    fn a_plain_item_block_is_found_from_its_url_key() {
        let at = SIDEBAR.find("url: /n_1_2_3").expect("url");
        let block = item_block(SIDEBAR, at).expect("block");
        assert_eq!(&SIDEBAR[block.range.clone()], "  - title: 1.2.3\n    url: /n_1_2_3.html\n    output: web\n");
        assert_eq!(block.lines.len(), 3);
        let at = SIDEBAR.find("url: /n_1_2_2").expect("url");
        assert_eq!(
            &SIDEBAR[item_block(SIDEBAR, at).expect("block").range],
            "  - url: /n_1_2_2.html\n    title: 1.2.2\n"
        );
    }

    #[test]
    fn an_item_with_nested_content_is_not_copied() {
        let at = SIDEBAR.find("url: /x.html").expect("url");
        assert_eq!(item_block(SIDEBAR, at), None);
        let empty_value = "- title: a\n  url: /a.html\n  items:\n  - title: b\n";
        assert_eq!(item_block(empty_value, empty_value.find("url").expect("url")), None);
    }

    #[test]
    fn crlf_lines_keep_their_endings() {
        let text = "- title: 1.0\r\n  url: /a.html\r\n";
        let block = item_block(text, text.find("url").expect("url")).expect("block");
        assert_eq!(block.range, 0..text.len());
        let (key, at) = key_of(&text[block.lines[0].clone()]).expect("key");
        assert_eq!((key, at), ("title", 9));
        assert_eq!(replace_in_value("- title: 1.0\r\n", at, "1.0", "1.1").as_deref(), Some("- title: 1.1\r\n"));
    }
}
