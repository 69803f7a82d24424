//! What every part of the site's rendering shares — the templates with their globals, the
//! output, the last build's dependency map and each activity's key — and the parts that make
//! pages: the list and summary pages, the activity records' pages, the year ledgers, and the
//! files around them. The search index's part is in [`super::index`].

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use super::templates::Templates;
use super::{Done, Incremental, deps, feeds, pages, search, theme};
use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Pos};
use crate::present;
use crate::present::links;
use crate::publish::Writer;

pub(super) struct Renderer<'a> {
    pub(super) ctx: &'a present::Context<'a>,
    pub(super) site: &'a Site,
    pub(super) templates: Templates,
    pub(super) out: &'a Writer,
    /// Bytes of every file handed over or kept, for the build's report.
    pub(super) bytes: AtomicU64,
    /// The pages' shared input, and the attachments they link to (published at the end).
    pub(super) input: pages::Input<'a>,
    /// The search shards this site gets.
    pub(super) shards: usize,
    /// The last build's dependency map (empty without one).
    pub(super) last: deps::DepMap,
    /// [`deps::shared_key`] of this build, in an incremental build.
    pub(super) shared: Option<u64>,
    /// Each activity record's key (by its file), in an incremental build.
    pub(super) keys: HashMap<&'a str, Option<u64>>,
}

/// The result of making an activity's page or keeping the last one: the page, and what it
/// was made from for the next build's map.
pub(super) type Made = Result<(Done, Option<deps::PageDeps>), Diagnostic>;
/// A year's ledger workbook: its path and what it was made from, in an incremental build.
pub(super) type Ledger = Result<Option<(String, deps::PageDeps)>, Diagnostic>;

fn output_error(e: std::io::Error) -> Diagnostic {
    Diagnostic::general(Code::Output, format!("写入输出失败：{e}"))
}

impl<'a> Renderer<'a> {
    pub(super) fn new(
        ctx: &'a present::Context<'a>,
        incremental: Option<&Incremental>,
        out: &'a Writer,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let site = ctx.site;
        let mut templates = Templates::load(site).map_err(super::collect)?;
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
        let last = incremental
            .map(|i| deps::DepMap::load(&i.map))
            .unwrap_or_default();
        let shared = incremental.map(|i| {
            let globals = [
                serde_json::to_string(&around).unwrap_or_default(),
                serde_json::to_string(&extra).unwrap_or_default(),
            ];
            deps::shared_key(&i.shared_inputs, &globals, ctx.pdf_links)
        });
        let keys = match shared {
            Some(s) => site
                .corpus
                .activities
                .par_iter()
                .map(|a| {
                    let key = deps::activity_key(&site.root, s, a, ctx.history.of(&a.file));
                    (a.file.as_str(), key)
                })
                .collect(),
            None => HashMap::new(),
        };
        Ok(Renderer {
            ctx,
            site,
            templates,
            out,
            bytes: AtomicU64::new(0),
            input: pages::Input {
                ctx,
                site,
                assets: Mutex::new(BTreeSet::new()),
            },
            shards,
            last,
            shared,
            keys,
        })
    }

    pub(super) fn put(&self, path: String, data: &[u8]) -> Result<(), Diagnostic> {
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        self.out.put(path, data).map_err(output_error)
    }

    /// Hands a file over and returns the hash the output knows it by.
    pub(super) fn put_hashed(&self, path: String, data: &[u8]) -> Result<u64, Diagnostic> {
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        self.out.put_hashed(path, data).map_err(output_error)
    }

    /// Keeps the last build's file at `path` when the output holds it with this hash.
    pub(super) fn keep(&self, path: &str, hash: u64) -> Result<bool, Diagnostic> {
        let kept = self.out.keep(path, hash).map_err(output_error)?;
        if let Some(size) = kept {
            self.bytes.fetch_add(size, Ordering::Relaxed);
        }
        Ok(kept.is_some())
    }

    /// An activity record's key in this build.
    pub(super) fn key_of(&self, a: &crate::content::Activity) -> Option<u64> {
        self.keys.get(a.file.as_str()).copied().flatten()
    }

    /// What the last build made `path` from, when it was made from inputs with this key.
    pub(super) fn last_made(&self, path: &str, key: Option<u64>) -> Option<&deps::PageDeps> {
        key.and_then(|k| self.last.get(path).filter(|d| d.key == k))
    }

    /// The last build's file at `path`, when it was made from inputs with this key and the
    /// output still holds it: kept, and what it was made from is returned.
    fn keep_last(
        &self,
        path: &str,
        key: Option<u64>,
    ) -> Result<Option<&deps::PageDeps>, Diagnostic> {
        let Some(d) = self.last_made(path, key) else {
            return Ok(None);
        };
        Ok(self.keep(path, d.out)?.then_some(d))
    }

