//! `dangjian export archive`: the demo's 2025 archive holds, file by file, what the records
//! say it must (counted here from the record files with the `toml` crate, not the crate's
//! reader), each file's size and SHA-256 in `manifest.json` and `清单.csv` match its bytes, the
//! ledger is the file `export ledger` writes, two exports (the second with the PDF cache
//! emptied, so typst runs again) are the same bytes; `--print`'s volume holds every PDF in
//! order, each from a right-hand page; a hostile title becomes a safe file name; bad input gets
//! its exact Chinese message.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use sha2::{Digest, Sha256};
use support::{BIN, TestSite};

const TOP: &str = "2025年党建工作档案";

fn export(site: &TestSite, args: &[&str]) -> Output {
    let mut all = vec!["export", "archive"];
    all.extend_from_slice(args);
    site.run(&all)
}

fn export_ok(site: &TestSite, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "--year",
        "2025",
        "--output",
        out.to_str().expect("utf-8 path"),
    ];
    args.extend_from_slice(extra);
    let o = export(site, &args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "export failed: {err}");
    err
}

fn demo() -> TestSite {
    support::pdf::require();
    let s = TestSite::demo();
    support::pdf::link_fonts(&s.root);
    s
}

/// Every entry of a zip: name → (bytes, modification date, permissions), in the zip's order.
struct Entry {
    name: String,
    bytes: Vec<u8>,
    date: (u16, u8, u8, u8, u8),
    mode: Option<u32>,
}

fn entries(zip: &Path) -> Vec<Entry> {
    let file = std::fs::File::open(zip).expect("open the archive");
    let mut z = zip::ZipArchive::new(file).expect("a zip");
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read entry");
            let t = f.last_modified().expect("a date");
            Entry {
                name: f.name().to_owned(),
                bytes,
                date: (t.year(), t.month(), t.day(), t.hour(), t.minute()),
                mode: f.unix_mode().map(|m| m & 0o777),
            }
        })
        .collect()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `+++` TOML front matter of a record, or the whole file for a `.toml`.
fn front(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).expect("read record");
    let toml = match text.strip_prefix("+++\n") {
        Some(rest) => rest.split("\n+++").next().expect("front matter").to_owned(),
        None => text,
    };
    toml.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|e| e == ext));
    v.sort();
    v
}

fn s(t: &toml::Table, key: &str) -> String {
    t.get(key)
        .and_then(toml::Value::as_str)
        .unwrap_or_else(|| panic!("no {key}"))
        .to_owned()
}

/// The archive's files as the demo's records call for them (paths under the top folder).
fn expected(site: &TestSite) -> BTreeSet<String> {
    let content = site.path("content");
    let mut want = BTreeSet::new();
    if content.join("annual/2025.md").is_file() {
        let title = s(&front(&content.join("annual/2025.md")), "title");
        want.insert(format!("01 年度工作总结/{title}.pdf"));
    }
    let branches: BTreeSet<String> = files(&content.join("activities/2025"), "md")
        .iter()
        .map(|p| s(&front(p), "branch"))
        .collect();
    assert!(branches.len() > 10, "the demo's 2025 has its branches");
    for id in &branches {
        let name = s(&front(&content.join(format!("branches/{id}.toml"))), "name");
        want.insert(format!("02 支部工作记录本/{name}.pdf"));
    }
    for c in files(&content.join("checklists"), "toml") {
        want.insert(format!("03 考核评分表/{}.pdf", s(&front(&c), "title")));
    }
    let config = front(&site.path("site.toml"));
    let prefix = config["organisation"]["doc_prefix"]
        .as_str()
        .expect("doc_prefix");
    let notices = files(&content.join("notices/2025"), "md");
    assert!(notices.len() >= 5, "the demo's 2025 has its notices");
    for n in &notices {
        let t = front(n);
        let number = t["number"].as_integer().expect("number");
        let stem = format!("{prefix}〔2025〕{number}号 {}", s(&t, "title"));
        // Each notice's Word document beside its PDF.
        want.insert(format!("04 通知文件/{stem}.pdf"));
        want.insert(format!("04 通知文件/{stem}.docx"));
    }
    // The demo's other series (函) has no notice in 2025; one there would need its own 代字.
    for series in std::fs::read_dir(content.join("notices"))
        .expect("notices")
        .flatten()
    {
        assert!(
            files(&series.path().join("2025"), "md").is_empty(),
            "a 2025 notice in {:?}: extend the test",
            series.path()
        );
    }
    want.insert("05 台账/2025年党建工作台账.xlsx".to_owned());
    want
}

