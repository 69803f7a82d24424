//! Publishing a build: everything is written into a fresh staging folder next to `output/`,
//! which replaces `output/` only once the whole build has succeeded. A failed or killed build
//! leaves the previous `output/` as it was (and at worst a stale staging folder, removed by the
//! next build).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
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

/// What the last build wrote into an output folder: path → hash of the contents. Kept in the
/// cache, not in the output, so a web server never serves it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Manifest {
    files: std::collections::BTreeMap<String, u64>,
}

impl Manifest {
    fn path(cache: &Path, target: &Path) -> PathBuf {
        let mut h = crate::hash::StableHasher::default();
        h.str(&target.to_string_lossy());
        cache.join(format!("output-{}.manifest", h.hex()))
    }

    pub fn load(cache: &Path, target: &Path) -> Manifest {
        let mut m = Manifest::default();
        let Ok(text) = fs::read_to_string(Manifest::path(cache, target)) else {
            return m;
        };
        for line in text.lines() {
            if let Some((hash, path)) = line.split_once(' ') {
                if let Ok(h) = u64::from_str_radix(hash, 16) {
                    m.files.insert(path.to_owned(), h);
                }
            }
        }
        m
    }

    fn save(&self, cache: &Path, target: &Path) -> io::Result<()> {
        fs::create_dir_all(cache)?;
        let mut text = String::new();
        for (path, h) in &self.files {
            text.push_str(&format!("{h:016x} {path}\n"));
        }
        let file = Manifest::path(cache, target);
        let tmp = file.with_extension("tmp");
        fs::write(&tmp, text)?;
        fs::rename(tmp, file)
    }

    fn of(files: &[(String, Vec<u8>)]) -> Manifest {
        let files = files
            .iter()
            .map(|(p, b)| {
                let mut h = crate::hash::StableHasher::default();
                h.write(b);
                (p.clone(), h.finish())
            })
            .collect();
        Manifest { files }
    }
}

#[derive(Debug, Default, Clone, Copy)]
pub struct CommitReport {
    /// Files written (new or changed).
    pub written: usize,
    pub removed: usize,
    /// The output was replaced whole (staging folder) rather than updated in place.
    pub replaced: bool,
}

/// In-place updates are used when at most this share of the files change: a one-record edit
/// rewrites a handful of pages instead of the whole site.
const IN_PLACE_MAX_SHARE: usize = 20;
const IN_PLACE_MIN: usize = 64;
const PENDING_DIR: &str = ".dangjian-pending";
const JOURNAL: &str = ".dangjian-journal";

/// Publishes `files` as the new contents of `target`. When the output is as the last build
/// left it and few files changed, only those are replaced, each by a rename, under a journal
/// that the next build completes if this one is killed halfway; otherwise the whole output is
/// written into a staging folder and swapped in. Either way no reader ever sees a half-written
/// file, and a failure before the commit leaves the output untouched.
pub fn commit(
    target: &Path,
    files: &[(String, Vec<u8>)],
    cache: &Path,
    stamp_file: &str,
) -> io::Result<CommitReport> {
    recover(target)?;
    let new = Manifest::of(files);
    let old = Manifest::load(cache, target);
    let intact = target.join(stamp_file).is_file()
        && old.files.get(stamp_file).is_some_and(|h| {
            fs::read(target.join(stamp_file)).is_ok_and(|b| {
                let mut x = crate::hash::StableHasher::default();
                x.write(&b);
                x.finish() == *h
            })
        });
    let changed: Vec<usize> = (0..files.len())
        .filter(|&i| old.files.get(&files[i].0) != new.files.get(&files[i].0))
        .collect();
    let removed: Vec<&String> = old
        .files
        .keys()
        .filter(|p| !new.files.contains_key(*p))
        .collect();
    let small = changed.len() + removed.len() <= IN_PLACE_MIN.max(files.len() / IN_PLACE_MAX_SHARE);
    let report = if intact && small {
        commit_in_place(target, files, &changed, &removed)?;
        CommitReport {
            written: changed.len(),
            removed: removed.len(),
            replaced: false,
        }
    } else {
        let staging = Staging::new(target)?;
        if let Err(e) = write_all(&staging.dir, files) {
            staging.discard();
            return Err(e);
        }
        staging.publish()?;
        CommitReport {
            written: files.len(),
            removed: 0,
            replaced: true,
        }
    };
    // A manifest that cannot be saved only means a full write next time.
    let _ = new.save(cache, target);
    Ok(report)
}

