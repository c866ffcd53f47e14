//! The command line: argument definitions and dispatch to the library.

use clap::{Parser, Subcommand};

/// Check and publish the release notes of Jekyll specification sites.
#[derive(Debug, Parser)]
#[command(name = "specnotes", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the rules.
    Rules,
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> crate::Result<u8> {
    match cli.command {
        Command::Rules => Ok(0),
    }
}
