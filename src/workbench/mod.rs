//! The workbench: forms in the browser in front of the same record files `check` reads.
//! Nothing is stored anywhere else: a form is filled from a file, and a save writes the file
//! (through the loader and validator of `check`), commits it to git as the person who saved,
//! and wakes the rebuild so that the site shows it.
//!
//! `serve` mounts [`router`] under `/_/`. Reading order: `schema` (what each form holds) →
//! `values` (form ↔ file) → `html` (drawing it) → `views` (GET pages) → `actions` (saves).

pub(crate) mod accounts;
mod actions;
pub(crate) mod attendance;
pub mod auth;
pub mod backup;
pub mod document;
pub mod field_of;
pub mod git;
pub(crate) mod html;
pub(crate) mod naming;
pub(crate) mod notice_pdf;
pub(crate) mod offers;
pub mod save;
pub(crate) mod schema;
pub(crate) mod scores;
pub(crate) mod series;
#[cfg(test)]
mod tests;
pub(crate) mod todo;
pub(crate) mod uploads;
pub(crate) mod values;
mod views;
mod views_list;
pub(crate) mod visitor;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::Site;
use crate::diagnostics::Diagnostics;

/// What every workbench request shares.
pub(crate) struct Workbench {
    pub(crate) root: PathBuf,
    pub(crate) as_of: Option<chrono::NaiveDate>,
    /// Called after every save with the instant the change was on disk (if known): wakes
    /// `serve`'s rebuild at once instead of waiting for the file watcher, and returns when
    /// pages that include the change are published (or after a bound).
    pub(crate) after_save: Box<dyn Fn(Option<std::time::Instant>) + Send + Sync>,
}

impl Workbench {
    /// The site as `check` sees it now; `checked: false` leaves out the checks across
    /// records (the diagnostics are then only those of reading).
    pub(crate) fn load(&self, checked: bool) -> Result<(Site, Diagnostics), Diagnostics> {
        let loaded = if checked {
            Site::load(&self.root, self.as_of)
        } else {
            Site::read(&self.root, self.as_of)
        };
        match loaded {
            (Some(site), diags) => Ok((site, diags)),
            (None, diags) => Err(diags),
        }
    }
}

pub(crate) type Shared = Arc<Workbench>;

/// The workbench's routes, relative to its mount point (`/_`): the stylesheet and script for
/// everyone, sign-in and sign-out, and the pages behind [`auth::require_person`].
pub(crate) fn router(wb: Shared, auth: Arc<auth::Auth>) -> Router {
    let local = !auth.requires_sign_in();
    let signed_in = pages(wb)
        .layer(middleware::from_fn_with_state(local, visitor::from_person))
        .layer(middleware::from_fn_with_state(
            auth.clone(),
            auth::require_person,
        ));
    Router::new()
        .route("/assets/workbench.css", get(css))
        .route("/assets/workbench.js", get(js))
        .merge(auth::routes(auth))
        .merge(signed_in)
}

/// The pages; every handler takes the [`visitor::Visitor`] the sign-in layer put in.
fn pages(wb: Shared) -> Router {
    Router::new()
        .route("/", get(views::home))
        .route("/todo/{branch}", get(views::branch_todo))
        .route("/list/{kind}", get(views::list))
        .route("/new/{kind}", get(views::new_form))
        .route("/edit", get(views::edit_form))
        .route("/history", get(views::history))
        .route("/delete", get(views::delete_confirm).post(actions::delete))
        .route("/save", post(actions::save))
        .route("/restore", post(actions::restore))
        .route("/preview", post(actions::preview))
        .route(
            "/upload",
            // The multipart envelope around the largest file.
            post(uploads::upload).layer(DefaultBodyLimit::max(uploads::MAX_UPLOAD + 64 * 1024)),
        )
        .route("/file", get(uploads::file))
        .route("/pdf", get(notice_pdf::serve))
        .route("/notice-pdf", post(notice_pdf::regenerate))
        .with_state(wb)
}

async fn css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        html::CSS,
    )
}

async fn js() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        html::JS,
    )
}
