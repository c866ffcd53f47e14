//! `[[version_sources]]` of `specnotes.toml`: versions found by JSON pointer or regex in any
//! file of the spec, checked like the built-in sources.
//!
//! The JSON pointer is followed over the text itself rather than a parsed value so the found
//! version keeps its byte offset (for the finding's place and for `--fix`). A configured
//! source that finds nothing is a finding at its entry in `specnotes.toml`: a version source
//! that silently stops matching would turn the check off.

use regex::Regex;

use super::{Found, RULE, string_end};
use crate::Project;
use crate::config::{FILE_NAME, VersionSource};
use crate::diagnostic::Diagnostic;
use crate::load::SourceFile;
use crate::model::Version;
use crate::span::Span;

/// The configured files the loader does not keep (`package.json`...), read once; missing
/// ones are left out (and reported by [`collect`]).
pub(super) fn unloaded_files(project: &Project) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = Vec::new();
    for source in &project.settings.version_sources {
        if project.site.source(&source.file).is_some() || files.iter().any(|f| f.path == source.file) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(project.site.root.join(&source.file)) {
            files.push(SourceFile::new(source.file.clone(), text));
        }
    }
    files
}

/// Adds every version the configured sources state to `found`; reports each source whose
/// file is missing or that finds no version.
pub(super) fn collect<'a>(
    project: &'a Project,
    extra: &'a [SourceFile],
    found: &mut Vec<Found<'a>>,
    out: &mut Vec<Diagnostic>,
) {
    for source in &project.settings.version_sources {
        let file = project.site.source(&source.file).or_else(|| extra.iter().find(|f| f.path == source.file));
        let Some(file) = file else {
            out.push(entry_finding(project, source, format!("version source `{}` does not exist", source.file)));
            continue;
        };
        let (what, how, hits) = match (&source.pointer, &source.regex) {
            (Some(pointer), _) => {
                let hits: Vec<(usize, &str)> = at_pointer(&file.text, pointer).into_iter().collect();
                (format!("`{pointer}` in `{}`", file.path), format!("pointer `{pointer}`"), hits)
            }
            (None, Some(regex)) => match Regex::new(regex) {
                Ok(re) => {
                    (format!("the version in `{}`", file.path), format!("regex `{regex}`"), by_regex(&file.text, &re))
                }
                Err(e) => {
                    out.push(entry_finding(project, source, format!("invalid version source regex: {e}")));
                    continue;
                }
            },
            (None, None) => continue,
        };
        let before = found.len();
        for (offset, written) in &hits {
            if let Some(version) = Version::parse(written) {
                found.push(Found { what: what.clone(), file, offset: *offset, version, written: written.to_string() });
            }
        }
        if found.len() == before {
            let message = match hits.first() {
                Some((_, w)) => format!("version source `{}` ({how}) finds `{w}`, which is not a version", file.path),
                None => format!("version source `{}` ({how}) finds no version", file.path),
            };
            out.push(entry_finding(project, source, message));
        }
    }
}

/// Every match of `re`'s first group: (offset, text).
fn by_regex<'t>(text: &'t str, re: &Regex) -> Vec<(usize, &'t str)> {
    re.captures_iter(text).filter_map(|c| c.get(1)).map(|m| (m.start(), m.as_str())).collect()
}

/// A finding about `source`, at its `file = "..."` in the settings file when it can be found.
fn entry_finding(project: &Project, source: &VersionSource, message: String) -> Diagnostic {
    let settings_path = project.settings.path.as_deref();
    let shown = settings_path
        .map(|p| p.strip_prefix(&project.site.root).unwrap_or(p).to_string_lossy().replace('\\', "/"))
        .unwrap_or_else(|| FILE_NAME.to_string());
    let text = settings_path.and_then(|p| std::fs::read_to_string(p).ok()).unwrap_or_default();
    let quoted = [format!("\"{}\"", source.file), format!("'{}'", source.file)];
    let span = match quoted.iter().filter_map(|q| text.find(q.as_str())).min() {
        Some(offset) => SourceFile::new(shown.clone(), text).span(offset),
        None => Span { line: 1, column: 1, offset: 0 },
    };
    Diagnostic::new(RULE.name, shown, span, message)
        .with_help("check `[[version_sources]]` in specnotes.toml against the file")
}

