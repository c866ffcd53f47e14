//! Stage 4, check: run the registered rules over a [`Project`] and collect findings.
//!
//! Each rule is a small unit in `check/rules/` listed in one registry
//! ([`rules::ALL`]) that drives checking, `specnotes rules`, `specnotes explain`
//! and the docs. Rules never print; they push [`Diagnostic`]s.

pub mod resolve;
pub mod rules;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::Project;
use crate::diagnostic::{Diagnostic, Severity, sort_diagnostics};

/// A rule: a stable name, a default level, documentation and the check itself.
pub struct Rule {
    /// Stable kebab-case name used in output and configuration.
    pub name: &'static str,
    /// Severity of its findings unless configured otherwise.
    pub severity: Severity,
    /// Whether the rule runs unless configured on.
    pub default_enabled: bool,
    /// One line: what it finds.
    pub summary: &'static str,
    /// A paragraph or more for `specnotes explain`: why it matters, how to fix, examples.
    pub explain: &'static str,
    /// The check.
    pub run: fn(&Context, &mut Vec<Diagnostic>),
}

/// What rules look at.
pub struct Context<'a> {
    /// The loaded, parsed and modelled spec.
    pub project: &'a Project,
    /// Link resolution against the published site.
    pub resolver: resolve::Resolver<'a>,
}

/// A rule's configured level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Do not run.
    Allow,
    /// Report as a warning.
    Warn,
    /// Report as an error.
    Deny,
}

/// Options for a check run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Per-rule levels overriding the defaults.
    pub levels: BTreeMap<String, Level>,
}

/// Looks a rule up by name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.name == name)
}

/// Runs every enabled rule and returns the findings, sorted, with severities applied.
pub fn run(project: &Project, options: &Options) -> Vec<Diagnostic> {
    let ctx = Context { project, resolver: resolve::Resolver::new(&project.site, &project.docs) };
    let mut diags: Vec<Diagnostic> = rules::ALL
        .par_iter()
        .filter_map(|rule| {
            let level = options.levels.get(rule.name).copied();
            let severity = match level {
                Some(Level::Allow) => return None,
                Some(Level::Warn) => Severity::Warning,
                Some(Level::Deny) => Severity::Error,
                None if !rule.default_enabled => return None,
                None => rule.severity,
            };
            let mut out = Vec::new();
            (rule.run)(&ctx, &mut out);
            for d in &mut out {
                d.rule = rule.name;
                d.severity = severity;
            }
            Some(out)
        })
        .flatten()
        .collect();
    sort_diagnostics(&mut diags);
    diags
}
