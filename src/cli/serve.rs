//! `dangjian serve`: build, serve `output/` on 127.0.0.1, rebuild when a record, template or
//! the configuration changes, and reload the open page. A failed rebuild is shown in the page
//! and in the terminal while the last good site stays served.
//!
//! The server is a few dozen lines over `std::net`: it only ever talks to the officer's own
//! browser on the loopback address, so it needs no framework.

use std::io::BufReader;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime};

use clap::Args;

use super::serve_http::{HostPolicy, Method, read_request, write_response};
use super::{Ctx, build_problems};
use crate::Site;
use crate::diagnostics::render_human;
use crate::pipeline::BuildOptions;

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    /// 127.0.0.1 上的端口号
    #[arg(long, default_value_t = 1111, value_name = "端口")]
    pub port: u16,
    /// 每次改动后也重新生成 PDF
    #[arg(long)]
    pub pdf: bool,
    /// 输出目录（默认：站点根目录下的 output/）
    #[arg(long, value_name = "目录")]
    pub output: Option<PathBuf>,
    /// 除本机地址（127.0.0.1 与本机名）外，也接受发往这个主机名的请求（可写多次）
    #[arg(long = "allow-host", value_name = "主机名")]
    pub allow_hosts: Vec<String>,
}

/// Connections served at once: the officer's browser opens a handful; more are refused so
/// that a flood of connections cannot start unbounded threads.
const MAX_CONNECTIONS: usize = 64;

/// What the browser polls: a version that changes on every rebuild, the last error, and the
/// warnings of the last good build (shown in a panel the reader can close).
#[derive(Default)]
struct Status {
    version: u64,
    error: Option<String>,
    warnings: Option<String>,
}

type Shared = Arc<(Mutex<Status>, Condvar)>;

pub(super) fn run(ctx: &Ctx, args: ServeArgs) -> i32 {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| crate::layout::default_output(&ctx.root));
    let opts = BuildOptions {
        output: output.clone(),
        pdf: args.pdf,
        defer_slow_steps: true,
    };
    let shared: Shared = Arc::new((Mutex::new(Status::default()), Condvar::new()));
    rebuild(ctx, &opts, &shared);

    let listener = match TcpListener::bind(("127.0.0.1", args.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "错误：无法监听 127.0.0.1:{}：{e}（换一个端口：--port 1112）",
                args.port
            );
            return 1;
        }
    };
    ctx.info(format!(
        "预览地址：http://127.0.0.1:{}/  （修改记录后自动重新生成；Ctrl+C 退出）",
        args.port
    ));
    let served = output.clone();
    let server_state = shared.clone();
    let hosts = Arc::new(HostPolicy {
        port: args.port,
        extra: args.allow_hosts.clone(),
    });
    let open = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                continue; // dropped: closed without an answer
            }
            let dir = served.clone();
            let state = server_state.clone();
            let hosts = hosts.clone();
            let open = open.clone();
            std::thread::spawn(move || {
                let _ = handle(stream, &dir, &state, &hosts);
                open.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });

    let (watch, polled) = super::serve_watch::InputWatch::start(&ctx.root);
    ctx.info(polled.unwrap_or_else(|| "正在监视文件变化：保存后立即重新生成".to_owned()));
    let mut last = fingerprint(&ctx.root);
    loop {
        watch.wait();
        let now = fingerprint(&ctx.root);
        if now != last {
            last = now;
            rebuild(ctx, &opts, &shared);
        }
    }
}

/// Two passes: the pages first (the browser reloads as soon as they are published), then a
/// normal build that brings the search index and the PDFs up to date.
fn rebuild(ctx: &Ctx, opts: &BuildOptions, shared: &Shared) {
    let started = Instant::now();
    let pages = Site::build(&ctx.root, opts);
    let failed = pages.is_err();
    match pages {
        Ok(r) => {
            ctx.info(format!(
                "已重新生成 {} 个页面（{} ms）",
                r.pages,
                started.elapsed().as_millis()
            ));
            // --quiet keeps the terminal to errors; the page shows the warnings all the same.
            let has_errors = r.diagnostics.has_errors();
            let warnings = build_problems(r, &ctx.root, false);
            if !ctx.quiet || has_errors {
                eprint!("{warnings}");
            }
            publish_status(shared, true, None, Some(warnings).filter(|w| !w.is_empty()));
        }
        Err(diags) => publish_status(shared, true, Some(report_failure(ctx, diags)), None),
    }
    if failed || !opts.defer_slow_steps {
        return;
    }
    let full = BuildOptions {
        defer_slow_steps: false,
        ..opts.clone()
    };
    let started = Instant::now();
    match Site::build(&ctx.root, &full) {
        Ok(r) if !r.up_to_date => ctx.info(format!(
            "搜索索引{}已更新（{} ms）",
            if opts.pdf { "和 PDF " } else { "" },
            started.elapsed().as_millis()
        )),
        Ok(_) => {}
        Err(diags) => publish_status(shared, false, Some(report_failure(ctx, diags)), None),
    }
}

