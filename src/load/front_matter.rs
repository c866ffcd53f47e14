//! Splitting a file into YAML front matter and body, as Jekyll does.
//!
//! Jekyll recognises front matter only when the file starts *exactly* with
//! `---` (no byte-order mark) and a closing `---` or `...` line follows.
//! Anything else is a static file that Jekyll copies as-is.

use crate::span::{LineIndex, Span};

/// The result of looking for front matter at the top of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Split {
    /// No front matter: the file is not a page.
    None,
    /// Front matter found; YAML is `text[yaml_start..yaml_end]`, body starts at `body_start`.
    Found {
        /// Byte offset of the first YAML line.
        yaml_start: usize,
        /// Byte offset just past the last YAML line.
        yaml_end: usize,
        /// Byte offset of the first body byte.
        body_start: usize,
    },
    /// The file opens with `---` but no closing line follows.
    Unclosed,
}

/// Is `line` (without its ending) a front-matter fence: `---` or `...` plus trailing blanks?
fn is_fence(line: &str, allow_dots: bool) -> bool {
    let t = line.trim_end_matches([' ', '\t', '\r']);
    t == "---" || (allow_dots && t == "...")
}

/// Finds the front matter at byte `start` of `text` (3 when skipping a BOM, else 0).
pub fn split(text: &str, start: usize) -> Split {
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i);
    if !is_fence(&rest[..first_end], false) || first_end == rest.len() {
        return if is_fence(&rest[..first_end], false) { Split::Unclosed } else { Split::None };
    }
    let yaml_start = start + first_end + 1;
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if is_fence(&text[pos..end], true) {
            let body_start = (end + 1).min(text.len());
            return Split::Found { yaml_start, yaml_end: pos, body_start };
        }
        pos = end + 1;
    }
    Split::Unclosed
}

/// Parsed front matter: a YAML mapping converted to JSON values.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// The keys and values, as written (defaults from `_config.yml` not applied).
    pub values: serde_json::Map<String, serde_json::Value>,
    /// Byte offset of the first YAML line, for locating keys.
    pub yaml_start: usize,
}

impl FrontMatter {
    /// A string value (numbers and booleans are converted to text).
    pub fn get_str(&self, key: &str) -> Option<String> {
        value_to_string(self.values.get(key)?)
    }

    /// The span of the line that sets `key`, or of the opening fence.
    pub fn key_span(&self, text: &str, lines: &LineIndex, key: &str) -> Span {
        let yaml = &text[self.yaml_start..];
        let mut off = 0;
        for line in yaml.split_inclusive('\n') {
            if line == "---\n" || line.trim_end() == "---" {
                break;
            }
            if let Some(rest) = line.strip_prefix(key) {
                if rest.trim_start().starts_with(':') {
                    return lines.span(text, self.yaml_start + off);
                }
            }
            off += line.len();
        }
        lines.span(text, self.yaml_start.saturating_sub(4))
    }
}

/// Text of a scalar YAML value; `None` for null, mappings and sequences.
pub fn value_to_string(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Why front matter could not be read: message and the byte offset it points at.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    /// What the YAML parser said, without its location suffix.
    pub message: String,
    /// Byte offset in the file.
    pub offset: usize,
}

static AT_LINE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| crate::ascii_regex::compile(r"line (\d+) column (\d+)"));

/// Rewrites the parser's `line N column M` (relative to the YAML) as file lines, dropping
/// the location of the error itself (the diagnostic carries it).
fn shift_lines(message: &str, by: usize) -> String {
    let message = message.replacen(" at line ", " @@ ", 1);
    let message = match (message.find(" @@ "), message.find(", ")) {
        (Some(i), Some(j)) if j > i => format!("{}{}", &message[..i], &message[j..]),
        (Some(i), None) => message[..i].to_string(),
        _ => message,
    };
    AT_LINE
        .replace_all(&message, |c: &regex::Captures| {
            let line: usize = c[1].parse().unwrap_or(0);
            format!("line {}", line + by)
        })
        .into_owned()
}

