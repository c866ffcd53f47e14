//! The one finding type every stage produces and the report stage prints.

use serde::Serialize;

use crate::span::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Fails a run only with `--deny-warnings`.
    Warning,
    /// Fails the run (exit code 1).
    Error,
}

impl Severity {
    /// The lower-case name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One replacement of bytes in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// File path relative to the spec root.
    pub file: String,
    /// Byte range to replace in the file as loaded.
    pub range: std::ops::Range<usize>,
    /// The new text.
    pub replacement: String,
}

/// A safe, mechanical fix for a finding (`specnotes check --fix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in a few words ("replace `#a` with `#b`").
    pub description: String,
    /// The edits, possibly in several files; applied all or none.
    pub edits: Vec<Edit>,
}

/// One finding about the spec, located at `file:line:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable kebab-case rule name, e.g. `broken-anchor`.
    pub rule: &'static str,
    /// Severity after configuration is applied.
    pub severity: Severity,
    /// File path relative to the spec root, with `/` separators.
    pub file: String,
    /// Where in the file.
    pub span: Span,
    /// One-line statement of the problem.
    pub message: String,
    /// How to fix it, or why it matters ("did you mean ...").
    pub help: Option<String>,
    /// For findings about a link: the link target as written.
    pub target: Option<String>,
    /// A safe fix, when there is exactly one right answer (boxed: most findings have none, and
    /// a million-finding run keeps every finding in memory at once).
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A finding with no help and no target; severity is the rule's default,
    /// filled in by the check stage.
    pub fn new(rule: &'static str, file: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        // `format!` reserves up to twice the message's length; findings can number millions.
        let mut message: String = message.into();
        message.shrink_to_fit();
        Diagnostic {
            rule,
            severity: Severity::Warning,
            file: file.into(),
            span,
            message,
            help: None,
            target: None,
            fix: None,
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line if there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Records the link target as written.
    pub fn with_target(mut self, target: impl Into<String>) -> Self {
        self.target = Some(target.into());
        self
    }

    /// Attaches a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// The key diagnostics are sorted by: file, line, column, rule, message.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (&self.file, self.span.line, self.span.column, self.rule, &self.message)
    }
}

/// Sorts findings into their stable printing order and drops exact duplicates.
///
/// A stable sort of the findings themselves would need scratch space for half of them (about
/// 75 bytes a finding), so the positions are sorted instead and the findings moved into place.
pub fn sort_diagnostics(diags: &mut Vec<Diagnostic>) {
    if !diags.is_sorted_by(|a, b| a.sort_key() <= b.sort_key()) {
        let mut order: Vec<usize> = (0..diags.len()).collect();
        order.sort_by(|&a, &b| diags[a].sort_key().cmp(&diags[b].sort_key()));
        move_into_order(diags, order);
    }
    diags.dedup();
}