#[test]
fn the_years_archive_holds_every_document_with_its_sha256_and_is_reproducible() {
    let site = demo();
    let (a, b, c) = (site.path("a.zip"), site.path("b.zip"), site.path("c.zip"));
    let err = export_ok(&site, &a, &[]);
    let got = entries(&a);
    let want = expected(&site);
    let pdfs = want.iter().filter(|p| p.ends_with(".pdf")).count();

    // The progress lines count the PDFs typst makes (all of them: the cache was empty).
    assert!(
        err.contains(&format!("正在生成 PDF：{pdfs}/{pdfs}\n")),
        "{err}"
    );
    assert!(err.contains("已导出 2025 年档案（"), "{err}");

    // The entries: the expected files under one folder, then the two lists.
    let names: Vec<&str> = got.iter().map(|e| e.name.as_str()).collect();
    let (_, lists) = names.split_at(names.len() - 2);
    assert_eq!(
        lists,
        [
            format!("{TOP}/清单.csv").as_str(),
            format!("{TOP}/manifest.json").as_str()
        ]
    );
    let members: Vec<&Entry> = got[..got.len() - 2].iter().collect();
    let paths: BTreeSet<String> = members
        .iter()
        .map(|e| {
            e.name
                .strip_prefix(&format!("{TOP}/"))
                .unwrap_or_else(|| panic!("{} is outside {TOP}/", e.name))
                .to_owned()
        })
        .collect();
    assert_eq!(paths, want, "the archive's files");
    assert_eq!(paths.len(), members.len(), "no file twice");
    // The folders come in their numbered order.
    let folders: Vec<&str> = members
        .iter()
        .map(|e| e.name.split('/').nth(1).expect("folder"))
        .collect();
    assert!(folders.is_sorted(), "{folders:?}");
    for e in &got {
        assert_eq!(e.date, (2026, 11, 22, 0, 0), "{}: the as-of date", e.name);
        assert_eq!(e.mode, Some(0o644), "{}", e.name);
        let magic: &[u8] = match e.name.rsplit('.').next() {
            Some("pdf") => b"%PDF-",
            Some("xlsx" | "docx") => b"PK\x03\x04",
            _ => b"",
        };
        assert!(e.bytes.starts_with(magic), "{} is no {magic:?}", e.name);
    }

    // The ledger is the file `export ledger` writes.
    let ledger = site.path("ledger.xlsx");
    let o = site.run(&[
        "export",
        "ledger",
        "--year",
        "2025",
        "--output",
        ledger.to_str().expect("utf-8"),
    ]);
    assert!(o.status.success());
    let in_zip = &members.last().expect("the ledger is last").bytes;
    assert!(*in_zip == std::fs::read(&ledger).expect("ledger"));

    // manifest.json: each file's path, size and SHA-256, in the order of the zip.
    let manifest: Value =
        serde_json::from_slice(&got[got.len() - 1].bytes).expect("manifest.json is JSON");
    assert_eq!(manifest["year"], 2025);
    assert_eq!(manifest["as_of"], "2026-11-22");
    assert_eq!(manifest["title"], TOP);
    assert_eq!(manifest["organisation"], "中共澄州市中医院委员会");
    let listed = manifest["files"].as_array().expect("files");
    assert_eq!(listed.len(), members.len());
    for (i, (f, e)) in listed.iter().zip(&members).enumerate() {
        assert_eq!(f["number"], i + 1);
        assert_eq!(
            format!("{TOP}/{}", f["path"].as_str().expect("path")),
            e.name
        );
        assert_eq!(f["bytes"], e.bytes.len());
        assert_eq!(f["sha256"], sha256(&e.bytes), "{}", e.name);
        assert!(!f["title"].as_str().expect("title").is_empty());
    }
    let titles: BTreeMap<&str, &str> = listed
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["title"].as_str().unwrap()))
        .collect();
    assert_eq!(
        titles["04 通知文件/澄中医党〔2025〕3号 中共澄州市中医院委员会关于商请支持开展中医药文化进校园活动的函.pdf"],
        "澄中医党〔2025〕3号 中共澄州市中医院委员会关于商请支持开展中医药文化进校园活动的函"
    );
    assert_eq!(
        titles["02 支部工作记录本/妇儿党支部.pdf"],
        "妇儿党支部2025年工作记录本"
    );

    // 清单.csv: UTF-8 with a BOM (Excel), the header, one row per file with the same data.
    let csv_bytes = &got[got.len() - 2].bytes;
    let text = std::str::from_utf8(csv_bytes)
        .expect("UTF-8")
        .strip_prefix('\u{feff}')
        .expect("a BOM for Excel");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        ["序号", "文件", "标题", "类别", "大小（字节）", "SHA-256"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), members.len());
    for (row, f) in rows.iter().zip(listed) {
        assert_eq!(&row[0], f["number"].to_string());
        assert_eq!(&row[1], f["path"].as_str().unwrap());
        assert_eq!(&row[2], f["title"].as_str().unwrap());
        assert_eq!(&row[3], f["category"].as_str().unwrap());
        assert_eq!(&row[4], f["bytes"].to_string());
        assert_eq!(&row[5], f["sha256"].as_str().unwrap());
    }
    let categories: BTreeSet<&str> = rows.iter().map(|r| r.get(3).unwrap()).collect();
    assert_eq!(
        categories,
        BTreeSet::from([
            "年度工作总结",
            "支部工作记录本",
            "考核评分表",
            "通知文件",
            "台账"
        ])
    );

    // A notice's PDF is that notice: its title is in its text.
    let notice = site.path("notice.pdf");
    let e = members
        .iter()
        .find(|e| e.name.contains("〔2025〕3号"))
        .expect("notice 3");
    std::fs::write(&notice, &e.bytes).expect("write");
    assert!(
        support::pdf::squash(&support::pdf::text(&notice))
            .contains("中共澄州市中医院委员会关于商请支持开展中医药文化进校园活动的函")
    );

    // Two exports are the same bytes, also when typst makes every PDF again.
    std::fs::remove_dir_all(site.path(".cache/dangjian/pdf")).expect("empty the PDF cache");
    let err = export_ok(&site, &b, &[]);
    assert!(
        err.contains(&format!("正在生成 PDF：{pdfs}/{pdfs}\n")),
        "{err}"
    );
    let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(x == y, "two exports of the same records differ");

    // From the cache: no PDF is made, so no progress line; --no-docx leaves out the .docx,
    // --print adds the print volume before the lists.
    let err = export_ok(&site, &c, &["--no-docx", "--print"]);
    assert!(!err.contains("正在生成 PDF"), "{err}");
    let printed = entries(&c);
    let got_names: Vec<&str> = printed.iter().map(|e| e.name.as_str()).collect();
    let mut want_names: Vec<String> = names
        .iter()
        .filter(|n| !n.ends_with(".docx"))
        .map(|n| (*n).to_owned())
        .collect();
    want_names.insert(want_names.len() - 2, format!("{TOP}/打印合订本.pdf"));
    assert_eq!(got_names, want_names);
    print_volume_holds_every_pdf(&site, &printed);
    let d = site.path("d.zip");
    export_ok(&site, &d, &["--no-docx", "--print"]);
    assert!(std::fs::read(&c).unwrap() == std::fs::read(&d).unwrap());
}

