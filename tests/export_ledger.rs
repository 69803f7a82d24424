//! `dangjian export ledger`: the demo's 2025 ledger read back with calamine and compared, row by
//! row and figure by figure, with the activity files themselves (parsed here with the `toml`
//! crate, not the crate's reader) and with `dangjian stats --format json`; two exports are the
//! same bytes; bad input gets its exact Chinese message; LibreOffice opens the workbook and
//! converts every sheet to CSV, where the dates and percentages show in their cell formats.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};
use chrono::NaiveDate;
use serde_json::Value;
use support::{SETUP_HINT, TestSite};

const SHEETS: [&str; 5] = ["活动台账", "支部统计", "落实情况", "年度数据", "目标任务"];

fn export(site: &TestSite, args: &[&str]) -> std::process::Output {
    let mut all = vec!["export", "ledger"];
    all.extend_from_slice(args);
    site.run(&all)
}

fn export_ok(site: &TestSite, out: &Path, extra: &[&str]) {
    let out = out.to_str().expect("utf-8 path");
    let mut args = vec!["--year", "2025", "--output", out];
    args.extend_from_slice(extra);
    let o = export(site, &args);
    assert!(
        o.status.success(),
        "export failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn sheets(path: &Path) -> BTreeMap<String, Range<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).expect("calamine opens the ledger");
    assert_eq!(book.sheet_names(), SHEETS, "sheet names and order");
    SHEETS
        .iter()
        .map(|&s| (s.to_owned(), book.worksheet_range(s).expect("sheet")))
        .collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        other => format!("<not text: {other:?}>"),
    }
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(x) => Some(*x),
        Data::Int(n) => Some(*n as f64),
        _ => None,
    }
}

/// A date cell (a number with a date format, which calamine reports as a date-time).
fn date(d: &Data) -> Option<NaiveDate> {
    match d {
        Data::DateTime(x) => {
            let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
            epoch.checked_add_days(chrono::Days::new(x.as_f64() as u64))
        }
        _ => None,
    }
}

/// Counts the comparisons and collects every mismatch, so that the test reports them all.
#[derive(Default)]
struct Tally {
    compared: usize,
    mismatches: Vec<String>,
}

impl Tally {
    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, at: &str, got: T, want: T) {
        self.compared += 1;
        if got != want {
            self.mismatches
                .push(format!("{at}: workbook {got:?}, expected {want:?}"));
        }
    }

    fn close(&mut self, at: &str, got: Option<f64>, want: Option<f64>) {
        self.compared += 1;
        let same = match (got, want) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        };
        if !same {
            self.mismatches
                .push(format!("{at}: workbook {got:?}, expected {want:?}"));
        }
    }
}

fn header(r: &Range<Data>) -> Vec<String> {
    r.rows()
        .next()
        .expect("header row")
        .iter()
        .map(text)
        .collect()
}

/// The activity files of `year`, front matter parsed with `toml`, in file-name order (which is
/// date order) — an independent reading of the records.
fn activity_files(site: &TestSite, year: i32) -> Vec<(String, toml::Table)> {
    let dir = site.path(&format!("content/activities/{year}"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("activities folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read activity");
            let front = text
                .strip_prefix("+++\n")
                .and_then(|t| t.split_once("\n+++"))
                .map(|(f, _)| f)
                .expect("front matter");
            let name = p.file_name().unwrap().to_string_lossy();
            (
                format!("content/activities/{year}/{name}"),
                front.parse::<toml::Table>().expect("front matter is TOML"),
            )
        })
        .collect()
}

/// Branch id → the name tables show (short name, else the full name).
fn branch_names(site: &TestSite) -> BTreeMap<String, String> {
    std::fs::read_dir(site.path("content/branches"))
        .expect("branches")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let t: toml::Table = std::fs::read_to_string(&p).unwrap().parse().unwrap();
            let name = t
                .get("short_name")
                .or(t.get("name"))
                .and_then(|v| v.as_str())
                .unwrap()
                .to_owned();
            (p.file_stem().unwrap().to_string_lossy().into_owned(), name)
        })
        .collect()
}

fn s<'a>(t: &'a toml::Table, key: &str) -> &'a str {
    t.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

fn list(t: &toml::Table, key: &str, sep: &str) -> String {
    t.get(key)
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(sep)
        })
        .unwrap_or_default()
}

