//! `check --changed-since REF` over real git repositories built in a temp folder with git2:
//! the exact changed files (staged, unstaged, untracked, renamed, ignored, outside the spec),
//! the binary's findings limited to them, rule `unlisted-page-change`, and the errors.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature, build::CheckoutBuilder};
use serde::Deserialize;
use specnotes::git::changed_files;

const CONFIG: &str = "markdown: kramdown\nkramdown:\n  input: GFM\n  auto_ids: true\nbaseurl: \"\"\n";

fn page(title: &str, permalink: &str, body: &str) -> String {
    format!("---\ntitle: {title}\npermalink: {permalink}\n---\n\n{body}")
}

fn release_notes(date: &str) -> String {
    let front = format!(
        "---\ntitle: Demo 1.0.0 release notes\ntags: [release]\npermalink: release_notes_1_0_0.html\n\
         summary: \"Demo 1.0.0 released on {date}\"\n---\n\n"
    );
    front
        + "## 1.0.0 changes\n\n### Alpha clarified\n\n**Tickets:** [#1](https://github.com/org/repo/issues/1)\n\n\
           **Description:**\n\n- Clarified alpha\n\n**Pages changed:**\n\n- [Alpha](alpha.html#section-one)\n"
}

/// A repository with the spec in `spec/`, one commit on `main` tagged `v1`.
struct Fixture {
    dir: tempfile::TempDir,
    repo: Repository,
}

impl Fixture {
    fn new(release_date: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo =
            Repository::init_opts(dir.path(), RepositoryInitOptions::new().initial_head("main")).expect("git init");
        let fixture = Fixture { dir, repo };
        fixture.write(".gitignore", "_site/\n");
        fixture.write("README.md", "Demo repository\n");
        fixture.write("spec/_config.yml", CONFIG);
        fixture.write("spec/index.md", &page("Home", "index.html", "[Broken](missing.html)\n"));
        fixture.write("spec/alpha.md", &page("Alpha", "alpha.html", "## Section one\n\nAlpha text.\n"));
        fixture.write("spec/beta.md", &page("Beta", "beta.html", "## Beta part\n\n[Alpha](alpha.html#section-one)\n"));
        fixture.write("spec/gamma.md", &page("Gamma", "gamma.html", "Gamma text.\n"));
        fixture.write("spec/delta.md", &page("Delta", "delta.html", "Delta text that is long enough to be similar.\n"));
        fixture.write("spec/release_notes_1_0_0.md", &release_notes(release_date));
        let commit = fixture.commit_all("initial");
        fixture.tag("v1", commit);
        fixture
    }

