//! Full-text search with Pagefind, indexed in process from the records' own text (no second
//! pass over the rendered HTML). The `extended` feature segments Chinese words, so 主题党日
//! finds 主题党日 and not every page with 党. The index and the UI (JS, CSS, WASM) go into
//! `output/pagefind/`; nothing is fetched when the site is opened.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use pagefind::api::{CustomRecord, PagefindIndex};
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::{Code, Diagnostic};
use crate::hash::StableHasher;

const WEIGHT_START: &str = "___PAGEFIND_WEIGHT___7";
const WEIGHT_END: &str = "___END_PAGEFIND_WEIGHT___";

/// Bytes of text indexed per page (about 30,000 Chinese characters, a long annual report).
/// Beyond that a page is still found by its title and beginning; without a limit one 50 MB
/// record made indexing take minutes.
pub(crate) const MAX_TEXT: usize = 100_000;

/// What one page contributes to the index.
#[derive(Debug, Clone)]
pub(crate) struct SearchDoc {
    pub title: String,
    /// Plain text; pieces are joined by [`SearchDoc::push`].
    pub text: String,
    /// 支部 / 类型 / 年份 → values, shown as filters in the search UI.
    pub filters: BTreeMap<String, Vec<String>>,
    /// Shown with each result: `title`, and 类型, 文号, 支部, 日期 where the page has them.
    pub meta: BTreeMap<String, String>,
    /// `date` (ISO) for 最新; pages without a date sort last.
    pub sort: BTreeMap<String, String>,
    /// Normalised queries that put this page first (`search-exact.json`).
    pub keys: Vec<String>,
}

/// The sort value of a page without a date: Pagefind leaves a page without the sort key out
/// of sorted results altogether, so every page has one.
const NO_DATE: &str = "0000-00-00";

