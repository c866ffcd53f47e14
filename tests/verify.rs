//! `specnotes verify VERSION` over real git repositories built with git2 in a temp folder: a copy
//! of the sample spec committed as release 1.2.2, edited and committed as 1.2.3 (branches, tags,
//! or the working tree), then the findings in every format, the ReleaseDiff API `build --git`
//! reads, and the errors.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::git::copy_dir;
use git2::{Oid, Repository, Signature};
use serde::Deserialize;
use specnotes::Project;
use specnotes::git::{PageStatus, release_diff};

/// The pages 1.2.3's release notes list under "Pages changed" (release notes page aside).
const LISTED: &[&str] = &[
    "pages/appointments/appointments_use_case_amend_an_appointment.md",
    "pages/appointments/appointments_design.md",
    "pages/integration/integration_cross_organisation_audit_and_provenance.md",
    "pages/foundations/foundations_use_case_get_the_fhir_capability_statement.md",
    "index.md",
    "pages/overview/overview_engage.md",
    "pages/overview/overview_priority_capabilities.md",
];

const GLOSSARY: &str = "pages/overview/overview_glossary.md";

/// A repository holding a copy of `spec/` in `folder` (`""`: at the root).
struct Fixture {
    dir: tempfile::TempDir,
    repo: Repository,
    folder: &'static str,
}

impl Fixture {
    /// The sample spec committed once on `main`.
    fn new(folder: &'static str) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = common::git::init(dir.path());
        let fixture = Fixture { dir, repo, folder };
        copy_dir(&common::root().join("spec"), &fixture.spec());
        fixture.commit_all("1.2.2");
        fixture
    }

    /// The sample spec at 1.2.2 on branch `release/1.2.2`, then `edit` committed as `release/1.2.3`.
    fn released(edit: impl Fn(&Fixture)) -> Fixture {
        let fx = Fixture::new("spec");
        fx.branch("release/1.2.2");
        edit(&fx);
        fx.commit_all("1.2.3");
        fx.branch("release/1.2.3");
        fx
    }

    fn spec(&self) -> PathBuf {
        self.dir.path().join(self.folder)
    }

    fn append(&self, page: &str, text: &str) {
        let path = self.spec().join(page);
        let old = std::fs::read_to_string(&path).expect("read");
        std::fs::write(path, old + text).expect("write");
    }

    fn rename(&self, from: &str, to: &str) {
        let target = self.spec().join(to);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::rename(self.spec().join(from), target).expect("rename");
    }

    fn commit_all(&self, message: &str) -> Oid {
        common::git::commit_all(&self.repo, message)
    }

    fn head(&self) -> git2::Commit<'_> {
        self.repo.head().and_then(|h| h.peel_to_commit()).expect("head commit")
    }

    fn branch(&self, name: &str) {
        common::git::branch(&self.repo, name);
    }

    fn annotated_tag(&self, name: &str) {
        let signature = Signature::now("Test", "test@example.org").expect("signature");
        self.repo.tag(name, self.head().as_object(), &signature, name, false).expect("tag");
    }

    fn verify(&self, version: &str, args: &[&str]) -> Output {
        let spec = self.spec();
        let mut all = vec!["verify", version];
        all.extend(args);
        all.push(spec.to_str().expect("utf-8 path"));
        common::specnotes_in(self.dir.path(), &all)
    }

    fn findings(&self, version: &str) -> Vec<String> {
        let output = self.verify(version, &["--format", "json"]);
        let report: CheckJson = serde_json::from_slice(&output.stdout).expect("JSON report");
        report.diagnostics.iter().map(|d| format!("{} {}:{}", d.rule, d.file, d.line)).collect()
    }
}

/// Changes every listed page but those in `except`.
fn edit_listed(fx: &Fixture, except: &[&str]) {
    for page in LISTED.iter().filter(|p| !except.contains(p)) {
        fx.append(page, "\nA sentence added in 1.2.3.\n");
    }
}

#[derive(Debug, Deserialize)]
struct CheckJson {
    diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Debug, Deserialize)]
