//! Raw HTML: ids, `name=` anchors, `<a href>`/`<img src>` links, `<hN>` headings.
//!
//! A small tag scanner, not a full HTML parser: it walks tags left to right in
//! one pass, skips comments, and reads attribute values from the *original*
//! text at the same offsets as the masked text (masking keeps offsets), so a
//! link written with `{{ site.baseurl }}` keeps its Liquid.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"#).expect("valid regex"));
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#).expect("valid regex")
});
static TAGS_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid regex"));

/// Something found in raw HTML, with the byte offset where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HtmlItem {
    /// An `id=` or `name=` value (from the original text).
    Anchor {
        /// The id.
        id: String,
        /// Offset of the tag.
        offset: usize,
    },
    /// `<a href>` or `<img src>`.
    Link {
        /// The value as written in the original text.
        written: String,
        /// Plain text up to `</a>`, or the `alt` of an image.
        text: String,
        /// Offset of the tag.
        offset: usize,
        /// True for `<img>`.
        image: bool,
    },
    /// `<h1>`..`<h6>`.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its `id`, if any.
        id: Option<String>,
        /// Plain text up to the closing tag.
        text: String,
        /// Byte range from the opening tag to the end of the closing tag.
        range: Range<usize>,
    },
}

/// Scans `range` of `masked` for HTML tags; values are read from `original`.
pub fn scan(masked: &str, original: &str, range: Range<usize>, out: &mut Vec<HtmlItem>) {
    let mut pos = range.start;
    while pos < range.end {
        let Some(lt) = memchr::memchr(b'<', &masked.as_bytes()[pos..range.end]) else {
            break;
        };
        let at = pos + lt;
        if masked[at..].starts_with("<!--") {
            pos = masked[at..].find("-->").map_or(range.end, |e| at + e + 3);
            continue;
        }
        let Some(caps) = TAG.captures_at(masked, at).filter(|c| c.get(0).is_some_and(|m| m.start() == at)) else {
            pos = at + 1;
            continue;
        };
        let whole = caps.get(0).map_or(at..at + 1, |m| m.range());
        pos = whole.end;
        if caps.get(1).is_some_and(|m| !m.is_empty()) {
            continue;
        }
        let name = caps.get(2).map_or("", |m| m.as_str()).to_ascii_lowercase();
        let attrs_range = caps.get(3).map_or(0..0, |m| m.range());
        let attrs = attributes(original.get(attrs_range).unwrap_or(""));
        read_tag(&name, &attrs, masked, whole, out);
    }
}

fn read_tag(name: &str, attrs: &[(String, String)], masked: &str, tag: Range<usize>, out: &mut Vec<HtmlItem>) {
    let get = |key: &str| attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let heading_level = match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    };
    for (key, value) in attrs {
        if (key == "id" || (key == "name" && name == "a"))
            && !value.trim().is_empty()
            && !value.contains("{{")
            && !value.contains("{%")
        {
            out.push(HtmlItem::Anchor { id: value.clone(), offset: tag.start });
        }
    }
    match (name, heading_level) {
        ("a", _) => {
            if let Some(href) = get("href") {
                let text = text_until(masked, tag.end, "</a>").0;
                out.push(HtmlItem::Link { written: href, text, offset: tag.start, image: false });
            }
        }
        ("img", _) => {
            if let Some(src) = get("src") {
                let text = get("alt").unwrap_or_default();
                out.push(HtmlItem::Link { written: src, text, offset: tag.start, image: true });
            }
        }
        (_, Some(level)) => {
            let close = format!("</{name}>");
            let (text, end) = text_until(masked, tag.end, &close);
            out.push(HtmlItem::Heading { level, id: get("id"), text, range: tag.start..end });
        }
        _ => {}
    }
}

/// Plain text from `from` to the (case-insensitive) `close` tag, and the offset after it.
fn text_until(masked: &str, from: usize, close: &str) -> (String, usize) {
    let rest = &masked[from..];
    let limit = rest.len().min(4096);
    let window = &rest.as_bytes()[..limit];
    let found = window.windows(close.len()).position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
    let Some(i) = found else {
        return (String::new(), from);
    };
    let inner = TAGS_IN_TEXT.replace_all(&rest[..i], "");
    let text = inner.split_whitespace().collect::<Vec<_>>().join(" ");
    (decode_entities(&text), from + i + close.len())
}

/// Decodes HTML character references as a browser does: named ones that occur in specs
/// (`&amp;`, `&lt;`, `&reg;`...) and every numeric one (`&#47;`, `&#x2F;`); unknown names stay as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 10);
        let decoded = end.and_then(|j| {
            let name = &rest[1..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "reg" => Some('®'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16).ok().and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `(lower-cased name, value)` pairs of a tag's attribute text.
fn attributes(text: &str) -> Vec<(String, String)> {
    ATTR.captures_iter(text)
        .map(|c| {
            let key = c.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
            let value = c.get(2).or(c.get(3)).or(c.get(4)).map_or("", |m| m.as_str());
            (key, decode_entities(value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_named_entities_are_decoded_like_a_browser() {
        assert_eq!(decode_entities("/pages&#47;a&#x2F;b&amp;c"), "/pages/a/b&c");
        assert_eq!(decode_entities("a & b &bogus; &amp;lt;"), "a & b &bogus; &lt;");
    }

    fn items(text: &str) -> Vec<HtmlItem> {
        let mut out = Vec::new();
        scan(text, text, 0..text.len(), &mut out);
        out
    }

    #[test]
    fn ids_names_and_links_are_found_with_offsets() {
        let found = items(
            r#"<div id="top"><a name="old"></a> <a href="x.html#y">The <b>X</b></a><img src='i.png' alt="pic"></div>"#,
        );
        assert_eq!(
            found,
            vec![
                HtmlItem::Anchor { id: "top".into(), offset: 0 },
                HtmlItem::Anchor { id: "old".into(), offset: 14 },
                HtmlItem::Link { written: "x.html#y".into(), text: "The X".into(), offset: 33, image: false },
                HtmlItem::Link { written: "i.png".into(), text: "pic".into(), offset: 68, image: true },
            ]
        );
    }

    #[test]
    fn comments_are_skipped_and_headings_read() {
        let found = items("<!-- <a id=\"no\"> --><H2 id=\"h\">Hi &amp; <i>there</i></H2>");
        assert_eq!(found[0], HtmlItem::Anchor { id: "h".into(), offset: 20 });
        assert_eq!(
            found[1],
            HtmlItem::Heading { level: 2, id: Some("h".into()), text: "Hi & there".into(), range: 20..57 }
        );
    }

    #[test]
    fn liquid_values_are_not_anchors() {
        assert!(items(r#"<p id="{{ item.id }}">"#).is_empty());
    }
}
