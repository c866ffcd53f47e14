//! `specnotes build`: the release-notes site of the bundled spec, its JSON export, escaping
//! of hostile spec text, determinism across thread counts, and output-folder safety.

mod common;

use std::path::{Path, PathBuf};

use common::{root, specnotes, specnotes_in, stderr};
use serde::Deserialize;
use specnotes::Project;
use specnotes::render::{self, Options, SiteFiles};

fn build_spec(out: &Path) -> std::process::Output {
    specnotes(&["build", "spec", "--out", out.to_str().expect("utf-8 path")])
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_bundled_spec_builds_release_ticket_page_history_and_compare_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let o = build_spec(&out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("open {}", out.join("index.html").display())), "{}", stderr(&o));
    let index = read(out.join("index.html"));
    assert!(index.contains("<a href=\"releases/1.2.3.html\">1.2.3</a>"));
    assert!(index.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\""));
    let release = read(out.join("releases/1.2.3.html"));
    assert!(release.contains("id=\"amending-a-cancelled-appointment-is-no-longer-supported\""));
    assert!(release.contains("<a href=\"../tickets/601.html\">#601</a>"));
    assert!(release.contains(
        "<a href=\"https://practice-link.example.org/appointments_design.html#cancelling-and-amending-booked-appointments\">"
    ));
    let ticket = read(out.join("tickets/601.html"));
    assert!(ticket.contains("<h1>Ticket #601</h1>"));
    assert!(ticket.contains("href=\"../releases/1.2.3.html#amending-a-cancelled-appointment-is-no-longer-supported\""));
    let history = read(out.join("pages/appointments_design.html"));
    assert!(history.contains("<h1>Change history of /appointments_design.html</h1>"));
    assert!(history.contains("Brought the design decisions in line with the change"));
    let compare = read(out.join("compare/1.0.0-to-1.2.3.html"));
    assert!(compare.contains("<h1>Upgrading from 1.0.0 to 1.2.3</h1>"));
    for file in [
        "search.html",
        "feed.xml",
        "sitemap.xml",
        "assets/search-index.js",
        "assets/releases-data.js",
        ".specnotes-site",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
}

/// The parts of `releases.json` that scripts rely on.
#[derive(Debug, Deserialize)]
struct Export {
    format_version: u32,
    releases: Vec<ExportRelease>,
}

#[derive(Debug, Deserialize)]
struct ExportRelease {
    version: String,
    page: String,
    changes: Vec<ExportChange>,
}

#[derive(Debug, Deserialize)]
struct ExportChange {
    title: String,
    anchor: String,
    breaking: bool,
    page: String,
    page_paths: Vec<String>,
}

fn spec_site() -> SiteFiles {
    let project = Project::open(&root().join("spec")).expect("spec loads");
    render::render(&project, &Options::default()).expect("spec renders")
}

#[test]
fn releases_json_validates_against_the_published_schema_and_reads_as_typed() {
    let files = spec_site();
    let json: serde_json::Value = serde_json::from_slice(&files["releases.json"]).expect("json");
    let schema: serde_json::Value = serde_json::from_slice(&files["releases.schema.json"]).expect("schema");
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("releases.schema.json", schema).expect("schema added");
    let index = compiler.compile("releases.schema.json", &mut schemas).expect("schema compiles");
    if let Err(e) = schemas.validate(&json, index) {
        panic!("releases.json does not validate: {e:#}");
    }
    let export: Export = serde_json::from_value(json).expect("typed");
    assert_eq!(export.format_version, 1);
    let versions: Vec<&str> = export.releases.iter().map(|r| r.version.as_str()).collect();
    assert_eq!(versions, ["1.2.3", "1.2.2", "1.2.0", "1.1.0", "1.0.0"]);
    assert_eq!(export.releases[0].page, "releases/1.2.3.html");
    let first = &export.releases[0].changes[0];
    assert_eq!(first.title, "Amending a cancelled appointment is no longer supported");
    assert_eq!(first.anchor, "amending-a-cancelled-appointment-is-no-longer-supported");
    assert!(!first.breaking);
    assert_eq!(first.page, "releases/1.2.3.html#amending-a-cancelled-appointment-is-no-longer-supported");
    assert_eq!(first.page_paths, ["/appointments_use_case_amend_an_appointment.html", "/appointments_design.html"]);
}

#[test]
fn the_site_is_byte_identical_with_one_thread_and_four() {
    let pool = |n| rayon::ThreadPoolBuilder::new().num_threads(n).build().expect("pool");
    let one = pool(1).install(spec_site);
    let four = pool(4).install(spec_site);
    assert_eq!(one.keys().collect::<Vec<_>>(), four.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(four[path] == *bytes, "{path} differs");
    }
}

const HOSTILE: &str = "<script>alert(1)</script>";

