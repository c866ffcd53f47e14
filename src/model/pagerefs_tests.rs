use super::*;
use crate::model::blocks;

fn file(src: &str) -> SourceFile {
    SourceFile::new("r.md", src.to_string())
}

#[test]
fn a_run_of_links_shares_the_note_that_ends_it() {
    let src = "- [A](a.html#x)\n  - only A\n\n- [B](b.html)\n- [C](c.html)\n  - B and C\n\n- [D](d.html)\n";
    let f = file(src);
    let nodes = blocks::parse(src);
    let mut out = Vec::new();
    let refs = pages(&f, &[&nodes[0]], "Pages changed", &mut out);
    let got: Vec<(&str, &str, Option<&str>, Vec<String>)> =
        refs.iter().map(|r| (r.text.as_str(), r.target.as_str(), r.anchor.as_deref(), r.notes.clone())).collect();
    assert_eq!(
        got,
        [
            ("A", "a.html", Some("x"), vec!["only A".to_string()]),
            ("B", "b.html", None, vec!["B and C".to_string()]),
            ("C", "c.html", None, vec!["B and C".to_string()]),
            ("D", "d.html", None, vec![]),
        ]
    );
    assert!(out.is_empty());
    assert_eq!(refs[3].line, 8);
}

#[test]
fn a_page_bullet_without_a_link_is_reported() {
    let src = "- see the API page\n- *Removed page* (page removed)\n";
    let f = file(src);
    let nodes = blocks::parse(src);
    let mut out = Vec::new();
    let refs = pages(&f, &[&nodes[0]], "Pages changed", &mut out);
    assert_eq!(refs.len(), 1);
    assert_eq!((refs[0].text.as_str(), refs[0].target.as_str()), ("Removed page", ""));
    assert_eq!(refs[0].notes, ["(page removed)"]);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].offset, 2);
    assert_eq!(out[0].message, "`see the API page` under **Pages changed** has no page link");
}

#[test]
fn internal_targets_exclude_schemes_and_fragments() {
    assert!(is_internal("a.html#x"));
    assert!(is_internal("/x/y.html"));
    assert!(!is_internal("https://example.org"));
    assert!(!is_internal("mailto:a@b"));
    assert!(!is_internal("#local"));
    assert!(!is_internal("//cdn.example.org/x"));
}
