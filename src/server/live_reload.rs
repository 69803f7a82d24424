//! What the open pages learn about the rebuilds: a script injected into every page of the
//! site long-polls `/__dangjian/events`, reloads the page when a rebuild published new pages,
//! shows a failed rebuild's errors at the bottom and the served build's warnings in a panel.

use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tokio::sync::watch;

/// The script every served page loads (kept as a file of its own to be read as JavaScript).
const RELOAD_JS: &str = include_str!("reload.js");

/// An events request is answered at the latest after this time; the script asks again.
const LONG_POLL: Duration = Duration::from_secs(25);

/// What the browser polls: a version that changes on every rebuild, the last error, and the
/// warnings of the last good build; and, for the workbench, the last change request whose
/// pages are published.
#[derive(Debug, Clone, Default)]
pub(crate) struct Status {
    pub(crate) version: u64,
    pub(crate) error: Option<String>,
    pub(crate) warnings: Option<String>,
    /// The highest [`super::Ticket`] whose change the published pages include.
    pub(crate) built: u64,
    /// When the latest published pages pass began reading the records: a file written before
    /// that instant is in the pages served.
    pub(crate) pass_started: Option<Instant>,
}

/// The rebuild loop's side: it publishes each build's outcome here.
#[derive(Clone)]
pub(crate) struct LiveStatus {
    tx: watch::Sender<Status>,
}

impl Default for LiveStatus {
    fn default() -> Self {
        LiveStatus {
            tx: watch::Sender::new(Status::default()),
        }
    }
}

impl LiveStatus {
    /// Tells the open pages: `reload` when the pages changed, and the error and the warnings
    /// to show, if any. Warnings are kept while an error is shown: they belong to the pages
    /// served. `built` is the latest change request the published pages include, if this
    /// build published pages.
    pub(crate) fn publish(
        &self,
        reload: bool,
        error: Option<String>,
        warnings: Option<String>,
        built: Option<u64>,
    ) {
        self.tx.send_modify(|status| {
            let warnings = if error.is_some() {
                status.warnings.take()
            } else {
                warnings
            };
            if reload || error != status.error || warnings != status.warnings {
                status.version += 1;
            }
            status.error = error;
            status.warnings = warnings;
            if let Some(b) = built {
                status.built = status.built.max(b);
            }
        });
    }

    /// Records that the pages pass which began at `started` is over (published or failed);
    /// called after [`LiveStatus::publish`], so that nobody learns of it before the pages are
    /// there.
    pub(crate) fn pass_over(&self, started: Instant) {
        self.tx.send_modify(|status| {
            if status.pass_started.is_none_or(|p| p < started) {
                status.pass_started = Some(started);
            }
        });
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<Status> {
        self.tx.subscribe()
    }
}

pub(crate) async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        RELOAD_JS,
    )
        .into_response()
}

#[derive(Deserialize)]
pub(crate) struct Since {
    // The script sends `since=` (empty) on its first request.
    since: Option<String>,
}

/// Long poll: answers at once when the version differs from `since`, else within 25 s.
pub(crate) async fn events(State(live): State<LiveStatus>, Query(q): Query<Since>) -> Response {
    let mut rx = live.subscribe();
    if let Some(since) = q.since.and_then(|v| v.parse::<u64>().ok()) {
        let changed = rx.wait_for(|s| s.version != since);
        // A timeout or a closed channel both answer with the status as it is.
        let _ = tokio::time::timeout(LONG_POLL, changed).await;
    }
    let status = rx.borrow().clone();
    let body = serde_json::json!({
        "version": status.version,
        "error": status.error,
        "warnings": status.warnings,
    })
    .to_string();
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Adds the script before the last `</body>` (or at the end of a page without one).
pub(crate) fn inject(mut html: Vec<u8>) -> Vec<u8> {
    const TAG: &[u8] = b"<script src=\"/__dangjian/reload.js\"></script>";
    match html.windows(7).rposition(|w| w == b"</body>") {
        Some(at) => {
            html.splice(at..at, TAG.iter().copied());
        }
        None => html.extend_from_slice(TAG),
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = inject(b"<body><p></body></body>".to_vec());
        assert_eq!(
            String::from_utf8_lossy(&out),
            "<body><p></body><script src=\"/__dangjian/reload.js\"></script></body>"
        );
        let out = inject(b"<p>".to_vec());
        assert!(String::from_utf8_lossy(&out).ends_with("reload.js\"></script>"));
    }

    #[test]
    fn warnings_stay_while_an_error_is_shown_and_built_only_grows() {
        let live = LiveStatus::default();
        live.publish(true, None, Some("w".into()), Some(3));
        live.publish(false, Some("e".into()), None, None);
        let s = live.subscribe().borrow().clone();
        assert_eq!(
            (
                s.version,
                s.error.as_deref(),
                s.warnings.as_deref(),
                s.built
            ),
            (2, Some("e"), Some("w"), 3)
        );
        live.publish(true, None, None, Some(1));
        assert_eq!(live.subscribe().borrow().built, 3);
    }
}
