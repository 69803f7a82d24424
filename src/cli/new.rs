//! `dangjian new …`: a correctly named, valid record from the command line. Values that the
//! site already knows (the secretary, the member count, the next document number) are filled in.

use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};

use super::{Ctx, Format, parse_date};
use crate::Site;
use crate::content::{branch::CATEGORIES, is_slug};
use crate::diagnostics::{Code, Diagnostic};
use crate::files::write_new;
use crate::suggest::did_you_mean;

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A branch activity: content/activities/<year>/<date>-<branch>-<kind>.md
    Activity(ActivityArgs),
    /// A notice with the next free number of its year: content/notices/<year>/<n>.md
    Notice(NoticeArgs),
    /// A brand project: content/brands/<id>.md
    Brand(BrandArgs),
    /// A branch: content/branches/<id>.toml
    Branch(BranchArgs),
}

#[derive(Args, Debug)]
pub struct ActivityArgs {
    #[arg(long)]
    pub branch: String,
    /// Activity kind, e.g. 主题党日
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub title: String,
    /// Default: today
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    #[arg(long, default_value = "14:30")]
    pub time: String,
    #[arg(long, default_value = "党员活动室")]
    pub place: String,
    /// Default: the branch secretary
    #[arg(long)]
    pub chair: Option<String>,
    /// Default: the 组织委员, else the secretary
    #[arg(long)]
    pub recorder: Option<String>,
    /// Default: the branch's members on that date
    #[arg(long)]
    pub expected: Option<u32>,
    /// Default: expected
    #[arg(long)]
    pub present: Option<u32>,
}

#[derive(Args, Debug)]
pub struct NoticeArgs {
    #[arg(long)]
    pub title: String,
    /// 文件 or 信函
    #[arg(long, default_value = "文件")]
    pub format: String,
    /// Default: today
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
}

#[derive(Args, Debug)]
pub struct BrandArgs {
    /// ASCII id (file name), e.g. xinmai-xianfeng
    pub id: String,
    #[arg(long)]
    pub branch: String,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub slogan: String,
}

#[derive(Args, Debug)]
pub struct BranchArgs {
    /// ASCII id (file name), e.g. neike-yi
    pub id: String,
    #[arg(long)]
    pub name: String,
    /// 临床, 医技, 护理, 行政后勤 or 离退休
    #[arg(long)]
    pub category: String,
    #[arg(long)]
    pub department: String,
    #[arg(long)]
    pub secretary: String,
    /// The secretary heads the department (书记由科室负责人担任)
    #[arg(long)]
    pub heads_department: bool,
    /// Full members (正式党员)
    #[arg(long, default_value_t = 3)]
    pub members: u32,
}

pub fn run(ctx: &Ctx, cmd: NewCommand) -> i32 {
    let (site, _) = Site::load(&ctx.root, None);
    let Some(site) = site else {
        eprintln!("错误：找不到可用的 site.toml；先运行 dangjian check 查看原因");
        return 1;
    };
    let today = chrono::Local::now().date_naive();
    let result = match cmd {
        NewCommand::Activity(a) => new_activity(&site, a, today),
        NewCommand::Notice(n) => new_notice(&site, n, today),
        NewCommand::Brand(b) => new_brand(&site, b),
        NewCommand::Branch(b) => new_branch(&site, b),
    };
    let (rel, text) = match result {
        Ok(r) => r,
        Err(msg) => {
            usage(ctx, msg);
            return 1;
        }
    };
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

fn find_branch<'s>(site: &'s Site, id: &str) -> Result<&'s crate::content::Branch, String> {
    site.corpus.branch(id).ok_or_else(|| {
        let ids = site.corpus.branches.iter().map(|b| b.id.as_str());
        match did_you_mean(id, ids) {
            Some(s) => format!("未知的支部 `{id}`；是否应为 `{s}`？"),
            None => format!("未知的支部 `{id}`；支部标识是 content/branches/ 下的文件名"),
        }
    })
}

type NewRecord = Result<(String, String), String>;

fn new_activity(site: &Site, a: ActivityArgs, today: NaiveDate) -> NewRecord {
    let branch = find_branch(site, &a.branch)?;
    if !site.config.kinds.contains(&a.kind) {
        let hint = did_you_mean(&a.kind, site.config.kinds.names())
            .map(|s| format!("；是否应为“{s}”？"))
            .unwrap_or_default();
        return Err(format!("活动类型“{}”不在配置的类型列表中{hint}", a.kind));
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
        .map_or(0, |c| c.full + c.probationary);
    let expected = a.expected.unwrap_or(members);
    let present = a.present.unwrap_or(expected);
    if present > expected {
        return Err(format!("实到 {present} 人多于应到 {expected} 人"));
    }
    let mut text = format!(
        "+++\ntitle = {}\nbranch = {}\nkind = {}\ndate = {date}\ntime = {}\nplace = {}\nchair = {}\nrecorder = {}\nexpected = {expected}\npresent = {present}\n",
        q(&a.title),
        q(&branch.id),
        q(&a.kind),
        q(&a.time),
        q(&a.place),
        q(&a.chair.unwrap_or(secretary.clone())),
        q(&recorder),
    );
    if a.kind == crate::content::activity::LECTURE_KIND {
        text.push_str(&format!(
            "lecturer = {}\nsubject = {}\n",
            q(&secretary),
            q(&a.title)
        ));
    }
    text.push_str("topics = []\n+++\n会议内容写在这里。\n\n## 会议决议\n\n1. \n");
    Ok((rel, text))
}

fn new_notice(site: &Site, n: NoticeArgs, today: NaiveDate) -> NewRecord {
    if !crate::content::notice::FORMATS.contains(&n.format.as_str()) {
        return Err(format!("格式“{}”无效；可选：文件、信函", n.format));
    }
    let date = n.date.unwrap_or(today);
    let year = date.year();
    // The next free number: one past the highest number in use, whether the record parsed or
    // not (its file name is its number), so a broken notice never has its number reused.
    let dir = site.root.join(format!("content/notices/{year}"));
    let highest = std::fs::read_dir(&dir)
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
        .unwrap_or(0);
    let Some(number) = highest.checked_add(1) else {
        return Err(format!("{year} 年的文号已用到 {highest}，没有下一个号"));
    };
    let rel = format!("content/notices/{year}/{number}.md");
    let text = format!(
        "+++\nnumber = {number}\nformat = {}\ntitle = {}\ndate = {date}\n+++\n正文写在这里。一级标题用 #，二级用 ##，编号由工具生成。\n",
        q(&n.format),
        q(&n.title)
    );
    Ok((rel, text))
}

fn new_brand(site: &Site, b: BrandArgs) -> NewRecord {
    if !is_slug(&b.id) {
        return Err(format!(
            "品牌标识“{}”应为小写拼音、数字和连字符，如 xinmai-xianfeng",
            b.id
        ));
    }
    find_branch(site, &b.branch)?;
    let rel = format!("content/brands/{}.md", b.id);
    let text = format!(
        "+++\nname = {}\nbranch = {}\nslogan = {}\ngoals = []\nmeasures = []\n+++\n品牌介绍写在这里。\n",
        q(&b.name),
        q(&b.branch),
        q(&b.slogan)
    );
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
    let text = format!(
        "name = {}\ncategory = {}\ndepartment = {}\n\n[secretary]\nname = {}\nheads_department = {}\n\n[term]\nstart = {today}\n\n[[member_counts]]\ndate = {today}\nfull = {}\nprobationary = 0\n",
        q(&b.name),
        q(&b.category),
        q(&b.department),
        q(&b.secretary),
        b.heads_department,
        b.members
    );
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
