//! The real `specnotes serve --port 0` on a temporary copy of `spec/`: its URL, the pages it
//! serves, traversal refusal, loopback binding, live reload after an edit, and a broken
//! `_config.yml` kept out of the served site. Waits are generous and nothing asserts speed.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(120);

/// The server process, killed when the test ends however it ends.
struct Served {
    child: Child,
    addr: SocketAddr,
    _stderr: ChildStderr,
    _spec: tempfile::TempDir,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Serves a fresh copy of `spec/` on a free port; returns once the URL is printed.
    fn start() -> (Served, String) {
        let spec = spec_copy();
        let mut child = Command::new(env!("CARGO_BIN_EXE_specnotes"))
            .args(["serve", "--port", "0"])
            .arg(spec.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("specnotes runs");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let mut served = Served { child, addr: SocketAddr::from(([127, 0, 0, 1], 0)), _stderr: stderr, _spec: spec };
        let mut line = String::new();
        let read = BufReader::new(stdout).read_line(&mut line);
        assert!(read.is_ok_and(|n| n > 0), "serve printed nothing");
        let url = line.trim_end().to_string();
        served.addr = url
            .strip_prefix("serving http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("not a URL line: {line:?}"));
        (served, url)
    }

    fn spec(&self) -> &Path {
        self._spec.path()
    }

    fn get(&self, target: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let request = format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, text)
    }

    /// An events connection, read past its response head.
    fn subscribe(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        stream.write_all(b"GET /__specnotes/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::from("start");
        while line != "\r\n" {
            line.clear();
            assert!(reader.read_line(&mut line).unwrap() > 0, "events connection closed");
        }
        reader
    }
}

fn spec_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = common::root().join("spec");
    for entry in walkdir::WalkDir::new(&from).into_iter().flatten() {
        let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// The name of the next event (skipping comments, pings and `retry:`).
fn next_event(events: &mut BufReader<TcpStream>) -> String {
    loop {
        let mut line = String::new();
        assert!(events.read_line(&mut line).unwrap() > 0, "events connection closed");
        if let Some(name) = line.trim_end().strip_prefix("event: ") {
            return name.to_string();
        }
    }
}

/// Waits until `done` holds for the served `target`, polling.
fn eventually(served: &Served, target: &str, done: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, text) = served.get(target);
        if done(&text) || start.elapsed() > WAIT {
            return text;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

const RELEASE_PAGE: &str = "pages/overview/release_notes/1_2_3.md";

#[test]
fn serve_prints_its_url_on_loopback_and_serves_the_site_but_nothing_outside_it() {
    let (served, url) = Served::start();
    assert_eq!(url, format!("serving http://{}/", served.addr));
    assert!(served.addr.ip().is_loopback(), "{url}");
    let (status, index) = served.get("/");
    assert_eq!(status, 200, "{index}");
    assert!(index.contains("releases/1.2.3.html"), "{index}");
    assert!(index.contains("/__specnotes/reload.js"), "{index}");
    let (status, release) = served.get("/releases/1.2.3.html");
    assert_eq!(status, 200, "{release}");
    assert!(release.contains("Amending a cancelled appointment is no longer supported"), "{release}");
    assert_eq!(served.get("/../Cargo.toml").0, 404);
    assert_eq!(served.get("/%2e%2e/Cargo.toml").0, 404);
}

#[test]
fn editing_a_release_title_reloads_the_page_with_the_new_title() {
    let (served, _) = Served::start();
    let mut events = served.subscribe();
    let page = served.spec().join(RELEASE_PAGE);
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replace(
        "### Amending a cancelled appointment is no longer supported ###",
        "### Amended appointments stay amended ###",
    );
    assert_ne!(text, edited);
    std::fs::write(&page, edited).unwrap();
    assert_eq!(next_event(&mut events), "reload");
    let release = eventually(&served, "/releases/1.2.3.html", |t| t.contains("Amended appointments stay amended"));
    assert!(release.contains("Amended appointments stay amended"), "{release}");
}

#[test]
fn a_broken_config_keeps_the_last_site_with_the_error_in_the_banner_until_fixed() {
    let (served, _) = Served::start();
    let mut events = served.subscribe();
    let config = served.spec().join("_config.yml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{good}\nexclude: [unclosed\n")).unwrap();
    assert_eq!(next_event(&mut events), "failed");
    let (status, page) = served.get("/releases/1.2.3.html");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("specnotes-build-failure"), "{page}");
    assert!(page.contains("_config.yml"), "{page}");
    assert!(page.contains("Amending a cancelled appointment is no longer supported"), "{page}");
    std::fs::write(&config, good).unwrap();
    // Later events of the same save may still be failures; wait for the good rebuild.
    while next_event(&mut events) != "reload" {}
    let fixed = eventually(&served, "/releases/1.2.3.html", |t| !t.contains("specnotes-build-failure"));
    assert!(!fixed.contains("specnotes-build-failure"), "{fixed}");
}
