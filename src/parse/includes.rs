//! `{% include %}`: what an include brings into the page.
//!
//! Jekyll pastes an include into the page before Markdown conversion, so in a
//! Markdown page an include's headings join the page's id numbering at the
//! include's position, and its raw HTML ids become anchors. Includes are
//! expanded recursively (depth-limited, so cycles end), and an include's
//! Liquid is evaluated only when it could write an anchor or heading.
//!
//! An include without such Liquid contributes the same headings and anchors to every page that
//! uses it (given the page is Markdown or not), so an [`IncludeCache`] shared by the pages of
//! one parse run reads each include once rather than once per use.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{Map, Value};

use super::html::{self, HtmlItem};
use super::{attrs, liquid, markdown, mask};
use crate::load::{Page, Site};

/// How deep includes may nest before expansion stops.
pub const MAX_DEPTH: usize = 10;

/// One `key=value` parameter of an include tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Param<'t> {
    key: &'t str,
    /// The value without its quotes, and where it starts in the scanned text.
    value: &'t str,
    start: usize,
    quoted: bool,
}

/// The parameters of an include tag, as Jekyll's `([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))`
/// finds them (leftmost first, not overlapping; Ruby's ASCII classes), scanned by hand: the
/// regex's captures were a tenth of the parse stage on a spec with an include on every page.
/// `tests::params_match_jekylls_regex` holds the two equal on generated tags.
fn scan_params(text: &str) -> Vec<Param<'_>> {
    let bytes = text.as_bytes();
    let is_key = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let skip_spaces = |mut i: usize| {
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        i
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_key(bytes[i]) {
            i += 1;
            continue;
        }
        let key_start = i;
        while i < bytes.len() && is_key(bytes[i]) {
            i += 1;
        }
        let key = &text[key_start..i];
        // A match starting later in the same key would meet the same text after it: if this
        // one fails, they all do, and the scan goes on after the key.
        let equals = skip_spaces(i);
        if bytes.get(equals) != Some(&b'=') {
            continue;
        }
        let v = skip_spaces(equals + 1);
        let Some(&first) = bytes.get(v) else { continue };
        let closing = (first == b'"' || first == b'\'').then(|| memchr::memchr(first, &bytes[v + 1..])).flatten();
        let (value, start, end, quoted) = match closing {
            Some(len) => (&text[v + 1..v + 1 + len], v + 1, v + 2 + len, true),
            None => {
                let end = (v..bytes.len()).find(|&e| is_space(bytes[e])).unwrap_or(bytes.len());
                (&text[v..end], v, end, false)
            }
        };
        found.push(Param { key, value, start, quoted });
        i = end;
    }
    found
}

/// What an include contributes to the page, in its document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contribution {
    /// A Markdown heading: plain text and an explicit id, if it has one.
    Heading {
        /// Plain heading text.
        text: String,
        /// `{#id}` or a raw `<hN id>` id.
        explicit_id: Option<String>,
        /// 1 to 6.
        level: u8,
    },
    /// An HTML `id=`/`name=` or footnote anchor.
    Anchor(String),
    /// A link or image the include writes into the page (a Markdown one only on a Markdown page).
    Link {
        /// The target as rendered.
        written: String,
        /// Link text (plain), or image alt text.
        text: String,
        /// An image.
        image: bool,
        /// Raw HTML (`<a href>`, `<img src>`) rather than Markdown.
        html: bool,
    },
}

/// A parsed `{% include NAME k=v ... %}` tag.
#[derive(Debug, Clone, PartialEq)]
pub struct IncludeTag {
    /// The name as written.
    pub name: String,
    /// Parameters; quoted values as strings, bare values looked up in `page`.
    pub params: Map<String, Value>,
}

/// Parses the inner text of an include tag (`include note.html content="x"`).
pub fn parse_tag(inner: &str, page: &Page) -> IncludeTag {
    let rest = inner.trim_start().strip_prefix("include").unwrap_or(inner).trim_start();
    let name_end = name_end(rest);
    let name = rest[..name_end].to_string();
    let mut params = Map::new();
    for p in scan_params(&rest[name_end..]) {
        let value = if p.quoted { Value::from(p.value) } else { lookup(page, p.value) };
        params.insert(p.key.to_string(), value);
    }
    IncludeTag { name, params }
}

/// End of the include name: whitespace outside `{{ }}`.
fn name_end(rest: &str) -> usize {
    let mut depth = 0usize;
    let bytes = rest.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b if b.is_ascii_whitespace() && depth == 0 => return i,
            _ => {}
        }
    }
    rest.len()
}

