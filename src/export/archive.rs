//! The year's archive (年度党建工作档案) as one `.zip`: the files a clerk files away, under one
//! folder, with a list of them (`清单.csv` for Excel/WPS, `manifest.json` for a program) that
//! gives each file's title and SHA-256, so that a copy can be checked years later.
//!
//! The same files give the same bytes: entries in the order given, each stamped with the same
//! date (the site's as-of date, the day the archive describes the records as of — a clerk sees
//! it as the files' date; 1980-01-01, the zip format's zero, would look like a mistake) and the
//! same permissions, and nothing from the machine (no owner, no extra time fields).

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// One file of the archive.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// The path inside the archive's folder, `/`-separated: `02 支部工作记录本/内科第一党支部.pdf`.
    pub(crate) path: String,
    /// What the file is, as the list shows it.
    pub(crate) title: String,
    /// The folder's kind in words: 年度工作总结, 支部工作记录本 ….
    pub(crate) category: &'static str,
    pub(crate) bytes: Vec<u8>,
}

/// The list of the archive, file by file (also written as `manifest.json`).
#[derive(Debug, Serialize)]
pub(crate) struct Manifest<'a> {
    pub(crate) title: &'a str,
    pub(crate) organisation: &'a str,
    pub(crate) year: i32,
    pub(crate) as_of: String,
    pub(crate) files: Vec<ManifestFile<'a>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct ManifestFile<'a> {
    pub(crate) number: usize,
    pub(crate) path: &'a str,
    pub(crate) title: &'a str,
    pub(crate) category: &'a str,
    pub(crate) bytes: usize,
    pub(crate) sha256: String,
}

pub(crate) const CSV_NAME: &str = "清单.csv";
pub(crate) const JSON_NAME: &str = "manifest.json";

/// What the archive is about, for its list.
pub(crate) struct Header<'a> {
    /// The archive's folder: `2025年党建工作档案`.
    pub(crate) folder: &'a str,
    pub(crate) organisation: &'a str,
    pub(crate) year: i32,
    pub(crate) as_of: NaiveDate,
}

