//! `specnotes::serve` over real sockets: a fake rebuild closure builds a small site from the
//! files of a temporary folder, and a plain `TcpStream` client talks HTTP/1.1 to it. Waits are
//! generous (the machine is shared): nothing here asserts speed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use specnotes::serve::{ServeOptions, Server, SiteFiles};

const WAIT: Duration = Duration::from_secs(30);

/// What the fake rebuild was called with, one entry per call.
type Calls = Arc<Mutex<Vec<Vec<PathBuf>>>>;

/// A site made of the folder's top-level files: `index.html` lists them, `NAME.html` holds
/// `NAME.md`; a file `broken.md` makes the build fail with its text.
fn build(root: &Path) -> Result<SiteFiles, String> {
    let mut files = SiteFiles::new();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root).map_err(|e| e.to_string())?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        if name == "broken.md" {
            return Err(text);
        }
        if let Some(stem) = name.strip_suffix(".md") {
            files.insert(format!("{stem}.html"), format!("<html><body><p>{text}</p></body></html>").into_bytes());
        }
        names.push(name);
    }
    names.sort();
    files.insert("index.html".into(), format!("<html><body><h1>Home</h1>{}</body></html>", names.join(",")).into());
    files.insert("dir/index.html".into(), b"<html><body><h1>Nested</h1></body></html>".to_vec());
    files.insert("style.css".into(), b"body { color: black }".to_vec());
    Ok(files)
}

fn start(root: &Path) -> (Server, Calls) {
    let calls = Calls::default();
    let (recorded, watched) = (Arc::clone(&calls), root.to_path_buf());
    let mut options = ServeOptions::new(root);
    options.addr.set_port(0);
    let server = Server::start(options, move |paths: &[PathBuf]| {
        recorded.lock().unwrap().push(paths.to_vec());
        build(&watched)
    })
    .expect("server starts");
    (server, calls)
}

fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("page.md"), "first").unwrap();
    dir
}

/// Status, head and body of one request sent as `raw` on a new connection.
fn send(addr: SocketAddr, raw: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, format!("{head}\r\n"), body.to_string())
}

fn get(addr: SocketAddr, target: &str) -> (u16, String, String) {
    send(addr, &format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
}

/// An events connection, read until its response head.
fn subscribe(addr: SocketAddr) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(b"GET /__specnotes/events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert_eq!(line, "HTTP/1.1 200 OK\r\n");
    while line != "\r\n" {
        line.clear();
        reader.read_line(&mut line).unwrap();
    }
    reader
}

/// The name of the next event (skipping comments and `retry:`), with its data lines.
fn next_event(events: &mut BufReader<TcpStream>) -> (String, Vec<String>) {
    let (mut name, mut data) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        assert!(events.read_line(&mut line).unwrap() > 0, "events connection closed");
        let line = line.trim_end_matches('\n');
        if let Some(n) = line.strip_prefix("event: ") {
            name = n.to_string();
        } else if let Some(d) = line.strip_prefix("data: ") {
            data.push(d.to_string());
        } else if line.is_empty() && !name.is_empty() {
            return (name, data);
        }
    }
}

#[test]
fn the_root_and_a_nested_folder_serve_their_index_page_with_the_reload_script() {
    let dir = folder();
    let (server, _) = start(dir.path());
    let (status, head, body) = get(server.addr(), "/");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: text/html; charset=utf-8\r\n"), "{head}");
    assert!(head.contains("Cache-Control: no-cache\r\n"), "{head}");
    assert!(body.starts_with("<html><body><h1>Home</h1>page.md<link rel=\"stylesheet\""), "{body}");
    assert!(body.ends_with("<script src=\"/__specnotes/reload.js\" defer></script></body></html>"), "{body}");
    assert!(get(server.addr(), "/dir/").2.contains("<h1>Nested</h1>"));
    let (status, head, _) = get(server.addr(), "/dir");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /dir/\r\n"), "{head}");
    let (status, head, body) = get(server.addr(), "/style.css");
    assert_eq!((status, body.as_str()), (200, "body { color: black }"));
    assert!(head.contains("Content-Type: text/css; charset=utf-8\r\n"), "{head}");
    let (status, _, script) = get(server.addr(), "/__specnotes/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__specnotes/events\")"));
}