/// The string at JSON `pointer` in `text`: (offset of its first character, raw contents).
/// Object keys are compared as written (without decoding escapes).
fn at_pointer<'t>(text: &'t str, pointer: &str) -> Option<(usize, &'t str)> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, if text.starts_with('\u{feff}') { 3 } else { 0 });
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        at = match bytes.get(at)? {
            b'{' => member(text, at, &token)?,
            b'[' => element(bytes, at, token.parse().ok()?)?,
            _ => return None,
        };
    }
    let end = (bytes.get(at) == Some(&b'"')).then(|| string_end(bytes, at)).flatten()?;
    Some((at + 1, &text[at + 1..end]))
}

/// Offset of the value of `key` in the object opening at `open`.
fn member(text: &str, open: usize, key: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = skip_ws(bytes, open + 1);
    while *bytes.get(i)? == b'"' {
        let end = string_end(bytes, i)?;
        let name = &text[i + 1..end];
        i = skip_ws(bytes, end + 1);
        if *bytes.get(i)? != b':' {
            return None;
        }
        i = skip_ws(bytes, i + 1);
        if name == key {
            return Some(i);
        }
        i = skip_ws(bytes, value_end(bytes, i)?);
        if *bytes.get(i)? != b',' {
            return None;
        }
        i = skip_ws(bytes, i + 1);
    }
    None
}

/// Offset of element `index` of the array opening at `open`.
fn element(bytes: &[u8], open: usize, index: usize) -> Option<usize> {
    let mut i = skip_ws(bytes, open + 1);
    for _ in 0..index {
        i = skip_ws(bytes, value_end(bytes, i)?);
        if *bytes.get(i)? != b',' {
            return None;
        }
        i = skip_ws(bytes, i + 1);
    }
    (*bytes.get(i)? != b']').then_some(i)
}

/// Offset just after the JSON value starting at `start`.
fn value_end(bytes: &[u8], start: usize) -> Option<usize> {
    match *bytes.get(start)? {
        b'"' => Some(string_end(bytes, start)? + 1),
        b'{' | b'[' => {
            let (mut depth, mut i) = (0usize, start);
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => i = string_end(bytes, i)?,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        b',' | b'}' | b']' => None,
        _ => Some(
            bytes[start..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())
                .map_or(bytes.len(), |n| start + n),
        ),
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str =
        r#"{"name": "x", "deps": {"version": "0.1"}, "list": [1, {"v": "9"}], "a/b": "s", "version": "1.2.3"}"#;

    #[test]
    fn a_pointer_finds_the_string_and_its_offset() {
        let (offset, value) = at_pointer(JSON, "/version").unwrap();
        assert_eq!((value, &JSON[offset..offset + 5]), ("1.2.3", "1.2.3"));
        assert_eq!(at_pointer(JSON, "/deps/version").map(|h| h.1), Some("0.1"));
        assert_eq!(at_pointer(JSON, "/list/1/v").map(|h| h.1), Some("9"));
        assert_eq!(at_pointer(JSON, "/a~1b").map(|h| h.1), Some("s"));
    }

    #[test]
    fn a_pointer_to_nothing_or_to_a_non_string_finds_nothing() {
        assert_eq!(at_pointer(JSON, "/missing"), None);
        assert_eq!(at_pointer(JSON, "/list/0"), None);
        assert_eq!(at_pointer(JSON, "/list/5"), None);
        assert_eq!(at_pointer("not json", "/version"), None);
        assert_eq!(at_pointer("{\"version\": ", "/version"), None);
    }
}
