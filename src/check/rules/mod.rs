//! The rule registry: one module per rule, listed once in [`ALL`].

use super::Rule;

mod broken_anchor;
mod broken_link;
mod data_file;
mod duplicate_permalink;
mod duplicate_ticket;
mod front_matter;
mod link_text_mismatch;
mod missing_field;
mod missing_front_matter_key;
mod missing_include;
mod orphan_page;
mod placeholder;
mod profile_link;
mod release_date;
mod release_sidebar;
mod sidebar_broken_url;
mod ticket_link;
mod unchanged_listed_page;
mod unknown_capability;
pub(crate) mod unlisted_page_change;
mod unparsed_release_content;
mod unused_suppression;
mod version_mismatch;
mod version_source_mismatch;

/// Compiles the rules' patterns (see [`crate::warm_up`]).
pub(crate) fn warm_up() {
    placeholder::warm_up();
    profile_link::warm_up();
    sidebar_broken_url::warm_up();
    ticket_link::warm_up();
    version_source_mismatch::warm_up();
}

/// Every rule, in the order `specnotes rules` lists them.
pub static ALL: &[&Rule] = &[
    &front_matter::RULE,
    &data_file::RULE,
    &missing_front_matter_key::RULE,
    &duplicate_permalink::RULE,
    &broken_link::RULE,
    &broken_anchor::RULE,
    &missing_include::RULE,
    &sidebar_broken_url::RULE,
    &orphan_page::RULE,
    &version_mismatch::RULE,
    &version_source_mismatch::RULE,
    &release_sidebar::RULE,
    &placeholder::RULE,
    &release_date::RULE,
    &ticket_link::RULE,
    &duplicate_ticket::RULE,
    &unknown_capability::RULE,
    &missing_field::RULE,
    &profile_link::RULE,
    &link_text_mismatch::RULE,
    &unparsed_release_content::RULE,
    &unlisted_page_change::RULE,
    &unchanged_listed_page::RULE,
    &unused_suppression::RULE,
];
