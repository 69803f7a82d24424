//! Publishing a build: a failed or killed build leaves the previous output as it was, and at
//! worst scratch folders beside it, which the next build removes once it holds the lock.
//!
//! - [`lock`]: one build per output folder, and the clearing of killed builds' leftovers;
//! - [`guard`]: which folders a build may replace at all;
//! - [`writer`]: the files of a build as they come, published at the end by
//! - [`journal`] (a few files renamed in place) or [`staging`] (the output replaced whole);
//! - [`manifest`]: what the last build wrote, to write only what changed;
//! - [`tree`]: a folder read back as output files (the PDF stage's).
//!
//! Every path comes from [`crate::layout`]; this module knows nothing of the records.

pub mod guard;
pub mod journal;
pub mod lock;
pub mod manifest;
pub mod staging;
pub mod tree;
pub mod writer;

pub use journal::recover;
pub use lock::BuildLock;
pub use manifest::Manifest;
pub use staging::Staging;
pub use tree::read_tree;
pub use writer::{CommitReport, Writer};
