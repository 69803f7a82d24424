//! `[notices]`: where each year's register of document numbers starts, the numbers that were
//! issued but are not recorded here, and the separate series (函, 纪要…) that have their own
//! 代字 and sequence. An office that adopts dangjian in May has 〔2023〕10号 but not 1–9;
//! without saying so, the gap would be an error (`skipped-number`).

use std::collections::BTreeMap;

use crate::diagnostics::Code;
use crate::reader::{Fields, Located, is_slug};

/// One sequence of document numbers: the main series (`[notices]`) or a separate one
/// (`[notices.series.<id>]`).
#[derive(Debug, Clone, Default)]
pub struct Register {
    /// Year → the first number recorded that year (numbers before it were issued elsewhere).
    pub first_number: BTreeMap<i32, Located<u32>>,
    /// Year → numbers issued but not recorded (a gap the office knows of).
    pub unrecorded: BTreeMap<i32, Vec<Located<u32>>>,
}

/// A separate series of documents: its records live in `content/notices/<id>/<year>/<n>.md`
/// and are numbered `<prefix>〔year〕n号` independently of the main series.
#[derive(Debug, Clone)]
pub struct NoticeSeries {
    /// The folder name, also the start of its URLs (`notices/han-2025-3.html`).
    pub id: String,
    /// Shown on the site and in messages (函).
    pub name: String,
    /// 代字 (澄中医党函).
    pub prefix: String,
    /// The format `new notice --series` proposes (文件 or 信函).
    pub format: Option<String>,
    pub register: Register,
}

#[derive(Debug, Clone, Default)]
pub struct NoticeSettings {
    /// The main series, numbered with `[organisation] doc_prefix`.
    pub main: Register,
    /// The separate series, in the order `site.toml` lists them.
    pub series: Vec<NoticeSeries>,
}

impl NoticeSettings {
    /// `doc_prefix` is the main series' 代字, for the clash check (None when `[organisation]`
    /// is broken; that is reported there).
    pub(super) fn read(f: &mut Fields<'_, '_>, doc_prefix: Option<&str>) -> NoticeSettings {
        let main = Register::read(f);
        let mut series: Vec<NoticeSeries> = Vec::new();
        if let Some(mut t) = f.table("series") {
            for (id, v) in t.entries() {
                let Some(mut s) = t.entry_table(&id.value, v) else {
                    continue;
                };
                let name = s.req_str("name");
                let prefix = s.req_str("prefix");
                let format = s.opt_choice("format", crate::content::notice::FORMATS);
                let register = Register::read(&mut s);
                s.finish();
                if !series_id_ok(&t, &id) {
                    continue;
                }
                let (Some(name), Some(prefix)) = (name, prefix) else {
                    continue;
                };
                if let Some(clash) = prefix_clash(&prefix.value, doc_prefix, &series) {
                    t.sink
                        .report_at(
                            Code::InvalidValue,
                            prefix.pos,
                            format!(
                                "文号系列“{}”的代字“{}”与{clash}相同：两个系列会出现同一个文号",
                                name.value, prefix.value
                            ),
                        )
                        .hint("每个系列用自己的代字，如 prefix = \"澄中医党函\"");
                    // Kept all the same: its records are where they belong, and one error
                    // (here) says what to change.
                }
                series.push(NoticeSeries {
                    id: id.value,
                    name: name.value,
                    prefix: prefix.value,
                    format: format.map(|f| f.value),
                    register,
                });
            }
            t.finish();
        }
        f.finish();
        NoticeSettings { main, series }
    }

    /// The series with folder `id`.
    pub fn series(&self, id: &str) -> Option<&NoticeSeries> {
        self.series.iter().find(|s| s.id == id)
    }

    /// The register of a notice's series (`None` = the main series); an unknown series (an
    /// error `check` reports) has no declared starts or gaps.
    pub fn register(&self, series: Option<&str>) -> &Register {
        static EMPTY: std::sync::OnceLock<Register> = std::sync::OnceLock::new();
        match series {
            None => &self.main,
            Some(id) => self
                .series(id)
                .map_or_else(|| EMPTY.get_or_init(Register::default), |s| &s.register),
        }
    }
}

impl Register {
    fn read(f: &mut Fields<'_, '_>) -> Register {
        let mut s = Register::default();
        if let Some(mut t) = f.table("first_number") {
            for (year, v) in t.entries() {
                if let (Some(y), Some(n)) = (read_year(&t, &year), t.entry_positive(&year.value, v))
                {
                    s.first_number.insert(y, n);
                }
            }
            t.finish();
        }
        if let Some(mut t) = f.table("unrecorded") {
            for (year, v) in t.entries() {
                let numbers = t.entry_positives(&year.value, v);
                if let Some(y) = read_year(&t, &year) {
                    s.unrecorded.insert(y, numbers);
                }
            }
            t.finish();
        }
        s
    }

    /// The first number of `year`'s register: 1 unless the site says otherwise.
    pub fn first(&self, year: i32) -> u32 {
        self.first_number.get(&year).map_or(1, |n| n.value)
    }

    /// The numbers of `year` declared issued but not recorded, ascending.
    pub fn unrecorded_in(&self, year: i32) -> Vec<u32> {
        let mut list: Vec<u32> = self
            .unrecorded
            .get(&year)
            .map(|l| l.iter().map(|n| n.value).collect())
            .unwrap_or_default();
        list.sort_unstable();
        list.dedup();
        list
    }
}

impl super::Config {
    /// A notice's 发文字号 with its series' 代字: 澄中医党〔2025〕3号, 澄中医党函〔2025〕3号.
    pub fn doc_number(&self, n: &crate::content::Notice) -> String {
        let prefix = n
            .series
            .as_deref()
            .and_then(|id| self.notices.series(id))
            .map_or(self.organisation.doc_prefix.as_str(), |s| s.prefix.as_str());
        n.doc_number(prefix)
    }
}

/// A series id names a folder beside the year folders of the main series, so it must not look
/// like a year, and it is part of URLs.
fn series_id_ok(f: &Fields<'_, '_>, id: &Located<String>) -> bool {
    let problem = if !id.value.is_empty() && id.value.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "文号系列的标识“{}”是数字，会与 content/notices/ 下的年份文件夹混淆",
            id.value
        )
    } else if !is_slug(&id.value) {
        format!(
            "文号系列的标识“{}”只能用小写拼音字母、数字和连字符",
            id.value
        )
    } else {
        return true;
    };
    f.sink
        .report_at(Code::InvalidValue, id.pos, problem)
        .hint("标识也是文件夹名，如 [notices.series.han] 对应 content/notices/han/2025/1.md");
    false
}

/// What an earlier 代字 the new one repeats, said for the message.
fn prefix_clash(
    prefix: &str,
    doc_prefix: Option<&str>,
    earlier: &[NoticeSeries],
) -> Option<String> {
    if doc_prefix == Some(prefix) {
        return Some(" [organisation] doc_prefix ".to_owned());
    }
    earlier
        .iter()
        .find(|s| s.prefix == prefix)
        .map(|s| format!("文号系列“{}”的代字", s.name))
}

/// A year written as a key (`2023`).
fn read_year(f: &Fields<'_, '_>, key: &Located<String>) -> Option<i32> {
    let year = key
        .value
        .parse::<i32>()
        .ok()
        .filter(|y| (1921..=2200).contains(y) && key.value.len() == 4);
    if year.is_none() {
        f.sink.report_at(
            Code::InvalidValue,
            key.pos,
            format!("“{}”不是年份：键写作四位年份，如 2023 = 10", key.value),
        );
    }
    year
}
