//! gen-spec: writes a realistic synthetic Jekyll specification for benchmarks and load tests.
//!
//! `cargo run --release --example gen-spec -- --pages N --releases R --out DIR` writes a spec shaped
//! like the GP Connect family (and the bundled `spec/`): capability folders of pages with front
//! matter, headings (duplicates, punctuation, code spans), prose, cross-page anchor links, includes,
//! one sidebar per capability, and labelled release-notes pages. A share of the links (`--broken`,
//! in percent) is deliberately broken, half missing pages and half missing anchors as the PRNG
//! chooses, so the checker has real work; the planted counts are written to `.gen-spec.json`, a
//! dot-file Jekyll and specnotes ignore, which also marks DIR as safe to overwrite. All randomness
//! comes from one splitmix64 stream, so a seed always gives byte-identical output. The words are
//! invented for this generator; no corpus prose is copied.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Parser;

/// The marker and expectations file written into the output folder.
const MARKER: &str = ".gen-spec.json";
/// What the generator writes at the top of the output folder (removed before regenerating).
const GENERATED: [&str; 6] = ["_config.yml", "_data", "_includes", "pages", "index.md", MARKER];
/// The repository tickets link to.
const REPOSITORY: &str = "example-org/synthetic-spec";

/// Command line.
#[derive(Parser, Debug)]
#[command(about = "Write a deterministic synthetic Jekyll spec")]
struct Args {
    /// Number of content pages (the home page included).
    #[arg(long, default_value_t = 1000)]
    pages: usize,
    /// Number of release-notes pages.
    #[arg(long, default_value_t = 20)]
    releases: usize,
    /// Output folder: empty, missing, or an earlier gen-spec output.
    #[arg(long)]
    out: PathBuf,
    /// PRNG seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Percentage of links to break.
    #[arg(long, default_value_t = 2.0)]
    broken: f64,
}

/// splitmix64: tiny, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 * 100.0 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Capability folders: (folder, display name).
const CAPABILITIES: [(&str, &str); 5] = [
    ("foundations", "Foundations"),
    ("appointments", "Appointment Management"),
    ("accessrecord_structured", "Access Record Structured"),
    ("documents", "Access Document"),
    ("messaging", "Send Document"),
];
const NOUNS: [&str; 24] = [
    "slot",
    "schedule",
    "booking",
    "identifier",
    "practitioner",
    "organisation",
    "location",
    "consent",
    "token",
    "bundle",
    "resource",
    "interaction",
    "header",
    "payload",
    "endpoint",
    "record",
    "allergy",
    "medication",
    "document",
    "message",
    "audit",
    "search",
    "reference",
    "version",
];
const VERBS: [&str; 12] = [
    "returns",
    "contains",
    "references",
    "validates",
    "rejects",
    "accepts",
    "lists",
    "carries",
    "names",
    "updates",
    "describes",
    "omits",
];
const ACTIONS: [&str; 8] = ["Book", "Cancel", "Retrieve", "Search for", "Amend", "Register", "Read", "Send"];
const RESOURCES: [&str; 8] =
    ["Slot", "Appointment", "Patient", "Practitioner", "Organization", "Location", "Bundle", "DocumentReference"];
const COMMON_HEADINGS: [&str; 8] =
    ["Overview", "Request", "Response", "Example", "Errors", "Search parameters", "Prerequisites", "Security"];

/// A heading with its kramdown GFM id.
struct Heading {
    level: usize,
    text: String,
    anchor: String,
}

/// Everything about a page that other pages need before any page is written.
struct PagePlan {
    capability: usize,
    title: String,
    permalink: String,
    path: String,
    headings: Vec<Heading>,
}

/// Counts of what was written, for the summary line and `.gen-spec.json`.
#[derive(Default)]
struct Tally {
    links: usize,
    missing_pages: usize,
    missing_anchors: usize,
}

