//! The PDF stage: records → data (JSON) → typst, one process per document, in parallel, with
//! a cache so that unchanged documents are not compiled again. Runs beside the site render
//! and writes into the same staging folder, so the PDFs are published with the site or not
//! at all.
//!
//! Documents ([`Kind`]): red-header notices (文件格式 and 信函格式, GB/T 9704-2012), the annual
//! work summary per year, the branch record book (党支部工作记录本) per branch and year, and the
//! assessment table per checklist and year — all on the same page and grid (`gbt9704.typ`)
//! and through the same runner.

mod annual;
mod assessment;
mod book;
mod cache;
mod diag;
pub mod font_lookup;
pub mod fontnames;
pub mod fonts;
pub mod merge;
mod notice;
pub mod runner;
pub mod templates;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::Site;
use crate::config::{FontRole, PdfSettings};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Pos};
use crate::present::Context;
pub use cache::Cache;
pub use runner::{INSTALL_HINT, Typst};

/// The kinds of document, as `build --pdf` names them (clap derives the names, in kebab case,
/// and the help from the doc comments: one list for the command line and the stage).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Kind {
    /// 年度党建工作总结
    Annual,
    /// 党支部工作记录本
    Books,
    /// 考核评分表
    Checklists,
    /// 红头文件
    Notices,
}

/// The kinds that builds in this process compile (`build --pdf`); `None`: every kind.
static SELECTED: Mutex<Option<BTreeSet<Kind>>> = Mutex::new(None);

/// Restricts the documents that [`build`] compiles to `kinds` (`dangjian build --pdf annual`).
/// Documents of the other kinds are still published when the cache holds them up to date,
/// and left out (with a warning) otherwise. A setting of the process rather than a field of
/// the build options, so that the pipeline does not need to know the kinds of PDF.
pub fn select(kinds: Option<BTreeSet<Kind>>) {
    if let Ok(mut s) = SELECTED.lock() {
        *s = kinds;
    }
}

fn selected() -> Option<BTreeSet<Kind>> {
    SELECTED.lock().ok().and_then(|s| s.clone())
}

/// One PDF to make.
#[derive(Debug, Clone)]
pub struct Document {
    pub kind: Kind,
    /// The record it is made from (relative to the site root), for messages.
    pub record: String,
    /// Where it goes, relative to the output folder.
    pub output: String,
    /// The template to compile (a file name among the Typst templates).
    pub template: &'static str,
    /// `data.json`.
    pub data: Vec<u8>,
    pub images: Vec<Image>,
    /// Files made by dangjian (the charts, as SVG), written into the document's folder.
    pub files: Vec<(String, Vec<u8>)>,
    /// `--creation-timestamp`: the record's date, so that PDFs are byte-identical.
    pub timestamp: i64,
    /// Files (relative to the site root) whose text reaches the document, where a character
    /// that no font has is looked for.
    pub sources: Vec<String>,
    /// Problems found while preparing the data that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Record Markdown as the templates read it: escaped Typst markup, one string per block.
pub(crate) struct TypstBody;

impl crate::present::markup::BodyWriter for TypstBody {
    type Body = Vec<String>;

    fn body(
        &self,
        markdown: &str,
        numbering: Option<crate::markup::numbering::Numbering>,
    ) -> Vec<String> {
        crate::markup::typst::to_typst(
            markdown,
            crate::markup::typst::TypstOptions {
                number_headings: numbering.is_some(),
                numbering: numbering.unwrap_or_default(),
            },
        )
    }
}

/// Every font role's fallback list, as the templates read them.
fn font_lists(config: &crate::config::Config) -> BTreeMap<&'static str, &[String]> {
    FontRole::ALL
        .iter()
        .map(|r| (r.key(), config.fonts.list(*r)))
        .collect()
}

