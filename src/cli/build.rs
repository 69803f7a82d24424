use std::path::PathBuf;

use clap::Args;

use super::{Ctx, Format, build_problems};
use crate::Site;
use crate::pipeline::BuildOptions;

#[derive(Args, Debug)]
pub(crate) struct BuildArgs {
    /// 只生成网站，不生成 PDF
    #[arg(long, conflicts_with = "pdf")]
    pub no_pdf: bool,
    /// 只排版这几类 PDF（用逗号分隔或重复写）；其余类别有最新缓存时直接沿用
    #[arg(long, value_name = "类别", value_delimiter = ',')]
    pub pdf: Vec<crate::pdf::Kind>,
    /// 同时生成每份通知的 Word 文档（.docx，按 GB/T 9704 版式），与 PDF 并列
    #[arg(long)]
    pub docx: bool,
    /// 输出目录（默认：站点根目录下的 output/）
    #[arg(long, value_name = "目录")]
    pub output: Option<PathBuf>,
}

pub(super) fn run(ctx: &Ctx, args: BuildArgs) -> i32 {
    let output = args
        .output
        .unwrap_or_else(|| crate::layout::default_output(&ctx.root));
    let opts = BuildOptions {
        output: output.clone(),
        pdf: !args.no_pdf,
        defer_slow_steps: false,
    };
    crate::present::links::set_docx(args.docx);
    let subset = !args.pdf.is_empty();
    crate::pdf::select(subset.then(|| args.pdf.iter().copied().collect()));
    let result = Site::build(&ctx.root, &opts);
    if subset && matches!(&result, Ok(r) if !r.up_to_date) {
        // A build of some kinds of PDF is never taken for a complete one: the next build
        // without --pdf makes the rest.
        let _ = std::fs::remove_file(output.join(crate::layout::STAMP_FILE));
    }
    match result {
        Ok(r) if r.up_to_date => {
            ctx.info(format!("输出已是最新，未做任何改动（{} ms）", r.millis));
            eprint!("{}", build_problems(r, &ctx.root, ctx.quiet));
            0
        }
        Ok(r) => {
            for (step, ms) in &r.timings {
                ctx.detail(format!("  {step}：{ms} ms"));
            }
            ctx.detail(format!(
                "  沿用上次生成的页面 {} 个（其内容所依据的文件未改动）",
                r.kept
            ));
            if r.bodies_released {
                ctx.detail(
                    "  活动记录正文：校验后不常驻内存，生成页面和搜索内容时从文件重读（大型站点）",
                );
            }
            if let Some((made, cached, docs)) = r.shards {
                ctx.detail(format!(
                    "  搜索索引：重建 {made} 个分片（{docs} 个页面），沿用缓存 {cached} 个"
                ));
            }
            ctx.detail(format!(
                "  写入 {} 个文件，删除 {} 个，其余 {} 个未改动",
                r.written,
                r.removed,
                r.files - r.written
            ));
            ctx.info(format!(
                "已生成 {} 个页面、{} 个文件（{:.1} MB，{:.2} 秒）",
                r.pages,
                r.files,
                r.bytes as f64 / 1e6,
                r.millis as f64 / 1000.0
            ));
            if let Some(p) = &r.pdf {
                ctx.info(format!(
                    "已生成 {} 份 PDF（新排版 {} 份，沿用缓存 {} 份）",
                    p.documents, p.compiled, p.cached
                ));
                let sum: u128 = p.timings.iter().map(|(_, ms)| ms).sum();
                ctx.detail(format!(
                    "  typst 进程：{} 个，PDF 阶段 {} ms（各文件排版时间合计 {} ms）",
                    p.typst_runs, p.millis, sum
                ));
                for (doc, ms) in &p.timings {
                    ctx.detail(format!("  {doc}：{ms} ms"));
                }
            }
            let failed = r.diagnostics.has_errors();
            eprint!("{}", build_problems(r, &ctx.root, ctx.quiet));
            if failed {
                eprintln!("网站已生成，但没有生成 PDF");
            }
            i32::from(failed)
        }
        Err(diags) => {
            ctx.report(diags, Format::Human);
            eprintln!("生成失败；上一次的 output/ 保持不变");
            1
        }
    }
}
