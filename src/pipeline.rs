use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::config::Config;
use crate::content;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::freshness;
use crate::history::History;
use crate::layout::{self, Scratch, cache_dir};
use crate::loaded::Site;
use crate::metrics::{self, Metrics};
use crate::present;
use crate::publish::{BuildLock, Writer};
use crate::validate;

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub output: PathBuf,
    pub pdf: bool,
    /// Publish the pages at once and keep the last build's search index and PDFs, to be
    /// brought up to date by a normal build right after: what `serve` does, so that an edit
    /// shows in the browser before the slow steps run. The output is not stamped, so the
    /// following build does the rest. Without an intact last build this is a normal build.
    pub defer_slow_steps: bool,
}

#[derive(Debug, Default)]
pub struct BuildReport {
    /// Nothing changed since the last build: nothing was done.
    pub up_to_date: bool,
    /// (step, milliseconds).
    pub timings: Vec<(&'static str, u128)>,
    pub pages: usize,
    /// The activities' bodies were let go after validation and read again from their files
    /// (a large site: `content::bodies`).
    pub bodies_released: bool,
    /// Pages kept from the last build because none of their inputs changed.
    pub kept: usize,
    /// Search shards indexed, read back from the cache, and the documents indexed (when
    /// the index was made).
    pub shards: Option<(usize, usize, usize)>,
    pub files: usize,
    /// Files actually written and removed (the rest were unchanged).
    pub written: usize,
    pub removed: usize,
    pub bytes: u64,
    pub millis: u128,
    /// The PDF stage, when it ran.
    pub pdf: Option<crate::pdf::PdfReport>,
    /// Problems that did not stop the build: warnings, and a missing typst (the site is
    /// published without PDFs, and the command still fails).
    pub diagnostics: Diagnostics,
    /// When nothing was rebuilt: the warnings as the build that made the output printed them
    /// (kept in the cache with its stamp, so that a no-change build needs no reading of records
    /// to repeat them).
    pub warnings_text: Option<String>,
}

/// The warnings text stored with `stamp`, if the last stamped build left one.
fn stored_warnings(root: &Path, stamp: &str) -> Option<String> {
    let text = std::fs::read_to_string(layout::warnings_file(root)).ok()?;
    let (first, rest) = text.split_once('\n')?;
    (first == stamp).then(|| rest.to_owned())
}

impl Site {
    /// Reads `site.toml` and every record, and validates them against each other. The site is
    /// returned whenever the configuration could be read, even with errors in records, so that
    /// `check` can report everything at once; `build` refuses a site with errors.
    pub fn load(root: &Path, as_of: Option<NaiveDate>) -> (Option<Site>, Diagnostics) {
        let (site, mut diags) = Site::read(root, as_of);
        if let Some(site) = &site {
            let (found, implausible) = rayon::join(
                || validate::validate(root, &site.config, &site.corpus, site.as_of),
                || crate::plausibility::check(&site.config, &site.corpus),
            );
            diags.extend(found);
            diags.extend(implausible);
        }
        (site, diags)
    }