/// `--creation-timestamp` for a document dated `day` (midnight UTC), so that PDFs are
/// byte-identical from build to build.
fn timestamp(day: Option<chrono::NaiveDate>) -> i64 {
    day.and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(0, |t| t.and_utc().timestamp())
}

/// A file copied into the document's folder under `name`.
#[derive(Debug, Clone)]
pub struct Image {
    pub name: String,
    pub source: PathBuf,
}

#[derive(Debug, Default, Clone)]
pub struct PdfReport {
    pub documents: usize,
    /// Compiled by typst in this build.
    pub compiled: usize,
    /// Taken from the cache.
    pub cached: usize,
    /// typst processes started for this build (including `typst --version`, which is only
    /// asked when the program file changed).
    pub typst_runs: usize,
    pub bytes: u64,
    pub millis: u128,
    /// Milliseconds per compiled document, slowest first.
    pub timings: Vec<(String, u128)>,
    /// Documents of kinds outside `build --pdf` that the cache did not hold: not published.
    pub skipped: Vec<String>,
    /// Warnings typst reported for documents that were compiled.
    pub warnings: Vec<Diagnostic>,
}

/// The file that remembers the version of a typst program (see [`Typst::locate`]).
pub fn version_cache(site_root: &Path) -> PathBuf {
    crate::layout::typst_version_file(site_root)
}

/// Finds and checks typst for the site at `root`.
pub fn locate_typst(root: &Path, settings: &PdfSettings) -> Result<Typst, Diagnostic> {
    Typst::locate(root, settings, Some(&version_cache(root)))
}

/// What the PDF stage needs from outside the site, checked before the build starts: typst
/// and at least one font folder. Without them the site is still built (without PDF links).
pub fn prepare(root: &Path, settings: &PdfSettings) -> Result<Typst, Diagnostic> {
    let typst = locate_typst(root, settings)?;
    font_dirs(root, settings)?;
    Ok(typst)
}

/// The font folders typst is given, in lookup order (see [`font_lookup`]): the site's
/// `[pdf] font_dirs`, the per-user folder of `dangjian setup`, the commercial faces of the
/// system's font folders; warnings for configured folders that are missing; an error when
/// there is no folder at all.
pub fn font_dirs(
    root: &Path,
    settings: &PdfSettings,
) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), Diagnostic> {
    let found = font_lookup::lookup(root, settings);
    if found.dirs.is_empty() {
        let user = crate::userdirs::fonts_dir().map_or_else(
            || "（无法确定用户目录）".to_owned(),
            |p| p.display().to_string(),
        );
        return Err(Diagnostic::general(
            Code::ExternalTool,
            format!(
                "找不到 PDF 所需的字体：站点没有可用的 [pdf] font_dirs，本机用户字体目录 {user} 不存在，系统字体目录中也没有商用公文字体"
            ),
        )
        .with_hint(SETUP_HINT));
    }
    Ok((found.paths(), found.warnings))
}

/// What to do when typst or the fonts are missing: a command the user has.
pub const SETUP_HINT: &str = "运行 dangjian setup 安装 typst 和开源字体（只需一次）；\
离线电脑用 dangjian setup --fonts-from 目录（如 U 盘）；\
只生成网站：dangjian build --no-pdf";