fn lookup(page: &Page, var: &str) -> Value {
    match var.strip_prefix("page.") {
        Some(key) => page.data.get(key).cloned().unwrap_or(Value::Null),
        None => Value::Null,
    }
}

/// Links written inside the quoted parameters of the include tag at `range` of `original`
/// (`content="see [x](y.html)"`): the include renders them into the page, so they are the
/// page's links. Offsets are file offsets.
pub fn param_links(original: &str, range: std::ops::Range<usize>) -> Vec<(markdown::RawLink, bool)> {
    let tag = &original[range.clone()];
    let mut out = Vec::new();
    for p in scan_params(tag).into_iter().filter(|p| p.quoted) {
        let text = p.value;
        if !(text.contains("](") || text.contains("href") || text.contains("src=") || text.contains("<http")) {
            continue;
        }
        let base = range.start + p.start;
        let found = markdown::walk(text, text);
        for mut link in found.links {
            link.offset += base;
            out.push((link, false));
        }
        for item in found.html {
            if let HtmlItem::Link { written, text, offset, image } = item {
                out.push((markdown::RawLink { written, text, offset: base + offset, image }, true));
            }
        }
    }
    out
}

/// The include file name with `{{ page.x }}` resolved, if it can be, as a path under
/// `_includes/`: Jekyll joins the name to the folder with Ruby's `File.join`, so one leading
/// `/` (`{% include /examples/x.json %}`) names the same file as none.
pub fn resolve_name(name: &str, page: &Page) -> Option<String> {
    let resolved = if name.contains("{{") {
        let site = Value::Object(Map::new());
        liquid::render(name, &site, page, &Map::new()).filter(|n| !n.is_empty() && !n.contains('{'))?
    } else {
        name.to_string()
    };
    Some(match resolved.strip_prefix('/') {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => resolved,
    })
}

/// What an `{% include_relative NAME %}` tag names, as Jekyll reads it.
#[derive(Debug)]
pub enum Relative {
    /// The file exists.
    Found {
        /// Its path relative to the spec root.
        path: String,
        /// What it brings into the page.
        contributions: Vec<Contribution>,
    },
    /// No such file next to the page: Jekyll stops the build.
    Missing {
        /// The path looked for, relative to the spec root.
        path: String,
    },
    /// A name Jekyll refuses ("File contains invalid characters or sequences").
    Invalid,
    /// A name only the build can evaluate (`{{ include.path }}`).
    Unjudged,
}

/// Reads `{% include_relative NAME %}` (`inner` is the tag's inner text) on `page`: Jekyll
/// looks for NAME in the page's own folder, refuses a name with a run of two dots or slashes
/// (`../x.md`) or with characters outside `\w / . - ( ) + ~ # @`, and renders the file into the
/// page where the tag is. The file is read from disk: it need not be a page or be published.
pub fn relative(site: &Site, page: &Page, inner: &str) -> (String, Relative) {
    let rest = inner.trim_start().strip_prefix("include_relative").unwrap_or(inner).trim_start();
    let name = rest[..name_end(rest)].to_string();
    if liquid::has_liquid(&name) {
        return (name, Relative::Unjudged);
    }
    let valid_char = |c: char| c.is_alphanumeric() || "_/.-()+~#@".contains(c);
    let bad_run = name.as_bytes().windows(2).any(|w| matches!(w[0], b'.' | b'/') && matches!(w[1], b'.' | b'/'));
    if name.is_empty() || bad_run || !name.chars().all(valid_char) {
        return (name, Relative::Invalid);
    }
    // Ruby's `File.join` of folder and name: `/x.md` is `x.md` in the page's folder.
    let dir = page.path().rsplit_once('/').map_or("", |(d, _)| d);
    let path = format!("{dir}/{name}").trim_start_matches('/').replace("//", "/");
    // Like Jekyll, never a file outside the spec (a symbolic link may point anywhere).
    let inside = |full: &std::path::Path| {
        let root = site.root.canonicalize();
        full.canonicalize().is_ok_and(|f| root.is_ok_and(|r| f.starts_with(r)))
    };
    let full = site.root.join(&path);
    let Some(text) = inside(&full).then(|| std::fs::read_to_string(&full).ok()).flatten() else {
        return (name, Relative::Missing { path });
    };
    let masked = mask::mask(&text, 0);
    let mut found = Vec::new();
    contribute(page.markdown, &masked.text, &text, &mut found);
    found.retain(|c| !matches!(c, Contribution::Link { written, .. } if liquid::has_liquid(written)));
    (name, Relative::Found { path, contributions: found })
}

