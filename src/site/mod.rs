//! The website: records and metrics → pages (prepared views) → HTML through the theme's
//! templates, written into a staging folder together with static files, published
//! attachments, sitemap, feed and search index.

mod feeds;
pub mod links;
mod pages;
pub mod search;
mod templates;
pub mod theme;
pub mod views;

use std::collections::BTreeSet;
use std::fs;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::history::History;
use crate::metrics::Metrics;
use templates::Templates;

pub struct RenderOptions {
    /// PDFs are built alongside: pages link them.
    pub pdf_links: bool,
}

#[derive(Debug, Default)]
pub struct Rendered {
    /// Every file of the site: (path relative to the output folder, contents).
    pub files: Vec<(String, Vec<u8>)>,
    pub pages: usize,
    pub bytes: u64,
    /// (step, milliseconds), for `--verbose`.
    pub timings: Vec<(&'static str, u128)>,
}

#[derive(Serialize)]
struct NavItem {
    id: &'static str,
    title: &'static str,
    url: String,
}

/// Renders the whole site in memory; [`crate::publish`] writes what changed.
pub fn render(
    site: &Site,
    years: &[Metrics],
    opts: &RenderOptions,
) -> Result<Rendered, Diagnostics> {
    let mut clock = Clock::start();
    let mut templates = Templates::load(site).map_err(collect)?;
    let history = History::read(&site.root);
    templates.set_global("site_title", &site.config.site.title);
    templates.set_global("org_name", &site.config.organisation.name);
    templates.set_global("hospital", &site.config.organisation.hospital);
    templates.set_global("nav", &nav(!history.is_empty()));
    templates.set_global("as_of", &views::cn_date(site.as_of));

    let input = pages::Input {
        site,
        years,
        history: &history,
        assets: Mutex::new(BTreeSet::new()),
        pdf_links: opts.pdf_links,
    };
    let pages = pages::all(&input);
    clock.lap("准备页面数据");
    // The search page merges the other shards' indexes into the main one.
    let shards: std::collections::BTreeSet<String> = pages
        .iter()
        .filter(|p| p.search.is_some())
        .map(|p| search::shard_of(&p.path))
        .collect();
    let extra: Vec<String> = shards
        .iter()
        .filter(|s| *s != search::MAIN_SHARD)
        .map(|s| search::bundle_dir(s))
        .collect();
    templates.set_global("search_bundles", &extra);
    let rendered: Vec<Result<(String, String), Diagnostic>> = pages
        .par_iter()
        .map(|p| {
            templates
                .render(p.template, &p.context)
                .map(|html| (p.path.clone(), html))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut html_pages = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(page) => html_pages.push(page),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    clock.lap("渲染模板");

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let paths: Vec<&str> = html_pages.iter().map(|(p, _)| p.as_str()).collect();
    files.push((
        "sitemap.xml".into(),
        feeds::sitemap(site, &paths).into_bytes(),
    ));
    files.push(("feed.xml".into(), feeds::atom(site).into_bytes()));
    files.extend(theme::static_files(site).map_err(collect)?);
    let assets = input.assets.into_inner().unwrap_or_default();
    for rel in assets {
        match fs::read(site.root.join(&rel)) {
            Ok(bytes) => files.push((links::asset(&rel), bytes)),
            Err(e) => diags.push(Diagnostic::new(
                Code::Io,
                rel,
                crate::diagnostics::Pos::FILE,
                format!("无法读取附件：{e}"),
            )),
        }
    }
    clock.lap("附件与静态文件");
    let docs: Vec<(&str, &search::SearchDoc)> = pages
        .iter()
        .filter_map(|p| p.search.as_ref().map(|d| (p.path.as_str(), d)))
        .collect();
    let cache = crate::pipeline::cache_dir(&site.root);
    files.extend(search::index(&docs, Some(&cache)).map_err(Diagnostics::from)?);
    clock.lap("搜索索引");
    if diags.has_errors() {
        return Err(diags);
    }
    let page_count = html_pages.len();
    files.extend(
        html_pages
            .into_iter()
            .map(|(p, html)| (p, html.into_bytes())),
    );
    let bytes = files.iter().map(|(_, b)| b.len() as u64).sum();
    Ok(Rendered {
        pages: page_count,
        files,
        bytes,
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

fn nav(with_history: bool) -> Vec<NavItem> {
    let mut items = vec![
        NavItem {
            id: "home",
            title: "首页",
            url: links::home(),
        },
        NavItem {
            id: "branches",
            title: "党支部",
            url: links::branches(),
        },
        NavItem {
            id: "activities",
            title: "支部活动",
            url: links::activities(),
        },
        NavItem {
            id: "brands",
            title: "支部品牌",
            url: links::brands(),
        },
        NavItem {
            id: "notices",
            title: "通知文件",
            url: links::notices(),
        },
        NavItem {
            id: "annual",
            title: "年度报告",
            url: links::annuals(),
        },
        NavItem {
            id: "checklists",
            title: "考核清单",
            url: links::checklists(),
        },
    ];
    if with_history {
        items.push(NavItem {
            id: "history",
            title: "修订记录",
            url: links::history(),
        });
    }
    items.push(NavItem {
        id: "search",
        title: "搜索",
        url: links::search(),
    });
    items
}

/// Escapes text for HTML/XML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
