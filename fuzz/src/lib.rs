//! Shared checks for the fuzz targets: what every span the library reports must satisfy.
//!
//! The targets feed arbitrary bytes to one stage each; besides "no panic" they assert the
//! contract every later stage relies on: a span's offset is inside its file, on a character
//! boundary, and its `line:column` is the one [`LineIndex`] computes for that offset.

use specnotes::load::{DocKind, Page, Site, SourceFile, page_from_text};
use specnotes::span::Span;

/// Panics unless `span` points inside `file`'s text at a char boundary, with consistent line:column.
pub fn assert_span(file: &SourceFile, span: Span, what: &str) {
    let text = &file.text;
    assert!(span.offset <= text.len(), "{what}: offset {} past the end ({})", span.offset, text.len());
    assert!(text.is_char_boundary(span.offset), "{what}: offset {} inside a character", span.offset);
    assert_eq!(file.lines.span(text, span.offset), span, "{what}: line:column disagree with the offset");
}

/// Panics unless `range` lies inside `text` with both ends on char boundaries.
pub fn assert_range(text: &str, range: &std::ops::Range<usize>, what: &str) {
    assert!(range.start <= range.end && range.end <= text.len(), "{what}: range {range:?} outside 0..{}", text.len());
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end), "{what}: {range:?} splits a char");
}

/// The text of `data` as the loader reads it (invalid UTF-8 replaced), and whether it was valid.
pub fn text_of(data: &[u8]) -> (String, bool) {
    match std::str::from_utf8(data) {
        Ok(s) => (s.to_string(), true),
        Err(_) => (String::from_utf8_lossy(data).into_owned(), false),
    }
}

/// A one-page site holding `data` as the page at `rel`, or `None` when it has no front matter.
pub fn one_page_site(rel: &str, data: &[u8]) -> Option<Site> {
    let (text, utf8) = text_of(data);
    let (page, diagnostics) = page_from_text(&Default::default(), rel, DocKind::Page, text, utf8);
    let page: Page = page?;
    for d in &diagnostics {
        assert_span(&page.source, d.span, d.rule);
    }
    assert!(page.body_start <= page.source.text.len() && page.source.text.is_char_boundary(page.body_start));
    Some(Site { pages: vec![page], diagnostics, ..Default::default() })
}