/// The print volume: every PDF of the list in its order, each starting on an odd (right-hand)
/// page, a blank page after a document of an odd number of pages. Compared page by page by
/// the text of each document's first and last page.
fn print_volume_holds_every_pdf(site: &TestSite, entries: &[Entry]) {
    use support::pdf::{pages, squash};
    let page_text = |pdf: &Path, page: usize| {
        let o = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        squash(&String::from_utf8_lossy(&o.stdout))
    };
    let volume = site.path("volume.pdf");
    let v = entries
        .iter()
        .find(|e| e.name.ends_with("/打印合订本.pdf"))
        .expect("the print volume");
    std::fs::write(&volume, &v.bytes).expect("write");
    let mut at = 1;
    let mut documents = 0;
    for (i, e) in entries.iter().enumerate() {
        if !e.name.ends_with(".pdf") || e.name.ends_with("/打印合订本.pdf") {
            continue;
        }
        let doc = site.path(&format!("doc-{i}.pdf"));
        std::fs::write(&doc, &e.bytes).expect("write");
        let n = pages(&doc);
        assert_eq!(at % 2, 1, "{} starts on a left-hand page", e.name);
        for p in [1, n] {
            assert_eq!(
                page_text(&volume, at + p - 1),
                page_text(&doc, p),
                "{} page {p}",
                e.name
            );
        }
        at += n;
        if n % 2 == 1 {
            assert_eq!(page_text(&volume, at), "", "a blank page after {}", e.name);
            at += 1;
        }
        documents += 1;
    }
    assert!(documents > 15);
    assert_eq!(pages(&volume), at - 1);
}

