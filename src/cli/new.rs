//! `dangjian new …`: a correctly named, valid record from the command line. Values that the
//! site already knows (the secretary, the member count, the next document number) are filled in.

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};

use super::{Ctx, Format, parse_date};
use crate::Site;
use crate::content::branch::CATEGORIES;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::files::write_new;
use crate::placeholders;
use crate::reader::is_slug;
use crate::suggest::did_you_mean;
use crate::validate::validate;

#[derive(Subcommand, Debug)]
pub(crate) enum NewCommand {
    /// 支部活动记录：content/activities/<年>/<日期>-<支部>-<类型>.md
    Activity(ActivityArgs),
    /// 通知（自动取当年下一个文号）：content/notices/<年>/<序号>.md；--series 另立文号的系列放在 content/notices/<系列>/<年>/
    Notice(NoticeArgs),
    /// 品牌项目：content/brands/<标识>.md
    Brand(BrandArgs),
    /// 支部：content/branches/<标识>.toml
    Branch(BranchArgs),
}

#[derive(Args, Debug)]
pub(crate) struct ActivityArgs {
    /// 支部：支部标识（如 neike-yi）、支部全称或简称
    #[arg(long, value_name = "支部")]
    pub branch: String,
    /// 活动类型，如 主题党日
    #[arg(long, value_name = "类型")]
    pub kind: String,
    /// 主题
    #[arg(long, value_name = "主题")]
    pub title: String,
    /// 日期，写作 2024-03-05（默认：今天）
    #[arg(long, value_parser = parse_date, value_name = "日期")]
    pub date: Option<NaiveDate>,
    /// 时间，如 14:30 或 14:30-16:00
    #[arg(long, default_value = "14:30", value_name = "时间")]
    pub time: String,
    /// 地点
    #[arg(long, default_value = "党员活动室", value_name = "地点")]
    pub place: String,
    /// 主持人（默认：支部书记）
    #[arg(long, value_name = "姓名")]
    pub chair: Option<String>,
    /// 记录人（默认：组织委员，没有时为支部书记）
    #[arg(long, value_name = "姓名")]
    pub recorder: Option<String>,
    /// 应到人数（默认：支部当天的党员人数）
    #[arg(long, value_name = "人数")]
    pub expected: Option<u32>,
    /// 实到人数（默认：应到人数减去缺席人数）
    #[arg(long, value_name = "人数")]
    pub present: Option<u32>,
    /// 党课授课人（党课默认：支部书记）
    #[arg(long, value_name = "姓名")]
    pub lecturer: Option<String>,
    /// 党课题目（党课默认：主题）
    #[arg(long, value_name = "题目")]
    pub subject: Option<String>,
    /// 缺席人员及原因，写作 姓名:原因（如 王珂:外出进修）；可重复写多次
    #[arg(long, value_name = "姓名:原因", value_parser = parse_absentee)]
    pub absent: Vec<(String, String)>,
    /// Set by `import` only (boxed: the command line never fills it).
    #[arg(skip)]
    pub imported: Option<Box<Imported>>,
}

/// What a ledger row gives beyond `new activity`'s options: 议题, 列席, the body (备注), and
/// whether the time is unknown (then no `time` is written rather than an invented 14:30).
#[derive(Debug, Default)]
pub(crate) struct Imported {
    pub topics: Vec<String>,
    pub guests: Vec<String>,
    pub body: String,
    pub no_time: bool,
}

#[derive(Args, Debug)]
pub(crate) struct NoticeArgs {
    /// 标题
    #[arg(long, value_name = "标题")]
    pub title: String,
    /// 格式：文件 或 信函（默认：文号系列设定的格式，否则为文件）
    #[arg(long, value_name = "格式")]
    pub format: Option<String>,
    /// 文号系列：site.toml 中 [notices.series.<标识>] 的标识，如 `han`（默认：主文号）
    #[arg(long, value_name = "标识")]
    pub series: Option<String>,
    /// 成文日期，写作 2024-03-05（默认：今天）
    #[arg(long, value_parser = parse_date, value_name = "日期")]
    pub date: Option<NaiveDate>,
}

#[derive(Args, Debug)]
pub(crate) struct BrandArgs {
    /// 品牌标识（也是文件名）：小写拼音、数字和连字符，如 xinmai-xianfeng
    #[arg(value_name = "标识")]
    pub id: String,
    /// 所属支部：支部标识、全称或简称
    #[arg(long, value_name = "支部")]
    pub branch: String,
    /// 品牌名称
    #[arg(long, value_name = "名称")]
    pub name: String,
    /// 口号
    #[arg(long, value_name = "口号")]
    pub slogan: String,
}

