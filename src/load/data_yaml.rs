//! `_data/` YAML as most specs write it, read without a YAML parser.
//!
//! Sidebars, the top navigation and glossaries are block mappings and block lists of plain or
//! quoted strings, nested by indentation:
//!
//! ```yaml
//! entries:
//! - title: Overview
//!   folders:
//!   - title: Release notes
//!     folderitems:
//!     - title: 1.6.0
//!       url: /overview_release_notes_1_6_0.html
//! ```
//!
//! [`read`] reads that shape and gives up (`None`, and the YAML parser decides) on anything
//! else: flow mappings, anchors, tags, block scalars, multi-line strings, escapes, numbers,
//! YAML 1.1 words, duplicate keys, tabs in indentation. Parsing `_data/` with `serde_yaml_ng`
//! was about 5% of a check of the GP Connect corpus (10k allocations for 58 KB); the result is
//! the same by construction and by test: a property test against the parser, and every data
//! file of the sample spec, the fixtures and the corpus.

use serde_json::{Map, Value};

use super::front_matter::{Context, is_yaml_word, simple_value};

/// The value of a `_data/` YAML file, or `None` when only a YAML parser can say.
pub fn read(text: &str) -> Option<Value> {
    let mut lines = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim_start_matches(' ');
        // YAML's blanks are spaces and tabs only (`str::trim` would take U+0085 and U+2028).
        if content.trim_matches([' ', '\t']).is_empty() || content.starts_with('#') {
            continue;
        }
        if i == 0 && line == "---" {
            continue;
        }
        if content.starts_with('\t') {
            return None;
        }
        lines.push((line.len() - content.len(), content.trim_end_matches(' ')));
    }
    if lines.is_empty() {
        return None;
    }
    let mut pos = 0;
    let value = node(&mut lines, &mut pos)?;
    (pos == lines.len()).then_some(value)
}

/// A line that opens a list item: `-` alone or followed by a space.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// The block (list or mapping) whose first line is `lines[*pos]`, up to the first line that
/// is not part of it.
fn node(lines: &mut [(usize, &str)], pos: &mut usize) -> Option<Value> {
    let (col, text) = lines[*pos];
    if is_item(text) { list(lines, pos, col) } else { mapping(lines, pos, col) }
}

/// The value after `key:` or `-` on the lines below: a deeper block, or (after a key) a list at
/// the key's own column; null when neither follows.
fn nested(lines: &mut [(usize, &str)], pos: &mut usize, col: usize, after_key: bool) -> Option<Value> {
    match lines.get(*pos) {
        Some(&(c, text)) if c > col || (after_key && c == col && is_item(text)) => node(lines, pos),
        _ => Some(Value::Null),
    }
}

fn list(lines: &mut [(usize, &str)], pos: &mut usize, col: usize) -> Option<Value> {
    let mut items = Vec::new();
    while let Some(&(c, text)) = lines.get(*pos) {
        if c != col || !is_item(text) {
            break;
        }
        let rest = &text[1..];
        let inner = rest.trim_start_matches(' ');
        if inner.is_empty() {
            *pos += 1;
            items.push(nested(lines, pos, col, false)?);
            continue;
        }
        if is_item(inner) || key_value(inner).is_some() {
            // `- title: x`: a block that starts on the item's line, at the column after `- `.
            lines[*pos] = (col + 1 + rest.len() - inner.len(), inner);
            items.push(node(lines, pos)?);
        } else {
            items.push(scalar(inner)?);
            *pos += 1;
        }
    }
    deeper_line_left(lines, *pos, col)?;
    Some(Value::Array(items))
}

fn mapping(lines: &mut [(usize, &str)], pos: &mut usize, col: usize) -> Option<Value> {
    let mut map = Map::new();
    while let Some(&(c, text)) = lines.get(*pos) {
        if c != col || is_item(text) {
            break;
        }
        let (key, value) = key_value(text)?;
        if map.contains_key(key) {
            return None;
        }
        *pos += 1;
        let value = if value.is_empty() { nested(lines, pos, col, true)? } else { scalar(value)? };
        map.insert(key.to_string(), value);
    }
    deeper_line_left(lines, *pos, col)?;
    Some(Value::Object(map))
}

