//! The list of records of one kind, with the filters a secretary needs (year, branch).

use chrono::Datelike;

use super::html::form::url_component;
use super::html::{esc, pages};
use super::schema::RecordKind;
use super::values::FormValues;
use super::visitor::Visitor;
use crate::Site;
use crate::present::links;

/// Where a record is shown on the site (`/activities/2025/x.html`), if it is.
pub(super) fn site_url(site: &Site, kind: RecordKind, rel: &str) -> Option<String> {
    let c = &site.corpus;
    let path = match kind {
        RecordKind::Activity => links::activity(c.activities.iter().find(|a| a.file == rel)?),
        RecordKind::Branch => links::branch(&c.branches.iter().find(|b| b.file == rel)?.id),
        RecordKind::Brand => links::brand(&c.brands.iter().find(|b| b.file == rel)?.id),
        RecordKind::Notice => links::notice(c.notices.iter().find(|n| n.file == rel)?),
        RecordKind::AnnualData | RecordKind::Narrative => {
            let year: i32 = rel.rsplit('/').next()?.split('.').next()?.parse().ok()?;
            links::annual(year)
        }
        RecordKind::Checklist | RecordKind::Member => return None,
    };
    Some(format!("/{path}"))
}

fn new_button(kind: RecordKind, query: &str) -> String {
    format!(
        "<div class=\"actions\"><a class=\"button primary\" href=\"/_/new/{}{query}\">新增{}</a></div>",
        kind.id(),
        kind.label()
    )
}

