//! The backup: after each commit of the workbench, `git push <backup_remote> HEAD` in a
//! background thread, so that a save never waits for the network. A push that fails is tried
//! again on the next commit and every five minutes; the save stands either way, and the last
//! result is kept for the workbench to show.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Local};

/// How long a failed push waits before it is tried again without a new commit.
const RETRY: Duration = Duration::from_secs(5 * 60);

/// The outcome of the last push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushStatus {
    pub when: DateTime<Local>,
    pub remote: String,
    /// `None`: pushed; else why not, in Chinese (git's own words quoted).
    pub error: Option<String>,
}

impl PushStatus {
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

struct Worker {
    wake: Sender<String>,
    status: Arc<Mutex<Option<PushStatus>>>,
}

/// One worker per site root in this process.
fn workers() -> &'static Mutex<HashMap<PathBuf, Worker>> {
    static WORKERS: OnceLock<Mutex<HashMap<PathBuf, Worker>>> = OnceLock::new();
    WORKERS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Asks for a push of `root`'s HEAD to `remote` soon; returns at once.
pub fn after_commit(root: &Path, remote: &str) {
    let mut all = workers()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(w) = all.get(root)
        && w.wake.send(remote.to_owned()).is_ok()
    {
        return;
    }
    let (wake, rx) = mpsc::channel::<String>();
    let status = Arc::new(Mutex::new(None));
    let shared = Arc::clone(&status);
    let dir = root.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("dangjian-backup".to_owned())
        .spawn(move || run(&dir, &rx, &shared));
    if let Err(e) = spawned {
        set(
            &status,
            PushStatus {
                when: Local::now(),
                remote: remote.to_owned(),
                error: Some(format!("无法启动备份线程：{e}")),
            },
        );
    }
    let _ = wake.send(remote.to_owned());
    all.insert(root.to_path_buf(), Worker { wake, status });
}

/// The last push's outcome for `root`; `None` before the first push ended.
pub fn status(root: &Path) -> Option<PushStatus> {
    let all = workers()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let w = all.get(root)?;
    w.status
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

fn set(status: &Mutex<Option<PushStatus>>, s: PushStatus) {
    *status
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(s);
}

fn run(root: &Path, rx: &mpsc::Receiver<String>, status: &Mutex<Option<PushStatus>>) {
    let mut pending: Option<String> = None;
    loop {
        let received = if pending.is_some() {
            rx.recv_timeout(RETRY)
        } else {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        let remote = match received {
            Ok(remote) => {
                // Commits in quick succession need one push, of the newest HEAD.
                let mut last = remote;
                while let Ok(r) = rx.try_recv() {
                    last = r;
                }
                last
            }
            Err(RecvTimeoutError::Timeout) => match pending.take() {
                Some(r) => r,
                None => continue,
            },
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let error = super::git::push(root, &remote)
            .err()
            .map(|e| format!("备份到远程仓库“{remote}”失败：{e}"));
        pending = error.as_ref().map(|_| remote.clone());
        set(
            status,
            PushStatus {
                when: Local::now(),
                remote,
                error,
            },
        );
    }
}