/// `None` when the line after a block is deeper than the block (indentation YAML would reject
/// or read some other way).
fn deeper_line_left(lines: &[(usize, &str)], pos: usize, col: usize) -> Option<()> {
    match lines.get(pos) {
        Some(&(c, _)) if c > col => None,
        _ => Some(()),
    }
}

/// `key: value` (or `key:`) with a plain key of letters, digits, `_` and `-`.
fn key_value(text: &str) -> Option<(&str, &str)> {
    let (key, value) = text.split_once(':')?;
    let key_ok = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    (key_ok && (value.is_empty() || value.starts_with(' '))).then(|| (key, value.trim_matches(' ')))
}

/// One value: what the front matter's fast path reads, version numbers (`1.6.0`,
/// `1.2.3-beta`), which no YAML schema reads as a number, and [`plain_text`].
fn scalar(value: &str) -> Option<Value> {
    if is_version(value) || plain_text(value) {
        return Some(Value::String(value.to_string()));
    }
    simple_value(value, Context::Block)
}

/// A plain scalar that can only be a string: it starts with an ASCII letter, `/` or `<` (so it
/// is no number, and no YAML indicator), is none of YAML's words for true, false and null, and
/// holds neither `: ` nor ` #` (which would end it), nor a final `:`, a tab, two spaces in a
/// row, or a character YAML does not print (controls, U+0085, U+2028, U+2029, U+FEFF,
/// U+FFFE, U+FFFF). HTML in sidebars and related-links lists is written so:
/// `<li><a href = "https://x.org">X</a></li>`.
fn plain_text(value: &str) -> bool {
    value.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '<')
        && !is_yaml_word(value)
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.contains("  ")
        && value.chars().all(|c| {
            !c.is_control() && !matches!(c, '\t' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
        })
}

