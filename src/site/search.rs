//! Full-text search with Pagefind, indexed in process from the records' own text (no second
//! pass over the rendered HTML). The `extended` feature segments Chinese words, so 主题党日
//! finds 主题党日 and not every page with 党. The index and the UI (JS, CSS, WASM) go into
//! `output/pagefind/`; nothing is fetched when the site is opened.

use std::collections::BTreeMap;
use std::path::Path;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::hash::StableHasher;

const WEIGHT_START: &str = "___PAGEFIND_WEIGHT___7";
const WEIGHT_END: &str = "___END_PAGEFIND_WEIGHT___";

/// What one page contributes to the index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub title: String,
    /// Plain text; pieces are joined by [`SearchDoc::push`].
    pub text: String,
    /// 支部 / 类型 / 年份 → values, shown as filters in the search UI.
    pub filters: BTreeMap<String, Vec<String>>,
}

impl SearchDoc {
    pub fn new(title: &str) -> SearchDoc {
        let mut doc = SearchDoc {
            title: title.to_owned(),
            text: String::new(),
            filters: BTreeMap::new(),
        };
        // Pagefind's own weight markers (what it emits for an <h1>): a title match ranks above
        // a mention in the body. The markers must stand alone between spaces.
        doc.text.push_str(WEIGHT_START);
        doc.text.push(' ');
        doc.push(title);
        doc.text.push(' ');
        doc.text.push_str(WEIGHT_END);
        doc
    }

    /// Appends a piece of text. Pagefind builds a Chinese word segmenter for every
    /// whitespace-separated chunk of a page, which made indexing the demo take seconds; so
    /// white space next to CJK text is folded into a full-width comma, leaving few, long
    /// chunks (the comma is punctuation and never a search term).
    pub fn push(&mut self, piece: &str) {
        for part in piece.split_whitespace() {
            if !self.text.is_empty() && !self.text.ends_with(' ') {
                let prev_cjk = self.text.chars().next_back().is_some_and(|c| !c.is_ascii());
                let next_cjk = part.chars().next().is_some_and(|c| !c.is_ascii());
                let after_marker = self.text.ends_with("___");
                self.text.push(if (prev_cjk || next_cjk) && !after_marker {
                    '，'
                } else {
                    ' '
                });
            }
            self.text.push_str(part);
        }
    }

    pub fn filter(&mut self, key: &str, value: impl Into<String>) {
        self.filters
            .entry(key.to_owned())
            .or_default()
            .push(value.into());
    }
}

/// (output path, file contents) of every search file.
pub type SearchFiles = Vec<(String, Vec<u8>)>;

/// The shard a page's document goes to: one per year of activities, and `main` for the rest.
/// Pagefind cannot update an index in place, but its UI merges several indexes at search
/// time; shards let a build index years in parallel, and reuse every shard whose documents
/// did not change from the cache.
pub fn shard_of(path: &str) -> String {
    match path
        .strip_prefix("activities/")
        .and_then(|rest| rest.split_once('/'))
    {
        Some((year, file))
            if year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
                && file != "index.html" =>
        {
            format!("y{year}")
        }
        _ => MAIN_SHARD.to_owned(),
    }
}

pub const MAIN_SHARD: &str = "main";

/// Where a shard's bundle lives in the output: `main` is `pagefind/` itself (with the UI),
/// the others `pagefind/<shard>/`.
pub fn bundle_dir(shard: &str) -> String {
    if shard == MAIN_SHARD {
        "pagefind/".to_owned()
    } else {
        format!("pagefind/{shard}/")
    }
}

/// Receives each search file as it is made.
pub type Sink<'a> = dyn Fn(String, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Indexes `(page path, document)` pairs, shard by shard in parallel, reusing cached shards,
/// and hands every file of every shard to `put` (one shard's files in memory at a time).
pub fn index(
    docs: &[(&str, &SearchDoc)],
    cache: Option<&Path>,
    put: &Sink<'_>,
) -> Result<(), Diagnostic> {
    let mut shards: BTreeMap<String, Vec<(&str, &SearchDoc)>> = BTreeMap::new();
    shards.entry(MAIN_SHARD.to_owned()).or_default();
    for (path, doc) in docs {
        shards.entry(shard_of(path)).or_default().push((path, doc));
    }
    shards.par_iter().try_for_each(|(shard, docs)| {
        for (path, bytes) in index_shard(shard, docs, cache)? {
            put(path, &bytes)?;
        }
        Ok(())
    })
}