fn stats_json(site: &TestSite) -> Value {
    let o = site.run(&["stats", "--year", "2025", "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("stats json")
}

fn status_label(s: &str) -> &'static str {
    match s {
        "met" => "已完成",
        "missed" => "未完成",
        "due" => "进行中",
        "future" => "未到期",
        "not-applicable" => "不适用",
        other => panic!("unknown status {other}"),
    }
}

fn check_activities(t: &mut Tally, site: &TestSite, r: &Range<Data>, hidden: bool) -> usize {
    assert_eq!(
        header(r),
        [
            "日期",
            "支部",
            "类型",
            "主题",
            "时间",
            "地点",
            "主持人",
            "记录人",
            "应到",
            "实到",
            "参与率",
            "缺席人员及原因",
            "列席",
            "授课人",
            "党课题目",
            "议题",
            "记录文件"
        ]
    );
    let names = branch_names(site);
    let files = activity_files(site, 2025);
    let rows: Vec<&[Data]> = r.rows().skip(1).collect();
    t.eq("活动台账 rows", rows.len(), files.len());
    // The ledger lists by date; files of one day may be in another order than their names.
    let mut by_file: BTreeMap<String, &[Data]> = BTreeMap::new();
    for row in &rows {
        by_file.insert(text(&row[16]), row);
    }
    for (file, a) in &files {
        let Some(row) = by_file.get(file) else {
            t.eq(&format!("{file} row"), "missing", "present");
            continue;
        };
        let at = |c: &str| format!("活动台账 {file} {c}");
        let want_date = a["date"].as_datetime().unwrap().to_string();
        t.eq(
            &at("日期"),
            date(&row[0]).map(|d| d.to_string()),
            Some(want_date),
        );
        t.eq(&at("支部"), text(&row[1]), names[s(a, "branch")].clone());
        t.eq(&at("类型"), text(&row[2]), s(a, "kind").to_owned());
        t.eq(&at("主题"), text(&row[3]), s(a, "title").to_owned());
        t.eq(&at("时间"), text(&row[4]), s(a, "time").to_owned());
        t.eq(&at("地点"), text(&row[5]), s(a, "place").to_owned());
        t.eq(&at("主持人"), text(&row[6]), s(a, "chair").to_owned());
        t.eq(&at("记录人"), text(&row[7]), s(a, "recorder").to_owned());
        let expected = a["expected"].as_integer().unwrap() as f64;
        let present = a["present"].as_integer().unwrap() as f64;
        t.close(&at("应到"), num(&row[8]), Some(expected));
        t.close(&at("实到"), num(&row[9]), Some(present));
        t.close(
            &at("参与率"),
            num(&row[10]),
            (expected > 0.0).then(|| present / expected),
        );
        let absent = a
            .get("absentees")
            .and_then(|v| v.as_array())
            .map(|l| {
                l.iter()
                    .map(|x| {
                        let x = x.as_table().unwrap();
                        let name = if hidden {
                            "（姓名不公开）"
                        } else {
                            s(x, "name")
                        };
                        match s(x, "reason") {
                            "" => name.to_owned(),
                            reason => format!("{name}（{reason}）"),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("、")
            })
            .unwrap_or_default();
        t.eq(&at("缺席人员及原因"), text(&row[11]), absent);
        t.eq(&at("列席"), text(&row[12]), list(a, "guests", "、"));
        t.eq(&at("授课人"), text(&row[13]), s(a, "lecturer").to_owned());
        t.eq(&at("党课题目"), text(&row[14]), s(a, "subject").to_owned());
        t.eq(&at("议题"), text(&row[15]), list(a, "topics", "；"));
    }
    // In date order, as a ledger is kept.
    let dates: Vec<Option<NaiveDate>> = rows.iter().map(|r| date(&r[0])).collect();
    t.eq("活动台账 in date order", dates.is_sorted(), true);
    files.len()
}

fn check_branches(t: &mut Tally, stats: &Value, r: &Range<Data>) -> usize {
    let head = header(r);
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("支部统计 has no column {name}: {head:?}"))
    };
    let rows: Vec<&[Data]> = r.rows().skip(1).collect();
    let branches = stats["branches"].as_array().unwrap();
    t.eq("支部统计 rows", rows.len(), branches.len() + 1);
    let kinds: Vec<String> = stats["org"]["by_kind"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let compare = |t: &mut Tally, at: &str, row: &[Data], b: &Value| {
        let n = |v: &Value| v.as_f64();
        t.close(
            &format!("{at} 党员"),
            num(&row[col("党员")]),
            n(&b["members"]),
        );
        t.close(
            &format!("{at} 正式党员"),
            num(&row[col("正式党员")]),
            n(&b["full_members"]),
        );
        t.close(
            &format!("{at} 活动"),
            num(&row[col("活动")]),
            n(&b["activities"]),
        );
        for k in &kinds {
            t.close(
                &format!("{at} {k}"),
                num(&row[col(k)]),
                Some(b["by_kind"][k].as_f64().unwrap_or(0.0)),
            );
        }
        t.close(
            &format!("{at} 参与率"),
            num(&row[col("参与率")]),
            n(&b["attendance"]),
        );
    };
    for (row, b) in rows.iter().zip(branches) {
        let name = b["short_name"].as_str().unwrap();
        t.eq("支部统计 支部", text(&row[0]), name.to_owned());
        compare(t, &format!("支部统计 {name}"), row, b);
        t.close(
            &format!("支部统计 {name} 组织生活"),
            num(&row[col("组织生活")]),
            b["meetings"].as_f64(),
        );
        let cells: Vec<&Value> = b["compliance"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["cells"].as_array().unwrap())
            .collect();
        let count = |s: &str| Some(cells.iter().filter(|c| c["status"] == s).count() as f64);
        t.close(
            &format!("支部统计 {name} 已完成"),
            num(&row[col("已完成")]),
            count("met"),
        );
        t.close(
            &format!("支部统计 {name} 未完成"),
            num(&row[col("未完成")]),
            count("missed"),
        );
        t.eq(
            &format!("支部统计 {name} 任期届满"),
            date(&row[col("任期届满")]).map(|d| d.to_string()),
            b["term"]["end"].as_str().map(str::to_owned),
        );
    }
    let total = rows.last().unwrap();
    t.eq("支部统计 合计", text(&total[0]), "合计".to_owned());
    compare(t, "支部统计 合计", total, &stats["org"]);
    let sum = |f: &dyn Fn(&Value) -> f64, list: &Value| -> Option<f64> {
        Some(list.as_array().unwrap().iter().map(f).sum())
    };
    t.close(
        "支部统计 合计 组织生活",
        num(&total[col("组织生活")]),
        sum(&|b| b["meetings"].as_f64().unwrap(), &stats["branches"]),
    );
    for (head, key) in [("已完成", "met"), ("未完成", "missed")] {
        t.close(
            &format!("支部统计 合计 {head}"),
            num(&total[col(head)]),
            sum(&|c| c[key].as_f64().unwrap(), &stats["org"]["compliance"]),
        );
    }
    branches.len()
}

fn check_compliance(t: &mut Tally, stats: &Value, r: &Range<Data>) -> usize {
    assert_eq!(
        header(r),
        ["支部", "类型", "要求", "期间", "起", "止", "次数", "状态"]
    );
    let mut want = Vec::new();
    for b in stats["branches"].as_array().unwrap() {
        for rule in b["compliance"].as_array().unwrap() {
            for c in rule["cells"].as_array().unwrap() {
                want.push((b, rule, c));
            }
        }
    }
    let rows: Vec<&[Data]> = r.rows().skip(1).collect();
    t.eq("落实情况 rows", rows.len(), want.len());
    for (row, (b, rule, c)) in rows.iter().zip(&want) {
        let at = format!(
            "落实情况 {} {} {}",
            b["short_name"], rule["kind"], c["label"]
        );
        let st = |v: &Value| v.as_str().unwrap_or("").to_owned();
        t.eq(&format!("{at} 支部"), text(&row[0]), st(&b["short_name"]));
        t.eq(&format!("{at} 类型"), text(&row[1]), st(&rule["kind"]));
        t.eq(
            &format!("{at} 要求"),
            text(&row[2]),
            format!("{}至少 {} 次", st(&rule["period"]), rule["min"]),
        );
        t.eq(&format!("{at} 期间"), text(&row[3]), st(&c["label"]));
        t.eq(
            &format!("{at} 起"),
            date(&row[4]).map(|d| d.to_string()),
            Some(st(&c["span"]["start"])),
        );
        t.eq(
            &format!("{at} 止"),
            date(&row[5]).map(|d| d.to_string()),
            Some(st(&c["span"]["end"])),
        );
        t.close(&format!("{at} 次数"), num(&row[6]), c["count"].as_f64());
        t.eq(
            &format!("{at} 状态"),
            text(&row[7]),
            status_label(c["status"].as_str().unwrap()).to_owned(),
        );
    }
    want.len()
}

fn check_figures(t: &mut Tally, stats: &Value, r: &Range<Data>) -> usize {
    assert_eq!(
        header(r),
        ["类别", "项目", "单位", "2025年", "上年", "同比增减", "同比"]
    );
    let figures = stats["org"]["figures"].as_array().unwrap();
    let rows: Vec<&[Data]> = r.rows().skip(1).collect();
    t.eq("年度数据 rows", rows.len(), figures.len());
    for (row, f) in rows.iter().zip(figures) {
        let at = format!("年度数据 {}", f["label"]);
        t.eq(
            &format!("{at} 类别"),
            text(&row[0]),
            f["group"].as_str().unwrap().to_owned(),
        );
        t.eq(
            &format!("{at} 项目"),
            text(&row[1]),
            f["label"].as_str().unwrap().to_owned(),
        );
        t.eq(
            &format!("{at} 单位"),
            text(&row[2]),
            f["unit"].as_str().unwrap().to_owned(),
        );
        t.close(&format!("{at} 本年"), num(&row[3]), f["value"].as_f64());
        t.close(&format!("{at} 上年"), num(&row[4]), f["previous"].as_f64());
        t.close(&format!("{at} 增减"), num(&row[5]), f["change"].as_f64());
        t.close(
            &format!("{at} 同比"),
            num(&row[6]),
            f["change_ratio"].as_f64(),
        );
    }
    figures.len()
}

fn check_targets(t: &mut Tally, stats: &Value, r: &Range<Data>) -> usize {
    assert_eq!(
        header(r),
        [
            "类别",
            "目标",
            "单位",
            "计划",
            "实际",
            "完成率",
            "状态",
            "来源"
        ]
    );
    let targets = stats["org"]["targets"].as_array().unwrap();
    let rows: Vec<&[Data]> = r.rows().skip(1).collect();
    t.eq("目标任务 rows", rows.len(), targets.len());
    for (row, g) in rows.iter().zip(targets) {
        let at = format!("目标任务 {}", g["label"]);
        t.eq(
            &format!("{at} 目标"),
            text(&row[1]),
            g["label"].as_str().unwrap().to_owned(),
        );
        t.close(&format!("{at} 计划"), num(&row[3]), g["target"].as_f64());
        t.close(&format!("{at} 实际"), num(&row[4]), g["actual"].as_f64());
        t.close(&format!("{at} 完成率"), num(&row[5]), g["ratio"].as_f64());
        t.eq(
            &format!("{at} 状态"),
            text(&row[6]),
            status_label(g["status"].as_str().unwrap()).to_owned(),
        );
        let source = if g["counted"] == true {
            "按记录"
        } else {
            "填报"
        };
        t.eq(&format!("{at} 来源"), text(&row[7]), source.to_owned());
    }
    targets.len()
}

#[test]
fn every_row_and_figure_matches_the_records_and_stats() {
    let site = TestSite::demo();
    let out = site.path("台账.xlsx");
    export_ok(&site, &out, &[]);
    let stats = stats_json(&site);
    let sheets = sheets(&out);
    let mut t = Tally::default();
    let activities = check_activities(&mut t, &site, &sheets["活动台账"], false);
    let branches = check_branches(&mut t, &stats, &sheets["支部统计"]);
    let periods = check_compliance(&mut t, &stats, &sheets["落实情况"]);
    let figures = check_figures(&mut t, &stats, &sheets["年度数据"]);
    let targets = check_targets(&mut t, &stats, &sheets["目标任务"]);
    eprintln!(
        "compared {} cells: {activities} activities, {branches} branches + 合计, {periods} rule periods, {figures} figures, {targets} targets; {} mismatches",
        t.compared,
        t.mismatches.len()
    );
    // The demo's 2025 is a full year: a ledger of a handful of rows would prove little.
    assert!(activities > 500 && branches > 10 && periods > 100 && figures > 10 && targets > 0);
    assert!(
        t.mismatches.is_empty(),
        "{} mismatches:\n{}",
        t.mismatches.len(),
        t.mismatches.join("\n")
    );
}

#[test]
fn names_are_hidden_where_the_site_hides_them() {
    let site = TestSite::demo();
    site.replace(
        "site.toml",
        "[site]\n",
        "[site]\nhide_member_names = true\n",
    );
    let out = site.path("台账.xlsx");
    export_ok(&site, &out, &[]);
    let sheets = sheets(&out);
    let mut t = Tally::default();
    check_activities(&mut t, &site, &sheets["活动台账"], true);
    assert!(t.mismatches.is_empty(), "{}", t.mismatches.join("\n"));
    // The absentee of the record shown above, by name, is nowhere in the workbook.
    let all: String = sheets
        .values()
        .flat_map(|r| r.cells().map(|(_, _, d)| text(d)))
        .collect();
    assert!(all.contains("（姓名不公开）（住院治疗）"));
    assert!(
        !all.contains("刘永康"),
        "an absentee's name is in the ledger"
    );
}

#[test]
fn one_branch_has_only_its_own_rows() {
    let site = TestSite::demo();
    let out = site.path("妇儿.xlsx");
    export_ok(&site, &out, &["--branch", "fuer"]);
    let sheets = sheets(&out);
    let branch_col = |sheet: &str| -> Vec<String> {
        let c = if sheet == "活动台账" { 1 } else { 0 };
        sheets[sheet].rows().skip(1).map(|r| text(&r[c])).collect()
    };
    let activities = branch_col("活动台账");
    let stats = stats_json(&site);
    let fuer = stats["branches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "fuer")
        .unwrap();
    assert_eq!(
        activities.len() as u64,
        fuer["activities"].as_u64().unwrap()
    );
    assert!(!activities.is_empty());
    assert!(activities.iter().all(|b| b == "妇儿支部"));
    // Its own row, no 合计 of the others.
    assert_eq!(branch_col("支部统计"), ["妇儿支部"]);
    let periods = branch_col("落实情况");
    assert!(!periods.is_empty() && periods.iter().all(|b| b == "妇儿支部"));
}

#[test]
fn two_exports_are_the_same_bytes() {
    let site = TestSite::demo();
    let (a, b) = (site.path("a.xlsx"), site.path("b.xlsx"));
    export_ok(&site, &a, &[]);
    export_ok(&site, &b, &[]);
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(a.len() > 10_000);
    assert!(a == b, "two exports of the same records differ");
}

#[test]
fn bad_input_is_refused_in_chinese() {
    let site = TestSite::demo();
    assert_eq!(
        support::refusal(&export(&site, &["--year", "1800"])),
        "错误：1800 年早于最早的记录（1984 年）：该年没有可统计或评判的内容，无法导出台账\n  提示：记录从 1984 年开始：用 --year 1984 或更晚的年份\n"
    );
    assert_eq!(
        support::refusal(&export(&site, &["--year", "2099"])),
        "错误：2099 年没有任何记录，无法导出台账；有记录的年份：2024、2025、2026\n"
    );
    assert_eq!(
        support::refusal(&export(&site, &["--year", "2025", "--branch", "fuerr"])),
        "错误：未知的支部 `fuerr`；是否应为 `fuer`？\n"
    );
    let folder = site.path("content");
    let o = export(
        &site,
        &["--year", "2025", "--output", folder.to_str().unwrap()],
    );
    assert_eq!(
        support::refusal(&o),
        format!(
            "错误：`{0}` 是一个文件夹，不能保存为台账；请写出文件名，例如 `{0}/2025年党建工作台账.xlsx`\n",
            folder.display()
        )
    );
    // Nothing was written anywhere for any of them.
    assert!(!site.path("2025年党建工作台账.xlsx").exists());
    assert!(!folder.join("2025年党建工作台账.xlsx").exists());
}

#[test]
fn libreoffice_opens_it_and_converts_every_sheet_to_csv() {
    let site = TestSite::demo();
    let out = site.path("ledger.xlsx");
    export_ok(&site, &out, &[]);
    let csv_dir = site.path("csv");
    std::fs::create_dir_all(&csv_dir).unwrap();
    // Field 12 = -1: every sheet to its own file (LibreOffice 7.2 and later); 76 = UTF-8;
    // field 9 false = values as shown (formatted), which is what this test looks at.
    let o = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &format!(
                "-env:UserInstallation=file://{}",
                site.path("lo-profile").display()
            ),
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
            "--outdir",
        ])
        .arg(&csv_dir)
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("soffice (LibreOffice) cannot be run: {e}\n{SETUP_HINT}"));
    assert!(
        o.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    for sheet in SHEETS {
        let path = csv_dir.join(format!("ledger-{sheet}.csv"));
        let csv = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; soffice said: {}{}",
                path.display(),
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )
        });
        assert!(csv.lines().count() > 1, "{sheet}: no rows");
        eprintln!("{sheet}: {} lines", csv.lines().count());
    }
    let activities = std::fs::read_to_string(csv_dir.join("ledger-活动台账.csv")).unwrap();
    let record = activities
        .lines()
        .find(|l| l.contains("2025-10-16-lituixiu-zhuti-dangri.md"))
        .expect("the 2025-10-16 主题党日 of 离退休支部");
    // Shown as the cell formats say: a date, counts, a percentage with one decimal.
    assert!(record.starts_with("2025-10-16,"), "{record}");
    assert!(record.contains(",37,33,89.2%,"), "{record}");

    // The first sheet as LibreOffice draws it: a 参与率 under the threshold (0.8 in the
    // demo's site.toml) is in dark red, as the site marks it, and no other cell is.
    let o = Command::new("soffice")
        .args([
            "--headless",
            "--norestore",
            &format!(
                "-env:UserInstallation=file://{}",
                site.path("lo-profile").display()
            ),
            "--convert-to",
            "html",
            "--outdir",
        ])
        .arg(&csv_dir)
        .arg(&out)
        .output()
        .unwrap_or_else(|e| panic!("soffice (LibreOffice) cannot be run: {e}\n{SETUP_HINT}"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(csv_dir.join("ledger.html")).expect("ledger.html");
    let low = activity_files(&site, 2025)
        .iter()
        .filter(|(_, a)| {
            let (e, p) = (
                a["expected"].as_integer().unwrap(),
                a["present"].as_integer().unwrap(),
            );
            e > 0 && (p as f64) < 0.8 * e as f64
        })
        .count();
    assert!(
        low > 0,
        "the demo has no meeting under 80 %: nothing is tested"
    );
    assert_eq!(html.matches(r##"color="#C00000""##).count(), low);
}

#[test]
fn the_site_links_each_years_ledger_and_it_is_the_exported_file() {
    let site = TestSite::demo();
    let o = site.run(&["build", "--no-pdf"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = site.read("output/annual/2025.html");
    assert!(
        page.contains(r#"href="../ledger/2025.xlsx" download>下载年度台账（Excel）</a>"#),
        "the annual page has no link to its ledger"
    );
    for year in [2024, 2025, 2026] {
        assert!(site.path(&format!("output/ledger/{year}.xlsx")).is_file());
    }
    let out = site.path("2025.xlsx");
    export_ok(&site, &out, &[]);
    assert!(
        std::fs::read(site.path("output/ledger/2025.xlsx")).unwrap() == std::fs::read(out).unwrap(),
        "the site's 2025 ledger differs from `export ledger --year 2025`"
    );
}

#[test]
fn records_with_errors_are_not_exported() {
    let site = TestSite::demo();
    site.replace(
        "content/activities/2025/2025-10-16-lituixiu-zhuti-dangri.md",
        "expected = 37",
        "expected = \"三十七\"",
    );
    let out = site.path("台账.xlsx");
    let o = export(
        &site,
        &["--year", "2025", "--output", out.to_str().unwrap()],
    );
    let err = support::refusal(&o);
    assert!(
        err.contains(
            "错误[wrong-type]: 字段 `expected` 应为整数，实际是文本\n  --> content/activities/2025/2025-10-16-lituixiu-zhuti-dangri.md:10:12\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("记录有错误，无法导出台账；先修正上面的问题\n"),
        "{err}"
    );
    assert!(!out.exists());
}
