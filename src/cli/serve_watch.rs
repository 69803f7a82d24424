//! When `serve` looks at the inputs again. A file-system watcher (notify: inotify, FSEvents,
//! ReadDirectoryChangesW) wakes the loop as soon as something under the inputs changes; the
//! fingerprint of the inputs (names, sizes, modification times) still decides whether to
//! rebuild, so an event for the output folder or an editor's swap file costs a walk, not a
//! build.
//!
//! Where no watcher can be set up (too many inotify watches, a file system that sends no
//! events), or when `DANGJIAN_WATCH=poll` says so (a network drive that sends none), the
//! inputs are walked every 100 ms as before. With a watcher they are still walked every two
//! seconds: a folder created after the start (`templates/`) is not watched, and some file
//! systems drop events. The workbench wakes the loop through the same channel after a save.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// How often the inputs are walked without a watcher.
const POLL: Duration = Duration::from_millis(100);
/// How often they are walked anyway with one.
const BACKSTOP: Duration = Duration::from_secs(2);
/// Editors save in several steps (write a temporary file, rename it): the events of one save
/// come within a few milliseconds, and are taken as one.
const SETTLE: Duration = Duration::from_millis(30);

/// Whether an event can mean a changed input. inotify reports every opening of a watched
/// folder or file: the walk that decides whether to rebuild opens every folder, and each load
/// of the site opens every record, so waking on those made an idle `serve` walk its inputs
/// again and again (half a core at 10,000 records, in the time of every save). A file
/// closed after writing is a change; one closed after reading is not.
fn may_change(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

pub(super) struct InputWatch {
    /// Kept alive: dropping the watcher stops the events.
    _watcher: Option<notify::RecommendedWatcher>,
    events: Receiver<()>,
    /// Without a watcher the inputs are walked every [`POLL`].
    polled: bool,
}

impl InputWatch {
    /// Watches the inputs of the site at `root`; the watcher sends into `wake`, and `woken`
    /// (its other end) also hears whoever else holds a sender. The second value says, in
    /// Chinese, why the inputs are polled instead, if they are.
    pub(super) fn start(
        root: &Path,
        wake: Sender<()>,
        woken: Receiver<()>,
    ) -> (InputWatch, Option<String>) {
        let polled = |events: Receiver<()>, why: String| {
            (
                InputWatch {
                    _watcher: None,
                    events,
                    polled: true,
                },
                Some(why),
            )
        };
        if std::env::var("DANGJIAN_WATCH").is_ok_and(|v| v == "poll") {
            return polled(
                woken,
                "DANGJIAN_WATCH=poll：每 0.1 秒检查一次文件变化".to_owned(),
            );
        }
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if event.is_ok_and(|e| may_change(&e.kind)) {
                let _ = wake.send(());
            }
        });
        let mut watcher = match watcher {
            Ok(w) => w,
            Err(e) => {
                return polled(
                    woken,
                    format!("无法监视文件变化（{e}），改为每 0.1 秒检查一次"),
                );
            }
        };
        // The site folder itself (not its subfolders): an input folder made later shows up
        // here; the inputs that exist now are watched whole.
        let mut watched = watcher.watch(root, RecursiveMode::NonRecursive);
        for input in crate::layout::INPUTS {
            let path = root.join(input);
            if watched.is_ok() && path.exists() {
                watched = watcher.watch(&path, RecursiveMode::Recursive);
            }
        }
        if let Err(e) = watched {
            return polled(
                woken,
                format!("无法监视文件变化（{e}），改为每 0.1 秒检查一次"),
            );
        }
        (
            InputWatch {
                _watcher: Some(watcher),
                events: woken,
                polled: false,
            },
            None,
        )
    }

    /// Returns when the inputs may have changed.
    pub(super) fn wait(&self) {
        let events = &self.events;
        let timeout = if self.polled { POLL } else { BACKSTOP };
        match events.recv_timeout(timeout) {
            Ok(()) => {
                std::thread::sleep(SETTLE);
                while events.try_recv().is_ok() {}
            }
            Err(RecvTimeoutError::Timeout) => {}
            // Every sender is gone (the workbench's handle keeps one while it lives): poll.
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(POLL),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::may_change;
    use notify::event::{
        AccessKind, AccessMode, CreateKind, DataChange, EventKind, ModifyKind, RemoveKind,
    };

    #[test]
    fn opening_or_reading_an_input_is_no_change_and_writing_one_is() {
        assert!(!may_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!may_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!may_change(&EventKind::Access(AccessKind::Read)));
        assert!(may_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(may_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(may_change(&EventKind::Create(CreateKind::File)));
        assert!(may_change(&EventKind::Remove(RemoveKind::File)));
        assert!(may_change(&EventKind::Any));
    }
}
