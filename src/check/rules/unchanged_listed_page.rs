//! Rule `unchanged-listed-page`: a page the release notes list under "Pages changed" or "Pages
//! added" whose content did not change since the previous release (only with `specnotes verify`).
//!
//! It needs two releases from git, so `check` finds nothing with it: `verify` makes its
//! findings (`crate::git::findings`) and this entry gives it a name, a level and documentation.

use crate::check::{Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

/// The rule.
pub const RULE: Rule = Rule {
    name: "unchanged-listed-page",
    severity: Severity::Warning,
    default_enabled: true,
    summary: "a page listed under \"Pages changed\" whose content did not change since the previous release (only with verify)",
    explain: "`specnotes verify VERSION` compares the spec at the previous release's branch or tag with VERSION \
(its branch or tag, or the working tree) and reads VERSION's release notes. A page named under `**Pages changed:**` \
or `**Pages added:**` whose file is byte for byte the same in both releases is reported at the link: either the \
link names the wrong page (a similar page changed instead), or the change it describes was never committed. Fix the \
link, or remove it from the list. Release-notes pages themselves are never reported. See docs/verify.md.",
    run,
};

/// `check` has no previous release to compare with; `verify` reports this rule's findings.
fn run(_ctx: &Context, _out: &mut Vec<Diagnostic>) {}
