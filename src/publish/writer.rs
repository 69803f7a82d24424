//! Receiving the files of a build as they are produced and publishing them at the end: in
//! place under a journal when few changed, else by replacing the output whole.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, mpsc};

use super::journal;
use super::manifest::{FileState, Manifest, hash_bytes};
use super::staging::Staging;
use crate::layout::{Output, STAMP_FILE, Scratch};

#[derive(Debug, Default, Clone, Copy)]
pub struct CommitReport {
    /// Files written (new or changed).
    pub written: usize,
    pub removed: usize,
    pub unchanged: usize,
    /// The output was replaced whole (staging folder) rather than updated in place.
    pub replaced: bool,
}

/// In-place updates are used when at most this share of the files change: a one-record edit
/// rewrites a handful of pages instead of the whole site.
const IN_PLACE_MAX_SHARE: usize = 20;
const IN_PLACE_MIN: usize = 64;

/// Where a produced file is until the commit.
enum Produced {
    /// Same bytes as in the current output: nothing was written.
    Unchanged,
    /// Written in full to the file with this number in the pending folder.
    Pending(u64),
}

/// Receives the files of a build as they are produced, from any thread, and publishes them at
/// the end. A file whose bytes equal the last build's (by the manifest) is not written at all;
/// any other is written at once into a pending folder next to the output, so that the build
/// never holds the whole site in memory. [`Writer::finish`] then either renames the few
/// changed files into place under a journal, or assembles a staging folder (hard links to the
/// unchanged files, the pending ones moved in) and swaps it in.
///
/// The caller holds the output's [`super::BuildLock`]: two writers of one output would
/// replace each other's files.
pub struct Writer {
    target: PathBuf,
    cache: PathBuf,
    pending: PathBuf,
    old: Manifest,
    /// The output is exactly what the manifest describes (its stamp file matches).
    intact: bool,
    produced: Mutex<BTreeMap<String, (u64, Produced)>>,
    /// Published path → the file under `content/` it was copied from, for attachments.
    sources: Mutex<BTreeMap<String, String>>,
    /// (file under `content/`, published path) of attachments that would have taken the path
    /// of a generated file, or a generated file the path of an attachment.
    collisions: Mutex<Vec<(String, String)>>,
    counter: AtomicUsize,
    /// Pending files go to one thread that writes them all. Threads creating files in the
    /// same folder take turns on its lock, and on two cores the waiting one spins: a fifth of
    /// a cold build's CPU went there. One writer overlaps writing with rendering instead.
    spool: Option<mpsc::SyncSender<(PathBuf, Vec<u8>)>>,
    spooler: Option<std::thread::JoinHandle<io::Result<()>>>,
    /// The writer thread's error, for the `put` that finds it stopped.
    spool_error: Arc<Mutex<Option<(io::ErrorKind, String)>>>,
}

/// Files waiting for the writer thread, at most: bounds the memory a slow disk can cost.
const SPOOL_DEPTH: usize = 256;

impl Writer {
    pub fn new(target: &Path, cache: &Path) -> io::Result<Writer> {
        let old = Manifest::load(cache, target);
        let intact = old.files.contains_key(STAMP_FILE) && old.matches_disk(target);
        let output = Output::new(target);
        fs::create_dir_all(output.parent())?;
        let pending = output.scratch(Scratch::Pending, std::process::id());
        if pending.exists() {
            fs::remove_dir_all(&pending)?;
        }
        fs::create_dir_all(&pending)?;
        let (spool, queue) = mpsc::sync_channel::<(PathBuf, Vec<u8>)>(SPOOL_DEPTH);
        let spool_error = Arc::new(Mutex::new(None));
        let error_slot = Arc::clone(&spool_error);
        let spooler = std::thread::Builder::new()
            .name("dangjian-writer".into())
            .spawn(move || -> io::Result<()> {
                for (file, bytes) in queue {
                    if let Err(e) = fs::write(&file, bytes) {
                        if let Ok(mut slot) = error_slot.lock() {
                            *slot = Some((e.kind(), e.to_string()));
                        }
                        return Err(e);
                    }
                }
                Ok(())
            })?;
        Ok(Writer {
            target: target.to_path_buf(),
            cache: cache.to_path_buf(),
            pending,
            old,
            intact,
            produced: Mutex::new(BTreeMap::new()),
            sources: Mutex::new(BTreeMap::new()),
            collisions: Mutex::new(Vec::new()),
            counter: AtomicUsize::new(0),
            spool: Some(spool),
            spooler: Some(spooler),
            spool_error,
        })
    }