#[derive(Args, Debug)]
pub(crate) struct BranchArgs {
    /// 支部标识（也是文件名）：小写拼音、数字和连字符，如 neike-yi
    #[arg(value_name = "标识")]
    pub id: String,
    /// 支部全称
    #[arg(long, value_name = "名称")]
    pub name: String,
    /// 类别：临床、医技、护理、行政后勤 或 离退休
    #[arg(long, value_name = "类别")]
    pub category: String,
    /// 所在科室
    #[arg(long, value_name = "科室")]
    pub department: String,
    /// 支部书记
    #[arg(long, value_name = "姓名")]
    pub secretary: String,
    /// 书记由科室负责人担任
    #[arg(long)]
    pub heads_department: bool,
    /// 正式党员人数
    #[arg(long, default_value_t = 3, value_name = "人数")]
    pub members: u32,
}

/// `姓名:原因`, with a half- or full-width colon (a Chinese input method types `：`).
fn parse_absentee(s: &str) -> Result<(String, String), String> {
    let (name, reason) = s
        .split_once([':', '：'])
        .ok_or_else(|| format!("“{s}”应写作 姓名:原因，如 王珂:外出进修"))?;
    let (name, reason) = (name.trim(), reason.trim());
    if name.is_empty() || reason.is_empty() {
        return Err(format!("“{s}”的姓名和原因都不能为空，如 王珂:外出进修"));
    }
    Ok((name.to_owned(), reason.to_owned()))
}

pub(super) fn run(ctx: &Ctx, cmd: NewCommand) -> i32 {
    let (site, _) = Site::load(&ctx.root, None);
    let Some(mut site) = site else {
        eprintln!(
            "错误：在 {} 找不到可用的 site.toml；先运行 dangjian check 查看原因",
            ctx.root.display()
        );
        return 1;
    };
    let today = chrono::Local::now().date_naive();
    let result = match cmd {
        NewCommand::Activity(a) => new_activity(ctx, &site, a, today),
        NewCommand::Notice(n) => new_notice(&site, n, today),
        NewCommand::Brand(b) => new_brand(ctx, &site, b),
        NewCommand::Branch(b) => new_branch(&site, b),
    };
    let (rel, text) = match result {
        Ok(r) => r,
        Err(msg) => {
            usage(ctx, msg);
            return 1;
        }
    };
    if site.root.join(&rel).exists() {
        usage(ctx, format!("{rel} 已存在，不会覆盖"));
        return 1;
    }
    // The record is read and validated exactly as `check` would read the file, so `new` never
    // writes what `check` then rejects (a date outside 1921–2200, a time of 25:99 …).
    let problems = refused_by_check(&mut site, &rel, &text);
    if !problems.is_empty() {
        ctx.report(problems, Format::Human);
        eprintln!("未写入任何文件：check 会拒绝这条记录，请修改命令中的值后重试");
        return 1;
    }
    match write_new(&site.root.join(&rel), text.as_bytes()) {
        Ok(()) => {
            ctx.info(format!("已创建 {rel}"));
            super::stdout::println(&crate::diagnostics::visible(&rel));
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            usage(ctx, format!("{rel} 已存在，不会覆盖"));
            1
        }
        Err(e) => {
            usage(ctx, format!("无法写入 {rel}：{e}"));
            1
        }
    }
}

/// The errors `check` would report about the record `rel` if it were written with `text`.
pub(super) fn refused_by_check(site: &mut Site, rel: &str, text: &str) -> Diagnostics {
    let mut found = crate::content::add_unwritten(&mut site.corpus, rel, text.to_owned());
    found.extend(validate(&site.root, &site.config, &site.corpus, site.as_of));
    let mut errors = Diagnostics::new();
    // A notice's number is one past the highest file in its folder *now*, which may be newer
    // than the loaded corpus (another `new notice` ran meanwhile): a gap below it is about
    // other files, never a reason to refuse this one.
    errors.extend(
        found
            .into_iter()
            .filter(|d| d.file == rel && d.is_error() && d.code != Code::SkippedNumber),
    );
    errors
}

fn usage(ctx: &Ctx, msg: String) {
    ctx.report(Diagnostic::general(Code::Usage, msg).into(), Format::Human);
}