/// Rearranges `items` so that position `k` holds the item that was at `order[k]` (a
/// permutation), one cycle at a time: each item moves once, with no second list.
fn move_into_order<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != start && order[at] != at {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

/// "did you mean `x`?" for the candidate closest to `wanted`, if close enough: the highest
/// case-insensitive Jaro-Winkler similarity of at least 0.8, ties to the smaller candidate.
///
/// Hot on specs with many broken links, so each candidate is first bounded from above by
/// counting the characters the two strings share (Jaro cannot match more than that); only
/// candidates whose bound can beat the best so far are scored in full.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    let wanted_chars: Vec<char> = wanted.chars().collect();
    let mut counts = CharCounts::new(&wanted_chars);
    let mut lowered = String::new();
    let mut lowered_chars = Vec::new();
    let mut flags = Vec::new();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let floor = best.map_or(0.8, |(s, _)| s);
        // By length alone (every character matched, a full prefix): most candidates stop here.
        if c.is_ascii() && length_bound(wanted_chars.len(), c.len()) < floor {
            continue;
        }
        lowered.clear();
        if c.is_ascii() {
            lowered.push_str(c);
            lowered.make_ascii_lowercase();
        } else {
            lowered.extend(c.chars().flat_map(char::to_lowercase));
        }
        if jaro_winkler_bound(&wanted, &lowered, &mut counts) < floor {
            continue;
        }
        lowered_chars.clear();
        lowered_chars.extend(lowered.chars());
        let score = jaro_winkler(&wanted_chars, &lowered_chars, &mut flags);
        if score >= 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `strsim::jaro_winkler` to the last bit, over characters already decoded: strsim decodes
/// the second string again from its start for every character of the first, which made one
/// "did you mean" over a spec's few hundred file paths cost millions of instructions.
/// `flags` is scratch space, reused across calls.
fn jaro_winkler(a: &[char], b: &[char], flags: &mut Vec<bool>) -> f64 {
    let sim = jaro(a, b, flags);
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// `strsim::generic_jaro`, step for step (see [`jaro_winkler`]).
fn jaro(a: &[char], b: &[char], flags: &mut Vec<bool>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    } else if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let search_range = (a.len().max(b.len()) / 2).saturating_sub(1);
    flags.clear();
    flags.resize(a.len() + b.len(), false);
    let (a_flags, b_flags) = flags.split_at_mut(a.len());
    let mut matches = 0_usize;
    for (i, x) in a.iter().enumerate() {
        let min_bound = i.saturating_sub(search_range);
        let max_bound = b.len().min(i + search_range + 1);
        for j in min_bound..max_bound {
            if *x == b[j] && !b_flags[j] {
                a_flags[i] = true;
                b_flags[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let matched_b = b.iter().zip(b_flags.iter()).filter(|(_, f)| **f).map(|(y, _)| y);
    let matched_a = a.iter().zip(a_flags.iter()).filter(|(_, f)| **f).map(|(x, _)| x);
    let transpositions = matched_a.zip(matched_b).filter(|(x, y)| x != y).count() / 2;
    ((matches as f64 / a.len() as f64)
        + (matches as f64 / b.len() as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// Whether `a` becomes `b` in at most `k` single-character insertions, deletions or
/// substitutions (Levenshtein distance <= `k`): only the band of `2k + 1` diagonals the answer
/// depends on is computed, and the walk stops once a whole row is over `k`.
pub(crate) fn within_edits(a: &str, b: &str, k: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > k {
        return false;
    }
    let over = k + 1;
    let mut prev = vec![over; m + 1];
    for (j, cell) in prev.iter_mut().enumerate().take(k.min(m) + 1) {
        *cell = j;
    }
    let mut cur = vec![over; m + 1];
    for i in 1..=n {
        let (lo, hi) = (i.saturating_sub(k), (i + k).min(m));
        let mut row_min = over;
        if lo == 0 {
            cur[0] = i;
            row_min = i;
        } else {
            cur[lo - 1] = over;
        }
        for j in lo.max(1)..=hi {
            let substitute = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let cell = substitute.min(prev[j] + 1).min(cur[j - 1] + 1).min(over);
            cur[j] = cell;
            row_min = row_min.min(cell);
        }
        if hi < m {
            cur[hi + 1] = over;
        }
        if row_min > k {
            return false;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m] <= k
}

/// The highest Jaro-Winkler score two strings of `a` and `b` characters can have: the score
/// [`jaro_winkler_bound`] gives when every character of the shorter matches and the prefix is
/// full, so it is never below that bound (both are monotonic in the matches and the prefix).
fn length_bound(a: usize, b: usize) -> f64 {
    if a == 0 || b == 0 {
        return f64::from(u8::from(a == b));
    }
    let m = a.min(b) as f64;
    let jaro = (m / a as f64 + m / b as f64 + 1.0) / 3.0;
    jaro + 0.1 * 4.0 * (1.0 - jaro)
}

/// Character counts of the wanted string, reused across candidates.
struct CharCounts {
    ascii: [u32; 128],
    other: Vec<char>,
    len: usize,
}

impl CharCounts {
    fn new(chars: &[char]) -> CharCounts {
        let mut counts = CharCounts { ascii: [0; 128], other: Vec::new(), len: chars.len() };
        for &ch in chars {
            match counts.ascii.get_mut(ch as usize) {
                Some(n) => *n += 1,
                None => counts.other.push(ch),
            }
        }
        counts
    }

    /// How many characters of `candidate` can be matched with the wanted string's (as multisets).
    fn common(&mut self, candidate: &str) -> usize {
        let mut left = self.ascii;
        let mut other = self.other.clone();
        let mut common = 0;
        for ch in candidate.chars() {
            match left.get_mut(ch as usize) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    common += 1;
                }
                Some(_) => {}
                None => {
                    if let Some(i) = other.iter().position(|&o| o == ch) {
                        other.swap_remove(i);
                        common += 1;
                    }
                }
            }
        }
        common
    }
}

/// An upper bound of `strsim::jaro_winkler(wanted, candidate)`: Jaro with every shared
/// character matched and no transposition, plus the Winkler bonus of the real common prefix.
fn jaro_winkler_bound(wanted: &str, candidate: &str, counts: &mut CharCounts) -> f64 {
    let (a, b) = (counts.len, candidate.chars().count());
    if a == 0 || b == 0 {
        return f64::from(u8::from(a == b));
    }
    let m = counts.common(candidate) as f64;
    if m == 0.0 {
        return 0.0;
    }
    let jaro = (m / a as f64 + m / b as f64 + 1.0) / 3.0;
    let prefix = wanted.chars().zip(candidate.chars()).take(4).take_while(|(x, y)| x == y).count();
    jaro + 0.1 * prefix as f64 * (1.0 - jaro)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn within_edits_agrees_with_levenshtein(a in "[abé-]{0,12}", b in "[abé-]{0,12}", k in 0usize..4) {
            proptest::prop_assert_eq!(within_edits(&a, &b, k), strsim::levenshtein(&a, &b) <= k);
        }

        #[test]
        fn jaro_winkler_is_strsims_to_the_bit(a in "[abcé-]{0,12}", b in "[abcé-]{0,12}") {
            let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let ours = jaro_winkler(&x, &y, &mut Vec::new());
            proptest::prop_assert_eq!(ours.to_bits(), strsim::jaro_winkler(&a, &b).to_bits());
        }
    }

    #[test]
    fn did_you_mean_picks_the_closest_candidate() {
        assert_eq!(
            did_you_mean("payload-request-bdy", ["payload-request-body", "payload-response-body", "x"]),
            Some("payload-request-body")
        );
        assert_eq!(did_you_mean("zzz", ["payload-request-body"]), None);
    }

    #[test]
    fn sorting_by_position_keeps_the_order_of_ties_and_drops_exact_duplicates() {
        let at = |file: &str, line: usize, help: &str| {
            Diagnostic::new("r", file, Span { line, column: 1, offset: 0 }, "m").with_help(help)
        };
        let mut diags = vec![at("b", 1, "1"), at("a", 2, "2"), at("a", 1, "3"), at("b", 1, "4"), at("a", 2, "2")];
        sort_diagnostics(&mut diags);
        let order: Vec<(&str, usize, &str)> =
            diags.iter().map(|d| (d.file.as_str(), d.span.line, d.help.as_deref().unwrap_or(""))).collect();
        assert_eq!(order, [("a", 1, "3"), ("a", 2, "2"), ("b", 1, "1"), ("b", 1, "4")]);
    }

    #[test]
    fn moving_into_order_follows_every_cycle_of_the_permutation() {
        let mut items = ['a', 'b', 'c', 'd', 'e', 'f'];
        move_into_order(&mut items, vec![2, 0, 1, 3, 5, 4]);
        assert_eq!(items, ['c', 'a', 'b', 'd', 'f', 'e']);
    }

    #[test]
    fn the_bound_never_prunes_a_candidate_full_scoring_would_pick() {
        let words = [
            "payload-request-body",
            "Payload-Request-Body",
            "payload-response-body",
            "request",
            "böse-straße",
            "bose-strasse",
            "",
            "x",
            "appointments_design.html",
            "appointment_design.html",
            "Ünïcode",
            "unicode",
        ];
        for wanted in words {
            assert_eq!(did_you_mean(wanted, words), naive(wanted, &words), "wanted {wanted:?}");
        }
    }

    /// `did_you_mean` without bounds: strsim's score for every candidate.
    fn naive<'a>(wanted: &str, words: &[&'a str]) -> Option<&'a str> {
        words
            .iter()
            .map(|c| (strsim::jaro_winkler(&wanted.to_lowercase(), &c.to_lowercase()), *c))
            .filter(|(score, _)| *score >= 0.8)
            .fold(None::<(f64, &str)>, |best, (score, c)| match best {
                Some((s, b)) if s > score || (s == score && b <= c) => Some((s, b)),
                _ => Some((score, c)),
            })
            .map(|(_, c)| c)
    }

    proptest::proptest! {
        #[test]
        fn the_bounds_never_change_the_pick(
            wanted in "[abcAB_é-]{0,10}",
            words in proptest::collection::vec("[abcAB_é-]{0,12}", 0..8),
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(did_you_mean(&wanted, words.iter().copied()), naive(&wanted, &words));
        }
    }
}
