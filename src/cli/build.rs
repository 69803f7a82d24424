use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use super::{Ctx, Format};
use crate::Site;
use crate::diagnostics::{Code, Diagnostic};
use crate::publish::Staging;

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
    let started = Instant::now();
    let (site, diags) = Site::load(&ctx.root, None);
    let failed = diags.has_errors();
    ctx.report(diags, Format::Human);
    let Some(site) = site else { return 1 };
    if failed {
        eprintln!("记录有错误，未生成网站；上一次的 output/ 保持不变");
        return 1;
    }
    let target = args.output.unwrap_or_else(|| ctx.root.join("output"));
    let staging = match Staging::new(&target) {
        Ok(s) => s,
        Err(e) => {
            ctx.report(
                Diagnostic::general(Code::Output, format!("无法创建输出目录：{e}")).into(),
                Format::Human,
            );
            return 1;
        }
    };
    let pages = match crate::site::render(&site, &staging.dir) {
        Ok(n) => n,
        Err(e) => {
            staging.discard();
            ctx.report(
                Diagnostic::general(
                    Code::Output,
                    format!("写入网站失败：{e}；上一次的 output/ 保持不变"),
                )
                .into(),
                Format::Human,
            );
            return 1;
        }
    };
    if let Err(e) = staging.publish() {
        ctx.report(
            Diagnostic::general(Code::Output, format!("无法替换 output/：{e}")).into(),
            Format::Human,
        );
        return 1;
    }
    let _ = args.no_pdf;
    ctx.info(format!(
        "已生成 {pages} 个页面（{:.2} 秒）",
        started.elapsed().as_secs_f64()
    ));
    0
}
