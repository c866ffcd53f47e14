//! The release-notes model on one page named like a release-notes page, so every input with
//! front matter is read as release notes: releases, changes, tickets, capabilities, page and
//! profile references, and the findings about what could not be placed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specnotes::model;
use specnotes_fuzz::{assert_span, one_page_site};

fuzz_target!(|data: &[u8]| {
    let Some(site) = one_page_site("pages/release_notes_1_2_3.md", data) else { return };
    let file = &site.pages[0].source;
    let model = model::build(&site, &[]);
    for release in &model.releases {
        assert_span(file, release.span, "release");
        for change in &release.changes {
            assert_span(file, change.span, "change");
            assert_eq!(change.span.line, change.line, "change line");
            change.tickets.iter().for_each(|t| assert_span(file, t.span, "ticket"));
            change.affects.iter().for_each(|c| assert_span(file, c.span, "capability"));
            change.pages_changed.iter().chain(&change.pages_added).for_each(|p| assert_span(file, p.span, "page ref"));
            change.profiles_changed.iter().for_each(|p| assert_span(file, p.span, "profile ref"));
        }
    }
    for d in &model.diagnostics {
        assert_span(file, d.span, d.rule);
    }
});
