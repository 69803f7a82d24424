//! The branch record book (党支部工作记录本) of one branch and year: a cover (branch, year, secretary, 组织委员), contents, the year's compliance
//! summary, then every activity of the year in date order, each on a page of its own with the
//! facts a record book keeps (type, date and time, place, chair, recorder, expected and
//! present, absentees and reasons, lecturer and subject for 党课, topics, content and
//! resolutions, attachments) and signature lines for the chair and the recorder.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use super::markup::BodyWriter;
use super::privacy::member_name;
use super::{Context, links, rows};
use crate::content::attachment::check_path;
use crate::content::{Activity, Branch};
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::format::cn_date;
use crate::loaded::Site;
use crate::metrics::{BranchMetrics, Metrics, Status};

#[derive(Serialize)]
pub(crate) struct BookView<'a, B> {
    organisation: &'a str,
    branch: &'a str,
    short_name: &'a str,
    department: &'a str,
    year: i32,
    secretary: &'a str,
    /// 组织委员, who keeps the book ("—" when the branch has none).
    organiser: String,
    committee: Vec<(String, String)>,
    members: String,
    term: String,
    /// The dates of the first and the last activity.
    span: String,
    summary: SummaryData,
    activities: Vec<ActivityData<'a, B>>,
}

#[derive(Serialize)]
struct SummaryData {
    activities: u32,
    meetings: u32,
    attendance: String,
    by_kind: Vec<(String, u32)>,
    rules: Vec<RuleRow>,
    /// Periods judged: met and missed, over all rules.
    met: usize,
    missed: usize,
    due: usize,
    low_attendance: Vec<String>,
    absence_streaks: Vec<String>,
    term: String,
    secretary_lectures: String,
}

#[derive(Serialize)]
struct RuleRow {
    kind: String,
    rule: String,
    /// One per period; a period spans 12 / (number of periods) month columns.
    cells: Vec<CellData>,
    met: usize,
    missed: usize,
}

#[derive(Serialize)]
struct CellData {
    label: String,
    count: u32,
    /// met, missed, due, future, na.
    status: &'static str,
}

#[derive(Serialize)]
struct ActivityData<'a, B> {
    /// 1-based position in the book: the label of its page.
    no: usize,
    kind: &'a str,
    title: &'a str,
    date: String,
    weekday: &'static str,
    time: Option<String>,
    place: &'a str,
    chair: &'a str,
    recorder: &'a str,
    expected: u32,
    present: u32,
    rate: String,
    absentees: Vec<(&'a str, &'a str)>,
    guests: &'a [String],
    lecturer: Option<&'a str>,
    subject: Option<&'a str>,
    topics: &'a [String],
    tags: &'a [String],
    brand: Option<String>,
    body: B,
    attachments: Vec<AttachmentData>,
}

#[derive(Serialize)]
struct AttachmentData {
    kind: String,
    caption: String,
    file: String,
    /// The printed copy of a photo or scanned sheet (JPEG or PNG) in the document's folder,
    /// named by [`printed_image`]; other files (PDF, office documents) are listed by name only.
    image: Option<String>,
}

/// The file types the record book prints as pictures.
const PRINTED: &[&str] = &["jpg", "jpeg", "png"];

/// The name under which attachment `k` (0-based) of activity `no` is copied into the
/// document's folder, if it is a picture the book prints: a name dangjian makes, so that no
/// text of a record becomes a path that typst reads.
fn printed_image(no: usize, k: usize, path: &str) -> Option<String> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    PRINTED
        .contains(&ext.as_str())
        .then(|| format!("photo-{no}-{}.{ext}", k + 1))
}

fn weekday(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn status_key(s: Status) -> &'static str {
    match s {
        Status::Met => "met",
        Status::Missed => "missed",
        Status::Due => "due",
        Status::Future => "future",
        Status::NotApplicable => "na",
    }
}

/// The branch's term as the book of `year` shows it. Only the current term is on record: a
/// book of a year before it says so rather than print a term that had not begun.
fn term_text(bm: &BranchMetrics, year: i32) -> String {
    let (start, end) = (bm.term.start, bm.term.end);
    if start.year() > year {
        format!("自{}起（{year}年属上一届）", cn_date(start))
    } else {
        format!("{}至{}", cn_date(start), cn_date(end))
    }
}

/// Every (branch, year) that has activities: one book each.
pub(crate) fn jobs<'a>(ctx: &Context<'a>) -> Vec<(&'a Branch, &'a Metrics)> {
    let site = ctx.site;
    let mut out = Vec::new();
    for b in &site.corpus.branches {
        for m in ctx.years.with_records() {
            let any = site
                .corpus
                .activities_of(&b.id)
                .any(|a| a.date.value.year() == m.year);
            if any && m.branch(&b.id).is_some() {
                out.push((b, m));
            }
        }
    }
    out
}

