//! The request side of `serve`'s small HTTP server: reading one request within fixed limits,
//! and refusing what the officer's own browser never sends.
//!
//! The server listens on 127.0.0.1 only, but a web page on any site can still make the
//! browser talk to it: by DNS rebinding (a name of the attacker's that resolves to 127.0.0.1)
//! it could read `/__dangjian/events`, and with the coming workbench write records. Such a
//! request carries the attacker's name in `Host`, so only the loopback names (and the ones
//! given with `--allow-host`) are served. Every line, the header block and the body are
//! bounded, and the whole head must arrive within a deadline, so a slow or huge request can
//! neither grow the process nor hold a thread for long.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

/// The request line (`GET /path HTTP/1.1`): URLs of the site are well under 1 KiB.
pub(super) const MAX_REQUEST_LINE: usize = 8 * 1024;
/// One header line.
pub(super) const MAX_HEADER_LINE: usize = 8 * 1024;
/// All header lines together.
pub(super) const MAX_HEADER_BYTES: usize = 64 * 1024;
/// A request body (none of today's requests has one; the workbench's forms will be small).
pub(super) const MAX_BODY: usize = 1024 * 1024;
/// The whole request (line, headers and body) must arrive within this time.
pub(super) const REQUEST_DEADLINE: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    Get,
    Head,
}

#[derive(Debug)]
pub(super) struct Request {
    pub method: Method,
    /// Path and query as sent, e.g. `/activities/2025/x.html?y=1`.
    pub target: String,
}

/// Why a request is not served: the status and a short Chinese reason for the body.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    pub status: u16,
    pub reason: &'static str,
}

const fn refuse(status: u16, reason: &'static str) -> Refusal {
    Refusal { status, reason }
}

/// The host names served besides the loopback ones, and the port they must name.
pub(super) struct HostPolicy {
    pub port: u16,
    pub extra: Vec<String>,
}

impl HostPolicy {
    /// `127.0.0.1`, `localhost` and `[::1]` (any letter case), or a configured name; with a
    /// port only the one listened on.
    pub(super) fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let (name, port) = match host.rsplit_once(':') {
            // `[::1]` alone has colons inside its brackets; a port follows the `]`.
            Some((name, port)) if !port.contains(']') => (name, Some(port)),
            _ => (host.as_str(), None),
        };
        if port.is_some_and(|p| p.parse::<u16>().ok() != Some(self.port)) {
            return false;
        }
        matches!(name, "127.0.0.1" | "localhost" | "[::1]")
            || self.extra.iter().any(|e| e.eq_ignore_ascii_case(name))
    }
}

/// Reads one request from `reader`. `Err(None)` when the connection closed or failed before a
/// request arrived (nothing to answer); `Err(Some(refusal))` for a request to refuse.
pub(super) fn read_request(
    reader: &mut impl BufRead,
    hosts: &HostPolicy,
) -> Result<Request, Option<Refusal>> {
    let deadline = Instant::now() + REQUEST_DEADLINE;
    let line = match read_line(reader, MAX_REQUEST_LINE, deadline) {
        Line::Text(l) => l,
        Line::TooLong => return Err(Some(refuse(414, "请求地址过长"))),
        Line::NotUtf8 => return Err(Some(refuse(400, "请求不是有效的 UTF-8"))),
        Line::Closed => return Err(None),
    };
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(refuse(400, "请求行格式不正确")));
    };
    if !target.starts_with('/') || !version.starts_with("HTTP/1.") {
        return Err(Some(refuse(400, "请求行格式不正确")));
    }

    let mut host: Option<String> = None;
    let mut hosts_seen = 0;
    let mut body_len: usize = 0;
    let mut header_bytes = 0;
    loop {
        let line = match read_line(reader, MAX_HEADER_LINE, deadline) {
            Line::Text(l) => l,
            Line::TooLong => return Err(Some(refuse(431, "请求头过长"))),
            Line::NotUtf8 => return Err(Some(refuse(400, "请求头不是有效的 UTF-8"))),
            Line::Closed => return Err(Some(refuse(400, "请求头不完整"))),
        };
        if line.is_empty() {
            break;
        }
        header_bytes += line.len();
        if header_bytes > MAX_HEADER_BYTES {
            return Err(Some(refuse(431, "请求头过长")));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(Some(refuse(400, "请求头格式不正确")));
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            hosts_seen += 1;
            host = Some(value.to_owned());
        } else if name.eq_ignore_ascii_case("content-length") {
            body_len = match value.parse::<usize>() {
                Ok(n) if n <= MAX_BODY => n,
                Ok(_) => return Err(Some(refuse(413, "请求内容过大"))),
                Err(_) => return Err(Some(refuse(400, "Content-Length 不正确"))),
            };
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            // A body of unannounced length cannot be bounded before it is read.
            return Err(Some(refuse(411, "请求须注明 Content-Length")));
        }
    }
    // Exactly one Host: a request without one (or with two) cannot be checked.
    match (&host, hosts_seen) {
        (Some(h), 1) if hosts.allows(h) => {}
        (Some(_), 1) => return Err(Some(refuse(403, "拒绝访问：主机名不是本机"))),
        _ => return Err(Some(refuse(400, "请求须含一个 Host 头"))),
    }
    // Read (and drop) a body so that the answer is not taken for a reset by the client.
    if body_len > 0 && !drain(reader, body_len, deadline) {
        return Err(Some(refuse(400, "请求内容不完整")));
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(Some(refuse(405, "不支持的请求方法"))),
    };
    Ok(Request {
        method,
        target: target.to_owned(),
    })
}

