//! `dangjian serve`: build, serve `output/` (on 127.0.0.1 unless `--listen` says otherwise),
//! rebuild when a record, template or the configuration changes, and reload the open page. A
//! failed rebuild is shown in the page and in the terminal while the last good site stays
//! served. The HTTP server is `crate::server`; this file holds the options, the start-up
//! checks and the rebuild loop.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use std::sync::Arc;

use axum::Router;
use clap::Args;

use super::{Ctx, build_problems};
use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, render_human};
use crate::pipeline::{BuildOptions, BuildReport};
use crate::server::{self, LiveStatus, Rebuild, TlsFiles};
use crate::workbench::Workbench;
use crate::workbench::auth::Auth;

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    /// 端口号（地址仍为 127.0.0.1；要换地址用 --listen）
    #[arg(long, default_value_t = 1111, value_name = "端口")]
    pub port: u16,
    /// 监听的地址和端口，如 0.0.0.0:8443（默认 127.0.0.1:<--port>，只有本机能打开）
    #[arg(long, value_name = "地址:端口", value_parser = parse_listen)]
    pub listen: Option<SocketAddr>,
    /// 加密访问（https://）用的证书文件，与 --tls-key 一起给出
    #[arg(long, value_name = "文件")]
    pub tls_cert: Option<PathBuf>,
    /// 证书的私钥文件，与 --tls-cert 一起给出
    #[arg(long, value_name = "文件")]
    pub tls_key: Option<PathBuf>,
    /// 在本机以外的地址上不加密（http://）提供服务：密码和记录以明文传输，只用于可信的内网
    #[arg(long)]
    pub insecure_http: bool,
    /// 每次改动后也重新生成 PDF
    #[arg(long)]
    pub pdf: bool,
    /// 输出目录（默认：站点根目录下的 output/）
    #[arg(long, value_name = "目录")]
    pub output: Option<PathBuf>,
    /// 除本机地址外，也接受发往这个主机名的请求（可写多次；其他电脑访问时用的名字须在此给出）
    #[arg(long = "allow-host", value_name = "主机名")]
    pub allow_hosts: Vec<String>,
}

fn parse_listen(s: &str) -> Result<SocketAddr, String> {
    s.trim().parse().map_err(|_| {
        "应写作 地址:端口，如 0.0.0.0:8443、127.0.0.1:1111 或 [::]:8443（地址用数字，不用主机名）"
            .to_owned()
    })
}

/// The address to listen on and the TLS files, or why not (a message for after "错误：").
fn transport(root: &Path, args: &ServeArgs) -> Result<(SocketAddr, Option<TlsFiles>), String> {
    let listen = args
        .listen
        .unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), args.port));
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles {
            cert: cert.clone(),
            key: key.clone(),
        }),
        (None, None) => None,
        _ => return Err("--tls-cert 与 --tls-key 须一起给出：一个是证书，一个是它的私钥".into()),
    };
    if listen.ip().is_loopback() {
        return Ok((listen, tls));
    }
    if let Err(d) = Auth::accounts(root, tls.is_some()) {
        let hint = d.hint.map(|h| format!("（{h}）")).unwrap_or_default();
        return Err(format!(
            "要在本机以外的地址 {listen} 上提供服务，须先建立工作台账户，否则谁都能修改记录：{}{hint}",
            d.message
        ));
    }
    if tls.is_none() && !args.insecure_http {
        return Err(format!(
            "要在本机以外的地址 {listen} 上提供服务，须用 --tls-cert 与 --tls-key 给出 HTTPS 证书和私钥；确在可信的内网中时，也可加 --insecure-http 不加密"
        ));
    }
    Ok((listen, tls))
}

/// The router mounted at `/_`. Until the workbench is merged: one page. The lead replaces the
/// body with `crate::workbench::router(...)`, whose `after_save` calls
/// `rebuild.request_and_wait(Duration::from_secs(…))` (it runs in `spawn_blocking`).
/// The workbench mounted at `/_`: on loopback the local officer's, elsewhere behind accounts
/// (checked by `transport` before). A save wakes the rebuild and returns once the rebuilt
/// pages are published, so that the page it leads to shows the change.
fn workbench(
    root: &Path,
    as_of: Option<chrono::NaiveDate>,
    listen: SocketAddr,
    tls: bool,
    rebuild: Rebuild,
) -> Result<Router, String> {
    let auth = if listen.ip().is_loopback() {
        Auth::local(root, tls)
    } else {
        Auth::accounts(root, tls).map_err(|d| d.message)?
    };
    let wb = Workbench {
        root: root.to_path_buf(),
        as_of,
        after_save: Box::new(move |written| {
            let _ = rebuild.request_and_wait(SAVE_PUBLISH_BOUND, written);
        }),
    };
    Ok(crate::workbench::router(Arc::new(wb), Arc::new(auth)))
}

