//! The model over the real GP Connect 1.6.0 corpus: every release page found,
//! labelled entries read, and what could not be placed printed for review.

use std::path::Path;

use specnotes::model::{Layout, Model};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/gpconnect-1.6.0");

fn open() -> Option<Model> {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        eprintln!("corpus not found at {CORPUS}; skipping");
        return None;
    }
    Some(specnotes::Project::open(root).expect("corpus loads").model)
}

fn labelled_entries(model: &Model) -> usize {
    model
        .releases
        .iter()
        .filter(|r| r.layout == Layout::Labelled)
        .flat_map(|r| &r.changes)
        .filter(|c| !c.labels.is_empty())
        .count()
}

#[test]
fn corpus_has_22_release_pages_and_their_labelled_entries() {
    let Some(model) = open() else { return };
    for r in &model.releases {
        let labelled = r.changes.iter().filter(|c| !c.labels.is_empty()).count();
        eprintln!("{:<48} {:<12} {:?} changes={} labelled={}", r.file, r.version, r.layout, r.changes.len(), labelled);
    }
    eprintln!("unparsed-release-content findings: {}", model.diagnostics.len());
    for d in &model.diagnostics {
        eprintln!("  {}:{}: {}", d.file, d.span.line, d.message);
    }
    eprintln!("labelled entries: {}", labelled_entries(&model));
    assert_eq!(model.releases.len(), 22);
    assert_eq!(model.release_pages.len(), 22);
    assert!(labelled_entries(&model) >= 280, "{}", labelled_entries(&model));
}

#[test]
fn release_1_2_3_has_its_date_and_first_tickets() {
    let Some(model) = open() else { return };
    let release = model.releases.iter().find(|r| r.version == "1.2.3").expect("1.2.3 release");
    assert_eq!(release.date.map(|d| d.to_string()).as_deref(), Some("2019-04-23"));
    let first = &release.changes[0];
    let numbers: Vec<Option<u64>> = first.tickets.iter().map(|t| t.number).collect();
    // The corpus's first 1.2.3 entry cites #605 and #633; #601 is under Appointment Management.
    assert_eq!(numbers, [Some(605), Some(633)]);
    assert_eq!(first.group.as_deref(), Some("Core"));
    let ids = &model.index.tickets[&601];
    assert_eq!(model.change(ids[0]).group.as_deref(), Some("Appointment Management"));
}

#[test]
fn releases_are_sorted_and_serialise_with_the_documented_fields() {
    let Some(model) = open() else { return };
    let versions: Vec<&str> = model.releases.iter().map(|r| r.version.as_str()).collect();
    assert_eq!(versions.first(), Some(&"0.5.0"));
    assert_eq!(model.releases.last().map(|r| r.product.as_deref()), Some(Some("documents")));
    let json = serde_json::to_value(&model.releases).expect("serialises");
    let first = &json[7];
    for key in ["version", "title", "date", "file", "changes"] {
        assert!(first.get(key).is_some(), "{key}");
    }
    let change = &first["changes"][0];
    for key in ["title", "tickets", "affects", "pages_changed", "profiles_changed", "line"] {
        assert!(change.get(key).is_some(), "{key}");
    }
    let page = &change["pages_changed"][0];
    for key in ["text", "target", "anchor", "line"] {
        assert!(page.get(key).is_some(), "{key}");
    }
    let latest = model.latest_release(None).expect("latest");
    assert_eq!(latest.version, "1.6.0-beta");
}

/// Every spec the tests have: the fixture sites, the bundled `spec/` and the corpus.
fn every_spec() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut specs = vec![root.join("spec"), Path::new(CORPUS).to_path_buf()];
    for entry in walkdir::WalkDir::new(root.join("tests/fixtures")).min_depth(2).max_depth(2) {
        let entry = entry.expect("fixtures walk");
        if entry.file_type().is_dir() {
            specs.push(entry.into_path());
        }
    }
    specs.retain(|s| s.is_dir());
    specs
}

#[test]
fn the_parse_stage_pass_reads_the_releases_a_pass_of_their_own_reads() {
    // `Project::open` builds release pages' block trees from the parse stage's pulldown-cmark
    // pass; `model::build_with` makes its own pass. Both must find the same model.
    let specs = every_spec();
    assert!(specs.len() >= 20, "{specs:?}");
    for spec in specs {
        let project = specnotes::Project::open(&spec).expect("spec opens");
        let own = specnotes::model::build_with(&project.site, &project.settings.release_notes);
        assert!(own == project.model, "{}: the two passes read different models", spec.display());
    }
}
