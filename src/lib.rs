//! `dangjian` (党建): a hospital party committee's records as files, checked against the party's
//! rules, built into an internal website and GB/T 9704 PDFs.
//!
//! The pipeline reads top to bottom in [`Site`]: load records → validate → compute metrics →
//! render site ‖ render PDFs → publish atomically.

pub mod charts;
pub mod citable;
pub mod cli;
pub mod config;
pub mod content;
pub mod diagnostics;
mod files;
pub mod fix;
pub mod format;
pub mod freshness;
pub mod hash;
pub mod history;
pub mod layout;
pub mod loaded;
pub mod markup;
pub mod metrics;
pub mod pdf;
pub mod pipeline;
pub mod placeholders;
mod plausibility;
pub mod present;
pub mod publish;
pub mod reader;
pub mod rules;
pub mod scaffold;
pub mod setup;
pub mod site;
pub mod suggest;
pub mod userdirs;
pub mod validate;

pub use loaded::Site;
pub use pipeline::{BuildOptions, BuildReport};