/// How long a save waits for its rebuilt pages before answering anyway (a rebuild of the demo
/// takes well under a second; a failed one answers at once).
const SAVE_PUBLISH_BOUND: std::time::Duration = std::time::Duration::from_secs(15);

pub(super) fn run(ctx: &Ctx, args: ServeArgs) -> i32 {
    // Every form, save and rebuild loads the site; unchanged records are not parsed again.
    crate::content::cache::enable();
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| crate::layout::default_output(&ctx.root));
    let opts = BuildOptions {
        output: output.clone(),
        pdf: args.pdf,
        defer_slow_steps: true,
    };
    let (listen, tls) = match transport(&ctx.root, &args) {
        Ok(t) => t,
        Err(why) => {
            eprintln!("错误：{why}");
            return 1;
        }
    };
    let live = LiveStatus::default();
    let (rebuild_handle, requests) = server::rebuild_channel(&live);
    let https = tls.is_some();
    let config = server::Config {
        listen,
        output: output.clone(),
        allow_hosts: args.allow_hosts.clone(),
        tls,
        workbench: match workbench(&ctx.root, None, listen, https, rebuild_handle) {
            Ok(w) => w,
            Err(why) => {
                eprintln!("错误：{why}");
                return 1;
            }
        },
        limits: server::Limits::default(),
    };
    let started = match server::start(config, live.clone()) {
        Ok(s) => s,
        Err(why) => {
            eprintln!("错误：{why}");
            return 1;
        }
    };
    let scheme = if started.https { "https" } else { "http" };
    if !listen.ip().is_loopback() {
        if !started.https {
            eprintln!(
                "警告：--insecure-http：网页、密码和记录以明文在网络上传输，同一网络中的人都可能看到；只在可信的内网中这样用"
            );
        }
        if args.allow_hosts.is_empty() {
            eprintln!(
                "提示：其他电脑须用 --allow-host 给出的名字（如 --allow-host dangjian.yiyuan.lan）访问；其他名字一律拒绝"
            );
        }
    }
    let shown = if listen.ip().is_unspecified() {
        let host = args.allow_hosts.first().map_or("127.0.0.1", String::as_str);
        format!("{host}:{}", started.addr.port())
    } else {
        started.addr.to_string()
    };
    ctx.info(format!(
        "预览地址：{scheme}://{shown}/  （修改记录后自动重新生成；Ctrl+C 退出）"
    ));
    rebuild(ctx, &opts, &live, 0, Site::build);

    let server::RebuildRequests {
        wake,
        woken,
        asked: tickets,
    } = requests;
    let (watch, polled) = super::serve_watch::InputWatch::start(&ctx.root, wake, woken);
    ctx.info(polled.unwrap_or_else(|| "正在监视文件变化：保存后立即重新生成".to_owned()));
    let mut last = fingerprint(&ctx.root);
    let mut done = 0;
    loop {
        watch.wait();
        // Read before the fingerprint: a save requested by then is on disk.
        let asked = tickets.get();
        let now = fingerprint(&ctx.root);
        if now != last || asked > done {
            last = now;
            done = asked;
            rebuild(ctx, &opts, &live, asked, Site::build);
        }
    }
}

/// How a rebuild builds the site: `Site::build`, or a stand-in in the tests.
type BuildFn = fn(&Path, &BuildOptions) -> Result<BuildReport, Diagnostics>;

/// `build`, with a panic (a bug) turned into an error like any other: the loop goes on
/// watching and serving the last good site, the page says what happened, and a save waiting
/// for its pages is answered instead of timing out. Without this a panicking build ended the
/// rebuild loop, and the site stayed silently as it was while records kept being saved.
fn build_catching_panics(
    build: BuildFn,
    root: &Path,
    opts: &BuildOptions,
) -> Result<BuildReport, Diagnostics> {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(root, opts)));
    outcome.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "（无说明）".to_owned());
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::general(
                Code::Internal,
                format!("生成网站时程序内部出错：{what}"),
            )
            .with_hint(
                "记录文件没有受影响。再保存一次或重新启动 dangjian serve 通常可以恢复；若再次出现，请把这段信息和刚才的操作告诉维护人员",
            ),
        );
        Err(diags)
    })
}