fn commit_in_place(
    target: &Path,
    files: &[(String, Vec<u8>)],
    changed: &[usize],
    removed: &[&String],
) -> io::Result<()> {
    let pending = target.join(PENDING_DIR);
    if pending.exists() {
        fs::remove_dir_all(&pending)?;
    }
    fs::create_dir_all(&pending)?;
    // 1. Every new file is written in full beside the output. A crash here changes nothing.
    let mut journal = String::new();
    for (n, &i) in changed.iter().enumerate() {
        fs::write(pending.join(n.to_string()), &files[i].1)?;
        journal.push_str(&format!("put {n} {}\n", files[i].0));
    }
    for path in removed {
        journal.push_str(&format!("del {path}\n"));
    }
    // 2. The journal, written by a rename, is the commit point.
    let tmp = target.join(format!("{JOURNAL}.tmp"));
    fs::write(&tmp, &journal)?;
    fs::rename(&tmp, target.join(JOURNAL))?;
    // 3. Renames and removals; `recover` repeats them if this is interrupted.
    apply_journal(target)
}

/// Completes an interrupted in-place commit (its journal is there), or clears an unfinished
/// one (only pending files, no journal).
pub fn recover(target: &Path) -> io::Result<()> {
    if target.join(JOURNAL).is_file() {
        apply_journal(target)?;
    }
    let pending = target.join(PENDING_DIR);
    if pending.exists() {
        fs::remove_dir_all(pending)?;
    }
    let _ = fs::remove_file(target.join(format!("{JOURNAL}.tmp")));
    Ok(())
}

fn apply_journal(target: &Path) -> io::Result<()> {
    let journal = fs::read_to_string(target.join(JOURNAL))?;
    let pending = target.join(PENDING_DIR);
    for line in journal.lines() {
        let mut parts = line.splitn(3, ' ');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("put"), Some(n), Some(path)) if safe_rel(path) => {
                let from = pending.join(n);
                // Already moved by an earlier, interrupted run of this journal.
                if from.exists() {
                    let to = target.join(path);
                    if let Some(dir) = to.parent() {
                        fs::create_dir_all(dir)?;
                    }
                    fs::rename(from, to)?;
                }
            }
            (Some("del"), Some(first), rest) => {
                let path = match rest {
                    Some(r) => format!("{first} {r}"),
                    None => first.to_owned(),
                };
                if safe_rel(&path) {
                    let _ = fs::remove_file(target.join(path));
                }
            }
            _ => {}
        }
    }
    fs::remove_file(target.join(JOURNAL))?;
    let _ = fs::remove_dir_all(pending);
    Ok(())
}

/// A journal line names a file inside the output, never outside it.
fn safe_rel(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != ".." && p != ".")
}

/// Writes every file, creating folders first (once each), in parallel.
pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> io::Result<u64> {
    use rayon::prelude::*;
    let folders: std::collections::BTreeSet<&Path> = files
        .iter()
        .filter_map(|(p, _)| Path::new(p).parent())
        .collect();
    for f in folders {
        fs::create_dir_all(dir.join(f))?;
    }
    files
        .par_iter()
        .try_for_each(|(p, bytes)| fs::write(dir.join(p), bytes))?;
    Ok(files.iter().map(|(_, b)| b.len() as u64).sum())
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