/// The `.zip`: every member under `header.folder`, in the given order, then `清单.csv` and
/// `manifest.json`.
pub(crate) fn write(header: &Header<'_>, members: &[Member]) -> zip::result::ZipResult<Vec<u8>> {
    let manifest = manifest(header, members);
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| zip::result::ZipError::Io(std::io::Error::other(e)))?;
    let csv = csv(&manifest);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip_date(header.as_of))
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let extra = [(CSV_NAME, csv.as_bytes()), (JSON_NAME, json.as_slice())];
    let all = members
        .iter()
        .map(|m| (m.path.as_str(), m.bytes.as_slice()))
        .chain(extra);
    for (path, bytes) in all {
        zip.start_file(format!("{}/{path}", header.folder), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The list of `members` with their sizes and SHA-256.
pub(crate) fn manifest<'a>(header: &Header<'a>, members: &'a [Member]) -> Manifest<'a> {
    Manifest {
        title: header.folder,
        organisation: header.organisation,
        year: header.year,
        as_of: header.as_of.format("%Y-%m-%d").to_string(),
        files: members
            .iter()
            .enumerate()
            .map(|(i, m)| ManifestFile {
                number: i + 1,
                path: &m.path,
                title: &m.title,
                category: m.category,
                bytes: m.bytes.len(),
                sha256: sha256_hex(&m.bytes),
            })
            .collect(),
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The zip format counts from 1980 and ends in 2107; a date outside is clamped to the edge.
fn zip_date(d: NaiveDate) -> DateTime {
    let year = d.year().clamp(1980, 2107);
    let (month, day) = if year == d.year() {
        (d.month(), d.day())
    } else if year == 1980 {
        (1, 1)
    } else {
        (12, 31)
    };
    let at = |y: i32, m: u32, d: u32| {
        DateTime::from_date_and_time(
            u16::try_from(y).unwrap_or(1980),
            u8::try_from(m).unwrap_or(1),
            u8::try_from(d).unwrap_or(1),
            0,
            0,
            0,
        )
    };
    at(year, month, day).unwrap_or_default()
}

/// `清单.csv` as Excel and WPS open it: UTF-8 with a BOM, CRLF line ends, quoted fields.
fn csv(m: &Manifest<'_>) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: &[&str]| {
        let quoted: Vec<String> = cells.iter().map(|c| crate::format::csv_field(c)).collect();
        out.push_str(&quoted.join(","));
        out.push_str("\r\n");
    };
    line(&["序号", "文件", "标题", "类别", "大小（字节）", "SHA-256"]);
    for f in &m.files {
        let (number, bytes) = (f.number.to_string(), f.bytes.to_string());
        line(&[&number, f.path, f.title, f.category, &bytes, &f.sha256]);
    }
    out
}

/// The longest file name made from record text, in characters (without the extension): a
/// Windows path has room for about 260 characters, and the archive's folders and the folder
/// it is unpacked into take their share.
pub(crate) const NAME_CHARS: usize = 60;

/// A file name (without extension) from record text that every system can unpack: the
/// characters Windows forbids in names (`/ \ : * ? " < > |`) become their full-width forms,
/// which read the same to a Chinese clerk; control, zero-width and bidi characters go (they
/// could hide or reverse the extension); runs of spaces become one; no leading dot or space,
/// no trailing dot or space (Windows drops them); Windows' device names (CON, NUL, COM1 …)
/// get a `_` in front; at most [`NAME_CHARS`] characters, cut with `…`; never empty.
pub(crate) fn safe_name(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            '/' => '／',
            '\\' => '＼',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '"' => '＂',
            '<' => '＜',
            '>' => '＞',
            '|' => '｜',
            c if c.is_whitespace() => ' ',
            c if c.is_control() || invisible(c) => continue,
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_start_matches(['.', ' ']);
    let mut name: String = if trimmed.chars().count() > NAME_CHARS {
        let cut: String = trimmed.chars().take(NAME_CHARS - 1).collect();
        format!("{}…", cut.trim_end_matches(['.', ' ']))
    } else {
        trimmed.trim_end_matches(['.', ' ']).to_owned()
    };
    if name.is_empty() {
        name = "未命名".to_owned();
    }
    if reserved(&name) {
        name.insert(0, '_');
    }
    name
}

fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Windows' device names, which no file may be called (with any extension).
fn reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit())
}

/// `name.ext` in `folder`, or `name（2）.ext`, `name（3）.ext` … when an earlier member has
/// the name (two branches or checklists with the same title); compared as Windows compares
/// names, without case.
pub(crate) fn unique_path(taken: &[Member], folder: &str, name: &str, ext: &str) -> String {
    let free = |p: &str| {
        !taken
            .iter()
            .any(|m| m.path.to_lowercase() == p.to_lowercase())
    };
    let first = format!("{folder}/{name}.{ext}");
    if free(&first) {
        return first;
    }
    (2..)
        .map(|n| format!("{folder}/{name}（{n}）.{ext}"))
        .find(|p| free(p))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::csv_field;

    #[test]
    fn hostile_titles_become_names_every_system_unpacks() {
        assert_eq!(
            safe_name("关于“两学一做”的通知: A/B\\C*D?E\"F<G>H|I"),
            "关于“两学一做”的通知： A／B＼C＊D？E＂F＜G＞H｜I"
        );
        assert_eq!(safe_name("../../etc/passwd"), "／..／etc／passwd");
        assert_eq!(safe_name("...隐藏文件. . "), "隐藏文件");
        assert_eq!(safe_name("第一行\n第二行\t\u{7}响铃"), "第一行 第二行 响铃");
        assert_eq!(safe_name("通知\u{202e}fdp.exe"), "通知fdp.exe");
        assert_eq!(safe_name("零\u{200b}宽"), "零宽");
        assert_eq!(safe_name("CON"), "_CON");
        assert_eq!(safe_name("com1.txt"), "_com1.txt");
        assert_eq!(safe_name("COM10"), "COM10");
        assert_eq!(safe_name(" . "), "未命名");
        let long = "长".repeat(200);
        let cut = safe_name(&long);
        assert_eq!(cut.chars().count(), NAME_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn a_taken_name_gets_a_number() {
        let m = |path: &str| Member {
            path: path.to_owned(),
            title: String::new(),
            category: "",
            bytes: Vec::new(),
        };
        let taken = vec![m("02 书/甲支部.pdf"), m("02 书/甲支部（2）.pdf")];
        assert_eq!(
            unique_path(&taken, "02 书", "甲支部", "pdf"),
            "02 书/甲支部（3）.pdf"
        );
        assert_eq!(
            unique_path(&taken, "02 书", "乙支部", "pdf"),
            "02 书/乙支部.pdf"
        );
        assert_eq!(
            unique_path(&[m("x/Ab.pdf")], "x", "aB", "pdf"),
            "x/aB（2）.pdf"
        );
    }

    #[test]
    fn csv_cells_are_never_formulas() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "-1");
        assert_eq!(csv_field("-A1+1"), "'-A1+1");
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("普通标题"), "普通标题");
    }

    #[test]
    fn the_entry_date_is_clamped_to_the_zip_range() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert_eq!(zip_date(d(2026, 11, 22)).year(), 2026);
        assert_eq!(zip_date(d(2026, 11, 22)).day(), 22);
        assert_eq!(zip_date(d(1970, 5, 5)).year(), 1980);
        assert_eq!(zip_date(d(2200, 5, 5)).month(), 12);
    }
}