impl SearchDoc {
    pub(crate) fn new(title: &str) -> SearchDoc {
        let mut doc = SearchDoc {
            title: title.to_owned(),
            text: String::new(),
            filters: BTreeMap::new(),
            meta: BTreeMap::from([("title".to_owned(), title.to_owned())]),
            sort: BTreeMap::from([("date".to_owned(), NO_DATE.to_owned())]),
            keys: Vec::new(),
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
    pub(crate) fn push(&mut self, piece: &str) {
        for part in piece.split_whitespace() {
            // Room for the separator (at most 3 bytes) and at least one character.
            if self.text.len() + 4 > MAX_TEXT {
                return;
            }
            if !self.text.is_empty() && !self.text.ends_with([' ', '。']) {
                let prev_cjk = self.text.chars().next_back().is_some_and(|c| !c.is_ascii());
                let next_cjk = part.chars().next().is_some_and(|c| !c.is_ascii());
                let after_marker = self.text.ends_with("___");
                self.text.push(if (prev_cjk || next_cjk) && !after_marker {
                    '，'
                } else {
                    ' '
                });
            }
            let room = MAX_TEXT.saturating_sub(self.text.len());
            if part.len() > room {
                let cut = (0..=room)
                    .rev()
                    .find(|&i| part.is_char_boundary(i))
                    .unwrap_or(0);
                self.text.push_str(&part[..cut]);
                return;
            }
            self.text.push_str(part);
        }
    }

    /// The document of a page's prepared search text: the title and the record's names
    /// weighted, a full stop, the facts, a full stop, the text. The search page
    /// (`static/search.js`, `excerpt`) finds the facts and the text by those two full stops,
    /// so a full stop in a fact becomes a comma.
    pub(crate) fn of(text: &crate::present::search::SearchText) -> SearchDoc {
        let mut doc = SearchDoc::new(&text.title);
        if !text.names.is_empty() {
            doc.text.push(' ');
            doc.text.push_str(WEIGHT_START);
            for name in &text.names {
                doc.text.push(' ');
                doc.push(name);
            }
            doc.text.push(' ');
            doc.text.push_str(WEIGHT_END);
        }
        doc.text.push_str(" 。");
        for fact in &text.facts {
            doc.push(&fact.replace('。', "，"));
        }
        if doc.text.len() + 3 <= MAX_TEXT {
            doc.text.push('。');
        }
        for piece in &text.pieces {
            doc.push(piece);
        }
        for (key, value) in &text.filters {
            doc.filter(key, value.clone());
        }
        for (label, value) in &text.meta {
            doc.meta.insert((*label).to_owned(), value.clone());
        }
        if let Some(date) = text.date {
            doc.sort.insert("date".to_owned(), date.to_string());
        }
        doc.keys.clone_from(&text.keys);
        doc
    }

    pub(crate) fn filter(&mut self, key: &str, value: impl Into<String>) {
        self.filters
            .entry(key.to_owned())
            .or_default()
            .push(value.into());
    }
}

/// Where the search page finds [`exact_file`]: beside the index, so that a build that keeps
/// the last index (pages first, search later) keeps it too.
pub(crate) const EXACT_FILE: &str = "pagefind/search-exact.json";

/// The pages each normalised query names (a 文号, a branch's name, its secretary), which the
/// search page puts before Pagefind's results, and the order of the filter values and facts:
/// `{"keys": {key: [path]}, "pages": {path: {meta, filters, date}}, "order": {filter:
/// [value]}, "meta": [label]}`. Pagefind splits a 文号 into pieces
/// and ranks a notice that mentions it as high as the notice itself, or finds neither.
pub(crate) fn exact_file(docs: &[(&str, &SearchDoc)], order: &[(&str, Vec<String>)]) -> Vec<u8> {
    let mut keys: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    // What the page shows of a named page that Pagefind does not find (its words split
    // differently from the query's).
    let mut pages: BTreeMap<&str, serde_json::Value> = BTreeMap::new();
    for (path, doc) in docs {
        for k in &doc.keys {
            let paths = keys.entry(k.as_str()).or_default();
            if !paths.contains(path) {
                paths.push(path);
            }
        }
        if !doc.keys.is_empty() {
            pages.insert(
                path,
                serde_json::json!({ "meta": doc.meta, "filters": doc.filters, "date": doc.sort.get("date") }),
            );
        }
    }
    let order: BTreeMap<&str, &Vec<String>> = order.iter().map(|(k, v)| (*k, v)).collect();
    let json = serde_json::json!({
        "keys": keys,
        "pages": pages,
        "order": order,
        "meta": crate::present::search::META_LABELS,
    });
    json.to_string().into_bytes()
}

/// (output path, file contents) of every search file.
pub(crate) type SearchFiles = Vec<(String, Vec<u8>)>;

/// Documents per search shard. Pagefind ranks with BM25, whose document frequencies and
/// average length are counted per index; shards of a few thousand documents drawn at random
/// (by the hash of the path) have near-equal statistics, so the merged ranking is the one a
/// single index would give. Shards sorted by kind or by year do not: a shard of seven notices
/// once outranked every activity titled with the query. Sites below this size get one index.
/// 1,000 and not 500, though 500 halves a one-record change (it re-indexes one shard; a shard
/// of 1,000 took 3 s at 10k): with the demo's 1,763 activities in four shards instead of two,
/// 最新 (Pagefind sorts within each merged index) no longer came out newest first and the
/// golden results of tests/site_search.rs moved. More than about 20 shards make the first
/// search slow (Chromium, 10k, `docs/performance.md`: 10 or 20 shards 2.5–3 s, 80 shards 9.5 s).
const DOCS_PER_SHARD: usize = 1_000;
/// Each shard costs the browser one more small index to fetch when the search page opens;
/// fewer, larger shards cost the build memory (Pagefind holds a shard's word positions, about
/// 375 KB per activity of the benchmark corpus: 375 MB for a shard of 1,000) and make an edit re-index
/// more. At 100,000 activities, 64 shards of about 1,600.
const MAX_SHARDS: usize = 64;

/// Fragment files per shard: Pagefind writes each page's excerpt and meta as a file of its own
/// unless told to bundle them; creating a file cost a 10k build more system time than anything
/// else (ext4, 21,735 files: 12.4 s with one fragment per page, 9.4 s with 100 per shard, which
/// bundles ten pages' fragments, about 15 KB, into each; 50 and 200 per shard measured no
/// better). A search result then fetches its group instead of its page's fragment.
const FRAGMENT_FILES: u32 = 100;

pub(crate) const MAIN_SHARD: &str = "main";

/// How many shards a site gets; `docs` need only be about the number of search documents
/// (the search page is rendered before the index is made).
pub(crate) fn shard_count(docs: usize) -> usize {
    match bench_shard_size() {
        Some(per_shard) => docs.div_ceil(per_shard).clamp(1, BENCH_MAX_SHARDS),
        None => docs.div_ceil(DOCS_PER_SHARD).clamp(1, MAX_SHARDS),
    }
}

/// `bench/search_shards.sh` builds one corpus with several shard sizes to measure a search's
/// latency against the number of shards: `DANGJIAN_BENCH_DOCS_PER_SHARD` overrides the size
/// (not part of the build stamp: for the benchmark's fresh output folders only).
fn bench_shard_size() -> Option<usize> {
    std::env::var("DANGJIAN_BENCH_DOCS_PER_SHARD")
        .ok()?
        .parse()
        .ok()
        .filter(|n| *n > 0)
}

const BENCH_MAX_SHARDS: usize = 4096;

/// The shard a page's document goes to. Pagefind cannot update an index in place, but its UI
/// merges several indexes at search time; shards bound the build's memory and let it reuse
/// every shard whose documents did not change from the cache.
pub(crate) fn shard_of(path: &str, shards: usize) -> String {
    let n = StableHasher::default().str(path).finish() % shards.max(1) as u64;
    if n == 0 {
        MAIN_SHARD.to_owned()
    } else {
        format!("s{n}")
    }
}

/// Where a shard's bundle lives in the output: `main` is `pagefind/` itself (with the UI),
/// the others `pagefind/<shard>/`.
pub(crate) fn bundle_dir(shard: &str) -> String {
    if shard == MAIN_SHARD {
        "pagefind/".to_owned()
    } else {
        format!("pagefind/{shard}/")
    }
}

/// The bundles the search page merges into the main one.
pub(crate) fn merged_bundles(shards: usize) -> Vec<String> {
    (1..shards).map(|n| bundle_dir(&format!("s{n}"))).collect()
}

/// Receives each search file as it is made (the tests' way to [`index`]).
#[cfg(test)]
pub(crate) type Sink<'a> = dyn Fn(String, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Where the index's files go. `put` hands a file over and returns the hash the output knows
/// it by; `keep` keeps the last build's file at a path when the output still holds it with
/// that hash (and says whether it did).
pub(crate) struct Out<'a> {
    pub put: &'a PutFile<'a>,
    pub keep: &'a KeepFile<'a>,
}

pub(crate) type PutFile<'a> = dyn Fn(String, &[u8]) -> Result<u64, Diagnostic> + Sync + 'a;
pub(crate) type KeepFile<'a> = dyn Fn(&str, u64) -> Result<bool, Diagnostic> + Sync + 'a;

/// Indexes `(page path, document)` pairs, one shard at a time (Pagefind uses both cores within
/// a shard, so only one shard's word positions are held at once), reusing the shards
/// cached in the folder `cache`, and hands every file of every shard to `put` (one shard's
/// files in memory at a time). The build calls [`index_entries`], which can do without the
/// documents of the pages it did not make again.
#[cfg(test)]
pub(crate) fn index(
    docs: &[(&str, &SearchDoc)],
    count: usize,
    cache: Option<&Path>,
    put: &Sink<'_>,
) -> Result<(), Diagnostic> {
    let entries: Vec<Entry<'_>> = docs
        .iter()
        .map(|(path, doc)| Entry {
            path,
            hash: Some(doc_hash(doc)),
            doc: Some(doc),
        })
        .collect();
    let out = Out {
        put: &|path, data| put(path, data).map(|()| 0),
        keep: &|_, _| Ok(false),
    };
    index_entries(&entries, count, cache, &|_| None, &out).map(|_| ())
}

/// A page's search document; or only its hash, when its inputs are the last build's; or
/// neither, when the document is made by `fetch` as its shard is reached (an activity record's:
/// the index does not wait for the record's page, and holds one shard's documents at a time).
pub(crate) struct Entry<'a> {
    pub path: &'a str,
    /// [`doc_hash`] of the document, when known.
    pub hash: Option<u64>,
    pub doc: Option<&'a SearchDoc>,
}