/// Parses the YAML between `yaml_start` and `yaml_end` of `text`.
pub fn parse_yaml(text: &str, yaml_start: usize, yaml_end: usize) -> Result<FrontMatter, YamlError> {
    let yaml = &text[yaml_start..yaml_end];
    if yaml.trim_matches([' ', '\t', '\r', '\n']).is_empty() {
        return Ok(FrontMatter { values: Default::default(), yaml_start });
    }
    if let Some(values) = simple_mapping(yaml) {
        return Ok(FrontMatter { values, yaml_start });
    }
    match serde_yaml_ng::from_str::<serde_json::Value>(yaml) {
        Ok(serde_json::Value::Object(values)) => Ok(FrontMatter { values, yaml_start }),
        Ok(serde_json::Value::Null) => Ok(FrontMatter { values: Default::default(), yaml_start }),
        Ok(_) => {
            Err(YamlError { message: "front matter is not a mapping of keys to values".into(), offset: yaml_start })
        }
        Err(e) => {
            let offset = e.location().map_or(yaml_start, |l| yaml_start + l.index().min(yaml.len()));
            let first_line = text[..yaml_start].matches('\n').count();
            Err(YamlError { message: shift_lines(&e.to_string(), first_line), offset })
        }
    }
}

/// The front matter most pages have, read without a YAML parser: one `key: value` per line,
/// each value a plain string (words, spaces and the punctuation of titles), a simple quoted
/// string, `true`/`false`, a flow list of plain words (`[design, structured]`), or nothing (null).
/// `None` (the full YAML parser decides) for anything else: comments, nesting, block lists,
/// numbers, escapes, YAML 1.1 words such as `yes`, duplicate keys. A YAML parse of
/// every page was a tenth of a large spec's check; the result is the same by construction and
/// by test (`simple_front_matter_reads_as_yaml_does`).
fn simple_mapping(yaml: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut values = serde_json::Map::new();
    for line in yaml.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        // YAML's blanks are spaces and tabs: `str::trim` would also take U+0085 and U+2028,
        // which YAML 1.1 reads as line breaks.
        if line.trim_matches([' ', '\t']).is_empty() {
            continue;
        }
        let (key, value) = line.split_once(':')?;
        let key_ok = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !key_ok || values.contains_key(key) {
            return None;
        }
        // `keywords:` with nothing after it is null (a value on the lines below would have
        // made those lines fail the test above).
        let value = if value.trim_matches(' ').is_empty() {
            serde_json::Value::Null
        } else if value.starts_with(' ') {
            simple_value(value.trim_matches(' '), Context::Block)?
        } else {
            return None;
        };
        values.insert(key.to_string(), value);
    }
    Some(values)
}

/// Where a value of [`simple_mapping`] stands.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Context {
    /// After `key: ` on its own line.
    Block,
    /// An item of a flow list (`[a, b]`), where more characters mean something.
    Flow,
}

/// Characters a value other than a flow-list item may hold after its first: besides ASCII
/// letters, digits and `._/-(),` and spaces, the entity and apostrophe characters of titles
/// (`FHIR&reg;`, `patient's`) and letters and typographic punctuation beyond ASCII. Never `:`
/// or `#` (`: ` and ` #` end a plain scalar), nor YAML 1.1's line breaks (U+0085, U+2028,
/// U+2029) or other control and format characters.
fn block_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || " ._/-(),&;'".contains(c)
        || (!c.is_ascii() && (c.is_alphanumeric() || "\u{2018}\u{2019}\u{201c}\u{201d}\u{2013}\u{2014}".contains(c)))
}

/// Whether a plain scalar is one of the words some YAML version reads as a boolean, null or
/// a special float (`yes`, `Off`, `null`, `NaN`, `inf`...): the fast paths leave those to the parser.
pub(super) fn is_yaml_word(value: &str) -> bool {
    const WORDS: [&str; 12] = ["yes", "no", "on", "off", "y", "n", "null", "true", "false", "nan", "inf", "infinity"];
    WORDS.iter().any(|w| value.eq_ignore_ascii_case(w))
}

