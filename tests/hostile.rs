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

#[test]
fn a_byte_order_mark_hides_front_matter_and_is_a_finding_but_is_harmless_without_it() {
    let dir = spec();
    write(dir.path(), "bom.md", "\u{feff}---\ntitle: Bom\npermalink: bom.html\n---\n## Hi\n");
    write(dir.path(), "plain.md", "\u{feff}# no front matter: a static file\n");
    write(dir.path(), "index.md", page("Home", "index.html", "[bom](bom.html) [plain](plain.md)\n"));
    let found = rules(&check(dir.path()));
    // Jekyll publishes bom.md as-is at /bom.md, so the link to its permalink is broken too.
    assert_eq!(found, ["front-matter", "broken-link"]);
}

#[test]
fn a_byte_order_mark_before_config_data_and_includes_is_dropped_as_jekyll_reads_them() {
    // Jekyll reads these with Ruby's `bom|utf-8`: the mark is not part of the YAML or the text.
    let dir = spec();
    write(dir.path(), "_config.yml", "\u{feff}title: bom\nexclude:\n  - drafts/\n");
    write(dir.path(), "drafts/skip.md", page("Draft", "draft.html", "[x](nowhere.html)\n"));
    let sidebar = "entries:\n- title: S\n  folders:\n  - title: F\n    output: web\n    folderitems:\n    \
                   - title: Gone\n      url: /gone.html\n      output: web\n";
    write(dir.path(), "_data/sidebars/main_sidebar.yml", format!("\u{feff}{sidebar}"));
    write(dir.path(), "_data/numbers.json", "\u{feff}{\"a\": 1}\n");
    write(dir.path(), "_includes/part.md", "\u{feff}## Included heading\n");
    write(dir.path(), "index.md", page("Home", "index.html", "{% include part.md %}\n\n[up](#included-heading)\n"));
    let out = check(dir.path());
    assert_eq!(rules(&out), ["sidebar-broken-url"], "{}", String::from_utf8_lossy(&out.stdout));

    // A YAML error behind the mark is still placed where it is.
    write(dir.path(), "_data/bad.yml", "\u{feff}a: 1\nb: [\n");
    let out = check(dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bad = json["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "data-file").expect("data-file");
    assert_eq!((bad["file"].as_str(), bad["line"].as_u64()), (Some("_data/bad.yml"), Some(3)), "{bad}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_a_dangling_symlink_and_a_folder_named_like_a_page_are_not_read() {
    let dir = spec();
    write(dir.path(), "index.md", page("Home", "index.html", "[x](x.md/inner.html)\n"));
    write(dir.path(), "x.md/inner.md", page("Inner", "x.md/inner.html", "inside a folder named x.md\n"));
    make_fifo(&dir.path().join("pipe.md"));
    make_fifo(&dir.path().join("_includes/pipe.html"));
    make_fifo(&dir.path().join("_data/pipe.yml"));
    std::os::unix::fs::symlink(dir.path().join("nowhere.md"), dir.path().join("dangling.md")).unwrap();
    assert_eq!(rules(&check(dir.path())), Vec::<String>::new(), "a pipe that was opened would hang until the watchdog");
}

#[cfg(unix)]
#[test]
fn a_config_that_is_a_named_pipe_is_a_one_line_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    make_fifo(&dir.path().join("_config.yml"));
    let out = check(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("_config.yml") && err.contains("not a regular file") && err.lines().count() == 1, "{err}");
}

#[cfg(unix)]
#[test]
fn configuration_files_linked_from_outside_the_spec_or_nowhere_are_one_line_errors_not_read() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "shared.yml", "baseurl: /elsewhere\n");
    write(outside.path(), "specnotes.toml", "[rules]\nbroken-link = \"allow\"\n");
    let cases = [
        ("_config.yml", outside.path().join("shared.yml"), "outside the spec folder"),
        ("_config.yml", Path::new("nowhere.yml").to_path_buf(), "does not exist"),
        ("specnotes.toml", outside.path().join("specnotes.toml"), "outside the spec folder"),
    ];
    for (name, target, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "index.md", page("Home", "index.html", "[x](missing.html)\n"));
        std::os::unix::fs::symlink(&target, dir.path().join(name)).unwrap();
        let out = check(dir.path());
        assert_eq!(out.status.code(), Some(2), "{name} -> {}", target.display());
        let err = common::stderr(&out);
        assert!(err.contains(name) && err.contains(reason) && err.lines().count() == 1, "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[cfg(unix)]
#[test]
fn configuration_files_linked_from_inside_the_spec_are_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "conf/site.yml", "exclude: [drafts]\n");
    write(dir.path(), "conf/specnotes.toml", "[rules]\nbroken-anchor = \"allow\"\n");
    write(dir.path(), "index.md", page("Home", "index.html", "[x](index.html#nowhere)\n"));
    write(dir.path(), "drafts/draft.md", page("Draft", "draft.html", "[y](missing.html)\n"));
    std::os::unix::fs::symlink("conf/site.yml", dir.path().join("_config.yml")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("conf/specnotes.toml"), dir.path().join("specnotes.toml")).unwrap();
    // `exclude` hides the draft's broken link; the settings turn the broken anchor off.
    assert_eq!(rules(&check(dir.path())), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn an_unreadable_page_is_a_one_line_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = spec();
    write(dir.path(), "secret.md", page("Secret", "secret.html", "x\n"));
    let path = dir.path().join("secret.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: running as root, permissions do not stop reads");
        return;
    }
    let out = check(dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.starts_with("error: ") && err.contains("secret.md") && err.lines().count() == 1, "{err}");
}

