//! Rows of an activity ledger (活动台账) read into activity records: one row, one activity.

use chrono::NaiveDate;

use super::columns::{Columns, Field};
use super::sheets::{Cell, Table};
use super::{Place, dates, split_list, whole_number};
use crate::Site;
use crate::diagnostics::Diagnostics;
use crate::suggest::did_you_mean;

/// The ledger's columns. 会议时间/活动时间 hold the date in most ledgers, so they name the
/// date first; beside a 日期 column they are the time (`--map` says otherwise).
pub(crate) const FIELDS: &[Field] = &[
    field(
        "date",
        "日期",
        &["日期", "活动日期", "会议日期", "会议时间", "活动时间"],
        true,
    ),
    field(
        "branch",
        "支部",
        &["支部", "党支部", "支部名称", "所在支部", "党支部名称"],
        true,
    ),
    field(
        "kind",
        "类型",
        &["类型", "活动类型", "会议类型", "活动形式", "会议形式"],
        true,
    ),
    field(
        "title",
        "主题",
        &[
            "主题",
            "活动主题",
            "会议主题",
            "活动名称",
            "会议名称",
            "标题",
        ],
        true,
    ),
    field(
        "time",
        "时间",
        &["时间", "起止时间", "开始时间", "会议时间", "活动时间"],
        false,
    ),
    field("place", "地点", &["地点", "会议地点", "活动地点"], false),
    field("chair", "主持人", &["主持人", "主持"], false),
    field("recorder", "记录人", &["记录人", "记录"], false),
    field(
        "expected",
        "应到",
        &["应到", "应到人数", "应参加人数", "应到会人数"],
        false,
    ),
    field(
        "present",
        "实到",
        &["实到", "实到人数", "实际参加人数", "参加人数", "实到会人数"],
        false,
    ),
    field(
        "absentees",
        "缺席人员及原因",
        &[
            "缺席人员及原因",
            "缺席人员",
            "缺席",
            "请假人员",
            "缺席人员及事由",
        ],
        false,
    ),
    field("guests", "列席", &["列席", "列席人员"], false),
    field("lecturer", "授课人", &["授课人", "主讲人", "讲课人"], false),
    field(
        "subject",
        "党课题目",
        &["党课题目", "授课题目", "党课主题"],
        false,
    ),
    field("topics", "议题", &["议题", "会议议题", "主要议题"], false),
    field(
        "note",
        "备注",
        &["备注", "会议内容", "主要内容", "内容摘要"],
        false,
    ),
];

const fn field(
    key: &'static str,
    name: &'static str,
    headers: &'static [&'static str],
    required: bool,
) -> Field {
    Field {
        key,
        name,
        headers,
        required,
    }
}

/// Names offices use for the built-in kinds, taken only when that kind is configured.
const KIND_ALIASES: &[(&str, &str)] = &[
    ("党员大会", "支部党员大会"),
    ("支部大会", "支部党员大会"),
    ("支委会", "支部委员会"),
    ("支部委员会会议", "支部委员会"),
    ("党小组会议", "党小组会"),
    ("小组会", "党小组会"),
    ("讲党课", "党课"),
    ("专题党课", "党课"),
    ("主题党日活动", "主题党日"),
    ("组织生活会议", "组织生活会"),
    ("民主评议", "民主评议党员"),
];

/// One row read: everything `new activity` needs, already checked against the site.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActivityRow {
    pub row: u32,
    pub date: NaiveDate,
    pub branch: String,
    pub kind: String,
    pub title: String,
    pub time: Option<String>,
    pub place: Option<String>,
    pub chair: Option<String>,
    pub recorder: Option<String>,
    pub expected: Option<u32>,
    pub present: Option<u32>,
    pub absentees: Vec<(String, String)>,
    pub guests: Vec<String>,
    pub lecturer: Option<String>,
    pub subject: Option<String>,
    pub topics: Vec<String>,
    pub note: Option<String>,
}

/// Every data row below the header: the rows that read, and a diagnostic for each cell that
/// does not. A row with a bad cell is left out whole, so that no half-read record is written.
pub(crate) fn read(
    site: &Site,
    table: &Table,
    cols: &Columns,
    place: &Place,
) -> (Vec<ActivityRow>, Diagnostics) {
    super::read_rows(table, cols, place, |number, cells, bad| {
        let text = |key: &str| cols.get(key, cells).map(Cell::text);
        let required = |key: &str, name: &str, bad: &mut dyn FnMut(&str, String)| {
            let t = text(key);
            if t.is_none() {
                bad(key, format!("“{name}”为空"));
            }
            t
        };
        let date = match cols.get("date", cells) {
            None => {
                bad("date", "“日期”为空".to_owned());
                None
            }
            Some(c) => dates::date(c).map_err(|e| bad("date", e)).ok(),
        };
        let branch = required("branch", "支部", bad)
            .and_then(|b| branch_id(site, &b).map_err(|e| bad("branch", e)).ok());
        let kind = required("kind", "类型", bad)
            .and_then(|k| kind_name(site, &k).map_err(|e| bad("kind", e)).ok());
        let title = required("title", "主题", bad);
        let mut count = |key: &str, name: &str| {
            cols.get(key, cells)
                .map(|c| whole_number(c).map_err(|e| bad(key, format!("“{name}”{e}"))))
                .transpose()
                .ok()
                .flatten()
        };
        let expected = count("expected", "应到");
        let present = count("present", "实到");
        let time = cols.get("time", cells).map(time_text);
        let absentees = match text("absentees") {
            None => Vec::new(),
            Some(t) => absentees(&t).unwrap_or_else(|e| {
                bad("absentees", e);
                Vec::new()
            }),
        };
        if let (Some(e), Some(p)) = (expected, present)
            && p > e
        {
            bad("present", format!("实到 {p} 人多于应到 {e} 人"));
        }
        let (Some(date), Some(branch), Some(kind), Some(title)) = (date, branch, kind, title)
        else {
            return None;
        };
        Some(ActivityRow {
            row: number,
            date,
            branch,
            kind,
            title,
            time,
            place: text("place"),
            chair: text("chair"),
            recorder: text("recorder"),
            expected,
            present,
            absentees,
            guests: text("guests")
                .map(|t| split_list(&t, true))
                .unwrap_or_default(),
            lecturer: text("lecturer"),
            subject: text("subject"),
            topics: text("topics")
                .map(|t| split_list(&t, false))
                .unwrap_or_default(),
            note: text("note"),
        })
    })
}

