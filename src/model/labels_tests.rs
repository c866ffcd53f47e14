use super::*;
use crate::model::blocks;

fn file(src: &str) -> SourceFile {
    SourceFile::new("r.md", src.to_string())
}

#[test]
fn label_spellings_fold_to_canonical_names() {
    let table = [
        ("Tickets:", Some("tickets")),
        ("Ticket", Some("tickets")),
        ("Affects", Some("affects")),
        ("Affected capabilities:", Some("affects")),
        ("Pages Changed:", Some("pages_changed")),
        ("Page added:", Some("pages_added")),
        ("Pages  added", Some("pages_added")),
        ("FHIR profiles changed:", Some("profiles_changed")),
        ("Profiles changed", Some("profiles_changed")),
        ("Description", Some("description")),
        ("Impacts:", Some("impacts")),
        ("Date:", Some("date")),
        ("Reviewer:", None),
    ];
    for (lead, expected) in table {
        assert_eq!(canonical_label(lead), expected, "{lead}");
    }
}

#[test]
fn label_content_starts_after_colon_and_nbsp() {
    for src in ["**Tickets**:&nbsp; x", "**Tickets:**&nbsp;x", "**Tickets:** x", "**Tickets** x"] {
        let nodes = blocks::parse(src);
        let start = content_start(&nodes[0], src);
        assert_eq!(&src[start..], "x", "{src}");
        assert_eq!(remainder_text(&nodes[0]), "x", "{src}");
    }
}

#[test]
fn tickets_come_from_link_text_and_bare_numbers() {
    let src = "**Tickets:** [#605](https://g/issues/605), #633 and [#x](u)";
    let f = file(src);
    let nodes = blocks::parse(src);
    let links: Vec<&LinkRef> = nodes[0].links.iter().collect();
    let mut out = Vec::new();
    let after_label = 12..src.len();
    let found = tickets(&f, &links, std::slice::from_ref(&after_label), &mut out);
    let numbers: Vec<Option<u64>> = found.iter().map(|t| t.number).collect();
    assert_eq!(numbers, [Some(605), Some(633), None]);
    assert_eq!(found[1].url, "");
    assert_eq!(found[1].span.column, 44);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].message, "link `#x` under **Tickets** has no ticket number");
}

#[test]
fn capabilities_split_on_commas_and_and() {
    let f = file("Foundations, Appointment Management and Access Record Structured.");
    let names: Vec<String> = capabilities(&f, &f.text, 0).into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Foundations", "Appointment Management", "Access Record Structured"]);
}

#[test]
fn profile_kinds_come_from_the_url() {
    let src = "- [P](https://f/STU3/StructureDefinition/P)\n- [V](https://f/STU3/ValueSet/V)\n- [C](https://f/CodeSystem/C)\n- [O](https://f/OperationDefinition/O\n)\n- unnamed\n";
    let f = file(src);
    let nodes = blocks::parse(src);
    let mut out = Vec::new();
    let refs = profiles(&f, &[&nodes[0]], &mut out);
    let kinds: Vec<(&str, ProfileKind)> = refs.iter().map(|r| (r.name.as_str(), r.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("P", ProfileKind::StructureDefinition),
            ("V", ProfileKind::ValueSet),
            ("C", ProfileKind::CodeSystem),
            ("O", ProfileKind::Other),
        ]
    );
    assert_eq!(refs[3].url, "https://f/OperationDefinition/O");
    assert_eq!(out.len(), 1);
}
