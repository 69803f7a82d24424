//! Bounds on what a client can make the server hold: request heads (hyper's HTTP/1 buffer and
//! header deadline, set in `super::serve`), bodies per group of routes, and connections.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_server::accept::Accept;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::refuse;

#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// A request body to the site (none of its requests has one).
    pub(crate) site_body: usize,
    /// A request body under `/_/`: the largest attachment (20 MiB) in its multipart envelope.
    /// A route may set a lower `DefaultBodyLimit` of its own.
    pub(crate) workbench_body: usize,
    /// Connections open at once: a browser opens up to six, and holds one in the live-reload
    /// long poll; an intranet's worth of readers stays well under this. More are closed at
    /// once so that a flood of connections cannot hold unbounded memory (an idle one is
    /// closed after `head_time`).
    pub(crate) connections: usize,
    /// The request line and headers together (hyper's read buffer; at least 8 KiB).
    pub(crate) head_bytes: usize,
    /// The request line and headers must arrive within this time.
    pub(crate) head_time: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            site_body: 1 << 20,
            workbench_body: 21 << 20,
            connections: 256,
            head_bytes: 64 << 10,
            head_time: Duration::from_secs(10),
        }
    }
}

/// Refuses a body announced larger than the limit before reading it; a body without a
/// length is cut by `RequestBodyLimitLayer` set next to this.
pub(crate) async fn announced_body(
    State(max): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|n| n > max as u64) {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, "请求内容过大");
    }
    next.run(request).await
}

/// An acceptor that gives each connection one of a fixed number of permits, and closes the
/// connections for which none is left.
#[derive(Clone)]
pub(crate) struct ConnectionLimit {
    permits: Arc<Semaphore>,
}

impl ConnectionLimit {
    pub(crate) fn new(connections: usize) -> ConnectionLimit {
        ConnectionLimit {
            permits: Arc::new(Semaphore::new(connections)),
        }
    }
}

impl<I, S> Accept<I, S> for ConnectionLimit {
    type Stream = Counted<I>;
    type Service = S;
    type Future = std::future::Ready<io::Result<(Counted<I>, S)>>;

    fn accept(&self, stream: I, service: S) -> Self::Future {
        std::future::ready(match self.permits.clone().try_acquire_owned() {
            Ok(permit) => Ok((
                Counted {
                    inner: stream,
                    _permit: permit,
                },
                service,
            )),
            Err(_) => Err(io::Error::other("too many connections")),
        })
    }
}

/// A connection holding its permit until it is dropped.
pub(crate) struct Counted<I> {
    inner: I,
    _permit: OwnedSemaphorePermit,
}

impl<I: AsyncRead + Unpin> AsyncRead for Counted<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Counted<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
