//! Parsed records kept between loads of a site in one long-running process. `serve` loads the
//! whole site for a form, again for the save's check and again for the rebuild after it; with
//! the cache, a record file whose size and modification time are those of its last parse is
//! neither read nor parsed again. A file modified less than [`DOUBT`] before it was parsed is
//! read again and compared by hash: a second save within one timestamp tick (two seconds on
//! FAT, on some network shares) keeps both. Switched on by `serve` only: a one-shot command
//! would hold a second copy of every record for nothing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime};

use super::Record;
use crate::diagnostics::Diagnostic;
use crate::hash::StableHasher;

/// How recent a modification makes size and time untrustworthy.
const DOUBT: Duration = Duration::from_secs(2);

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Parsed records by file path.
static ENTRIES: OnceLock<Mutex<HashMap<PathBuf, Entry>>> = OnceLock::new();

/// Keeps parsed records for the rest of the process.
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

pub(super) fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

struct Entry {
    size: u64,
    modified: SystemTime,
    /// Whether `modified` was within [`DOUBT`] of the parse.
    doubtful: bool,
    hash: u64,
    /// Shared, so that the lock is held only to find it: every core loads records at once,
    /// and cloning a record under the lock made them wait for each other.
    parsed: Arc<(Option<Record>, Vec<Diagnostic>)>,
}

fn entries() -> &'static Mutex<HashMap<PathBuf, Entry>> {
    ENTRIES.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The file's size and modification time, which a cached parse must match.
pub(super) fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The hash of a record's text as `SourceText` holds it (without a BOM).
pub(super) fn text_hash(text: &str) -> u64 {
    StableHasher::default().str(text).finish()
}

/// [`text_hash`] of the file as it is now; `None` if it cannot be read as UTF-8.
pub(super) fn file_hash(path: &Path) -> Option<u64> {
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    Some(text_hash(text.strip_prefix('\u{feff}').unwrap_or(&text)))
}

/// The last parse of `path`, if the file is the one parsed then. `read_hash` gives the hash
/// of the file as it is now, asked only when size and time are in doubt.
pub(super) fn get(
    path: &Path,
    (size, modified): (u64, SystemTime),
    read_hash: impl FnOnce() -> Option<u64>,
) -> Option<(Option<Record>, Vec<Diagnostic>)> {
    let (doubtful, hash, parsed) = {
        let map = entries().lock().ok()?;
        let e = map.get(path)?;
        if e.size != size || e.modified != modified {
            return None;
        }
        (e.doubtful, e.hash, e.parsed.clone())
    };
    if doubtful && read_hash()? != hash {
        return None;
    }
    Some((*parsed).clone())
}

/// Remembers a parse of `path` made from text with hash `hash`, the file having `stamp`.
pub(super) fn put(
    path: PathBuf,
    (size, modified): (u64, SystemTime),
    hash: u64,
    parsed: &(Option<Record>, Vec<Diagnostic>),
) {
    let doubtful = SystemTime::now()
        .duration_since(modified)
        .map_or(true, |age| age < DOUBT);
    if let Ok(mut map) = entries().lock() {
        map.insert(
            path,
            Entry {
                size,
                modified,
                doubtful,
                hash,
                parsed: Arc::new(parsed.clone()),
            },
        );
    }
}

/// Forgets the files under `content` that a load did not find (deleted or renamed).
pub(super) fn keep_only(content: &Path, found: &std::collections::HashSet<PathBuf>) {
    if let Ok(mut map) = entries().lock() {
        map.retain(|p, _| !p.starts_with(content) || found.contains(p));
    }
}