/// A TOML basic string with every special character escaped. Written by hand: the `toml`
/// crate picks a multi-line form for some values (`'''"""\`) that it cannot read back.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The branch named by its id, its full name or its short name (officers know their branch as
/// 内一支部, not neike-yi). When a name was given, the id it means is said.
fn find_branch<'s>(
    ctx: &Ctx,
    site: &'s Site,
    given: &str,
) -> Result<&'s crate::content::Branch, String> {
    let branches = &site.corpus.branches;
    if let Some(b) = site.corpus.branch(given) {
        return Ok(b);
    }
    let by_name: Vec<_> = branches
        .iter()
        .filter(|b| b.name == given || b.short_name.as_deref() == Some(given))
        .collect();
    match by_name.as_slice() {
        [b] => {
            ctx.info(format!("支部“{given}”即 {}（{}）", b.id, b.name));
            Ok(b)
        }
        [] => {
            let candidates = branches.iter().flat_map(|b| {
                std::iter::once(b.id.as_str())
                    .chain(std::iter::once(b.name.as_str()))
                    .chain(b.short_name.as_deref())
            });
            match did_you_mean(given, candidates) {
                Some(s) => Err(format!("未知的支部 `{given}`；是否应为 `{s}`？")),
                None => Err(format!(
                    "未知的支部 `{given}`；可写支部标识（content/branches/ 下的文件名）、全称或简称，现有支部：{}",
                    branches
                        .iter()
                        .map(|b| format!("{}（{}）", b.id, b.name))
                        .collect::<Vec<_>>()
                        .join("、")
                )),
            }
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

/// A TOML array of strings.
fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    )
}

type NewRecord = Result<(String, String), String>;

/// `key = value` followed by a Chinese comment, aligned so that the comments form a column.
fn line(out: &mut String, key: &str, value: &str, comment: &str) {
    let field = format!("{key} = {value}");
    let width: usize = field
        .chars()
        .map(|c| if c.is_ascii() { 1 } else { 2 })
        .sum();
    let pad = 40usize.saturating_sub(width).max(1);
    out.push_str(&field);
    out.push_str(&" ".repeat(pad));
    out.push_str("# ");
    out.push_str(comment);
    out.push('\n');
}

pub(super) fn new_activity(ctx: &Ctx, site: &Site, a: ActivityArgs, today: NaiveDate) -> NewRecord {
    let imported = a.imported.map(|b| *b);
    let (topics, guests) = imported
        .as_ref()
        .map(|i| (i.topics.as_slice(), i.guests.as_slice()))
        .unwrap_or_default();
    let branch = find_branch(ctx, site, &a.branch)?;
    if !site.config.kinds.contains(&a.kind) {
        let hint = did_you_mean(&a.kind, site.config.kinds.names())
            .map(|s| format!("是否应为“{s}”？"))
            .unwrap_or_default();
        let all: Vec<&str> = site.config.kinds.names().collect();
        return Err(format!(
            "活动类型“{}”不在配置的类型列表中；{hint}可选：{}",
            a.kind,
            all.join("、")
        ));
    }
    let date = a.date.unwrap_or(today);
    let kind_slug = site.config.kinds.slug(&a.kind);
    let folder = format!("content/activities/{}", date.year());
    let base = format!("{date}-{}-{kind_slug}", branch.id);
    let mut rel = format!("{folder}/{base}.md");
    let mut n = 2;
    while site.root.join(&rel).exists() {
        rel = format!("{folder}/{base}-{n}.md");
        n += 1;
    }
    let secretary = branch.secretary.name.clone();
    let recorder = a.recorder.unwrap_or_else(|| {
        branch
            .committee
            .as_ref()
            .and_then(|c| c.members.iter().find(|m| m.post == "组织委员"))
            .map_or_else(|| secretary.clone(), |m| m.name.clone())
    });
    let members = branch
        .members_on(date)
        .map_or(0, |c| c.full.saturating_add(c.probationary));
    let expected = a.expected.unwrap_or(members);
    let absent = u32::try_from(a.absent.len()).unwrap_or(u32::MAX);
    let present = a.present.unwrap_or_else(|| expected.saturating_sub(absent));
    if present > expected {
        return Err(format!("实到 {present} 人多于应到 {expected} 人"));
    }
    let mut text = String::from("+++\n");
    line(&mut text, "title", &q(&a.title), "主题");
    line(
        &mut text,
        "branch",
        &q(&branch.id),
        &format!("支部：{}", branch.name),
    );
    line(&mut text, "kind", &q(&a.kind), "活动类型");
    line(&mut text, "date", &date.to_string(), "日期");
    if !imported.as_ref().is_some_and(|i| i.no_time) {
        line(&mut text, "time", &q(&a.time), "时间");
    }
    line(&mut text, "place", &q(&a.place), "地点");
    line(
        &mut text,
        "chair",
        &q(&a.chair.unwrap_or(secretary.clone())),
        "主持人",
    );
    line(&mut text, "recorder", &q(&recorder), "记录人");
    line(&mut text, "expected", &expected.to_string(), "应到人数");
    line(&mut text, "present", &present.to_string(), "实到人数");
    let lecture = a.kind == crate::content::activity::LECTURE_KIND;
    if lecture || a.lecturer.is_some() {
        let lecturer = a.lecturer.unwrap_or_else(|| secretary.clone());
        line(&mut text, "lecturer", &q(&lecturer), "授课人");
    }
    if lecture || a.subject.is_some() {
        let subject = a.subject.unwrap_or_else(|| a.title.clone());
        line(&mut text, "subject", &q(&subject), "党课题目");
    }
    if topics.is_empty() {
        line(
            &mut text,
            "topics",
            "[]",
            "议题，如 [\"集中学习\", \"交流发言\"]",
        );
    } else {
        line(&mut text, "topics", &list(topics), "议题");
    }
    if a.absent.is_empty() {
        text.push_str(
            "# absentees = [{ name = \"王珂\", reason = \"外出进修\" }]  # 可选：缺席人员及原因\n",
        );
    } else {
        let list: Vec<String> = a
            .absent
            .iter()
            .map(|(name, reason)| format!("{{ name = {}, reason = {} }}", q(name), q(reason)))
            .collect();
        line(
            &mut text,
            "absentees",
            &format!("[{}]", list.join(", ")),
            "缺席人员及原因",
        );
    }
    if guests.is_empty() {
        text.push_str("# guests = [\"院党委委员 李华\"]           # 可选：列席人员\n");
    } else {
        line(&mut text, "guests", &list(guests), "列席人员");
    }
    text.push_str(concat!(
        "# tags = [\"理论学习\"]                    # 可选：标签\n",
        "# attachments = [{ path = \"attachments/签到表.jpg\", caption = \"签到表\", kind = \"签到表\" }]  # 可选：附件\n",
        "+++\n",
    ));
    match imported.as_ref().map(|i| i.body.as_str()) {
        Some(body) => {
            text.push_str(body.trim_end());
            text.push('\n');
        }
        None => {
            text.push_str(placeholders::ACTIVITY_BODY);
            text.push_str("\n\n## 会议决议\n\n1. \n");
        }
    }
    Ok((rel, text))
}

