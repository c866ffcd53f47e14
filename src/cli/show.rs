//! `specnotes show`: what the release notes say about one ticket, page, profile or capability.

use std::io::Write;

use clap::Subcommand;

use super::{Output, SpecArgs};
use crate::error::{Error, Result};
use crate::query;

/// The things `show` can look up.
#[derive(Debug, Subcommand)]
pub enum ShowWhat {
    /// Every change that cites a ticket (number, with or without `#`).
    Ticket {
        /// Ticket number, e.g. `601` or `#601`.
        number: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// A page's anchors and every change that touched it.
    Page {
        /// The page URL (`appointments_design.html`, `/x.html`) or source file path.
        url: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Every change to a FHIR profile (name as in the link text).
    Profile {
        /// Profile name, e.g. `GPConnect-PractitionerRole-1`.
        name: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
    /// Every change that affects a capability (case-insensitive).
    Capability {
        /// Capability name, e.g. `Appointment Management`.
        name: String,
        /// Output options.
        #[command(flatten)]
        output: Output,
        /// The spec.
        #[command(flatten)]
        spec: SpecArgs,
    },
}

/// Runs `show`; returns the exit code.
pub fn run_show(what: ShowWhat, out: &mut dyn Write) -> Result<u8> {
    match what {
        ShowWhat::Ticket { number, output, spec } => {
            let n: u64 = number
                .trim_start_matches('#')
                .parse()
                .map_err(|_| Error::Usage(format!("`{number}` is not a ticket number (expected e.g. 601 or #601)")))?;
            query::write_ticket(&spec.open()?, n, output.format, out)?;
        }
        ShowWhat::Page { url, output, spec } => query::write_page(&spec.open()?, &url, output.format, out)?,
        ShowWhat::Profile { name, output, spec } => query::write_profile(&spec.open()?, &name, output.format, out)?,
        ShowWhat::Capability { name, output, spec } => {
            query::write_capability(&spec.open()?, &name, output.format, out)?
        }
    }
    Ok(0)
}
