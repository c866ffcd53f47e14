//! Serve stage, HTTP/1.1 on the wire: reading one request head and writing one response.
//!
//! Only what a local preview needs: GET and HEAD (anything else is answered 405), keep-alive,
//! no request bodies (a request that announces one is answered, then its connection closed, so
//! the body is never read as the next request). Every read is bounded: the request line to
//! 8 KiB (414), the whole head to 16 KiB and 100 fields (431); a malformed head is 400.
//! Every response says `Cache-Control: no-cache`, so a browser revalidates after each rebuild.

use std::borrow::Cow;
use std::io::{self, BufRead, Read, Write};

/// Longest request line read (method, target, version).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Longest request head read (request line and header fields).
pub const MAX_HEAD_BYTES: usize = 16 * 1024;
/// Most header fields read.
pub const MAX_HEADER_FIELDS: usize = 100;

/// The request method, as far as serving files cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`: the GET response without its body.
    Head,
    /// Anything else: answered 405.
    Other,
}

/// One request head.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The request target as sent (path and query, still percent-encoded).
    pub target: String,
    /// Whether the client lets the connection stay open after the response.
    pub keep_alive: bool,
    /// Whether a body follows the head (`Content-Length` above 0 or `Transfer-Encoding`).
    pub has_body: bool,
}

/// Why no request could be read.
#[derive(Debug, PartialEq, Eq)]
pub enum RequestError {
    /// The connection closed, timed out or failed: nothing to answer.
    Closed,
    /// The head is too long or malformed: answer this status, then close.
    Refused(u16),
}

/// Reads the next request head from `reader`.
pub fn read_request(reader: &mut impl BufRead) -> Result<Request, RequestError> {
    let mut line = Vec::new();
    // A client may send empty lines between requests (RFC 9112, section 2.2).
    while line.is_empty() {
        line = read_line(reader, MAX_REQUEST_LINE).map_err(|e| e.or_status(414))?;
    }
    let mut request = parse_request_line(&line).ok_or(RequestError::Refused(400))?;
    let mut head_bytes = line.len();
    for _ in 0..=MAX_HEADER_FIELDS {
        let field = read_line(reader, MAX_HEAD_BYTES - head_bytes.min(MAX_HEAD_BYTES)).map_err(|e| e.or_status(431))?;
        if field.is_empty() {
            return Ok(request);
        }
        head_bytes += field.len() + 2;
        apply_field(&mut request, &field)?;
    }
    Err(RequestError::Refused(431))
}

/// Why a line could not be read.
enum LineError {
    Closed,
    TooLong,
}

impl LineError {
    fn or_status(self, too_long: u16) -> RequestError {
        match self {
            LineError::Closed => RequestError::Closed,
            LineError::TooLong => RequestError::Refused(too_long),
        }
    }
}

/// One line without its CRLF (or bare LF), at most `limit` bytes.
fn read_line(reader: &mut impl BufRead, limit: usize) -> Result<Vec<u8>, LineError> {
    let mut line = Vec::new();
    let read = reader.by_ref().take(limit as u64 + 2).read_until(b'\n', &mut line).map_err(|_| LineError::Closed)?;
    if read == 0 {
        return Err(LineError::Closed);
    }
    if line.pop() != Some(b'\n') {
        return Err(if read > limit { LineError::TooLong } else { LineError::Closed });
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    if line.len() > limit {
        return Err(LineError::TooLong);
    }
    Ok(line)
}

fn parse_request_line(line: &[u8]) -> Option<Request> {
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || target.is_empty() || !version.starts_with("HTTP/1.") {
        return None;
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        m if !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()) => Method::Other,
        _ => return None,
    };
    Some(Request { method, target: target.to_string(), keep_alive: version != "HTTP/1.0", has_body: false })
}

fn apply_field(request: &mut Request, field: &[u8]) -> Result<(), RequestError> {
    let bad = RequestError::Refused(400);
    let field = std::str::from_utf8(field).map_err(|_| RequestError::Refused(400))?;
    let (name, value) = field.split_once(':').ok_or(bad)?;
    if name.is_empty() || name.ends_with([' ', '\t']) || name.starts_with([' ', '\t']) {
        return Err(RequestError::Refused(400));
    }
    let value = value.trim_matches([' ', '\t']);
    if name.eq_ignore_ascii_case("connection") {
        for token in value.split(',').map(str::trim) {
            if token.eq_ignore_ascii_case("close") {
                request.keep_alive = false;
            } else if token.eq_ignore_ascii_case("keep-alive") {
                request.keep_alive = true;
            }
        }
    } else if name.eq_ignore_ascii_case("transfer-encoding") || name.eq_ignore_ascii_case("content-length") {
        request.has_body |= value != "0";
    }
    Ok(())
}

