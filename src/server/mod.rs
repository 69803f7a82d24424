//! `dangjian serve`'s HTTP server: axum on tokio, serving the built site with live reload
//! and, under `/_/`, the workbench router it is given. The rebuild loop (in `cli::serve`)
//! publishes each build through [`LiveStatus`]; the workbench asks for rebuilds through
//! [`Rebuild`].
//!
//! Every request passes the `Host` check ([`hosts`]); heads are bounded by hyper (buffer size
//! and deadline), bodies per group of routes ([`Limits`]), and connections by a semaphore.

mod hosts;
mod limits;
mod live_reload;
// Used by the workbench (issue 15), written alongside; the lead removes this allowance.
#[allow(dead_code, unused_imports)]
mod rebuild;
mod site_files;
#[cfg(test)]
mod tests;
mod tls;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_server::tls_rustls::RustlsAcceptor;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub(crate) use limits::Limits;
pub(crate) use live_reload::LiveStatus;
#[allow(unused_imports)]
pub(crate) use rebuild::{Published, Rebuild, RebuildRequests, Ticket, rebuild_channel};
pub(crate) use tls::TlsFiles;

/// What to serve, where, and how.
pub(crate) struct Config {
    pub(crate) listen: SocketAddr,
    /// The built site.
    pub(crate) output: PathBuf,
    /// Host names served besides the loopback ones and the address listened on.
    pub(crate) allow_hosts: Vec<String>,
    pub(crate) tls: Option<TlsFiles>,
    /// Mounted at `/_`: its routes are written from `/` (`/` answers both `/_` and `/_/`), and
    /// every path under `/_/` is its own, including those it has no route for (its fallback,
    /// not the site's 404 page).
    pub(crate) workbench: Router,
    pub(crate) limits: Limits,
}

/// A refusal the reader sees: the status and a short Chinese reason. The connection is then
/// closed: a client that sent such a request gets no second one on it.
pub(crate) fn refuse(status: StatusCode, reason: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CONNECTION, "close"),
        ],
        format!("{reason}\n"),
    )
        .into_response()
}

/// The whole application: the site, the live-reload routes and the workbench.
fn app(config: &Config, live: LiveStatus) -> Router {
    let limits = &config.limits;
    // An announced length is refused before the body is read; an unannounced one is cut
    // while it is read; extractors (forms, uploads) take up to the same size.
    let body_limit = |router: Router, max: usize| {
        router
            .layer(DefaultBodyLimit::max(max))
            .layer(RequestBodyLimitLayer::new(max))
            .layer(from_fn_with_state(max, limits::announced_body))
    };
    // Under /_/: never cached (the pages show records being edited), no reload script.
    let workbench = config
        .workbench
        .clone()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let workbench = body_limit(workbench, limits.workbench_body);
    let site = site_files::router(config.output.clone())
        .route("/__dangjian/reload.js", get(live_reload::script))
        .route(
            "/__dangjian/events",
            get(live_reload::events).with_state(live),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ));
    let site = body_limit(site, limits.site_body);
    let policy = Arc::new(hosts::HostPolicy::new(
        config.listen,
        config.allow_hosts.clone(),
    ));
    Router::new()
        .nest_service("/_", workbench)
        .merge(site)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .compress_when(compressible()),
        )
        .layer(from_fn_with_state(policy, hosts::check))
        .layer(axum::middleware::from_fn(close_refused))
}

/// Text is gzipped; PDFs and Pagefind's index (served as octet-stream, gzipped already) are
/// not worth the CPU.
fn compressible() -> impl Predicate {
    DefaultPredicate::new()
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/octet-stream"))
}

/// After a refusal the connection is closed, but hyper would first wait for a body the
/// client announced (a gigabyte that never comes). Closing at once could make the kernel
/// reset the connection before the client read the answer; so the client gets a moment to
/// read it, as web servers' "lingering close" does.
async fn close_refused(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let connection = request
        .extensions()
        .get::<axum_server::ConnectionShutdown>()
        .cloned();
    let response = next.run(request).await;
    let closing = response
        .headers()
        .get(header::CONNECTION)
        .is_some_and(|v| v == "close");
    if let (true, Some(connection)) = (closing, connection) {
        connection.graceful_shutdown();
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            connection.shutdown();
        });
    }
    response
}

/// Where the server listens, once it does.
pub(crate) struct Started {
    pub(crate) addr: SocketAddr,
    pub(crate) https: bool,
}

/// Checks the certificate, binds the address and serves on a thread of its own, so that the
/// caller can go on with its (blocking) rebuild loop. The error is a Chinese sentence to
/// print after "错误：".
pub(crate) fn start(config: Config, live: LiveStatus) -> Result<Started, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("无法启动服务器：{e}"))?;
    let tls = match &config.tls {
        Some(files) => Some(runtime.block_on(tls::load(files))?),
        None => None,
    };
    let listener = std::net::TcpListener::bind(config.listen).map_err(|e| {
        format!(
            "无法监听 {}：{e}（端口可能已被占用：换一个端口再试）",
            config.listen
        )
    })?;
    let addr = listener.local_addr().unwrap_or(config.listen);
    let server = {
        let _in_runtime = runtime.enter();
        axum_server::from_tcp(listener).map_err(|e| format!("无法监听 {}：{e}", config.listen))?
    };
    let mut server = server.acceptor(limits::ConnectionLimit::new(config.limits.connections));
    server
        .http_builder()
        .http1()
        .max_buf_size(config.limits.head_bytes.max(8192))
        .header_read_timeout(config.limits.head_time);
    // A connection that sends nothing holds a permit for this long at most.
    let server = server
        .http1_only()
        .first_request_timeout(config.limits.head_time);
    let app = app(&config, live).into_make_service();
    let https = tls.is_some();
    std::thread::spawn(move || {
        let served = runtime.block_on(async move {
            match tls {
                Some(tls) => {
                    let acceptor = RustlsAcceptor::new(tls)
                        .acceptor(limits::ConnectionLimit::new(config.limits.connections));
                    server.acceptor(acceptor).serve(app).await
                }
                None => server.serve(app).await,
            }
        });
        if let Err(e) = served {
            eprintln!("错误：服务器停止了：{e}");
            std::process::exit(1);
        }
    });
    Ok(Started { addr, https })
}