enum Line {
    Text(String),
    TooLong,
    NotUtf8,
    Closed,
}

/// One line without its `\r\n`, at most `max` bytes, read by `deadline`. Reads in the
/// reader's own chunks, so a line is never buffered beyond `max` (+ one chunk).
fn read_line(reader: &mut impl BufRead, max: usize, deadline: Instant) -> Line {
    let mut buf: Vec<u8> = Vec::new();
    loop {
        if Instant::now() > deadline {
            return Line::Closed;
        }
        let chunk = match reader.fill_buf() {
            Ok([]) | Err(_) => return Line::Closed,
            Ok(c) => c,
        };
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(at) => (at + 1, true),
            None => (chunk.len(), false),
        };
        buf.extend_from_slice(&chunk[..take]);
        reader.consume(take);
        if buf.len() > max + 2 {
            return Line::TooLong;
        }
        if done {
            break;
        }
    }
    buf.pop();
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    match String::from_utf8(buf) {
        Ok(s) => Line::Text(s),
        Err(_) => Line::NotUtf8,
    }
}

fn drain(reader: &mut impl BufRead, mut left: usize, deadline: Instant) -> bool {
    while left > 0 {
        if Instant::now() > deadline {
            return false;
        }
        let n = match reader.fill_buf() {
            Ok([]) | Err(_) => return false,
            Ok(c) => c.len().min(left),
        };
        reader.consume(n);
        left -= n;
    }
    true
}

/// Writes a whole response; for HEAD the headers only (with the length the body would have).
pub(super) fn write_response(
    out: &mut impl Write,
    head_only: bool,
    status: u16,
    kind: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    };
    write!(
        out,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> HostPolicy {
        HostPolicy {
            port: 1111,
            extra: vec!["dangjian.lan".into()],
        }
    }

    fn read(raw: &[u8]) -> Result<Request, Option<Refusal>> {
        read_request(&mut std::io::BufReader::new(raw), &policy())
    }

    #[test]
    fn loopback_and_configured_hosts_are_served_others_refused() {
        let p = policy();
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST",
            "[::1]:1111",
            "[::1]",
            "dangjian.lan:1111",
        ] {
            assert!(p.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1:1112",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "",
            "localhost:",
        ] {
            assert!(!p.allows(bad), "{bad}");
        }
    }

    #[test]
    fn a_request_is_read_and_its_refusals_have_their_status() {
        let ok = read(b"HEAD /a.html?x=1 HTTP/1.1\r\nHost: localhost:1111\r\n\r\n");
        let ok = ok.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            (ok.method, ok.target.as_str()),
            (Method::Head, "/a.html?x=1")
        );
        let status = |raw: &[u8]| read(raw).err().flatten().map(|r| r.status);
        assert_eq!(status(b"GET / HTTP/1.1\r\n\r\n"), Some(400));
        assert_eq!(status(b"GET / HTTP/1.1\r\nHost: a.b\r\n\r\n"), Some(403));
        assert_eq!(
            status(b"GET /\xff HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            Some(400)
        );
        assert_eq!(
            status(b"POST / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
            Some(405)
        );
        assert_eq!(
            status(b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999\r\n\r\n"),
            Some(413)
        );
        let long = format!("GET /{} HTTP/1.1\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert_eq!(status(long.as_bytes()), Some(414));
        assert!(matches!(read(b""), Err(None)));
    }
}
