//! Release refs: the branch or tag that holds a release of the spec (`specnotes verify`).
//!
//! A release is found by name, not by searching history: each pattern (`release/{version}`,
//! `v{version}` by default; `[git] release_refs` or `verify --ref-pattern`) is filled in with the
//! version and tried as a local branch, then as a branch of the `origin` remote (what a CI
//! checkout has), then as a tag, annotated tags peeled to their commit. The first that exists
//! wins, so the order of the patterns is the order of preference.

use git2::Repository;

use crate::model::Release;

/// The patterns used when neither `specnotes.toml` nor the command line gives any.
pub const DEFAULT_PATTERNS: &[&str] = &["release/{version}", "v{version}"];

/// Where one pattern, filled in, is looked for, in order.
const PLACES: &[(&str, &str)] = &[("refs/heads/", ""), ("refs/remotes/origin/", "origin/"), ("refs/tags/", "")];

/// The ref that holds a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRef {
    /// The ref's short name as found: `release/1.2.2`, `origin/release/1.2.2` or `v1.2.2`.
    pub name: String,
    /// The commit it points at (tags peeled), as 40 hex digits.
    pub commit: String,
}

/// Resolves release versions to commits through name patterns with a `{version}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRefs {
    patterns: Vec<String>,
}

impl ReleaseRefs {
    /// Uses `patterns`, or [`DEFAULT_PATTERNS`] when there are none.
    pub fn new(patterns: &[String]) -> ReleaseRefs {
        let patterns = if patterns.is_empty() {
            DEFAULT_PATTERNS.iter().map(|p| (*p).to_string()).collect()
        } else {
            patterns.to_vec()
        };
        ReleaseRefs { patterns }
    }

    /// The patterns in effect.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The ref names tried for `release`, in order: each pattern filled in with
    /// [`ref_version`]; a pattern with `{product}` is filled in with the product line and is
    /// only tried for releases that have one.
    pub fn names(&self, release: &Release) -> Vec<String> {
        let version = ref_version(release);
        self.patterns
            .iter()
            .filter_map(|pattern| match (pattern.contains("{product}"), release.product.as_deref()) {
                (true, None) => None,
                (true, Some(product)) => {
                    Some(pattern.replace("{product}", product).replace("{version}", &release.version))
                }
                (false, _) => Some(pattern.replace("{version}", &version)),
            })
            .collect()
    }

    /// The first ref of [`Self::names`] that exists in `repo` as a local branch, an `origin`
    /// branch or a tag, with its commit.
    pub fn resolve(&self, repo: &Repository, release: &Release) -> Option<ReleaseRef> {
        self.names(release).iter().find_map(|name| resolve_name(repo, name))
    }

    /// What was tried for `release`, for error messages: "`release/1.2.2`, `v1.2.2`".
    pub fn tried(&self, release: &Release) -> String {
        let names: Vec<String> = self.names(release).iter().map(|n| format!("`{n}`")).collect();
        if names.is_empty() { "no pattern applies".to_string() } else { names.join(", ") }
    }
}

/// The text `{version}` stands for: the version as the release notes write it (`1.2.3`),
/// prefixed with the product line and `-` for a product line's release (`documents-1.0.0`).
pub fn ref_version(release: &Release) -> String {
    match &release.product {
        Some(product) => format!("{product}-{}", release.version),
        None => release.version.clone(),
    }
}

/// `name` as a local branch, `origin` branch or tag, peeled to its commit.
fn resolve_name(repo: &Repository, name: &str) -> Option<ReleaseRef> {
    PLACES.iter().find_map(|(namespace, shown)| {
        let reference = repo.find_reference(&format!("{namespace}{name}")).ok()?;
        let commit = reference.peel_to_commit().ok()?;
        Some(ReleaseRef { name: format!("{shown}{name}"), commit: commit.id().to_string() })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{Oid, RepositoryInitOptions, Signature};

    use crate::model::test_release as release;

    fn repository() -> (tempfile::TempDir, Repository, Oid, Oid) {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init_opts(dir.path(), RepositoryInitOptions::new().initial_head("main")).expect("init");
        let signature = Signature::now("Test", "test@example.org").expect("signature");
        let (first, second) = {
            let tree = repo.find_tree(repo.index().expect("index").write_tree().expect("tree")).expect("tree");
            let first = repo.commit(Some("HEAD"), &signature, &signature, "one", &tree, &[]).expect("commit");
            let parent = repo.find_commit(first).expect("first");
            let second = repo.commit(Some("HEAD"), &signature, &signature, "two", &tree, &[&parent]).expect("commit");
            (first, second)
        };
        (dir, repo, first, second)
    }

    #[test]
    fn default_patterns_fill_in_the_version_and_the_product_line() {
        let refs = ReleaseRefs::new(&[]);
        assert_eq!(refs.names(&release(None, "1.2.3")), ["release/1.2.3", "v1.2.3"]);
        assert_eq!(refs.names(&release(Some("documents"), "1.0.0")), ["release/documents-1.0.0", "vdocuments-1.0.0"]);
        let custom = ReleaseRefs::new(&["{product}/{version}".to_string(), "rel-{version}".to_string()]);
        assert_eq!(custom.names(&release(None, "1.2.3")), ["rel-1.2.3"]);
        assert_eq!(custom.names(&release(Some("documents"), "1.0.0")), ["documents/1.0.0", "rel-documents-1.0.0"]);
        assert_eq!(custom.tried(&release(None, "1.2.3")), "`rel-1.2.3`");
    }

    #[test]
    fn a_local_branch_wins_over_an_origin_branch_and_a_tag() {
        let (_dir, repo, first, second) = repository();
        repo.reference("refs/remotes/origin/release/1.2.2", second, false, "test").expect("remote branch");
        repo.reference("refs/tags/release/1.2.2", second, false, "test").expect("tag");
        let refs = ReleaseRefs::new(&[]);
        let found = refs.resolve(&repo, &release(None, "1.2.2")).expect("found");
        assert_eq!(found.name, "origin/release/1.2.2");
        repo.branch("release/1.2.2", &repo.find_commit(first).expect("first"), false).expect("branch");
        let found = refs.resolve(&repo, &release(None, "1.2.2")).expect("found");
        assert_eq!(found, ReleaseRef { name: "release/1.2.2".into(), commit: first.to_string() });
    }

    #[test]
    fn an_annotated_tag_is_peeled_to_its_commit() {
        let (_dir, repo, first, _) = repository();
        let signature = Signature::now("Test", "test@example.org").expect("signature");
        let object = repo.find_object(first, None).expect("object");
        repo.tag("v1.0.0", &object, &signature, "release 1.0.0", false).expect("annotated tag");
        let found = ReleaseRefs::new(&[]).resolve(&repo, &release(None, "1.0.0")).expect("found");
        assert_eq!(found, ReleaseRef { name: "v1.0.0".into(), commit: first.to_string() });
        assert_eq!(ReleaseRefs::new(&[]).resolve(&repo, &release(None, "1.1.0")), None);
    }
}