/// The includes of a site read once for all the pages parsed with it (see the module doc).
/// Built from one [`Site`]; use it only with that site.
#[derive(Debug, Default)]
pub struct IncludeCache {
    files: HashMap<String, OnceLock<Prepared>>,
}

impl IncludeCache {
    /// An empty cache for the includes of `site`, each read when a page first uses it.
    pub fn new(site: &Site) -> Self {
        IncludeCache { files: site.includes.keys().map(|k| (k.clone(), OnceLock::new())).collect() }
    }
}

/// One include, read: what every use of it shares.
#[derive(Debug)]
struct Prepared {
    /// The text with Liquid masked (same offsets).
    masked: String,
    /// The inner text of the includes it includes.
    nested: Vec<String>,
    /// Its Liquid may write headings, ids or link targets: evaluated per use, never cached.
    liquid: bool,
    /// Its text parsed as a Liquid template (when `liquid`), once for all its uses.
    template: OnceLock<Option<Parsed>>,
    /// Its contributions to a Markdown page, and to an HTML page (when `!liquid`).
    markdown: OnceLock<Vec<Contribution>>,
    html: OnceLock<Vec<Contribution>>,
}

impl Prepared {
    fn new(text: &str) -> Prepared {
        let masked = mask::mask(text, 0);
        let nested = masked.tags.iter().filter(|t| t.name() == "include").map(|t| t.inner.clone()).collect();
        Prepared {
            masked: masked.text,
            nested,
            liquid: liquid::may_write_anchors(text) || liquid::may_write_links(text),
            template: OnceLock::new(),
            markdown: OnceLock::new(),
            html: OnceLock::new(),
        }
    }
}

/// An include parsed as a Liquid template.
struct Parsed(::liquid::Template);

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Parsed(..)")
    }
}

/// Per-page state for expanding includes.
pub struct Expander<'a> {
    site: &'a Site,
    page: &'a Page,
    cache: Option<&'a IncludeCache>,
}

impl<'a> Expander<'a> {
    /// An expander for includes used by `page`, reading each include afresh.
    pub fn new(site: &'a Site, page: &'a Page) -> Self {
        Expander { site, page, cache: None }
    }

    /// An expander for includes used by `page` that shares what it reads through `cache`.
    pub fn with_cache(site: &'a Site, page: &'a Page, cache: &'a IncludeCache) -> Self {
        Expander { site, page, cache: Some(cache) }
    }

    /// Everything `tag` brings into the page, nested includes included.
    pub fn expand(&mut self, tag: &IncludeTag, depth: usize, out: &mut Vec<Contribution>) {
        if depth >= MAX_DEPTH {
            return;
        }
        let Some(name) = resolve_name(&tag.name, self.page) else {
            return;
        };
        let Some(file) = self.site.includes.get(&name) else {
            return;
        };
        let fresh;
        let prepared = match self.cache.and_then(|c| c.files.get(&name)) {
            Some(cell) => cell.get_or_init(|| Prepared::new(file.content())),
            None => {
                fresh = Prepared::new(file.content());
                &fresh
            }
        };
        if prepared.liquid {
            let site = liquid::site_value_for(self.site, file.content());
            let template = prepared.template.get_or_init(|| liquid::parse(file.content()).map(Parsed));
            let rendered = template.as_ref().and_then(|t| liquid::render_parsed(&t.0, &site, self.page, &tag.params));
            let mut found = Vec::new();
            match &rendered {
                Some(r) => contribute(self.page.markdown, r, r, &mut found),
                None => contribute(self.page.markdown, &prepared.masked, file.content(), &mut found),
            }
            // Rendered, a target left empty may be a variable specnotes does not know
            // (`site.github`); unrendered, a target holding Liquid is not what the page gets.
            // Neither is judged.
            let unjudged = |w: &str| if rendered.is_some() { w.trim().is_empty() } else { liquid::has_liquid(w) };
            found.retain(|c| !matches!(c, Contribution::Link { written, .. } if unjudged(written)));
            out.append(&mut found);
        } else {
            let cell = if self.page.markdown { &prepared.markdown } else { &prepared.html };
            match cell.get() {
                Some(found) => out.extend(found.iter().cloned()),
                None => {
                    let mut found = Vec::new();
                    contribute(self.page.markdown, &prepared.masked, file.content(), &mut found);
                    out.extend(cell.get_or_init(|| found).iter().cloned());
                }
            }
        }
        for inner in &prepared.nested {
            let tag = parse_tag(inner, self.page);
            self.expand(&tag, depth + 1, out);
        }
    }
}

