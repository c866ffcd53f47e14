//! Inline suppression: `<!-- specnotes-disable-next-line RULE -->` and
//! `<!-- specnotes-disable RULE -->` ... `<!-- specnotes-enable RULE -->` in Markdown.

use super::Options;
use crate::Project;
use crate::diagnostic::Diagnostic;

/// Removes suppressed findings from `diags` and adds `unused-suppression` findings.
pub fn apply(project: &Project, options: &Options, diags: &mut Vec<Diagnostic>) {
    let _ = (project, options, diags);
}