    fn tag(&self, name: &str, commit: Oid) {
        let object = self.repo.find_object(commit, None).expect("commit object");
        self.repo.tag_lightweight(name, &object, false).expect("tag");
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn spec(&self) -> PathBuf {
        self.path("spec")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn append(&self, relative: &str, text: &str) {
        let old = std::fs::read_to_string(self.path(relative)).expect("read");
        self.write(relative, &(old + text));
    }

    fn stage(&self, relative: &str) {
        let mut index = self.repo.index().expect("index");
        index.add_path(Path::new(relative)).expect("add");
        index.write().expect("write index");
    }

    /// Stages everything (deletions included) and commits it on HEAD.
    fn commit_all(&self, message: &str) -> Oid {
        let mut index = self.repo.index().expect("index");
        index.add_all(["*"], IndexAddOption::DEFAULT, None).expect("add all");
        index.update_all(["*"], None).expect("update all");
        index.write().expect("write index");
        let tree = self.repo.find_tree(index.write_tree().expect("write tree")).expect("tree");
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let signature = Signature::now("Test", "test@example.org").expect("signature");
        let parents: Vec<_> = parent.iter().collect();
        self.repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents).expect("commit")
    }

    fn changed(&self, reference: &str) -> Vec<String> {
        changed_files(&self.spec(), reference).expect("changed files").into_iter().collect()
    }
}

fn specnotes(spec: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .arg("check")
        .args(args)
        .arg(spec)
        .env("NO_COLOR", "1")
        .output()
        .expect("specnotes runs")
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
    help: Option<String>,
}

fn findings(spec: &Path, args: &[&str]) -> Vec<JsonDiagnostic> {
    let output = specnotes(spec, &[args, &["--format", "json"]].concat());
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str::<CheckJson>(&stdout).expect("JSON report").diagnostics
}

fn rule_and_file(diags: &[JsonDiagnostic]) -> BTreeSet<String> {
    diags.iter().map(|d| format!("{} {}:{}", d.rule, d.file, d.line)).collect()
}

#[test]
fn staged_unstaged_untracked_and_renamed_files_under_the_spec_are_changed() {
    let fx = Fixture::new("23rd April 2019");
    fx.append("spec/alpha.md", "More alpha.\n");
    fx.append("spec/beta.md", "More beta.\n");
    fx.stage("spec/beta.md");
    fx.write("spec/new_page.md", &page("New", "new.html", "New.\n"));
    let delta = std::fs::read_to_string(fx.path("spec/delta.md")).expect("read");
    std::fs::remove_file(fx.path("spec/delta.md")).expect("remove");
    fx.write("spec/pages/delta_renamed.md", &delta);
    let mut index = fx.repo.index().expect("index");
    index.remove_path(Path::new("spec/delta.md")).expect("unstage delta");
    index.add_path(Path::new("spec/pages/delta_renamed.md")).expect("stage rename");
    index.write().expect("write index");
    std::fs::remove_file(fx.path("spec/gamma.md")).expect("delete gamma");
    fx.write("spec/_site/alpha.html", "ignored build output");
    fx.append("README.md", "Outside the spec.\n");

    let expected = ["alpha.md", "beta.md", "new_page.md", "pages/delta_renamed.md"];
    assert_eq!(fx.changed("main"), expected);
    assert_eq!(fx.changed("v1"), expected);
    assert_eq!(fx.changed("HEAD"), expected);
}

#[test]
fn an_earlier_commit_can_be_named_relative_to_head() {
    let fx = Fixture::new("23rd April 2019");
    fx.append("spec/gamma.md", "More gamma.\n");
    fx.commit_all("second");
    assert_eq!(fx.changed("HEAD~1"), ["gamma.md"]);
    assert_eq!(fx.changed("HEAD"), Vec::<String>::new());
}

#[test]
fn changes_made_on_the_reference_branch_after_branching_off_are_not_counted() {
    let fx = Fixture::new("23rd April 2019");
    let base = fx.repo.head().expect("head").peel_to_commit().expect("commit");
    fx.repo.branch("feature", &base, false).expect("branch");
    fx.repo.set_head("refs/heads/feature").expect("switch to feature");
    fx.append("spec/alpha.md", "Feature work.\n");
    fx.commit_all("feature work");
    // Move `main` on with a change to gamma, then put the working tree back to `feature`.
    fx.append("spec/gamma.md", "Main work.\n");
    fx.stage("spec/gamma.md");
    let mut index = fx.repo.index().expect("index");
    let tree = fx.repo.find_tree(index.write_tree().expect("tree")).expect("tree");
    let signature = Signature::now("Test", "test@example.org").expect("signature");
    fx.repo.commit(Some("refs/heads/main"), &signature, &signature, "main work", &tree, &[&base]).expect("commit");
    fx.repo.checkout_head(Some(CheckoutBuilder::new().force())).expect("reset to feature");

    assert_eq!(fx.changed("main"), ["alpha.md"]);
}

#[test]
fn only_findings_in_changed_files_are_reported_while_links_resolve_against_the_whole_spec() {
    let fx = Fixture::new("23rd April 2019");
    fx.append("spec/alpha.md", "\n[Beta](beta.html#beta-part) and [nowhere](beta.html#no-such-part)\n");
    fx.append("spec/gamma.md", "More gamma.\n");

    let everything = rule_and_file(&findings(&fx.spec(), &[]));
    assert!(everything.contains("broken-link index.md:6"), "{everything:?}");
    let diags = findings(&fx.spec(), &["--changed-since", "main"]);
    assert_eq!(
        rule_and_file(&diags),
        BTreeSet::from(["broken-anchor alpha.md:10".to_string(), "unlisted-page-change gamma.md:1".to_string()])
    );
}

#[test]
fn unlisted_page_change_names_the_page_and_release_and_asks_for_a_new_release_once_released() {
    let fx = Fixture::new("23rd April 2019");
    fx.append("spec/gamma.md", "More gamma.\n");
    let diags = findings(&fx.spec(), &["--changed-since", "main"]);
    let unlisted: Vec<&JsonDiagnostic> = diags.iter().filter(|d| d.rule == "unlisted-page-change").collect();
    assert_eq!(unlisted.len(), 1);
    assert_eq!(unlisted[0].message, "`gamma.html` changed but the release notes of 1.0.0 do not list it");
    assert_eq!(
        unlisted[0].help.as_deref(),
        Some(
            "1.0.0 was released on 2019-04-23 and this change does not touch its notes: add a release-notes page \
             for the next release listing `- [Gamma](gamma.html)` under `**Pages changed:**`"
        )
    );
    assert!(findings(&fx.spec(), &[]).iter().all(|d| d.rule != "unlisted-page-change"));
}

#[test]
fn unlisted_page_change_asks_to_list_the_page_in_an_unreleased_release() {
    let fx = Fixture::new("31 December 2999");
    fx.append("spec/alpha.md", "Listed change.\n");
    fx.append("spec/gamma.md", "Unlisted change.\n");
    let diags = findings(&fx.spec(), &["--changed-since", "main"]);
    let unlisted: Vec<(&str, Option<&str>)> = diags
        .iter()
        .filter(|d| d.rule == "unlisted-page-change")
        .map(|d| (d.file.as_str(), d.help.as_deref()))
        .collect();
    assert_eq!(
        unlisted,
        [(
            "gamma.md",
            Some("add `- [Gamma](gamma.html)` under `**Pages changed:**` of 1.0.0 (`release_notes_1_0_0.md`)")
        )]
    );
}

#[test]
fn an_unknown_reference_is_a_usage_error_with_a_suggestion() {
    let fx = Fixture::new("23rd April 2019");
    let output = specnotes(&fx.spec(), &["--changed-since", "mian"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: --changed-since: no branch, tag or commit named `mian` in "), "{stderr}");
    assert!(stderr.contains("did you mean `main`?"), "{stderr}");
}

#[test]
fn a_spec_outside_any_repository_is_a_usage_error_naming_the_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("_config.yml"), CONFIG).expect("write");
    let output = specnotes(dir.path(), &["--changed-since", "main"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!("error: --changed-since needs a git repository, but `{}` is not inside one", dir.path().display())
    );
}
