//! `dangjian` (党建): a hospital party committee's records as files, checked against the party's
//! rules, built into an internal website and GB/T 9704 PDFs.
//!
//! The pipeline reads top to bottom in [`Site`]: load records → validate → compute metrics →
//! render site ‖ render PDFs → publish atomically.

pub mod charts;
pub mod citable;
mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
mod docx;
mod export;
mod files;
mod fix;
pub mod format;
mod freshness;
pub mod hash;
pub mod history;
mod import;
mod layout;
mod loaded;
pub mod markup;
pub mod metrics;
pub mod pdf;
pub mod pipeline;
mod placeholders;
mod plausibility;
mod present;
pub mod publish;
mod reader;
pub mod rules;
mod scaffold;
mod server;
pub mod setup;
mod site;
mod suggest;
mod userdirs;
mod validate;
mod workbench;
/// The workbench's sign-in (sessions, CSRF, login), public for `tests/auth_http.rs`.
pub use workbench::auth;

pub use cli::{command, run};
pub use loaded::Site;
pub use pipeline::{BuildOptions, BuildReport};
/// The title breaker of notices and summaries (fuzzed and tested on its own).
pub use present::title;
pub use reader::MAX_TITLE_CHARS;
/// Saving records from the workbench's forms: public only for tests/workbench_save.rs (the
/// server inside this crate is its real user).
#[doc(hidden)]
pub mod workbench_records {
    pub use crate::workbench::{backup, document, field_of, git, save};
}