#[test]
fn percent_encoded_and_absolute_traversal_stays_inside_the_site() {
    let dir = spec();
    let links = "[a](%2e%2e/%2E%2E/x.html) [b](/%2e%2e/etc/passwd) [c](..%2f..%2fetc/passwd) [d](file:///etc/passwd)\n";
    write(dir.path(), "enc.md", page("Enc", "/%2e%2e/%2e%2e/etc/passwd", links));
    write(dir.path(), "abs.md", page("Abs", "/etc/passwd", "[e](/etc/passwd)\n"));
    write(dir.path(), "win.md", page("Win", "C:\\Windows\\x.html", "[f](C:\\Windows\\x.html)\n"));
    let found = rules(&check(dir.path()));
    assert!(found.iter().all(|r| r == "broken-link"), "{found:?}");
    // a, b and c are broken; d has a scheme (`file:`) and is not checked; e is the page whose
    // URL is /etc/passwd (a URL of the site, not a path on the machine); f is a Windows path,
    // which a browser reads as `C:/Windows/x.html` under the page's folder: broken too.
    assert_eq!(found.len(), 4, "{found:?}");
}

#[test]
fn duplicate_permalinks_are_a_finding_however_they_are_written() {
    let dir = spec();
    write(dir.path(), "one.md", page("One", "/dup.html", "x\n"));
    write(dir.path(), "two.md", page("Two", "dup.html", "x\n"));
    write(dir.path(), "three.md", page("Three", "/dup.html", "x\n"));
    let found = rules(&check(dir.path()));
    assert_eq!(found, ["duplicate-permalink", "duplicate-permalink"]);
}

#[cfg(unix)]
fn make_fifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

/// Time and peak memory of one `check --format short` run, with its findings counted by rule.
#[cfg(unix)]
struct Measured {
    code: Option<i32>,
    elapsed: Duration,
    peak_bytes: u64,
    broken_anchors: usize,
}

/// Big inputs: a hang, not slowness (release builds take a few seconds).
#[cfg(unix)]
const BIG_WATCHDOG: Duration = Duration::from_secs(300);