/// Every document of the site: the notices, the annual summary of every year with a
/// narrative, the record book of every branch for every year it has activities, and the
/// assessment table of every checklist for every year with metrics.
///
/// The preparation is under the same `[pdf] timeout_seconds` as each typst run: every
/// computation of it is bounded (titles are at most [`crate::present::title::MAX_CHARS`]
/// characters), and the limit is checked after each document, so that a preparation that
/// still runs long fails at the record it was working on rather than holding the build.
fn documents(ctx: &Context<'_>, limit: &Limit) -> (Vec<Document>, Vec<Diagnostic>) {
    let site = ctx.site;
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    for n in &site.corpus.notices {
        match notice::document(ctx, n) {
            Ok(d) => docs.push(d),
            Err(d) => diags.extend(d),
        }
        if let Some(d) = limit.passed(&n.file) {
            diags.push(d);
            return (docs, diags);
        }
    }
    for n in &site.corpus.narratives {
        match annual::document(ctx, n) {
            Ok(d) => docs.push(d),
            Err(d) => diags.extend(d),
        }
        if let Some(d) = limit.passed(&n.file) {
            diags.push(d);
            return (docs, diags);
        }
    }
    let books: Vec<Result<Document, Diagnostic>> = crate::present::book::jobs(ctx)
        .par_iter()
        .map(|(branch, m)| {
            let doc = book::document(ctx, branch, m)?;
            limit.passed(&doc.record).map_or(Ok(doc), Err)
        })
        .collect();
    for r in books {
        match r {
            Ok(d) => docs.push(d),
            Err(d) => diags.push(d),
        }
    }
    for m in ctx.years.with_records() {
        for c in &m.checklists {
            match assessment::document(ctx, m, c) {
                Ok(d) => {
                    let over = limit.passed(&d.record);
                    docs.push(d);
                    if let Some(over) = over {
                        diags.push(over);
                        return (docs, diags);
                    }
                }
                Err(d) => diags.push(d),
            }
        }
    }
    (docs, diags)
}

/// `[pdf] timeout_seconds` for the preparation of the documents' data.
struct Limit {
    started: Instant,
    timeout: Duration,
}

impl Limit {
    /// An error at `record` when the limit has passed.
    fn passed(&self, record: &str) -> Option<Diagnostic> {
        (self.started.elapsed() > self.timeout).then(|| {
            Diagnostic::new(
                Code::ExternalTool,
                record,
                Pos::FILE,
                format!(
                    "准备 PDF 数据超过 {} 秒仍未完成，已停止（最后处理的是这份记录）",
                    self.timeout.as_secs()
                ),
            )
            .with_hint("检查这份记录是否有异常长的文字；若站点确实很大，可在 site.toml 的 [pdf] 中调大 timeout_seconds")
        })
    }
}

/// A document whose template the theme lacks (a theme of its own without `book.typ` …).
fn missing_template(
    site: &Site,
    doc: &Document,
    templates: &BTreeMap<String, templates::Template>,
) -> Option<Diagnostic> {
    if templates.contains_key(doc.template) {
        return None;
    }
    let theme = &site.config.site.theme;
    Some(
        Diagnostic::new(
            Code::Template,
            crate::layout::CONFIG_FILE,
            Pos::FILE,
            format!(
                "主题“{theme}”没有 Typst 模板 {}，无法生成 {}",
                doc.template, doc.output
            ),
        )
        .with_hint(format!(
            "把 {} 放在主题的 typst/ 目录或 templates/typst/ 中，或使用默认主题",
            doc.template
        )),
    )
}

/// Makes every PDF of the site into `out_dir` (the staging folder). Fails as a whole: a
/// document that cannot be made fails the build, so the published PDFs are never stale.
pub fn build(ctx: &Context<'_>, typst: &Typst, out_dir: &Path) -> Result<PdfReport, Diagnostics> {
    make(ctx, typst, out_dir, None, &|_, _| {})
}

/// Makes only the PDFs of one record (the workbench's preview of a notice being edited) into
/// `out_dir`, through the same templates and cache as a build; the cache is not pruned.
pub fn build_record(
    ctx: &Context<'_>,
    typst: &Typst,
    out_dir: &Path,
    record: &str,
) -> Result<PdfReport, Diagnostics> {
    make(
        ctx,
        typst,
        out_dir,
        Some(&|d| d.record == record),
        &|_, _| {},
    )
}