#[test]
fn a_hostile_title_becomes_a_safe_file_name() {
    support::pdf::require();
    let site = TestSite::copy_of("pdf-basic");
    support::pdf::link_fonts(&site.root);
    site.replace(
        "content/notices/2024/1.md",
        "title = \"中共测试医院委员会关于开展主题党日活动的通知\"",
        "title = \"../..\\\\CON:关于*学习?<>|的\\\"通知\\\"\"",
    );
    site.replace(
        "content/branches/alpha.toml",
        "name = \"第一党支部\"",
        "name = \".第一/党支部.\"",
    );
    let out = site.path("a.zip");
    let o = site.run(&[
        "export",
        "archive",
        "--year",
        "2024",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names: Vec<String> = entries(&out).into_iter().map(|e| e.name).collect();
    let top = "2024年党建工作档案";
    assert!(
        names.contains(&format!(
            "{top}/04 通知文件/测医党〔2024〕1号 ..／..＼CON：关于＊学习？＜＞｜的＂通知＂.pdf"
        )),
        "{names:#?}"
    );
    assert!(
        names.contains(&format!("{top}/02 支部工作记录本/第一／党支部.pdf")),
        "{names:#?}"
    );
    for n in &names {
        let parts: Vec<&str> = n.split('/').collect();
        assert_eq!(
            parts.len(),
            if n.ends_with(".csv") || n.ends_with(".json") {
                2
            } else {
                3
            },
            "{n}"
        );
        for p in parts {
            assert!(
                !p.starts_with('.') && !p.ends_with('.') && !p.is_empty(),
                "{n}"
            );
            assert!(
                !p.contains(['\\', ':', '*', '?', '"', '<', '>', '|']),
                "{n}"
            );
        }
    }
}

#[test]
fn bad_input_is_refused_in_chinese() {
    let site = TestSite::demo();
    assert_eq!(
        support::refusal(&export(&site, &["--year", "1800"])),
        "错误：1800 年早于最早的记录（1984 年）：该年没有可统计或评判的内容，无法导出档案\n  提示：记录从 1984 年开始：用 --year 1984 或更晚的年份\n"
    );
    assert_eq!(
        support::refusal(&export(&site, &["--year", "2099"])),
        "错误：2099 年没有任何记录，无法导出档案；有记录的年份：2024、2025、2026\n"
    );
    let folder = site.path("content");
    let o = export(
        &site,
        &["--year", "2025", "--output", folder.to_str().unwrap()],
    );
    assert_eq!(
        support::refusal(&o),
        format!(
            "错误：`{0}` 是一个文件夹，不能保存为档案；请写出文件名，例如 `{0}/2025年党建工作档案.zip`\n",
            folder.display()
        )
    );
    // Without typst: build's set-up hint, and no archive.
    let out = site.path("a.zip");
    let o = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .args(["export", "archive", "--year", "2025", "--output"])
        .arg(&out)
        .env("DANGJIAN_TYPST", "/nonexistent/typst")
        .output()
        .expect("run");
    let err = support::refusal(&o);
    assert!(
        err.contains("错误[external-tool]: ") && err.contains("/nonexistent/typst"),
        "{err}"
    );
    assert!(
        err.contains(&format!("= 提示：{}", dangjian::pdf::runner::INSTALL_HINT)),
        "{err}"
    );
    assert!(
        err.ends_with("档案中的 PDF 需要 typst 和字体，未导出档案\n"),
        "{err}"
    );
    // Nothing was written anywhere for any of them.
    assert!(!out.exists());
    assert!(!site.path("2025年党建工作档案.zip").exists());
    assert!(!folder.join("2025年党建工作档案.zip").exists());
}

#[test]
fn records_with_errors_are_not_exported() {
    let site = TestSite::demo();
    site.replace(
        "content/activities/2025/2025-10-16-lituixiu-zhuti-dangri.md",
        "expected = 37",
        "expected = \"三十七\"",
    );
    let out = site.path("a.zip");
    let err = support::refusal(&export(
        &site,
        &["--year", "2025", "--output", out.to_str().unwrap()],
    ));
    assert!(
        err.contains(
            "错误[wrong-type]: 字段 `expected` 应为整数，实际是文本\n  --> content/activities/2025/2025-10-16-lituixiu-zhuti-dangri.md:10:12\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("记录有错误，无法导出档案；先修正上面的问题\n"),
        "{err}"
    );
    assert!(!out.exists());
}