fn summary(site: &Site, bm: &BranchMetrics, year: i32) -> SummaryData {
    // The term's state is judged today: it is said only in the book of the current year.
    let as_of = site.as_of;
    let by_kind = crate::metrics::kind_columns(&site.config, &bm.by_kind, false)
        .into_iter()
        .map(|k| {
            let n = bm.by_kind.get(&k).copied().unwrap_or(0);
            (k, n)
        })
        .collect();
    let rules: Vec<RuleRow> = bm
        .compliance
        .iter()
        .filter(|c| c.cells.iter().any(|x| x.status != Status::NotApplicable))
        .map(|c| RuleRow {
            kind: c.kind.clone(),
            rule: format!("{}至少{}次", c.period, c.min),
            cells: c
                .cells
                .iter()
                .map(|x| CellData {
                    label: x.label.clone(),
                    count: x.count,
                    status: status_key(x.status),
                })
                .collect(),
            met: c.count(Status::Met),
            missed: c.count(Status::Missed),
        })
        .collect();
    let count = |s: Status| bm.compliance.iter().map(|c| c.count(s)).sum::<usize>();
    SummaryData {
        activities: bm.activities,
        meetings: bm.meetings,
        attendance: rows::attendance(bm.attendance, &site.config.rules),
        by_kind,
        rules,
        met: count(Status::Met),
        missed: count(Status::Missed),
        due: count(Status::Due),
        low_attendance: bm
            .low_attendance
            .iter()
            .map(|l| {
                format!(
                    "{} {}（{}）：应到{}人，实到{}人，参与率{}",
                    cn_date(l.date),
                    l.title,
                    l.kind,
                    l.expected,
                    l.present,
                    crate::format::attendance_percent(
                        l.rate,
                        site.config.rules.attendance_threshold
                    )
                )
            })
            .collect(),
        absence_streaks: bm
            .absence_streaks
            .iter()
            .map(|s| {
                format!(
                    "{}：连续{}个月（{}至{}）",
                    member_name(&site.config, &s.name),
                    s.months,
                    cn_date(s.from),
                    cn_date(s.to)
                )
            })
            .collect(),
        term: if year == as_of.year() {
            format!("{}，{}", term_text(bm, year), bm.term.state.label())
        } else {
            term_text(bm, year)
        },
        secretary_lectures: format!(
            "{}次（{}）",
            bm.secretary_lectures,
            bm.secretary_lecture_status.label()
        ),
    }
}

fn activity<'a, W: BodyWriter>(
    site: &'a Site,
    a: &'a Activity,
    no: usize,
    writer: &W,
) -> ActivityData<'a, W::Body> {
    ActivityData {
        no,
        kind: &a.kind.value,
        title: &a.title,
        date: cn_date(a.date.value),
        weekday: weekday(a.date.value),
        time: a.time.as_ref().map(|t| t.replace('-', "—")),
        place: &a.place,
        chair: &a.chair,
        recorder: &a.recorder,
        expected: a.expected,
        present: a.present,
        rate: rows::attendance(a.attendance(), &site.config.rules),
        absentees: super::privacy::absentees(&site.config, &a.absentees),
        guests: &a.guests,
        lecturer: a.lecturer.as_deref(),
        subject: a.subject.as_deref(),
        topics: &a.topics,
        tags: &a.tags,
        brand: a.brand.as_ref().map(|b| {
            site.corpus
                .brand(&b.value)
                .map_or_else(|| b.value.clone(), |x| x.name.clone())
        }),
        body: writer.body(&site.corpus.activity_body(&site.root, a), None),
        attachments: a
            .attachments
            .iter()
            .enumerate()
            .map(|(k, x)| AttachmentData {
                image: printed_image(no, k, &x.path.value),
                kind: x.kind.clone().unwrap_or_else(|| "其他".into()),
                caption: x.caption.clone().unwrap_or_default(),
                file: x
                    .path
                    .value
                    .rsplit('/')
                    .next()
                    .unwrap_or(&x.path.value)
                    .to_owned(),
            })
            .collect(),
    }
}

/// The book's view and what a document of it needs besides.
pub(crate) struct BookDocument<'a, B> {
    pub view: BookView<'a, B>,
    pub output: String,
    /// The day of the last activity: the document's date.
    pub last: Option<chrono::NaiveDate>,
    /// Files whose text reaches the document.
    pub sources: Vec<String>,
    /// (name in the document's folder, file): the photos and scanned sheets it prints.
    pub images: Vec<(String, std::path::PathBuf)>,
    /// Pictures that are not printed (not a whole JPEG or PNG).
    pub warnings: Vec<Diagnostic>,
}