    /// [`Site::load`] without checking the records against each other: for the workbench's
    /// forms and lists, which show no warnings and would otherwise check the whole site on
    /// every request. The diagnostics are those of reading.
    pub fn read(root: &Path, as_of: Option<NaiveDate>) -> (Option<Site>, Diagnostics) {
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

    /// Load → validate → metrics → present → render site ‖ render PDFs → publish: the whole
    /// build, one named step after another. The previous output survives any failure.
    pub fn build(root: &Path, opts: &BuildOptions) -> Result<BuildReport, Diagnostics> {
        let started = Instant::now();
        let _lock = lock_output(root, opts)?;
        let stamp = input_stamp(root, opts);
        if let Some(report) = unchanged(root, opts, &stamp, started) {
            return Ok(report);
        }
        let (mut site, mut notes) = load_valid(root)?;
        site.corpus.release_bodies();
        let loaded = started.elapsed().as_millis();
        let years = present::Years::compute(&site);
        let computed = started.elapsed().as_millis() - loaded;
        let history = History::read(&site.root).display_names(&site.config.authors);
        let writer = Writer::new(&opts.output, &cache_dir(root)).map_err(output_error)?;
        let plan = plan_renders(&site, opts, &writer, &mut notes)?;
        let ctx = present::Context {
            site: &site,
            years: &years,
            history: &history,
            pdf_links: plan.pdf_links,
        };
        let pdf_dir = match pdf_folder(&opts.output, &plan) {
            Ok(dir) => dir,
            Err(d) => {
                writer.discard();
                return Err(d);
            }
        };
        let rendered = render(&ctx, &plan, &writer, &pdf_dir);
        let joined = rendered.and_then(|(site_files, pdf)| {
            // A record removed or edited since it was validated (its body read again on a
            // large site): nothing is published from the unchecked text.
            let changed = site.corpus.body_problems();
            if !changed.is_empty() {
                let mut d = Diagnostics::new();
                d.extend(changed);
                return Err(d);
            }
            gather(&writer, pdf.as_ref(), &pdf_dir, &mut notes)?;
            stamp_complete(root, &writer, &stamp, &notes, plan.deferred)?;
            Ok((site_files, pdf))
        });
        let _ = std::fs::remove_dir_all(&pdf_dir);
        let (rendered, pdf) = match joined {
            Ok(done) => done,
            Err(d) => {
                writer.discard();
                return Err(d);
            }
        };
        let (files, publish_lap) = publish(writer)?;
        let mut timings = vec![("读取与校验", loaded), ("统计", computed)];
        timings.extend(rendered.timings);
        timings.push(publish_lap);
        Ok(BuildReport {
            up_to_date: false,
            timings,
            pages: rendered.pages,
            bodies_released: site.corpus.bodies_released(),
            kept: rendered.kept,
            shards: rendered.shards,
            files: files.written + files.unchanged,
            written: files.written,
            removed: files.removed,
            bytes: rendered.bytes,
            millis: started.elapsed().as_millis(),
            pdf,
            diagnostics: notes,
            warnings_text: None,
        })
    }
}

fn output_error(e: std::io::Error) -> Diagnostics {
    Diagnostics::from(Diagnostic::general(
        Code::Output,
        format!("写入输出失败：{e}；上一次的输出保持不变"),
    ))
}

/// Refuses an output folder that is not the site's to replace, and holds it for this build.
fn lock_output(root: &Path, opts: &BuildOptions) -> Result<BuildLock, Diagnostics> {
    crate::publish::guard::check(root, &opts.output)
        .map_err(|msg| Diagnostics::from(Diagnostic::general(Code::Output, msg)))?;
    BuildLock::acquire(&opts.output)
        .map_err(|msg| Diagnostics::from(Diagnostic::general(Code::Output, msg)))
}

/// The stamp of every input of the build, the fonts of the PDFs included.
fn input_stamp(root: &Path, opts: &BuildOptions) -> String {
    let (font_dirs, font_lines) = match Config::load(root).0 {
        Some(c) if opts.pdf => {
            let dirs = crate::pdf::font_lookup::lookup(root, &c.pdf).paths();
            let files = crate::pdf::font_lookup::role_files(&c.fonts, &dirs);
            (dirs, crate::pdf::font_lookup::role_lines(&files))
        }
        _ => (Vec::new(), Vec::new()),
    };
    let stamp = freshness::stamp(root, opts.pdf, &font_dirs, &font_lines);
    // A build with the Word documents is another output than one without.
    if present::links::docx_built() {
        format!("{stamp}docx\n")
    } else {
        stamp
    }
}

/// The report of a build that has nothing to do: the inputs are unchanged since the last
/// build, and the manifest says nobody changed the output by hand since (a deleted or edited
/// file is put back by a full build).
fn unchanged(
    root: &Path,
    opts: &BuildOptions,
    stamp: &str,
    started: Instant,
) -> Option<BuildReport> {
    let intact = freshness::up_to_date(&opts.output, stamp)
        && crate::publish::Manifest::load(&cache_dir(root), &opts.output)
            .matches_disk(&opts.output);
    if !intact {
        return None;
    }
    // Nothing is rebuilt, but the warnings are still told: a build that stays silent about a
    // misspelled kind publishes it uncounted. They are read back from the cache; without it,
    // from the records.
    let (warnings_text, diagnostics) = match stored_warnings(root, stamp) {
        Some(text) => (Some(text), Diagnostics::new()),
        None => (None, Site::load(root, None).1),
    };
    Some(BuildReport {
        up_to_date: true,
        millis: started.elapsed().as_millis(),
        diagnostics,
        warnings_text,
        ..BuildReport::default()
    })
}

/// The site, loaded and validated; errors stop the build, warnings travel with its report.
fn load_valid(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
    match Site::load(root, None) {
        (Some(site), diags) if !diags.has_errors() => Ok((site, diags)),
        (_, diags) => Err(diags),
    }
}

/// What this build renders: the PDFs when typst is there, the search index unless the slow
/// steps are deferred.
struct Plan {
    typst: Option<crate::pdf::Typst>,
    deferred: bool,
    pdf_links: bool,
    site: crate::site::RenderOptions,
}

/// Without typst (or fonts) the site is still built, without PDF links; the report says how
/// to install them and the command fails. A deferred build carries the last build's PDFs and
/// search index over instead of making them.
fn plan_renders(
    site: &Site,
    opts: &BuildOptions,
    writer: &Writer,
    notes: &mut Diagnostics,
) -> Result<Plan, Diagnostics> {
    let deferred = opts.defer_slow_steps && writer.is_intact();
    let typst = if opts.pdf && !deferred {
        crate::pdf::prepare(&site.root, &site.config.pdf)
            .map_err(|d| notes.push(d))
            .ok()
    } else {
        None
    };
    let mut pdf_links = typst.is_some();
    if deferred {
        // The old stamp goes along: it no longer matches the inputs, so the next build is a
        // full one.
        let kept_pdfs = writer
            .carry(|p| p.ends_with(".pdf"))
            .map_err(output_error)?;
        writer
            .carry(|p| p.starts_with("pagefind/") || p == layout::STAMP_FILE)
            .map_err(output_error)?;
        pdf_links = opts.pdf && kept_pdfs > 0;
    }
    Ok(Plan {
        typst,
        deferred,
        pdf_links,
        site: crate::site::RenderOptions {
            search_cache: (!deferred).then(|| layout::search_cache_dir(&site.root)),
            incremental: Some(crate::site::Incremental {
                map: crate::site::deps::file_for(&cache_dir(&site.root), &opts.output),
                shared_inputs: freshness::shared_inputs(&site.root),
            }),
        },
    })
}

/// The folder the PDF stage writes into, next to the output. It is made before the stage
/// starts, so that it is there to be read even when no document is placed in it; a build
/// killed meanwhile leaves it to the next build's lock to remove.
fn pdf_folder(output: &Path, plan: &Plan) -> Result<PathBuf, Diagnostics> {
    let pdf_dir = layout::Output::new(output).scratch(Scratch::Pdf, std::process::id());
    if plan.typst.is_some() {
        let made = std::fs::remove_dir_all(&pdf_dir)
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            })
            .and_then(|()| std::fs::create_dir_all(&pdf_dir));
        made.map_err(output_error)?;
    }
    Ok(pdf_dir)
}

