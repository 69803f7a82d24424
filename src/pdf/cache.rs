//! The PDF cache under `<site>/.cache/dangjian/pdf/`: a document is compiled again only when
//! something it is made of changed — its data, the templates, the font lists and font files,
//! the typst version or an image — so that a build of an unchanged site starts no typst.
//! Entries are named by a 128-bit FNV-1a hash of all of that.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::templates::Template;
use crate::layout;

/// Changes whenever the way documents are compiled changes (arguments, data layout).
const RECIPE: &str = "dangjian-pdf-1 a-2b";

/// FNV-1a, 128 bits: stable across Rust releases and machines (unlike `DefaultHasher`), and
/// plenty for naming cache entries.
#[derive(Clone)]
pub(super) struct Hasher(u128);

impl Hasher {
    pub(super) fn new() -> Self {
        Hasher(0x6c62272e07bb014262b821756295c58d)
    }

    pub(super) fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        // Length first, so that ("ab", "c") and ("a", "bc") differ.
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u128::from(*b);
            self.0 = self.0.wrapping_mul(0x0000000001000000000000000000013B);
        }
        self
    }

    pub(super) fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub(super) fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

/// The part of every document's key that all documents share.
pub(super) fn shared_key(
    typst_version: &str,
    templates: &BTreeMap<String, Template>,
    font_lists: &[(&str, &[String])],
    font_dirs: &[PathBuf],
) -> Hasher {
    let mut h = Hasher::new();
    h.str(RECIPE).str(typst_version);
    for t in templates.values() {
        h.str(&t.name).bytes(&t.text);
    }
    for (role, list) in font_lists {
        h.str(role);
        for f in *list {
            h.str(f);
        }
    }
    for dir in font_dirs {
        h.str(&dir.to_string_lossy());
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let mtime = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.str(&entry.path().to_string_lossy())
                .bytes(&meta.len().to_le_bytes())
                .bytes(&mtime.to_le_bytes());
        }
    }
    h
}

pub struct Cache {
    pub dir: PathBuf,
    root: PathBuf,
}

impl Cache {
    pub fn new(site_root: &Path) -> Cache {
        Cache {
            dir: layout::pdf_cache_dir(site_root),
            root: site_root.to_path_buf(),
        }
    }

    pub fn entry(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.pdf"))
    }

    /// A fresh work folder for one compilation (on the cache's file system, so that the
    /// result can be renamed into place).
    pub fn work_dir(&self, key: &str) -> io::Result<PathBuf> {
        let dir = layout::pdf_work_dir(&self.root, key, std::process::id());
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    /// Moves a finished PDF into the cache.
    pub fn store(&self, pdf: &Path, key: &str) -> io::Result<()> {
        fs::rename(pdf, self.entry(key))
    }

    /// Puts the cached PDF at `dest`: a hard link when possible (the cache and the output
    /// usually share a disk), else a copy.
    pub fn place(&self, key: &str, dest: &Path) -> io::Result<u64> {
        if let Some(dir) = dest.parent() {
            fs::create_dir_all(dir)?;
        }
        let src = self.entry(key);
        let _ = fs::remove_file(dest);
        if fs::hard_link(&src, dest).is_err() {
            fs::copy(&src, dest)?;
        }
        Ok(fs::metadata(dest)?.len())
    }

    /// Removes entries no document of this build uses, and leftover work folders.
    pub fn prune(&self, used: &BTreeSet<String>) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(key) = name.strip_suffix(".pdf")
                && !used.contains(key)
            {
                let _ = fs::remove_file(e.path());
            }
        }
        // Work folders of builds that were killed. The cache is the site's, not the output
        // folder's: a build of this site into another folder may be compiling right now, so
        // a folder goes when the process it names is gone — or, where that cannot be told, a
        // day later, far beyond any time limit.
        let work_root = layout::pdf_work_root(&self.root);
        if let Ok(work) = fs::read_dir(&work_root) {
            for e in work.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let orphaned = layout::pdf_work_owner(&name).is_none_or(|pid| {
                    pid != std::process::id() && !crate::publish::lock::process_alive(pid)
                });
                let old = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 24 * 3600);
                if orphaned || old {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let _ = fs::remove_dir(&work_root);
    }
}
