//! The loaded site, below everything that reads it: the pipeline makes it, the presentation
//! layer reads it, and neither the website nor the PDF stage needs the pipeline to name it.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::Corpus;

/// A loaded site: its configuration and its records, validated. Read-only from here on.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub corpus: Corpus,
    /// The date rules are judged at and "future" is measured from: `--as-of`, else
    /// `site.as_of`, else today.
    pub as_of: NaiveDate,
}