struct JsonDiagnostic {
    rule: String,
    file: String,
    line: usize,
    message: String,
}

fn unchanged_at(lines: &[usize]) -> Vec<String> {
    let file = "pages/overview/release_notes/1_2_3.md";
    lines.iter().map(|l| format!("unchanged-listed-page {file}:{l}")).collect()
}

#[test]
fn every_listed_page_changed_and_nothing_else_is_clean() {
    let fx = Fixture::released(|fx| edit_listed(fx, &[]));
    let output = fx.verify("1.2.3", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(common::stdout(&output).starts_with("0 errors, 0 warnings, 0 infos"), "{}", common::stdout(&output));
    assert_eq!(
        common::stderr(&output).lines().next().unwrap_or(""),
        &format!(
            "verify: comparing 1.2.2 (`release/1.2.2`, {}) with 1.2.3 (`release/1.2.3`, {})",
            &fx.repo.revparse_single("release/1.2.2").expect("ref").id().to_string()[..7],
            &fx.head().id().to_string()[..7]
        )
    );
}

#[test]
fn unlisted_changes_and_unchanged_listed_pages_are_found() {
    let fx = Fixture::released(|fx| {
        edit_listed(fx, &["index.md", "pages/overview/overview_engage.md"]);
        fx.append(GLOSSARY, "\nA new term.\n");
    });
    let mut expected = vec![format!("unlisted-page-change {GLOSSARY}:24")];
    expected.extend(unchanged_at(&[142, 143]));
    assert_eq!(fx.findings("1.2.3"), expected);
    let output = fx.verify("1.2.3", &["--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
    let human = common::stdout(&output);
    assert!(human.contains(
        "warning[unlisted-page-change]: `overview_glossary.html` (pages/overview/overview_glossary.md) changed since \
         1.2.2 but the release notes of 1.2.3 do not list it"
    ));
    assert!(human.contains(
        "warning[unchanged-listed-page]: `index.html` (index.md) is listed under Pages changed of 1.2.3 but did not \
         change since 1.2.2"
    ));
    assert!(human.contains("= help: add `- [Glossary](overview_glossary.html)` under `**Pages changed:**` of 1.2.3"));
}

#[test]
fn the_findings_appear_in_every_check_format() {
    let fx = Fixture::released(|fx| {
        edit_listed(fx, &["index.md"]);
        fx.append(GLOSSARY, "\nA new term.\n");
    });
    for format in ["human", "json", "short", "github", "sarif", "junit"] {
        let out = common::stdout(&fx.verify("1.2.3", &["--format", format]));
        for wanted in
            ["unlisted-page-change", "unchanged-listed-page", GLOSSARY, "overview_glossary.html", "index.html"]
        {
            assert!(out.contains(wanted), "{format} output lacks {wanted}:\n{out}");
        }
    }
    let junit = common::stdout(&fx.verify("1.2.3", &["--format", "junit"]));
    assert!(!junit.contains("broken-link"), "only verify's rules are listed as run:\n{junit}");
}

#[test]
fn rule_levels_and_ignore_globs_of_specnotes_toml_apply() {
    let fx = Fixture::released(|fx| {
        edit_listed(fx, &["index.md"]);
        fx.append(GLOSSARY, "\nA new term.\n");
    });
    let toml = "[rules]\nunchanged-listed-page = \"allow\"\nunlisted-page-change = \"deny\"\n";
    std::fs::write(fx.spec().join("specnotes.toml"), toml).expect("write settings");
    let output = fx.verify("1.2.3", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: CheckJson = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report.diagnostics.len(), 1);
    assert_eq!(report.diagnostics[0].rule, "unlisted-page-change");
    std::fs::write(fx.spec().join("specnotes.toml"), "[ignore]\npaths = [\"**/overview_glossary.md\"]\n")
        .expect("write");
    assert_eq!(fx.findings("1.2.3"), unchanged_at(&[142]));
}

#[test]
fn an_annotated_tag_stands_for_a_release_without_a_branch() {
    let fx = Fixture::new("spec");
    fx.annotated_tag("v1.2.2");
    edit_listed(&fx, &[]);
    fx.append(GLOSSARY, "\nA new term.\n");
    fx.commit_all("1.2.3");
    fx.annotated_tag("v1.2.3");
    assert_eq!(fx.findings("1.2.3"), [format!("unlisted-page-change {GLOSSARY}:24")]);
    let output = fx.verify("1.2.3", &["--ref-pattern", "rel-{version}"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn a_renamed_page_is_reported_under_its_new_path() {
    let fx = Fixture::released(|fx| {
        edit_listed(fx, &[]);
        fx.rename(GLOSSARY, "pages/reference/overview_glossary.md");
        fx.append("pages/reference/overview_glossary.md", "\nA new term.\n");
        fx.rename("pages/overview/overview_engage.md", "pages/reference/overview_engage.md");
        fx.rename("pages/development/development_versioning.md", "pages/reference/development_versioning.md");
    });
    let output = fx.verify("1.2.3", &["--format", "json"]);
    let report: CheckJson = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report.diagnostics.len(), 1);
    let finding = &report.diagnostics[0];
    assert_eq!((finding.file.as_str(), finding.line), ("pages/reference/overview_glossary.md", 24));
    assert_eq!(
        finding.message,
        "`overview_glossary.html` (pages/reference/overview_glossary.md) was renamed since 1.2.2 but the release \
         notes of 1.2.3 do not list it"
    );
    let project = Project::open(&fx.spec()).expect("loads");
    let diff = release_diff(&fx.spec(), &project, "1.2.3", &[]).expect("diff");
    let page = diff.page("/overview_glossary.html").expect("renamed page");
    assert_eq!(page.status, PageStatus::Renamed);
    assert_eq!(page.old_file.as_deref(), Some(GLOSSARY));
    assert!(page.unified().starts_with("--- a/pages/overview/overview_glossary.md\n+++ b/pages/reference/"));
    assert_eq!(diff.page("/overview_engage.html").map(|p| (p.status, p.listed)), Some((PageStatus::Renamed, true)));
    assert_eq!(diff.page("/development_versioning.html"), None, "moved without a change to bytes or URL");
}

#[test]
fn without_a_ref_for_the_release_the_working_tree_is_compared() {
    let fx = Fixture::new("spec");
    fx.branch("release/1.2.2");
    edit_listed(&fx, &["index.md"]);
    let output = fx.verify("1.2.3", &["--format", "json"]);
    assert!(common::stderr(&output).contains("with 1.2.3 (the working tree: 1.2.3 has no branch or tag)"));
    assert_eq!(fx.findings("1.2.3"), unchanged_at(&[142]));
    let project = Project::open(&fx.spec()).expect("loads");
    let diff = release_diff(&fx.spec(), &project, "1.2.3", &[]).expect("diff");
    assert_eq!((diff.to_ref.as_deref(), diff.to_commit.as_deref()), (None, None));
    assert_eq!(diff.from_ref, "release/1.2.2");
}

#[test]
fn the_release_diff_gives_build_git_every_listed_page_with_both_texts() {
    let fx = Fixture::released(|fx| {
        edit_listed(fx, &["index.md"]);
        fx.append(GLOSSARY, "\nA new term.\n");
    });
    let project = Project::open(&fx.spec()).expect("loads");
    let diff = release_diff(&fx.spec(), &project, "1.2.3", &[]).expect("diff");
    assert_eq!((diff.from_version.as_str(), diff.to_version.as_str()), ("1.2.2", "1.2.3"));
    assert_eq!(diff.to_ref.as_deref(), Some("release/1.2.3"));
    assert_eq!(diff.to_commit, Some(fx.head().id().to_string()));
    assert_eq!(project.model.releases[diff.release].version, "1.2.3");
    let summary: Vec<(String, PageStatus, bool)> =
        diff.pages.iter().map(|p| (p.file.clone(), p.status, p.listed)).collect();
    let mut expected: Vec<(String, PageStatus, bool)> = LISTED
        .iter()
        .map(|f| (f.to_string(), if *f == "index.md" { PageStatus::Unchanged } else { PageStatus::Modified }, true))
        .collect();
    expected.push((GLOSSARY.to_string(), PageStatus::Modified, false));
    expected.sort();
    assert_eq!(summary, expected);
    let design = diff.page_for_link("/overview_release_notes_1_2_3.html", "appointments_design.html#x").expect("page");
    assert!(design.unified().ends_with("\n+\n+A sentence added in 1.2.3.\n"), "{}", design.unified());
    assert!(design.unified().starts_with("--- a/pages/appointments/appointments_design.md\n+++ b/pages/"));
    let index = diff.page("/index.html").expect("index");
    assert_eq!(index.old_text, index.new_text);
}

#[test]
fn a_spec_at_the_repository_root_works_too() {
    let fx = Fixture::new("");
    fx.branch("release/1.2.2");
    edit_listed(&fx, &[]);
    fx.append(GLOSSARY, "\nA new term.\n");
    assert_eq!(fx.findings("1.2.3"), [format!("unlisted-page-change {GLOSSARY}:24")]);
}

#[test]
fn errors_name_what_is_missing() {
    let fx = Fixture::new("spec");
    let output = fx.verify("1.2.3", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        common::stderr(&output).trim(),
        "error: verify: no branch or tag for 1.2.2, the release before 1.2.3, nor for any earlier release (tried \
         `release/1.2.2`, `v1.2.2`, each as a local branch, an `origin/` branch and a tag); set `[git] \
         release_refs` in specnotes.toml or pass `--ref-pattern`"
    );
    fx.branch("release/1.2.2");
    let output = fx.verify("1.2.33", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(common::stderr(&output).contains("no release `1.2.33` in the release notes; did you mean `1.2.3`?"));
    let output = fx.verify("1.2.3", &["--ref-pattern", "release"]);
    assert_eq!(
        common::stderr(&output).trim(),
        "error: `--ref-pattern` = `release` must contain `{version}` exactly once"
    );
    let loose = tempfile::tempdir().expect("temp dir");
    copy_dir(&common::root().join("spec"), loose.path());
    let output = common::specnotes_in(loose.path(), &["verify", "1.2.3", "."]);
    if Repository::discover(loose.path()).is_err() {
        assert_eq!(common::stderr(&output).trim(), "error: verify needs a git repository, but `.` is not inside one");
    }
    let output = fx.verify("1.0.0", &[]);
    assert!(common::stderr(&output).contains("1.0.0 is the first release in the release notes"));
}

#[test]
fn a_product_line_is_compared_with_its_own_previous_release() {
    let fx = Fixture::new("spec");
    let notes = |version: &str, page: &str| {
        let stem = version.replace('.', "_");
        format!(
            "---\ntitle: Documents {version} release notes\ntags: [release]\n\
             permalink: overview_release_notes_documents_{stem}.html\n\
             summary: \"Documents {version} released on 1st May 2019\"\n---\n\n## Introduction\n\nDocuments.\n\n\
             ## {version} changes\n\n### A change\n\n**Tickets:** [#900](https://github.com/example-org/practice-link/issues/900)\n\n\
             **Affects:** Foundations\n\n**Description:**\n\n- Changed\n\n**Pages changed:**\n\n- [Page]({page})\n"
        )
    };
    let dir = fx.spec().join("pages/overview/release_notes");
    std::fs::write(dir.join("documents_1_0_0.md"), notes("1.0.0", "index.html")).expect("write");
    fx.commit_all("documents 1.0.0");
    fx.annotated_tag("vdocuments-1.0.0");
    std::fs::write(dir.join("documents_1_1_0.md"), notes("1.1.0", "overview_glossary.html")).expect("write");
    fx.append(GLOSSARY, "\nA new term.\n");
    let project = Project::open(&fx.spec()).expect("loads");
    let diff = release_diff(&fx.spec(), &project, "documents-1.1.0", &[]).expect("diff");
    assert_eq!((diff.from_version.as_str(), diff.from_ref.as_str()), ("documents-1.0.0", "vdocuments-1.0.0"));
    assert_eq!(fx.findings("documents-1.1.0"), Vec::<String>::new());
}