/// Headings, anchors and links of included text (`masked` has the offsets of `original`), as
/// a Markdown page (`markdown`) or an HTML page sees them; most includes are JSON and XML
/// examples, where nothing can be one, and are not walked.
fn contribute(markdown: bool, masked: &str, original: &str, out: &mut Vec<Contribution>) {
    if may_contribute(masked) {
        contributions(markdown, masked, original, out);
    }
}

/// Whether `text` holds anything [`contributions`] could find: a line whose first character
/// other than blanks and list or quote markers is `#` (an ATX heading), a line that may
/// underline a setext heading, an attribute list (`{:`, `{#`), a footnote (`[^`), or an `=`
/// after the name `id` or `name` (an HTML anchor). A cheap superset: `false` means nothing.
/// Linear in the text, however long its lines.
fn may_contribute(text: &str) -> bool {
    let bytes = text.as_bytes();
    if [&b"{:"[..], b"{#", b"[^", b"](", b"<a", b"<A", b"<img", b"<IMG", b"<image"]
        .iter()
        .any(|pair| memchr::memmem::find(bytes, pair).is_some())
    {
        return true;
    }
    // From each `#`, the start of its line is searched for only back to the previous `#`, and
    // where a line's first character other than blanks and markers is, only once per line:
    // a one-line JSON example full of `"#ref"` stays linear.
    let (mut line_start, mut scanned, mut first_other) = (0, 0, None);
    for i in memchr::memchr_iter(b'#', bytes) {
        if let Some(n) = memchr::memrchr2(b'\n', b'\r', &bytes[scanned..i]) {
            (line_start, first_other) = (scanned + n + 1, None);
        }
        scanned = i;
        let first = *first_other.get_or_insert_with(|| {
            line_start + bytes[line_start..].iter().take_while(|b| b" \t>-*+.)0123456789".contains(b)).count()
        });
        if first == i {
            return true;
        }
    }
    let anchor_attribute = |i: usize| {
        let name = bytes[..i].trim_ascii_end();
        let ends_with = |suffix: &[u8]| {
            name.len() >= suffix.len() && name[name.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        };
        ends_with(b"id") || ends_with(b"name")
    };
    if memchr::memchr_iter(b'=', bytes).any(anchor_attribute) {
        return true;
    }
    let setext_underline = |line: &[u8]| {
        let rest = line.trim_ascii_end();
        let rest = &rest[rest.iter().take_while(|b| matches!(b, b' ' | b'\t' | b'>')).count()..];
        !rest.is_empty() && (rest.iter().all(|&b| b == b'=') || rest.iter().all(|&b| b == b'-'))
    };
    // A line ends at `\n`, `\r\n` or a lone `\r`, as in CommonMark.
    let mut start = 0;
    for end in memchr::memchr2_iter(b'\n', b'\r', bytes).chain([bytes.len()]) {
        let line = &bytes[start..end];
        if setext_underline(line) {
            return true;
        }
        start = end + 1;
    }
    false
}

/// Headings and anchors of included text (`masked` has the offsets of `original`), as a
/// Markdown page (`markdown`) or an HTML page sees them.
fn contributions(markdown: bool, masked: &str, original: &str, out: &mut Vec<Contribution>) {
    if !markdown {
        let mut items = Vec::new();
        html::scan(masked, original, 0..masked.len(), &mut items);
        out.extend(html_contributions(items));
        return;
    }
    let mut text = masked.to_string();
    attrs::blank_comments(&mut text);
    attrs::nomarkdown_as_html(&mut text);
    let ials = attrs::extract(&mut text);
    let tag_items = super::block_html::kramdown_blocks(&mut text, original, None);
    let found = markdown::walk(&text, original);
    let explicit = super::explicit_ids(&found.headings, &ials, &text);
    for (h, id) in found.headings.iter().zip(explicit) {
        out.push(Contribution::Heading { text: h.text.clone(), explicit_id: id, level: h.level });
    }
    out.extend(html_contributions(tag_items));
    out.extend(html_contributions(found.html));
    out.extend(found.links.into_iter().map(|l| Contribution::Link {
        written: l.written,
        text: l.text,
        image: l.image,
        html: false,
    }));
    out.extend(found.footnotes.into_iter().map(|(id, _)| Contribution::Anchor(id)));
    out.extend(
        ials.into_iter()
            .filter(|i| i.placement == attrs::Placement::Span)
            .filter_map(|i| i.id)
            .map(Contribution::Anchor),
    );
}

fn html_contributions(items: Vec<HtmlItem>) -> impl Iterator<Item = Contribution> {
    items.into_iter().filter_map(|item| match item {
        HtmlItem::Anchor { id, .. } => Some(Contribution::Anchor(id)),
        HtmlItem::Link { written, text, image, .. } => Some(Contribution::Link { written, text, image, html: true }),
        HtmlItem::Heading { .. } => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn include_tag_name_and_params_are_parsed() {
        let page = crate::parse::tests::page("p.md", "");
        let tag = parse_tag("include note.html content=\"a b\" type='x' n=page.title", &page);
        assert_eq!(tag.name, "note.html");
        assert_eq!(tag.params.get("content"), Some(&Value::from("a b")));
        assert_eq!(tag.params.get("type"), Some(&Value::from("x")));
        assert_eq!(tag.params.get("n"), Some(&Value::Null));
        assert_eq!(parse_tag("include custom/{{ page.x }}.html", &page).name, "custom/{{ page.x }}.html");
    }

    /// Jekyll's parameter regex, the oracle of [`scan_params`].
    fn by_regex(text: &str) -> Vec<Param<'_>> {
        let re = crate::ascii_regex::compile(r#"([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))"#);
        re.captures_iter(text)
            .map(|c| {
                let key = c.get(1).map_or("", |m| m.as_str());
                let (value, quoted) = match c.get(2).or(c.get(3)) {
                    Some(q) => (q, true),
                    None => (c.get(4).expect("one alternative matched"), false),
                };
                Param { key, value: value.as_str(), start: value.start(), quoted }
            })
            .collect()
    }

    #[test]
    fn params_handle_unclosed_quotes_spaces_and_keys_without_values() {
        let text = "a = \"x y\" b='q' c=page.t d=\"open e e= f=\n g";
        assert_eq!(scan_params(text), by_regex(text));
        let keys: Vec<&str> = scan_params(text).iter().map(|p| p.key).collect();
        assert_eq!(keys, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn includes_that_may_contribute_are_recognised() {
        for text in [
            "intro\n## Heading",
            "intro\r# heading after a lone carriage return",
            "> - # quoted list heading",
            "12) # numbered list heading",
            "Title\n===",
            "Title\n  ---  \r\n",
            "text {: #span-id}",
            "## Heading {#custom}",
            "see[^1]\n\n[^1]: note",
            "<a NAME = 'old'></a>",
            "<div id=\"x\">",
        ] {
            assert!(may_contribute(text), "{text:?}");
        }
        let json = "{\n  \"resourceType\": \"Bundle\",\n  \"reference\": \"#med1\",\n  \"url\": \"https://x/y#z\"\n}";
        assert!(!may_contribute(json));
        for text in ["12) # numbered list heading", "[^1]: note\n\nsee[^1]"] {
            let mut out = Vec::new();
            contributions(true, text, text, &mut out);
            assert!(!out.is_empty(), "{text:?} contributes");
        }
        assert!(!may_contribute("<Patient xmlns=\"http://hl7.org/fhir\"><valid value=\"1\"/></Patient>"));
    }

    /// Text of Markdown's and HTML's building blocks, mostly inert ones.
    fn markdownish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let token = prop_oneof![
            6 => Just("x"), 4 => Just(" "), 3 => Just("\n"), 1 => Just("\r"), 1 => Just("\t"), 1 => Just("#"),
            1 => Just("="), 1 => Just("-"), 1 => Just(">"), 1 => Just("*"), 1 => Just("1."), 1 => Just("id"),
            1 => Just("name"), 1 => Just("<a "), 1 => Just("<h2>"), 1 => Just("\""), 1 => Just("{"),
            1 => Just("}"), 1 => Just(":"), 1 => Just("[^"), 1 => Just("]"), 1 => Just("`"), 1 => Just("_"),
        ];
        proptest::collection::vec(token, 0..24).prop_map(|tokens| tokens.concat())
    }

    proptest::proptest! {
        #[test]
        fn includes_judged_inert_contribute_nothing(text in markdownish()) {
            if !may_contribute(&text) {
                for markdown in [true, false] {
                    let mut out = Vec::new();
                    contributions(markdown, &text, &text, &mut out);
                    proptest::prop_assert!(out.is_empty(), "{out:?} from {text:?}");
                }
            }
        }

        #[test]
        fn params_match_jekylls_regex(text in "[ab_=\"' \t\n{}%.é-]{0,40}") {
            proptest::prop_assert_eq!(scan_params(&text), by_regex(&text));
        }
    }
}
