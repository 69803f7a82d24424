//! The server with a workbench router that reads bodies, on a port of its own.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::routing::post;

use super::*;

fn serve(limits: Limits) -> SocketAddr {
    let output = std::env::temp_dir().join(format!("dangjian-server-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&output);
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}")),
        output,
        allow_hosts: Vec::new(),
        tls: None,
        workbench: Router::new()
            .route("/echo", post(|b: Bytes| async move { b.len().to_string() })),
        limits,
    };
    match start(config, LiveStatus::default()) {
        Ok(s) => s.addr,
        Err(e) => panic!("{e}"),
    }
}

/// Sends `head` and then `body` in pieces; the status and body of the answer.
fn send(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = s.write_all(head.as_bytes());
    for piece in body.chunks(64 << 10) {
        if s.write_all(piece).is_err() {
            break;
        }
    }
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

fn chunked(total: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let piece = 1 << 16;
    let mut left = total;
    while left > 0 {
        let n = left.min(piece);
        out.extend_from_slice(format!("{n:x}\r\n").as_bytes());
        out.extend(std::iter::repeat_n(b'x', n));
        out.extend_from_slice(b"\r\n");
        left -= n;
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

#[test]
fn a_workbench_body_is_bounded_whether_announced_or_streamed() {
    let addr = serve(Limits {
        workbench_body: 1 << 20,
        ..Limits::default()
    });
    let head = |framing: &str| {
        format!(
            "POST /_/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n{framing}\r\nConnection: close\r\n\r\n"
        )
    };
    let small = vec![b'x'; 1000];
    assert_eq!(
        send(addr, &head("Content-Length: 1000"), &small),
        (200, "1000".to_owned())
    );
    assert_eq!(
        send(
            addr,
            &head(&format!("Content-Length: {}", (1 << 20) + 1)),
            &[]
        ),
        (413, "请求内容过大\n".to_owned())
    );
    let (status, _) = send(addr, &head("Transfer-Encoding: chunked"), &chunked(1000));
    assert_eq!(status, 200);
    let (status, _) = send(
        addr,
        &head("Transfer-Encoding: chunked"),
        &chunked((1 << 20) + 1),
    );
    assert_eq!(status, 413);
}
