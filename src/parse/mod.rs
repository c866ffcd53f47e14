//! Stage 2, parse: read a page's Markdown (or HTML) as Jekyll's kramdown would.
//!
//! Produces a [`Document`]: headings with their kramdown GFM auto ids, every
//! anchor a link may target, every link with its span, and the includes the
//! page uses. Liquid is masked without shifting byte offsets, so every span
//! points into the original file, front matter counted.

pub mod attrs;
mod block_html;
pub mod html;
pub mod ids;
pub mod includes;
pub mod links;
pub mod liquid;
mod liquid_prep;
pub mod markdown;
pub mod mask;
mod page_pass;
#[cfg(test)]
pub(crate) mod tests;

/// Compiles the parse stage's patterns (see [`crate::warm_up`]).
pub(crate) fn warm_up() {
    attrs::warm_up();
    html::warm_up();
}

pub use includes::IncludeCache;
pub use page_pass::explicit_ids;

use std::ops::Range;

use serde::Serialize;

use crate::load::{Page, Site};
use crate::span::Span;

/// Where an anchor id comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnchorOrigin {
    /// A heading's auto id.
    Heading,
    /// A kramdown attribute list: `{#id}` or `{: #id}`.
    Attribute,
    /// A raw HTML `id=` or `name=` attribute.
    Html,
    /// A kramdown footnote (`fn:1`, `fnref:1`).
    Footnote,
    /// Brought in by the named include.
    Include(String),
    /// Written by Liquid evaluated over `site.data`.
    Liquid,
}

/// An id in the rendered page that a `#fragment` can target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    /// The id, exactly as rendered.
    pub id: String,
    /// Where it is defined (in this page; for includes, the include line).
    pub span: Span,
    /// What defines it.
    pub origin: AnchorOrigin,
}

/// A Markdown heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Plain text as kramdown would use for the id (no markup).
    pub text: String,
    /// The rendered id (auto or explicit); `None` when auto ids are off.
    pub id: Option<String>,
    /// Start of the heading line.
    pub span: Span,
    /// Byte range of the heading in the file.
    pub range: Range<usize>,
}

/// Where a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkOrigin {
    /// Markdown link, reference link, autolink or image.
    Markdown,
    /// Raw HTML `<a href>` or `<img src>`.
    Html,
}

/// What a link points at, judged from its syntax alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// A path in the site (relative or absolute), with optional `#fragment`.
    Internal {
        /// The path part, percent-decoded, query removed.
        path: String,
        /// The fragment without `#`, percent-decoded.
        fragment: Option<String>,
    },
    /// `#fragment` in the same page.
    SamePage {
        /// The fragment without `#`, percent-decoded.
        fragment: String,
    },
    /// `http:`, `https:`, `ftp:` or protocol-relative `//host`.
    External,
    /// `mailto:`.
    Mailto,
    /// Any other scheme (`tel:`, `javascript:`, `data:`...): not checked.
    Other(String),
    /// A root-relative path outside the path the site is published under (`/a.html` on a site
    /// whose `url` is `https://host/Spec`): it leaves the site.
    OutsideSite {
        /// The path the site is published under.
        published: String,
    },
    /// A target whose Liquid only the build can evaluate (a loop variable, an unknown filter):
    /// not checked.
    Liquid,
}

/// A link or image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target as written in the source.
    pub written: String,
    /// The target with Liquid (`{{ site.baseurl }}`, `{{site.url}}`) resolved.
    pub target: String,
    /// Link text (plain), or image alt text.
    pub text: String,
    /// Start of the link in the file.
    pub span: Span,
    /// Classification.
    pub kind: LinkKind,
    /// Markdown or raw HTML.
    pub origin: LinkOrigin,
    /// True for images (`![..](..)`, `<img src>`).
    pub image: bool,
    /// The include that writes it, when the link is in an include's text (its span is then the
    /// `{% include %}` tag's).
    pub include: Option<String>,
}

