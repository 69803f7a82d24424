use std::path::PathBuf;

use clap::Args;

use super::{Ctx, Format};
use crate::Site;
use crate::pipeline::BuildOptions;

#[derive(Args, Debug)]
pub struct BuildArgs {
    /// Build the website only, no PDFs
    #[arg(long)]
    pub no_pdf: bool,
    /// Output folder (default: output/ under the site root)
    #[arg(long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: BuildArgs) -> i32 {
    let opts = BuildOptions {
        output: args.output.unwrap_or_else(|| ctx.root.join("output")),
        pdf: !args.no_pdf,
    };
    match Site::build(&ctx.root, &opts) {
        Ok(r) if r.up_to_date => {
            ctx.info(format!("输出已是最新，未做任何改动（{} ms）", r.millis));
            0
        }
        Ok(r) => {
            for (step, ms) in &r.timings {
                ctx.detail(format!("  {step}：{ms} ms"));
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
                ctx.detail(format!(
                    "  typst 进程：{} 个，PDF 阶段 {} ms",
                    p.typst_runs, p.millis
                ));
                for (doc, ms) in &p.timings {
                    ctx.detail(format!("  {doc}：{ms} ms"));
                }
            }
            let failed = r.diagnostics.has_errors();
            if !r.diagnostics.is_empty() {
                ctx.report(r.diagnostics, Format::Human);
            }
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