fn hostile_spec(dir: &Path) -> PathBuf {
    let spec = dir.join("spec");
    std::fs::create_dir_all(&spec).expect("spec dir");
    std::fs::write(spec.join("_config.yml"), "title: \"T <script>alert(1)</script>\"\nurl: javascript:alert(1)\n")
        .expect("config");
    let page = format!(
        "---\ntitle: Hostile 1.0.0 release notes\ntags: [release]\npermalink: release_notes_1_0_0.html\n\
         summary: \"released on 1st May 2020\"\n---\n\n## Introduction\n\nIntro {HOSTILE} [x](javascript:alert(1))\n\n\
         ## 1.0.0 changes\n\n### Title {HOSTILE} \"quoted\" 'single' ###\n\n\
         **Tickets:** [#1 {HOSTILE}](javascript:alert(1))\n\n**Affects:** Cap {HOSTILE}\n\n\
         **Description:**\n\n- Text {HOSTILE} <img src=x onerror=alert(1)> [link](javascript:alert(1)) \
         [data](data:text/html,hi) ![i](javascript:alert(1))\n\n\
         **Pages changed:**\n\n- [Page {HOSTILE}](javascript:alert(1))\n- [Other \"page\"](other.html)\n\n\
         **FHIR profiles changed:**\n\n- [Prof {HOSTILE}](javascript:alert(1))\n"
    );
    std::fs::write(spec.join("release_notes_1_0_0.md"), page).expect("page");
    spec
}

#[test]
fn hostile_spec_text_never_survives_as_markup_or_live_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = Project::open(&hostile_spec(dir.path())).expect("loads");
    assert_eq!(project.model.releases.len(), 1, "the hostile release is read");
    let files = render::render(&project, &Options::default()).expect("renders");
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml")) {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("<script>alert"), "{path} has a live script");
        assert!(!text.contains("<img"), "{path} has an image");
        assert!(!text.to_ascii_lowercase().contains("href=\"javascript:"), "{path} has a javascript: link");
        assert!(!text.contains("href=\"data:"), "{path} has a data: link");
        assert!(!text.contains("\"quoted\""), "{path} has an unescaped quote");
        assert!(!text.contains("style="), "{path} has an inline style");
        assert_eq!(text.matches("<script").count(), text.matches("<script src=").count(), "{path}: inline script");
    }
    let release = String::from_utf8_lossy(&files["releases/1.0.0.html"]);
    let title = release.lines().find(|l| l.contains("class=\"change-title\"")).unwrap_or_default();
    // The model reads heading text as plain text (tags dropped); quotes arrive escaped. Changes
    // outside any group heading are `<h3>` under a "Changes" `<h2>`, so the outline never skips
    // a level.
    assert!(release.contains("<h2 class=\"group-heading\">Changes</h2>"));
    assert!(
        title.starts_with("<h3 class=\"change-title\">Title alert(1) &quot;quoted&quot; &#39;single&#39; "),
        "{title}"
    );
    assert!(
        release.contains("Text &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; link data i")
    );
    let affects = release.lines().find(|l| l.contains("<dt>Affects</dt>")).unwrap_or_default();
    assert!(affects.contains(">Cap alert(1)</a>"), "{affects}");
}

#[test]
fn strict_refuses_to_build_when_there_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    std::fs::create_dir_all(&spec).expect("spec");
    std::fs::write(spec.join("_config.yml"), "title: t\n").expect("config");
    std::fs::write(spec.join("a.md"), "---\ntitle: A\n---\n\n[broken](missing.html)\n").expect("page");
    let out = dir.path().join("site");
    let args = ["build", "--strict", "--out", "site", "spec"];
    let o = specnotes_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "--strict wrote a site");
    let o = specnotes_in(dir.path(), &["build", "--out", "site", "spec"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.join("index.html").is_file(), "without --strict the site is still built");
}

#[test]
fn output_folders_that_are_not_specnotes_output_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = root().join("spec");
    let spec_str = spec.to_str().expect("utf-8");
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).expect("dir");
    std::fs::write(foreign.join("keep.txt"), "mine").expect("file");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let repo = root();
    let cases: [(&str, &str); 5] = [
        ("/", "root of the file system"),
        (home.to_str().expect("utf-8"), "home folder"),
        (spec_str, "it is the spec folder"),
        (repo.to_str().expect("utf-8"), "contains the spec folder"),
        (foreign.to_str().expect("utf-8"), "not an earlier specnotes output"),
    ];
    for (out, why) in cases {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_specnotes"))
            .args(["build", "--out", out, spec_str])
            .env("HOME", &home)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains(why), "{out}: {}", stderr(&o));
    }
    assert_eq!(read(foreign.join("keep.txt")), "mine");
}

