//! Stage render, page diffs: a unified diff read back into hunks and numbered rows for the
//! diff pages of `build --git`.
//!
//! The text comes from [`crate::git::PageDiff::unified`] (the `check --fix --dry-run` printer),
//! so the site and the terminal show the same hunks; this only reads it back, one line at a
//! time, by its first character, and numbers the old and new lines from the hunk headers.
//! Rows keep the spec's text as plain strings: the template escapes it.

use serde::Serialize;

/// What one row of a diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// The same on both sides.
    Context,
    /// Only in the new text.
    Added,
    /// Only in the old text.
    Removed,
    /// A remark of the diff itself ("No newline at end of file").
    Note,
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// What it is.
    pub kind: RowKind,
    /// Its line number in the old text (removed and context lines).
    pub old: Option<usize>,
    /// Its line number in the new text (added and context lines).
    pub new: Option<usize>,
    /// The line, without its end of line.
    pub text: String,
}

/// One hunk: a run of changed lines with their context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hunk {
    /// Where it is, in words: "Before: lines 3–8 · After: lines 3–9".
    pub header: String,
    /// Its lines.
    pub rows: Vec<Row>,
}

/// The hunks of a unified diff (empty for an empty diff); the file headers are skipped.
pub fn hunks(unified: &str) -> Vec<Hunk> {
    let mut hunks: Vec<Hunk> = Vec::new();
    let (mut old, mut new) = (0, 0);
    for line in unified.lines() {
        if let Some(ranges) = line.strip_prefix("@@ ") {
            let (old_range, new_range) = hunk_ranges(ranges);
            (old, new) = (old_range.0, new_range.0);
            let header = format!("Before: {} · After: {}", in_words(old_range), in_words(new_range));
            hunks.push(Hunk { header, rows: Vec::new() });
            continue;
        }
        let Some(hunk) = hunks.last_mut() else { continue };
        let (kind, text) = match line.split_at_checked(1) {
            Some(("+", text)) => (RowKind::Added, text),
            Some(("-", text)) => (RowKind::Removed, text),
            Some(("\\", text)) => (RowKind::Note, text.trim_start()),
            Some((_, text)) => (RowKind::Context, text),
            None => (RowKind::Context, ""),
        };
        let number = |counter: &mut usize| {
            *counter += 1;
            Some(*counter - 1)
        };
        let (old_line, new_line) = match kind {
            RowKind::Added => (None, number(&mut new)),
            RowKind::Removed => (number(&mut old), None),
            RowKind::Context => (number(&mut old), number(&mut new)),
            RowKind::Note => (None, None),
        };
        hunk.rows.push(Row { kind, old: old_line, new: new_line, text: text.to_string() });
    }
    hunks
}

/// Lines added and removed in `hunks`.
pub fn counts(hunks: &[Hunk]) -> (usize, usize) {
    let rows = hunks.iter().flat_map(|h| &h.rows);
    rows.fold((0, 0), |(added, removed), row| match row.kind {
        RowKind::Added => (added + 1, removed),
        RowKind::Removed => (added, removed + 1),
        _ => (added, removed),
    })
}

/// `(start, count)` of the old and new sides of `-3,6 +3,7 @@`; a range without a count is
/// one line long. Unreadable numbers count as 0 (the printer never writes them).
fn hunk_ranges(ranges: &str) -> ((usize, usize), (usize, usize)) {
    let mut parts = ranges.split_whitespace();
    let mut side = |sign: char| {
        let part = parts.next().and_then(|p| p.strip_prefix(sign)).unwrap_or("");
        let (start, count) = part.split_once(',').unwrap_or((part, "1"));
        (start.parse().unwrap_or(0), count.parse().unwrap_or(0))
    };
    let old = side('-');
    (old, side('+'))
}

/// "no lines", "line 3" or "lines 3–8".
fn in_words((start, count): (usize, usize)) -> String {
    match count {
        0 => "no lines".to_string(),
        1 => format!("line {start}"),
        _ => format!("lines {start}–{}", start + count - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: RowKind, old: Option<usize>, new: Option<usize>, text: &str) -> Row {
        Row { kind, old, new, text: text.to_string() }
    }

    #[test]
    fn rows_are_numbered_on_the_side_they_belong_to() {
        let unified = crate::git::unified_diff("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n", "p.md");
        let hunks = hunks(&unified);
        assert_eq!(hunks.len(), 1);
        assert_eq!(hunks[0].header, "Before: lines 1–4 · After: lines 1–5");
        assert_eq!(
            hunks[0].rows,
            [
                row(RowKind::Context, Some(1), Some(1), "a"),
                row(RowKind::Removed, Some(2), None, "b"),
                row(RowKind::Added, None, Some(2), "B"),
                row(RowKind::Context, Some(3), Some(3), "c"),
                row(RowKind::Context, Some(4), Some(4), "d"),
                row(RowKind::Added, None, Some(5), "e"),
            ]
        );
        assert_eq!(counts(&hunks), (2, 1));
    }

    #[test]
    fn a_new_file_is_one_hunk_of_added_lines_and_a_missing_newline_is_a_note() {
        let unified = crate::git::unified_diff("", "one\n-- two", "p.md");
        let hunks = hunks(&unified);
        assert_eq!(hunks[0].header, "Before: no lines · After: lines 1–2");
        assert_eq!(
            hunks[0].rows[..2],
            [row(RowKind::Added, None, Some(1), "one"), row(RowKind::Added, None, Some(2), "-- two")]
        );
        assert_eq!(
            hunks[0].rows.get(2).map(|r| (r.kind, r.text.as_str())),
            Some((RowKind::Note, "No newline at end of file"))
        );
        assert_eq!(counts(&hunks), (2, 0));
    }

    #[test]
    fn far_apart_changes_make_separate_hunks_and_an_empty_diff_none() {
        let old: String = (1..=20).map(|n| format!("{n}\n")).collect();
        let new = old.replacen("2\n", "two\n", 1).replacen("19\n", "nineteen\n", 1);
        let headers: Vec<String> =
            hunks(&crate::git::unified_diff(&old, &new, "p.md")).into_iter().map(|h| h.header).collect();
        assert_eq!(headers, ["Before: lines 1–5 · After: lines 1–5", "Before: lines 16–20 · After: lines 16–20"]);
        assert_eq!(hunks(""), []);
        assert_eq!(in_words((7, 1)), "line 7");
    }
}
