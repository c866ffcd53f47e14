//! Raw HTML: ids, `name=` anchors, `<a href>`/`<img src>` links (and SVG's `xlink:href` on
//! `<a>` and `<image>`), `<hN>` headings.
//!
//! A small tag scanner, not a full HTML parser: it walks tags left to right in
//! one pass, skips comments, and reads attribute values from the *original*
//! text at the same offsets as the masked text (masking keeps offsets), so a
//! link written with `{{ site.baseurl }}` keeps its Liquid.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static TAGS_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| crate::ascii_regex::compile(r"<[^>]*>"));

/// Compiles this module's patterns now, so a run can do it on an idle core ([`crate::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&TAGS_IN_TEXT);
}

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
        let Some(tag) = tag_at(masked.as_bytes(), at) else {
            pos = at + 1;
            continue;
        };
        pos = tag.whole.end;
        if tag.closing {
            continue;
        }
        let name = masked[tag.name].to_ascii_lowercase();
        // Only the attributes `read_tag` looks at are copied out (a tag's `class` and `style`
        // were most of the allocations of the parse stage's HTML scan).
        let read =
            |n: &str| ["id", "name", "href", "src", "alt", "xlink:href"].iter().any(|k| n.eq_ignore_ascii_case(k));
        let attrs = attributes_where(original.get(tag.attrs).unwrap_or(""), read);
        read_tag(&name, &attrs, masked, tag.whole, out);
    }
}

/// Where the parts of one tag are.
struct Tag {
    whole: Range<usize>,
    closing: bool,
    name: Range<usize>,
    attrs: Range<usize>,
}

/// The tag starting at `at` (a `<`): `</?name attrs>` where quoted values may hold `>`.
/// `None` when it is not a tag (`a < b`), or a quote is never closed.
fn tag_at(text: &[u8], at: usize) -> Option<Tag> {
    let mut i = at + 1;
    let closing = text.get(i) == Some(&b'/');
    i += usize::from(closing);
    let name_start = i;
    if !text.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while text.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    let name = name_start..i;
    let attrs_start = i;
    loop {
        match *text.get(i)? {
            b'>' => return Some(Tag { whole: at..i + 1, closing, name, attrs: attrs_start..i }),
            quote @ (b'"' | b'\'') => i += 1 + memchr::memchr(quote, &text[i + 1..])? + 1,
            _ => i += 1,
        }
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
    // SVG writes its links as `xlink:href` (SVG 1.1) or `href` (SVG 2).
    let href = || get("href").or_else(|| get("xlink:href"));
    match (name, heading_level) {
        ("a", _) => {
            if let Some(href) = href() {
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
        // An SVG `<image>`: a picture the browser fetches.
        ("image", _) => {
            if let Some(src) = href() {
                out.push(HtmlItem::Link { written: src, text: String::new(), offset: tag.start, image: true });
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

/// `(lower-cased name, value)` pairs of a tag's attribute text: `name="v"`, `name='v'` or
/// `name=v`; attributes without a value are skipped, as are stray characters.
#[cfg(test)]
fn attributes(text: &str) -> Vec<(String, String)> {
    attributes_where(text, |_| true)
}

/// [`attributes`], keeping only those whose name `keep` accepts (as written, before lower-casing).
fn attributes_where(text: &str, keep: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let bytes = text.as_bytes();
    let is_name_start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b == b':';
    let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.');
    let skip_space = |mut i: usize| {
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_name_start(bytes[i]) || (i > 0 && is_name(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let name_start = i;
        while bytes.get(i).is_some_and(|&b| is_name(b)) {
            i += 1;
        }
        let name = &text[name_start..i];
        let eq = skip_space(i);
        if bytes.get(eq) != Some(&b'=') {
            continue;
        }
        let v = skip_space(eq + 1);
        let value = match bytes.get(v) {
            Some(&quote @ (b'"' | b'\'')) => match memchr::memchr(quote, &bytes[v + 1..]) {
                Some(len) => {
                    i = v + 1 + len + 1;
                    &text[v + 1..v + 1 + len]
                }
                None => {
                    i = v + 1;
                    continue;
                }
            },
            Some(_) => {
                let end = bytes[v..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'))
                    .map_or(bytes.len(), |n| v + n);
                if end == v {
                    i = v + 1;
                    continue;
                }
                i = end;
                &text[v..end]
            }
            None => break,
        };
        if keep(name) {
            out.push((name.to_ascii_lowercase(), decode_entities(value)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_links_are_read_from_xlink_href() {
        let found = items(
            r##"<svg><a xlink:href="versioning"><text>v</text></a><image xlink:href="i.png"/><use xlink:href="#shape"/></svg>"##,
        );
        let links: Vec<(&str, bool)> = found
            .iter()
            .filter_map(|i| match i {
                HtmlItem::Link { written, image, .. } => Some((written.as_str(), *image)),
                _ => None,
            })
            .collect();
        assert_eq!(links, [("versioning", false), ("i.png", true)]);
    }

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
    fn attribute_forms_and_stray_text_are_read_as_browsers_do() {
        let attrs = attributes(r#" id = "a b" data-x='1>2' checked name=plain title="&amp;" ="junk" x=>"#);
        let names: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(names, vec![("id", "a b"), ("data-x", "1>2"), ("name", "plain"), ("title", "&")]);
    }

    #[test]
    fn quoted_greater_than_does_not_end_a_tag_and_unclosed_quotes_are_not_tags() {
        let found = items(r#"<a title="x>y" href="p.html">P</a> a < b <a href="q.html>never"#);
        assert_eq!(found, vec![HtmlItem::Link { written: "p.html".into(), text: "P".into(), offset: 0, image: false }]);
    }

    #[test]
    fn liquid_values_are_not_anchors() {
        assert!(items(r#"<p id="{{ item.id }}">"#).is_empty());
    }
}
