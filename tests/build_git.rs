//! `specnotes build --git` over real git repositories built with git2 in a temp folder: a copy
//! of the sample spec committed on `release/1.2.2`, two of the pages 1.2.3 lists and one it does
//! not list edited and committed on `release/1.2.3` (or left in the working tree), then the diff
//! pages, the links to them, escaping, determinism, and the notes and errors for missing refs.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::git::{branch, commit_all, copy_dir, init};
use git2::Repository;

const AMEND: &str = "pages/appointments/appointments_use_case_amend_an_appointment.md";
const DESIGN: &str = "pages/appointments/appointments_design.md";
const GLOSSARY: &str = "pages/overview/overview_glossary.md";

/// A repository whose `spec/` folder holds the sample spec.
struct Repo {
    dir: tempfile::TempDir,
    repo: Repository,
}

impl Repo {
    /// The sample spec committed on `main` and branched as `{prefix}1.2.2`, then edited: a
    /// `<script>` line appended to one listed page, a line replaced in another, the glossary
    /// (not listed) appended to.
    fn edited(prefix: &str) -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = init(dir.path());
        let fixture = Repo { dir, repo };
        copy_dir(&common::root().join("spec"), &fixture.spec());
        commit_all(&fixture.repo, "1.2.2");
        branch(&fixture.repo, &format!("{prefix}1.2.2"));
        fixture.append(AMEND, "\nA cancelled appointment <script>alert(1)</script> cannot be amended.\n");
        fixture.replace(DESIGN, "The capability books appointments", "The capability only books appointments");
        fixture.append(GLOSSARY, "\nA new term.\n");
        fixture
    }

    /// [`Repo::edited`] with the edits committed and branched as `release/1.2.3`.
    fn released() -> Repo {
        let fixture = Repo::edited("release/");
        commit_all(&fixture.repo, "1.2.3");
        branch(&fixture.repo, "release/1.2.3");
        fixture
    }

    fn spec(&self) -> PathBuf {
        self.dir.path().join("spec")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn append(&self, page: &str, text: &str) {
        let path = self.spec().join(page);
        let old = std::fs::read_to_string(&path).expect("read");
        std::fs::write(path, old + text).expect("write");
    }

    fn replace(&self, page: &str, from: &str, to: &str) {
        let path = self.spec().join(page);
        let old = std::fs::read_to_string(&path).expect("read");
        assert!(old.contains(from), "{page} has no `{from}`");
        std::fs::write(path, old.replacen(from, to, 1)).expect("write");
    }

    fn build(&self, args: &[&str]) -> Output {
        let (out, spec) = (self.out(), self.spec());
        let mut all = vec!["build", "--out", out.to_str().expect("utf-8 path")];
        all.extend(args);
        all.push(spec.to_str().expect("utf-8 path"));
        common::specnotes_in(self.dir.path(), &all)
    }

    fn read(&self, site_path: &str) -> String {
        let path = self.out().join(site_path);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn short(&self, reference: &str) -> String {
        self.repo.revparse_single(reference).expect("ref").id().to_string()[..7].to_string()
    }
}

/// The text of each row of the diff table marked `kind` (`added`, `removed`).
fn rows(html: &str, kind: &str) -> Vec<String> {
    let tag = if kind == "added" { "ins" } else { "del" };
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    html.lines()
        .filter(|l| l.starts_with(&format!("<tr class=\"diff-{kind}\">")))
        .filter_map(|l| Some(l.split_once(&open)?.1.split_once(&close)?.0.to_string()))
        .collect()
}

#[test]
fn listed_pages_get_diff_pages_with_their_added_and_removed_lines() {
    let repo = Repo::released();
    let output = repo.build(&["--git"]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    let amend = repo.read("diffs/1.2.3/appointments_use_case_amend_an_appointment.html");
    assert_eq!(
        rows(&amend, "added"),
        ["", "A cancelled appointment &lt;script&gt;alert(1)&lt;/script&gt; cannot be amended."]
    );
    assert_eq!(rows(&amend, "removed"), Vec::<String>::new());
    assert!(!amend.contains("<script>alert"));
    let design = repo.read("diffs/1.2.3/appointments_design.html");
    assert_eq!(
        rows(&design, "removed"),
        ["The capability books appointments into existing schedules. It does not create schedules or slots;"]
    );
    assert_eq!(
        rows(&design, "added"),
        ["The capability only books appointments into existing schedules. It does not create schedules or slots;"]
    );
    assert!(design.contains(&format!(
        "<dd><strong>1.2.2</strong> (<code>release/1.2.2</code>, commit <code>{}</code>)</dd>",
        repo.short("release/1.2.2")
    )));
    assert!(design.contains(&format!(
        "<dd><strong>1.2.3</strong> (<code>release/1.2.3</code>, commit <code>{}</code>)</dd>",
        repo.short("release/1.2.3")
    )));
    assert!(design.contains("<span class=\"badge diff-status diff-status-modified\">modified</span> · +1 -1 lines"));
    assert!(design.contains("<tr class=\"diff-hunk\"><th scope=\"rowgroup\" colspan=\"4\">Before: lines 15–21 · After: lines 15–21</th></tr>"));
    assert!(
        design.contains("href=\"../../releases/1.2.3.html#amending-a-cancelled-appointment-is-no-longer-supported\"")
    );
    assert!(
        design.contains(
            "<a href=\"../../pages/appointments_design.html\">Change history of /appointments_design.html</a>"
        )
    );
    assert!(!repo.out().join("diffs/1.2.3/overview_glossary.html").exists(), "an unlisted page has no diff page");
}

#[test]
fn an_unchanged_listed_page_says_so_plainly() {
    let repo = Repo::released();
    assert_eq!(repo.build(&["--git"]).status.code(), Some(0));
    let index = repo.read("diffs/1.2.3/index.html");
    assert!(index.contains("<span class=\"badge diff-status diff-status-unchanged\">unchanged</span> · unchanged"));
    assert!(index.contains(
        "<p class=\"diff-explanation\">The release notes of 1.2.3 list this page, but its text is byte for byte the same as in 1.2.2.</p>"
    ));
    assert!(index.contains("<p class=\"diff-empty\">No line of the text differs.</p>"));
    assert!(!index.contains("<table"));
}

#[test]
fn the_release_page_and_the_page_history_link_to_the_diffs() {
    let repo = Repo::released();
    assert_eq!(repo.build(&["--git"]).status.code(), Some(0));
    let link = |root: &str| {
        format!(
            " · <a href=\"{root}diffs/1.2.3/appointments_design.html\" aria-label=\"Diff of /appointments_design.html \
             from the previous release\">diff</a> <span class=\"diff-summary\">(+1 -1 lines)</span>"
        )
    };
    assert!(repo.read("releases/1.2.3.html").contains(&link("../")));
    assert!(repo.read("pages/appointments_design.html").contains(&link("../")));
    assert!(repo.read("releases/1.2.3.html").contains("diffs/1.2.3/index.html"));
    assert!(!repo.read("releases/1.2.2.html").contains("diffs/"), "1.2.2 has no earlier release with a ref");
    assert!(repo.read("sitemap.xml").contains("diffs/1.2.3/appointments_design.html"));
}

#[test]
fn releases_without_refs_are_named_in_one_note() {
    let repo = Repo::released();
    let output = repo.build(&["--git"]);
    let notes: Vec<String> =
        common::stderr(&output).lines().filter(|l| l.starts_with("build --git:")).map(str::to_string).collect();
    assert_eq!(
        notes[0],
        "build --git: no page diffs for 1.1.0, 1.2.0 (no branch or tag) and 1.2.2 (no earlier release has a branch or \
         tag); patterns tried: `release/{version}`, `v{version}`"
    );
    assert!(notes[1].starts_with("build --git: 7 page diffs of 1 release read from git in "), "{notes:?}");
}

#[test]
fn without_a_ref_for_the_newest_release_the_working_tree_is_shown() {
    let repo = Repo::edited("release/");
    assert_eq!(repo.build(&["--git"]).status.code(), Some(0));
    let design = repo.read("diffs/1.2.3/appointments_design.html");
    assert!(design.contains("<dd><strong>1.2.3</strong> (the working tree: no branch or tag yet)</dd>"));
    assert_eq!(rows(&design, "added").len(), 1);
}

#[test]
fn ref_patterns_replace_the_defaults_and_no_comparable_release_is_an_error() {
    let repo = Repo::edited("rel-");
    let output = repo.build(&["--git"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        common::stderr(&output).lines().last().unwrap_or_default(),
        "error: build --git: no release can be compared with an earlier one: no two releases of a product line have a \
         branch or tag (patterns tried: `release/{version}`, `v{version}`); set `[git] release_refs` in specnotes.toml \
         or pass --ref-pattern"
    );
    assert!(!repo.out().exists(), "nothing is written");
    let output = repo.build(&["--git", "--ref-pattern", "rel-{version}"]);
    assert_eq!(output.status.code(), Some(0), "{}", common::stderr(&output));
    assert!(repo.read("diffs/1.2.3/appointments_design.html").contains("the working tree"));
}

#[test]
fn ref_pattern_needs_git_and_without_git_there_are_no_diffs() {
    let repo = Repo::released();
    assert_eq!(repo.build(&["--ref-pattern", "rel-{version}"]).status.code(), Some(2));
    assert_eq!(repo.build(&[]).status.code(), Some(0));
    assert!(!repo.out().join("diffs").exists());
    assert!(!repo.read("releases/1.2.3.html").contains(">diff</a>"));
}

#[test]
fn the_diff_pages_are_the_same_on_every_build() {
    let repo = Repo::released();
    assert_eq!(repo.build(&["--git"]).status.code(), Some(0));
    let first = common::file_tree(&repo.out());
    assert_eq!(repo.build(&["--git"]).status.code(), Some(0));
    assert_eq!(common::file_tree(&repo.out()), first);
}

#[test]
fn a_spec_outside_any_repository_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    copy_dir(&common::root().join("spec"), &spec);
    if Repository::discover(dir.path()).is_ok() {
        return; // the temp folder is inside a repository: nothing to test here
    }
    let out = dir.path().join("site");
    let output = common::specnotes_in(
        dir.path(),
        &["build", "--git", "--out", out.to_str().expect("utf-8"), spec.to_str().expect("utf-8")],
    );
    assert_eq!(output.status.code(), Some(2));
    let expected = format!("build --git needs a git repository, but `{}` is not inside one", spec.display());
    assert!(common::stderr(&output).contains(&expected), "{}", common::stderr(&output));
}
