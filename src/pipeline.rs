use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::{self, Corpus};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::metrics::{self, Metrics};
use crate::publish::Staging;
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

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub output: PathBuf,
    pub pdf: bool,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    /// (step, milliseconds).
    pub timings: Vec<(&'static str, u128)>,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub millis: u128,
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

    /// The metrics of every year that has records, ascending.
    pub fn metrics(&self) -> Vec<Metrics> {
        self.corpus
            .years()
            .into_iter()
            .map(|y| metrics::compute(&self.config, &self.corpus, y, self.as_of))
            .collect()
    }

    /// Load → validate → metrics → render → publish: the whole build. The previous output
    /// survives any failure.
    pub fn build(root: &Path, opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
        let started = Instant::now();
        let (site, diags) = Site::load(root, None);
        let site = match site {
            Some(s) if !diags.has_errors() => s,
            _ => return Err(diags),
        };
        let loaded = started.elapsed().as_millis();
        let years = site.metrics();
        let computed = started.elapsed().as_millis() - loaded;
        let staging = Staging::new(&opts.output).map_err(|e| {
            Diagnostics::from(Diagnostic::general(
                Code::Output,
                format!("无法创建输出目录：{e}"),
            ))
        })?;
        let render_opts = crate::site::RenderOptions {
            pdf_links: opts.pdf,
        };
        let rendered = match crate::site::render(&site, &years, &render_opts, &staging.dir) {
            Ok(r) => r,
            Err(d) => {
                staging.discard();
                return Err(d);
            }
        };
        staging.publish().map_err(|e| {
            Diagnostics::from(Diagnostic::general(
                Code::Output,
                format!("无法替换输出目录：{e}"),
            ))
        })?;
        let mut timings = vec![("读取与校验", loaded), ("统计", computed)];
        timings.extend(rendered.timings);
        Ok(BuildReport {
            timings,
            pages: rendered.pages,
            files: rendered.files,
            bytes: rendered.bytes,
            millis: started.elapsed().as_millis(),
        })
    }
}
