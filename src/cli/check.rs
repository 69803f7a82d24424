use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;

use super::{Ctx, Format, parse_date};
use crate::Site;
use crate::diagnostics::Code;
use crate::metrics;
use crate::rules::report;

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
    /// The year whose rules are reported (default: the year of the as-of date)
    #[arg(long)]
    pub year: Option<i32>,
}

pub fn run(ctx: &Ctx, args: CheckArgs) -> i32 {
    let started = Instant::now();
    let (site, mut diags) = Site::load(&ctx.root, args.as_of);
    let strict = args.strict || site.as_ref().is_some_and(|s| s.config.rules.strict);
    let mut table = None;
    if let Some(site) = &site {
        let year = args
            .year
            .unwrap_or_else(|| metrics::current_year(site.as_of));
        let m = metrics::compute(&site.config, &site.corpus, year, site.as_of);
        let findings = report::findings(site, &m);
        diags.extend(report::diagnostics(site, &m, &findings));
        table = Some(report::table(site, &m, &findings));
    }
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
    if args.format == Format::Human {
        // The rule findings are shown as the table rather than one diagnostic each.
        let mut shown = crate::diagnostics::Diagnostics::new();
        let rule_count = diags.iter().filter(|d| d.code == Code::Rule).count();
        shown.extend(
            diags
                .into_iter()
                .filter(|d| d.code != Code::Rule || d.is_error()),
        );
        ctx.report(shown, args.format);
        if let Some(t) = table.filter(|_| !ctx.quiet || rule_count > 0 && strict) {
            eprint!("{}", crate::diagnostics::visible_lines(&t));
        }
    } else {
        ctx.report(diags, args.format);
    }
    if clean && args.format == Format::Human {
        ctx.info("检查通过：没有发现问题");
    }
    i32::from(failed)
}
