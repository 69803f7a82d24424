//! What the last build wrote into an output folder: path → hash, size and modification time of
//! each file. Kept in the cache, not in the output, so a web server never serves it.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Manifest {
    pub(super) files: BTreeMap<String, FileState>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct FileState {
    pub(super) hash: u64,
    pub(super) size: u64,
    /// Nanoseconds since the epoch; 0 when unknown (then the hash decides).
    pub(super) mtime: u128,
}

impl FileState {
    /// The file at `path` as published, with the hash it was published with. A file that
    /// cannot be read back gets a size no file has, so the next build rewrites it.
    pub(super) fn on_disk(path: &Path, hash: u64) -> FileState {
        let meta = fs::symlink_metadata(path).ok();
        FileState {
            hash,
            size: meta.as_ref().map_or(u64::MAX, fs::Metadata::len),
            mtime: meta.as_ref().map_or(0, mtime_nanos),
        }
    }
}

fn mtime_nanos(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

pub(super) fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = crate::hash::StableHasher::default();
    h.write(b);
    h.finish()
}

impl Manifest {
    fn path(cache: &Path, target: &Path) -> PathBuf {
        let mut h = crate::hash::StableHasher::default();
        h.str(&target.to_string_lossy());
        crate::layout::manifest_file(cache, &h.hex())
    }

    /// A build of this site wrote `target` (its manifest is in the cache).
    pub fn exists(cache: &Path, target: &Path) -> bool {
        Manifest::path(cache, target).is_file()
    }

    pub fn load(cache: &Path, target: &Path) -> Manifest {
        let mut m = Manifest::default();
        let Ok(text) = fs::read_to_string(Manifest::path(cache, target)) else {
            return m;
        };
        for line in text.lines() {
            let mut parts = line.splitn(4, ' ');
            let (Some(hash), Some(size), Some(mtime), Some(path)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            if let (Ok(hash), Ok(size), Ok(mtime)) = (
                u64::from_str_radix(hash, 16),
                size.parse::<u64>(),
                mtime.parse::<u128>(),
            ) {
                m.files
                    .insert(path.to_owned(), FileState { hash, size, mtime });
            }
        }
        m
    }

    pub(super) fn save(&self, cache: &Path, target: &Path) -> io::Result<()> {
        fs::create_dir_all(cache)?;
        let mut text = String::new();
        for (path, f) in &self.files {
            text.push_str(&format!("{:016x} {} {} {path}\n", f.hash, f.size, f.mtime));
        }
        let file = Manifest::path(cache, target);
        let tmp = file.with_extension("tmp");
        fs::write(&tmp, text)?;
        fs::rename(tmp, file)
    }

    /// Whether every file of the manifest is in `target` as the manifest says: same size and
    /// modification time, or else same contents (hashed). A file deleted or changed by hand —
    /// or replaced by a symbolic link — makes the output not intact, and the next build
    /// rewrites it whole.
    pub fn matches_disk(&self, target: &Path) -> bool {
        // On every core: a build with nothing to do looks at every published file.
        !self.files.is_empty()
            && self.files.par_iter().all(|(path, f)| {
                let file = target.join(path);
                let Ok(meta) = fs::symlink_metadata(&file) else {
                    return false;
                };
                if !meta.is_file() || meta.len() != f.size {
                    return false;
                }
                (f.mtime != 0 && mtime_nanos(&meta) == f.mtime)
                    || fs::read(&file).is_ok_and(|b| hash_bytes(&b) == f.hash)
            })
    }
}