fn report_failure(ctx: &Ctx, diags: crate::diagnostics::Diagnostics) -> String {
    let text = render_human(&diags.sorted(), &ctx.root);
    eprint!("{text}");
    eprintln!("生成失败：浏览器中仍是上一次成功生成的网站");
    text
}

/// Tells the open pages: `reload` when the pages changed, and the error and the warnings to
/// show, if any. Warnings are kept while an error is shown: they belong to the pages served.
fn publish_status(shared: &Shared, reload: bool, error: Option<String>, warnings: Option<String>) {
    let (lock, cvar) = &**shared;
    let mut status = match lock.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    let warnings = if error.is_some() {
        status.warnings.take()
    } else {
        warnings
    };
    if reload || error != status.error || warnings != status.warnings {
        status.version += 1;
    }
    status.error = error;
    status.warnings = warnings;
    cvar.notify_all();
}

/// Changes to anything a build reads: names, sizes and modification times of the files
/// under content/, templates/, themes/, static/ and site.toml. Output and caches are not
/// looked at, so a build never triggers itself.
fn fingerprint(root: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for dir in crate::layout::INPUTS {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if let Ok(meta) = entry.metadata() {
                entry.path().hash(&mut h);
                meta.len().hash(&mut h);
                meta.modified()
                    .unwrap_or(SystemTime::UNIX_EPOCH)
                    .hash(&mut h);
            }
        }
    }
    h.finish()
}

