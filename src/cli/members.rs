//! `dangjian members`: the 发展党员 pipeline and the branch rosters in the terminal. This is
//! where names are shown by default: the website and its search index carry them only when
//! `site.publish_roster = true`.

use chrono::NaiveDate;
use clap::Args;

use super::text_table::{self, Align};
use super::{Ctx, Format as DiagFormat, parse_date};
use crate::Site;
use crate::metrics::member_views::{self, PipelineRow, RosterRow};

#[derive(Args, Debug)]
pub(crate) struct MembersArgs {
    /// 显示党员名册（按支部），而不是发展党员流程
    #[arg(long)]
    pub roster: bool,
    /// 只显示这个支部（支部编号）
    #[arg(long, value_name = "支部")]
    pub branch: Option<String>,
    /// 输出 JSON，而不是表格
    #[arg(long)]
    pub json: bool,
    /// 按这一天显示（写作 2024-03-15；默认：站点的判断日期或今天）
    #[arg(long, value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

pub(super) fn run(ctx: &Ctx, args: MembersArgs) -> i32 {
    let (site, diags) = Site::load(&ctx.root, args.as_of);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        ctx.report(diags, DiagFormat::Human);
        eprintln!("记录有错误，无法列出党员；先修正上面的问题");
        return 1;
    };
    if let Some(id) = &args.branch
        && site.corpus.branch(id).is_none()
    {
        let hint =
            crate::suggest::did_you_mean(id, site.corpus.branches.iter().map(|b| b.id.as_str()))
                .map(|s| format!("；是否应为 `{s}`？"))
                .unwrap_or_default();
        eprintln!("错误：未知的支部 `{id}`{hint}");
        return 1;
    }
    if site.corpus.members.is_empty() {
        eprintln!(
            "没有党员记录：在 content/members/ 中为每人建立一个 .toml 文件（见 docs/content-reference.md）"
        );
        return 0;
    }
    let rules = &site.config.rules;
    let as_of = site.as_of;
    let out = if args.roster {
        let rows = member_views::roster(&site.corpus, rules, args.branch.as_deref(), as_of);
        if args.json {
            serde_json::to_string_pretty(&rows).map(|s| s + "\n")
        } else {
            Ok(roster_table(&site, &rows, as_of))
        }
    } else {
        let mut rows = member_views::pipeline(&site.corpus, rules, as_of);
        if let Some(id) = &args.branch {
            let name = site.corpus.branch_display_name(id);
            rows.retain(|r| r.branch == name);
        }
        if args.json {
            serde_json::to_string_pretty(&rows).map(|s| s + "\n")
        } else {
            Ok(pipeline_table(&rows, as_of))
        }
    };
    match out {
        Ok(s) => {
            // Record text reaches the terminal: control and bidi characters are shown escaped.
            let shown = if args.json {
                s
            } else {
                crate::diagnostics::visible_lines(&s)
            };
            super::stdout::print(&shown);
            0
        }
        Err(e) => {
            eprintln!("错误：{e}");
            1
        }
    }
}

fn due_text(r: &PipelineRow) -> String {
    match (r.due, r.days_left) {
        (Some(d), Some(n)) if r.next == "列为发展对象" => {
            if n <= 0 {
                format!("{d} 起（已满培养期）")
            } else {
                format!("{d} 起")
            }
        }
        (Some(d), Some(n)) if n < 0 => format!("{d}（已逾期 {} 天）", -n),
        (Some(d), Some(n)) => format!("{d}（还有 {n} 天）"),
        _ => "—".to_owned(),
    }
}

fn pipeline_table(rows: &[PipelineRow], as_of: NaiveDate) -> String {
    let mut out = format!(
        "发展党员台账（截至 {}），共 {} 人\n",
        crate::format::cn_date(as_of),
        rows.len()
    );
    let mut stages: Vec<_> = rows.iter().map(|r| r.stage).collect();
    stages.dedup();
    for stage in stages {
        let of: Vec<&PipelineRow> = rows.iter().filter(|r| r.stage == stage).collect();
        out.push_str(&format!("\n{}（{} 人）\n", stage.label(), of.len()));
        let cells: Vec<Vec<String>> = of
            .iter()
            .map(|r| {
                vec![
                    r.branch.clone(),
                    r.name.clone(),
                    r.since.map_or("—".into(), |d| d.to_string()),
                    r.next.to_owned(),
                    due_text(r),
                ]
            })
            .collect();
        out.push_str(&text_table::render(
            &["支部", "姓名", "起始", "下一步", "时间"],
            &cells,
            |_| Align::Left,
        ));
    }
    out
}

fn roster_table(site: &Site, rows: &[RosterRow], as_of: NaiveDate) -> String {
    let mut out = format!(
        "党员名册（截至 {}），共 {} 名\n",
        crate::format::cn_date(as_of),
        rows.len()
    );
    let mut branches: Vec<&str> = rows.iter().map(|r| r.branch.as_str()).collect();
    branches.dedup();
    for b in branches {
        let of: Vec<&RosterRow> = rows.iter().filter(|r| r.branch == b).collect();
        let prob = of
            .iter()
            .filter(|r| r.stage == crate::content::member::Stage::Probationary)
            .count();
        out.push_str(&format!(
            "\n{}（{} 名，其中预备党员 {} 名）\n",
            site.corpus.branch_display_name(b),
            of.len(),
            prob
        ));
        let cells: Vec<Vec<String>> = of
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.stage.label().to_owned(),
                    r.admitted.map_or("—".into(), |d| d.to_string()),
                    if r.gaozhi { "是" } else { "" }.to_owned(),
                ]
            })
            .collect();
        out.push_str(&text_table::render(
            &["姓名", "身份", "入党日期", "高知"],
            &cells,
            |_| Align::Left,
        ));
    }
    out
}
