//! Serve stage, live reload: the server-sent events that reload open pages, the script and
//! stylesheet that act on them, and their injection into every HTML response.
//!
//! An events connection does not keep a request worker: once its response head is written
//! the stream moves into the [`Hub`], which writes each event to every client in turn
//! (a few bytes each, so a write timeout bounds a stalled client) and drops those whose write
//! fails. The site's Content-Security-Policy allows only same-origin scripts, so the page gets
//! `<script src>` and `<link rel="stylesheet">` elements, never inline code or styles.

use std::io::Write;
use std::net::TcpStream;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::report::escape_xml_text;

/// The path of the server-sent events endpoint.
pub const EVENTS_PATH: &str = "/__specnotes/events";
/// Most open events connections (open pages); more are answered 503.
pub const MAX_LIVE_CLIENTS: usize = 512;
/// How long one event may take to write to one client before the client is dropped.
const EVENT_WRITE_TIMEOUT: Duration = Duration::from_millis(500);

const RELOAD_JS: &[u8] = include_bytes!("reload.js");
const OVERLAY_CSS: &[u8] = include_bytes!("overlay.css");
const INJECTED: &str = "<link rel=\"stylesheet\" href=\"/__specnotes/overlay.css\">\
                        <script src=\"/__specnotes/reload.js\" defer></script>";

/// A file the server itself provides.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    /// Its `Content-Type`.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

/// The server's own file at `site_path`, if it is one.
pub fn asset(site_path: &str) -> Option<Asset> {
    match site_path {
        "__specnotes/reload.js" => Some(Asset { content_type: "text/javascript; charset=utf-8", bytes: RELOAD_JS }),
        "__specnotes/overlay.css" => Some(Asset { content_type: "text/css; charset=utf-8", bytes: OVERLAY_CSS }),
        _ => None,
    }
}

/// `html` with the reload script (and, after a failed rebuild, the failure banner) inserted
/// before its last `</body>`, or at its end when it has none.
pub fn inject(html: &[u8], failure: Option<&str>) -> Vec<u8> {
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let banner = failure.map(failure_banner).unwrap_or_default();
    let mut out = Vec::with_capacity(html.len() + INJECTED.len() + banner.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(banner.as_bytes());
    out.extend_from_slice(INJECTED.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The banner `reload.js` would build, for pages loaded while the failure stands.
fn failure_banner(failure: &str) -> String {
    format!(
        "<div id=\"specnotes-build-failure\" role=\"alert\"><p class=\"specnotes-build-failure-title\">\
         The last rebuild failed; this is the last good version of the site.</p><pre>{}</pre></div>",
        escape_xml_text(failure)
    )
}

/// What open pages are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event<'a> {
    /// A rebuild succeeded: reload.
    Reload,
    /// A rebuild failed, with this message.
    Failed(&'a str),
}

impl Event<'_> {
    /// The event in `text/event-stream` form (one `data:` line per line of text).
    pub fn encode(&self) -> String {
        match self {
            Event::Reload => "event: reload\ndata: reload\n\n".to_string(),
            Event::Failed(message) => {
                let mut out = String::from("event: failed\n");
                for line in message.lines() {
                    out.push_str("data: ");
                    out.push_str(line);
                    out.push('\n');
                }
                out.push_str(if message.is_empty() { "data: \n\n" } else { "\n" });
                out
            }
        }
    }
}

/// The open events connections.
#[derive(Debug, Default)]
pub struct Hub {
    clients: Mutex<Vec<TcpStream>>,
}

impl Hub {
    /// Answers an events request on `stream` and keeps it to send events to; tells the new
    /// client about a standing failure. Answers 503 when [`MAX_LIVE_CLIENTS`] are open.
    pub fn subscribe(&self, mut stream: TcpStream, failure: Option<&str>) {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if clients.len() >= MAX_LIVE_CLIENTS {
            let _ =
                stream.write_all(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return;
        }
        let mut head = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n\
             X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: 1000\n\n",
        );
        if let Some(message) = failure {
            head.push_str(&Event::Failed(message).encode());
        }
        let _ = stream.set_write_timeout(Some(EVENT_WRITE_TIMEOUT));
        if stream.write_all(head.as_bytes()).is_ok() {
            clients.push(stream);
        }
    }

    /// Sends `event` to every client, drops the ones that are gone; returns how many got it.
    pub fn broadcast(&self, event: Event<'_>) -> usize {
        self.send(event.encode().as_bytes())
    }

    /// Sends a comment to every client, so closed connections are noticed and dropped.
    pub fn ping(&self) -> usize {
        self.send(b": ping\n\n")
    }

    /// How many clients are connected.
    pub fn len(&self) -> usize {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// Whether no client is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Closes every events connection.
    pub fn close_all(&self) {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner).clear();
    }

    fn send(&self, bytes: &[u8]) -> usize {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        clients.retain_mut(|client| client.write_all(bytes).and_then(|()| client.flush()).is_ok());
        clients.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let page = inject(b"<html><body><p>x</p></BODY></html>", None);
        let expected = format!("<html><body><p>x</p>{INJECTED}</BODY></html>");
        assert_eq!(String::from_utf8(page).unwrap(), expected);
        assert_eq!(String::from_utf8(inject(b"<p>bare</p>", None)).unwrap(), format!("<p>bare</p>{INJECTED}"));
    }

    #[test]
    fn a_failure_is_shown_escaped_in_the_banner() {
        let page = String::from_utf8(inject(b"<body></body>", Some("bad <b>page</b> & more"))).unwrap();
        assert!(page.contains("<pre>bad &lt;b&gt;page&lt;/b&gt; &amp; more</pre></div><link"), "{page}");
        assert!(!page.contains("<b>page"));
    }

    #[test]
    fn a_failure_event_has_one_data_line_per_line() {
        assert_eq!(Event::Failed("one\ntwo").encode(), "event: failed\ndata: one\ndata: two\n\n");
        assert_eq!(Event::Failed("").encode(), "event: failed\ndata: \n\n");
        assert_eq!(Event::Reload.encode(), "event: reload\ndata: reload\n\n");
    }

    #[test]
    fn the_assets_are_served_by_their_site_path() {
        assert_eq!(asset("__specnotes/reload.js").map(|a| a.content_type), Some("text/javascript; charset=utf-8"));
        assert_eq!(asset("__specnotes/overlay.css").map(|a| a.bytes.len()), Some(OVERLAY_CSS.len()));
        assert!(asset("__specnotes/other.js").is_none());
    }
}