    /// Adds a file copied from `content/` (`source`, relative to the site root). It never
    /// replaces a generated file, nor is replaced by one: that is reported by
    /// [`Writer::collisions`].
    pub fn put_asset(&self, path: String, bytes: &[u8], source: &str) -> io::Result<()> {
        let taken = self.lock_produced()?.contains_key(&path);
        if taken {
            self.collide(source, &path);
            return Ok(());
        }
        self.sources
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))?
            .insert(path.clone(), source.to_owned());
        self.put(path, bytes)
    }

    fn collide(&self, source: &str, path: &str) {
        if let Ok(mut c) = self.collisions.lock() {
            c.push((source.to_owned(), path.to_owned()));
        }
    }

    /// Attachments whose published path is that of a generated file: (source, path).
    pub fn collisions(&self) -> Vec<(String, String)> {
        self.collisions
            .lock()
            .map(|c| c.clone())
            .unwrap_or_default()
    }

    fn lock_produced(&self) -> io::Result<MutexGuard<'_, BTreeMap<String, (u64, Produced)>>> {
        self.produced
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))
    }

    /// Adds a file of the new output (path relative to the output folder).
    pub fn put(&self, path: String, bytes: &[u8]) -> io::Result<()> {
        self.put_with(path, bytes, hash_bytes(bytes))
    }

    fn put_with(&self, path: String, bytes: &[u8], hash: u64) -> io::Result<()> {
        // A generated file (a PDF, made after the attachments were copied) on the path of an
        // attachment: the attachment is the error, the generated file is never dropped.
        let asset = self.sources.lock().ok().and_then(|s| s.get(&path).cloned());
        if let Some(source) = asset
            && self.lock_produced()?.contains_key(&path)
        {
            self.collide(&source, &path);
        }
        let produced = if self.intact && self.old.files.get(&path).map(|f| f.hash) == Some(hash) {
            Produced::Unchanged
        } else {
            let n = self.counter.fetch_add(1, Ordering::Relaxed) as u64;
            let file = self.pending.join(n.to_string());
            let sent = self
                .spool
                .as_ref()
                .is_some_and(|s| s.send((file.clone(), bytes.to_vec())).is_ok());
            if !sent {
                // The writer thread stopped on an error: that error is this file's too.
                let stopped = self.spool_error.lock().ok().and_then(|e| e.clone());
                return Err(match stopped {
                    Some((kind, msg)) => io::Error::new(kind, msg),
                    None => io::Error::other("写入线程意外终止"),
                });
            }
            Produced::Pending(n)
        };
        let mut map = self
            .produced
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))?;
        map.insert(path, (hash, produced));
        Ok(())
    }

    /// Adds a file of the new output, as [`Writer::put`], and returns the hash it is known by
    /// (what [`Writer::keep`] is given next time).
    pub fn put_hashed(&self, path: String, bytes: &[u8]) -> io::Result<u64> {
        let hash = hash_bytes(bytes);
        self.put_with(path, bytes, hash)?;
        Ok(hash)
    }

    /// Keeps the last build's file at `path` as it is, when it is there with this hash: the
    /// caller knows the file would be made again byte for byte and need not make it. Returns
    /// its size, or `None` (then the caller makes the file).
    pub fn keep(&self, path: &str, hash: u64) -> io::Result<Option<u64>> {
        let Some(old) = self.old.files.get(path).filter(|f| f.hash == hash) else {
            return Ok(None);
        };
        if !self.intact {
            return Ok(None);
        }
        self.lock_produced()?
            .insert(path.to_owned(), (hash, Produced::Unchanged));
        Ok(Some(old.size))
    }

    /// Whether the output is exactly what the last build's manifest says.
    pub fn is_intact(&self) -> bool {
        self.intact
    }

    /// Keeps the last build's files for which `keep` holds, as they are: they are published
    /// unchanged instead of being removed as files this build did not produce. Returns how
    /// many. Nothing is kept from an output that is not intact.
    pub fn carry(&self, keep: impl Fn(&str) -> bool) -> io::Result<usize> {
        if !self.intact {
            return Ok(0);
        }
        let mut map = self
            .produced
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))?;
        let mut n = 0;
        for (path, f) in &self.old.files {
            if keep(path) && !map.contains_key(path) {
                map.insert(path.clone(), (f.hash, Produced::Unchanged));
                n += 1;
            }
        }
        Ok(n)
    }

    /// Waits for the writer thread to write what it was given; its first error, if any.
    fn drain(&mut self) -> io::Result<()> {
        drop(self.spool.take());
        match self.spooler.take().map(|t| t.join()) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("写入线程意外终止")),
            None => Ok(()),
        }
    }

    /// Gives up: nothing of this build is published.
    pub fn discard(mut self) {
        let _ = self.drain();
        let _ = fs::remove_dir_all(&self.pending);
    }

    pub fn finish(mut self) -> io::Result<CommitReport> {
        let result = self.drain().and_then(|()| self.publish());
        let _ = fs::remove_dir_all(&self.pending);
        result
    }

    fn publish(&self) -> io::Result<CommitReport> {
        let produced = self
            .produced
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))?;
        let changed: Vec<(&String, u64)> = produced
            .iter()
            .filter_map(|(p, (_, how))| match how {
                Produced::Pending(n) => Some((p, *n)),
                Produced::Unchanged => None,
            })
            .collect();
        let removed: Vec<&String> = self
            .old
            .files
            .keys()
            .filter(|p| !produced.contains_key(*p))
            .collect();
        let small =
            changed.len() + removed.len() <= IN_PLACE_MIN.max(produced.len() / IN_PLACE_MAX_SHARE);
        let report = if self.intact && small {
            // The journal, written by a rename, is the commit point; `recover` repeats the
            // renames if this build is interrupted after it.
            let mut entries: Vec<journal::Entry> = changed
                .iter()
                .map(|(path, n)| journal::Entry::Put {
                    from: *n,
                    to: (*path).clone(),
                })
                .collect();
            entries.extend(removed.iter().map(|path| journal::Entry::Del {
                path: (*path).clone(),
            }));
            let pending = self
                .pending
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            journal::commit(&self.target, &journal::Journal { pending, entries })?;
            CommitReport {
                written: changed.len(),
                removed: removed.len(),
                unchanged: produced.len() - changed.len(),
                replaced: false,
            }
        } else {
            let staging = Staging::new(&self.target)?;
            let assembled = (|| -> io::Result<()> {
                let folders: BTreeSet<&Path> = produced
                    .keys()
                    .filter_map(|p| Path::new(p.as_str()).parent())
                    .collect();
                for f in folders {
                    fs::create_dir_all(staging.dir.join(f))?;
                }
                for (path, (_, how)) in produced.iter() {
                    let to = staging.dir.join(path);
                    match how {
                        Produced::Pending(n) => fs::rename(self.pending.join(n.to_string()), &to)?,
                        // Unchanged: the old file itself, linked, not copied.
                        Produced::Unchanged => {
                            let from = self.target.join(path);
                            if fs::hard_link(&from, &to).is_err() {
                                fs::copy(&from, &to)?;
                            }
                        }
                    }
                }
                Ok(())
            })();
            if let Err(e) = assembled {
                staging.discard();
                return Err(e);
            }
            staging.publish()?;
            CommitReport {
                written: changed.len(),
                removed: removed.len(),
                unchanged: produced.len() - changed.len(),
                replaced: true,
            }
        };
        // Sizes and times as published: the next build compares the disk with them.
        let manifest = Manifest {
            files: produced
                .iter()
                .map(|(p, (h, _))| (p.clone(), FileState::on_disk(&self.target.join(p), *h)))
                .collect(),
        };
        // A manifest that cannot be saved only means a full write next time.
        let _ = manifest.save(&self.cache, &self.target);
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An attachment on the path of a generated file — either order — is reported and never
    /// replaces the generated one.
    #[test]
    fn an_attachment_never_takes_a_generated_files_path() {
        let dir = std::env::temp_dir().join(format!("dangjian-writer-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let target = dir.join("output");
        let w = Writer::new(&target, &dir.join("cache")).expect("writer");
        w.put("index.html".into(), b"page").expect("put");
        w.put_asset("index.html".into(), b"<script>", "content/index.html")
            .expect("put");
        w.put_asset(
            "notices/2024-1.pdf".into(),
            b"fake",
            "content/notices/2024-1.pdf",
        )
        .expect("put");
        w.put("notices/2024-1.pdf".into(), b"%PDF").expect("put");
        assert_eq!(
            w.collisions(),
            vec![
                ("content/index.html".to_owned(), "index.html".to_owned()),
                (
                    "content/notices/2024-1.pdf".to_owned(),
                    "notices/2024-1.pdf".to_owned()
                ),
            ]
        );
        w.finish().expect("finish");
        assert_eq!(fs::read(target.join("index.html")).expect("read"), b"page");
        assert_eq!(
            fs::read(target.join("notices/2024-1.pdf")).expect("read"),
            b"%PDF"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
