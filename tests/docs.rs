//! The documentation is generated from, or checked against, the code it describes.

use std::path::PathBuf;

use specnotes::check::rules::ALL;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap_or_default()
}

/// The text of docs/rules.md, generated from the rule registry.
fn rules_markdown() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rule registry by `UPDATE_DOCS=1 cargo test --test docs`; do not edit. -->\n\n\
         | rule | default | finds |\n| --- | --- | --- |\n",
    );
    for r in ALL {
        let level = if r.default_enabled { r.severity.as_str() } else { "off" };
        out.push_str(&format!("| [`{}`](#{}) | {level} | {} |\n", r.name, r.name, r.summary.replace('|', "\\|")));
    }
    for r in ALL {
        out.push_str(&format!("\n## {}\n\n{}\n", r.name, r.explain));
    }
    out
}

#[test]
fn docs_rules_md_matches_the_rule_registry() {
    let expected = rules_markdown();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    assert_eq!(
        repo_file("docs/rules.md"),
        expected,
        "run `UPDATE_DOCS=1 cargo test --test docs` to regenerate docs/rules.md"
    );
}

#[test]
fn readme_lists_every_rule_and_subcommand() {
    let readme = repo_file("README.md");
    for r in ALL {
        assert!(readme.contains(&format!("`{}`", r.name)), "README does not list rule `{}`", r.name);
    }
    for cmd in ["check", "rules", "explain", "releases", "show ticket", "show page", "show profile", "show capability"]
    {
        assert!(readme.contains(&format!("specnotes {cmd}")), "README does not show `specnotes {cmd}`");
    }
}

#[test]
fn rule_names_are_unique_kebab_case_with_docs() {
    let mut names: Vec<&str> = ALL.iter().map(|r| r.name).collect();
    for r in ALL {
        assert!(r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.name);
        assert!(r.explain.len() > 80, "rule {} needs a real explanation", r.name);
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), ALL.len());
}
