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

mod document;
mod shard_cache;
pub(crate) use document::{EXACT_FILE, SearchDoc, doc_hash, exact_file};
use shard_cache::{read_cached, read_listing, write_cached, write_listing};

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
        let (shard_hashes, names) =
            index_one(shard, members, entries, cache, fetch, out, &counters)?;
        for (i, h) in shard_hashes {
            hashes[i] = h;
        }
        current.extend(names);
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

/// A shard's entries (by their place in all entries) with their document hashes, and the
/// names of its files in the cache.
type ShardDone = (Vec<(usize, u64)>, Vec<std::ffi::OsString>);

/// Indexes one shard (the entries at `members`), or keeps it as the cache and the output
/// hold it. Returns its entries' document hashes and the names of its files in the cache.
fn index_one(
    shard: &str,
    members: &[usize],
    entries: &[Entry<'_>],
    cache: Option<&Path>,
    fetch: &Fetch<'_>,
    out: &Out<'_>,
    counters: &Counters,
) -> Result<ShardDone, Diagnostic> {
    let shard_entries: Vec<&Entry<'_>> = members.iter().map(|&i| &entries[i]).collect();
    let started = Instant::now();
    let made = fetch_missing(&shard_entries, |i| shard_entries[i].hash.is_none(), fetch)?;
    lap(&counters.fetch_ns, started);
    let shard_hashes: Vec<u64> = shard_entries
        .iter()
        .zip(&made)
        .map(|(e, doc)| e.hash.or(doc.as_ref().map(doc_hash)).unwrap_or_default())
        .collect();
    let hashes: Vec<(usize, u64)> = members
        .iter()
        .copied()
        .zip(shard_hashes.iter().copied())
        .collect();
    let file = cache.map(|c| {
        c.join(format!(
            "{shard}-{}.bin",
            shard_key(&shard_entries, &shard_hashes)
        ))
    });
    let listing = file.as_ref().map(|f| f.with_extension("files"));
    let names: Vec<std::ffi::OsString> = file
        .iter()
        .chain(&listing)
        .filter_map(|f| f.file_name().map(ToOwned::to_owned))
        .collect();
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
        return Ok((hashes, names));
    }
    let files = index_shard(
        shard,
        &shard_entries,
        made,
        file.as_deref(),
        fetch,
        counters,
    )?;
    let started = Instant::now();
    let mut handed = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let hash = (out.put)(path.clone(), &bytes)?;
        handed.push((path, hash));
    }
    if let Some(listing) = &listing {
        // Without it the shard is only read back next time.
        let _ = write_listing(listing, &handed);
    }
    lap(&counters.put_ns, started);
    Ok((hashes, names))
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
    // The indexer is compiled in: a shard indexed by another build of it is not reused.
    h.str(&crate::freshness::program());
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
}
