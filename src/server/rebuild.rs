//! How the workbench asks for a rebuild after a save, and learns when the pages that include
//! the save are served: it takes a [`Ticket`] with [`Rebuild::request`], which wakes the
//! rebuild loop at once (without waiting for the file-system watcher), and awaits
//! [`Rebuild::published`] before redirecting to the rebuilt page; or, from blocking code,
//! calls [`Rebuild::request_and_wait`], which does both.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use super::live_reload::{LiveStatus, Status};

/// A change request; the pages built after it include every change saved before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Ticket(pub(crate) u64);

/// What the first build that includes a ticket's change gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Published {
    /// The errors of a failed build (rendered as the terminal shows them); the pages served
    /// are then still the previous ones.
    pub(crate) error: Option<String>,
}

/// The workbench's handle (cheap to clone, `Send + Sync`).
#[derive(Clone)]
pub(crate) struct Rebuild {
    wake: Sender<()>,
    asked: Arc<AtomicU64>,
    status: watch::Receiver<Status>,
}

impl Rebuild {
    /// Wakes the rebuild loop. Call it after the record is written (and committed).
    pub(crate) fn request(&self) -> Ticket {
        let ticket = Ticket(self.asked.fetch_add(1, Ordering::SeqCst) + 1);
        // The loop is gone only when the process ends.
        let _ = self.wake.send(());
        ticket
    }

    /// [`Rebuild::request`], then blocks until the rebuilt pages are published, or for at most
    /// `bound` (`None` then). `written`: when the change was on disk; a pages pass that began
    /// after it (one the file watcher started, say) includes it too, so the save need not
    /// wait for the search-index pass that follows it. For a blocking context
    /// (`tokio::task::spawn_blocking`), never on an async worker thread.
    pub(crate) fn request_and_wait(
        &self,
        bound: Duration,
        written: Option<Instant>,
    ) -> Option<Published> {
        let ticket = self.request();
        let deadline = Instant::now() + bound;
        loop {
            {
                let status = self.status.borrow();
                let read_after = written
                    .zip(status.pass_started)
                    .is_some_and(|(w, started)| started >= w);
                if status.built >= ticket.0 || read_after {
                    return Some(Published {
                        error: status.error.clone(),
                    });
                }
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the pages pass of a build started after `ticket` was taken is over:
    /// published, or failed. Wrap it in `tokio::time::timeout`: a build takes seconds.
    pub(crate) async fn published(&self, ticket: Ticket) -> Published {
        let mut rx = self.status.clone();
        let error = match rx.wait_for(|s| s.built >= ticket.0).await {
            Ok(s) => s.error.clone(),
            // The loop ended (the process is ending): nothing more will be published.
            Err(_) => Some("网站生成已停止".to_owned()),
        };
        Published { error }
    }
}

/// The rebuild loop's side.
pub(crate) struct RebuildRequests {
    /// Also handed to the file-system watcher: one channel wakes the loop for both.
    pub(crate) wake: Sender<()>,
    pub(crate) woken: Receiver<()>,
    pub(crate) asked: Asked,
}

/// The tickets handed out so far.
pub(crate) struct Asked(Arc<AtomicU64>);

impl Asked {
    /// The latest ticket handed out; a build started after reading it includes its change.
    pub(crate) fn get(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub(crate) fn rebuild_channel(live: &LiveStatus) -> (Rebuild, RebuildRequests) {
    let (wake, woken) = channel();
    let asked = Arc::new(AtomicU64::new(0));
    (
        Rebuild {
            wake: wake.clone(),
            asked: asked.clone(),
            status: live.subscribe(),
        },
        RebuildRequests {
            wake,
            woken,
            asked: Asked(asked),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_is_published_by_the_build_that_read_it() {
        let live = LiveStatus::default();
        let (rebuild, requests) = rebuild_channel(&live);
        let t = rebuild.request();
        assert_eq!(t, Ticket(1));
        assert!(requests.woken.try_recv().is_ok());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        let asked = requests.asked.get();
        live.publish(true, Some("坏了".into()), None, Some(asked));
        let got = runtime.block_on(async {
            tokio::time::timeout(std::time::Duration::from_secs(5), rebuild.published(t)).await
        });
        assert_eq!(
            got.ok(),
            Some(Published {
                error: Some("坏了".into())
            })
        );
    }

    #[test]
    fn request_and_wait_returns_when_the_loop_publishes_or_at_the_bound() {
        let live = LiveStatus::default();
        let (rebuild, requests) = rebuild_channel(&live);
        let publisher = live.clone();
        let loop_side = std::thread::spawn(move || {
            // The rebuild loop: woken, reads the tickets, builds, publishes.
            if requests.woken.recv().is_ok() {
                std::thread::sleep(Duration::from_millis(50));
                publisher.publish(true, None, None, Some(requests.asked.get()));
            }
        });
        let got = rebuild.request_and_wait(Duration::from_secs(10), None);
        assert_eq!(got, Some(Published { error: None }));
        let _ = loop_side.join();
        // Nobody publishes the second ticket.
        assert_eq!(
            rebuild.request_and_wait(Duration::from_millis(50), None),
            None
        );
    }
}