#[test]
fn head_answers_the_get_head_without_a_body() {
    let dir = folder();
    let (server, _) = start(dir.path());
    let (status, head, body) = send(server.addr(), "HEAD /style.css HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!((status, body.as_str()), (200, ""));
    assert!(head.contains("Content-Length: 21\r\n"), "{head}");
}

#[test]
fn missing_files_are_404_other_methods_405_and_overlong_targets_414() {
    let dir = folder();
    let (server, _) = start(dir.path());
    assert_eq!(get(server.addr(), "/nothing.html").0, 404);
    let (status, head, _) = send(server.addr(), "DELETE / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 405);
    assert!(head.contains("Allow: GET, HEAD\r\n"), "{head}");
    assert_eq!(get(server.addr(), &format!("/{}", "a".repeat(9000))).0, 414);
    assert_eq!(send(server.addr(), "NONSENSE\r\n\r\n").0, 400);
}

#[test]
fn traversal_attempts_are_404_and_never_reach_the_disk() {
    let dir = folder();
    let (server, _) = start(dir.path());
    for target in ["/../Cargo.toml", "/%2e%2e/x", "/..%2fx", "//etc/passwd", "/C:/x", "/a\\..\\b", "/../page.md"] {
        let (status, _, body) = get(server.addr(), target);
        assert_eq!(status, 404, "{target}");
        assert!(body.contains("<h1>Not found</h1>"), "{target}: {body}");
        assert!(!body.contains("first") && !body.contains("[package]"), "{target}: {body}");
    }
}

#[test]
fn the_server_binds_loopback_by_default_and_reports_the_port_it_got() {
    let dir = folder();
    assert_eq!(ServeOptions::new(dir.path()).addr, SocketAddr::from((Ipv4Addr::LOCALHOST, 4000)));
    let (server, _) = start(dir.path());
    assert_eq!(server.addr().ip(), Ipv4Addr::LOCALHOST);
    assert_ne!(server.addr().port(), 0);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let dir = folder();
    let (server, _) = start(dir.path());
    let mut options = ServeOptions::new(dir.path());
    options.addr = server.addr();
    let err = Server::start(options, |_: &[PathBuf]| Ok(SiteFiles::new())).unwrap_err();
    assert_eq!(err.to_string(), format!("cannot listen on {}", server.addr()));
}

#[test]
fn one_connection_answers_several_requests() {
    let dir = folder();
    let (server, _) = start(dir.path());
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.write_all(b"GET /style.css HTTP/1.1\r\n\r\nGET /style.css HTTP/1.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    stream.read_to_string(&mut text).unwrap();
    assert_eq!(text.matches("HTTP/1.1 200 OK\r\n").count(), 2, "{text}");
    assert_eq!(text.matches("body { color: black }").count(), 2, "{text}");
}

#[test]
fn saving_a_file_rebuilds_with_its_path_and_reloads_open_pages() {
    let dir = folder();
    let (server, calls) = start(dir.path());
    let mut events = subscribe(server.addr());
    std::fs::write(dir.path().join("page.md"), "second").unwrap();
    assert_eq!(next_event(&mut events).0, "reload");
    assert!(get(server.addr(), "/page.html").2.starts_with("<html><body><p>second</p>"));
    let calls = calls.lock().unwrap();
    assert_eq!(calls[0], Vec::<PathBuf>::new());
    assert!(calls[1..].iter().flatten().all(|p| p == Path::new("page.md")), "{calls:?}");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_shows_the_failure_escaped() {
    let dir = folder();
    let (server, _) = start(dir.path());
    let mut events = subscribe(server.addr());
    std::fs::write(dir.path().join("broken.md"), "page.md:3 <unclosed> & wrong\nsecond line").unwrap();
    let (name, data) = next_event(&mut events);
    assert_eq!((name.as_str(), data), ("failed", vec!["page.md:3 <unclosed> & wrong".into(), "second line".into()]));
    let (status, _, body) = get(server.addr(), "/");
    assert_eq!(status, 200);
    assert!(body.starts_with("<html><body><h1>Home</h1>page.md<div id=\"specnotes-build-failure\""), "{body}");
    assert!(body.contains("<pre>page.md:3 &lt;unclosed&gt; &amp; wrong\nsecond line</pre>"), "{body}");
    std::fs::remove_file(dir.path().join("broken.md")).unwrap();
    assert_eq!(next_event(&mut events).0, "reload");
    assert!(!get(server.addr(), "/").2.contains("specnotes-build-failure"));
}

#[test]
fn a_page_opened_while_a_failure_stands_is_told_about_it() {
    let dir = folder();
    std::fs::write(dir.path().join("broken.md"), "no site yet").unwrap();
    let (server, _) = start(dir.path());
    let (status, _, body) = get(server.addr(), "/");
    assert_eq!(status, 404);
    assert!(body.contains("<pre>no site yet</pre>"), "{body}");
    let mut events = subscribe(server.addr());
    assert_eq!(next_event(&mut events), ("failed".to_string(), vec!["no site yet".to_string()]));
}

#[test]
fn open_pages_do_not_take_the_workers_needed_by_requests() {
    let dir = folder();
    let (server, _) = start(dir.path());
    let pages: Vec<_> = (0..300).map(|_| subscribe(server.addr())).collect();
    assert_eq!(server.live_pages(), pages.len());
    assert_eq!(get(server.addr(), "/style.css").0, 200);
}

#[test]
fn deleting_renaming_and_half_writing_files_during_rebuilds_never_stops_the_server() {
    let dir = folder();
    let (server, calls) = start(dir.path());
    let root = dir.path().to_path_buf();
    let churn = std::thread::spawn(move || {
        let end = Instant::now() + Duration::from_secs(2);
        let mut round = 0;
        while Instant::now() < end {
            let (a, b) = (root.join(format!("a{}.md", round % 5)), root.join(format!("b{}.md", round % 5)));
            let _ = std::fs::write(&a, "x".repeat(round % 4096));
            let _ = std::fs::rename(&a, &b);
            let mut half = std::fs::File::create(root.join("half.md")).unwrap();
            let _ = half.write_all(b"half wri");
            let _ = std::fs::remove_file(&b);
            let _ = std::fs::create_dir_all(root.join("sub"));
            let _ = std::fs::remove_dir_all(root.join("sub"));
            round += 1;
        }
    });
    let mut answered = 0;
    while !churn.is_finished() {
        assert_eq!(get(server.addr(), "/").0, 200);
        answered += 1;
    }
    churn.join().unwrap();
    assert!(answered > 0);
    let rebuilds = calls.lock().unwrap().len();
    assert!(rebuilds > 1, "{rebuilds}");
    let mut events = subscribe(server.addr());
    std::fs::write(dir.path().join("page.md"), "after the storm").unwrap();
    // Reloads of batches still in flight may come first.
    let deadline = Instant::now() + WAIT;
    while !get(server.addr(), "/page.html").2.contains("after the storm") {
        assert!(Instant::now() < deadline, "the last save was never served");
        assert_eq!(next_event(&mut events).0, "reload");
    }
}

#[test]
fn a_server_on_every_interface_stops_when_shut_down() {
    let dir = folder();
    let mut options = ServeOptions::new(dir.path());
    options.addr = SocketAddr::from((Ipv4Addr::UNSPECIFIED, 0));
    let server = Server::start(options, |_: &[PathBuf]| Ok(SiteFiles::new())).unwrap();
    let local = SocketAddr::from((Ipv4Addr::LOCALHOST, server.addr().port()));
    assert_eq!(get(local, "/").0, 404);
    server.shutdown();
    assert!(TcpStream::connect(local).is_err());
}
