//! The Markdown reading stage on one page: Liquid masking, headings and their ids, anchors,
//! links and includes. The same bytes are read as a Markdown page and as an HTML page; every
//! span must point inside the file at a char boundary, and masking must keep the byte length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specnotes::parse::parse_page;
use specnotes_fuzz::{assert_range, assert_span, one_page_site};

fuzz_target!(|data: &[u8]| {
    for rel in ["page.md", "page.html"] {
        let Some(site) = one_page_site(rel, data) else { return };
        let page = &site.pages[0];
        let doc = parse_page(&site, page);
        let file = &page.source;
        assert_eq!(doc.masked.len(), file.text.len(), "masking changed the byte length");
        for h in &doc.headings {
            assert_span(file, h.span, "heading");
            assert_range(&file.text, &h.range, "heading range");
        }
        for a in &doc.anchors {
            assert_span(file, a.span, "anchor");
        }
        for l in &doc.links {
            assert_span(file, l.span, "link");
        }
        for i in &doc.includes {
            assert_span(file, i.span, "include");
        }
    }
});