/// Runs `check --format short` on `dir` and measures the child alone: `wait4` returns the
/// resource usage of that one process (peak resident set), unlike `RUSAGE_CHILDREN`, which
/// other tests' children running in parallel would share.
#[cfg(unix)]
#[allow(clippy::zombie_processes)] // reaped by `libc::wait4`, which std's `Child` does not know about
fn check_measured(dir: &Path) -> Measured {
    use std::io::BufRead;
    let start = std::time::Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_specnotes"))
        .args(["check", "--format", "short"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("specnotes starts");
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let counter = std::thread::spawn(move || {
        stdout.lines().map_while(Result::ok).filter(|l| l.contains("[broken-anchor]")).count()
    });
    let pid = child.id() as libc::pid_t;
    let (done, watchdog) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if watchdog.recv_timeout(BIG_WATCHDOG).is_err() {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    });
    let mut status = 0;
    // SAFETY: rusage is plain data, and `pid` is our own child, not yet waited for.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    let _ = done.send(());
    assert_eq!(reaped, pid, "wait4 failed");
    assert!(elapsed < BIG_WATCHDOG, "specnotes did not finish within {BIG_WATCHDOG:?}");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // ru_maxrss is in kilobytes on Linux.
    let peak_bytes = usage.ru_maxrss as u64 * 1024;
    Measured { code, elapsed, peak_bytes, broken_anchors: counter.join().unwrap() }
}

/// The memory bound of the big cases: 64 MiB for the program, 12 bytes per input byte (the
/// text, its masked copy while the page is parsed, line index, parse state) and 640 bytes per link (the parsed link,
/// pulldown-cmark's node while the page is parsed and, when broken, its finding). Measured in
/// release (docs/reliability.md): 875 MiB for the 100 MB page with 1.1 million good links,
/// 666 MiB for 23 MB holding a million broken ones; the bound leaves about 40 % headroom
/// over both for allocator differences.
#[cfg(unix)]
fn memory_bound(input_bytes: u64, links: u64) -> u64 {
    64 * 1024 * 1024 + 12 * input_bytes + 640 * links
}

#[cfg(unix)]
#[test]
#[ignore = "writes and checks a 100 MB page: run in release by .ci/run (cargo test --release --test hostile -- --ignored)"]
fn a_hundred_megabyte_page_finishes_in_bounded_time_and_memory() {
    let dir = spec();
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod [x](#h1) tempor.\n";
    let section: String = format!("## Section\n\n{}\n", paragraph.repeat(100));
    let body = section.repeat(100 * 1024 * 1024 / section.len());
    write(dir.path(), "big.md", page("Big", "big.html", &format!("## H1\n\n{body}")));
    let m = check_measured(dir.path());
    let size = body.len() as u64;
    eprintln!("100 MB page: {:?}, peak {} MiB, exit {:?}", m.elapsed, m.peak_bytes >> 20, m.code);
    assert!(matches!(m.code, Some(0 | 1)), "exit {:?}", m.code);
    let links = body.matches("](#h1)").count() as u64;
    let bound = memory_bound(size, links);
    assert!(m.peak_bytes <= bound, "peak {} MiB, bound {} MiB", m.peak_bytes >> 20, bound >> 20);
}

#[cfg(unix)]
#[test]
#[ignore = "a million links, each a finding: run in release by .ci/run (cargo test --release --test hostile -- --ignored)"]
fn a_page_with_a_million_links_finishes_in_bounded_time_and_memory() {
    let dir = spec();
    let links: String = (0..1_000_000).map(|i| format!("[l{i}](links.html#a{}) ", i % 7)).collect();
    write(dir.path(), "links.md", page("Links", "links.html", &format!("## Links\n\n{links}\n")));
    let m = check_measured(dir.path());
    let size = links.len() as u64;
    eprintln!("million links: {:?}, peak {} MiB, exit {:?}", m.elapsed, m.peak_bytes >> 20, m.code);
    assert_eq!(m.code, Some(1));
    assert_eq!(m.broken_anchors, 1_000_000);
    let bound = memory_bound(size, 1_000_000);
    assert!(m.peak_bytes <= bound, "peak {} MiB, bound {} MiB", m.peak_bytes >> 20, bound >> 20);
}

#[cfg(unix)]
#[test]
#[ignore = "writes and checks 40 MB of link-shaped text: run in release by .ci/run (cargo test --release --test hostile -- --ignored)"]
fn link_shaped_text_kramdown_reads_is_read_in_linear_time() {
    // Each pattern is what one of kramdown's link forms starts with, repeated on one line with
    // nothing to close it: read naively, every occurrence searches the rest of the line
    // (hours for 10 MB each); read in one pass, a few seconds.
    let dir = spec();
    let size = 10 * 1024 * 1024;
    for (i, unit) in
        ["x](a b ", "x](a b) ", "<div markdown=\"span\">[x](y.html)", "<div markdown=\"span\">"].iter().enumerate()
    {
        let body = unit.repeat(size / unit.len());
        write(dir.path(), &format!("p{i}.md"), page(&format!("P{i}"), &format!("p{i}.html"), &format!("{body}\n")));
    }
    let m = check_measured(dir.path());
    eprintln!("link-shaped text: {:?}, peak {} MiB, exit {:?}", m.elapsed, m.peak_bytes >> 20, m.code);
    assert!(matches!(m.code, Some(0 | 1)), "exit {:?}", m.code);
    let bound = memory_bound(4 * size as u64, 2 * size as u64 / 30);
    assert!(m.peak_bytes <= bound, "peak {} MiB, bound {} MiB", m.peak_bytes >> 20, bound >> 20);
}