/// Where the indexing time went, as wall time summed over the shards (indexed one at a time,
/// each phase of a shard on every core): for `build -v` and `docs/performance.md`.
#[derive(Debug, Default)]
pub(crate) struct IndexPhases {
    /// Shards indexed, and read back from the cache.
    pub made: usize,
    pub cached: usize,
    /// Documents given to Pagefind.
    pub docs: usize,
    /// Pagefind's `add_custom_record`: segmenting the text into words and assembling each
    /// page's fragment.
    pub add_ns: u64,
    /// Pagefind's `get_files`: building the word index, and compressing every file.
    pub files_ns: u64,
    /// Reading cached shards, writing new ones into the cache.
    pub cache_ns: u64,
    /// Handing the files to the output writer (hashing, queueing for the writer thread).
    pub put_ns: u64,
    /// Making the documents that were not given (`fetch`).
    pub fetch_ns: u64,
    /// The [`doc_hash`] of every entry, in the order of the entries.
    pub hashes: Vec<u64>,
}

#[derive(Default)]
struct Counters {
    made: AtomicUsize,
    cached: AtomicUsize,
    docs: AtomicUsize,
    add_ns: AtomicU64,
    files_ns: AtomicU64,
    cache_ns: AtomicU64,
    put_ns: AtomicU64,
    fetch_ns: AtomicU64,
}

