//! Loading the records under `content/` into one in-memory [`Corpus`].
//!
//! Each file is read and parsed on its own (in parallel); every problem is collected as a
//! [`Diagnostic`] and the file's record is kept if its required fields could be read.
//! Cross-record checks (references, numbering) are the next stage: [`crate::validate`].

pub mod activity;
pub mod annual;
pub mod attachment;
mod bodies;
pub mod branch;
pub mod brand;
pub mod cache;
pub mod checklist;
mod corpus;
pub mod member;
mod member_roster;
pub mod notice;
mod numbering;

pub use activity::Activity;
pub use annual::{AnnualData, Narrative};
pub use branch::Branch;
pub use brand::Brand;
pub use checklist::Checklist;
pub use corpus::{Corpus, Index};
pub use member::MemberRecord;
pub use notice::Notice;

use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Code, Diagnostic, Pos, relative_path};
use crate::reader::{Fields, Sink, is_slug};
use crate::reader::{SourceText, split_front_matter};

use crate::layout::CONTENT_DIR;

/// What a path under `content/` holds, decided by where it is and how it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RecordPath {
    Branch(String),
    Activity(i32),
    Brand(String),
    AnnualData(i32),
    Narrative(i32),
    /// A notice of the main series (`None`) or of a separate series (its folder), and year.
    Notice(Option<String>, i32),
    Checklist(String),
    Member(String),
    Asset,
}

#[derive(Clone)]
enum Record {
    Branch(Branch),
    Activity(Activity),
    Brand(Brand),
    AnnualData(AnnualData),
    Narrative(Narrative),
    Notice(Notice),
    Checklist(Checklist),
    Member(MemberRecord),
}

/// Reads every record under `root/content`.
pub fn load(root: &Path) -> (Corpus, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut records: Vec<(String, RecordPath)> = Vec::new();
    let mut assets = Vec::new();
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(
            Diagnostic::new(Code::Io, CONTENT_DIR, Pos::FILE, "找不到 content/ 目录")
                .with_hint("记录放在站点根目录的 content/ 下；新建站点：dangjian init <目录>"),
        );
        return (Corpus::default(), diags);
    }
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in walker.filter_entry(|e| !is_hidden(e.file_name())) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e.path().map(|p| relative_path(root, p)).unwrap_or_default();
                diags.push(Diagnostic::new(
                    Code::Io,
                    rel,
                    Pos::FILE,
                    format!("无法读取目录项：{e}"),
                ));
                continue;
            }
        };
        let rel = relative_path(root, entry.path());
        let ft = entry.file_type();
        if ft.is_dir() {
            if rel.ends_with(".md") || rel.ends_with(".toml") {
                diags.push(Diagnostic::new(
                    Code::Io,
                    rel,
                    Pos::FILE,
                    "这是一个文件夹，不是记录文件",
                ));
            }
            continue;
        }
        // Only regular files are read: a FIFO would block the build forever, a device or socket
        // is no record. A symbolic link is read if it leads to a regular file.
        let regular = ft.is_file()
            || (ft.is_symlink() && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()));
        if !regular {
            diags.push(Diagnostic::new(
                Code::Io,
                rel,
                Pos::FILE,
                "无法读取文件：不是普通文件（可能是失效的链接、管道或设备）",
            ));
            continue;
        }
        match classify(&rel) {
            Ok(RecordPath::Asset) => assets.push(rel),
            // A symbolic link is followed only to a file inside content/: one to /etc/shadow
            // or to a record of another site would otherwise be read, published, and quoted
            // line by line in diagnostics. The message names the link, never its target.
            // (Attachments are checked where a record names them: `attachment::check_path`.)
            Ok(_) if ft.is_symlink() && !resolves_inside(entry.path(), &content) => {
                diags.push(
                    Diagnostic::new(
                        Code::PathOutsideRoot,
                        rel,
                        Pos::FILE,
                        "这是一个指向 content/ 之外的符号链接，不会被读取",
                    )
                    .with_hint("把文件本身复制到 content/ 下，不要用链接"),
                );
            }
            Ok(kind) => records.push((rel, kind)),
            Err(d) => diags.push(d),
        }
    }

    if cache::enabled() {
        let found: std::collections::HashSet<std::path::PathBuf> =
            records.iter().map(|(rel, _)| root.join(rel)).collect();
        cache::keep_only(&content, &found);
    }
    let parsed: Vec<(String, Option<Record>, Vec<Diagnostic>)> = records
        .into_par_iter()
        .map(|(rel, kind)| {
            let (record, d) = parse_record(root, rel.clone(), kind);
            (rel, record, d)
        })
        .collect();
    let mut corpus = Corpus {
        assets,
        ..Corpus::default()
    };
    for (rel, record, record_diags) in parsed {
        diags.extend(record_diags);
        if record.is_none() {
            corpus.unreadable.insert(rel);
        }
        if let Some(record) = record {
            corpus.push(record);
        }
    }
    corpus.finish();
    diags.extend(corpus.derive_from_members());
    (corpus, diags)
}