pub(super) fn list_body(site: &Site, kind: RecordKind, q: &FormValues, v: &Visitor) -> String {
    let c = &site.corpus;
    let mut body = format!("<h1>{}</h1>", kind.label());
    match kind {
        RecordKind::Activity => {
            let years = c.years();
            let year: i32 = q
                .get("year")
                .parse()
                .ok()
                .or_else(|| years.last().copied())
                .unwrap_or_else(|| site.as_of.year());
            let branch = match q.get("branch") {
                "" => v.branch.clone().unwrap_or_default(),
                b => b.to_owned(),
            };
            body.push_str("<form class=\"filters\" method=\"get\"><div class=\"field\"><label for=\"f-year\">年份</label><select id=\"f-year\" name=\"year\">");
            for y in years.iter().rev() {
                let sel = if *y == year { " selected" } else { "" };
                body.push_str(&format!("<option{sel}>{y}</option>"));
            }
            body.push_str("</select></div><div class=\"field\"><label for=\"f-branch\">支部</label><select id=\"f-branch\" name=\"branch\"><option value=\"\">全部支部</option>");
            for b in &c.branches {
                let sel = if b.id == branch { " selected" } else { "" };
                body.push_str(&format!(
                    "<option value=\"{}\"{sel}>{}</option>",
                    esc(&b.id),
                    esc(b.display_name())
                ));
            }
            body.push_str("</select></div><button type=\"submit\">筛选</button></form>");
            let query = if branch.is_empty() {
                String::new()
            } else {
                format!("?branch={}", url_component(&branch))
            };
            body.push_str(&new_button(kind, &query));
            let mut list: Vec<_> = c
                .activities
                .iter()
                .filter(|a| a.date.value.year() == year)
                .filter(|a| branch.is_empty() || a.branch.value == branch)
                .collect();
            list.sort_by(|a, b| b.date.value.cmp(&a.date.value).then(a.file.cmp(&b.file)));
            let rows: Vec<(Vec<String>, String)> = list
                .iter()
                .map(|a| {
                    (
                        vec![
                            a.date.value.to_string(),
                            c.branch_display_name(&a.branch.value),
                            a.kind.value.clone(),
                            a.title.clone(),
                            format!("{}/{}", a.present, a.expected),
                        ],
                        a.file.clone(),
                    )
                })
                .collect();
            body.push_str(&pages::record_table(
                "支部活动",
                &["日期", "支部", "类型", "主题", "实到/应到"],
                &rows,
            ));
        }
        RecordKind::Branch => {
            if v.is_admin() {
                body.push_str(&new_button(kind, ""));
            }
            let rows: Vec<(Vec<String>, String)> = c
                .branches
                .iter()
                .map(|b| {
                    (
                        vec![
                            b.name.clone(),
                            b.category.clone(),
                            b.secretary.name.clone(),
                            b.term.start.to_string(),
                        ],
                        b.file.clone(),
                    )
                })
                .collect();
            body.push_str(&pages::record_table(
                "支部",
                &["支部", "类别", "书记", "本届任期开始"],
                &rows,
            ));
        }
        RecordKind::Brand => {
            body.push_str(&new_button(kind, ""));
            let rows: Vec<(Vec<String>, String)> = c
                .brands
                .iter()
                .map(|b| {
                    (
                        vec![
                            b.name.clone(),
                            c.branch_display_name(&b.branch.value),
                            b.slogan.clone(),
                        ],
                        b.file.clone(),
                    )
                })
                .collect();
            body.push_str(&pages::record_table(
                "品牌项目",
                &["品牌", "支部", "口号"],
                &rows,
            ));
        }
        RecordKind::Notice => {
            if v.is_admin() {
                body.push_str(&super::series::new_buttons(site));
            }
            let mut list: Vec<_> = c.notices.iter().collect();
            list.sort_by_key(|n| std::cmp::Reverse((n.year, n.number.value)));
            let rows: Vec<(Vec<String>, String)> = list
                .iter()
                .map(|n| {
                    (
                        vec![
                            site.config.doc_number(n),
                            n.title.clone(),
                            n.date.value.to_string(),
                        ],
                        n.file.clone(),
                    )
                })
                .collect();
            body.push_str(&pages::record_table(
                "通知",
                &["文号", "标题", "成文日期"],
                &rows,
            ));
        }
        RecordKind::AnnualData | RecordKind::Narrative => {
            if v.is_admin() {
                body.push_str("<div class=\"actions\"><a class=\"button primary\" href=\"/_/new/annual\">新增年度数据</a><a class=\"button\" href=\"/_/new/narrative\">新增年度总结</a></div>");
            }
            let mut rows: Vec<(Vec<String>, String)> = Vec::new();
            for a in c.annual.iter().rev() {
                rows.push((
                    vec![format!("{} 年", a.year), "年度数据与目标".to_owned()],
                    a.file.clone(),
                ));
            }
            for n in c.narratives.iter().rev() {
                rows.push((
                    vec![format!("{} 年", n.year), "年度工作总结".to_owned()],
                    n.file.clone(),
                ));
            }
            rows.sort_by(|a, b| b.0.cmp(&a.0));
            body.push_str(&pages::record_table("年度", &["年份", "内容"], &rows));
        }
        RecordKind::Checklist => {
            let rows: Vec<(Vec<String>, String)> = c
                .checklists
                .iter()
                .map(|k| (vec![k.title.clone(), k.id.clone()], k.file.clone()))
                .collect();
            body.push_str(
                "<p>清单的结构（类别、条目、分值）在文件中设计；这里逐年填写得分和佐证。</p>",
            );
            body.push_str(&pages::record_table("考核清单", &["清单", "标识"], &rows));
        }
        RecordKind::Member => {
            if v.is_admin() {
                body.push_str(&new_button(kind, ""));
            }
            // A 支部 account sees its own branch's members only (see `views::edit_form`).
            let branch = match (&v.branch, q.get("branch")) {
                (Some(own), _) => own.clone(),
                (None, b) => b.to_owned(),
            };
            let rows: Vec<(Vec<String>, String)> = c
                .members
                .iter()
                .filter(|m| branch.is_empty() || m.branch.value == branch)
                .map(|m| {
                    (
                        vec![m.name.value.clone(), c.branch_display_name(&m.branch.value)],
                        m.file.clone(),
                    )
                })
                .collect();
            body.push_str(&pages::record_table(
                "党员",
                &["姓名", "支部（第一条记录时）"],
                &rows,
            ));
        }
    }
    body
}
