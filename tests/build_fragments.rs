//! `specnotes build` renders each change once: the same block appears, byte for byte, on its
//! release page and on the pages of the tickets, spec pages and capabilities it names.

mod common;

use common::root;
use specnotes::Project;
use specnotes::render::{self, Options, SiteFiles};

const ANCHOR: &str = "amending-a-cancelled-appointment-is-no-longer-supported";

fn spec_site() -> SiteFiles {
    let project = Project::open(&root().join("spec")).expect("spec loads");
    render::render(&project, &Options::default()).expect("spec renders")
}

fn page(files: &SiteFiles, path: &str) -> String {
    String::from_utf8(files[path].clone()).expect("utf-8 page")
}

/// The inside of the `<article>` whose permalink points at `anchor`.
fn change_block(html: &str, anchor: &str) -> Option<String> {
    let permalink = format!("href=\"../releases/1.2.3.html#{anchor}\" aria-label=\"Permanent link");
    let at = html.find(&permalink)?;
    let start = html[..at].rfind("<article")?;
    let inner = start + html[start..].find(">\n")? + 2;
    let end = inner + html[inner..].find("</article>")?;
    Some(html[inner..end].to_string())
}

#[test]
fn a_change_block_is_identical_on_its_release_page_and_its_ticket_page() {
    let files = spec_site();
    let release = change_block(&page(&files, "releases/1.2.3.html"), ANCHOR).expect("block on the release page");
    let ticket = change_block(&page(&files, "tickets/601.html"), ANCHOR).expect("block on the ticket page");
    assert_eq!(release, ticket);
    assert!(release.starts_with("<h3 class=\"change-title\">Amending a cancelled appointment"), "{release}");
    let history = page(&files, "pages/appointments_design.html");
    assert_eq!(change_block(&history, ANCHOR).as_deref(), Some(release.as_str()));
}

#[test]
fn entity_pages_group_changes_under_an_h2_per_release_so_no_heading_level_is_skipped() {
    let files = spec_site();
    let ticket = page(&files, "tickets/601.html");
    let heading = "<h2 class=\"release-heading\"><a href=\"../releases/1.2.3.html\">Release 1.2.3</a></h2>";
    assert!(ticket.contains(heading), "{ticket}");
    let release = page(&files, "releases/1.2.3.html");
    let first_change = release.find("<h3 class=\"change-title\">").expect("a change");
    assert!(release[..first_change].contains("<h2 class=\"group-heading\">Changes</h2>"));
}
