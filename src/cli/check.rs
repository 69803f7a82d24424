use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;

use super::{Ctx, Format, parse_date};
use crate::Site;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Output format: human (compiler-style, on stderr) or json (one object per line, on stdout)
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Judge the rules at this date instead of today (YYYY-MM-DD), for reproducible runs
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Treat rule findings and other warnings as errors (for CI)
    #[arg(long)]
    pub strict: bool,
}

pub fn run(ctx: &Ctx, args: CheckArgs) -> i32 {
    let started = Instant::now();
    let (site, mut diags) = Site::load(&ctx.root, args.as_of);
    let strict = args.strict || site.as_ref().is_some_and(|s| s.config.rules.strict);
    if strict {
        diags.promote_warnings();
    }
    let failed = diags.has_errors();
    if let Some(site) = &site {
        ctx.detail(format!(
            "已读取 {} 个支部、{} 条活动、{} 个品牌、{} 份通知、{} 份清单（{:.0} ms）",
            site.corpus.branches.len(),
            site.corpus.activities.len(),
            site.corpus.brands.len(),
            site.corpus.notices.len(),
            site.corpus.checklists.len(),
            started.elapsed().as_secs_f64() * 1000.0
        ));
    }
    let clean = diags.is_empty();
    ctx.report(diags, args.format);
    if clean && args.format == Format::Human {
        ctx.info("检查通过：没有发现问题");
    }
    i32::from(failed)
}