/// `1.6.0`, `1.2.3-beta.1`: digits with at least two dots, then an optional `-` and letters,
/// digits and dots.
fn is_version(value: &str) -> bool {
    let (number, pre) = value.split_once('-').unwrap_or((value, ""));
    let parts: Vec<&str> = number.split('.').collect();
    parts.len() >= 3
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && (value.len() == number.len()
            || (!pre.is_empty()
                && pre.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
                && pre.bytes().any(|b| b.is_ascii_alphabetic())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(yaml: &str) -> Option<Value> {
        serde_yaml_ng::from_str(yaml).ok()
    }

    #[test]
    fn sidebar_shaped_yaml_reads_as_yaml_does() {
        let cases = [
            "entries:\n- title: GP Connect\n  levels: one\n  folders:\n\n  - title: Overview\n    output: web\n    folderitems:\n    - title: Introduction\n      url: /index.html\n      output: web, pdf\n    - title: 1.6.0\n      url: /a.html\n      output: web  \n",
            "---\n- title: Accreditation\n  value: \"The <i>action</i>: see <a href='https://x.org/a' target='_blank'>this</a>.\"\n",
            "# a comment\nsubjects:\n  - a\n  - b\n  -\n    - c\nempty:\nlast: true\n",
            "a:\n  b:\n    c: d\n  e: f\n",
            "- - a\n  - b\n- c\n",
            "k: 1.2.3-beta.1\nv: 1.5.0 - release\n",
            "a:\r\n- x\r\n",
            "link:\n- url: <li><a href = \"https://x.org/a\">X</a></li> <li><a href='b.html'>B</a></li>\n",
            "- url: /files/x.xlsx\"rel=\"nofollow\" target=\"_blank\"\n  title: Yes we can\n",
        ];
        for yaml in cases {
            let fast = read(yaml);
            assert!(fast.is_some(), "the fast path reads {yaml:?}");
            assert_eq!(fast, slow(yaml), "{yaml:?}");
        }
        let bail = [
            "a: 1.5\n",
            "a: 1.2.3-4\n",
            "a: &x b\n",
            "a: [x, {b: c}]\n",
            "a: |\n  text\n",
            "a: b\n  c: d\n",
            "a: b\na: c\n",
            "a:\n\t- b\n",
            "a: \"x\\ny\"\n",
            "a: x # comment\n",
            "",
            "a: b\n---\nc: d\n",
            "  a: b\nc: d\n",
            "a: <b>: c\n",
            "a: Yes\n",
            "a: x  y\n",
            "a: <b>:\n",
        ];
        for yaml in bail {
            assert_eq!(read(yaml), None, "{yaml:?}");
        }
    }

    /// A generated block of nested mappings and lists, `depth` levels at most.
    fn block(depth: u32) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scalar = "(x|1\\.6\\.0|1\\.5|true|yes|~|\"q: r\"|'s'|a b|/p\\.html|1\\.2\\.3-rc|#c|-|web, pdf|)";
        let html = "(<|/|a|Y|N)([a-z<>=/\"' .:#,!&*|%@`{}\\[\\]?\u{e9}\u{85}\u{2028}\u{feff}\t-]){0,12}";
        let scalar = proptest::prop_oneof![scalar, html];
        let leaf = (proptest::collection::vec(("(title|url|k|k)", ": ", scalar), 1..4))
            .prop_map(|kvs| kvs.iter().map(|(k, s, v)| format!("{k}{s}{v}\n")).collect::<String>());
        leaf.prop_recursive(depth, 24, 4, |inner| {
            prop_oneof![
                // A list of blocks, each item's first line after `- `.
                proptest::collection::vec(inner.clone(), 1..3).prop_map(|items| {
                    items
                        .iter()
                        .map(|item| {
                            let mut out = String::new();
                            for (i, line) in item.lines().enumerate() {
                                out.push_str(if i == 0 { "- " } else { "  " });
                                out.push_str(line);
                                out.push('\n');
                            }
                            out
                        })
                        .collect::<String>()
                }),
                // A key holding a block, indented by 2 (or a list at the key's column).
                ("(folders|items)", inner, proptest::bool::ANY).prop_map(|(key, body, same_column)| {
                    let pad = if same_column && body.starts_with("- ") { "" } else { "  " };
                    let mut out = format!("{key}:\n");
                    for line in body.lines() {
                        out.push_str(pad);
                        out.push_str(line);
                        out.push('\n');
                    }
                    out
                }),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn the_fast_path_reads_generated_data_files_as_yaml_does(yaml in block(4)) {
            if let Some(fast) = read(&yaml) {
                let slow: Result<Value, _> = serde_yaml_ng::from_str(&yaml);
                proptest::prop_assert!(slow.is_ok(), "{yaml:?}: the fast path read YAML the parser rejects");
                proptest::prop_assert_eq!(fast, slow.unwrap(), "{:?}", yaml);
            }
        }
    }

    #[test]
    fn the_fast_path_agrees_with_yaml_on_every_data_file_of_the_sample_the_fixtures_and_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut stack = vec![root.join("spec"), root.join("tests/fixtures"), root.join("../shared/corpora")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.to_string_lossy().contains("/_data/")
                    && path.extension().is_some_and(|e| e == "yml" || e == "yaml")
                {
                    files.push(path);
                }
            }
        }
        let (mut fast_files, mut sidebars, mut fast_sidebars) = (0, 0, 0);
        for path in &files {
            let text = std::fs::read_to_string(path).expect("data file");
            let sidebar = path.to_string_lossy().contains("/sidebars/");
            sidebars += usize::from(sidebar);
            if let Some(fast) = read(&text) {
                assert_eq!(Some(fast), slow(&text), "{}", path.display());
                fast_files += 1;
                fast_sidebars += usize::from(sidebar);
            }
        }
        assert!(fast_files * 2 > files.len(), "{fast_files} of {} data files took the fast path", files.len());
        assert!(fast_sidebars * 10 >= sidebars * 9, "{fast_sidebars} of {sidebars} sidebars took the fast path");
    }
}
