//! `specnotes add-change`: write one change fragment (see [`crate::author::add_change`]);
//! without flags on a terminal, asks for each field.

use std::io::{IsTerminal, Write};

use clap::Args;

use super::SpecArgs;
use crate::author::add_change::{page_change, write_fragment};
use crate::author::fragment::{Fragment, ProfileChange};
use crate::author::prompt;
use crate::check::resolve::Resolver;
use crate::error::{Error, Result};

/// Arguments of `specnotes add-change`.
#[derive(Debug, Args)]
pub struct AddChangeArgs {
    /// The change's title (required unless asked for on a terminal).
    #[arg(long)]
    pub title: Option<String>,
    /// A ticket number (repeatable).
    #[arg(long = "ticket", value_name = "N")]
    pub tickets: Vec<u64>,
    /// A capability affected (repeatable; the first groups the change).
    #[arg(long = "affects", value_name = "CAP")]
    pub affects: Vec<String>,
    /// Who must act, one line ("Provider and consumer systems").
    #[arg(long, allow_hyphen_values = true)]
    pub impacts: Option<String>,
    /// The description, Markdown (may start with `- `).
    #[arg(long, allow_hyphen_values = true)]
    pub description: Option<String>,
    /// A page changed, `page.html#anchor`, checked against the spec (repeatable).
    #[arg(long = "page", value_name = "URL#ANCHOR")]
    pub pages: Vec<String>,
    /// A FHIR profile changed, `NAME=URL` (repeatable).
    #[arg(long = "profile", value_name = "NAME=URL")]
    pub profiles: Vec<String>,
    /// Mark the change cosmetic (wording or layout only).
    #[arg(long)]
    pub cosmetic: bool,
    /// The spec.
    #[command(flatten)]
    pub spec: SpecArgs,
}

impl AddChangeArgs {
    fn no_flags(&self) -> bool {
        self.title.is_none()
            && self.tickets.is_empty()
            && self.affects.is_empty()
            && self.impacts.is_none()
            && self.description.is_none()
            && self.pages.is_empty()
            && self.profiles.is_empty()
            && !self.cosmetic
    }
}

/// Runs `add-change`; returns the exit code.
pub fn run_add_change(args: &AddChangeArgs, out: &mut dyn Write) -> Result<u8> {
    let project = args.spec.open()?;
    let resolver = Resolver::new(&project.site, &project.docs);
    let check_page = |written: &str| page_change(&project, &resolver, written);
    let fragment = if args.no_flags() && std::io::stdin().is_terminal() {
        let stdin = std::io::stdin();
        prompt::ask_fragment(&mut stdin.lock(), &mut std::io::stderr(), &check_page)?
    } else {
        let title = args.title.clone().ok_or_else(|| {
            Error::Usage("--title is required (run without flags on a terminal to be asked)".to_string())
        })?;
        let mut profiles = Vec::new();
        for p in &args.profiles {
            let (name, url) =
                p.split_once('=').ok_or_else(|| Error::Usage(format!("--profile `{p}` is not NAME=URL")))?;
            profiles.push(ProfileChange { name: name.trim().to_string(), url: url.trim().to_string() });
        }
        Fragment {
            title,
            tickets: args.tickets.clone(),
            affects: args.affects.clone(),
            impacts: args.impacts.clone(),
            description: args.description.clone().unwrap_or_default(),
            pages_changed: args.pages.iter().map(|p| check_page(p)).collect::<Result<_>>()?,
            pages_added: Vec::new(),
            profiles_changed: profiles,
            cosmetic: args.cosmetic,
        }
    };
    let path = write_fragment(&args.spec.spec_dir, &fragment)?;
    let missing = [
        ("--ticket", fragment.tickets.is_empty()),
        ("--affects", fragment.affects.is_empty()),
        ("--description", fragment.description.trim().is_empty()),
        ("--page or --profile", fragment.pages_changed.is_empty() && fragment.profiles_changed.is_empty()),
    ];
    let missing: Vec<&str> = missing.iter().filter(|(_, m)| *m).map(|(f, _)| *f).collect();
    if !missing.is_empty() {
        eprintln!("warning: the change has no {}: `check` reports it as missing-field", missing.join(", "));
    }
    writeln!(out, "created {}", path.display())?;
    Ok(0)
}