/// Two passes: the pages first (the browser reloads as soon as they are published), then a
/// normal build that brings the search index and the PDFs up to date.
fn rebuild(ctx: &Ctx, opts: &BuildOptions, live: &LiveStatus, asked: u64, build: BuildFn) {
    let started = Instant::now();
    let pages = build_catching_panics(build, &ctx.root, opts);
    let failed = pages.is_err();
    match pages {
        Ok(r) => {
            ctx.info(format!(
                "已重新生成 {} 个页面（{} ms）",
                r.pages,
                started.elapsed().as_millis()
            ));
            for (step, ms) in &r.timings {
                ctx.detail(format!("  {step}：{ms} ms"));
            }
            // --quiet keeps the terminal to errors; the page shows the warnings all the same.
            let has_errors = r.diagnostics.has_errors();
            let warnings = build_problems(r, &ctx.root, false);
            if !ctx.quiet || has_errors {
                eprint!("{warnings}");
            }
            live.publish(
                true,
                None,
                Some(warnings).filter(|w| !w.is_empty()),
                Some(asked),
            );
        }
        Err(diags) => live.publish(true, Some(report_failure(ctx, diags)), None, Some(asked)),
    }
    live.pass_over(started);
    if failed || !opts.defer_slow_steps {
        return;
    }
    let full = BuildOptions {
        defer_slow_steps: false,
        ..opts.clone()
    };
    let started = Instant::now();
    match build_catching_panics(build, &ctx.root, &full) {
        Ok(r) if !r.up_to_date => ctx.info(format!(
            "搜索索引{}已更新（{} ms）",
            if opts.pdf { "和 PDF " } else { "" },
            started.elapsed().as_millis()
        )),
        Ok(_) => {}
        Err(diags) => live.publish(false, Some(report_failure(ctx, diags)), None, None),
    }
}

fn report_failure(ctx: &Ctx, diags: crate::diagnostics::Diagnostics) -> String {
    let text = render_human(&diags.sorted(), &ctx.root);
    eprint!("{text}");
    eprintln!("生成失败：浏览器中仍是上一次成功生成的网站");
    text
}

/// Changes to anything a build reads: names, sizes and modification times of the files
/// under content/, templates/, themes/, static/ and site.toml. Output and caches are not
/// looked at, so a build never triggers itself.
fn fingerprint(root: &Path) -> u64 {
    use rayon::prelude::*;
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for dir in crate::layout::INPUTS {
        let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .collect();
        // Looked up on every core: a save waits for this walk before its pages are made.
        let metas: Vec<Option<std::fs::Metadata>> =
            entries.par_iter().map(|e| e.metadata().ok()).collect();
        for (entry, meta) in entries.iter().zip(metas) {
            if let Some(meta) = meta {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn panicking_build(_: &Path, _: &BuildOptions) -> Result<BuildReport, Diagnostics> {
        panic!("测试用的故障")
    }

    /// A build that panics is reported like a failed one, the ticket that asked for it is
    /// answered, and the loop can go on (the function returns).
    #[test]
    fn a_panicking_build_is_reported_and_the_loop_goes_on() {
        let root =
            std::env::temp_dir().join(format!("dangjian-serve-panic-{}", std::process::id()));
        let ctx = Ctx {
            root: root.clone(),
            quiet: true,
            verbose: false,
        };
        let opts = BuildOptions {
            output: root.join("output"),
            pdf: false,
            defer_slow_steps: true,
        };
        let live = LiveStatus::default();
        let status = live.subscribe();
        for asked in [3, 4] {
            rebuild(&ctx, &opts, &live, asked, panicking_build);
            let now = status.borrow().clone();
            assert_eq!(now.built, asked, "the ticket was not answered");
            let error = now.error.unwrap_or_default();
            assert!(
                error.contains("错误[internal]: 生成网站时程序内部出错：测试用的故障"),
                "{error}"
            );
            assert!(error.contains("记录文件没有受影响"), "{error}");
        }
    }
}
