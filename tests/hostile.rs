//! Hostile specs: whatever specnotes is fed, it answers with a finding or a one-line error
//! (exit 2) within bounded time, and never panics. Every spec is generated in a temporary
//! folder. The time bound is a watchdog against hangs, not a performance target: it is
//! generous because CI machines are shared and tests run in debug builds.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// A hang, not slowness: every case finishes in well under a second in release builds.
const WATCHDOG: Duration = Duration::from_secs(60);

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn page(title: &str, permalink: &str, body: &str) -> String {
    format!("---\ntitle: {title}\npermalink: {permalink}\n---\n{body}")
}

/// Runs `check --format json` on `dir` under the watchdog (output is drained while it runs).
fn check(dir: &Path) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("specnotes starts");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output()));
    match rx.recv_timeout(WATCHDOG) {
        Ok(output) => output.expect("output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("specnotes did not finish within {WATCHDOG:?} on {}", dir.display());
        }
    }
}

/// The rules of the findings, after asserting the run ended with exit 0 or 1 and valid JSON.
fn rules(out: &Output) -> Vec<String> {
    let code = out.status.code();
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}; stderr: {}", common::stderr(out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    json["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap().to_string()).collect()
}

fn spec() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "title: hostile\n");
    dir
}

#[test]
fn invalid_utf8_is_a_finding_and_the_rest_is_still_checked() {
    let dir = spec();
    write(dir.path(), "bad.md", b"---\ntitle: Bad\npermalink: bad.html\n---\n\xff\xfe text [x](missing.html)\n");
    let found = rules(&check(dir.path()));
    assert!(found.contains(&"front-matter".to_string()), "{found:?}");
    assert!(found.contains(&"broken-link".to_string()), "{found:?}");
}

#[test]
fn crlf_and_mixed_line_endings_resolve_anchors() {
    let dir = spec();
    write(dir.path(), "a.md", "---\r\ntitle: A\r\npermalink: a.html\r\n---\r\n## One two\n\r\n[b](b.html#three)\r\n");
    write(dir.path(), "b.md", "---\ntitle: B\npermalink: b.html\n---\r\n## Three\r\n[a](a.html#one-two)\n");
    assert_eq!(rules(&check(dir.path())), Vec::<String>::new());
}

#[test]
fn empty_files_and_an_empty_config_are_fine() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "");
    write(dir.path(), "empty.md", "");
    write(dir.path(), "only_front_matter.md", "---\n---\n");
    write(dir.path(), "_data/sidebars/empty_sidebar.yml", "");
    let found = rules(&check(dir.path()));
    assert!(found.iter().all(|r| r == "missing-front-matter-key"), "{found:?}");
}

#[test]
fn front_matter_without_closing_line_is_a_finding() {
    let dir = spec();
    write(dir.path(), "open.md", "---\ntitle: Open\npermalink: open.html\nno closing line\n");
    assert_eq!(rules(&check(dir.path())), ["front-matter"]);
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    let dir = spec();
    let mut yaml = String::from(
        "---\ntitle: Bomb\npermalink: bomb.html\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names: Vec<char> = "abcdefghi".chars().collect();
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(",");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    yaml.push_str("---\nbody\n");
    write(dir.path(), "bomb.md", &yaml);
    write(dir.path(), "_data/bomb.yml", yaml.replace("---\n", "").replace("body\n", ""));
    let found = rules(&check(dir.path()));
    assert!(found.contains(&"front-matter".to_string()), "{found:?}");
    assert!(found.contains(&"data-file".to_string()), "{found:?}");
}

#[test]
fn ten_thousand_levels_of_lists_and_block_quotes_do_not_overflow_the_stack() {
    let dir = spec();
    let lists: String = (0..10_000).map(|i| format!("{}- item\n", "  ".repeat(i.min(2_000)))).collect();
    let quotes = format!("{} deep\n", ">".repeat(10_000));
    let mixed: String = (0..10_000).map(|_| "> - ").collect::<String>() + "x\n";
    write(dir.path(), "lists.md", page("Lists", "lists.html", &lists));
    write(dir.path(), "quotes.md", page("Quotes", "quotes.html", &quotes));
    write(dir.path(), "mixed.md", page("Mixed", "mixed.html", &mixed));
    write(
        dir.path(),
        "release_notes_1_0_0.md",
        page(
            "API 1.0.0 release notes",
            "rn_1_0_0.html",
            &format!("## 1.0.0 changes\n\n### Deep\n\n**Description:**\n\n{quotes}{mixed}"),
        ),
    );
    rules(&check(dir.path()));
}

#[test]
fn a_ten_megabyte_page_and_a_hundred_thousand_links_finish() {
    let dir = spec();
    let text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(180_000);
    write(dir.path(), "big.md", page("Big", "big.html", &format!("## Big\n\n{text}\n")));
    let links: String = (0..100_000).map(|i| format!("[l{i}](big.html#a{} ) ", i % 7)).collect();
    write(dir.path(), "links.md", page("Links", "links.html", &links));
    let found = rules(&check(dir.path()));
    assert_eq!(found.iter().filter(|r| *r == "broken-anchor").count(), 100_000);
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_outside_the_spec_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.md", page("Secret", "secret.html", "outside the spec\n"));
    let dir = spec();
    write(dir.path(), "index.md", page("Home", "index.html", "[secret](secret.html)\n"));
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("outside")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("secret.md")).unwrap();
    let out = check(dir.path());
    assert_eq!(rules(&out), ["broken-link"], "the page behind the symlink is not part of the spec");
}

#[test]
fn traversal_in_permalinks_and_links_stays_inside_the_site() {
    let dir = spec();
    write(
        dir.path(),
        "a.md",
        page("A", "../../etc/passwd", "[up](../../../../etc/passwd) [enc](%2e%2e/%2e%2e/x.html) [abs](/etc/passwd)\n"),
    );
    write(dir.path(), "b.md", page("B", "/abs/b.html", "[a](../../etc/passwd)\n"));
    let found = rules(&check(dir.path()));
    assert!(found.iter().all(|r| r == "broken-link"), "{found:?}");
}

#[test]
fn nul_bytes_are_text() {
    let dir = spec();
    write(dir.path(), "nul.md", b"---\ntitle: Nul\npermalink: nul.html\n---\n## A\x00B\n[x](nul.html#ab)\n");
    rules(&check(dir.path()));
}

#[test]
fn a_config_that_is_not_a_mapping_is_a_one_line_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "_config.yml", "- just\n- a list\n");
    let out = check(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.starts_with("error: ") && err.contains("_config.yml") && err.lines().count() == 1, "{err}");
    assert!(out.stdout.is_empty());
}
