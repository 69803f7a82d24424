//! Which inputs each activity page was made from, kept between builds so that a one-record
//! change makes only the pages that read the record again.
//!
//! An activity page reads its record, its file's git history, and what every page shares:
//! `site.toml`, the branches, brands and other non-activity files (through the branch's name,
//! the rules, the linked attachments), the theme, the program, the as-of date, the site frame
//! and the search bundles. Its key is the hash of all of them
//! ([`activity_key`] over [`shared_key`]). When the key is the last build's and the output
//! still holds the file that build made of it, the page is kept as it is: its path, the hash
//! of its search document and the attachments it published come from the map, not from
//! rendering. The other pages (lists, years, branches, the dashboard: every page that counts
//! or lists records) are always made again; they are a few hundred.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::content::Activity;
use crate::hash::StableHasher;
use crate::history::FileHistory;

/// What one page was made from and what it gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct PageDeps {
    /// [`activity_key`] (or [`ledger_key`]) of the build that made it.
    pub key: u64,
    /// The hash of the published file (the output manifest's).
    pub out: u64,
    /// `search::doc_hash` of its search document.
    pub doc: Option<u64>,
    /// Files under `content/` it links to, published with it.
    pub assets: Vec<String>,
}

/// Page path → what it was made from.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct DepMap {
    /// The format; a map of another format is not read.
    version: String,
    pages: HashMap<String, PageDeps>,
}

/// Where the map of the build into `output` is kept: beside its manifest in the cache.
pub(crate) fn file_for(cache: &Path, output: &Path) -> PathBuf {
    let mut h = StableHasher::default();
    h.str(&output.to_string_lossy());
    cache.join(format!("pages-{}.json", h.hex()))
}

const VERSION: &str = concat!("1 ", env!("CARGO_PKG_VERSION"));

impl DepMap {
    /// The last build's map; an empty one when there is none or it cannot be read (every
    /// page is then made).
    pub(crate) fn load(file: &Path) -> DepMap {
        std::fs::read(file)
            .ok()
            .and_then(|data| serde_json::from_slice::<DepMap>(&data).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default()
    }

    pub(crate) fn new() -> DepMap {
        DepMap {
            version: VERSION.to_owned(),
            pages: HashMap::new(),
        }
    }

    pub(crate) fn get(&self, page: &str) -> Option<&PageDeps> {
        self.pages.get(page)
    }

    pub(crate) fn insert(&mut self, page: String, deps: PageDeps) {
        self.pages.insert(page, deps);
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.pages.len()
    }

    /// Written whole under a temporary name, so that a killed build leaves the old map or
    /// the new one. The map only saves work: the entries are checked against the output's
    /// manifest before a page is kept, so a map that outlives a failed build is harmless.
    pub(crate) fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let data = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let tmp = file.with_extension("tmp");
        std::fs::write(&tmp, data)?;
        std::fs::rename(&tmp, file)
    }
}

/// What every page shares: `inputs` (`freshness::shared_inputs`), and the values the
/// templates get as globals, computed from the whole site (as JSON).
pub(crate) fn shared_key(inputs: &str, globals: &[String], pdf_links: bool) -> u64 {
    let mut h = StableHasher::default();
    h.str(VERSION)
        .str(inputs)
        .str(if pdf_links { "pdf" } else { "" });
    for g in globals {
        h.str(g);
    }
    h.finish()
}

/// The key of an activity page: the shared key, the record file as read (path, size and
/// modification time, as the build stamp sees it: the record's fields are a function of its
/// text, `site.toml` and the other files in the shared key) and its git history. Formatting the
/// parsed record with `{:?}` was tried first: escaping its Chinese text took a quarter of a
/// one-record build's CPU at 10k.
pub(crate) fn activity_key(
    root: &Path,
    shared: u64,
    a: &Activity,
    history: Option<&FileHistory>,
) -> Option<u64> {
    let mut h = StableHasher::default();
    h.write(&shared.to_le_bytes()).str(&a.file);
    match std::fs::metadata(root.join(&a.file)) {
        Ok(meta) => {
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.write(&meta.len().to_le_bytes())
                .write(&modified.to_le_bytes());
        }
        // A record that cannot be looked at now: its page is made, and not kept next time.
        Err(_) => return None,
    }
    h.str(&serde_json::to_string(&history).unwrap_or_default());
    Some(h.finish())
}

/// The key of a year's ledger workbook: made from the year's metrics and its activity records
/// (their keys, in order) besides the shared inputs.
pub(crate) fn ledger_key(
    shared: u64,
    metrics: &impl Serialize,
    records: &[Option<u64>],
) -> Option<u64> {
    let mut h = StableHasher::default();
    h.write(&shared.to_le_bytes())
        .str(&serde_json::to_string(metrics).unwrap_or_default());
    for k in records {
        h.write(&(*k)?.to_le_bytes());
    }
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_with_a_record_of_unknown_key_is_never_kept() {
        let a = ledger_key(1, &"metrics", &[Some(2), Some(3)]);
        assert!(a.is_some());
        assert_eq!(a, ledger_key(1, &"metrics", &[Some(2), Some(3)]));
        assert_ne!(a, ledger_key(1, &"metrics", &[Some(3), Some(2)]));
        assert_ne!(a, ledger_key(1, &"metrics2", &[Some(2), Some(3)]));
        assert_ne!(a, ledger_key(2, &"metrics", &[Some(2), Some(3)]));
        assert_eq!(ledger_key(1, &"metrics", &[Some(2), None]), None);
    }

    #[test]
    fn a_map_reads_back_and_a_torn_or_older_one_is_empty() {
        let dir = std::env::temp_dir().join(format!("dangjian-deps-{}", std::process::id()));
        let file = file_for(&dir, Path::new("/site/output"));
        let mut map = DepMap::new();
        let page = PageDeps {
            key: 7,
            out: u64::MAX,
            doc: Some(3),
            assets: vec!["content/attachments/照片.png".into()],
        };
        map.insert("activities/2024/a.html".into(), page.clone());
        map.save(&file).expect("save");
        assert_eq!(
            DepMap::load(&file).get("activities/2024/a.html"),
            Some(&page)
        );
        let data = std::fs::read(&file).expect("read");
        std::fs::write(&file, &data[..data.len() - 2]).expect("truncate");
        assert_eq!(DepMap::load(&file).len(), 0);
        let older = String::from_utf8(data).expect("utf8").replace(VERSION, "0");
        std::fs::write(&file, older).expect("write");
        assert_eq!(DepMap::load(&file).len(), 0);
        let _ = std::fs::remove_dir_all(dir);
    }
}
