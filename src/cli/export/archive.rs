//! `dangjian export archive --year Y`: the year's archive (年度党建工作档案) as one `.zip` — the
//! annual summary, every branch's record book, every assessment table, every notice of the
//! year, the ledger, and the list of them with SHA-256 (`crate::export::archive`). The PDFs
//! come from the PDF stage, through its cache: what a build already typeset is not typeset
//! again, and the archive holds the same bytes as the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{fail, save, year_problem};
use crate::Site;
use crate::cli::{Ctx, Format, display};
use crate::content::Notice;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::export::archive::{self as zip, Member};
use crate::present::{self, links};

#[derive(Args, Debug)]
pub(crate) struct ArchiveArgs {
    /// 年份
    #[arg(long, value_name = "年份")]
    pub year: i32,
    /// 保存到这个文件（默认：当前文件夹下的 `<年份>年党建工作档案.zip`）
    #[arg(long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 通知只放 PDF，不附可编辑的文档
    #[arg(long)]
    pub no_docx: bool,
    /// 另附一份打印合订本：全部 PDF 按清单顺序合为一个文件，双面打印时每份文件从正面开始
    #[arg(long)]
    pub print: bool,
}

/// The archive's folders, numbered in the order a clerk files them.
const ANNUAL: &str = "01 年度工作总结";
const BOOKS: &str = "02 支部工作记录本";
const CHECKLISTS: &str = "03 考核评分表";
const NOTICES: &str = "04 通知文件";
const LEDGER: &str = "05 台账";

/// One PDF of the archive: where the PDF stage writes it, and where it goes in the archive.
struct Planned {
    /// The PDF stage's output path (`books/neike-2025.pdf`).
    pdf: String,
    folder: &'static str,
    /// The file name without extension, from record text (made safe).
    name: String,
    title: String,
    category: &'static str,
    /// The notice, whose Word document goes beside its PDF.
    notice: Option<usize>,
}

fn folder_name(year: i32) -> String {
    format!("{year}年党建工作档案")
}

pub(super) fn run(ctx: &Ctx, args: ArchiveArgs) -> i32 {
    let year = args.year;
    // Checked before the records are read: a folder would only fail after all the work.
    if let Some(out) = &args.output
        && out.is_dir()
    {
        return fail(&format!(
            "`{}` 是一个文件夹，不能保存为档案；请写出文件名，例如 `{}`",
            display(out),
            display(&out.join(format!("{}.zip", folder_name(year))))
        ));
    }
    let (site, diags) = Site::load(&ctx.root, None);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        ctx.report(diags, Format::Human);
        eprintln!("记录有错误，无法导出档案；先修正上面的问题");
        return 1;
    };
    if let Some(msg) = year_problem(&site, year, "档案") {
        return fail(&msg);
    }
    let typst = match crate::pdf::prepare(&site.root, &site.config.pdf) {
        Ok(t) => t,
        Err(d) => {
            ctx.report(Diagnostics::from(d), Format::Human);
            eprintln!("档案中的 PDF 需要 typst 和字体，未导出档案");
            return 1;
        }
    };
    let started = std::time::Instant::now();
    let options = Options {
        docx: !args.no_docx,
        print: args.print,
    };
    let members = match members(ctx, &site, &typst, year, &options) {
        Ok(m) => m,
        Err(diags) => {
            ctx.report(diags, Format::Human);
            eprintln!("未能生成档案中的文件，未导出档案");
            return 1;
        }
    };
    let folder = folder_name(year);
    let header = zip::Header {
        folder: &folder,
        organisation: &site.config.organisation.name,
        year,
        as_of: site.as_of,
    };
    let bytes = match zip::write(&header, &members) {
        Ok(b) => b,
        Err(e) => return fail(&format!("无法生成档案：{e}")),
    };
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{folder}.zip")));
    if let Err(e) = save(&out, &bytes) {
        return fail(&format!("无法保存 `{}`：{e}", display(&out)));
    }
    ctx.detail(format!(
        "生成用时 {:.1} 秒",
        started.elapsed().as_secs_f64()
    ));
    ctx.info(format!(
        "已导出 {year} 年档案（{} 个文件，{:.1} MB，清单见其中的 {}）：{}",
        members.len(),
        bytes.len() as f64 / 1e6,
        zip::CSV_NAME,
        display(&out)
    ));
    0
}

