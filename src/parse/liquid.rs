//! Evaluating Liquid where it can write anchors or headings.
//!
//! Only includes and page regions whose Liquid can produce `id=` or headings
//! are rendered, with the real `liquid` crate and Jekyll-like globals (`site`
//! = config keys plus `site.data`, `page`, `include`). Jekyll-only tags
//! (`include`) and filters (`markdownify`, `relative_url`...) are stripped
//! first, since the anchors never depend on them; any other failure returns
//! `None` and the caller keeps the masked text.

use std::sync::LazyLock;

use serde_json::{Map, Value};

use crate::load::{Page, Site};

static PARSER: LazyLock<Option<liquid::Parser>> = LazyLock::new(|| liquid::ParserBuilder::with_stdlib().build().ok());
/// The `site` global: every `_config.yml` key plus `data`.
pub fn site_value(site: &Site) -> Value {
    let mut map: Map<String, Value> = site.config.raw.clone();
    map.insert("data".into(), site.data.clone());
    Value::Object(map)
}

/// The part of the `site` global `template` can reach: the `_config.yml` keys it names as
/// `site.key`, and of `data` the files it names as `site.data.name`. Any other use of `site`
/// (`site["x"]`, `site.data` on its own, `{% assign s = site %}`) gets the whole of it.
/// Converting a large spec's `_data` to Liquid values for every render cost more than the
/// render itself.
pub fn site_value_for(site: &Site, template: &str) -> Value {
    let Some(uses) = site_uses(template) else {
        return site_value(site);
    };
    let mut map = Map::new();
    for key in &uses.keys {
        if let Some(v) = site.config.raw.get(*key) {
            map.insert((*key).to_string(), v.clone());
        }
    }
    match uses.data {
        None => {}
        Some(None) => {
            map.insert("data".into(), site.data.clone());
        }
        Some(Some(names)) => {
            let data: Map<String, Value> =
                names.iter().filter_map(|n| Some((n.to_string(), site.data.get(*n)?.clone()))).collect();
            map.insert("data".into(), Value::Object(data));
        }
    }
    Value::Object(map)
}

/// What a template reads of `site`.
struct SiteUses<'t> {
    /// `site.key` for keys other than `data`.
    keys: Vec<&'t str>,
    /// `None`: no `site.data`; `Some(None)`: all of it; `Some(Some(names))`: `site.data.name`.
    data: Option<Option<Vec<&'t str>>>,
}

/// `None` when the template uses `site` in a way that needs all of it.
fn site_uses(template: &str) -> Option<SiteUses<'_>> {
    let bytes = template.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    // The name after a `.` at `at`, if any.
    let name_at = |at: usize| -> Option<(&str, usize)> {
        if bytes.get(at) != Some(&b'.') {
            return None;
        }
        let len = bytes[at + 1..].iter().take_while(|&&b| is_name(b)).count();
        (len > 0).then(|| (&template[at + 1..at + 1 + len], at + 1 + len))
    };
    let mut uses = SiteUses { keys: Vec::new(), data: None };
    for at in memchr::memmem::find_iter(bytes, b"site") {
        if at > 0 && (is_name(bytes[at - 1]) || bytes[at - 1] == b'.') || bytes.get(at + 4).is_some_and(|&b| is_name(b))
        {
            continue; // part of a longer name (`website`, `page.site`, `sites`)
        }
        let (key, after) = name_at(at + 4)?;
        if key != "data" {
            uses.keys.push(key);
            continue;
        }
        match name_at(after) {
            Some((name, _)) => match &mut uses.data {
                None => uses.data = Some(Some(vec![name])),
                Some(Some(names)) => names.push(name),
                Some(None) => {}
            },
            None => uses.data = Some(None),
        }
    }
    Some(uses)
}

/// Renders `template` with `site`, `page` and `include` globals; `None` on any error.
pub fn render(template: &str, site: &Value, page: &Page, include: &Map<String, Value>) -> Option<String> {
    render_parsed(&parse(template)?, site, page, include)
}

/// `template` parsed once, for [`render_parsed`] to render many times; `None` when the
/// `liquid` crate cannot parse it.
pub fn parse(template: &str) -> Option<liquid::Template> {
    PARSER.as_ref()?.parse(&super::liquid_prep::prepare(template)).ok()
}

/// [`render`] of a template already [`parse`]d.
pub fn render_parsed(
    template: &liquid::Template,
    site: &Value,
    page: &Page,
    include: &Map<String, Value>,
) -> Option<String> {
    let globals = liquid::object!({
        "site": liquid::model::to_value(site).ok()?,
        "page": liquid::model::to_value(&Value::Object(page.data.clone())).ok()?,
        "include": liquid::model::to_value(&Value::Object(include.clone())).ok()?,
    });
    template.render(&globals).ok()
}

/// Whether Liquid in `text` could write an anchor or a heading.
pub fn may_write_anchors(text: &str) -> bool {
    let has = |needle: &[u8]| memchr::memmem::find(text.as_bytes(), needle).is_some();
    has_liquid(text) && (has(b"id=") || has(b"name=") || has(b"<h") || has_heading_line(text))
}

