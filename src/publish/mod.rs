//! Publishing a build: everything is written into a fresh staging folder next to `output/`,
//! which replaces `output/` only once the whole build has succeeded. A failed or killed build
//! leaves the previous `output/` as it was (and at worst a stale staging folder, removed by the
//! next build).

pub mod guard;
pub mod journal;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The folder that holds `target` and `target`'s name (`output` when it has none).
pub(crate) fn parent_and_name(target: &Path) -> (PathBuf, String) {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    (parent.to_path_buf(), name)
}

pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder for `target` (e.g. `output/`), removing stale ones.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(parent)?;
        remove_stale(parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    /// Swaps the staging folder in place of the target.
    pub fn publish(self) -> io::Result<()> {
        let old = self.target.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }

    /// Gives up: the staging folder is removed, the target is untouched.
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefixes = [
        format!(".{name}.staging-"),
        format!(".{name}.old-"),
        format!(".{name}.pending-"),
    ];
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        // Left behind by killed builds; this build's own folders end in its process id.
        let own = file_name.ends_with(&format!("-{}", std::process::id()));
        if !own && prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// One build at a time per output folder: a second build would remove the first one's staging
/// folder. The lock is a file next to the output holding the builder's process id; a lock whose
/// process is gone (a killed build) is taken over.
pub struct BuildLock {
    path: PathBuf,
}

impl BuildLock {
    pub fn acquire(target: &Path) -> Result<BuildLock, String> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        fs::create_dir_all(parent).map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
        let path = parent.join(format!(".{name}.lock"));
        for _ in 0..2 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    use std::io::Write;
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(BuildLock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if pid != std::process::id() && process_alive(pid) => {
                            return Err(format!(
                                "另一个 dangjian 构建（进程 {pid}）正在写入 {}；请等它结束后再试",
                                target.display()
                            ));
                        }
                        // Left behind by a build that was killed: take it over.
                        _ => {
                            let _ = fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(format!("无法创建构建锁 {}：{e}", path.display())),
            }
        }
        Err(format!("无法获得构建锁 {}", path.display()))
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

fn process_alive(pid: u32) -> bool {
    let proc_dir = Path::new("/proc");
    if proc_dir.is_dir() {
        proc_dir.join(pid.to_string()).exists()
    } else {
        // Without /proc we cannot tell; assume the other build is running.
        true
    }
}

/// What the last build wrote into an output folder: path → hash, size and modification time of
/// the file. Kept in the cache, not in the output, so a web server never serves it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Manifest {
    files: std::collections::BTreeMap<String, FileState>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct FileState {
    hash: u64,
    size: u64,
    /// Nanoseconds since the epoch; 0 when unknown (then the hash decides).
    mtime: u128,
}

fn mtime_nanos(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

impl Manifest {
    fn path(cache: &Path, target: &Path) -> PathBuf {
        let mut h = crate::hash::StableHasher::default();
        h.str(&target.to_string_lossy());
        cache.join(format!("output-{}.manifest", h.hex()))
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

    fn save(&self, cache: &Path, target: &Path) -> io::Result<()> {
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
        !self.files.is_empty()
            && self.files.iter().all(|(path, f)| {
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
pub struct Writer {
    target: PathBuf,
    cache: PathBuf,
    pending: PathBuf,
    old: Manifest,
    /// The output is exactly what the manifest describes (its stamp file matches).
    intact: bool,
    produced: std::sync::Mutex<std::collections::BTreeMap<String, (u64, Produced)>>,
    /// Published path → the file under `content/` it was copied from, for attachments.
    sources: std::sync::Mutex<std::collections::BTreeMap<String, String>>,
    /// (file under `content/`, published path) of attachments that would have taken the path
    /// of a generated file, or a generated file the path of an attachment.
    collisions: std::sync::Mutex<Vec<(String, String)>>,
    counter: std::sync::atomic::AtomicUsize,
    /// Pending files go to one thread that writes them all. Threads creating files in the
    /// same folder take turns on its lock, and on two cores the waiting one spins: a fifth of
    /// a cold build's CPU went there. One writer overlaps writing with rendering instead.
    spool: Option<std::sync::mpsc::SyncSender<(PathBuf, Vec<u8>)>>,
    spooler: Option<std::thread::JoinHandle<io::Result<()>>>,
    /// The writer thread's error, for the `put` that finds it stopped.
    spool_error: std::sync::Arc<std::sync::Mutex<Option<(io::ErrorKind, String)>>>,
}

/// Files waiting for the writer thread, at most: bounds the memory a slow disk can cost.
const SPOOL_DEPTH: usize = 256;

impl Writer {
    pub fn new(target: &Path, cache: &Path, stamp_file: &str) -> io::Result<Writer> {
        recover(target)?;
        let old = Manifest::load(cache, target);
        let intact = old.files.contains_key(stamp_file) && old.matches_disk(target);
        let (parent, name) = parent_and_name(target);
        let parent = parent.as_path();
        fs::create_dir_all(parent)?;
        remove_stale(parent, &name);
        let pending = parent.join(format!(".{name}.pending-{}", std::process::id()));
        if pending.exists() {
            fs::remove_dir_all(&pending)?;
        }
        fs::create_dir_all(&pending)?;
        let (spool, queue) = std::sync::mpsc::sync_channel::<(PathBuf, Vec<u8>)>(SPOOL_DEPTH);
        let spool_error = std::sync::Arc::new(std::sync::Mutex::new(None));
        let error_slot = std::sync::Arc::clone(&spool_error);
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
            produced: std::sync::Mutex::new(std::collections::BTreeMap::new()),
            sources: std::sync::Mutex::new(std::collections::BTreeMap::new()),
            collisions: std::sync::Mutex::new(Vec::new()),
            counter: std::sync::atomic::AtomicUsize::new(0),
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

    fn lock_produced(
        &self,
    ) -> io::Result<std::sync::MutexGuard<'_, std::collections::BTreeMap<String, (u64, Produced)>>>
    {
        self.produced
            .lock()
            .map_err(|_| io::Error::other("writer lock poisoned"))
    }

    /// Adds a file of the new output (path relative to the output folder).
    pub fn put(&self, path: String, bytes: &[u8]) -> io::Result<()> {
        // A generated file (a PDF, made after the attachments were copied) on the path of an
        // attachment: the attachment is the error, the generated file is never dropped.
        let asset = self.sources.lock().ok().and_then(|s| s.get(&path).cloned());
        if let Some(source) = asset {
            if self.lock_produced()?.contains_key(&path) {
                self.collide(&source, &path);
            }
        }
        let hash = hash_bytes(bytes);
        let produced = if self.intact && self.old.files.get(&path).map(|f| f.hash) == Some(hash) {
            Produced::Unchanged
        } else {
            let n = self
                .counter
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed) as u64;
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
                let folders: std::collections::BTreeSet<&Path> = produced
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
                .map(|(p, (h, _))| {
                    let meta = fs::symlink_metadata(self.target.join(p)).ok();
                    let state = FileState {
                        hash: *h,
                        size: meta.as_ref().map_or(u64::MAX, fs::Metadata::len),
                        mtime: meta.as_ref().map_or(0, mtime_nanos),
                    };
                    (p.clone(), state)
                })
                .collect(),
        };
        // A manifest that cannot be saved only means a full write next time.
        let _ = manifest.save(&self.cache, &self.target);
        Ok(report)
    }
}

fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = crate::hash::StableHasher::default();
    h.write(b);
    h.finish()
}

/// Completes an interrupted in-place commit whose journal was written.
pub fn recover(target: &Path) -> io::Result<()> {
    journal::recover(target)
}

/// Every file below `dir` as (path relative to it, contents): how the PDF stage's output joins
/// the site's files.
pub fn read_tree(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            out.push((
                crate::diagnostics::relative_path(dir, entry.path()),
                fs::read(entry.path())?,
            ));
        }
    }
    Ok(out)
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
        let w = Writer::new(&target, &dir.join("cache"), ".dangjian-build").expect("writer");
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
