//! Serve stage, routing: from a request target to a file of the site in memory.
//!
//! The site is a map of `/`-separated paths, never the disk, so a refused path cannot read
//! anything; still every target that could mean something else on some file system is refused
//! (404) before the lookup: `..` and `.` segments, encoded slashes or backslashes (`%2f`,
//! `%5c`), backslashes, NUL, colons (drive letters, alternate data streams), empty segments
//! (`//etc/passwd`), and anything that is not UTF-8 once percent-decoded.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::http::Response;
use super::live;
use super::state::Snapshot;

/// What a path must percent-encode to be sent back in a `Location` header.
const PATH_UNSAFE: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`');

/// The site path that `target` (the request target: path and optional query) names, with
/// `index.html` added to folder paths, or `None` when it is refused.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let rest = path.strip_prefix('/')?;
    let lower = rest.to_ascii_lowercase();
    if ["%2f", "%5c", "%00"].iter().any(|encoded| lower.contains(encoded)) {
        return None;
    }
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0', ':']) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let (last, folders) = segments.split_last()?;
    if folders.iter().any(|s| matches!(*s, "" | "." | "..")) || matches!(*last, "." | "..") {
        return None;
    }
    Some(if last.is_empty() { format!("{decoded}index.html") } else { decoded.into_owned() })
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The answer to a GET or HEAD of `target` from the files of `snapshot`.
pub fn respond(target: &str, snapshot: &Snapshot) -> Response {
    let Some(path) = site_path(target) else {
        return not_found(snapshot);
    };
    if let Some(asset) = live::asset(&path) {
        return Response::ok(asset.content_type, asset.bytes.to_vec());
    }
    if let Some(bytes) = snapshot.files.get(&path) {
        let content_type = content_type(&path);
        if content_type.starts_with("text/html") {
            return Response::ok(content_type, live::inject(bytes, snapshot.failure.as_deref()));
        }
        return Response::ok(content_type, bytes.clone());
    }
    if !path.ends_with("index.html") && snapshot.files.contains_key(&format!("{path}/index.html")) {
        return Response::redirect(&format!("/{}/", utf8_percent_encode(&path, PATH_UNSAFE)));
    }
    not_found(snapshot)
}

/// A small HTML page, so that a failed first build still shows its findings and reloads.
fn not_found(snapshot: &Snapshot) -> Response {
    let page = b"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title></head>\
                 <body><h1>Not found</h1><p>No page at this address.</p></body></html>\n";
    let mut response = Response::ok("text/html; charset=utf-8", live::inject(page, snapshot.failure.as_deref()));
    response.status = 404;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_the_root_serve_their_index_page() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/dir/").as_deref(), Some("dir/index.html"));
        assert_eq!(site_path("/dir/page.html?x=1#top").as_deref(), Some("dir/page.html"));
    }

    #[test]
    fn percent_encoded_names_are_decoded() {
        assert_eq!(site_path("/release%20notes.html").as_deref(), Some("release notes.html"));
        assert_eq!(site_path("/a%2ehtml").as_deref(), Some("a.html"));
    }

    #[test]
    fn every_traversal_shape_is_refused() {
        for target in [
            "/../Cargo.toml",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/..%2fx",
            "/..%2Fx",
            "/a/%5c..",
            "//etc/passwd",
            "/C:/x",
            "/a\\..\\b",
            "/a/./b",
            "/a/..",
            "/x%00.html",
            "/%ff.html",
            "relative.html",
            "http://example.org/",
            "",
        ] {
            assert_eq!(site_path(target), None, "{target}");
        }
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/b.HTML"), "text/html; charset=utf-8");
        assert_eq!(content_type("site.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("search.json"), "application/json");
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(content_type("logo.svg"), "image/svg+xml");
        assert_eq!(content_type("logo.png"), "image/png");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected() {
        let files = [("dir/index.html".to_string(), b"<p>dir</p>".to_vec())].into_iter().collect();
        let snapshot = Snapshot { files: std::sync::Arc::new(files), ..Snapshot::default() };
        let response = respond("/dir", &snapshot);
        assert_eq!(response.status, 301);
        assert_eq!(response.headers, [("Location", "/dir/".to_string())]);
        let files = [("a b/index.html".to_string(), b"<p>dir</p>".to_vec())].into_iter().collect();
        let snapshot = Snapshot { files: std::sync::Arc::new(files), ..Snapshot::default() };
        assert_eq!(respond("/a%20b", &snapshot).headers, [("Location", "/a%20b/".to_string())]);
    }
}
