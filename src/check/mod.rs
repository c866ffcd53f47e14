//! Stage 4, check: run the registered rules over a [`Project`] and collect findings.
//!
//! Each rule is a small unit in `check/rules/` listed in one registry
//! ([`rules::ALL`]) that drives checking, `specnotes rules`, `specnotes explain`
//! and the docs. Rules never print; they push [`Diagnostic`]s.

pub mod resolve;
pub mod rules;
pub mod suppress;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::Project;
use crate::diagnostic::{Diagnostic, Severity, sort_diagnostics};

/// Compiles the patterns the rules use, ahead of [`run`]: a command that checks starts this on
/// an idle core while the spec loads ([`crate::warm_up`]).
pub fn warm_up() {
    rules::warm_up();
    suppress::warm_up();
}

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
    /// The command line's options (`changed_files` for rules about the pull request).
    pub options: &'a Options,
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

/// Options for a check run (the command line's; `specnotes.toml` is in `Project::settings`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Per-rule levels overriding the defaults and `specnotes.toml`.
    pub levels: BTreeMap<String, Level>,
    /// With `--changed-since`: the files (relative to the spec root) that differ from the
    /// reference; only findings in these files are reported.
    pub changed_files: Option<BTreeSet<String>>,
}

impl Options {
    /// The level of `rule`: the command line's, else `specnotes.toml`'s, else `None` (the default).
    pub fn level(&self, project: &Project, rule: &str) -> Option<Level> {
        self.levels.get(rule).or_else(|| project.settings.rules.get(rule)).copied()
    }

    /// The severity `rule` reports at, or `None` when it does not run.
    pub fn severity(&self, project: &Project, rule: &Rule) -> Option<Severity> {
        match self.level(project, rule.name) {
            Some(Level::Allow) => None,
            Some(Level::Warn) => Some(Severity::Warning),
            Some(Level::Deny) => Some(Severity::Error),
            None if !rule.default_enabled => None,
            None => Some(rule.severity),
        }
    }
}

/// Looks a rule up by name.
pub fn rule(name: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.name == name)
}

/// Runs every enabled rule and returns the findings, sorted, with severities applied.
pub fn run(project: &Project, options: &Options) -> Vec<Diagnostic> {
    let ctx = Context { project, resolver: resolve::Resolver::new(&project.site, &project.docs), options };
    let per_rule: Vec<Vec<Diagnostic>> = rules::ALL
        .par_iter()
        .filter_map(|rule| {
            let severity = options.severity(project, rule)?;
            let mut out = Vec::new();
            (rule.run)(&ctx, &mut out);
            for d in &mut out {
                d.rule = rule.name;
                d.severity = severity;
            }
            Some(out)
        })
        .collect();
    let mut diags = concat_largest_first(per_rule);
    suppress::apply(project, options, &mut diags);
    keep_in_scope(project, options, &mut diags);
    sort_diagnostics(&mut diags);
    diags
}

/// The rules' findings in one list, without a second copy of the biggest: the others are
/// appended to it (one rule may report a million findings; order is restored by sorting).
fn concat_largest_first(mut per_rule: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let Some(largest) = (0..per_rule.len()).max_by_key(|&i| per_rule[i].len()) else {
        return Vec::new();
    };
    let mut all = per_rule.swap_remove(largest);
    all.reserve_exact(per_rule.iter().map(Vec::len).sum());
    for mut rest in per_rule {
        all.append(&mut rest);
    }
    all
}

/// Drops findings in files `specnotes.toml` ignores, and, with `--changed-since`, in files
/// the change did not touch.
fn keep_in_scope(project: &Project, options: &Options, diags: &mut Vec<Diagnostic>) {
    let ignore = globs(&project.settings.ignore);
    diags.retain(|d| {
        !ignore.is_match(&d.file) && options.changed_files.as_ref().is_none_or(|changed| changed.contains(&d.file))
    });
}

/// A glob set from patterns already validated when the settings were read.
pub fn globs(patterns: &[String]) -> globset::GlobSet {
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = globset::Glob::new(p) {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| globset::GlobSet::empty())
}