/// The website and the PDFs from the same prepared views, side by side. The PDF stage writes
/// its documents into a folder of its own next to the output; they join the site's files
/// before anything is published.
fn render(
    ctx: &present::Context<'_>,
    plan: &Plan,
    writer: &Writer,
    pdf_dir: &Path,
) -> Result<(crate::site::Rendered, Option<crate::pdf::PdfReport>), Diagnostics> {
    let (rendered, pdf) = rayon::join(
        || crate::site::render(ctx, &plan.site, writer),
        || {
            plan.typst
                .as_ref()
                .map(|t| crate::pdf::build(ctx, t, pdf_dir))
                .transpose()
        },
    );
    let docx = if present::links::docx_built() {
        crate::docx::write_all(ctx, writer)
    } else {
        Ok(())
    };
    match (rendered, pdf) {
        (Ok(r), Ok(p)) => docx.map(|()| (r, p)),
        (r, p) => {
            let mut d = Diagnostics::new();
            d.extend(r.err().into_iter().flatten());
            d.extend(p.err().into_iter().flatten());
            Err(d)
        }
    }
}

/// The PDFs join the site's files; a published attachment that a generated file would
/// overwrite stops the build.
fn gather(
    writer: &Writer,
    pdf: Option<&crate::pdf::PdfReport>,
    pdf_dir: &Path,
    notes: &mut Diagnostics,
) -> Result<(), Diagnostics> {
    if let Some(p) = pdf {
        notes.extend(p.warnings.iter().cloned());
        for (path, bytes) in crate::publish::read_tree(pdf_dir).map_err(output_error)? {
            writer.put(path, &bytes).map_err(output_error)?;
        }
    }
    let collisions = writer.collisions();
    if collisions.is_empty() {
        return Ok(());
    }
    let mut d = Diagnostics::new();
    for (source, path) in collisions {
        d.push(
            Diagnostic::new(
                Code::ShadowsOutput,
                source,
                crate::diagnostics::Pos::FILE,
                format!("此文件会发布为 {path}，与网站生成的同名文件冲突"),
            )
            .with_hint("附件放在 content/attachments/ 下，或改用别的文件名"),
        );
    }
    Err(d)
}

/// Only a complete build is stamped: one that still lacks its PDFs is redone next time.
fn stamp_complete(
    root: &Path,
    writer: &Writer,
    stamp: &str,
    notes: &Diagnostics,
    deferred: bool,
) -> Result<(), Diagnostics> {
    if notes.has_errors() || deferred {
        return Ok(());
    }
    // Kept for the next build that finds the output up to date; a failure to write it only
    // means that build reads the records again.
    let _ = std::fs::create_dir_all(cache_dir(root));
    let _ = std::fs::write(
        layout::warnings_file(root),
        format!(
            "{stamp}\n{}",
            crate::diagnostics::render_build_summary(notes.clone(), root, false)
        ),
    );
    writer
        .put(layout::STAMP_FILE.to_owned(), stamp.as_bytes())
        .map_err(output_error)
}

/// Replaces the output with the staged files: what was written, and the step's time.
fn publish(
    writer: Writer,
) -> Result<(crate::publish::CommitReport, (&'static str, u128)), Diagnostics> {
    let written = Instant::now();
    let commit = writer.finish().map_err(output_error)?;
    let step = if commit.replaced {
        "发布（整体替换）"
    } else {
        "发布（就地替换改动的文件）"
    };
    Ok((commit, (step, written.elapsed().as_millis())))
}
