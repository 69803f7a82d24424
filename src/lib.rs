//! `dangjian` (党建): a hospital party committee's records as files, checked against the party's
//! rules, built into an internal website and GB/T 9704 PDFs.
//!
//! The pipeline reads top to bottom in [`Site`]: load records → validate → compute metrics →
//! render site ‖ render PDFs → publish atomically.

pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
mod files;
pub mod fix;
pub mod freshness;
pub mod hash;
pub mod history;
pub mod layout;
pub mod markup;
pub mod metrics;
pub mod pdf;
pub mod pipeline;
pub mod placeholders;
mod plausibility;
pub mod publish;
pub mod rules;
pub mod scaffold;
pub mod setup;
pub mod site;
pub mod suggest;
pub mod userdirs;
pub mod validate;

pub use pipeline::{BuildOptions, BuildReport, Site};