struct Options {
    /// Each notice's Word document beside its PDF.
    docx: bool,
    /// One PDF of all the PDFs, to print in one go.
    print: bool,
}

/// Where the print volume goes: beside the list, where it is found first.
const PRINT_NAME: &str = "打印合订本.pdf";

/// Every file of the archive but its list, in the order of the list.
fn members(
    ctx: &Ctx,
    site: &Site,
    typst: &crate::pdf::Typst,
    year: i32,
    options: &Options,
) -> Result<Vec<Member>, Diagnostics> {
    let years = present::Years::compute(site);
    let history = crate::history::History::read(&site.root);
    let pctx = present::Context {
        site,
        years: &years,
        history: &history,
        pdf_links: true,
    };
    let plan = plan(&pctx, year);
    let pdfs = typeset(ctx, &pctx, typst, &plan)?;
    let mut members: Vec<Member> = Vec::new();
    for p in plan {
        let Some(bytes) = pdfs.get(&p.pdf) else {
            return Err(Diagnostics::from(Diagnostic::general(
                crate::diagnostics::Code::Output,
                format!("PDF 阶段没有生成 {}，未导出档案", p.pdf),
            )));
        };
        let files = match p.notice.and_then(|i| site.corpus.notices.get(i)) {
            Some(n) => {
                notice_files(&pctx, n, bytes.clone(), options.docx).map_err(Diagnostics::from)?
            }
            None => vec![("pdf", bytes.clone())],
        };
        for (ext, bytes) in files {
            let path = zip::unique_path(&members, p.folder, &p.name, ext);
            members.push(Member {
                path,
                title: p.title.clone(),
                category: p.category,
                bytes,
            });
        }
    }
    let m = crate::metrics::compute(&site.config, &site.corpus, year, site.as_of);
    let view = present::ledger::view(site, &m, None);
    let ledger = crate::export::ledger_xlsx::write(&view).map_err(|e| {
        Diagnostics::from(Diagnostic::general(
            crate::diagnostics::Code::Output,
            format!("无法生成台账：{e}"),
        ))
    })?;
    let title = format!("{year}年党建工作台账");
    members.push(Member {
        path: format!("{LEDGER}/{title}.xlsx"),
        title,
        category: "台账",
        bytes: ledger,
    });
    if options.print {
        let volume = print_volume(site, typst, &members).map_err(Diagnostics::from)?;
        members.push(Member {
            path: PRINT_NAME.to_owned(),
            title: format!("{year}年党建工作档案（打印合订本）"),
            category: "打印合订本",
            bytes: volume,
        });
    }
    Ok(members)
}

