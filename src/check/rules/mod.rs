//! The rule registry: one module per rule, listed once in [`ALL`].

use super::Rule;

mod front_matter;

/// Every rule, in the order `specnotes rules` lists them.
pub static ALL: &[&Rule] = &[&front_matter::RULE];
