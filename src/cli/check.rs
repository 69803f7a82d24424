use std::time::Instant;

use chrono::NaiveDate;
use clap::Args;

use super::{Ctx, Format, parse_date};
use crate::Site;
use crate::metrics::{self, findings};

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// 输出格式：human 的报告写到标准错误，json 每行一个对象，写到标准输出
    #[arg(long, value_enum, default_value = "human", value_name = "格式")]
    pub format: Format,
    /// 按这一天判断制度要求（写作 2024-03-15），不写时为今天
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// 把警告和未落实的制度要求也当作错误（退出码为 1）
    #[arg(long)]
    pub strict: bool,
    /// 报告哪一年的制度要求（默认：判断日期所在的年份）
    #[arg(long, value_name = "年份")]
    pub year: Option<i32>,
    /// 自动修正中文输入法造成的机械性错误（中文引号、标点、日期写法、全角数字），显示改动，再报告其余问题
    #[arg(long)]
    pub fix: bool,
}

pub(super) fn run(ctx: &Ctx, args: CheckArgs) -> i32 {
    let fix_problems = if args.fix {
        fix(ctx, args.format)
    } else {
        Vec::new()
    };
    let started = Instant::now();
    let (site, mut diags) = Site::load(&ctx.root, args.as_of);
    diags.extend(fix_problems);
    let strict = args.strict || site.as_ref().is_some_and(|s| s.config.rules.strict);
    let mut table = None;
    // The rule findings of the year, shown in human output as the table rather than one
    // diagnostic each. Rule reminders of the records themselves (a 转正 due) are not in the
    // table and stay in `diags`.
    let mut table_diags = crate::diagnostics::Diagnostics::new();
    if let Some(site) = &site {
        let year = args
            .year
            .unwrap_or_else(|| metrics::current_year(site.as_of));
        if let Some(d) = crate::plausibility::year_before_records(&site.corpus, year) {
            // Every period of such a year would be reported as missed.
            diags.push(d);
        } else {
            let m = metrics::compute(&site.config, &site.corpus, year, site.as_of);
            let found = findings::findings(&site.config, &site.corpus, &m, &|name| name);
            table_diags.extend(findings::diagnostics(
                &site.config,
                &site.corpus,
                &m,
                &found,
            ));
            table = Some(findings::table(&site.corpus, &m, &found));
        }
    }
    if strict {
        diags.promote_warnings();
        table_diags.promote_warnings();
    }
    let failed = diags.has_errors() || table_diags.has_errors();
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
    let clean = diags.is_empty() && table_diags.is_empty();
    if args.format == Format::Human {
        let rule_count = table_diags.len();
        let mut shown = diags;
        shown.extend(table_diags.into_iter().filter(|d| d.is_error()));
        ctx.report(shown, args.format);
        if let Some(t) = table.filter(|_| !ctx.quiet || rule_count > 0 && strict) {
            eprint!("{}", crate::diagnostics::visible_lines(&t));
        }
    } else {
        let mut all = diags;
        all.extend(table_diags);
        ctx.report(all, args.format);
    }
    if clean && args.format == Format::Human {
        ctx.info("检查通过：没有发现问题");
    }
    i32::from(failed)
}

/// Applies the unambiguous keyboard-mistake fixes and prints each file's diff (on stdout, where
/// a user can redirect it to a patch; on stderr with `--format json`, whose stdout is the
/// diagnostics). The check that follows reports what remains.
fn fix(ctx: &Ctx, format: Format) -> Vec<crate::diagnostics::Diagnostic> {
    let (fixed, problems) = crate::fix::apply_all(&ctx.root, || {
        Site::load(&ctx.root, None).1.into_iter().collect()
    });
    for f in &fixed {
        if format == Format::Human {
            print!("{}", f.diff());
        } else {
            eprint!("{}", f.diff());
        }
        ctx.info(format!("已修正 {}（{} 处）", f.rel, f.edits));
    }
    if fixed.is_empty() {
        ctx.info("没有可以自动修正的问题");
    }
    problems
}