fn new_notice(site: &Site, n: NoticeArgs, today: NaiveDate) -> NewRecord {
    let series = match n.series.as_deref() {
        None => None,
        Some(id) => Some(site.config.notices.series(id).ok_or_else(|| {
            let known: Vec<_> = site
                .config
                .notices
                .series
                .iter()
                .map(|s| s.id.as_str())
                .collect();
            if known.is_empty() {
                format!("没有文号系列“{id}”：site.toml 中没有定义 [notices.series.<标识>]")
            } else {
                format!("没有文号系列“{id}”；可选：{}", known.join("、"))
            }
        })?),
    };
    let format = n
        .format
        .or_else(|| series.and_then(|s| s.format.clone()))
        .unwrap_or_else(|| "文件".to_owned());
    if !crate::content::notice::FORMATS.contains(&format.as_str()) {
        return Err(format!("格式“{format}”无效；可选：文件、信函"));
    }
    let date = n.date.unwrap_or(today);
    let year = date.year();
    let id = series.map(|s| s.id.as_str());
    let highest = crate::content::notice::highest_number(&site.root, id, year);
    let Some(next) = highest.checked_add(1) else {
        return Err(format!("{year} 年的文号已用到 {highest}，没有下一个号"));
    };
    // A register that starts mid-year ([notices] first_number) starts there.
    let number = next.max(site.config.notices.register(id).first(year));
    let rel = format!("{}/{number}.md", crate::content::notice::folder(id, year));
    let mut text = String::from("+++\n");
    line(
        &mut text,
        "number",
        &number.to_string(),
        "文号序号，与文件名一致",
    );
    line(&mut text, "format", &q(&format), "文件 或 信函");
    line(&mut text, "title", &q(&n.title), "标题");
    line(&mut text, "date", &date.to_string(), "成文日期");
    text.push_str(concat!(
        "# recipients = [\"各党支部\"]              # 可选：主送（默认见 site.toml）\n",
        "# cc = []                                # 可选：抄送\n",
        "# note = \"联系人：张明\"                  # 可选：附注\n",
        "# numbering = \"continuous\"               # 可选：三级标题 1. 2. … 全文连续编号\n",
        "# attachments = [{ title = \"考核清单\", checklist = \"kaohe\" }]  # 可选：附件\n",
        "# issues = { title = \"2026年党建工作要点\", file = \"attachments/yaodian.md\" }  # 可选：印发的文件（印在通知之后，不作附件）\n",
        "+++\n",
    ));
    text.push_str(placeholders::NOTICE_BODY);
    text.push_str(
        "一级标题用 #，二级用 ##，编号由工具生成。“### 小标题。”下一行接正文，排成“1.小标题。正文”一段。\n",
    );
    Ok((rel, text))
}

