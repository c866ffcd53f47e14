//! Positions in source files: byte offsets mapped to 1-based `line:column`.
//!
//! Every stage keeps byte offsets into the *original* file text (front matter
//! included), and converts them to [`Span`]s through one [`LineIndex`] built
//! once per file. Columns count Unicode scalar values, as rustc does.

use serde::Serialize;

/// A position in a source file: byte offset plus 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset from the start of the file.
    #[serde(skip)]
    pub offset: usize,
}

/// Line start offsets of one file, for offset -> line:column conversion.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether each line is pure ASCII, so its columns are byte offsets (no char counting:
    /// a one-line 30 MB page with a million links stays linear).
    ascii: Vec<bool>,
}

impl LineIndex {
    /// Indexes `text`; a line ends at `\n` (a preceding `\r` stays in the line).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let bytes = text.as_bytes();
        // Most files are ASCII throughout: one scan of the whole text instead of one per line.
        let ascii = if bytes.is_ascii() {
            vec![true; starts.len()]
        } else {
            let ends = starts.iter().skip(1).copied().chain([bytes.len()]);
            starts.iter().zip(ends).map(|(&s, e)| bytes[s..e].is_ascii()).collect()
        };
        LineIndex { starts, ascii }
    }

    /// The byte offset where each line starts, in order (the first is 0).
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// Number of lines (a trailing newline opens one last, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1).and_then(|i| self.starts.get(i).copied())
    }

    /// The span of byte `offset` in `text` (clamped to the text, and to a char boundary).
    pub fn span(&self, text: &str, offset: usize) -> Span {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_idx = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line_idx];
        let column = if self.ascii[line_idx] { offset - start } else { text[start..offset].chars().count() } + 1;
        Span { line: line_idx + 1, column, offset }
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(start) = self.line_start(line) else {
            return "";
        };
        let end = self.line_start(line + 1).unwrap_or(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// The text of 1-based `line` of `text` without its line ending, or `None` past the last
/// line: [`LineIndex::line_text`] for one lookup, without indexing the whole file.
pub fn nth_line(text: &str, line: usize) -> Option<&str> {
    let start = match line.checked_sub(1)? {
        0 => 0,
        n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(n - 1)? + 1,
    };
    let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
    Some(text[start..end].trim_end_matches('\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_line_agrees_with_the_line_index() {
        for text in ["", "a", "a\n", "a\r\nb\n\nc", "\n\n", "é\nü\r\n"] {
            let index = LineIndex::new(text);
            for line in 1..=index.line_count() {
                assert_eq!(nth_line(text, line), Some(index.line_text(text, line)), "{text:?} line {line}");
            }
            assert_eq!(nth_line(text, index.line_count() + 1), None, "{text:?}");
            assert_eq!(nth_line(text, 0), None);
        }
    }

    #[test]
    fn offsets_map_to_one_based_line_and_char_column() {
        let text = "ab\r\ncé\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.span(text, 0), Span { line: 1, column: 1, offset: 0 });
        assert_eq!(idx.span(text, 4), Span { line: 2, column: 1, offset: 4 });
        // 'é' is two bytes; the char after it is column 3.
        assert_eq!(idx.span(text, 7).column, 3);
        assert_eq!(idx.span(text, 8), Span { line: 3, column: 1, offset: 8 });
        assert_eq!(idx.line_text(text, 1), "ab");
        assert_eq!(idx.line_text(text, 2), "cé");
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn offset_inside_a_multibyte_char_snaps_back() {
        let text = "é";
        let idx = LineIndex::new(text);
        assert_eq!(idx.span(text, 1).offset, 0);
    }

    proptest::proptest! {
        /// Every newline starts a line, and lines are marked ASCII exactly as a line-by-line
        /// test marks them, in ASCII and non-ASCII files alike.
        #[test]
        fn line_starts_and_ascii_marks_match_a_byte_by_byte_scan(text in "[a\n\r\u{e9}\u{ca}\u{10a} ]{0,80}") {
            let index = LineIndex::new(&text);
            let mut starts = vec![0];
            starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
            proptest::prop_assert_eq!(&index.starts, &starts);
            let ends = starts.iter().skip(1).copied().chain([text.len()]);
            let ascii: Vec<bool> = starts.iter().zip(ends).map(|(&s, e)| text[s..e].is_ascii()).collect();
            proptest::prop_assert_eq!(&index.ascii, &ascii);
        }
    }
}
