//! Stage render: spec Markdown (descriptions, introductions, notes) to HTML that is safe to
//! put in a page as is.
//!
//! Liquid is masked first ([`crate::parse::mask`], the same masking the parse stage uses),
//! then pulldown-cmark reads the text with the spec's options. Raw HTML is turned into text
//! (so it is escaped, never passed through), images become their alt text (the site loads
//! nothing remote), and every link target goes through a resolver the caller gives: the
//! resolver maps a spec link to a site-safe URL or says it is not to be linked, in which
//! case the link's text is kept without the link. `javascript:` and `data:` targets never
//! reach the output as links because the resolver is built on [`super::links::safe_url`].

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

/// Renders `markdown` to HTML; `resolve` maps each link target as written to the URL to
/// emit, or `None` to keep only the link's text.
pub fn to_html(markdown: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    let masked = crate::parse::mask::mask(markdown, 0).text;
    let parser = Parser::new_ext(&masked, crate::parse::cmark_options());
    let mut dropped_links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    let events = parser.filter_map(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
        Event::Start(Tag::Image { .. }) => {
            in_image += 1;
            None
        }
        Event::End(TagEnd::Image) => {
            in_image = in_image.saturating_sub(1);
            None
        }
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => match resolve(&dest_url) {
            Some(url) => {
                dropped_links.push(false);
                let link_type = if link_type == LinkType::Email { LinkType::Inline } else { link_type };
                Some(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(url), title, id }))
            }
            None => {
                dropped_links.push(true);
                None
            }
        },
        Event::End(TagEnd::Link) => match dropped_links.pop() {
            Some(false) => Some(Event::End(TagEnd::Link)),
            _ => None,
        },
        other if in_image > 0 => match other {
            Event::Text(_) | Event::Code(_) => Some(other),
            _ => None,
        },
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// The plain text of `markdown` (no markup, Liquid masked, whitespace collapsed), for the
/// search index and feed summaries.
pub fn to_text(markdown: &str) -> String {
    let masked = crate::parse::mask::mask(markdown, 0).text;
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(&masked, crate::parse::cmark_options()) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::links::safe_url;

    fn safe(url: &str) -> Option<String> {
        safe_url(url)
    }

    #[test]
    fn raw_html_is_escaped_not_passed_through() {
        assert_eq!(
            to_html("a <script>alert(1)</script> b", &safe),
            "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n"
        );
        assert_eq!(to_html("<div onclick=\"x\">\n\nhi", &safe), "&lt;div onclick=\"x\"&gt;\n<p>hi</p>\n");
    }

    #[test]
    fn javascript_and_data_links_become_plain_text() {
        assert_eq!(to_html("[click](javascript:alert(1)) [d](data:text/html,x)", &safe), "<p>click d</p>\n");
        assert_eq!(to_html("[ok](https://example.org/a)", &safe), "<p><a href=\"https://example.org/a\">ok</a></p>\n");
    }

    #[test]
    fn images_become_their_alt_text() {
        assert_eq!(to_html("![a *chart*](https://example.org/x.png)", &safe), "<p>a chart</p>\n");
    }

    #[test]
    fn liquid_is_masked_before_reading() {
        // `{{ site.title }}` becomes 16 spaces (offsets are kept), which HTML collapses.
        assert_eq!(to_html("see {{ site.title }}here", &safe), format!("<p>see {}here</p>\n", " ".repeat(16)));
        assert_eq!(to_text("see {% include x.html %} **bold** `code`"), "see bold code");
    }
}