/// Every PDF of the archive as one, in the order of the list, dated the as-of date.
fn print_volume(
    site: &Site,
    typst: &crate::pdf::Typst,
    members: &[Member],
) -> Result<Vec<u8>, Diagnostic> {
    let parts: Vec<&[u8]> = members
        .iter()
        .filter(|m| m.path.ends_with(".pdf"))
        .map(|m| m.bytes.as_slice())
        .collect();
    let dir =
        crate::layout::cache_dir(&site.root).join(format!("archive-print-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let day = site
        .as_of
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    let timeout = std::time::Duration::from_secs(u64::from(site.config.pdf.timeout_seconds));
    let merged = crate::pdf::merge::merge(typst, &dir, &parts, day, timeout);
    let _ = std::fs::remove_dir_all(&dir);
    merged
}

/// A notice's files in the archive, each with its extension: the PDF and, unless `--no-docx`,
/// the Word document (what an OA system takes in).
fn notice_files(
    ctx: &present::Context<'_>,
    n: &Notice,
    pdf: Vec<u8>,
    docx: bool,
) -> Result<Vec<(&'static str, Vec<u8>)>, Diagnostic> {
    let mut files = vec![("pdf", pdf)];
    if docx {
        files.push(("docx", crate::docx::notice_docx_in(ctx, n)?));
    }
    Ok(files)
}

/// The year's documents, in the order of the archive's list: the annual summary, the record
/// books (by branch, as the site lists them), the assessment tables, the notices (main series
/// first, each series by number).
fn plan(ctx: &present::Context<'_>, year: i32) -> Vec<Planned> {
    let site = ctx.site;
    let mut plan = Vec::new();
    for n in site.corpus.narratives.iter().filter(|n| n.year == year) {
        plan.push(Planned {
            pdf: links::annual_pdf(year),
            folder: ANNUAL,
            name: zip::safe_name(&n.title),
            title: n.title.clone(),
            category: "年度工作总结",
            notice: None,
        });
    }
    for (b, _) in present::book::jobs(ctx)
        .into_iter()
        .filter(|(_, m)| m.year == year)
    {
        plan.push(Planned {
            pdf: links::book_pdf(&b.id, year),
            folder: BOOKS,
            name: zip::safe_name(&b.name),
            title: format!("{}{year}年工作记录本", b.name),
            category: "支部工作记录本",
            notice: None,
        });
    }
    for c in ctx
        .metrics(year)
        .map(|m| m.checklists.as_slice())
        .unwrap_or(&[])
    {
        plan.push(Planned {
            pdf: links::checklist_pdf(&c.id, year),
            folder: CHECKLISTS,
            name: zip::safe_name(&c.title),
            title: c.title.clone(),
            category: "考核评分表",
            notice: None,
        });
    }
    let mut notices: Vec<(usize, &Notice)> = site
        .corpus
        .notices
        .iter()
        .enumerate()
        .filter(|(_, n)| n.year == year)
        .collect();
    notices.sort_by_key(|(_, n)| (n.series.clone(), n.number.value));
    for (i, n) in notices {
        let number = site.config.doc_number(n);
        plan.push(Planned {
            pdf: links::notice_pdf(n),
            folder: NOTICES,
            name: zip::safe_name(&format!("{number} {}", n.title)),
            title: format!("{number} {}", n.title),
            category: "通知文件",
            notice: Some(i),
        });
    }
    plan
}

/// The planned PDFs through the PDF stage (its cache first), by their output path, with a
/// progress line while typst works.
fn typeset(
    ctx: &Ctx,
    pctx: &present::Context<'_>,
    typst: &crate::pdf::Typst,
    plan: &[Planned],
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let wanted: std::collections::BTreeSet<&str> = plan.iter().map(|p| p.pdf.as_str()).collect();
    let dir =
        crate::layout::cache_dir(&pctx.site.root).join(format!("archive-{}", std::process::id()));
    let io = |e: std::io::Error| {
        Diagnostics::from(Diagnostic::general(
            crate::diagnostics::Code::Output,
            format!("无法创建临时文件夹 {}：{e}", dir.display()),
        ))
    };
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(io)?;
    let progress = |done: usize, total: usize| {
        // About twenty lines for a long run, every document for a short one.
        let step = total.div_ceil(20).max(1);
        if done.is_multiple_of(step) || done == total {
            ctx.info(format!("正在生成 PDF：{done}/{total}"));
        }
    };
    let made = crate::pdf::build_some(
        pctx,
        typst,
        &dir,
        &|d| wanted.contains(d.output.as_str()),
        &progress,
    );
    let read = made.and_then(|report| {
        ctx.detail(format!(
            "PDF：{} 份（新排版 {} 份，沿用缓存 {} 份）",
            report.documents, report.compiled, report.cached
        ));
        read_pdfs(&dir, &wanted)
    });
    let _ = std::fs::remove_dir_all(&dir);
    read
}

fn read_pdfs(
    dir: &Path,
    wanted: &std::collections::BTreeSet<&str>,
) -> Result<BTreeMap<String, Vec<u8>>, Diagnostics> {
    let mut out = BTreeMap::new();
    for rel in wanted {
        let bytes = std::fs::read(dir.join(rel)).map_err(|e| {
            Diagnostics::from(Diagnostic::general(
                crate::diagnostics::Code::Output,
                format!("无法读取生成的 {rel}：{e}"),
            ))
        })?;
        out.insert((*rel).to_owned(), bytes);
    }
    Ok(out)
}
