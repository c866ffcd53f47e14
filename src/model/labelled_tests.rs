use super::*;
use crate::model::blocks;

fn read_src(src: &str) -> (Vec<Change>, Vec<Skipped>) {
    let file = SourceFile::new("r.md", src.to_string());
    let nodes = blocks::parse(src);
    let mut out = Vec::new();
    (read(&file, &nodes, &mut out), out)
}

const ENTRY: &str = "## Core ##

### Don't use fullUrl *(cosmetic)* ###

**Tickets**:&nbsp; [#605](https://github.com/o/r/issues/605), [#633](https://github.com/o/r/issues/633)

**Affects:**&nbsp; Foundations, Appointment Management and Structured

**Impacts:** Provider systems

**Description:**

- Do not populate it.
  - Nested detail

**Pages changed:**

- [Guidance](development_guidance.html#full-url)
\t- Added requirement

**FHIR profiles changed:**

- [GPC-List-1](https://fhir.nhs.uk/STU3/StructureDefinition/GPC-List-1)

---
";

#[test]
fn a_labelled_entry_reads_every_label() {
    let (changes, skipped) = read_src(ENTRY);
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(c.title, "Don't use fullUrl");
    assert!(c.cosmetic);
    assert_eq!(c.group.as_deref(), Some("Core"));
    assert_eq!((c.span.line, c.line), (3, 3));
    let tickets: Vec<(Option<u64>, &str)> = c.tickets.iter().map(|t| (t.number, t.url.as_str())).collect();
    assert_eq!(
        tickets,
        [(Some(605), "https://github.com/o/r/issues/605"), (Some(633), "https://github.com/o/r/issues/633")]
    );
    let affects: Vec<&str> = c.affects.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(affects, ["Foundations", "Appointment Management", "Structured"]);
    assert_eq!(c.impacts.as_deref(), Some("Provider systems"));
    assert_eq!(c.description, "- Do not populate it.\n  - Nested detail");
    assert_eq!(c.pages_changed.len(), 1);
    let page = &c.pages_changed[0];
    assert_eq!(
        (page.text.as_str(), page.target.as_str(), page.anchor.as_deref()),
        ("Guidance", "development_guidance.html", Some("full-url"))
    );
    assert_eq!(page.notes, ["Added requirement"]);
    assert_eq!(c.profiles_changed[0].name, "GPC-List-1");
    assert_eq!(c.profiles_changed[0].kind, super::super::ProfileKind::StructureDefinition);
    assert_eq!(c.labels, ["tickets", "affects", "impacts", "description", "pages_changed", "profiles_changed"]);
}

#[test]
fn label_variants_without_colon_and_with_synonyms_are_read() {
    let src = "#### Entry ####\n**Ticket:** #12\n\n**Affects**&nbsp; Core\n\n**Description**:\nInline text.\n\n**Page added:**\n- [New](new.html)\n\n**Pages Changed:**&nbsp;\n- [Old](old.html)\n\n**Date:** 11 May 2022\n";
    let (changes, skipped) = read_src(src);
    assert!(skipped.is_empty(), "{skipped:?}");
    let c = &changes[0];
    assert_eq!(c.tickets[0].number, Some(12));
    assert_eq!(c.tickets[0].text, "#12");
    assert_eq!(c.affects[0].name, "Core");
    assert_eq!(c.description, "Inline text.");
    assert_eq!(c.pages_added[0].target, "new.html");
    assert_eq!(c.pages_changed[0].target, "old.html");
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2022-05-11"));
    assert_eq!(c.group, None);
}

#[test]
fn group_and_section_headings_come_from_the_outline() {
    let src = "## Impacts provider systems ##\n\nIntro to the section.\n\n### Foundations ###\n\n#### A ####\n\n**Affects:** Foundations\n\n### Structured ###\n\n*(no changes)*\n\n## No impact ##\n\n### Core ###\n\n#### B ####\n\n**Affects:** Core\n";
    let (changes, skipped) = read_src(src);
    assert!(skipped.is_empty());
    let got: Vec<(&str, Option<&str>, Option<&str>)> =
        changes.iter().map(|c| (c.title.as_str(), c.group.as_deref(), c.section.as_deref())).collect();
    assert_eq!(
        got,
        [("A", Some("Foundations"), Some("Impacts provider systems")), ("B", Some("Core"), Some("No impact")),]
    );
}

#[test]
fn a_later_changes_heading_sets_the_section_and_group_notes_are_kept() {
    let src = "### A\n\n**Affects:** X\n\n## 1.2.2-rc changes ##\n\n## Core ##\n\nNote for core.\n\n### B\n\n**Affects:** Y\n";
    let (changes, _) = read_src(src);
    assert_eq!(changes[0].section, None);
    assert_eq!(changes[1].section.as_deref(), Some("1.2.2-rc changes"));
    assert_eq!(changes[1].group.as_deref(), Some("Core"));
    assert_eq!(changes[1].group_note.as_deref(), Some("Note for core."));
}

#[test]
fn content_outside_labels_and_unknown_labels_are_reported() {
    let src = "### A ###\n\nStray text.\n\n**Affects:** Core\n\n**Reviewer:** Bob\n\nunder reviewer\n\n**Pages changed:**\n\n- no link here\n";
    let (changes, skipped) = read_src(src);
    assert_eq!(changes[0].affects[0].name, "Core");
    let messages: Vec<&str> = skipped.iter().map(|s| s.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`Stray text.` in change \"A\" is not under a label",
            "unknown label **Reviewer** in change \"A\" (it and the content under it are skipped)",
            "`no link here` under **Pages changed** has no page link",
        ]
    );
    assert_eq!(skipped[0].offset, 11);
}

#[test]
fn a_bold_sentence_inside_a_description_stays_in_it() {
    let src = "### A\n\n**Description:**\n\nText.\n\n**Note:** keep me.\n\n**Affects:** Core\n";
    let (changes, skipped) = read_src(src);
    assert!(skipped.is_empty());
    assert_eq!(changes[0].description, "Text.\n\n**Note:** keep me.");
}

#[test]
fn a_childless_heading_with_plain_content_is_an_unlabelled_change() {
    let src = "## Core ##\n\n### Fixed typos\n\n- in two pages\n\n### B\n\n**Affects:** Core\n";
    let (changes, _) = read_src(src);
    assert_eq!(changes[0].title, "Fixed typos");
    assert!(changes[0].labels.is_empty());
    assert_eq!(changes[0].description, "- in two pages");
    assert_eq!(changes[0].group.as_deref(), Some("Core"));
}

#[test]
fn cosmetic_marker_is_stripped_in_any_case() {
    assert_eq!(strip_cosmetic("Remove page (Cosmetic) "), ("Remove page".to_string(), true));
    assert_eq!(strip_cosmetic(" Plain "), ("Plain".to_string(), false));
    assert_eq!(strip_cosmetic("İİ x (cosmetic)"), ("İİ x".to_string(), true));
}
