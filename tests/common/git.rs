//! Git repositories for the tests of `verify` and `build --git`, built with git2 in a temp folder.

use std::path::Path;

use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature};

/// A new repository in `dir` with `main` as its first branch.
pub fn init(dir: &Path) -> Repository {
    Repository::init_opts(dir, RepositoryInitOptions::new().initial_head("main")).expect("git init")
}

/// Copies the folder `from` (every file, recursively) to `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("under from"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Stages every change of the working tree (deletions included) and commits it on `HEAD`.
pub fn commit_all(repo: &Repository, message: &str) -> Oid {
    let mut index = repo.index().expect("index");
    index.add_all(["*"], IndexAddOption::DEFAULT, None).expect("add all");
    index.update_all(["*"], None).expect("update all");
    index.write().expect("write index");
    let tree = repo.find_tree(index.write_tree().expect("write tree")).expect("tree");
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let signature = Signature::now("Test", "test@example.org").expect("signature");
    let parents: Vec<_> = parent.iter().collect();
    repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents).expect("commit")
}

/// A branch `name` at `HEAD`.
pub fn branch(repo: &Repository, name: &str) {
    let head = repo.head().and_then(|h| h.peel_to_commit()).expect("head commit");
    repo.branch(name, &head, false).expect("branch");
}