impl Link {
    /// "link" or "image", and the include it comes from, for messages.
    pub fn described(&self) -> String {
        let what = if self.image { "image" } else { "link" };
        match &self.include {
            Some(name) => format!("{what} in include `{name}`"),
            None => what.to_string(),
        }
    }
}

/// An `{% include NAME %}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeRef {
    /// The name as written, e.g. `note.html` or `foundations/x.html`.
    pub name: String,
    /// Where the tag is.
    pub span: Span,
    /// Whether `_includes/NAME` exists (for `include_relative`, whether the file next to the
    /// page exists and Jekyll accepts its name).
    pub found: bool,
    /// For `{% include_relative NAME %}`: the path of the file, or of the file looked for,
    /// relative to the spec root (empty when Jekyll refuses the name). The page depends on it.
    pub relative: Option<String>,
}

/// What the parse stage learnt about one page.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Every id a `#fragment` may target, in order of appearance.
    pub anchors: Vec<Anchor>,
    /// Every link in order of appearance.
    pub links: Vec<Link>,
    /// Includes used.
    pub includes: Vec<IncludeRef>,
}

impl Document {
    /// Whether the page renders an element with this id.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.anchors.iter().any(|a| a.id == id)
    }
}

/// The text of `page` as its Markdown is read: front matter blanked, Liquid masked and, on a
/// Markdown page, kramdown attribute lists blanked; the same byte length and line structure as
/// the file. Made again when asked for, not kept: a [`Document`] holding a copy of every
/// page's text was a sixth of the memory of a large check.
pub fn masked_text(page: &Page) -> String {
    masked_parts(page).text
}

/// The text of a page as its Markdown pass reads it ([`masked_text`]), with the Liquid tags
/// masked, the attribute lists blanked, and the anchors and links of the start tags that
/// kramdown's block HTML took off a Markdown page (see `block_html`).
pub(crate) struct MaskedParts {
    pub text: String,
    pub tags: Vec<mask::LiquidTag>,
    pub ials: Vec<attrs::Ial>,
    pub html: Vec<html::HtmlItem>,
}

/// See [`MaskedParts`].
pub(crate) fn masked_parts(page: &Page) -> MaskedParts {
    let masked = mask::mask(&page.source.text, page.body_start);
    let mut text = masked.text;
    let (ials, html) = if page.markdown {
        attrs::blank_comments(&mut text);
        attrs::nomarkdown_as_html(&mut text);
        let ials = attrs::extract(&mut text);
        let html = block_html::kramdown_blocks(&mut text, &page.source.text, Some(page.source.lines.starts()));
        (ials, html)
    } else {
        (Vec::new(), Vec::new())
    };
    MaskedParts { text, tags: masked.tags, ials, html }
}

/// Parses one page of `site`.
pub fn parse_page(site: &Site, page: &Page) -> Document {
    page_pass::run(site, page, None, None)
}

/// [`parse_page`] for one of many pages of `site`: the includes are read once for all of
/// them through `cache` (made with [`IncludeCache::new`] from the same `site`).
pub fn parse_page_cached(site: &Site, page: &Page, cache: &IncludeCache) -> Document {
    page_pass::run(site, page, Some(cache), None)
}

/// [`parse_page_cached`] for a Markdown page, also handing every event of the page's one
/// pulldown-cmark pass (over the text of [`masked_text`], with byte ranges into the file) to
/// `observer`: the model builds a release page's block tree from the same pass. An HTML page
/// has no such pass, and `observer` sees nothing.
pub fn parse_page_observed(
    site: &Site,
    page: &Page,
    cache: &IncludeCache,
    observer: &mut dyn FnMut(&pulldown_cmark::Event<'_>, std::ops::Range<usize>),
) -> Document {
    page_pass::run(site, page, Some(cache), Some(observer))
}

/// The pulldown-cmark options used for every page (tables, footnotes, strikethrough...).
pub fn cmark_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}
