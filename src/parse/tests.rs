//! Tests of the whole parse stage: kramdown ids measured with Jekyll, attribute
//! lists, raw HTML, footnotes, includes, Liquid, links and HTML pages.

use serde_json::Map;

use super::*;
use crate::load::{DocKind, SourceFile};

/// A page over `body` (no front matter), Markdown unless the path says `.html`.
pub(crate) fn page(path: &str, body: &str) -> Page {
    Page {
        source: SourceFile::new(path, body.to_string()),
        body_start: 0,
        front_matter: Default::default(),
        front_matter_ok: true,
        data: Map::new(),
        url: format!("/{path}"),
        served: true,
        not_served_reason: None,
        title: None,
        bom: false,
        markdown: path.ends_with(".md"),
        kind: DocKind::Page,
    }
}

fn parse(body: &str) -> Document {
    parse_page(&Site::default(), &page("p.md", body))
}

fn ids(doc: &Document) -> Vec<&str> {
    doc.anchors.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn every_heading_in_the_jekyll_measured_table_gets_the_kramdown_id() {
    let body = include_str!("../../tests/data/kramdown-ids/headings.md");
    let expected: Vec<&str> = include_str!("../../tests/data/kramdown-ids/expected.txt").lines().collect();
    assert!(expected.len() >= 30);
    assert_eq!(ids(&parse(body)), expected);
}

#[test]
fn heading_text_and_span_are_exact() {
    let doc = parse("intro\n\n## The `x` *y* {#given}\n");
    let h = &doc.headings[0];
    assert_eq!((h.level, h.text.as_str(), h.id.as_deref()), (2, "The x y", Some("given")));
    assert_eq!((h.span.line, h.span.column, h.range.clone()), (3, 1, 7..31));
    assert_eq!(doc.anchors[0].origin, AnchorOrigin::Attribute);
}

#[test]
fn front_matter_lines_count_in_spans() {
    let text = "---\ntitle: t\n---\n# Top\n";
    let mut p = page("p.md", text);
    p.body_start = 17;
    let doc = parse_page(&Site::default(), &p);
    assert_eq!(doc.headings[0].span.line, 4);
    assert_eq!(doc.anchors[0].id, "top");
}

#[test]
fn auto_ids_off_gives_no_heading_ids_and_prefix_is_applied() {
    let mut site = Site::default();
    site.config.kramdown.auto_ids = false;
    assert_eq!(parse_page(&site, &page("p.md", "# A\n")).headings[0].id, None);
    site.config.kramdown.auto_ids = true;
    site.config.kramdown.auto_id_prefix = "s-".into();
    assert_eq!(ids(&parse_page(&site, &page("p.md", "# A\n# A\n"))), ["s-a", "s-a-1"]);
}

#[test]
fn block_attribute_on_a_paragraph_is_an_anchor() {
    let doc = parse("Some text\n{: #para .x}\n");
    assert_eq!(doc.anchors[0].id, "para");
    assert_eq!(doc.anchors[0].origin, AnchorOrigin::Attribute);
    assert_eq!(doc.anchors[0].span.line, 2);
}

#[test]
fn indented_atx_headings_and_kramdown_comments_get_no_id_as_jekyll_renders_them() {
    // Measured with Jekyll 4 (kramdown, GFM input): only the first column starts an ATX
    // header, a list item's column is its content's, and `{::comment}` writes nothing.
    let text = "  ## Indented two ##\n\n   ### Indented three\n\n- item\n\n  ### In list ###\n\n> ### In quote\n\n\
                {::comment}\n## In comment\n{:/comment}\n\n  Setext indented\n---\n\n## Top\n";
    let doc = parse_page(&Site::default(), &page("p.md", text));
    assert_eq!(ids(&doc), ["in-list", "in-quote", "setext-indented", "top"]);
}

#[test]
fn raw_html_ids_count_but_not_in_code() {
    let doc = parse(
        "<div id=\"box\">\n<a name=\"old\"></a>\n</div>\n\nText <span id=\"in\">x</span> `<b id=\"no\">`\n\n```\n<i id=\"no2\">\n```\n",
    );
    assert_eq!(ids(&doc), ["box", "old", "in"]);
    assert_eq!(doc.anchors[2].span.line, 5);
    assert_eq!(doc.anchors[2].span.column, 6);
}

#[test]
fn footnote_ids_match_kramdown() {
    let doc = parse("A[^1] B[^note] C[^1].\n\n[^1]: one\n[^note]: two\n");
    assert_eq!(ids(&doc), ["fnref:1", "fnref:note", "fnref:1:1", "fn:1", "fn:note"]);
    assert!(doc.anchors.iter().all(|a| a.origin == AnchorOrigin::Footnote));
}

#[test]
fn links_are_classified_with_written_and_resolved_targets() {
    let mut site = Site::default();
    site.config.url = Some("https://ex.org".into());
    let body = "[a]({{ site.baseurl }}/x.html#f \"T\") [b](#top) <https://e.org/>\n![i](img/p.png)\n[r][ref] <a href=\"mailto:a@b.c\">mail</a> [own](https://ex.org/y.html)\n\n[ref]: {{site.url}}/z.html\n";
    let doc = parse_page(&site, &page("p.md", body));
    let got: Vec<(&str, &str, &str, &LinkKind, LinkOrigin, bool, usize)> = doc
        .links
        .iter()
        .map(|l| (l.written.as_str(), l.target.as_str(), l.text.as_str(), &l.kind, l.origin, l.image, l.span.column))
        .collect();
    let internal = |p: &str, f: Option<&str>| LinkKind::Internal { path: p.into(), fragment: f.map(Into::into) };
    assert_eq!(
        got[0],
        (
            "{{ site.baseurl }}/x.html#f",
            "/x.html#f",
            "a",
            &internal("/x.html", Some("f")),
            LinkOrigin::Markdown,
            false,
            1
        )
    );
    assert_eq!(got[1].3, &LinkKind::SamePage { fragment: "top".into() });
    assert_eq!((got[2].0, got[2].3), ("https://e.org/", &LinkKind::External));
    assert_eq!((got[3].0, got[3].2, got[3].5), ("img/p.png", "i", true));
    assert_eq!(
        (got[4].0, got[4].1, got[4].3),
        ("{{site.url}}/z.html", "https://ex.org/z.html", &internal("/z.html", None))
    );
    assert_eq!((got[5].3, got[5].4, got[5].2), (&LinkKind::Mailto, LinkOrigin::Html, "mail"));
    assert_eq!(got[6].3, &internal("/y.html", None));
}

fn site_with_includes(files: &[(&str, &str)]) -> Site {
    let mut site = Site::default();
    for (name, text) in files {
        site.includes.insert(name.to_string(), SourceFile::new(format!("_includes/{name}"), text.to_string()));
    }
    site
}

#[test]
fn markdown_include_headings_share_the_page_id_counter() {
    let site = site_with_includes(&[("part.md", "## Setup\n\n<div id=\"inc\"></div>\n")]);
    let doc =
        parse_page(&site, &page("p.md", "## Setup\n\n{% include part.md %}\n\n## Setup\n{% include gone.html %}\n"));
    assert_eq!(ids(&doc), ["setup", "setup-1", "inc", "setup-2"]);
    assert_eq!(doc.anchors[1].origin, AnchorOrigin::Include("part.md".into()));
    assert_eq!(doc.anchors[1].span.line, 3);
    assert_eq!(doc.includes.len(), 2);
    assert_eq!((doc.includes[0].name.as_str(), doc.includes[0].found), ("part.md", true));
    assert_eq!(
        (doc.includes[1].name.as_str(), doc.includes[1].found, doc.includes[1].span.line),
        ("gone.html", false, 6)
    );
}

#[test]
fn an_include_named_with_a_leading_slash_is_found_under_includes_as_jekyll_joins_it() {
    let site = site_with_includes(&[("examples/part.md", "## From the include\n")]);
    let doc = parse_page(&site, &page("p.md", "{% include /examples/part.md %}\n{% include //examples/part.md %}\n"));
    assert_eq!(ids(&doc), ["from-the-include"]);
    let found: Vec<bool> = doc.includes.iter().map(|i| i.found).collect();
    // Jekyll refuses `//` in an include name (its `[./]{2,}` check), so the second is not found.
    assert_eq!(found, [true, false]);
}

#[test]
fn include_params_and_site_data_are_evaluated_and_cycles_end() {
    let mut site = site_with_includes(&[
        ("box.html", "<div id=\"{{ include.anchor }}\">{{ include.content | markdownify }}</div>"),
        ("list.html", "{% for t in site.data.terms %}<dt id=\"{{ t.id }}\">{% endfor %}"),
        ("loop.html", "<p id=\"l\"></p>{% include loop.html %}"),
    ]);
    site.data = serde_json::json!({"terms": [{"id": "t1"}, {"id": "t2"}]});
    let doc = parse_page(
        &site,
        &page(
            "p.md",
            "{% include box.html anchor=\"b1\" content=\"x\" %}\n{% include list.html %}\n{% include loop.html %}\n",
        ),
    );
    assert_eq!(ids(&doc)[..4], ["b1", "t1", "t2", "l"]);
    assert_eq!(doc.anchors.len(), 4 + 9);
}

#[test]
fn headings_written_by_a_liquid_loop_get_ids() {
    let site =
        Site { data: serde_json::json!({"glossary": [{"title": "Alpha"}, {"title": "Beta"}]}), ..Site::default() };
    let doc = parse_page(
        &site,
        &page("p.md", "## Beta\n\n{% for item in site.data.glossary %}\n### {{ item.title }} ###\n{% endfor %}\n"),
    );
    assert_eq!(ids(&doc), ["beta", "alpha", "beta-1"]);
    assert_eq!(doc.anchors[1].origin, AnchorOrigin::Liquid);
}

#[test]
fn html_pages_are_scanned_without_markdown() {
    let doc = parse_page(
        &Site::default(),
        &page("p.html", "# Not a heading\n<h2 id=\"real\">Real</h2>\n<a href=\"a.html\">A</a>\n"),
    );
    assert_eq!(doc.headings.len(), 1);
    assert_eq!((doc.headings[0].text.as_str(), doc.headings[0].id.as_deref()), ("Real", Some("real")));
    assert_eq!(ids(&doc), ["real"]);
    assert_eq!(doc.links[0].written, "a.html");
}

#[test]
fn broken_input_does_not_panic() {
    for body in ["{% include %}", "{{", "[a](", "## {#}", "<a href=", "[^x]:", "é{: #é}", "{% include {{ x }} %}"] {
        let _ = parse(body);
    }
}

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/gpconnect-1.6.0");

#[test]
fn every_corpus_page_parses_and_known_anchors_are_found() {
    let root = std::path::Path::new(CORPUS);
    if !root.is_dir() {
        return;
    }
    let site = crate::load::load(root).expect("corpus loads");
    let docs: Vec<Document> = site.pages.iter().map(|p| parse_page(&site, p)).collect();
    let doc_of = |path: &str| site.pages.iter().position(|p| p.path() == path).map(|i| &docs[i]).expect("page exists");
    let structured = doc_of("pages/accessrecord_structured/accessrecord_structured.md");
    assert!(structured.has_anchor("purpose"));
    assert!(structured.has_anchor("fhir-version"));
    let medication =
        doc_of("pages/accessrecord_structured/accessrecord_structured_development_fhir_examples_medication.md");
    assert!(medication.has_anchor("profileTabs") && medication.has_anchor("example1"));
    let glossary = doc_of("pages/overview/overview_glossary.md");
    assert!(glossary.has_anchor("accreditation"));
}

#[test]
#[ignore = "timing: cargo test --release -- --ignored --nocapture"]
fn time_parsing_every_corpus_page() {
    let site = crate::load::load(std::path::Path::new(CORPUS)).expect("corpus loads");
    let start = std::time::Instant::now();
    let n: usize = site.pages.iter().map(|p| parse_page(&site, p).anchors.len()).sum();
    println!("parsed {} pages ({n} anchors) in {:?} on one thread", site.pages.len(), start.elapsed());
}