#[test]
fn an_earlier_site_is_replaced_and_a_failed_build_leaves_it_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    assert_eq!(build_spec(&out).status.code(), Some(0));
    std::fs::write(out.join("stale.html"), "old").expect("stale file");
    assert_eq!(build_spec(&out).status.code(), Some(0));
    assert!(!out.join("stale.html").exists(), "the old site was replaced");
    let broken = dir.path().join("templates");
    std::fs::create_dir_all(&broken).expect("dir");
    std::fs::write(
        broken.join("release.html"),
        "{% extends \"base.html\" %}\n{% block main %}{{ release.nope.nope }}{% endblock main %}",
    )
    .expect("template");
    let before = read(out.join("releases/1.2.3.html"));
    let o = specnotes(&[
        "build",
        "spec",
        "--out",
        out.to_str().expect("utf-8"),
        "--templates",
        broken.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("template `release.html`"), "{}", stderr(&o));
    assert_eq!(read(out.join("releases/1.2.3.html")), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary folders left: {leftovers:?}");
}

#[test]
fn template_overrides_replace_by_file_name_and_unknown_names_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(templates.join("assets")).expect("dir");
    std::fs::write(templates.join("assets/site.css"), "/* house style */\n").expect("css");
    std::fs::write(
        templates.join("ticket.html"),
        "{% extends \"base.html\" %}{% block title %}T{% endblock title %}{% block main %}<h1>Our ticket {{ entity.name }}</h1>{% endblock main %}",
    )
    .expect("ticket");
    let options = Options { templates: Some(templates.clone()), ..Options::default() };
    let project = Project::open(&root().join("spec")).expect("spec loads");
    let files = render::render(&project, &options).expect("renders");
    assert_eq!(files["assets/site.css"], b"/* house style */\n");
    assert!(String::from_utf8_lossy(&files["tickets/601.html"]).contains("<h1>Our ticket #601</h1>"));
    std::fs::write(templates.join("tickets.html"), "x").expect("typo");
    let message = render::render(&project, &options).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("tickets.html") && message.contains("did you mean `ticket.html`?"), "{message}");
}

#[test]
fn a_memoised_render_after_an_edit_equals_a_fresh_render_and_reuses_the_unchanged_pages() {
    let dir = common::temp_copy(&root().join("spec"));
    let mut project = Project::open(dir.path()).expect("loads");
    let memo = render::memo::Memo::new();
    let first = render::render_with(&project, &Options::default(), Some(&memo)).expect("renders");
    assert!(first == render::render(&project, &Options::default()).expect("renders"), "a memo changes nothing");
    let misses = memo.stats().misses;
    assert_eq!(memo.stats().hits, 0);

    // A change of a release-notes page retitled.
    let page = dir.path().join("pages/overview/release_notes/1_2_3.md");
    let text = std::fs::read_to_string(&page).expect("reads");
    let edited = text.replacen("Account for clock skew", "Allow for clock skew", 1);
    assert_ne!(edited, text);
    std::fs::write(&page, edited).expect("writes");
    project.reload(std::slice::from_ref(&page)).expect("reloads");
    let second = render::render_with(&project, &Options::default(), Some(&memo)).expect("renders");
    let fresh = render::render(&project, &Options::default()).expect("renders");
    let differing = |a: &SiteFiles, b: &SiteFiles| a.iter().filter(|(p, f)| b.get(*p) != Some(*f)).count();
    assert!(second.keys().eq(fresh.keys()) && differing(&second, &fresh) == 0, "byte for byte a fresh render");
    assert!(differing(&first, &second) > 0, "the edit shows");
    for data in ["releases.json", "assets/releases-data.js", "assets/search-index.js"] {
        assert_ne!(first[data], second[data], "{data} is derived again");
    }
    let stats = memo.stats();
    assert!(stats.misses > 0 && stats.misses < misses / 2, "{stats:?} of {misses}: only what the edit touched");
    assert!(stats.hits > misses / 2, "{stats:?}");

    // A save that changes nothing the site shows: every page and data file is reused.
    let text = std::fs::read_to_string(&page).expect("reads");
    std::fs::write(&page, format!("{text}\n")).expect("writes");
    project.reload(std::slice::from_ref(&page)).expect("reloads");
    let third = render::render_with(&project, &Options::default(), Some(&memo)).expect("renders");
    assert!(third == second, "nothing the site shows changed");
    assert_eq!(memo.stats().misses, 0, "{:?}", memo.stats());
}

#[test]
fn html_entities_in_the_site_and_release_titles_are_shown_as_characters() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec");
    std::fs::create_dir_all(spec.join("pages")).unwrap();
    std::fs::write(spec.join("_config.yml"), "title: \"FHIR&reg; Lookup\"\n").unwrap();
    std::fs::write(
        spec.join("pages/1_0_0.md"),
        "---\ntitle: Notes &amp; more 1.0.0\npermalink: overview_release_notes_1_0_0.html\nsummary: \"Released on 2 March 2020\"\n---\n\n## 1.0.0 changes\n\n### First\n\nFirst version.\n",
    )
    .unwrap();
    let out = dir.path().join("site");
    let o = specnotes(&["build", spec.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = read(out.join("index.html"));
    assert!(index.contains("FHIR® Lookup"), "{index}");
    assert!(!index.contains("&amp;reg;"), "{index}");
    let release = read(out.join("releases/1.0.0.html"));
    assert!(release.contains("Notes &amp; more 1.0.0"), "{release}");
    assert!(!release.contains("&amp;amp;"), "{release}");
}