/// One response, written by [`write_response`].
#[derive(Debug)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body (left out for HEAD).
    pub body: Cow<'static, [u8]>,
    /// Fields beyond the ones every response has.
    pub headers: Vec<(&'static str, String)>,
}

impl Response {
    /// 200 with `body`.
    pub fn ok(content_type: &'static str, body: impl Into<Cow<'static, [u8]>>) -> Response {
        Response { status: 200, content_type, body: body.into(), headers: Vec::new() }
    }

    /// 301 to `location`.
    pub fn redirect(location: &str) -> Response {
        let mut response = Response::status(301);
        response.headers.push(("Location", location.to_string()));
        response
    }

    /// `status` with its reason phrase as a plain-text body.
    pub fn status(status: u16) -> Response {
        let body = format!("{status} {}\n", reason(status)).into_bytes();
        Response { status, content_type: "text/plain; charset=utf-8", body: body.into(), headers: Vec::new() }
    }
}

/// The reason phrase of the statuses this server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Writes `response` (its head only when `head_only`), saying whether the connection stays open.
pub fn write_response(out: &mut impl Write, response: &Response, head_only: bool, keep_alive: bool) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len(),
        if keep_alive { "keep-alive" } else { "close" },
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    out.write_all(&bytes)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<Request, RequestError> {
        read_request(&mut raw.as_bytes())
    }

    #[test]
    fn a_get_with_fields_is_read_and_keeps_the_connection_alive() {
        let request = read("GET /a.html?x HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n");
        let expected = Request { method: Method::Get, target: "/a.html?x".into(), keep_alive: true, has_body: false };
        assert_eq!(request, Ok(expected));
    }

    #[test]
    fn connection_close_and_http_1_0_end_the_connection() {
        assert_eq!(read("HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n").map(|r| r.keep_alive), Ok(false));
        assert_eq!(read("GET / HTTP/1.0\r\n\r\n").map(|r| r.keep_alive), Ok(false));
        assert_eq!(read("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").map(|r| r.keep_alive), Ok(true));
    }

    #[test]
    fn other_methods_and_bodies_are_recognised() {
        let request = read("POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc").map(|r| (r.method, r.has_body));
        assert_eq!(request, Ok((Method::Other, true)));
    }

    #[test]
    fn malformed_heads_are_refused_with_400() {
        for raw in
            ["GET /\r\n\r\n", "GET / HTTP/2\r\n\r\n", "get / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n"]
        {
            assert_eq!(read(raw), Err(RequestError::Refused(400)), "{raw:?}");
        }
        assert_eq!(read("GET / HTTP/1.1\r\n Folded: x\r\n\r\n"), Err(RequestError::Refused(400)));
    }

    #[test]
    fn an_overlong_request_line_is_414_and_an_overlong_head_431() {
        let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(read(&long_target), Err(RequestError::Refused(414)));
        let field = format!("X-Big: {}\r\n", "b".repeat(1000));
        let big_head = format!("GET / HTTP/1.1\r\n{}\r\n", field.repeat(20));
        assert_eq!(read(&big_head), Err(RequestError::Refused(431)));
        let many_fields = format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(MAX_HEADER_FIELDS + 1));
        assert_eq!(read(&many_fields), Err(RequestError::Refused(431)));
    }

    #[test]
    fn a_connection_closed_mid_head_is_not_answered() {
        assert_eq!(read(""), Err(RequestError::Closed));
        assert_eq!(read("GET / HTTP/1.1\r\nHost: x"), Err(RequestError::Closed));
    }

    #[test]
    fn a_head_response_has_the_length_of_the_body_it_leaves_out() {
        let mut out = Vec::new();
        write_response(&mut out, &Response::ok("text/plain; charset=utf-8", &b"hello"[..]), true, false).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 5\r\n\
             Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
        );
    }
}