/// Makes only the PDFs that `wanted` picks (`export archive`: the documents of one year) into
/// `out_dir`, through the same templates and cache as a build; the cache is not pruned. After
/// each document typst compiles, `progress(done, total)` is called (from the compiling thread)
/// with the count of the documents that were not in the cache.
pub fn build_some(
    ctx: &Context<'_>,
    typst: &Typst,
    out_dir: &Path,
    wanted: &(dyn Fn(&Document) -> bool + Sync),
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<PdfReport, Diagnostics> {
    make(ctx, typst, out_dir, Some(wanted), progress)
}

fn make(
    ctx: &Context<'_>,
    typst: &Typst,
    out_dir: &Path,
    wanted: Option<&(dyn Fn(&Document) -> bool + Sync)>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<PdfReport, Diagnostics> {
    let site = ctx.site;
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let templates = templates::load(site).map_err(to_diags)?;
    let (dirs, dir_warnings) =
        font_dirs(&site.root, &site.config.pdf).map_err(Diagnostics::from)?;
    let timeout = Duration::from_secs(u64::from(site.config.pdf.timeout_seconds));
    let limit = Limit { started, timeout };
    let (mut docs, doc_errors) = documents(ctx, &limit);
    diags.extend(doc_errors);
    if let Some(wanted) = wanted {
        docs.retain(|d| wanted(d));
    }
    let mut missing: BTreeSet<&str> = BTreeSet::new();
    for doc in &docs {
        if missing.insert(doc.template) {
            diags.extend(missing_template(site, doc, &templates));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let lists: Vec<(&str, &[String])> = FontRole::ALL
        .iter()
        .map(|r| (r.key(), site.config.fonts.list(*r)))
        .collect();
    let shared = cache::shared_key(&typst.version, &templates, &lists, &dirs);
    let cache = Cache::new(&site.root);
    let mut keyed = Vec::with_capacity(docs.len());
    for doc in &docs {
        match doc_key(&shared, doc) {
            Ok(k) => keyed.push((doc, k)),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let only = selected();
    let chosen = |doc: &Document| only.as_ref().is_none_or(|o| o.contains(&doc.kind));
    let todo: Vec<&(&Document, String)> = keyed
        .iter()
        .filter(|(doc, k)| chosen(doc) && !cache.entry(k).is_file())
        .collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let job = |(doc, key): &&(&Document, String)| {
        let r = compile(site, typst, &templates, &cache, &dirs, timeout, doc, key);
        progress(
            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1,
            todo.len(),
        );
        r
    };
    // Waiting on a child process blocks a thread: a pool of our own keeps the site render's
    // threads free.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    // The time is taken inside the pool: a rayon thread that waits for it may meanwhile run
    // a long job of the site render, and return later than the PDFs were done.
    let all = || {
        let r: Vec<Compiled> = todo.par_iter().map(job).collect();
        (r, started.elapsed().as_millis())
    };
    let (results, millis) = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(all),
        Err(_) => all(),
    };
    let mut report = PdfReport {
        millis,
        documents: docs.len(),
        compiled: todo.len(),
        ..PdfReport::default()
    };
    report.warnings.extend(dir_warnings);
    report
        .warnings
        .extend(docs.iter().flat_map(|d| d.warnings.iter().cloned()));
    for ((doc, _), r) in todo.iter().zip(results) {
        match r {
            Ok((ms, warnings)) => {
                report.timings.push((doc.output.clone(), ms));
                report.warnings.extend(warnings);
            }
            Err(errors) => diags.extend(errors),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (doc, key) in &keyed {
        if !chosen(doc) && !cache.entry(key).is_file() {
            report.skipped.push(doc.output.clone());
            continue;
        }
        match cache.place(key, &out_dir.join(&doc.output)) {
            Ok(bytes) => report.bytes += bytes,
            Err(e) => diags.push(Diagnostic::general(
                Code::Output,
                format!("无法写入 {}：{e}", doc.output),
            )),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    report.documents -= report.skipped.len();
    report.cached = report.documents - report.compiled;
    if let (Some(only), Some(first)) = (&only, report.skipped.first()) {
        let kinds: Vec<String> = only
            .iter()
            .filter_map(clap::ValueEnum::to_possible_value)
            .map(|v| v.get_name().to_owned())
            .collect();
        report.warnings.push(
            Diagnostic::general(
                Code::Output,
                format!(
                    "--pdf {} 只排版这些类型；其余 {} 份 PDF 缓存中没有最新版本，本次未生成（如 {first}），网页上指向它们的链接暂时无效",
                    kinds.join(","),
                    report.skipped.len()
                ),
            )
            .with_severity(crate::diagnostics::Severity::Warning)
            .with_hint("不带 --pdf 运行 dangjian build 生成全部 PDF"),
        );
    }
    if wanted.is_none() {
        let used: BTreeSet<String> = keyed.iter().map(|(_, k)| k.clone()).collect();
        cache.prune(&used);
    }
    report
        .timings
        .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    report.typst_runs = typst.runs();
    Ok(report)
}

/// One compilation: its milliseconds and warnings, or its errors.
type Compiled = Result<(u128, Vec<Diagnostic>), Vec<Diagnostic>>;

fn to_diags(list: Vec<Diagnostic>) -> Diagnostics {
    let mut d = Diagnostics::new();
    d.extend(list);
    d
}

fn doc_key(shared: &cache::Hasher, doc: &Document) -> Result<String, Diagnostic> {
    let mut h = shared.clone();
    h.str(doc.template).bytes(&doc.data);
    h.bytes(&doc.timestamp.to_le_bytes());
    for (name, bytes) in &doc.files {
        h.str(name).bytes(bytes);
    }
    for img in &doc.images {
        let bytes = fs::read(&img.source).map_err(|e| {
            Diagnostic::new(
                Code::Io,
                &doc.record,
                Pos::FILE,
                format!("无法读取图片 {}：{e}", img.source.display()),
            )
        })?;
        h.str(&img.name).bytes(&bytes);
    }
    Ok(h.hex())
}

/// Compiles one document in a work folder of its own and stores the PDF in the cache.
#[allow(clippy::too_many_arguments)]
fn compile(
    site: &Site,
    typst: &Typst,
    templates: &BTreeMap<String, templates::Template>,
    cache: &Cache,
    font_dirs: &[PathBuf],
    timeout: Duration,
    doc: &Document,
    key: &str,
) -> Compiled {
    let started = Instant::now();
    let io_error = |what: &str, e: std::io::Error| {
        vec![Diagnostic::new(
            Code::Output,
            &doc.record,
            Pos::FILE,
            format!("{what}：{e}（{}）", cache.dir.display()),
        )]
    };
    let dir = cache
        .work_dir(key)
        .map_err(|e| io_error("无法创建 PDF 工作目录", e))?;
    let result = (|| {
        for t in templates.values() {
            fs::write(dir.join(&t.name), &t.text).map_err(|e| io_error("无法写入模板", e))?;
        }
        fs::write(dir.join("data.json"), &doc.data).map_err(|e| io_error("无法写入数据", e))?;
        for img in &doc.images {
            fs::copy(&img.source, dir.join(&img.name)).map_err(|e| io_error("无法复制图片", e))?;
        }
        for (name, bytes) in &doc.files {
            fs::write(dir.join(name), bytes).map_err(|e| io_error("无法写入图表", e))?;
        }
        let job = runner::Compile {
            dir: &dir,
            input: doc.template,
            output: "out.pdf",
            timestamp: doc.timestamp,
            font_dirs,
            timeout,
        };
        match typst.compile(&job) {
            Ok(stderr) => {
                cache
                    .store(&dir.join("out.pdf"), key)
                    .map_err(|e| io_error("无法写入 PDF 缓存", e))?;
                let warnings = diag::convert(&site.root, doc, templates, &diag::parse(&stderr));
                Ok(warnings)
            }
            Err(runner::RunError::Failed { stderr, status }) => {
                let mut list = diag::convert(&site.root, doc, templates, &diag::parse(&stderr));
                if !list.iter().any(Diagnostic::is_error) {
                    list.push(Diagnostic::new(
                        Code::Typst,
                        &doc.record,
                        Pos::FILE,
                        format!("typst 未能生成 {}（退出码 {status}）", doc.output),
                    ));
                }
                Err(list)
            }
            Err(e @ runner::RunError::Timeout(_)) => Err(vec![
                Diagnostic::new(
                    Code::ExternalTool,
                    &doc.record,
                    Pos::FILE,
                    format!("typst 生成 {}：{}", doc.output, runner::describe(&e)),
                )
                .with_hint(format!(
                    "typst（{}）可能卡住了；若文件确实很大，可在 site.toml 的 [pdf] 中调大 timeout_seconds（当前 {} 秒）",
                    typst.path.display(),
                    timeout.as_secs()
                )),
            ]),
            Err(e) => Err(vec![
                Diagnostic::new(
                    Code::ExternalTool,
                    &doc.record,
                    Pos::FILE,
                    format!(
                        "typst（{}）生成 {} 失败：{}",
                        typst.path.display(),
                        doc.output,
                        runner::describe(&e)
                    ),
                )
                .with_hint(INSTALL_HINT),
            ]),
        }
    })();
    let _ = fs::remove_dir_all(&dir);
    result.map(|w| (started.elapsed().as_millis(), w))
}

/// The number of pages of a PDF typst wrote: the `/Count` of its page tree, whose dictionary
/// typst writes uncompressed (`<</Type/Pages/Count 2/Kids[…]>>`, with or without spaces).
/// `None` for a file without one.
pub fn page_count(pdf: &[u8]) -> Option<u32> {
    let text = String::from_utf8_lossy(pdf);
    let mut best: Option<u32> = None;
    for (at, _) in text.match_indices("/Pages") {
        // The tree's own dictionary (`/Type /Pages`), not the catalogue's `/Pages 1 0 R`.
        if !text[..at].trim_end().ends_with("/Type") {
            continue;
        }
        let start = text[..at].rfind("obj").unwrap_or(0);
        let end = text[at..].find("endobj").map_or(text.len(), |e| at + e);
        let object = &text[start..end];
        let Some(c) = object.find("/Count") else {
            continue;
        };
        let digits: String = object[c + 6..]
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(n) = digits.parse::<u32>() {
            best = Some(best.map_or(n, |b| b.max(n)));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_page_count_is_read_from_the_page_tree() {
        let typst = b"%PDF-1.7\n1 0 obj\n<</Type/Pages/Count 2/Kids[36 0 R 37 0 R]>>\nendobj\n2 0 obj\n<</Type/Catalog/Pages 1 0 R>>";
        assert_eq!(super::page_count(typst), Some(2));
        let spaced = b"1 0 obj << /Type /Pages /Kids [3 0 R] /Count 11 >> endobj";
        assert_eq!(super::page_count(spaced), Some(11));
        assert_eq!(super::page_count(b"<</Type/Catalog/Pages 1 0 R>>"), None);
    }

    use super::*;

    #[test]
    fn preparation_past_the_limit_fails_at_the_record() {
        let within = Limit {
            started: Instant::now(),
            timeout: Duration::from_secs(60),
        };
        assert!(within.passed("content/notices/2024/1.md").is_none());
        let past = Limit {
            started: Instant::now(),
            timeout: Duration::ZERO,
        };
        std::thread::sleep(Duration::from_millis(2));
        let d = past
            .passed("content/notices/2024/1.md")
            .expect("the limit has passed");
        assert_eq!(
            (d.code, d.file.as_str(), d.pos),
            (Code::ExternalTool, "content/notices/2024/1.md", Pos::FILE)
        );
        assert_eq!(
            d.message,
            "准备 PDF 数据超过 0 秒仍未完成，已停止（最后处理的是这份记录）"
        );
    }
}
