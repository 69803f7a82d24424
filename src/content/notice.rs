//! 通知 / 红头文件: `content/notices/<year>/<n>.md`, or `content/notices/<series>/<year>/<n>.md`
//! for a series with its own 代字 and sequence (`[notices.series.<id>]` in site.toml).

use chrono::NaiveDate;

use crate::diagnostics::Code;
use crate::markup::numbering::Numbering;
use crate::reader::values;
use crate::reader::{Fields, Located};

mod issued;

pub const FORMATS: &[&str] = &["文件", "信函"];
/// 密级 (GB/T 9704 7.2.2).
pub const SECRECY: &[&str] = &["绝密", "机密", "秘密"];
/// 紧急程度 of a document (7.2.3; 特提 and 平急 are for telegrams).
pub const URGENCY: &[&str] = &["特急", "加急"];
/// 份号 are six digits (7.2.1).
pub const MAX_COPY_NUMBER: u32 = 999_999;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeFormat {
    /// 文件格式: organ mark + 文件, red line with ★.
    File,
    /// 信函格式 (GB/T 9704 10.1).
    Letter,
}

#[derive(Debug, Clone)]
pub struct Notice {
    pub file: String,
    /// The series folder (`han`); `None` for the main series, numbered with `doc_prefix`.
    pub series: Option<String>,
    /// The year of the folder; the document number is `<prefix>〔year〕number号`.
    pub year: i32,
    pub number: Located<u32>,
    pub format: NoticeFormat,
    pub title: String,
    pub date: Located<NaiveDate>,
    pub recipients: Option<Vec<String>>,
    pub issuer: Option<String>,
    pub seal: Option<Located<bool>>,
    pub upward: bool,
    pub signer: Option<String>,
    pub note: Option<String>,
    pub cc: Option<Vec<String>>,
    pub print_office: Option<String>,
    pub print_date: Option<NaiveDate>,
    /// 份号: which copy this is (printed as six digits).
    pub copy_number: Option<u32>,
    /// 密级 and 保密期限 (`秘密`, `1年`).
    pub secrecy: Option<(String, Option<String>)>,
    /// 紧急程度.
    pub urgency: Option<String>,
    /// `signature = false`: no 署名 and 成文日期 (a list or a plan issued with the 版记 alone).
    pub signed: bool,
    /// `numbering = "continuous"`: the body's items (1. 2. …) count on across sections.
    pub numbering: Numbering,
    pub attachments: Vec<NoticeAttachment>,
    /// `[issues]`: the document a 印发/转发 notice issues, printed after its signature.
    pub issues: Option<Issued>,
    pub body: String,
    pub body_line: u32,
}

#[derive(Debug, Clone)]
pub struct NoticeAttachment {
    pub title: String,
    pub content: AttachmentContent,
}

#[derive(Debug, Clone)]
pub enum AttachmentContent {
    /// A Markdown file relative to `content/`.
    File(Located<String>),
    /// A checklist rendered as a table.
    Checklist(Located<String>),
    /// The annual work summary of a year.
    Annual(Located<i32>),
}

/// The document that a 印发 or 转发 notice issues: printed after the notice's signature and
/// date on a new page under its own title, with no 附件 label (印发、转发的文件不作为附件).
#[derive(Debug, Clone)]
pub struct Issued {
    /// Printed as the document's title; for the annual summary, its own title when absent.
    pub title: Option<String>,
    pub content: IssuedContent,
}

#[derive(Debug, Clone)]
pub enum IssuedContent {
    /// A Markdown file relative to `content/`.
    File(Located<String>),
    /// The annual work summary of a year.
    Annual(Located<i32>),
}

impl Notice {
    /// 绍市中医党〔2023〕10号: full year in 六角括号, no leading zeros.
    pub fn doc_number(&self, prefix: &str) -> String {
        format!("{prefix}〔{}〕{}号", self.year, self.number.value)
    }
}

