//! The website: records and metrics → pages (prepared views) → HTML through the theme's
//! templates, written into a staging folder together with static files, published
//! attachments, sitemap, feed and search index.

mod feeds;
mod pages;
pub(crate) mod search;
mod templates;
pub(crate) mod theme;

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::present;
use crate::present::links;
use crate::publish::Writer;
use templates::Templates;

pub(crate) struct RenderOptions {
    /// Make the search index, with its shards cached in this folder (a deferred build keeps
    /// the last index and passes `None`).
    pub search_cache: Option<PathBuf>,
}

#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub pages: usize,
    pub bytes: u64,
    /// (step, milliseconds), for `--verbose`.
    pub timings: Vec<(&'static str, u128)>,
}

/// Renders the whole site, handing every file to `out` as soon as it is made.
pub(crate) fn render(
    ctx: &present::Context<'_>,
    opts: &RenderOptions,
    out: &Writer,
) -> Result<Rendered, Diagnostics> {
    let site = ctx.site;
    let mut clock = Clock::start();
    let mut templates = Templates::load(site).map_err(collect)?;
    let around = present::frame::site(ctx);
    templates.set_global("site_title", &around.site_title);
    templates.set_global("org_name", &around.org_name);
    templates.set_global("hospital", &around.hospital);
    templates.set_global("nav", &around.nav);
    templates.set_global("as_of", &around.as_of);
    // Activities are nearly all of the search documents.
    let shards = search::shard_count(site.corpus.activities.len());
    let extra = search::merged_bundles(shards);
    templates.set_global("search_bundles", &extra);

    let input = pages::Input {
        ctx,
        site,
        assets: Mutex::new(BTreeSet::new()),
    };
    let bytes = AtomicU64::new(0);
    let put = |path: String, data: &[u8]| -> Result<(), Diagnostic> {
        bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        out.put(path, data)
            .map_err(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))
    };
    // Each page is prepared, rendered and handed to the writer in one go, so that neither the
    // contexts nor the HTML of the whole site are ever in memory at once; what stays is the
    // page's path and its search document.
    let render_one =
        |page: pages::Page| -> Result<(String, Option<search::SearchDoc>), Diagnostic> {
            let html = templates.render(page.template, &page.context)?;
            put(page.path.clone(), html.as_bytes())?;
            Ok((page.path, page.search))
        };
    // The year's ledger workbooks, one per year with pages, from the same metrics: made
    // beside the pages (their zip compression would otherwise add its time to the build's).
    let ledgers = || -> Vec<Result<(), Diagnostic>> {
        ctx.years
            .with_records()
            .par_iter()
            .map(|m| {
                let view = present::ledger::view(site, m, None);
                let data = crate::export::ledger_xlsx::write(&view).map_err(|e| {
                    Diagnostic::general(Code::Output, format!("无法生成 {} 年台账：{e}", m.year))
                })?;
                put(links::ledger(m.year), &data)
            })
            .collect()
    };
    let (listed, ledgers): (Vec<Result<_, Diagnostic>>, _) = rayon::join(
        || pages::all(&input).into_par_iter().map(render_one).collect(),
        ledgers,
    );
    let records: Vec<Result<_, Diagnostic>> = site
        .corpus
        .activities
        .par_iter()
        .map(|a| render_one(pages::activity_page(&input, a)))
        .collect();
    let mut diags = Diagnostics::new();
    let mut done: Vec<(String, Option<search::SearchDoc>)> =
        Vec::with_capacity(listed.len() + records.len());
    for r in listed.into_iter().chain(records) {
        match r {
            Ok(page) => done.push(page),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for r in ledgers {
        r?;
    }
    clock.lap("页面与年度台账");

    let paths: Vec<&str> = done.iter().map(|(p, _)| p.as_str()).collect();
    let page_count = paths.len();
    put(
        "sitemap.xml".into(),
        feeds::sitemap(&crate::present::feed::sitemap(site, &paths)).as_bytes(),
    )?;
    put(
        "feed.xml".into(),
        feeds::atom(&crate::present::feed::feed(site)).as_bytes(),
    )?;
    for (path, data) in theme::static_files(site).map_err(collect)? {
        put(path, &data)?;
    }
    let assets = input.assets.into_inner().unwrap_or_default();
    for rel in assets {
        match fs::read(site.root.join(&rel)) {
            Ok(data) => {
                bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                out.put_asset(links::asset(&rel), &data, &rel)
                    .map_err(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))?;
            }
            Err(e) => diags.push(Diagnostic::new(
                Code::Io,
                rel,
                crate::diagnostics::Pos::FILE,
                format!("无法读取附件：{e}"),
            )),
        }
    }
    clock.lap("附件与静态文件");
    let docs: Vec<(&str, &search::SearchDoc)> = done
        .iter()
        .filter_map(|(p, d)| d.as_ref().map(|d| (p.as_str(), d)))
        .collect();
    if let Some(cache) = &opts.search_cache {
        let order = crate::present::search::filter_order(site);
        put(
            search::EXACT_FILE.to_owned(),
            &search::exact_file(&docs, &order),
        )?;
        search::index(&docs, shards, Some(cache), &|path, data| put(path, data))?;
        clock.lap("搜索索引");
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Rendered {
        pages: page_count,
        bytes: bytes.into_inner(),
        timings: clock.laps,
    })
}

/// Wall time per build step.
struct Clock {
    last: std::time::Instant,
    laps: Vec<(&'static str, u128)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, step: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((step, (now - self.last).as_millis()));
        self.last = now;
    }
}

fn collect(list: Vec<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.extend(list);
    d
}