fn lap(counter: &AtomicU64, since: Instant) {
    let ns = u64::try_from(since.elapsed().as_nanos()).unwrap_or(u64::MAX);
    counter.fetch_add(ns, Ordering::Relaxed);
}

/// Makes the document of a page that was not made again.
pub(crate) type Fetch<'a> = dyn Fn(&str) -> Option<SearchDoc> + Sync + 'a;

/// The hash a document is known by in the dependency map and in the shards' cache keys.
pub(crate) fn doc_hash(doc: &SearchDoc) -> u64 {
    let mut h = StableHasher::default();
    h.str(&doc.title).str(&doc.text);
    for (k, values) in &doc.filters {
        h.str(k);
        for v in values {
            h.str(v);
        }
    }
    // What the result line shows (type, branch, date) and the sort key are in the index too.
    for (k, v) in doc.meta.iter().chain(&doc.sort) {
        h.str(k).str(v);
    }
    h.finish()
}

/// [`index`] of entries whose documents may be known only by their hash, or not yet made: a
/// shard's missing hashes are made first (their documents by `fetch`); a shard whose key (the
/// hashes of its documents) is cached is then read back, and another is indexed, its remaining
/// documents made by `fetch`. One shard's documents are held at a time.
pub(crate) fn index_entries(
    entries: &[Entry<'_>],
    count: usize,
    cache: Option<&Path>,
    fetch: &Fetch<'_>,
    out: &Out<'_>,
) -> Result<IndexPhases, Diagnostic> {
    let counters = Counters::default();
    let mut shards: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    shards.entry(MAIN_SHARD.to_owned()).or_default();
    for (i, e) in entries.iter().enumerate() {
        shards.entry(shard_of(e.path, count)).or_default().push(i);
    }
    let mut hashes = vec![0u64; entries.len()];
    let mut current = std::collections::BTreeSet::new();
    for (shard, members) in &shards {
        let shard_entries: Vec<&Entry<'_>> = members.iter().map(|&i| &entries[i]).collect();
        let started = Instant::now();
        let made = fetch_missing(&shard_entries, |i| shard_entries[i].hash.is_none(), fetch)?;
        lap(&counters.fetch_ns, started);
        let shard_hashes: Vec<u64> = shard_entries
            .iter()
            .zip(&made)
            .map(|(e, doc)| e.hash.or(doc.as_ref().map(doc_hash)).unwrap_or_default())
            .collect();
        for (&i, &h) in members.iter().zip(&shard_hashes) {
            hashes[i] = h;
        }
        let file = cache.map(|c| {
            c.join(format!(
                "{shard}-{}.bin",
                shard_key(&shard_entries, &shard_hashes)
            ))
        });
        let listing = file.as_ref().map(|f| f.with_extension("files"));
        for f in file.iter().chain(&listing) {
            if let Some(name) = f.file_name() {
                current.insert(name.to_owned());
            }
        }
        // A cached shard whose files the output still holds, unchanged, is kept as it is:
        // not read back, not hashed, not written (at 100k, 63 shards kept after an edit).
        let started = Instant::now();
        let kept = match listing.as_deref().and_then(read_listing) {
            Some(files) => keep_all(&files, out)?,
            None => false,
        };
        lap(&counters.put_ns, started);
        if kept {
            counters.cached.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        let files = index_shard(
            shard,
            &shard_entries,
            made,
            file.as_deref(),
            fetch,
            &counters,
        )?;
        let started = Instant::now();
        let mut hashes = Vec::with_capacity(files.len());
        for (path, bytes) in files {
            let hash = (out.put)(path.clone(), &bytes)?;
            hashes.push((path, hash));
        }
        if let Some(listing) = &listing {
            // Without it the shard is only read back next time.
            let _ = write_listing(listing, &hashes);
        }
        lap(&counters.put_ns, started);
    }
    // Older versions of the shards, and shards a smaller site no longer has, are of no
    // further use.
    if let Some(dir) = cache {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if !current.contains(&entry.file_name()) {
                let path = entry.path();
                let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
            }
        }
    }
    Ok(IndexPhases {
        made: counters.made.into_inner(),
        cached: counters.cached.into_inner(),
        docs: counters.docs.into_inner(),
        add_ns: counters.add_ns.into_inner(),
        files_ns: counters.files_ns.into_inner(),
        cache_ns: counters.cache_ns.into_inner(),
        put_ns: counters.put_ns.into_inner(),
        fetch_ns: counters.fetch_ns.into_inner(),
        hashes,
    })
}

/// The documents `fetch` makes for the entries that have none and are `wanted`, on every
/// core, aligned with `entries`.
fn fetch_missing(
    entries: &[&Entry<'_>],
    wanted: impl Fn(usize) -> bool + Sync,
    fetch: &Fetch<'_>,
) -> Result<Vec<Option<SearchDoc>>, Diagnostic> {
    entries
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            if e.doc.is_some() || !wanted(i) {
                return Ok(None);
            }
            fetch(e.path).map(Some).ok_or_else(|| {
                Diagnostic::general(
                    Code::Output,
                    format!("建立搜索索引失败（{}）：找不到页面的搜索内容", e.path),
                )
            })
        })
        .collect()
}

