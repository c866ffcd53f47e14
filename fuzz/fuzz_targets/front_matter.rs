//! Front-matter splitting and its YAML: any bytes split into in-bounds ranges, and YAML errors
//! point inside the file. The whole page loader runs too (byte-order mark, defaults, URL).
#![no_main]

use libfuzzer_sys::fuzz_target;
use specnotes::load::front_matter::{Split, parse_yaml, split};
use specnotes::load::{DocKind, SourceFile, page_from_text};
use specnotes_fuzz::{assert_range, assert_span, text_of};

fuzz_target!(|data: &[u8]| {
    let (text, utf8) = text_of(data);
    let file = SourceFile::new("page.md", text.clone());
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if let Split::Found { yaml_start, yaml_end, body_start } = split(&text, start) {
        assert_range(&text, &(yaml_start..yaml_end), "yaml");
        assert_range(&text, &(yaml_end..body_start), "closing fence");
        match parse_yaml(&text, yaml_start, yaml_end) {
            Ok(fm) => {
                for key in fm.values.keys() {
                    assert_span(&file, fm.key_span(&text, &file.lines, key), "key span");
                }
            }
            Err(e) => assert!(e.offset <= text.len(), "YAML error offset {} past the end", e.offset),
        }
    }
    let (page, diagnostics) = page_from_text(&Default::default(), "page.md", DocKind::Page, text, utf8);
    if let Some(page) = page {
        for d in &diagnostics {
            assert_span(&page.source, d.span, d.rule);
        }
        assert!(page.url.starts_with('/'), "page URL {:?} is not absolute", page.url);
    }
});