fn main() {
    let args = Args::parse();
    if let Err(e) = run(&args) {
        eprintln!("gen-spec: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), String> {
    prepare_out(&args.out)?;
    let mut rng = Rng(args.seed);
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let plans = plan_pages(&mut rng, args.pages.max(1));
    let mut tally = Tally::default();
    for (i, plan) in plans.iter().enumerate() {
        let text = if i == 0 { home_page(&plans, &mut tally) } else { page(&mut rng, args, i, &plans, &mut tally) };
        files.insert(plan.path.clone(), text);
    }
    let releases = release_pages(&mut rng, args.releases, &plans, &mut files);
    files.insert("_config.yml".into(), config_yml());
    files.insert("_includes/note.html".into(), NOTE_INCLUDE.into());
    for (c, (folder, name)) in CAPABILITIES.iter().enumerate() {
        files.insert(format!("_data/sidebars/{folder}_sidebar.yml"), capability_sidebar(c, name, &plans));
    }
    files.insert("_data/sidebars/overview_sidebar.yml".into(), overview_sidebar(&releases));
    let broken = tally.missing_pages + tally.missing_anchors;
    files.insert(
        MARKER.into(),
        format!(
            "{{\"seed\":{},\"pages\":{},\"releases\":{},\"links\":{},\"broken_links\":{},\"broken_anchors\":{}}}\n",
            args.seed,
            plans.len(),
            releases.len(),
            tally.links,
            tally.missing_pages,
            tally.missing_anchors
        ),
    );
    write_files(&args.out, &files)?;
    eprintln!(
        "gen-spec: {} pages, {} releases, {} links, {broken} broken expected ({} broken-link, {} broken-anchor) in {}",
        plans.len(),
        releases.len(),
        tally.links,
        tally.missing_pages,
        tally.missing_anchors,
        args.out.display()
    );
    Ok(())
}

/// Refuses a non-empty folder without the marker; clears an earlier output.
fn prepare_out(out: &Path) -> Result<(), String> {
    let Ok(mut entries) = std::fs::read_dir(out) else { return Ok(()) };
    if entries.next().is_none() {
        return Ok(());
    }
    if !out.join(MARKER).is_file() {
        return Err(format!("{} is not empty and has no {MARKER}; refusing to write there", out.display()));
    }
    for name in GENERATED {
        let p = out.join(name);
        let result = if p.is_dir() { std::fs::remove_dir_all(&p) } else { std::fs::remove_file(&p) };
        if let Err(e) = result.or_else(|e| if p.exists() { Err(e) } else { Ok(()) }) {
            return Err(format!("cannot remove {}: {e}", p.display()));
        }
    }
    Ok(())
}

fn write_files(out: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    for (rel, text) in files {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The id kramdown (GFM input, `auto_ids`) gives a heading's raw text.
fn gfm_id(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '\t'))
        .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
        .collect()
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn heading_text(rng: &mut Rng) -> String {
    let (a, b) = (*rng.pick(&NOUNS), *rng.pick(&NOUNS));
    match rng.below(8) {
        0 | 1 => rng.pick(&COMMON_HEADINGS).to_string(),
        2 => format!("{} & {b}", capitalised(a)),
        3 => format!("What's a {a}?"),
        4 => format!("The `{}` resource", rng.pick(&RESOURCES)),
        5 => format!("{} (optional)", capitalised(a)),
        6 => format!("{}: {b} rules", capitalised(a)),
        _ => format!("{} {b}", capitalised(a)),
    }
}

fn plan_pages(rng: &mut Rng, count: usize) -> Vec<PagePlan> {
    let mut plans = vec![PagePlan {
        capability: 0,
        title: "Synthetic Spec API".into(),
        permalink: "index.html".into(),
        path: "index.md".into(),
        headings: vec![Heading { level: 2, text: "Capabilities".into(), anchor: "capabilities".into() }],
    }];
    for i in 1..count {
        let capability = rng.below(CAPABILITIES.len());
        let noun = rng.pick(&NOUNS);
        let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
        let title = format!("{} {article} {noun} {}", rng.pick(&ACTIONS), rng.pick(&NOUNS));
        let slug: String = title.to_lowercase().split(' ').collect::<Vec<_>>().join("_");
        let folder = CAPABILITIES[capability].0;
        let name = format!("{folder}_{slug}_{i}");
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        let headings = (0..rng.between(4, 12))
            .map(|h| {
                let text = heading_text(rng);
                let base = gfm_id(&text);
                let n = used.entry(base.clone()).or_insert(0);
                let anchor = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
                *n += 1;
                Heading { level: if h == 0 || rng.below(3) > 0 { 2 } else { 3 }, text, anchor }
            })
            .collect();
        plans.push(PagePlan {
            capability,
            title,
            permalink: format!("{name}.html"),
            path: format!("pages/{folder}/{name}.md"),
            headings,
        });
    }
    plans
}

fn sentence(rng: &mut Rng) -> String {
    let s = format!("The {} {} the {}", rng.pick(&NOUNS), rng.pick(&VERBS), rng.pick(&NOUNS));
    match rng.below(4) {
        0 => format!("{s} when the `{}` element is present.", rng.pick(&NOUNS)),
        1 => format!("{s} and **must** name the {}.", rng.pick(&NOUNS)),
        _ => format!("{s}."),
    }
}

/// A link to another page's anchor, broken `args.broken` percent of the time.
fn link(rng: &mut Rng, args: &Args, from: usize, plans: &[PagePlan], tally: &mut Tally) -> String {
    tally.links += 1;
    let mut to = 1 + rng.below(plans.len().saturating_sub(1).max(1));
    if to >= plans.len() {
        to = 0;
    }
    let target = &plans[to];
    let anchor = &rng.pick(&target.headings).anchor;
    if rng.chance(args.broken) {
        if rng.below(2) == 0 {
            tally.missing_pages += 1;
            return format!("[{}](retired_page_{}.html#{anchor})", target.title, rng.below(100_000));
        }
        tally.missing_anchors += 1;
        return format!("[{}]({}#{anchor}-old)", target.title, target.permalink);
    }
    if to == from {
        return format!("[this section](#{anchor})");
    }
    match rng.below(5) {
        0 => format!("[{}]({})", target.title, target.permalink),
        _ => format!("[{}]({}#{anchor})", target.title, target.permalink),
    }
}

fn page(rng: &mut Rng, args: &Args, i: usize, plans: &[PagePlan], tally: &mut Tally) -> String {
    let plan = &plans[i];
    let folder = CAPABILITIES[plan.capability].0;
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        "---\ntitle: {}\nkeywords: {folder}, {}\ntags: [{folder}]\nsidebar: {folder}_sidebar\npermalink: {}\n\
         summary: \"How to {} in {}\"\n---\n\n{}\n",
        plan.title,
        rng.pick(&NOUNS),
        plan.permalink,
        plan.title.to_lowercase(),
        CAPABILITIES[plan.capability].1,
        sentence(rng)
    );
    let mut links_left = rng.between(5, 20);
    let sections = plan.headings.len();
    let includes = [rng.below(sections), if rng.below(2) == 0 { rng.below(sections) } else { sections }];
    for (s, h) in plan.headings.iter().enumerate() {
        let hashes = "#".repeat(h.level);
        let close = if rng.below(2) == 0 { format!(" {hashes}") } else { String::new() };
        let _ = write!(out, "\n{hashes} {}{close}\n\n", h.text);
        let here = if s + 1 == sections { links_left } else { links_left.div_ceil(sections - s).min(links_left) };
        links_left -= here;
        for _ in 0..rng.between(1, 3) {
            out.push_str(&sentence(rng));
            out.push(' ');
        }
        for _ in 0..here {
            let _ = write!(out, "See {}. ", link(rng, args, i, plans, tally));
        }
        out.push_str(&sentence(rng));
        out.push('\n');
        for _ in includes.iter().filter(|&&at| at == s) {
            let _ = write!(out, "\n{{% include note.html content=\"{}\" %}}\n", sentence(rng));
        }
        if rng.below(6) == 0 {
            let r = rng.pick(&RESOURCES);
            let _ = write!(out, "\n```http\nGET /{r}?{}=example HTTP/1.1\n# not a heading\n```\n", rng.pick(&NOUNS));
        }
    }
    out
}

fn home_page(plans: &[PagePlan], tally: &mut Tally) -> String {
    let mut out = String::from(
        "---\ntitle: Synthetic Spec API\nkeywords: homepage\nsidebar: overview_sidebar\npermalink: index.html\n\
         summary: \"A generated specification for testing specnotes\"\n---\n\n## Capabilities\n\n",
    );
    for (c, (_, name)) in CAPABILITIES.iter().enumerate() {
        if let Some(first) = plans.iter().skip(1).find(|p| p.capability == c) {
            tally.links += 1;
            let _ = writeln!(out, "- [{name}]({})", first.permalink);
        }
    }
    out
}

const NOTE_INCLUDE: &str =
    "<div markdown=\"span\" class=\"callout callout-note\" role=\"note\"><b>Note:</b> {{include.content}}</div>\n";

fn config_yml() -> String {
    let mut out = format!(
        "# Generated by gen-spec: a synthetic spec for testing specnotes.\n\nsite_title: Synthetic Spec API\n\n\
         markdown: kramdown\nkramdown:\n  input: GFM\n  auto_ids: true\n  hard_wrap: false\n\n\
         defaults:\n  -\n    scope:\n      path: \"\"\n      type: \"pages\"\n    values:\n      layout: \"page\"\n\
         \x20     sidebar: overview_sidebar\n\nrepository: {REPOSITORY}\n\nsidebars:\n- overview_sidebar\n"
    );
    for (folder, _) in CAPABILITIES {
        let _ = writeln!(out, "- {folder}_sidebar");
    }
    out
}

fn capability_sidebar(c: usize, name: &str, plans: &[PagePlan]) -> String {
    let mut out = format!(
        "entries:\n- title: {name}\n  product: {name}\n  folders:\n\n  - title: Pages\n    output: web, pdf\n    folderitems:\n"
    );
    for p in plans.iter().skip(1).filter(|p| p.capability == c) {
        let _ = write!(out, "    - title: {}\n      url: /{}\n      output: web, pdf\n", p.title, p.permalink);
    }
    out
}

fn overview_sidebar(releases: &[(String, String)]) -> String {
    let mut out = String::from(
        "entries:\n- title: Synthetic Spec API\n  levels: one\n  folders:\n\n  - title: Overview\n    output: web\n\
         \x20   folderitems:\n    - title: Introduction\n      url: /index.html\n      output: web, pdf\n\
         \x20     type: homepage\n      subfolders:\n      - title: Release notes\n        output: web\n\
         \x20       subfolderitems:\n",
    );
    for (version, permalink) in releases.iter().rev() {
        let _ = write!(out, "        - title: {version}\n          url: /{permalink}\n          output: web\n");
    }
    out
}

/// Writes the release-notes pages; returns (version, permalink), oldest first.
fn release_pages(
    rng: &mut Rng,
    count: usize,
    plans: &[PagePlan],
    files: &mut BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let (mut major, mut minor, mut patch) = (1u32, 0u32, 0u32);
    let mut day = 0usize; // days after 2016-01-01
    let mut ticket = 100 + rng.below(50);
    let mut out = Vec::with_capacity(count);
    for r in 0..count {
        if r > 0 {
            match rng.below(20) {
                0 => (major, minor, patch) = (major + 1, 0, 0),
                1..=5 => (minor, patch) = (minor + 1, 0),
                _ => patch += 1,
            }
            day += rng.between(20, 90);
        }
        let version = format!("{major}.{minor}.{patch}");
        let file = format!("{major}_{minor}_{patch}");
        let permalink = format!("overview_release_notes_{file}.html");
        let mut text = format!(
            "---\ntitle: Synthetic Spec API {version} release notes\nkeywords: release notes\ntags: [release]\n\
             sidebar: overview_sidebar\npermalink: {permalink}\nsummary: \"Synthetic Spec API {version} released on {}\"\n\
             toc: true\n---\n\n## Introduction ##\n\n{}\n\n## {version} changes ##\n",
            date_text(day),
            sentence(rng)
        );
        for _ in 0..rng.between(3, 8) {
            ticket += rng.between(1, 5);
            release_entry(rng, plans, ticket, &mut text);
        }
        files.insert(format!("pages/overview/release_notes/{file}.md"), text);
        out.push((version, permalink));
    }
    out
}

fn release_entry(rng: &mut Rng, plans: &[PagePlan], ticket: usize, text: &mut String) {
    let capability = CAPABILITIES[rng.below(CAPABILITIES.len())].1;
    let _ = write!(
        text,
        "\n### {} the {} {} ###\n\n**Tickets**:&nbsp; [#{ticket}](https://github.com/{REPOSITORY}/issues/{ticket})\n\n\
         **Affects:**&nbsp; {capability}\n\n**Description:**\n\n- {}\n\n- {}\n",
        rng.pick(&["Clarify", "Correct", "Extend", "Simplify"]),
        rng.pick(&NOUNS),
        rng.pick(&["rules", "guidance", "example", "table"]),
        sentence(rng),
        sentence(rng)
    );
    if plans.len() > 1 {
        text.push_str("\n**Pages changed:**\n\n");
        for _ in 0..rng.between(1, 3) {
            let p = &plans[1 + rng.below(plans.len() - 1)];
            let _ = writeln!(text, "- [{}]({}#{})", p.title, p.permalink, rng.pick(&p.headings).anchor);
        }
    }
    if rng.below(3) == 0 {
        let r = rng.pick(&RESOURCES);
        let _ = write!(
            text,
            "\n**FHIR profiles changed:**\n\n- [Example-{r}-1](https://fhir.example.org/STU3/StructureDefinition/Example-{r}-1)\n"
        );
    }
    text.push_str("\n---\n");
}

/// `23rd April 2019` for a day count after 1 January 2016.
fn date_text(mut day: usize) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut year = 2016;
    loop {
        let len = if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) { 366 } else { 365 };
        if day < len {
            break;
        }
        day -= len;
        year += 1;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let lengths = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut month = 0;
    while day >= lengths[month] {
        day -= lengths[month];
        month += 1;
    }
    let d = day + 1;
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix} {} {year}", MONTHS[month])
}