/// The branch's id from its id, full name or short name.
pub(crate) fn branch_id(site: &Site, given: &str) -> Result<String, String> {
    let branches = &site.corpus.branches;
    let found: Vec<_> = branches
        .iter()
        .filter(|b| b.id == given || b.name == given || b.short_name.as_deref() == Some(given))
        .collect();
    match found.as_slice() {
        [b] => Ok(b.id.clone()),
        [] => {
            let names = branches.iter().flat_map(|b| {
                [b.id.as_str(), b.name.as_str()]
                    .into_iter()
                    .chain(b.short_name.as_deref())
            });
            Err(match did_you_mean(given, names) {
                Some(s) => format!("未知的支部“{given}”；是否应为“{s}”？"),
                None => format!(
                    "未知的支部“{given}”；可写支部标识、全称或简称，现有支部：{}",
                    branches
                        .iter()
                        .map(|b| b.name.as_str())
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            })
        }
        several => Err(format!(
            "“{given}”是多个支部的名称：{}；请写支部标识",
            several
                .iter()
                .map(|b| b.id.as_str())
                .collect::<Vec<_>>()
                .join("、")
        )),
    }
}

/// The configured kind a cell names: by name, by its slug, or by a common other name.
fn kind_name(site: &Site, given: &str) -> Result<String, String> {
    let kinds = &site.config.kinds;
    if kinds.contains(given) {
        return Ok(given.to_owned());
    }
    if let Some((name, _)) = kinds.iter().find(|(_, slug)| *slug == given) {
        return Ok(name.to_owned());
    }
    if let Some((_, name)) = KIND_ALIASES
        .iter()
        .find(|(alias, name)| *alias == given && kinds.contains(name))
    {
        return Ok((*name).to_owned());
    }
    let hint = did_you_mean(given, kinds.names())
        .map(|s| format!("是否应为“{s}”？"))
        .unwrap_or_default();
    Err(format!(
        "活动类型“{given}”不在配置的类型列表中；{hint}可选：{}",
        kinds.names().collect::<Vec<_>>().join("、")
    ))
}

/// A time cell as a record writes it: text as typed (14:30, 14:30-16:00), an Excel time of
/// day (a fraction of a day) as HH:MM.
fn time_text(cell: &Cell) -> String {
    match cell {
        Cell::Number(f) | Cell::Date(f) if f.fract() != 0.0 || *f == 0.0 => {
            let minutes = (f.fract() * 24.0 * 60.0).round() as u32;
            format!("{:02}:{:02}", minutes / 60 % 24, minutes % 60)
        }
        c => c
            .text()
            .replace('：', ":")
            .replace(['～', '~', '—', '至'], "-"),
    }
}

/// `王珂:外出进修；李明（病假）` → the names and reasons. 无 or — means nobody was absent.
fn absentees(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for item in split_list(text, true) {
        if matches!(item.as_str(), "无" | "—" | "-" | "／" | "/") {
            continue;
        }
        let pair = item
            .split_once([':', '：'])
            .map(|(n, r)| (n.to_owned(), r.to_owned()))
            .or_else(|| {
                let open = item.find(['（', '('])?;
                let name = &item[..open];
                let rest = &item[open..];
                let reason = rest
                    .trim_start_matches(['（', '('])
                    .trim_end_matches(['）', ')']);
                Some((name.to_owned(), reason.to_owned()))
            });
        match pair {
            Some((n, r)) if !n.trim().is_empty() && !r.trim().is_empty() => {
                out.push((n.trim().to_owned(), r.trim().to_owned()));
            }
            _ => {
                return Err(format!(
                    "缺席人员“{item}”没有写原因；应写作 姓名:原因 或 姓名（原因），多人用“；”分开"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absentees_with_either_form_and_separator() {
        assert_eq!(
            absentees("王珂:外出进修；李明（病假）、赵四(事假)").expect("reads"),
            vec![
                ("王珂".to_owned(), "外出进修".to_owned()),
                ("李明".to_owned(), "病假".to_owned()),
                ("赵四".to_owned(), "事假".to_owned()),
            ]
        );
        assert_eq!(absentees("无"), Ok(vec![]));
        assert!(absentees("王珂").is_err());
    }

    #[test]
    fn times_of_day_and_typed_ranges() {
        assert_eq!(time_text(&Cell::Number(0.604_166_666_7)), "14:30");
        assert_eq!(
            time_text(&Cell::Text("14：30～16：00".to_owned())),
            "14:30-16:00"
        );
    }
}
