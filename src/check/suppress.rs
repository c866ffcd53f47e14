//! Stage 4, check, after the rules: inline suppression comments.
//!
//! `<!-- specnotes-disable-next-line RULE -->`, `<!-- specnotes-disable RULE -->` ...
//! `<!-- specnotes-enable RULE -->` and `<!-- specnotes-disable-file RULE -->` in Markdown and HTML
//! pages (see `docs/suppress.md`). Suppression is a filter over the findings of all rules, so it
//! runs once they all ran: the pages that mention `specnotes-` are indexed once (`scan`), each
//! finding is looked up in its file's index (by line for next-line comments), and every
//! suppression that silenced nothing becomes an `unused-suppression` finding. A suppression is
//! one rule name of one comment, so a comment naming two rules can be half unused.

mod scan;

/// Compiles the suppression comments' patterns (see [`crate::warm_up`]).
pub(crate) fn warm_up() {
    scan::warm_up();
}

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::Options;
use crate::Project;
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::load::Page;
use crate::span::Span;
use scan::{Comment, DIRECTIVES, Directive};

/// The rule that reports suppression problems (`check/rules/unused_suppression.rs`).
const UNUSED: &str = "unused-suppression";

/// Removes suppressed findings from `diags` and adds `unused-suppression` findings.
pub fn apply(project: &Project, options: &Options, diags: &mut Vec<Diagnostic>) {
    let mut files: HashMap<&str, FileIndex> = project
        .site
        .pages
        .par_iter()
        .filter(|p| memchr::memmem::find(p.source.text.as_bytes(), b"specnotes-").is_some())
        .map(|p| (p.path(), FileIndex::new(p)))
        .collect();
    if files.is_empty() {
        return;
    }
    diags.retain(|d| !files.get_mut(d.file.as_str()).is_some_and(|f| f.silence(d)));
    let mut found = Vec::new();
    for file in files.values_mut() {
        found.append(&mut file.problems);
        found.extend(file.unused(project, options));
    }
    // Only a suppression naming `unused-suppression` silences these (see `covers`).
    found.retain(|d| !files.get_mut(d.file.as_str()).is_some_and(|f| f.silence(d)));
    let Some(severity) = super::rule(UNUSED).and_then(|r| options.severity(project, r)) else {
        return;
    };
    for d in &mut found {
        d.severity = severity;
    }
    diags.extend(found);
}

/// Where one suppression applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// One 1-based line; a line past the end of the file when nothing follows the comment.
    Line(usize),
    /// From a `(line, column)` up to, not including, another; `None` is the end of the file.
    Between((usize, usize), Option<(usize, usize)>),
    /// The whole file.
    File,
}

/// One rule (or every rule) silenced over a scope by one name of one comment.
#[derive(Debug)]
struct Suppression {
    /// The rule, or `None` for every rule but `unused-suppression`.
    rule: Option<&'static str>,
    /// Where it applies.
    scope: Scope,
    /// Where to report it when unused: its rule name, or the comment.
    at: Span,
    /// Whether it silenced a finding.
    used: bool,
}

impl Suppression {
    /// Whether it silences a finding of `rule` at `(line, column)`.
    fn covers(&self, rule: &str, pos: (usize, usize)) -> bool {
        let rule_matches = self.rule.map_or(rule != UNUSED, |r| r == rule);
        rule_matches
            && match self.scope {
                Scope::Line(line) => line == pos.0,
                Scope::Between(from, to) => pos >= from && to.is_none_or(|to| pos < to),
                Scope::File => true,
            }
    }