pub(super) fn read(
    series: Option<String>,
    year: i32,
    file: String,
    f: &mut Fields<'_, '_>,
    body: String,
    body_line: u32,
) -> Option<Notice> {
    let number = f.req_count("number");
    let format = f.req_choice("format", FORMATS);
    let title = f.req_title("title");
    let date = f.req_date("date");
    let recipients = f
        .pos_of("recipients")
        .map(|_| values(f.str_list("recipients")));
    let issuer = f.opt_str("issuer").map(|v| v.value);
    let seal = f.opt_bool("seal");
    let upward = f.opt_bool("upward").is_some_and(|v| v.value);
    let signer = f.opt_str("signer").map(|v| v.value);
    let note = f.opt_str("note").map(|v| v.value);
    let cc = f.pos_of("cc").map(|_| values(f.str_list("cc")));
    let print_office = f.opt_str("print_office").map(|v| v.value);
    let print_date = f.opt_date("print_date").map(|v| v.value);
    let copy_number = f.opt_count("copy_number");
    let secrecy = f.opt_choice("secrecy", SECRECY);
    let secrecy_period = f.opt_str("secrecy_period");
    let urgency = f.opt_choice("urgency", URGENCY).map(|v| v.value);
    let signature = f.opt_bool("signature");
    let numbering = super::numbering::read(f);
    if let (Some(s), Some(seal)) = (&signature, &seal)
        && !s.value
        && seal.value
    {
        f.sink
            .report_at(
                Code::InvalidValue,
                seal.pos,
                "不署名的文件（signature = false）不能加盖印章",
            )
            .hint("删去 seal = true，或删去 signature = false");
    }
    if let Some(c) = &copy_number
        && (c.value == 0 || c.value > MAX_COPY_NUMBER)
    {
        f.sink
            .report_at(
                Code::InvalidValue,
                c.pos,
                format!(
                    "份号 copy_number = {} 应在 1 到 999999 之间（印为六位数）",
                    c.value
                ),
            )
            .hint("如 copy_number = 12，印为 000012");
    }
    if let (Some(p), true) = (&secrecy_period, f.pos_of("secrecy").is_none()) {
        f.sink
            .report_at(
                Code::MissingField,
                p.pos,
                "有保密期限 `secrecy_period` 而没有密级 `secrecy`",
            )
            .hint("添加 secrecy = \"秘密\"（绝密、机密或秘密），或删去 secrecy_period");
    }
    let attachments: Vec<NoticeAttachment> = f
        .tables("attachments")
        .into_iter()
        .filter_map(|mut a| {
            let title = a.req_title("title");
            let file = a.opt_str("file");
            let checklist = a.opt_str("checklist");
            let annual = a.opt_count("annual");
            let at = a.at();
            a.finish();
            let content = match (file, checklist, annual) {
                (Some(p), None, None) => AttachmentContent::File(p),
                (None, Some(c), None) => AttachmentContent::Checklist(c),
                (None, None, Some(y)) => AttachmentContent::Annual(annual_year(&a, y)?),
                _ => {
                    a_err(f, at);
                    return None;
                }
            };
            Some(NoticeAttachment {
                title: title?.value,
                content,
            })
        })
        .collect();
    let issues = issued::read(f, &attachments);
    if upward && signer.is_none() && f.pos_of("signer").is_none() {
        f.sink
            .report_at(
                Code::MissingField,
                f.at(),
                "上行文（upward = true）缺少签发人 `signer`",
            )
            .hint("添加 signer = \"签发人姓名\"");
    }
    if let (Some(n), true) = (&number, file_number(&file).is_some())
        && file_number(&file) != Some(n.value)
    {
        f.sink
            .report_at(
                Code::BadFileName,
                n.pos,
                format!("文号 number = {} 与文件名不一致", n.value),
            )
            .hint(format!("把文件改名为 {}.md，或改正 number", n.value));
    }
    Some(Notice {
        file,
        series,
        year,
        number: number?,
        format: if format?.value == "信函" {
            NoticeFormat::Letter
        } else {
            NoticeFormat::File
        },
        title: title?.value,
        date: date?,
        recipients,
        issuer,
        seal,
        upward,
        signer,
        note,
        cc,
        print_office,
        print_date,
        copy_number: copy_number
            .map(|c| c.value)
            .filter(|c| (1..=MAX_COPY_NUMBER).contains(c)),
        secrecy: secrecy.map(|s| (s.value, secrecy_period.map(|p| p.value))),
        urgency,
        signed: signature.is_none_or(|s| s.value),
        numbering,
        attachments,
        issues,
        body,
        body_line,
    })
}

/// A year an `annual = ` key may name.
fn annual_year(f: &Fields<'_, '_>, y: Located<u32>) -> Option<Located<i32>> {
    match i32::try_from(y.value)
        .ok()
        .filter(|y| (1921..=2200).contains(y))
    {
        Some(year) => Some(Located::new(year, y.pos)),
        None => {
            f.sink.report_at(
                Code::InvalidValue,
                y.pos,
                format!("`annual = {}` 不是有效的年份", y.value),
            );
            None
        }
    }
}

fn file_number(file: &str) -> Option<u32> {
    let name = file.rsplit('/').next()?.strip_suffix(".md")?;
    if name.starts_with('0') {
        return None;
    }
    name.parse().ok()
}

fn a_err(f: &Fields<'_, '_>, at: crate::diagnostics::Pos) {
    f.sink
        .report_at(
            Code::InvalidValue,
            at,
            "附件须且只能指定 `file`、`checklist`、`annual` 之一",
        )
        .hint("如 file = \"attachments/fujian.md\" 或 checklist = \"sanqiang-sanyou\"");
}

/// The highest sequence number in use in `year` of a series (`None` = the main series),
/// whether its record parsed or not (its file name is its number), so that a broken notice
/// never has its number given out again; 0 for a year without notices. The next free number
/// is one more.
pub fn highest_number(root: &std::path::Path, series: Option<&str>, year: i32) -> u32 {
    std::fs::read_dir(root.join(folder(series, year)))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    e.file_name()
                        .to_str()?
                        .strip_suffix(".md")?
                        .parse::<u32>()
                        .ok()
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
}

/// Where the notices of a series and year live, relative to the site root.
pub fn folder(series: Option<&str>, year: i32) -> String {
    match series {
        None => format!("content/notices/{year}"),
        Some(id) => format!("content/notices/{id}/{year}"),
    }
}
