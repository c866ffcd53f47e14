//! Rule `unused-suppression`: a suppression comment that suppresses nothing, or names no rule.
//!
//! Its `run` finds nothing by itself: the findings come from the suppression pass
//! ([`crate::check::suppress::apply`]), which runs after all other rules, because only then is it
//! known which comments suppressed something. The registry entry gives the rule its name, level,
//! configuration and documentation like any other.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "unused-suppression",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a `specnotes-disable` comment that suppresses nothing, or names an unknown rule",
    explain: "Findings can be silenced in Markdown and HTML pages with HTML comments: \
`<!-- specnotes-disable-next-line RULE -->` silences RULE on the next non-blank line (blank lines and lines \
holding only suppression comments are skipped; at the end of a line it applies to the line below); \
`<!-- specnotes-disable RULE -->` ... `<!-- specnotes-enable RULE -->` silences RULE between the two comments, \
or to the end of the file if it is never re-enabled; `<!-- specnotes-disable-file RULE -->` anywhere in the \
body silences RULE in the whole file, front matter included. Several rules may be listed, separated by commas \
or spaces; a comment without rule names applies to every rule except this one, and `<!-- specnotes-enable -->` \
closes every open `specnotes-disable`. Comments in code blocks and code spans do not count. This rule reports \
a suppression that silenced nothing (stale once the problem is fixed; remove it), an unknown rule or directive \
name (with a \"did you mean\"), and a `specnotes-enable` that closes nothing. A suppression of a rule that did \
not run (turned off in `specnotes.toml`, or off by default) is not reported. Findings of this rule can only be \
silenced by naming it: `<!-- specnotes-disable-file unused-suppression -->`, or by setting its level.",
    run,
};

/// Finds nothing: see the module documentation.
fn run(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}