/// Whether `path`, links followed, names something inside the folder `content`. A broken link
/// counts as inside: it is reported as unreadable, which shows nothing of a target.
fn resolves_inside(path: &Path, content: &Path) -> bool {
    match (path.canonicalize(), content.canonicalize()) {
        (Ok(real), Ok(content)) => real.starts_with(content),
        (Err(_), _) => std::fs::symlink_metadata(path).is_ok() && std::fs::metadata(path).is_err(),
        (Ok(_), Err(_)) => false,
    }
}

/// A notice's file name is its number, without leading zeros.
fn notice_stem(stem: &str) -> bool {
    stem.parse::<u32>().is_ok_and(|n| n > 0) && !stem.starts_with('0')
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

fn classify(rel: &str) -> Result<RecordPath, Diagnostic> {
    let parts: Vec<&str> = rel.split('/').collect();
    // parts[0] == "content"
    let (stem, ext) = match parts.last().and_then(|n| n.rsplit_once('.')) {
        Some((s, e)) => (s, e),
        None => return Ok(RecordPath::Asset),
    };
    if ext != "md" && ext != "toml" {
        return Ok(RecordPath::Asset);
    }
    let folder = parts.get(1).copied().unwrap_or("");
    if folder == "attachments" {
        return Ok(RecordPath::Asset);
    }
    let bad_name = |what: &str, hint: &str| {
        Err(Diagnostic::new(
            Code::BadFileName,
            rel,
            Pos::FILE,
            format!("文件名不符合{what}的命名规则"),
        )
        .with_hint(hint.to_owned()))
    };
    let year = |s: &str| {
        s.parse::<i32>()
            .ok()
            .filter(|y| s.len() == 4 && (1921..=2200).contains(y))
    };
    match (folder, parts.len(), ext) {
        ("branches", 3, "toml") => {
            if is_slug(stem) { Ok(RecordPath::Branch(stem.to_owned())) } else { bad_name("支部", "支部文件名用拼音标识，如 neike-yi.toml") }
        }
        ("brands", 3, "md") => {
            if is_slug(stem) { Ok(RecordPath::Brand(stem.to_owned())) } else { bad_name("品牌项目", "品牌文件名用拼音标识，如 xinmai-xianfeng.md") }
        }
        ("checklists", 3, "toml") => {
            if is_slug(stem) { Ok(RecordPath::Checklist(stem.to_owned())) } else { bad_name("考核清单", "清单文件名用拼音标识，如 sanqiang-sanyou.toml") }
        }
        ("members", 3, "toml") => {
            if is_slug(stem) { Ok(RecordPath::Member(stem.to_owned())) } else { bad_name("党员", "党员文件名用拼音或编号标识，如 zhang-san.toml、m0123.toml") }
        }
        ("annual", 3, _) => match year(stem) {
            Some(y) if ext == "toml" => Ok(RecordPath::AnnualData(y)),
            Some(y) => Ok(RecordPath::Narrative(y)),
            None => bad_name("年度数据", "年度数据文件名为年份，如 2024.toml 与 2024.md"),
        },
        ("activities", 4, "md") => match year(parts[2]) {
            Some(y) if is_slug(stem) => Ok(RecordPath::Activity(y)),
            Some(_) => bad_name("活动记录", "活动文件名形如 2024-03-15-neike-yi-zhuti-dangri.md（小写拼音、数字、连字符）"),
            None => bad_name("活动记录", "活动放在以年份命名的文件夹中，如 content/activities/2024/"),
        },
        ("notices", 4, "md") => match year(parts[2]) {
            Some(y) if notice_stem(stem) => Ok(RecordPath::Notice(None, y)),
            Some(_) => bad_name("通知", "通知文件名为文号序号（不补零），如 content/notices/2024/3.md"),
            None => bad_name("通知", "通知放在以年份命名的文件夹中，如 content/notices/2024/3.md"),
        },
        // A separate series ([notices.series.<id>]): content/notices/<id>/<year>/<n>.md. Whether
        // the series is declared is for validation, which knows site.toml.
        ("notices", 5, "md") => match year(parts[3]) {
            Some(y) if is_slug(parts[2]) && notice_stem(stem) => Ok(RecordPath::Notice(Some(parts[2].to_owned()), y)),
            Some(_) if is_slug(parts[2]) => bad_name("通知", "通知文件名为文号序号（不补零），如 content/notices/han/2024/3.md"),
            _ => bad_name("通知", "另立文号的通知放在 content/notices/<系列标识>/<年>/ 中，如 content/notices/han/2024/3.md"),
        },
        _ => Err(Diagnostic::new(Code::UnknownRecordPath, rel, Pos::FILE, "此位置不存放记录，文件不会被读取").with_hint(
            "记录位置：content/branches/*.toml、content/activities/<年>/*.md、content/brands/*.md、content/annual/<年>.toml|.md、content/notices/<年>/<序号>.md（另立文号的系列：content/notices/<系列>/<年>/<序号>.md）、content/checklists/*.toml、content/members/*.toml；其他文件放在 content/attachments/",
        )),
    }
}

/// Adds a record that is not on disk yet (`dangjian new` before it writes) to `corpus`, read by
/// exactly the path and field rules `load` applies to a file, and returns what those rules say
/// about it. `new` then runs [`crate::validate`] on the corpus so that it refuses what `check`
/// would refuse, with the same diagnostic.
pub fn add_unwritten(corpus: &mut Corpus, rel: &str, text: String) -> Vec<Diagnostic> {
    let kind = match classify(rel) {
        Ok(RecordPath::Asset) => return Vec::new(),
        Ok(kind) => kind,
        Err(d) => return vec![d],
    };
    let (record, diags) = parse_source(SourceText::new(rel.to_owned(), text), kind);
    // `new` writes no member record; one read here joins the list without being derived into
    // the branches again (that happened when the corpus was loaded).
    match record {
        Some(record) => corpus.push(record),
        None => {
            corpus.unreadable.insert(rel.to_owned());
        }
    }
    corpus.finish();
    diags
}

impl Corpus {
    /// Files a record read from disk (or about to be written) under its kind.
    fn push(&mut self, record: Record) {
        match record {
            Record::Branch(b) => self.branches.push(b),
            Record::Activity(a) => self.activities.push(a),
            Record::Brand(b) => self.brands.push(b),
            Record::AnnualData(a) => self.annual.push(a),
            Record::Narrative(n) => self.narratives.push(n),
            Record::Notice(n) => self.notices.push(n),
            Record::Checklist(c) => self.checklists.push(c),
            Record::Member(m) => self.members.push(m),
        }
    }
}

fn parse_record(root: &Path, rel: String, kind: RecordPath) -> (Option<Record>, Vec<Diagnostic>) {
    let path = root.join(&rel);
    let stamp = cache::enabled().then(|| cache::stamp(&path)).flatten();
    if let Some(parsed) = stamp.and_then(|s| cache::get(&path, s, || cache::file_hash(&path))) {
        return parsed;
    }
    match SourceText::read(root, rel) {
        Ok(src) => {
            let hash = stamp.map(|_| cache::text_hash(&src.text));
            let parsed = parse_source(src, kind);
            if let (Some(stamp), Some(hash)) = (stamp, hash) {
                cache::put(path, stamp, hash, &parsed);
            }
            parsed
        }
        Err(d) => (None, vec![d]),
    }
}

fn parse_source(src: SourceText, kind: RecordPath) -> (Option<Record>, Vec<Diagnostic>) {
    let rel = src.rel.clone();
    let top = Pos {
        line: 1,
        column: 1,
        width: 3,
    };
    match kind {
        RecordPath::Branch(id) => {
            with_toml(&src, top, |f| branch::read(id, rel, f).map(Record::Branch))
        }
        RecordPath::Member(id) => {
            with_toml(&src, top, |f| member::read(id, rel, f).map(Record::Member))
        }
        RecordPath::Checklist(id) => with_toml(&src, top, |f| {
            checklist::read(id, rel, f).map(Record::Checklist)
        }),
        RecordPath::AnnualData(year) => with_toml(&src, top, |f| {
            annual::read_data(year, rel, f).map(Record::AnnualData)
        }),
        RecordPath::Activity(_) => {
            let slug = file_stem(&rel);
            with_markdown(&src, top, |f, body, line| {
                activity::read(rel, slug, f, body, line).map(Record::Activity)
            })
        }
        RecordPath::Brand(id) => with_markdown(&src, top, |f, body, line| {
            brand::read(id, rel, f, body, line).map(Record::Brand)
        }),
        RecordPath::Notice(series, year) => with_markdown(&src, top, |f, body, line| {
            notice::read(series, year, rel, f, body, line).map(Record::Notice)
        }),
        RecordPath::Narrative(year) => {
            let fm = match split_front_matter(&src) {
                Ok(fm) => fm,
                Err(d) => return (None, vec![d]),
            };
            let body_offset = fm.body_offset;
            let sink = Sink::new(&src, fm.toml_offset);
            let record = sink.parse(fm.toml).and_then(|table| {
                let mut f = Fields::root(&sink, &table, top);
                let r = annual::read_narrative(year, rel, &mut f, &src, body_offset);
                f.finish();
                r.map(Record::Narrative)
            });
            (record, sink.into_diagnostics())
        }
        RecordPath::Asset => (None, Vec::new()),
    }
}

fn file_stem(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md").unwrap_or(name).to_owned()
}

fn with_toml<T>(
    src: &SourceText,
    top: Pos,
    read: impl FnOnce(&mut Fields<'_, '_>) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    let sink = Sink::new(src, 0);
    let record = sink.parse(&src.text).and_then(|table| {
        let mut f = Fields::root(&sink, &table, top);
        let r = read(&mut f);
        f.finish();
        r
    });
    (record, sink.into_diagnostics())
}

fn with_markdown<T>(
    src: &SourceText,
    top: Pos,
    read: impl FnOnce(&mut Fields<'_, '_>, String, u32) -> Option<T>,
) -> (Option<T>, Vec<Diagnostic>) {
    let fm = match split_front_matter(src) {
        Ok(fm) => fm,
        Err(d) => return (None, vec![d]),
    };
    let body_line = src.pos(fm.body_offset, 0).line;
    let sink = Sink::new(src, fm.toml_offset);
    let record = sink.parse(fm.toml).and_then(|table| {
        let mut f = Fields::root(&sink, &table, top);
        let r = read(&mut f, fm.body.to_owned(), body_line);
        f.finish();
        r
    });
    (record, sink.into_diagnostics())
}