    /// The `unused-suppression` finding for it, or `None` when its rule did not run (enabling
    /// the rule could make it used) or it names `unused-suppression` itself.
    fn unused_finding(&self, project: &Project, options: &Options, file: &str, lines: usize) -> Option<Diagnostic> {
        if let Some(name) = self.rule {
            if name == UNUSED || super::rule(name).and_then(|r| options.severity(project, r)).is_none() {
                return None;
            }
        }
        let what = self.rule.map_or("finding".to_string(), |r| format!("`{r}` finding"));
        let place = match self.scope {
            Scope::Line(line) if line > lines => "after this comment".to_string(),
            Scope::Line(line) => format!("on line {line}"),
            Scope::Between(_, Some(_)) => "before the `specnotes-enable`".to_string(),
            Scope::Between(_, None) => "between this comment and the end of the file".to_string(),
            Scope::File => "in this file".to_string(),
        };
        let message = format!("unused suppression: no {what} {place}");
        let help = "remove the suppression, or this rule name from it: what it silenced is gone";
        Some(Diagnostic::new(UNUSED, file, self.at, message).with_help(help))
    }
}

/// The suppressions of one file, and the problems met reading them.
#[derive(Debug, Default)]
struct FileIndex {
    /// File path relative to the spec root.
    file: String,
    /// Number of lines in the file.
    lines: usize,
    /// Every suppression in comment order.
    suppressions: Vec<Suppression>,
    /// Indices into `suppressions` of the next-line ones, by line.
    by_line: HashMap<usize, Vec<usize>>,
    /// Indices of the block and file-wide ones.
    ranged: Vec<usize>,
    /// Indices of `specnotes-disable` blocks not yet closed while reading.
    open: Vec<usize>,
    /// Unknown rule names and directives, and `specnotes-enable` comments that close nothing.
    problems: Vec<Diagnostic>,
}

impl FileIndex {
    /// Reads the suppression comments of `page`.
    fn new(page: &Page) -> FileIndex {
        let comments = scan::comments(page);
        let comment_lines = comment_only_lines(page, &comments);
        let mut index =
            FileIndex { file: page.path().to_string(), lines: page.source.lines.line_count(), ..FileIndex::default() };
        for comment in &comments {
            index.add(page, comment, &comment_lines);
        }
        index
    }

    /// Adds the suppressions of one comment.
    fn add(&mut self, page: &Page, comment: &Comment, comment_lines: &HashSet<usize>) {
        let source = &page.source;
        let Some(directive) = comment.directive else {
            let words = DIRECTIVES.iter().map(|(w, _)| *w);
            let help = did_you_mean(&comment.word, words).map_or_else(
                || "the directives are specnotes-disable-next-line, specnotes-disable, specnotes-enable and specnotes-disable-file".to_string(),
                |w| format!("did you mean `{w}`?"),
            );
            let message = format!("unknown suppression directive `{}`", comment.word);
            self.problems
                .push(Diagnostic::new(UNUSED, &self.file, source.span(comment.word_offset), message).with_help(help));
            return;
        };
        let rules = self.rule_names(page, comment);
        let start = pos(source.span(comment.range.start));
        let end = pos(source.span(comment.range.end));
        if directive == Directive::Enable {
            self.close(page, comment, &rules, start);
            return;
        }
        let scope = match directive {
            Directive::NextLine => Scope::Line(next_line(page, end.0, comment_lines)),
            Directive::DisableFile => Scope::File,
            _ => Scope::Between(end, None),
        };
        for (rule, at) in rules {
            let i = self.suppressions.len();
            self.suppressions.push(Suppression { rule, scope, at, used: false });
            match scope {
                Scope::Line(line) => self.by_line.entry(line).or_default().push(i),
                Scope::Between(..) => {
                    self.open.push(i);
                    self.ranged.push(i);
                }
                Scope::File => self.ranged.push(i),
            }
        }
    }

    /// The rules a comment names, each with where it is written; `[None]` (every rule) when it
    /// names none. Unknown names become problems.
    fn rule_names(&mut self, page: &Page, comment: &Comment) -> Vec<(Option<&'static str>, Span)> {
        if comment.names.is_empty() {
            return vec![(None, page.source.span(comment.range.start))];
        }
        let mut rules = Vec::new();
        for (name, offset) in &comment.names {
            let span = page.source.span(*offset);
            match super::rule(name) {
                Some(rule) => rules.push((Some(rule.name), span)),
                None => {
                    let names = super::rules::ALL.iter().map(|r| r.name);
                    let help = did_you_mean(name, names).map_or_else(
                        || "`specnotes rules` lists the rule names".to_string(),
                        |n| format!("did you mean `{n}`?"),
                    );
                    let message = format!("unknown rule `{name}` in a suppression comment");
                    self.problems.push(Diagnostic::new(UNUSED, &self.file, span, message).with_help(help));
                }
            }
        }
        rules
    }