    /// Renders a page and hands it to the writer in one go, so that neither the contexts nor
    /// the HTML of the whole site are ever in memory at once; what stays is the page's path
    /// and its search document.
    fn page(&self, page: pages::Page) -> Result<(Done, u64), Diagnostic> {
        let html = self.templates.render(page.template, &page.context)?;
        let out_hash = self.put_hashed(page.path.clone(), html.as_bytes())?;
        let done = Done {
            path: page.path,
            doc: page.search,
            kept: false,
        };
        Ok((done, out_hash))
    }

    /// The list and summary pages of the groups whose pages carry search documents
    /// (`searched`) or of the others, each group made and rendered on its own thread; each
    /// page with its group's place in [`pages::all`].
    pub(super) fn list_pages(&self, searched: bool) -> Vec<(usize, Result<Done, Diagnostic>)> {
        pages::all(&self.input)
            .into_iter()
            .enumerate()
            .filter(|(_, group)| group.searched == searched)
            .collect::<Vec<_>>()
            .into_par_iter()
            .flat_map_iter(|(place, group)| {
                let mut made = Vec::new();
                (group.family)(&mut |page| {
                    made.push((place, self.page(page).map(|(done, _)| done)))
                });
                made
            })
            .collect()
    }

    /// The activity records' pages (at `paths`, in the records' order): a page whose inputs
    /// are the last build's is kept; the others are made, each with an input of its own so
    /// that the attachments it publishes are known.
    pub(super) fn activity_pages(&self, paths: &[String]) -> Vec<Made> {
        self.site
            .corpus
            .activities
            .par_iter()
            .zip(paths)
            .map(|(a, path)| {
                let key = self.key_of(a);
                if let Some(d) = self.keep_last(path, key)? {
                    for asset in &d.assets {
                        self.input.publish(asset.clone());
                    }
                    let done = Done {
                        path: path.clone(),
                        doc: None,
                        kept: true,
                    };
                    return Ok((done, Some(d.clone())));
                }
                let own = pages::Input {
                    ctx: self.ctx,
                    site: self.site,
                    assets: Mutex::new(BTreeSet::new()),
                };
                let (done, out_hash) = self.page(pages::activity_page(&own, a))?;
                let assets: Vec<String> = own
                    .assets
                    .into_inner()
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                for asset in &assets {
                    self.input.publish(asset.clone());
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
    }

    /// The year's ledger workbooks, one per year with pages, from the same metrics, unless
    /// the year's ledger view is the last build's.
    pub(super) fn ledgers(&self) -> Vec<Ledger> {
        let site = self.site;
        self.ctx
            .years
            .with_records()
            .par_iter()
            .map(|m| {
                let path = links::ledger(m.year);
                let key = self.shared.and_then(|s| {
                    let records: Vec<Option<u64>> = site
                        .corpus
                        .activities_in(m.year)
                        .map(|a| self.key_of(a))
                        .collect();
                    deps::ledger_key(s, m, &records)
                });
                if let Some(d) = self.keep_last(&path, key)? {
                    return Ok(Some((path, d.clone())));
                }
                let view = present::ledger::view(site, m, None);
                let data = crate::export::ledger_xlsx::write(&view).map_err(|e| {
                    Diagnostic::general(Code::Output, format!("无法生成 {} 年台账：{e}", m.year))
                })?;
                let out_hash = self.put_hashed(path.clone(), &data)?;
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
    }

    /// The sitemap of `paths`, the feed, the theme's static files and every attachment the
    /// pages linked to; an attachment that cannot be read is reported in `diags`.
    pub(super) fn around_pages(
        &self,
        paths: &[&str],
        diags: &mut Diagnostics,
    ) -> Result<(), Diagnostics> {
        let site = self.site;
        self.put(
            "sitemap.xml".into(),
            feeds::sitemap(&present::feed::sitemap(site, paths)).as_bytes(),
        )?;
        self.put(
            "feed.xml".into(),
            feeds::atom(&present::feed::feed(site)).as_bytes(),
        )?;
        for (path, data) in theme::static_files(site).map_err(super::collect)? {
            self.put(path, &data)?;
        }
        let assets = self
            .input
            .assets
            .lock()
            .map(|mut set| std::mem::take(&mut *set))
            .unwrap_or_default();
        for rel in assets {
            match std::fs::read(site.root.join(&rel)) {
                Ok(data) => {
                    self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
                    self.out
                        .put_asset(links::asset(&rel), &data, &rel)
                        .map_err(output_error)?;
                }
                Err(e) => diags.push(Diagnostic::new(
                    Code::Io,
                    rel,
                    Pos::FILE,
                    format!("无法读取附件：{e}"),
                )),
            }
        }
        Ok(())
    }
}
