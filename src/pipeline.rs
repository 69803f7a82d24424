use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::{self, Corpus};
use crate::diagnostics::Diagnostics;
use crate::validate;

/// A loaded site: its configuration and its records, validated. Read-only from here on.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub corpus: Corpus,
    /// The date rules are judged at and "future" is measured from: `--as-of`, else
    /// `site.as_of`, else today.
    pub as_of: NaiveDate,
}

impl Site {
    /// Reads `site.toml` and every record, and validates them against each other. The site is
    /// returned whenever the configuration could be read, even with errors in records, so that
    /// `check` can report everything at once; `build` refuses a site with errors.
    pub fn load(root: &Path, as_of: Option<NaiveDate>) -> (Option<Site>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let (config, config_diags) = Config::load(root);
        diags.extend(config_diags);
        let (corpus, load_diags) = content::load(root);
        diags.extend(load_diags);
        let Some(config) = config else {
            return (None, diags);
        };
        let as_of = as_of
            .or(config.site.as_of)
            .unwrap_or_else(|| chrono::Local::now().date_naive());
        diags.extend(validate::validate(root, &config, &corpus, as_of));
        (
            Some(Site {
                root: root.to_path_buf(),
                config,
                corpus,
                as_of,
            }),
            diags,
        )
    }
}