const RELOAD_JS: &str = r#"(function () {
  var version = null;
  function show(error) {
    var box = document.getElementById("dangjian-error");
    if (!error) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "dangjian-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:16px;background:#fff;color:#1d1d1f;border-top:4px solid #c8102e;font:14px/1.5 monospace;white-space:pre-wrap;z-index:99999";
      document.body.appendChild(box);
    }
    box.textContent = "生成失败（显示的是上一次成功生成的页面）：\n\n" + error;
  }
  // The warnings of the served build: a panel the reader may close; closed, it stays closed
  // for the same warnings until they change (kept across reloads in sessionStorage).
  function warn(text) {
    var panel = document.getElementById("dangjian-warnings");
    var closed = null;
    try { closed = sessionStorage.getItem("dangjian-warnings-closed"); } catch (e) {}
    if (!text || text === closed) { if (panel) panel.remove(); return; }
    if (!panel) {
      panel = document.createElement("aside");
      panel.id = "dangjian-warnings";
      panel.setAttribute("role", "status");
      panel.setAttribute("aria-label", "生成警告");
      panel.style.cssText = "position:fixed;top:8px;right:8px;left:8px;margin-left:auto;max-width:48rem;max-height:50vh;overflow:auto;padding:12px 16px;background:#fffbe6;color:#1d1d1f;border:1px solid #d4a106;border-left:6px solid #d4a106;box-shadow:0 2px 8px rgba(0,0,0,.2);z-index:99998;font:14px/1.5 sans-serif";
      var head = document.createElement("div");
      head.style.cssText = "display:flex;justify-content:space-between;align-items:center;gap:8px";
      var title = document.createElement("strong");
      title.textContent = "生成时有警告（网站已更新；改正后自动消失）";
      var close = document.createElement("button");
      close.type = "button";
      close.id = "dangjian-warnings-close";
      close.textContent = "关闭";
      close.style.cssText = "font:inherit;padding:2px 10px;cursor:pointer";
      close.addEventListener("click", function () {
        try { sessionStorage.setItem("dangjian-warnings-closed", panel.dataset.text); } catch (e) {}
        panel.remove();
      });
      head.appendChild(title);
      head.appendChild(close);
      var body = document.createElement("pre");
      body.style.cssText = "margin:8px 0 0;white-space:pre-wrap;font:13px/1.5 monospace";
      panel.appendChild(head);
      panel.appendChild(body);
      document.body.appendChild(panel);
    }
    panel.dataset.text = text;
    panel.querySelector("pre").textContent = text;
  }
  function poll() {
    fetch("/__dangjian/events?since=" + (version === null ? "" : version), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (version !== null && s.version !== version && !s.error) { location.reload(); return; }
        version = s.version;
        show(s.error);
        warn(s.warnings);
        poll();
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

/// A connection's answer: HEAD gets the headers of the GET answer and no body.
struct Reply {
    stream: TcpStream,
    head_only: bool,
}

/// After refusing a request that the client is still sending (a long URL), closing at once
/// with unread data makes the kernel reset the connection, and the client may lose the answer
/// before reading it. So the write side is shut and what still arrives is read and dropped
/// for a bounded time and amount, as web servers' "lingering close" does.
fn linger(stream: &TcpStream, reader: &mut impl std::io::Read) {
    const MAX_BYTES: usize = 16 << 20;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    let mut buf = [0u8; 16 * 1024];
    let mut total = 0;
    while total < MAX_BYTES && std::time::Instant::now() < deadline {
        match reader.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

fn handle(
    stream: TcpStream,
    dir: &Path,
    shared: &Shared,
    hosts: &HostPolicy,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    stream.set_write_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let request = read_request(&mut reader, hosts);
    let mut stream = Reply {
        stream,
        head_only: false,
    };
    let request = match request {
        Ok(r) => r,
        Err(None) => return Ok(()),
        Err(Some(refusal)) => {
            let body = format!("{}\n", refusal.reason);
            respond(
                &mut stream,
                refusal.status,
                "text/plain; charset=utf-8",
                body.as_bytes(),
            )?;
            linger(&stream.stream, &mut reader);
            return Ok(());
        }
    };
    stream.head_only = request.method == Method::Head;
    let target = request.target.as_str();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    match path {
        "/__dangjian/reload.js" => respond(
            &mut stream,
            200,
            "text/javascript; charset=utf-8",
            RELOAD_JS.as_bytes(),
        ),
        "/__dangjian/events" => {
            let since = query
                .strip_prefix("since=")
                .and_then(|v| v.parse::<u64>().ok());
            let body = wait_for_change(shared, since);
            respond(&mut stream, 200, "application/json", body.as_bytes())
        }
        _ => serve_file(&mut stream, dir, path),
    }
}

/// Long poll: answers at once when the version differs from `since`, else within 25 s.
fn wait_for_change(shared: &Shared, since: Option<u64>) -> String {
    let (lock, cvar) = &**shared;
    let guard = match lock.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    let status = match since {
        Some(v) => {
            match cvar.wait_timeout_while(guard, Duration::from_secs(25), |s| s.version == v) {
                Ok((g, _)) => g,
                Err(p) => p.into_inner().0,
            }
        }
        None => guard,
    };
    serde_json::json!({
        "version": status.version,
        "error": status.error,
        "warnings": status.warnings,
    })
    .to_string()
}

fn serve_file(stream: &mut Reply, dir: &Path, url_path: &str) -> std::io::Result<()> {
    let Some(rel) = decode_path(url_path) else {
        return respond(stream, 400, "text/plain; charset=utf-8", b"bad path");
    };
    let mut file = dir.join(&rel);
    if url_path.ends_with('/') || file.is_dir() {
        file = file.join("index.html");
    }
    // The output folder is swapped in by a rename during a rebuild: try again once.
    let bytes = std::fs::read(&file).or_else(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::fs::read(&file)
    });
    match bytes {
        Ok(bytes) => {
            let kind = content_type(&file);
            if kind.starts_with("text/html") {
                respond(stream, 200, kind, &inject_reload(bytes))
            } else {
                respond(stream, 200, kind, &bytes)
            }
        }
        Err(_) => {
            let page =
                std::fs::read(dir.join("404.html")).unwrap_or_else(|_| b"not found".to_vec());
            respond(
                stream,
                404,
                "text/html; charset=utf-8",
                &inject_reload(page),
            )
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

fn inject_reload(mut html: Vec<u8>) -> Vec<u8> {
    const TAG: &[u8] = b"<script src=\"/__dangjian/reload.js\"></script>";
    match html.windows(7).rposition(|w| w == b"</body>") {
        Some(at) => {
            html.splice(at..at, TAG.iter().copied());
            html
        }
        None => {
            html.extend_from_slice(TAG);
            html
        }
    }
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
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(reply: &mut Reply, status: u16, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write_response(&mut reply.stream, reply.head_only, status, kind, body)
}