fn shard_key(docs: &[&Entry<'_>], hashes: &[u64]) -> String {
    let mut h = StableHasher::default();
    h.str(env!("CARGO_PKG_VERSION"));
    for (e, hash) in docs.iter().zip(hashes) {
        h.str(e.path).write(&hash.to_le_bytes());
    }
    h.hex()
}

/// The files of one shard: read back from the cache file `cached` when it is there, else made
/// by Pagefind from the entries' documents (given, already `made`, or made now by `fetch`).
fn index_shard(
    shard: &str,
    entries: &[&Entry<'_>],
    mut made: Vec<Option<SearchDoc>>,
    cached: Option<&Path>,
    fetch: &Fetch<'_>,
    counters: &Counters,
) -> Result<SearchFiles, Diagnostic> {
    let prefix = bundle_dir(shard);
    let started = Instant::now();
    let from_cache = cached.and_then(read_cached);
    lap(&counters.cache_ns, started);
    let files = match from_cache {
        Some(files) => {
            counters.cached.fetch_add(1, Ordering::Relaxed);
            files
        }
        None => {
            counters.made.fetch_add(1, Ordering::Relaxed);
            counters.docs.fetch_add(entries.len(), Ordering::Relaxed);
            let started = Instant::now();
            let rest = fetch_missing(entries, |i| made[i].is_none(), fetch)?;
            lap(&counters.fetch_ns, started);
            for (slot, doc) in made.iter_mut().zip(rest) {
                if slot.is_none() {
                    *slot = doc;
                }
            }
            let docs: Vec<(&str, &SearchDoc)> = entries
                .iter()
                .zip(&made)
                .filter_map(|(e, m)| e.doc.or(m.as_ref()).map(|doc| (e.path, doc)))
                .collect();
            let mut files = run_pagefind(&docs, counters)?;
            if shard != MAIN_SHARD {
                // The search page loads the UI from the main bundle; a merged shard needs
                // only its index, fragments, filters, entry file and WASM.
                files.retain(|(p, _)| {
                    !(p.starts_with("pagefind-") && (p.ends_with(".js") || p.ends_with(".css")))
                        || p == "pagefind-worker.js"
                });
            }
            if let Some(path) = cached {
                let started = Instant::now();
                // A cache that cannot be written only costs time on the next build.
                let _ = write_cached(path, &files);
                lap(&counters.cache_ns, started);
            }
            files
        }
    };
    Ok(files
        .into_iter()
        .map(|(p, b)| (format!("{prefix}{p}"), b))
        .collect())
}

/// Keeps every file of a listing in the output; false when one is not there as listed (the
/// shard's files are then handed over again, which replaces what was kept).
fn keep_all(files: &[(String, u64)], out: &Out<'_>) -> Result<bool, Diagnostic> {
    for (path, hash) in files {
        if !(out.keep)(path, *hash)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The output path and hash of each file of a cached shard, one per line (`hash path`),
/// written when its files were handed to the output.
fn read_listing(path: &Path) -> Option<Vec<(String, u64)>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    // The count first: a listing cut short is not taken for a shard with fewer files.
    let count: usize = lines.next()?.parse().ok()?;
    let files: Vec<(String, u64)> = lines
        .map(|line| {
            let (hash, path) = line.split_once(' ')?;
            Some((path.to_owned(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect::<Option<_>>()?;
    (files.len() == count && count > 0).then_some(files)
}

fn write_listing(path: &Path, files: &[(String, u64)]) -> std::io::Result<()> {
    let mut text = format!("{}\n", files.len());
    for (name, hash) in files {
        text.push_str(&format!("{hash:016x} {name}\n"));
    }
    let tmp = path.with_extension("files-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

// A shard is cached as one file (length-prefixed path and bytes of each of its files), not as
// a folder: a shard has one file per page, and creating files is what a build spends most of
// its time on.

fn read_cached(path: &Path) -> Option<SearchFiles> {
    let data = std::fs::read(path).ok()?;
    let mut rest = data.as_slice();
    let mut take = |n: usize| -> Option<&[u8]> {
        if rest.len() < n {
            return None;
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Some(head)
    };
    let mut files = SearchFiles::new();
    let count = u64::from_le_bytes(take(8)?.try_into().ok()?);
    for _ in 0..count {
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let name = String::from_utf8(take(usize::try_from(len).ok()?)?.to_vec()).ok()?;
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let bytes = take(usize::try_from(len).ok()?)?.to_vec();
        files.push((name, bytes));
    }
    Some(files)
}

fn write_cached(path: &Path, files: &SearchFiles) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut blob = Vec::with_capacity(files.iter().map(|(p, b)| p.len() + b.len() + 16).sum());
    blob.extend_from_slice(&(files.len() as u64).to_le_bytes());
    for (name, bytes) in files {
        blob.extend_from_slice(&(name.len() as u64).to_le_bytes());
        blob.extend_from_slice(name.as_bytes());
        blob.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        blob.extend_from_slice(bytes);
    }
    // Written whole under a temporary name, so that a killed build leaves no torn shard.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &blob)?;
    std::fs::rename(&tmp, path)
}

fn run_pagefind(
    docs: &[(&str, &SearchDoc)],
    counters: &Counters,
) -> Result<SearchFiles, Diagnostic> {
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
            .max_fragments(FRAGMENT_FILES)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| fail("options", &e))?;
        let adding = Instant::now();
        let records = docs
            .iter()
            .map(|(path, doc)| CustomRecord {
                url: format!("/{path}"),
                content: doc.text.clone(),
                language: "zh-cn".to_owned(),
                meta: doc.meta.clone(),
                filters: doc.filters.clone(),
                sort: doc.sort.clone(),
            })
            .collect();
        index
            .add_custom_records(records)
            .await
            .map_err(|e| fail("records", &e))?;
        lap(&counters.add_ns, adding);
        let assembling = Instant::now();
        let files = index.get_files().await.map_err(|e| fail("files", &e))?;
        lap(&counters.files_ns, assembling);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_of_a_page_is_cut_at_the_limit_on_a_character_boundary() {
        let mut doc = SearchDoc::new("标题");
        let line = "支部集中学习，交流发言。".repeat(100);
        for _ in 0..200 {
            doc.push(&line);
        }
        assert!(doc.text.len() <= MAX_TEXT, "{}", doc.text.len());
        assert!(doc.text.len() > MAX_TEXT - 8, "{}", doc.text.len());
        assert!(doc.text.starts_with(WEIGHT_START));
    }

    fn notice_text() -> crate::present::search::SearchText {
        let mut text = crate::present::search::SearchText::new("关于开展学习的通知");
        text.doc_number("澄中医党〔2024〕1号", 2024, 1);
        text.fact("各党支部");
        text.push("请认真组织学习。");
        text.meta("类型", "通知文件");
        text.filter("类型", "通知文件");
        text.date = chrono::NaiveDate::from_ymd_opt(2024, 2, 26);
        text
    }

    #[test]
    fn a_document_is_its_weighted_title_and_names_the_facts_and_the_text_between_full_stops() {
        let doc = SearchDoc::of(&notice_text());
        assert_eq!(
            doc.text,
            format!(
                "{WEIGHT_START} 关于开展学习的通知 {WEIGHT_END} {WEIGHT_START} 澄中医党〔2024〕1号 2024年1号 {WEIGHT_END} 。各党支部。请认真组织学习。"
            )
        );
        assert_eq!(doc.meta["title"], "关于开展学习的通知");
        assert_eq!(doc.meta["类型"], "通知文件");
        assert_eq!(doc.sort["date"], "2024-02-26");
        assert_eq!(doc.keys, ["澄中医党2024-1", "2024-1"]);
        let undated = SearchDoc::of(&crate::present::search::SearchText::new("药剂党支部"));
        assert_eq!(undated.sort["date"], NO_DATE);
    }

    #[test]
    fn the_exact_file_maps_each_key_to_its_pages_with_what_they_show() {
        let doc = SearchDoc::of(&notice_text());
        let plain = SearchDoc::of(&crate::present::search::SearchText::new("三月主题党日"));
        let order = [("类型", vec!["主题党日".to_owned(), "通知文件".to_owned()])];
        let json: serde_json::Value = serde_json::from_slice(&exact_file(
            &[("notices/2024-1.html", &doc), ("activities/a.html", &plain)],
            &order,
        ))
        .expect("JSON");
        assert_eq!(
            json["keys"]["2024-1"],
            serde_json::json!(["notices/2024-1.html"])
        );
        assert_eq!(
            json["keys"]["澄中医党2024-1"],
            serde_json::json!(["notices/2024-1.html"])
        );
        assert_eq!(
            json["pages"]["notices/2024-1.html"]["meta"]["类型"],
            "通知文件"
        );
        assert_eq!(json["pages"]["notices/2024-1.html"]["date"], "2024-02-26");
        assert!(json["pages"].get("activities/a.html").is_none());
        assert_eq!(
            json["order"]["类型"],
            serde_json::json!(["主题党日", "通知文件"])
        );
        assert_eq!(
            json["meta"],
            serde_json::json!(["类型", "文号", "支部", "日期"])
        );
    }

    #[test]
    fn the_cache_keeps_only_this_builds_shards() {
        let cache = std::env::temp_dir().join(format!("dangjian-shards-{}", std::process::id()));
        let dir = cache.join("search");
        std::fs::create_dir_all(dir.join("y2024-0123")).expect("old folder");
        std::fs::write(dir.join("s9-0123.bin"), b"stale").expect("stale shard");
        let mut doc = SearchDoc::new("三月主题党日");
        doc.push("学习党的二十届三中全会精神");
        let put = |_: String, _: &[u8]| Ok(());
        index(&[("activities/2024/a.html", &doc)], 1, Some(&dir), &put).expect("index");
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .expect("cache")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(
            left[0].starts_with("main-") && left[0].ends_with(".bin"),
            "{left:?}"
        );
        assert_eq!(left[1], left[0].replace(".bin", ".files"), "{left:?}");
        let _ = std::fs::remove_dir_all(cache);
    }

    #[test]
    fn a_shard_listing_reads_back_and_a_cut_or_garbled_one_is_ignored() {
        let dir = std::env::temp_dir().join(format!("dangjian-listing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("s1-00.files");
        let files = vec![
            (
                "pagefind/s1/pagefind-entry.json".to_owned(),
                0x0123_4567_89ab_cdef,
            ),
            ("pagefind/s1/index/zh-cn_1.pf_index".to_owned(), 7),
        ];
        write_listing(&path, &files).expect("write");
        assert_eq!(read_listing(&path), Some(files));
        let text = std::fs::read_to_string(&path).expect("read");
        let cut: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, cut).expect("cut");
        assert_eq!(read_listing(&path), None, "one of two files listed");
        std::fs::write(&path, "1\nnot-hex pagefind/x\n").expect("garbled");
        assert_eq!(read_listing(&path), None, "a hash that is not one");
        std::fs::write(&path, "0\n").expect("empty");
        assert_eq!(read_listing(&path), None, "a shard has files");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn small_sites_get_one_index_and_large_ones_at_most_sixty_four() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(1_000), 1);
        assert_eq!(shard_count(1_001), 2);
        assert_eq!(shard_count(10_000), 10);
        assert_eq!(shard_count(300_000), MAX_SHARDS);
        assert!(merged_bundles(1).is_empty());
        assert_eq!(merged_bundles(3), ["pagefind/s1/", "pagefind/s2/"]);
    }

    #[test]
    fn pages_spread_evenly_over_shards_and_stay_where_they_are() {
        let mut counts = BTreeMap::new();
        for i in 0..8000 {
            let path = format!("activities/{}/{i:05}.html", 2016 + i % 10);
            let shard = shard_of(&path, 8);
            assert_eq!(shard, shard_of(&path, 8));
            *counts.entry(shard).or_insert(0) += 1;
        }
        assert_eq!(counts.len(), 8);
        for (shard, n) in counts {
            assert!((800..1200).contains(&n), "{shard} has {n} of 8000 pages");
        }
    }

    #[test]
    fn a_cached_shard_reads_back_byte_for_byte_and_a_torn_one_is_ignored() {
        let dir = std::env::temp_dir().join(format!("dangjian-search-{}", std::process::id()));
        let path = dir.join("main-0123.bin");
        let files: SearchFiles = vec![
            ("pagefind-entry.json".into(), b"{}".to_vec()),
            ("fragment/zh_1.pf_fragment".into(), vec![0, 1, 2, 255]),
        ];
        write_cached(&path, &files).expect("write");
        assert_eq!(read_cached(&path), Some(files));
        let data = std::fs::read(&path).expect("read");
        std::fs::write(&path, &data[..data.len() - 1]).expect("truncate");
        assert_eq!(read_cached(&path), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