/// One value of [`simple_mapping`], or `None` when only a YAML parser can say what it is.
pub(super) fn simple_value(value: &str, context: Context) -> Option<serde_json::Value> {
    use serde_json::Value;
    let flow_char = |c: char| c.is_ascii_alphanumeric() || " ._/-(),".contains(c);
    match value {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let quoted = |q: char| {
        let inner = value.strip_prefix(q)?.strip_suffix(q)?;
        (inner.chars().all(|c| c != q && c != '\\' && !c.is_control())).then(|| Value::String(inner.to_string()))
    };
    if value.starts_with('"') {
        return quoted('"');
    }
    if value.starts_with('\'') {
        return quoted('\'');
    }
    if let Some(items) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        // A flow list of plain words: `tags: [design, structured]`.
        if context == Context::Flow {
            return None;
        }
        if items.trim_matches(' ').is_empty() {
            return Some(Value::Array(Vec::new()));
        }
        return items
            .split(',')
            .map(|item| match simple_value(item.trim_matches(' '), Context::Flow)? {
                Value::String(s) if !s.contains([',', '(', ')']) => Some(Value::String(s)),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::Array);
    }
    // A first digit is a number unless a space follows somewhere (`111/999 call handler`):
    // no YAML number, boolean or null holds a space.
    let first_ok = value.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        || (context == Context::Block && value.starts_with(|c: char| c.is_ascii_digit()) && value.contains(' '));
    let special = is_yaml_word(value);
    let chars_ok = match context {
        Context::Block => value.chars().all(block_char),
        Context::Flow => value.chars().all(flow_char),
    };
    (first_ok && !special && chars_ok && !value.contains("  ")).then(|| Value::String(value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_front_matter_reads_as_yaml_does() {
        let cases = [
            "title: Book an appointment\npermalink: /appointments_book.html\n",
            "title: A\r\ntoc: false\r\nsidebar: overview_sidebar\r\n",
            "summary: \"Released on 23rd April 2019: see below\"\nkeywords: a, b, c\n",
            "x: 'single quoted # not a comment'\ny: True\n",
            "title: with trailing spaces   \n\nother: (parenthesised) text/path.md\n",
            "n: no\n",
            "v: 1.2\n",
            "e:\n",
            "k: v # comment\n",
            "k: [a, b]\n",
            "k: a: b\n",
            "k: \"esc\\\"\"\n",
            "dup: a\ndup: b\n",
            "  indented: x\n",
            "k: 'it''s'\n",
            "k: null\n",
            "k: ~\n",
            "k: -x\n",
            "k: a  b\n",
            "tags: [release]\n",
            "tags: [design,structured]\n",
            "tags: [a b, c]\n",
            "tags: []\n",
            "t: [a, [b]]\n",
            "t: [a, true]\n",
            "t: [a, 'b']\n",
            "t: [a,]\n",
            "t: [, a]\n",
            "t: [yes]\n",
            "k: \"\"\n",
            "k: ''\n",
            "- a\n",
            "k: @x\n",
            "k: *alias\n",
            "e:\n",
            "e:   \nf: x\n",
            "e:\n- a\n",
            "title: FHIR&reg; resources\n",
            "title: Migrate a patient's record\n",
            "title: a patient\u{2019}s \u{201c}record\u{201d} \u{2013} caf\u{e9}\n",
            "title: 111/999 call handler\n",
            "k: 111\n",
            "k: 1e3 x\n",
            "k: 0x1F\n",
            "k: &anchor x\n",
            "t: [a&b]\n",
            "k: a\u{2028}b\n",
            "k: a\u{85}b\n",
        ];
        for yaml in cases {
            let Some(fast) = simple_mapping(yaml) else { continue };
            let slow: serde_json::Value = serde_yaml_ng::from_str(yaml).expect("the fast path only accepts valid YAML");
            assert_eq!(serde_json::Value::Object(fast), slow, "{yaml:?}");
        }
        assert!(simple_mapping("title: A\ntoc: false\n").is_some(), "the common case takes the fast path");
        for bail in ["n: no\n", "v: 1.2\n", "k: v # c\n", "dup: a\ndup: b\n", "k: a  b\n", "e:\n  - a\n"] {
            assert_eq!(simple_mapping(bail), None, "{bail:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn the_fast_path_reads_generated_front_matter_as_yaml_does(
            lines in proptest::collection::vec(
                ("(title|tags|k|_x-1)", "(:|: |:  )", "([a-zA-Z0-9 &;'.,/()_:#\"\\[\\]\t-]|\u{2019}|\u{e9}|\u{85}|\u{2028}|yes|true|null|1\\.5|0x1|~)*"),
                1..4,
            ),
            ending in "(\n|\r\n)",
        ) {
            let yaml: String = lines.iter().map(|(k, sep, v)| format!("{k}{sep}{v}{ending}")).collect();
            if let Some(fast) = simple_mapping(&yaml) {
                let slow: Result<serde_json::Value, _> = serde_yaml_ng::from_str(&yaml);
                proptest::prop_assert!(slow.is_ok(), "{yaml:?}: the fast path read YAML the parser rejects");
                proptest::prop_assert_eq!(serde_json::Value::Object(fast), slow.unwrap(), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn the_fast_path_agrees_with_yaml_on_every_page_of_the_sample_and_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut fast_pages = 0;
        let corpus = root.join("../shared/corpora/gpconnect-1.6.0");
        // The sample spec has 31 pages; the corpus, beside the repository when it is there, 200 more.
        let expected = if corpus.is_dir() { 200 } else { 25 };
        for spec in [root.join("spec"), corpus] {
            for entry in walkdir::WalkDir::new(&spec).into_iter().filter_map(Result::ok) {
                let is_page = entry.path().extension().is_some_and(|e| e == "md" || e == "html");
                let Some(text) = is_page.then(|| std::fs::read_to_string(entry.path()).ok()).flatten() else {
                    continue;
                };
                let Split::Found { yaml_start, yaml_end, .. } = split(&text, 0) else { continue };
                let yaml = &text[yaml_start..yaml_end];
                // (parse_yaml answers empty front matter before the fast path)
                if let Some(fast) = simple_mapping(yaml).filter(|_| !yaml.trim().is_empty()) {
                    fast_pages += 1;
                    let slow: serde_json::Value = serde_yaml_ng::from_str(yaml).expect("valid YAML");
                    assert_eq!(serde_json::Value::Object(fast), slow, "{}", entry.path().display());
                }
            }
        }
        assert!(fast_pages > expected, "the fast path is taken ({fast_pages} pages)");
    }

    #[test]
    fn finds_front_matter_with_crlf_endings() {
        let text = "---\r\ntitle: A\r\n---\r\nbody";
        let Split::Found { yaml_start, yaml_end, body_start } = split(text, 0) else { panic!() };
        assert_eq!(&text[yaml_start..yaml_end], "title: A\r\n");
        assert_eq!(&text[body_start..], "body");
        let fm = parse_yaml(text, yaml_start, yaml_end).unwrap();
        assert_eq!(fm.get_str("title").as_deref(), Some("A"));
    }

    #[test]
    fn unclosed_front_matter_is_reported_as_such() {
        assert_eq!(split("---\ntitle: A\n", 0), Split::Unclosed);
        assert_eq!(split("# no front matter\n", 0), Split::None);
        assert_eq!(split("--- \nx: 1\n...\n", 0), Split::Found { yaml_start: 5, yaml_end: 10, body_start: 14 });
    }

    #[test]
    fn yaml_error_points_into_the_file() {
        let text = "---\ntitle: A\nbad: [unclosed\n---\n";
        let Split::Found { yaml_start, yaml_end, .. } = split(text, 0) else { panic!() };
        let err = parse_yaml(text, yaml_start, yaml_end).unwrap_err();
        let idx = LineIndex::new(text);
        assert!(idx.span(text, err.offset).line >= 3, "{err:?}");
        assert_eq!(err.message, "did not find expected ',' or ']', while parsing a flow sequence at line 3");
    }
}
