//! Evaluating Liquid where it can write anchors or headings.
//!
//! Only includes and page regions whose Liquid can produce `id=` or headings
//! are rendered, with the real `liquid` crate and Jekyll-like globals (`site`
//! = config keys plus `site.data`, `page`, `include`). Jekyll-only tags
//! (`include`) and filters (`markdownify`, `relative_url`...) are stripped
//! first, since the anchors never depend on them; any other failure returns
//! `None` and the caller keeps the masked text.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Map, Value};

use crate::load::{Page, Site};

static PARSER: LazyLock<Option<liquid::Parser>> = LazyLock::new(|| liquid::ParserBuilder::with_stdlib().build().ok());
static JEKYLL_FILTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(
        r"\|\s*(?:markdownify|relative_url|absolute_url|jsonify|slugify|xml_escape|cgi_escape|uri_escape|smartify|normalize_whitespace|number_of_words|sort_natural|where_exp|where|group_by|group_by_exp|array_to_sentence_string|date_to_string|date_to_long_string|date_to_xmlschema|inspect)\b(?:\s*:\s*(?:\x22[^\x22]*\x22|'[^']*'|[^|}%])*)?",
    )
});
static JEKYLL_TAG: LazyLock<Regex> = LazyLock::new(|| {
    crate::ascii_regex::compile(
        r"\{%-?\s*(?:include|include_relative|link|post_url|highlight|endhighlight|seo|feed_meta)\b[^%]*%\}",
    )
});

// liquid-rust errors on a missing key where Jekyll prints nothing, but its
// `if` is lenient: guard every variable output with an `if` on its variable.
static OUTPUT: LazyLock<Regex> =
    LazyLock::new(|| crate::ascii_regex::compile(r"\{\{-?\s*([A-Za-z_][\w.-]*)\s*((?:\|[^}]*)?)-?\}\}"));

/// The `site` global: every `_config.yml` key plus `data`.
pub fn site_value(site: &Site) -> Value {
    let mut map: Map<String, Value> = site.config.raw.clone();
    map.insert("data".into(), site.data.clone());
    Value::Object(map)
}

/// Renders `template` with `site`, `page` and `include` globals; `None` on any error.
pub fn render(template: &str, site: &Value, page: &Page, include: &Map<String, Value>) -> Option<String> {
    let parser = PARSER.as_ref()?;
    let stripped = JEKYLL_TAG.replace_all(template, "");
    let stripped = JEKYLL_FILTER.replace_all(&stripped, "");
    let stripped = OUTPUT.replace_all(&stripped, "{% if $1 %}{{ $1 $2 }}{% endif %}");
    let template = parser.parse(&stripped).ok()?;
    let globals = liquid::object!({
        "site": liquid::model::to_value(site).ok()?,
        "page": liquid::model::to_value(&Value::Object(page.data.clone())).ok()?,
        "include": liquid::model::to_value(&Value::Object(include.clone())).ok()?,
    });
    template.render(&globals).ok()
}

/// Whether Liquid in `text` could write an anchor or a heading.
pub fn may_write_anchors(text: &str) -> bool {
    (text.contains("{{") || text.contains("{%"))
        && (text.contains("id=") || text.contains("name=") || text.contains("<h") || has_heading_line(text))
}

fn has_heading_line(text: &str) -> bool {
    text.lines().any(|l| l.trim_start().starts_with('#') || l.starts_with("==") || l.starts_with("--"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