fn new_brand(ctx: &Ctx, site: &Site, b: BrandArgs) -> NewRecord {
    if !is_slug(&b.id) {
        return Err(format!(
            "品牌标识“{}”应为小写拼音、数字和连字符，如 xinmai-xianfeng",
            b.id
        ));
    }
    let branch = find_branch(ctx, site, &b.branch)?;
    let rel = format!("content/brands/{}.md", b.id);
    let mut text = String::from("+++\n");
    line(&mut text, "name", &q(&b.name), "品牌名称");
    line(
        &mut text,
        "branch",
        &q(&branch.id),
        &format!("支部：{}", branch.name),
    );
    line(&mut text, "slogan", &q(&b.slogan), "口号");
    line(&mut text, "goals", "[]", "目标，如 [\"党员示范岗全覆盖\"]");
    line(&mut text, "measures", "[]", "举措");
    text.push_str(concat!(
        "# meaning = \"品牌内涵\"                   # 可选：品牌内涵\n",
        "# logo = \"attachments/logo.png\"          # 可选：标志图片\n",
        "+++\n",
    ));
    text.push_str(placeholders::BRAND_BODY);
    text.push('\n');
    Ok((rel, text))
}

fn new_branch(site: &Site, b: BranchArgs) -> NewRecord {
    if !is_slug(&b.id) {
        return Err(format!(
            "支部标识“{}”应为小写拼音、数字和连字符，如 neike-yi",
            b.id
        ));
    }
    if !CATEGORIES.contains(&b.category.as_str()) {
        return Err(format!(
            "类别“{}”无效；可选：{}",
            b.category,
            CATEGORIES.join("、")
        ));
    }
    let today = chrono::Local::now().date_naive();
    let _ = site;
    let rel = format!("content/branches/{}.toml", b.id);
    let mut text = String::new();
    line(&mut text, "name", &q(&b.name), "支部全称");
    text.push_str("# short_name = \"一支部\"                  # 可选：表格中用的简称\n");
    line(
        &mut text,
        "category",
        &q(&b.category),
        "类别：临床、医技、护理、行政后勤、离退休",
    );
    line(&mut text, "department", &q(&b.department), "所在科室");
    text.push_str("# brand = \"xinmai-xianfeng\"            # 可选：品牌项目标识\n");
    text.push_str("\n[secretary]\n");
    line(&mut text, "name", &q(&b.secretary), "支部书记");
    line(
        &mut text,
        "heads_department",
        &b.heads_department.to_string(),
        "书记是否由科室负责人担任",
    );
    text.push_str("\n[term]\n");
    line(&mut text, "start", &today.to_string(), "本届任期开始日期");
    text.push_str(concat!(
        "\n# [committee]                            # 可选：支部委员会\n",
        "# [[committee.members]]\n",
        "# name = \"张明\"\n",
        "# post = \"书记\"                          # 书记、副书记、组织委员、宣传委员、纪检委员、青年委员、委员\n",
        "\n[[member_counts]]                        # 党员人数，人数变化时再加一段\n",
    ));
    line(&mut text, "date", &today.to_string(), "从哪天起");
    line(&mut text, "full", &b.members.to_string(), "正式党员");
    line(&mut text, "probationary", "0", "预备党员");
    Ok((rel, text))
}

#[cfg(test)]
mod tests {
    use super::q;

    #[test]
    fn every_string_reads_back_from_its_literal() {
        for s in [
            "",
            "'''\"\"\"\\",
            "标题\n+++\nbranch = \"beta\"\n+++",
            "\u{1}\u{7f}\u{feff}\t\r",
            "#panic(\"x\") <script>",
        ] {
            let doc = format!("v = {}", q(s));
            let table: toml::Table = toml::from_str(&doc).expect(&doc);
            assert_eq!(table["v"].as_str(), Some(s), "{doc}");
        }
    }
}
