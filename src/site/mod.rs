//! The website: records and metrics → pages (prepared views) → HTML through the theme's
//! templates, written into a staging folder together with static files, published
//! attachments, sitemap, feed and search index.

pub(crate) mod deps;
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
    let render_one = |page: pages::Page| -> Result<(Done, u64), Diagnostic> {
        let html = templates.render(page.template, &page.context)?;
        bytes.fetch_add(html.len() as u64, Ordering::Relaxed);
        let out_hash = out
            .put_hashed(page.path.clone(), html.as_bytes())
            .map_err(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))?;
        let done = Done {
            path: page.path,
            doc: page.search,
            kept: false,
        };
        Ok((done, out_hash))
    };
    let last = opts
        .incremental
        .as_ref()
        .map(|i| deps::DepMap::load(&i.map))
        .unwrap_or_default();
    let shared = opts.incremental.as_ref().map(|i| {
        let globals = [
            serde_json::to_string(&around).unwrap_or_default(),
            serde_json::to_string(&extra).unwrap_or_default(),
        ];
        deps::shared_key(&i.shared_inputs, &globals, ctx.pdf_links)
    });
    let keys: std::collections::HashMap<&str, Option<u64>> = match shared {
        Some(s) => site
            .corpus
            .activities
            .par_iter()
            .map(|a| {
                let key = deps::activity_key(&site.root, s, a, ctx.history.of(&a.file));
                (a.file.as_str(), key)
            })
            .collect(),
        None => std::collections::HashMap::new(),
    };
    // The last build's file at `path`, when it was made from inputs with this key and the
    // output still holds it: kept, and what it was made from is returned.
    let keep_last = |path: &str, key: Option<u64>| -> Result<Option<&deps::PageDeps>, Diagnostic> {
        let Some(d) = key.and_then(|k| last.get(path).filter(|d| d.key == k)) else {
            return Ok(None);
        };
        let kept = out
            .keep(path, d.out)
            .map_err(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))?;
        Ok(kept.map(|size| {
            bytes.fetch_add(size, Ordering::Relaxed);
            d
        }))
    };
    // The year's ledger workbooks, one per year with pages, from the same metrics: made
    // beside the pages (their zip compression would otherwise add its time to the build's),
    // unless the year's ledger view is the last build's.
    let ledgers = || -> Vec<Result<Option<(String, deps::PageDeps)>, Diagnostic>> {
        ctx.years
            .with_records()
            .par_iter()
            .map(|m| {
                let path = links::ledger(m.year);
                let key = shared.and_then(|s| {
                    let records: Vec<Option<u64>> = site
                        .corpus
                        .activities_in(m.year)
                        .map(|a| keys.get(a.file.as_str()).copied().flatten())
                        .collect();
                    deps::ledger_key(s, m, &records)
                });
                if let Some(d) = keep_last(&path, key)? {
                    return Ok(Some((path, d.clone())));
                }
                let view = present::ledger::view(site, m, None);
                let data = crate::export::ledger_xlsx::write(&view).map_err(|e| {
                    Diagnostic::general(Code::Output, format!("无法生成 {} 年台账：{e}", m.year))
                })?;
                bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                let out_hash = out
                    .put_hashed(path.clone(), &data)
                    .map_err(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))?;
                Ok(key.map(|key| {
                    let made = deps::PageDeps {
                        key,
                        out: out_hash,
                        doc: None,
                        assets: Vec::new(),
                    };
                    (path, made)
                }))
            })
            .collect()
    };
    // The list and summary pages first, each group made and rendered on its own: their
    // search documents (notices, branches, brands, annual reports) go into the index, which
    // then runs beside the activity records' pages and makes those documents from the records.
    let listed: Vec<Result<Done, Diagnostic>> = pages::all(&input)
        .into_par_iter()
        .flat_map_iter(|family| {
            let mut made = Vec::new();
            family(&mut |page| made.push(render_one(page).map(|(done, _)| done)));
            made
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut done: Vec<Done> = Vec::with_capacity(listed.len() + site.corpus.activities.len());
    for r in listed {
        match r {
            Ok(page) => done.push(page),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    clock.lap("列表与汇总页面");

    let activity_paths: Vec<String> = site
        .corpus
        .activities
        .par_iter()
        .map(links::activity)
        .collect();
    // An activity page whose inputs are the last build's is kept; the others are made, each
    // with an input of its own so that the attachments it publishes are known.
    let records = || -> Vec<Result<(Done, Option<deps::PageDeps>), Diagnostic>> {
        site.corpus
            .activities
            .par_iter()
            .zip(&activity_paths)
            .map(|(a, path)| {
                let key = keys.get(a.file.as_str()).copied().flatten();
                if let Some(d) = keep_last(path, key)? {
                    for asset in &d.assets {
                        input.publish(asset.clone());
                    }
                    let done = Done {
                        path: path.clone(),
                        doc: None,
                        kept: true,
                    };
                    return Ok((done, Some(d.clone())));
                }
                let own = pages::Input {
                    ctx,
                    site,
                    assets: Mutex::new(BTreeSet::new()),
                };
                let (done, out_hash) = render_one(pages::activity_page(&own, a))?;
                let assets: Vec<String> = own
                    .assets
                    .into_inner()
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                for asset in &assets {
                    input.publish(asset.clone());
                }
                let deps = key.map(|key| deps::PageDeps {
                    key,
                    out: out_hash,
                    doc: None,
                    assets,
                });
                Ok((done, deps))
            })
            .collect()
    };
    // The search index, from the list pages' documents and the records: an activity whose
    // inputs are the last build's is known by its document's last hash, and its document is
    // made again only if its shard must be indexed again.
    let index = || -> Result<Option<(search::IndexPhases, u128)>, Diagnostic> {
        let Some(cache) = &opts.search_cache else {
            return Ok(None);
        };
        let started = std::time::Instant::now();
        let docs: Vec<(&str, &search::SearchDoc)> = done
            .iter()
            .filter_map(|d| d.doc.as_ref().map(|doc| (d.path.as_str(), doc)))
            .collect();
        // Only notice and branch pages name exact queries (文号, names).
        let order = crate::present::search::filter_order(site);
        put(
            search::EXACT_FILE.to_owned(),
            &search::exact_file(&docs, &order),
        )?;
        let mut entries: Vec<search::Entry<'_>> = docs
            .iter()
            .map(|&(path, doc)| search::Entry {
                path,
                hash: Some(search::doc_hash(doc)),
                doc: Some(doc),
            })
            .collect();
        entries.extend(
            site.corpus
                .activities
                .iter()
                .zip(&activity_paths)
                .map(|(a, path)| {
                    let key = keys.get(a.file.as_str()).copied().flatten();
                    let hash = key
                        .and_then(|k| last.get(path).filter(|d| d.key == k))
                        .and_then(|d| d.doc);
                    search::Entry {
                        path,
                        hash,
                        doc: None,
                    }
                }),
        );
        let by_path: std::collections::HashMap<&str, &crate::content::Activity> = activity_paths
            .iter()
            .map(String::as_str)
            .zip(&site.corpus.activities)
            .collect();
        let fetch = |path: &str| -> Option<search::SearchDoc> {
            let a = by_path.get(path)?;
            Some(search::SearchDoc::of(&present::activity::search_text(
                site, a,
            )))
        };
        let search_out = search::Out {
            put: &|path, data| {
                bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                out.put_hashed(path, data)
                    .map_err(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))
            },
            keep: &|path, hash| {
                let kept = out
                    .keep(path, hash)
                    .map_err(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))?;
                if let Some(size) = kept {
                    bytes.fetch_add(size, Ordering::Relaxed);
                }
                Ok(kept.is_some())
            },
        };
        let mut phases = search::index_entries(&entries, shards, Some(cache), &fetch, &search_out)?;
        // The activities' hashes, in the order of the records, for the dependency map.
        phases.hashes.drain(..docs.len());
        Ok(Some((phases, started.elapsed().as_millis())))
    };
    let (((records, ledgers), records_ms), indexed) = rayon::join(
        || {
            let started = std::time::Instant::now();
            let made = rayon::join(records, ledgers);
            (made, started.elapsed().as_millis())
        },
        index,
    );
    let indexed = indexed?;
    let mut map = deps::DepMap::new();
    let mut kept = 0;
    for (i, r) in records.into_iter().enumerate() {
        match r {
            Ok((page, deps)) => {
                if page.kept {
                    kept += 1;
                }
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
    for r in ledgers {
        if let Some((path, made)) = r? {
            map.insert(path, made);
        }
    }
    if let Some(i) = &opts.incremental {
        // A map that cannot be saved only means every page is made next time.
        let _ = map.save(&i.map);
    }
    clock.lap("记录页面、年度台账与搜索索引（同时进行）");
    clock.laps.push(("·记录页面与年度台账", records_ms));
    let mut shard_counts = None;
    if let Some((phases, ms)) = &indexed {
        clock.laps.push(("·搜索索引", *ms));
        clock.phases(phases);
        shard_counts = Some((phases.made, phases.cached, phases.docs));
    }

    let paths: Vec<&str> = done.iter().map(|d| d.path.as_str()).collect();
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
    // Taken, not moved: `input` stays borrowed by the page closures above.
    let assets = input
        .assets
        .lock()
        .map(|mut set| std::mem::take(&mut *set))
        .unwrap_or_default();
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
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Rendered {
        pages: page_count,
        kept,
        shards: shard_counts,
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