/// Whether `text`'s Liquid may write a link target: `{{` right inside an `href`, a `src` or a
/// Markdown link's parentheses (`href="{{include.url}}"`, `src="images/{{include.file}}"`).
pub fn may_write_links(text: &str) -> bool {
    if !has_liquid(text) {
        return false;
    }
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"{{").any(|at| {
        let before = &bytes[at.saturating_sub(200)..at];
        // The nearest `=` or `(` before `{{`, with no quote-closing or space run between.
        let Some(open) = before.iter().rposition(|&b| matches!(b, b'"' | b'\'' | b'(' | b' ' | b'>' | b'\n')) else {
            return false;
        };
        match before[open] {
            b'(' => open > 0 && before[open - 1] == b']',
            b'"' | b'\'' => {
                let attr = before[..open].trim_ascii_end();
                let attr = attr.strip_suffix(b"=").unwrap_or(b"").trim_ascii_end();
                attr.len() >= 3
                    && (attr[attr.len() - 3..].eq_ignore_ascii_case(b"src")
                        || attr.len() >= 4 && attr[attr.len() - 4..].eq_ignore_ascii_case(b"href"))
            }
            _ => false,
        }
    })
}

/// Whether `text` holds `{{` or `{%` (memchr's vectorised pair search: the includes are
/// mostly JSON examples, full of single braces).
pub(crate) fn has_liquid(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, b"{{").is_some() || memchr::memmem::find(bytes, b"{%").is_some()
}

/// Whether a line of `text` opens with `#` after blanks, or with `==` or `--`. The line starts
/// come from memchr; only a line with a non-ASCII byte among its leading blanks is read as `str`.
fn has_heading_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    starts.into_iter().any(|start| {
        let line = &bytes[start..];
        if line.starts_with(b"==") || line.starts_with(b"--") {
            return true;
        }
        let blanks = line.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')).count();
        match line.get(blanks) {
            Some(b'#') => true,
            Some(b) if !b.is_ascii() => {
                let end = memchr::memchr(b'\n', line).unwrap_or(line.len());
                text[start..start + end].trim_start().starts_with('#')
            }
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_gets_the_part_of_site_it_names_and_renders_the_same() {
        let site = Site {
            data: serde_json::json!({"terms": [{"id": "a"}], "other": {"big": true}}),
            config: crate::load::config::Config {
                raw: [("title".to_string(), Value::from("Spec")), ("unused".to_string(), Value::from(1))]
                    .into_iter()
                    .collect(),
                ..Default::default()
            },
            ..Site::default()
        };
        let part = |t: &str| site_value_for(&site, t);
        assert_eq!(part("{{ site.title }}"), serde_json::json!({"title": "Spec"}));
        assert_eq!(
            part("{% for t in site.data.terms %}{% endfor %}"),
            serde_json::json!({"data": {"terms": [{"id": "a"}]}})
        );
        assert_eq!(part("{{ website.title }} {{ page.site }} {{ sites }}"), serde_json::json!({}));
        for whole in ["{% assign s = site %}{{ s.title }}", "{{ site['title'] }}", "{% assign d = site.data %}"] {
            let expected =
                if whole.contains("site.data") { serde_json::json!({"data": site.data}) } else { site_value(&site) };
            assert_eq!(part(whole), expected, "{whole}");
        }
        let page = crate::parse::tests::page("p.md", "");
        for template in [
            "{{ site.title }}:{% for t in site.data.terms %}<i id=\"{{ t.id }}\"></i>{% endfor %}",
            "{% assign s = site %}{{ s.title }}{{ s.unused }}",
            "{% assign d = site.data %}{{ d.other.big }}",
        ] {
            let (all, part) = (site_value(&site), part(template));
            assert_eq!(render(template, &part, &page, &Map::new()), render(template, &all, &page, &Map::new()));
        }
    }

    proptest::proptest! {
        #[test]
        fn heading_lines_are_found_as_str_lines_finds_them(text in "([ \t\r\n\x0b\x0c#=x-]|\u{a0}|\u{85}|é)*") {
            let by_lines =
                text.lines().any(|l| l.trim_start().starts_with('#') || l.starts_with("==") || l.starts_with("--"));
            proptest::prop_assert_eq!(has_heading_line(&text), by_lines);
        }
    }

    #[test]
    fn liquid_is_found_by_its_opening_pair() {
        for (text, liquid) in
            [("{\"a\": {}}", false), ("x {{ y }}", true), ("{% if %}", true), ("{ {", false), ("{", false), ("", false)]
        {
            assert_eq!(has_liquid(text), liquid, "{text:?}");
            assert_eq!(has_liquid(text), text.contains("{{") || text.contains("{%"), "{text:?}");
        }
    }

    #[test]
    fn data_loops_and_include_params_render_and_jekyll_filters_are_ignored() {
        let site = Site { data: serde_json::json!({"terms": [{"id": "a"}, {"id": "b"}]}), ..Site::default() };
        let page = crate::load::Page {
            source: crate::load::SourceFile::new("p.md", String::new()),
            body_start: 0,
            front_matter: Default::default(),
            front_matter_ok: true,
            data: Map::new(),
            url: "/p.html".into(),
            served: true,
            not_served_reason: None,
            title: None,
            bom: false,
            markdown: true,
            kind: crate::load::DocKind::Page,
        };
        let include: Map<String, Value> = [("x".to_string(), Value::from("X"))].into_iter().collect();
        let out = render(
            "{% for t in site.data.terms %}<i id=\"{{ t.id }}\"></i>{% endfor %}{{ include.x | markdownify }}{% include y.html %}",
            &site_value(&site),
            &page,
            &include,
        );
        assert_eq!(out.as_deref(), Some("<i id=\"a\"></i><i id=\"b\"></i>X"));
        assert_eq!(
            render("{{ include.missing.key }}{{ include.x | downcase }}", &site_value(&site), &page, &include)
                .as_deref(),
            Some("x")
        );
        assert_eq!(render("{% bogus %}", &site_value(&site), &page, &include), None);
    }
}