/// Whether the file at `path` is a whole JPEG or PNG as its content says (not its name):
/// the signature, the header with a size, and the end marker, so that a truncated copy or a
/// renamed document is caught before typst refuses it. `Err` names the type looked for.
fn whole_image(path: &std::path::Path) -> Result<(), &'static str> {
    let png = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let kind = if png { "PNG" } else { "JPEG" };
    let bytes = std::fs::read(path).map_err(|_| kind)?;
    let ok = match kind {
        "PNG" => {
            bytes.len() >= 8 + 25 + 12
                && bytes.starts_with(b"\x89PNG\r\n\x1a\n")
                && &bytes[12..16] == b"IHDR"
                && bytes[16..20] != [0; 4]
                && bytes[20..24] != [0; 4]
                && &bytes[bytes.len() - 8..bytes.len() - 4] == b"IEND"
        }
        _ => {
            let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
            bytes.starts_with(&[0xFF, 0xD8, 0xFF])
                && bytes[..end].ends_with(&[0xFF, 0xD9])
                && bytes
                    .windows(2)
                    .any(|w| w[0] == 0xFF && (0xC0..=0xC2).contains(&w[1]))
        }
    };
    if ok { Ok(()) } else { Err(kind) }
}

pub(crate) fn document<'a, W: BodyWriter>(
    ctx: &Context<'a>,
    b: &'a Branch,
    m: &'a Metrics,
    writer: &W,
) -> Result<BookDocument<'a, W::Body>, Diagnostic> {
    let site = ctx.site;
    let year = m.year;
    let bm = m.branch(&b.id).ok_or_else(|| {
        Diagnostic::new(
            Code::Output,
            &b.file,
            Pos::FILE,
            format!("{} 没有 {year} 年的统计", b.name),
        )
    })?;
    let acts: Vec<&Activity> = site
        .corpus
        .activities_of(&b.id)
        .filter(|a| a.date.value.year() == year)
        .collect();
    let mut sources = vec![b.file.clone(), crate::layout::CONFIG_FILE.to_owned()];
    sources.extend(acts.iter().map(|a| a.file.clone()));
    let posts = |post: &str| -> Vec<String> {
        b.committee
            .iter()
            .flat_map(|c| c.members.iter())
            .filter(|x| x.post == post)
            .map(|x| x.name.clone())
            .collect()
    };
    let organiser = posts("组织委员");
    let span = match (acts.first(), acts.last()) {
        (Some(f), Some(l)) => format!("{}至{}", cn_date(f.date.value), cn_date(l.date.value)),
        _ => String::new(),
    };
    let last = acts.last().map(|a| a.date.value);
    let mut images = Vec::new();
    let mut warnings = Vec::new();
    let mut unreadable = std::collections::HashSet::new();
    for (i, a) in acts.iter().enumerate() {
        for (k, x) in a.attachments.iter().enumerate() {
            let Some(name) = printed_image(i + 1, k, &x.path.value) else {
                continue;
            };
            let real = check_path(&site.root, &a.file, &x.path)?;
            match whole_image(&real) {
                Ok(()) => images.push((name, real)),
                // A broken picture would stop typst and with it the whole book: it is listed
                // by name like any other file, and the build says why it is not printed.
                Err(kind) => {
                    unreadable.insert((i, k));
                    warnings.push(
                        Diagnostic::new(
                            Code::InvalidValue,
                            &a.file,
                            x.path.pos,
                            format!(
                                "附件 `{}` 不是完整的 {kind} 图片，记录本中只列出文件名，不印图片",
                                x.path.value
                            ),
                        )
                        .with_severity(crate::diagnostics::Severity::Warning)
                        .with_hint("用相机、手机或扫描仪重新导出这张图片，替换原文件"),
                    );
                }
            }
        }
    }
    let view = BookView {
        organisation: &site.config.organisation.name,
        branch: &b.name,
        short_name: b.display_name(),
        department: &b.department,
        year,
        secretary: &b.secretary.name,
        organiser: if organiser.is_empty() {
            "—".into()
        } else {
            organiser.join("、")
        },
        committee: b
            .committee
            .iter()
            .flat_map(|c| c.members.iter())
            .map(|x| (x.post.clone(), x.name.clone()))
            .collect(),
        members: match bm.members.saturating_sub(bm.full_members) {
            0 => format!("{}名", bm.members),
            p => format!("{}名（其中预备党员{p}名）", bm.members),
        },
        term: term_text(bm, year),
        span,
        summary: summary(site, bm, year),
        activities: acts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let mut data = activity(site, a, i + 1, writer);
                for (k, x) in data.attachments.iter_mut().enumerate() {
                    if unreadable.contains(&(i, k)) {
                        x.image = None;
                    }
                }
                data
            })
            .collect(),
    };
    Ok(BookDocument {
        view,
        output: links::book_pdf(&b.id, year),
        last,
        sources,
        images,
        warnings,
    })
}