    /// Ends the open blocks of `rules` (all of them for `[None]`) at `at`, the enable comment.
    fn close(&mut self, page: &Page, comment: &Comment, rules: &[(Option<&'static str>, Span)], at: (usize, usize)) {
        for (rule, span) in rules {
            let before = self.open.len();
            let suppressions = &mut self.suppressions;
            self.open.retain(|&i| {
                let closes = rule.is_none() || suppressions[i].rule == *rule;
                if closes {
                    if let Scope::Between(from, _) = suppressions[i].scope {
                        suppressions[i].scope = Scope::Between(from, Some(at));
                    }
                }
                !closes
            });
            if self.open.len() == before {
                let named = rule.map_or(String::new(), |r| format!(" {r}"));
                let message = format!("`specnotes-enable{named}` closes no `specnotes-disable{named}`");
                let help = "remove it, or add the `specnotes-disable` it is meant to end before it";
                let span = if rule.is_some() { *span } else { page.source.span(comment.word_offset) };
                self.problems.push(Diagnostic::new(UNUSED, &self.file, span, message).with_help(help));
            }
        }
    }

    /// Whether a suppression silences `d`; marks every one that does as used.
    fn silence(&mut self, d: &Diagnostic) -> bool {
        let pos = pos(d.span);
        let on_line = self.by_line.get(&d.span.line).map_or(&[][..], Vec::as_slice);
        let mut silenced = false;
        for &i in on_line.iter().chain(&self.ranged) {
            let s = &mut self.suppressions[i];
            if s.covers(d.rule, pos) {
                s.used = true;
                silenced = true;
            }
        }
        silenced
    }

    /// The `unused-suppression` findings for suppressions that silenced nothing.
    fn unused(&self, project: &Project, options: &Options) -> Vec<Diagnostic> {
        let unused = self.suppressions.iter().filter(|s| !s.used);
        unused.filter_map(|s| s.unused_finding(project, options, &self.file, self.lines)).collect()
    }
}

/// `(line, column)` of a span, the order findings are compared in.
fn pos(span: Span) -> (usize, usize) {
    (span.line, span.column)
}

/// Lines that hold nothing but suppression comments (and white space).
fn comment_only_lines(page: &Page, comments: &[Comment]) -> HashSet<usize> {
    let text = &page.source.text;
    let mut lines = HashSet::new();
    for c in comments {
        let (first, last) = (page.source.span(c.range.start).line, page.source.span(c.range.end).line);
        let line_start = page.source.lines.line_start(first).unwrap_or(0);
        let line_end = page.source.lines.line_start(last + 1).unwrap_or(text.len());
        let alone = text[line_start..c.range.start].trim().is_empty() && text[c.range.end..line_end].trim().is_empty();
        if alone {
            lines.extend(first..=last);
        }
    }
    lines
}

/// The line a next-line comment ending on `line` applies to: the next one that is neither blank
/// nor only suppression comments; past the end of the file when there is none.
fn next_line(page: &Page, line: usize, comment_lines: &HashSet<usize>) -> usize {
    let count = page.source.lines.line_count();
    let mut next = line + 1;
    while next <= count
        && (page.source.lines.line_text(&page.source.text, next).trim().is_empty() || comment_lines.contains(&next))
    {
        next += 1;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::tests::page;

    fn finding(rule: &'static str, line: usize, column: usize) -> Diagnostic {
        Diagnostic::new(rule, "p.md", Span { line, column, offset: 0 }, "x")
    }

    /// Which of `findings` (rule, line, column) the comments in `body` silence.
    fn silenced(body: &str, findings: &[(&'static str, usize, usize)]) -> Vec<bool> {
        let mut index = FileIndex::new(&page("p.md", body));
        findings.iter().map(|&(r, l, c)| index.silence(&finding(r, l, c))).collect()
    }

    fn problems(body: &str) -> Vec<(usize, String, Option<String>)> {
        let index = FileIndex::new(&page("p.md", body));
        index.problems.into_iter().map(|d| (d.span.line, d.message, d.help)).collect()
    }

    #[test]
    fn next_line_skips_blank_and_comment_lines_and_applies_below_an_end_of_line_comment() {
        let body = "<!-- specnotes-disable-next-line placeholder -->\n\n<!-- specnotes-disable-next-line broken-link -->\n\
TODO x.html <!-- specnotes-disable-next-line placeholder -->\r\nTODO\r\nTODO\n";
        let hits = [("placeholder", 4, 1), ("broken-link", 4, 6), ("placeholder", 5, 1), ("placeholder", 6, 1)];
        assert_eq!(silenced(body, &hits), [true, true, true, false]);
    }

    #[test]
    fn a_block_covers_from_the_disable_comment_to_the_enable_comment() {
        let body =
            "TODO <!-- specnotes-disable placeholder -->TODO\nTODO\nTODO<!-- specnotes-enable placeholder --> TODO\n";
        let hits = [("placeholder", 1, 1), ("placeholder", 1, 44), ("placeholder", 2, 1), ("placeholder", 3, 1)];
        assert_eq!(silenced(body, &hits), [false, true, true, true]);
        assert_eq!(silenced(body, &[("placeholder", 3, 46), ("broken-link", 2, 1)]), [false, false]);
    }

    #[test]
    fn an_unnamed_comment_covers_every_rule_but_unused_suppression() {
        let body = "<!-- specnotes-disable -->\nx\n";
        assert_eq!(
            silenced(body, &[("placeholder", 2, 1), ("broken-link", 2, 1), (UNUSED, 2, 1)]),
            [true, true, false]
        );
    }

    #[test]
    fn a_file_wide_comment_covers_the_front_matter_too() {
        let body = "---\nsummary: TODO\n---\nx\n<!-- specnotes-disable-file placeholder -->\n";
        assert_eq!(silenced(body, &[("placeholder", 2, 1), ("placeholder", 9, 1)]), [true, true]);
    }

    #[test]
    fn unknown_names_and_stray_enables_are_problems_with_did_you_mean() {
        let body = "<!-- specnotes-disable-nextline placeholder -->\n<!-- specnotes-disable brokn-link, zzz, ticket-link -->\n\
<!-- specnotes-enable placeholder -->\n<!-- specnotes-enable -->\n<!-- specnotes-enable -->\n";
        let did = |s: &str| Some(format!("did you mean `{s}`?"));
        assert_eq!(
            problems(body),
            [
                (
                    1,
                    "unknown suppression directive `specnotes-disable-nextline`".to_string(),
                    did("specnotes-disable-next-line")
                ),
                (2, "unknown rule `brokn-link` in a suppression comment".to_string(), did("broken-link")),
                (
                    2,
                    "unknown rule `zzz` in a suppression comment".to_string(),
                    Some("`specnotes rules` lists the rule names".to_string())
                ),
                (
                    3,
                    "`specnotes-enable placeholder` closes no `specnotes-disable placeholder`".to_string(),
                    Some("remove it, or add the `specnotes-disable` it is meant to end before it".to_string())
                ),
                (
                    5,
                    "`specnotes-enable` closes no `specnotes-disable`".to_string(),
                    Some("remove it, or add the `specnotes-disable` it is meant to end before it".to_string())
                ),
            ]
        );
    }

    #[test]
    fn every_name_of_a_comment_is_its_own_suppression() {
        let body = "<!-- specnotes-disable-next-line placeholder, broken-link -->\nTODO\n";
        let mut index = FileIndex::new(&page("p.md", body));
        assert!(index.silence(&finding("placeholder", 2, 1)));
        let used: Vec<(Option<&str>, bool, usize)> =
            index.suppressions.iter().map(|s| (s.rule, s.used, s.at.column)).collect();
        assert_eq!(used, [(Some("placeholder"), true, 34), (Some("broken-link"), false, 47)]);
    }
}
