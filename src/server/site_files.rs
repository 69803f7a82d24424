//! The built site under `output/`: pages (HTML) are read whole and get the live-reload script;
//! other files (style sheets, images, PDFs, the search index) are served by tower-http's
//! `ServeDir`, with ranges and validators.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::{Method, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

use super::live_reload::inject;
use super::refuse;

#[derive(Clone)]
pub(crate) struct SiteDir(Arc<PathBuf>);

/// The routes of the site, to be the server's fallback.
pub(crate) fn router(dir: PathBuf) -> Router {
    let site = SiteDir(Arc::new(dir.clone()));
    let files = ServeDir::new(dir)
        .append_index_html_on_directories(false)
        .fallback(file.with_state(site.clone()));
    Router::new()
        .fallback_service(files)
        .layer(from_fn_with_state(site, pages_first))
}

/// Pages and folders are answered here; other files go on to `ServeDir`.
async fn pages_first(State(site): State<SiteDir>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return refuse(StatusCode::METHOD_NOT_ALLOWED, "不支持的请求方法");
    }
    let path = request.uri().path();
    let Some(rel) = decode_path(path) else {
        return refuse(StatusCode::BAD_REQUEST, "请求地址不正确");
    };
    let is_page = path.ends_with('/')
        || rel.extension().is_none_or(|e| e == "html")
        || site.0.join(&rel).is_dir();
    if is_page {
        file(State(site), request).await
    } else {
        next.run(request).await
    }
}

/// A page, or a file `ServeDir` did not find: the output folder is swapped in by a rename
/// during a rebuild, so a file missing for a moment is looked for once more.
async fn file(State(site): State<SiteDir>, request: Request) -> Response {
    let path = request.uri().path();
    let Some(rel) = decode_path(path) else {
        return refuse(StatusCode::BAD_REQUEST, "请求地址不正确");
    };
    let mut file = site.0.join(&rel);
    if path.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    let bytes = match tokio::fs::read(&file).await {
        Ok(b) => Ok(b),
        Err(_) => {
            tokio::time::sleep(Duration::from_millis(50)).await;
            tokio::fs::read(&file).await
        }
    };
    match bytes {
        Ok(bytes) => {
            let kind = content_type(&file);
            let body = if kind.starts_with("text/html") {
                inject(bytes)
            } else {
                bytes
            };
            ([(header::CONTENT_TYPE, kind)], body).into_response()
        }
        Err(_) => {
            let page = tokio::fs::read(site.0.join("404.html"))
                .await
                .unwrap_or_else(|_| "未找到该页面".as_bytes().to_vec());
            (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                inject(page),
            )
                .into_response()
        }
    }
}

/// `/activities/2025/x.html` → `activities/2025/x.html`, percent-decoded; `None` for a path
/// that would leave the output folder.
fn decode_path(url_path: &str) -> Option<PathBuf> {
    let bytes = url_path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    let mut rel = PathBuf::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => rel.push(p),
        }
    }
    Some(rel)
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_may_not_leave_the_folder() {
        assert_eq!(
            decode_path("/a/%E5%85%9A.html"),
            Some(PathBuf::from("a/党.html"))
        );
        assert_eq!(decode_path("/a/../../etc/passwd"), None);
        assert_eq!(decode_path("/a/%2e%2e/b"), None);
        assert_eq!(decode_path("/a%5cb"), None);
        assert_eq!(decode_path("/%ff"), None);
    }
}
