//! 支部活动: `content/activities/<year>/<date>-<branch>-<slug>.md`.

use chrono::NaiveDate;

use super::attachment::{Attachment, read_attachments};
use crate::diagnostics::Code;
use crate::reader::{Fields, Located};

#[derive(Debug, Clone)]
pub struct Activity {
    pub file: String,
    /// File name without `.md`: unique within the year, used in URLs.
    pub slug: String,
    pub title: String,
    pub branch: Located<String>,
    pub kind: Located<String>,
    pub date: Located<NaiveDate>,
    pub time: Option<String>,
    /// Where `time` is written, for diagnostics about it.
    pub time_pos: Option<crate::diagnostics::Pos>,
    pub place: String,
    pub chair: String,
    pub recorder: String,
    pub expected: u32,
    /// Where `expected` is written: the check against the branch's member records points there.
    pub expected_pos: crate::diagnostics::Pos,
    pub present: u32,
    pub absentees: Vec<Absentee>,
    pub guests: Vec<String>,
    pub lecturer: Option<String>,
    pub subject: Option<String>,
    pub topics: Vec<String>,
    pub tags: Vec<String>,
    pub brand: Option<Located<String>>,
    pub attachments: Vec<Attachment>,
    /// Markdown.
    pub body: String,
    /// Line where the body starts in the file, for diagnostics about the body.
    pub body_line: u32,
}

#[derive(Debug, Clone)]
pub struct Absentee {
    pub name: String,
    /// Where the name is written (for the check against the branch's member records).
    pub name_pos: crate::diagnostics::Pos,
    pub reason: String,
}

impl Activity {
    /// 参与率 = 实到 / 应到; `None` for a meeting nobody was expected at.
    pub fn attendance(&self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.present) / f64::from(self.expected))
    }
}

/// Kinds that are lectures: they need a lecturer and a subject.
pub const LECTURE_KIND: &str = "党课";

pub(super) fn read(
    file: String,
    slug: String,
    f: &mut Fields<'_, '_>,
    body: String,
    body_line: u32,
) -> Option<Activity> {
    let title = f.req_str("title");
    let branch = f.req_str("branch");
    let kind = f.req_str("kind");
    let date = f.req_date("date");
    let time = f.opt_str("time");
    let place = f.req_str("place");
    let chair = f.req_str("chair");
    let recorder = f.req_str("recorder");
    let expected = f.req_heads("expected");
    let present = f.req_heads("present");
    let absentees: Vec<Absentee> = f
        .tables("absentees")
        .into_iter()
        .filter_map(|mut a| {
            let name = a.req_str("name");
            let reason = a.req_str("reason");
            a.finish();
            let name = name?;
            Some(Absentee {
                name_pos: name.pos,
                name: name.value,
                reason: reason?.value,
            })
        })
        .collect();
    let guests = crate::reader::values(f.str_list("guests"));
    let lecturer = f.opt_str("lecturer");
    let subject = f.opt_str("subject");
    let topics = crate::reader::values(f.str_list("topics"));
    let tags = crate::reader::values(f.str_list("tags"));
    let brand = f.opt_str("brand");
    let attachments = read_attachments(f);

    if let Some(t) = &time {
        // A time with `：` is reported, with its fix, by the keyboard-mistake scan.
        if !crate::reader::valid_time(&t.value) && !t.value.contains('：') {
            f.sink
                .report_at(
                    Code::InvalidValue,
                    t.pos,
                    format!("时间“{}”格式不对", t.value),
                )
                .hint("写作 \"14:30\" 或 \"14:30-16:00\"");
        }
    }
    if let (Some(e), Some(p)) = (&expected, &present) {
        if p.value > e.value {
            f.sink
                .report_at(
                    Code::PresentExceedsExpected,
                    p.pos,
                    format!("实到人数 {} 多于应到人数 {}", p.value, e.value),
                )
                .hint("列席人员写入 guests，不计入 present");
        } else if !absentees.is_empty() && absentees.len() as u32 != e.value - p.value {
            f.sink.report_at(
                Code::AbsenteeCount,
                p.pos,
                format!(
                    "缺席名单有 {} 人，但应到 {} − 实到 {} = {} 人",
                    absentees.len(),
                    e.value,
                    p.value,
                    e.value - p.value
                ),
            );
        }
    }
    if kind.as_ref().is_some_and(|k| k.value == LECTURE_KIND) {
        for (key, v) in [("lecturer", &lecturer), ("subject", &subject)] {
            if v.is_none() && f.pos_of(key).is_none() {
                f.sink
                    .report_at(Code::MissingField, f.at(), format!("党课缺少字段 `{key}`"))
                    .hint(if key == "lecturer" {
                        "添加 lecturer = \"授课人\""
                    } else {
                        "添加 subject = \"党课题目\""
                    });
            }
        }
    }
    Some(Activity {
        file,
        slug,
        title: title?.value,
        branch: branch?,
        kind: kind?,
        date: date?,
        time_pos: time.as_ref().map(|t| t.pos),
        time: time.map(|t| t.value),
        place: place?.value,
        chair: chair?.value,
        recorder: recorder?.value,
        expected_pos: expected.as_ref()?.pos,
        expected: expected?.value,
        present: present?.value,
        absentees,
        guests,
        lecturer: lecturer.map(|v| v.value),
        subject: subject.map(|v| v.value),
        topics,
        tags,
        brand,
        attachments,
        body,
        body_line,
    })
}
