//! The website: records and metrics → pages (prepared views) → HTML through the theme's
//! templates, written into a staging folder together with static files, published
//! attachments, sitemap, feed and search index.

pub(crate) mod deps;
mod feeds;
mod index;
mod pages;
mod render;
pub(crate) mod search;
mod templates;
pub(crate) mod theme;

use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::present;
use crate::present::links;
use crate::publish::Writer;
use render::Renderer;

pub(crate) struct RenderOptions {
    /// Make the search index, with its shards cached in this folder (a deferred build keeps
    /// the last index and passes `None`).
    pub search_cache: Option<PathBuf>,
    /// Keep the activity pages whose inputs did not change since the last build (see
    /// [`deps`]); without it every page is made.
    pub incremental: Option<Incremental>,
}

/// Where the dependency map of the output is kept, and the stamp of what all pages share.
pub(crate) struct Incremental {
    pub map: PathBuf,
    /// `freshness::shared_inputs` of the site.
    pub shared_inputs: String,
}

/// A page of this build: made now or kept from the last one. A list or summary page carries
/// its search document (an activity record's is made by the index from the record).
struct Done {
    path: String,
    doc: Option<search::SearchDoc>,
    /// Kept from the last build, not made again.
    kept: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub pages: usize,
    /// Pages kept from the last build without being made again.
    pub kept: usize,
    /// Search shards indexed, read back from the cache, and the documents indexed.
    pub shards: Option<(usize, usize, usize)>,
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
    let mut clock = Clock::start();
    let r = Renderer::new(ctx, opts.incremental.as_ref(), out)?;
    let activities = &ctx.site.corpus.activities;

    // The pages that carry search documents (branches, notices, annual reports, brands)
    // first: the index starts from their documents. Then the other list and summary pages and
    // the activity records' pages ‖ the search index: the pages are bound by the writer
    // creating files, the index by the CPU, and side by side they fill each other's idle core.
    // (The list pages took 1.3 s before the index at 100,000 activities.)
    let mut diags = Diagnostics::new();
    let (searched_at, searched): (Vec<usize>, Vec<Done>) =
        ok_pages(r.list_pages(true), &mut diags).into_iter().unzip();
    if diags.has_errors() {
        return Err(diags);
    }
    clock.lap("有搜索内容的页面（支部、通知、年报、品牌）");

    let paths: Vec<String> = activities.par_iter().map(links::activity).collect();
    let ((lists, (records, ledgers), pages_ms), indexed) = rayon::join(
        || {
            let started = Instant::now();
            let (lists, made) = rayon::join(
                || r.list_pages(false),
                || rayon::join(|| r.activity_pages(&paths), || r.ledgers()),
            );
            (lists, made, started.elapsed().as_millis())
        },
        || {
            opts.search_cache
                .as_deref()
                .map(|cache| r.search_index(&searched, &paths, cache))
                .transpose()
        },
    );
    // The index's failure is reported with the pages' own, not instead of them.
    let indexed = indexed.unwrap_or_else(|d| {
        diags.push(d);
        None
    });
    // The list pages in the order of their groups, then the activities' (the sitemap's order).
    let mut listed: Vec<(usize, Done)> = searched_at.into_iter().zip(searched).collect();
    listed.extend(ok_pages(lists, &mut diags));
    listed.sort_by_key(|(place, _)| *place);
    let mut done: Vec<Done> = Vec::with_capacity(listed.len() + activities.len());
    done.extend(listed.into_iter().map(|(_, page)| page));
    let mut map = deps::DepMap::new();
    let mut kept = 0;
    for (i, made) in records.into_iter().enumerate() {
        match made {
            Ok((page, deps)) => {
                kept += usize::from(page.kept);
                if let Some(mut deps) = deps {
                    if let Some((phases, _)) = &indexed {
                        deps.doc = phases.hashes.get(i).copied();
                    }
                    map.insert(page.path.clone(), deps);
                }
                done.push(page);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for ledger in ledgers {
        if let Some((path, made)) = ledger? {
            map.insert(path, made);
        }
    }
    if let Some(i) = &opts.incremental {
        // A map that cannot be saved only means every page is made next time.
        let _ = map.save(&i.map);
    }
    clock.lap("其余页面、年度台账与搜索索引（同时进行）");
    clock.laps.push(("·列表、记录页面与年度台账", pages_ms));
    let mut shards = None;
    if let Some((phases, ms)) = &indexed {
        clock.laps.push(("·搜索索引", *ms));
        clock.phases(phases);
        shards = Some((phases.made, phases.cached, phases.docs));
    }

    let page_paths: Vec<&str> = done.iter().map(|d| d.path.as_str()).collect();
    r.around_pages(&page_paths, &mut diags)?;
    clock.lap("附件与静态文件");
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Rendered {
        pages: page_paths.len(),
        kept,
        shards,
        bytes: r.bytes.into_inner(),
        timings: clock.laps,
    })
}

/// Wall time per build step.
struct Clock {
    last: Instant,
    laps: Vec<(&'static str, u128)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// The search index's phases, after its step: parts of that step, so they are not added
    /// to the build's steps (`·` marks them).
    fn phases(&mut self, p: &search::IndexPhases) {
        let ms = |ns: u64| u128::from(ns / 1_000_000);
        self.laps.extend([
            ("·搜索索引·由记录生成搜索内容", ms(p.fetch_ns)),
            ("·搜索索引·加入记录（分词、组装片段）", ms(p.add_ns)),
            ("·搜索索引·建立索引并压缩", ms(p.files_ns)),
            ("·搜索索引·读写分片缓存", ms(p.cache_ns)),
            ("·搜索索引·交给写入线程", ms(p.put_ns)),
        ]);
    }

    fn lap(&mut self, step: &'static str) {
        let now = Instant::now();
        self.laps.push((step, (now - self.last).as_millis()));
        self.last = now;
    }
}

/// The pages made, each with its group's place; the failures go to `diags`.
fn ok_pages(
    made: Vec<(usize, Result<Done, Diagnostic>)>,
    diags: &mut Diagnostics,
) -> Vec<(usize, Done)> {
    let mut pages = Vec::with_capacity(made.len());
    for (place, page) in made {
        match page {
            Ok(page) => pages.push((place, page)),
            Err(d) => diags.push(d),
        }
    }
    pages
}

fn collect(list: Vec<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.extend(list);
    d
}
