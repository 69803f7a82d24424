//! One build at a time per output folder: a second build would remove the first one's staging
//! folder. The lock is a file beside the output holding the builder's process id; a lock whose
//! process is gone (a killed build) is taken over.
//!
//! Holding the lock is also what makes it safe to clean up after a killed build: no other
//! build of this output runs, so a journal beside it is an interrupted commit, and every
//! scratch folder not of this process — the PDF stage's included — was left by a build that
//! was killed.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::layout::Output;

pub struct BuildLock {
    path: std::path::PathBuf,
}

impl BuildLock {
    /// Takes the lock of `target`, completes the commit a killed build left half done, and
    /// removes the folders killed builds left beside it.
    pub fn acquire(target: &Path) -> Result<BuildLock, String> {
        let output = Output::new(target);
        let parent = output.parent();
        fs::create_dir_all(parent).map_err(|e| format!("无法创建 {}：{e}", parent.display()))?;
        let path = output.lock();
        for _ in 0..2 {
            match create_with_pid(&path) {
                Ok(()) => {
                    let lock = BuildLock { path };
                    // Before the clearing: the journal names files in a pending folder.
                    super::journal::recover(target).map_err(|e| {
                        format!(
                            "无法完成上次中断的发布（{}）：{e}",
                            output.journal().display()
                        )
                    })?;
                    remove_leftovers(&output);
                    return Ok(lock);
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

/// Creates the lock file already holding this process's id. A lock created empty and written
/// after would be read empty by a second build in between, taken for a killed build's and
/// taken over: two builds at once. So the id is written to a file of this process first and
/// the lock made by a hard link to it, which fails if the lock exists. Where the file system
/// has no hard links, the lock is created and written in two steps.
fn create_with_pid(path: &Path) -> io::Result<()> {
    let mut own = path.as_os_str().to_owned();
    own.push(format!(".{}", std::process::id()));
    let own = std::path::PathBuf::from(own);
    let written = fs::write(&own, format!("{}\n", std::process::id()));
    let linked = written.and_then(|()| fs::hard_link(&own, path));
    let _ = fs::remove_file(&own);
    match linked {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            let mut f = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)?;
            writeln!(f, "{}", std::process::id())
        }
        other => other,
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Removes the scratch folders beside `output` that are not this process's own. Only the lock
/// holder may call it. A folder that cannot be removed costs disk space, not correctness: every
/// build makes fresh ones.
fn remove_leftovers(output: &Output) {
    let Ok(entries) = fs::read_dir(output.parent()) else {
        return;
    };
    let own = std::process::id().to_string();
    let lock_name = output
        .lock()
        .file_name()
        .map(|n| format!("{}.", n.to_string_lossy()))
        .unwrap_or_default();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        // The id file a build killed while taking the lock left (see `create_with_pid`).
        let lock_id_file = !lock_name.is_empty()
            && name
                .strip_prefix(&lock_name)
                .is_some_and(|pid| pid != own && pid.bytes().all(|b| b.is_ascii_digit()));
        if lock_id_file
            || output
                .scratch_kind(&name)
                .is_some_and(|(_, owner)| owner != own)
        {
            // A file or link planted under such a name goes too, never followed.
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => fs::remove_dir_all(e.path()),
                _ => fs::remove_file(e.path()),
            };
        }
    }
}

/// Whether process `pid` still runs. Without `/proc` there is no telling, and the answer is
/// yes: refusing a build, or keeping a folder, is the harmless mistake.
pub fn process_alive(pid: u32) -> bool {
    let proc_dir = Path::new("/proc");
    if proc_dir.is_dir() {
        proc_dir.join(pid.to_string()).exists()
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_is_never_seen_without_its_process_id() {
        let dir = std::env::temp_dir().join(format!("dangjian-lock-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir");
        let lock = dir.join(".output.lock");
        create_with_pid(&lock).expect("first");
        assert_eq!(
            fs::read_to_string(&lock).expect("lock"),
            format!("{}\n", std::process::id())
        );
        let again = create_with_pid(&lock).expect_err("second");
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        let left: Vec<_> = fs::read_dir(&dir)
            .expect("dir")
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left, [std::ffi::OsString::from(".output.lock")]);
        let _ = fs::remove_dir_all(&dir);
    }
}