fn shard_key(docs: &[(&str, &SearchDoc)]) -> String {
    let mut h = StableHasher::default();
    h.str(env!("CARGO_PKG_VERSION"));
    for (path, doc) in docs {
        h.str(path).str(&doc.title).str(&doc.text);
        for (k, values) in &doc.filters {
            h.str(k);
            for v in values {
                h.str(v);
            }
        }
    }
    h.hex()
}

fn index_shard(
    shard: &str,
    docs: &[(&str, &SearchDoc)],
    cache: Option<&Path>,
) -> Result<SearchFiles, Diagnostic> {
    let prefix = bundle_dir(shard);
    let cached_dir = cache.map(|c| {
        c.join("search")
            .join(format!("{shard}-{}", shard_key(docs)))
    });
    if let Some(dir) = &cached_dir {
        if let Some(files) = read_cached(dir) {
            return Ok(files
                .into_iter()
                .map(|(p, b)| (format!("{prefix}{p}"), b))
                .collect());
        }
    }
    let mut files = run_pagefind(docs)?;
    if shard != MAIN_SHARD {
        // The search page loads the UI from the main bundle; a merged shard needs only its
        // index, fragments, filters, entry file and WASM.
        files.retain(|(p, _)| {
            !(p.starts_with("pagefind-") && (p.ends_with(".js") || p.ends_with(".css")))
                || p == "pagefind-worker.js"
        });
    }
    if let Some(dir) = &cached_dir {
        // A cache that cannot be written only costs time on the next build.
        let _ = write_cache(dir, &files);
    }
    Ok(files
        .into_iter()
        .map(|(p, b)| (format!("{prefix}{p}"), b))
        .collect())
}

fn read_cached(dir: &Path) -> Option<SearchFiles> {
    if !dir.join(".complete").is_file() {
        return None;
    }
    let mut out = SearchFiles::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter() {
        let entry = entry.ok()?;
        if entry.file_type().is_file() && entry.file_name() != ".complete" {
            out.push((
                crate::diagnostics::relative_path(dir, entry.path()),
                std::fs::read(entry.path()).ok()?,
            ));
        }
    }
    Some(out)
}

fn write_cache(dir: &Path, files: &SearchFiles) -> std::io::Result<()> {
    if let Some(parent) = dir.parent() {
        // Older versions of this shard are of no further use.
        if let (Some(name), Ok(entries)) = (
            dir.file_name().and_then(|n| n.to_str()),
            std::fs::read_dir(parent),
        ) {
            let shard = name.rsplit_once('-').map_or(name, |(s, _)| s);
            for e in entries.flatten() {
                let other = e.file_name().to_string_lossy().into_owned();
                if other != name && other.rsplit_once('-').is_some_and(|(s, _)| s == shard) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
    }
    for (path, bytes) in files {
        let p = dir.join(path);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d)?;
        }
        std::fs::write(p, bytes)?;
    }
    std::fs::write(dir.join(".complete"), b"")
}

fn run_pagefind(docs: &[(&str, &SearchDoc)]) -> Result<SearchFiles, Diagnostic> {
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::general(Code::Output, format!("建立搜索索引失败（{what}）：{e}"))
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail("runtime", &e))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("zh-cn".to_owned())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail("options", &e))?;
        for (path, doc) in docs {
            let meta = BTreeMap::from([("title".to_owned(), doc.title.clone())]);
            index
                .add_custom_record(
                    format!("/{path}"),
                    doc.text.clone(),
                    "zh-cn".to_owned(),
                    Some(meta),
                    Some(doc.filters.clone()),
                    None,
                )
                .await
                .map_err(|e| fail(path, &e))?;
        }
        let files = index.get_files().await.map_err(|e| fail("files", &e))?;
        Ok(files
            .into_iter()
            .map(|f| {
                (
                    crate::diagnostics::relative_path(Path::new(""), &f.filename),
                    f.contents,
                )
            })
            .collect())
    })
}
