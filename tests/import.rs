//! `dangjian import activities`: fixture workbooks written here with rust_xlsxwriter (and one
//! .ods/.xls made once with LibreOffice, tests/fixtures/import/) read into activity records.

mod support;

use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use support::TestSite;

/// A cell value as the fixture writes it.
#[derive(Clone)]
enum V {
    S(&'static str),
    N(f64),
    /// A real Excel date (a serial day with a date format).
    D(u16, u8, u8),
    /// An Excel time of day (a fraction of a day with a time format).
    T(u16, u8),
    /// A formula with the result Excel stored for it.
    F(&'static str, &'static str),
}

/// Writes a workbook with the given sheets (name, rows) to `path`.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<V>>)]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("hh:mm");
    for (name, rows) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(*name).expect("sheet name");
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32;
            for (c, v) in row.iter().enumerate() {
                let c = c as u16;
                match v {
                    V::S("") => {}
                    V::S(s) => {
                        ws.write_string(r, c, *s).expect("write");
                    }
                    V::N(n) => {
                        ws.write_number(r, c, *n).expect("write");
                    }
                    V::D(y, m, d) => {
                        let dt = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                        ws.write_datetime_with_format(r, c, &dt, &date)
                            .expect("write");
                    }
                    V::T(h, m) => {
                        let dt = ExcelDateTime::from_hms(*h, *m, 0).expect("time");
                        ws.write_datetime_with_format(r, c, &dt, &time)
                            .expect("write");
                    }
                    V::F(formula, result) => {
                        let f = rust_xlsxwriter::Formula::new(*formula).set_result(*result);
                        ws.write_formula(r, c, f).expect("write");
                    }
                }
            }
        }
    }
    wb.save(path).expect("save workbook");
}

fn run(site: &TestSite, args: &[&str]) -> (i32, String, String) {
    let out = site.run(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file under content/activities, to show that a run wrote nothing (or what it wrote).
fn activity_files(site: &TestSite) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(&site.path("content/activities")) {
        out.push(entry);
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.display().to_string());
        }
    }
    out
}

/// The header names each field is known by, in the order of the columns below.
const HEADERS: &[&[&str]] = &[
    &["日期", "活动日期", "会议日期", "会议时间", "活动时间"],
    &["支部", "党支部", "支部名称", "所在支部", "党支部名称"],
    &["类型", "活动类型", "会议类型", "活动形式", "会议形式"],
    &[
        "主题",
        "活动主题",
        "会议主题",
        "活动名称",
        "会议名称",
        "标题",
    ],
    &["时间", "起止时间", "开始时间"],
    &["地点", "会议地点", "活动地点"],
    &["主持人", "主持"],
    &["记录人", "记录"],
    &["应到", "应到人数", "应参加人数", "应到会人数", "应到（人）"],
    &[
        "实到",
        "实到人数",
        "实际参加人数",
        "参加人数",
        "实到会人数",
        "实到(人)",
    ],
    &[
        "缺席人员及原因",
        "缺席人员",
        "缺席",
        "请假人员",
        "缺席人员及事由",
    ],
    &["列席", "列席人员"],
    &["授课人", "主讲人", "讲课人"],
    &["党课题目", "授课题目", "党课主题"],
    &["议题", "会议议题", "主要议题"],
    &["备注", "会议内容", "主要内容", "内容摘要"],
];

/// Sheet `k` names every column by its `k`-th name (cycling) and writes the date in the
/// `k`-th form; the branch by id, full name and short name, the kind by name and by alias.
fn variant_sheets() -> Vec<(&'static str, Vec<Vec<V>>)> {
    let dates = [
        V::D(2024, 3, 5),
        V::N(45356.0),
        V::S("2024-3-5"),
        V::S("2024/3/5"),
        V::S("2024年3月5日"),
        V::S("2024.3.5"),
    ];
    let names = ["表一", "表二", "表三", "表四", "表五", "表六"];
    let titles = ["主题一", "主题二", "主题三", "主题四", "主题五", "主题六"];
    let branches = [
        "fuer",
        "妇儿党支部",
        "妇儿支部",
        "fuer",
        "妇儿党支部",
        "妇儿支部",
    ];
    let kinds = ["党课", "讲党课", "专题党课", "dangke", "党课", "党课"];
    let times = [V::T(14, 30), V::S("14:30"), V::S("14：30～16：00")];
    dates
        .into_iter()
        .enumerate()
        .map(|(k, date)| {
            let header: Vec<V> = HEADERS.iter().map(|h| V::S(h[k % h.len()])).collect();
            let time = match &times[k % 3] {
                V::T(h, m) => V::T(*h, *m),
                V::S(s) => V::S(s),
                _ => unreachable!(),
            };
            let row = vec![
                date,
                V::S(branches[k]),
                V::S(kinds[k]),
                V::S(titles[k]),
                time,
                V::S("儿科会议室"),
                V::S("陆浩然"),
                V::S("江佳慧"),
                V::N(5.0),
                V::S("4人"),
                V::S("俞艳（病假）"),
                V::S("院党委委员 李华、纪委委员 王强"),
                V::S("陆浩然"),
                V::S("守初心"),
                V::S("1.集中学习；2.交流发言"),
                V::S("会议学习了党章。"),
            ];
            (
                names[k],
                vec![vec![V::S("2024年妇儿党支部活动台账")], header, row],
            )
        })
        .collect()
}

#[test]
fn every_header_variant_and_date_form_reads_and_a_dry_run_writes_nothing() {
    let site = TestSite::demo();
    let file = site.path("台账.xlsx");
    workbook(&file, &variant_sheets());
    let before = activity_files(&site);
    let titles = ["主题一", "主题二", "主题三", "主题四", "主题五", "主题六"];
    let times = ["14:30", "14:30", "14:30-16:00"];
    for (k, sheet) in ["表一", "表二", "表三", "表四", "表五", "表六"]
        .iter()
        .enumerate()
    {
        let (code, out, err) = run(
            &site,
            &[
                "import",
                "activities",
                file.to_str().unwrap(),
                "--sheet",
                sheet,
            ],
        );
        assert_eq!(code, 0, "{sheet}: {err}");
        assert!(!err.contains("错误"), "{sheet}: {err}");
        for expected in [
            "# 第 3 行 → content/activities/2024/2024-03-05-fuer-dangke".to_owned(),
            format!("title = \"{}\"", titles[k]),
            "branch = \"fuer\"".to_owned(),
            "kind = \"党课\"".to_owned(),
            "date = 2024-03-05".to_owned(),
            format!("time = \"{}\"", times[k % 3]),
            "place = \"儿科会议室\"".to_owned(),
            "chair = \"陆浩然\"".to_owned(),
            "recorder = \"江佳慧\"".to_owned(),
            "expected = 5".to_owned(),
            "present = 4".to_owned(),
            "lecturer = \"陆浩然\"".to_owned(),
            "subject = \"守初心\"".to_owned(),
            "topics = [\"集中学习\", \"交流发言\"]".to_owned(),
            "absentees = [{ name = \"俞艳\", reason = \"病假\" }]".to_owned(),
            "guests = [\"院党委委员 李华\", \"纪委委员 王强\"]".to_owned(),
            format!("会议学习了党章。\n\n本记录由 台账.xlsx 工作表“{sheet}”第 3 行导入。"),
        ] {
            assert!(
                out.contains(&expected),
                "{sheet}: no {expected:?} in\n{out}"
            );
        }
        assert!(err.contains("试运行：将写入 1 条记录，0 条已有"), "{err}");
    }
    assert_eq!(activity_files(&site), before, "a dry run wrote files");
}

#[test]
fn each_bad_cell_is_located_by_file_sheet_row_and_column() {
    let site = TestSite::demo();
    let file = site.path("台账.xlsx");
    let header = [
        "日期",
        "支部",
        "类型",
        "主题",
        "应到",
        "实到",
        "缺席人员及原因",
    ];
    let row = |cells: [&'static str; 7]| cells.iter().map(|s| V::S(s)).collect::<Vec<_>>();
    workbook(
        &file,
        &[(
            "活动台账",
            vec![
                vec![V::S("2024年活动台账")],
                header.iter().map(|s| V::S(s)).collect(),
                row(["2024-3-5", "妇儿支部", "党课", "好的一行", "5", "5", ""]),
                row(["2024-2-30", "妇儿支部", "党课", "坏日期", "5", "5", ""]),
                row(["三月五日", "内九支部", "开会", "", "十二", "3", "王珂"]),
                row(["", "妇儿支部", "党课", "没有日期", "3", "5", "无"]),
            ],
        )],
    );
    let before = activity_files(&site);
    let (code, out, err) = run(&site, &["import", "activities", file.to_str().unwrap()]);
    assert_eq!(code, 1, "{err}");
    let expect = [
        (
            "“2024-2-30”不是一个存在的日期（2024年没有2月30日）",
            "台账.xlsx:活动台账:4:A",
        ),
        (
            "“三月五日”不是日期；可写作 2024-03-05、2024-3-5、2024/3/5、2024.3.5 或 2024年3月5日",
            "台账.xlsx:活动台账:5:A",
        ),
        (
            "未知的支部“内九支部”；是否应为“内一支部”？",
            "台账.xlsx:活动台账:5:B",
        ),
        ("“主题”为空", "台账.xlsx:活动台账:5:D"),
        (
            "“应到”“十二”不是人数；应为整数，如 12",
            "台账.xlsx:活动台账:5:E",
        ),
        (
            "缺席人员“王珂”没有写原因；应写作 姓名:原因 或 姓名（原因），多人用“；”分开",
            "台账.xlsx:活动台账:5:G",
        ),
        ("“日期”为空", "台账.xlsx:活动台账:6:A"),
        ("实到 5 人多于应到 3 人", "台账.xlsx:活动台账:6:F"),
    ];
    for (msg, place) in expect {
        let block = format!("错误[import-cell]: {msg}\n  --> {place}\n");
        assert!(err.contains(&block), "no {block:?} in\n{err}");
    }
    assert!(
        err.contains("错误[import-cell]: 活动类型“开会”不在配置的类型列表中；"),
        "{err}"
    );
    assert!(err.contains("  --> 台账.xlsx:活动台账:5:C\n"), "{err}");
    assert!(err.contains("共 9 个错误"), "{err}");
    // The good row is shown, but with errors in the sheet nothing is written, even with --write.
    assert!(out.contains("title = \"好的一行\""), "{out}");
    let (code, _, err) = run(
        &site,
        &["import", "activities", file.to_str().unwrap(), "--write"],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("有错误，未写入任何文件"), "{err}");
    assert_eq!(activity_files(&site), before);
}

#[test]
fn a_missing_column_is_named_at_the_header_row_and_map_supplies_it() {
    let site = TestSite::demo();
    let file = site.path("台账.xlsx");
    workbook(
        &file,
        &[(
            "Sheet1",
            vec![
                vec![V::S("开会日子"), V::S("支部"), V::S("类型"), V::S("主题")],
                vec![V::D(2024, 3, 5), V::S("fuer"), V::S("党课"), V::S("映射")],
            ],
        )],
    );
    let path = file.to_str().unwrap();
    let (code, _, err) = run(&site, &["import", "activities", path]);
    assert_eq!(code, 1);
    assert!(
        err.contains("错误[import-column]: 表头行中没有“日期”列\n  --> 台账.xlsx:Sheet1:1\n"),
        "{err}"
    );
    let (code, out, err) = run(
        &site,
        &["import", "activities", path, "--map", "开会日子=日期"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("date = 2024-03-05"), "{out}");
    // Columns the ledger lacks are filled as `new` fills them, and said once.
    assert!(
        err.contains("警告[import-column]: 表中没有“地点”“主持人”“记录人”“应到”列"),
        "{err}"
    );
    let (code, _, err) = run(
        &site,
        &["import", "activities", path, "--map", "开会日子=开会"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("--map 开会日子=开会：没有字段“开会”；可用的字段：日期、支部"),
        "{err}"
    );
    let (code, _, err) = run(&site, &["import", "activities", path, "--sheet", "活动"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("没有名为“活动”的工作表；这个文件的工作表有：Sheet1"),
        "{err}"
    );
}

#[test]
fn write_then_check_is_clean_and_a_second_import_writes_nothing() {
    let site = TestSite::demo();
    let file = site.path("台账.xlsx");
    workbook(&file, &variant_sheets()[..1]);
    let before = activity_files(&site);
    let path = file.to_str().unwrap();
    let (code, out, err) = run(&site, &["import", "activities", path, "--write"]);
    assert_eq!(code, 0, "{err}");
    let written = "content/activities/2024/2024-03-05-fuer-dangke.md";
    assert_eq!(out.trim(), written);
    assert!(err.contains("已写入 1 条记录，0 条已有"), "{err}");
    let text = site.read(written);
    assert!(text.contains("title = \"主题一\""), "{text}");
    let after = activity_files(&site);
    assert_eq!(after.len(), before.len() + 1);

    let (code, diags) = site.check_json();
    assert_eq!(code, 0, "{diags:#?}");
    let about: Vec<_> = diags.iter().filter(|d| d.file == written).collect();
    assert!(about.is_empty(), "{about:#?}");

    for flag in ["--write", "--dry-run"] {
        let (code, out, err) = run(&site, &["import", "activities", path, flag]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, "", "{flag}");
        assert!(err.contains("0 条记录，1 条已有"), "{err}");
    }
    assert_eq!(activity_files(&site), after);
}

/// The sheet that tests/fixtures/import/台账.ods and 台账.xls hold: LibreOffice 7.4 converted
/// the .xlsx written from it once (`soffice --headless --convert-to ods|xls`), so that the
/// test reads files made by a real office suite, not by the writer the test also uses. After a
/// change here, `DANGJIAN_BLESS=1 cargo test --test import files_saved_by` rewrites 台账.xlsx
/// and the two conversions must be made again from it; until then the test fails.
fn office_sheet() -> Vec<(&'static str, Vec<Vec<V>>)> {
    vec![(
        "活动台账",
        vec![
            vec![V::S("2025年活动台账（妇儿党支部）")],
            [
                "会议日期",
                "党支部",
                "活动类型",
                "会议主题",
                "起止时间",
                "会议地点",
                "主持人",
                "记录人",
                "应到人数",
                "实到人数",
                "缺席人员及原因",
                "议题",
            ]
            .iter()
            .map(|s| V::S(s))
            .collect(),
            vec![
                V::D(2025, 11, 4),
                V::S("妇儿党支部"),
                V::S("党课"),
                V::S("学习贯彻全会精神"),
                V::T(15, 0),
                V::S("儿科会议室"),
                V::S("陆浩然"),
                V::S("江佳慧"),
                V::N(6.0),
                V::N(5.0),
                V::S("俞艳：外出进修"),
                V::S("1.集中学习；2.交流发言"),
            ],
            vec![
                V::S("2025年11月18日"),
                V::S("fuer"),
                V::S("支委会"),
                V::S("研究年终考核"),
                V::S("17:30-18:10"),
                V::S("儿科门诊会议室"),
                V::S("陆浩然"),
                V::S("江佳慧"),
                V::N(3.0),
                V::N(3.0),
                V::S(""),
                V::S("研究年终考核安排"),
            ],
        ],
    )]
}

#[test]
fn files_saved_by_libreoffice_as_ods_and_xls_read_as_the_xlsx_does() {
    let site = TestSite::demo();
    let xlsx = site.path("台账.xlsx");
    workbook(&xlsx, &office_sheet());
    let dry = |path: &Path| {
        let (code, out, err) = run(&site, &["import", "activities", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{}: {err}", path.display());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        out.replace(&name, "台账")
    };
    let expected = dry(&xlsx);
    for line in [
        "date = 2025-11-04",
        "time = \"15:00\"",
        "kind = \"党课\"",
        "absentees = [{ name = \"俞艳\", reason = \"外出进修\" }]",
        "date = 2025-11-18",
        "kind = \"支部委员会\"",
        "topics = [\"研究年终考核安排\"]",
    ] {
        assert!(expected.contains(line), "no {line:?} in\n{expected}");
    }
    if std::env::var_os("DANGJIAN_BLESS").is_some() {
        let dir = support::repo_root().join("tests/fixtures/import");
        std::fs::create_dir_all(&dir).expect("mkdir");
        workbook(&dir.join("台账.xlsx"), &office_sheet());
    }
    // The committed .xlsx is the source of the two conversions: it must still be this sheet.
    for ext in ["xlsx", "ods", "xls"] {
        let file = support::repo_root().join(format!("tests/fixtures/import/台账.{ext}"));
        let copy = site.path(&format!("台账.{ext}"));
        std::fs::copy(&file, &copy).expect("copy fixture");
        assert_eq!(dry(&copy), expected, "{ext}");
    }
}

const CSV: &str = "\
活动日期,党支部,会议类型,会议主题,时间,地点,应到人数,实到人数,缺席人员及原因\n\
2024/3/5,妇儿支部,支委会,研究三月工作,14:30-15:30,儿科会议室,3,2,江佳慧:外出进修\n";

#[test]
fn csv_in_utf8_with_a_bom_and_in_gbk_read_alike() {
    let site = TestSite::demo();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(CSV);
    assert!(!unmappable);
    let bom = [b"\xEF\xBB\xBF".as_slice(), CSV.as_bytes()].concat();
    let mut outs = Vec::new();
    for (name, bytes) in [("u.csv", CSV.as_bytes()), ("b.csv", &bom), ("g.csv", &gbk)] {
        site.write_bytes(name, bytes);
        let (code, out, err) = run(
            &site,
            &["import", "activities", site.path(name).to_str().unwrap()],
        );
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("kind = \"支部委员会\""), "{out}");
        assert!(
            out.contains("absentees = [{ name = \"江佳慧\", reason = \"外出进修\" }]"),
            "{out}"
        );
        outs.push(out.replace(name, "x.csv"));
    }
    assert_eq!(outs[0], outs[1]);
    assert_eq!(outs[0], outs[2]);
    // A CSV has no sheets: its cells are 文件:行:列.
    site.write("bad.csv", &CSV.replace("2024/3/5", "2024/13/5"));
    let (code, _, err) = run(
        &site,
        &[
            "import",
            "activities",
            site.path("bad.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("  --> bad.csv:2:A\n"), "{err}");
}

#[test]
fn figures_fill_the_years_file_once_and_never_change_a_recorded_one() {
    let site = TestSite::demo();
    let file = site.path("年度数据.xlsx");
    let rows = |value: f64| {
        vec![
            ["年度", "项目", "数值", "单位", "分类"]
                .iter()
                .map(|s| V::S(s))
                .collect(),
            vec![
                V::N(2024.0),
                V::S("新成立党支部"),
                V::N(1.0),
                V::S("个"),
                V::S("组织建设"),
            ],
            vec![
                V::S("2024年"),
                V::S("党员志愿服务时长"),
                V::N(value),
                V::S("小时"),
                V::S("服务群众"),
            ],
            vec![
                V::N(2023.0),
                V::S("支部书记培训"),
                V::S("2次"),
                V::S("次"),
                V::S("组织建设"),
            ],
        ]
    };
    workbook(&file, &[("年度数据", rows(1520.0))]);
    let path = file.to_str().unwrap();
    let old_2024 = site.read("content/annual/2024.toml");
    assert!(!site.path("content/annual/2023.toml").exists());

    let (code, out, err) = run(&site, &["import", "figures", path]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("# content/annual/2024.toml 将加入：\n第 3 行：党员志愿服务时长 1520"),
        "{out}"
    );
    assert!(err.contains("试运行：将加入 2 个数字，1 个已有"), "{err}");
    assert_eq!(
        site.read("content/annual/2024.toml"),
        old_2024,
        "a dry run wrote"
    );
    assert!(!site.path("content/annual/2023.toml").exists());

    let (code, out, err) = run(&site, &["import", "figures", path, "--write"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "content/annual/2023.toml\ncontent/annual/2024.toml\n");
    let new_2024 = site.read("content/annual/2024.toml");
    // Added after the last figure, before the targets; the rest of the file as it was.
    let added = "\n[[figures]]\nid = \"imported_1\"\nlabel = \"党员志愿服务时长\"\nunit = \"小时\"\ngroup = \"服务群众\"\nvalue = 1520\n";
    let at = old_2024.find("\n[[targets]]").expect("targets");
    assert_eq!(
        new_2024,
        format!("{}{added}{}", &old_2024[..at], &old_2024[at..])
    );
    assert!(
        site.read("content/annual/2023.toml")
            .contains("label = \"支部书记培训\"\nunit = \"次\"\ngroup = \"组织建设\"\nvalue = 2\n")
    );
    let (code, diags) = site.check_json();
    assert_eq!(code, 0, "{diags:#?}");
    let about: Vec<_> = diags
        .iter()
        .filter(|d| d.file.starts_with("content/annual/"))
        .collect();
    assert!(about.is_empty(), "{about:#?}");

    let (code, out, err) = run(&site, &["import", "figures", path, "--write"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("已加入 0 个数字，3 个已有"), "{err}");

    // A recorded figure is never overwritten: the differing cell is named.
    workbook(&file, &[("年度数据", rows(1600.0))]);
    let (code, _, err) = run(&site, &["import", "figures", path, "--write"]);
    assert_eq!(code, 1);
    assert!(err.contains("错误[import-cell]: content/annual/2024.toml 中“党员志愿服务时长”已是 1520，表中是 1600；导入不会改动已有的数字，请核对后在文件中修改\n  --> 年度数据.xlsx:年度数据:3:C\n"), "{err}");
    assert_eq!(site.read("content/annual/2024.toml"), new_2024);
}

#[test]
fn a_roster_fills_the_branch_members_once_and_not_where_member_records_give_it() {
    let site = TestSite::minimal();
    let file = site.path("名册.xlsx");
    let header: Vec<V> = [
        "姓名",
        "所在党支部",
        "党员类别",
        "入党时间",
        "出生年月",
        "是否高知",
    ]
    .iter()
    .map(|s| V::S(s))
    .collect();
    let good = || {
        vec![
            vec![
                V::S("张明"),
                V::S("一支部"),
                V::S("正式党员"),
                V::D(2001, 7, 1),
                V::S("1975.3"),
                V::S("是"),
            ],
            vec![
                V::S("李华"),
                V::S("第一党支部"),
                V::S("预备党员"),
                V::S("2024-6-1"),
                V::N(1990.0),
                V::S("否"),
            ],
        ]
    };
    let mut rows = vec![header.clone()];
    rows.extend(good());
    rows.push(vec![
        V::S("赵强"),
        V::S("二支部"),
        V::S("党员"),
        V::S(""),
        V::S("八八年"),
        V::S("也许"),
    ]);
    workbook(&file, &[("名册", rows)]);
    let path = file.to_str().unwrap();
    let old = site.read("content/branches/alpha.toml");
    let (_, checked_before) = site.check_json();
    let (code, _, err) = run(&site, &["import", "roster", path, "--write"]);
    assert_eq!(code, 1);
    for (msg, place) in [
        (
            "未知的支部“二支部”；是否应为“一支部”？",
            "名册.xlsx:名册:4:B",
        ),
        (
            "“党员”不是党员类别；应为 正式党员 或 预备党员",
            "名册.xlsx:名册:4:C",
        ),
        (
            "“八八年”不是出生年份；应写作 1986 或 1986-05-01",
            "名册.xlsx:名册:4:E",
        ),
        ("“也许”应写 是 或 否", "名册.xlsx:名册:4:F"),
    ] {
        let block = format!("错误[import-cell]: {msg}\n  --> {place}\n");
        assert!(err.contains(&block), "no {block:?} in\n{err}");
    }
    assert_eq!(site.read("content/branches/alpha.toml"), old);

    let mut rows = vec![header.clone()];
    rows.extend(good());
    workbook(&file, &[("名册", rows)]);
    let (code, out, err) = run(&site, &["import", "roster", path]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "# content/branches/alpha.toml 将加入 [[members]]：\n第 2 行：张明\n第 3 行：李华\n"
    );
    assert_eq!(
        site.read("content/branches/alpha.toml"),
        old,
        "a dry run wrote"
    );
    let (code, out, err) = run(&site, &["import", "roster", path, "--write"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "content/branches/alpha.toml\n");
    assert_eq!(
        site.read("content/branches/alpha.toml"),
        format!(
            "{old}\n[[members]]\nname = \"张明\"\nstatus = \"正式\"\njoined = 2001-07-01\nbirth_year = 1975\ngaozhi = true\n\n[[members]]\nname = \"李华\"\nstatus = \"预备\"\njoined = 2024-06-01\nbirth_year = 1990\ngaozhi = false\n"
        )
    );
    // Nothing new but the rules' reminders that a roster makes possible (张明 absent for
    // months: the absence rule needs names).
    let (code, diags) = site.check_json();
    assert_eq!(code, 0, "{diags:#?}");
    let new: Vec<_> = diags
        .iter()
        .filter(|d| !checked_before.contains(d))
        .collect();
    assert!(new.iter().all(|d| d.code == "rule"), "{new:#?}");
    let (code, out, err) = run(&site, &["import", "roster", path, "--write"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "");
    assert!(err.contains("已加入 0 名党员，2 名已在名册中"), "{err}");

    // The demo's branches take their rosters from content/members/.
    let demo = TestSite::demo();
    let file = demo.path("名册.xlsx");
    workbook(
        &file,
        &[(
            "名册",
            vec![
                vec![V::S("姓名"), V::S("支部")],
                vec![V::S("新人"), V::S("妇儿支部")],
            ],
        )],
    );
    let (code, _, err) = run(&demo, &["import", "roster", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("错误[import-cell]: 妇儿党支部的名册来自 content/members/ 的党员记录，不能再导入 [[members]]；请在党员记录中补记\n  --> 名册.xlsx:名册:2:B\n"), "{err}");
}

#[test]
fn a_value_check_refuses_is_located_at_its_cell_and_long_imports_show_progress() {
    let site = TestSite::demo();
    site.write(
        "t.csv",
        "日期,支部,类型,主题,时间,地点,应到,实到,主持人,记录人\n2024-3-5,fuer,党课,时间不对,25:99,会议室,5,5,陆浩然,江佳慧\n",
    );
    let (code, out, err) = run(
        &site,
        &["import", "activities", site.path("t.csv").to_str().unwrap()],
    );
    assert_eq!(code, 1);
    assert_eq!(out, "");
    assert!(
        err.contains(
            "错误[import-cell]: check 会拒绝这一行的记录：时间“25:99”格式不对\n  --> t.csv:2:E\n"
        ),
        "{err}"
    );

    let mut csv = String::from("日期,支部,类型,主题,时间,地点,应到,实到,主持人,记录人\n");
    for i in 0..150 {
        csv.push_str(&format!(
            "2024-3-5,fuer,党课,第{i}课,14:30,会议室,5,5,陆浩然,江佳慧\n"
        ));
    }
    site.write("long.csv", &csv);
    let (code, out, err) = run(
        &site,
        &[
            "import",
            "activities",
            site.path("long.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "已处理 100/150 行\n试运行：将写入 150 条记录，0 条已有；确认无误后加 --write 写入\n"
    );
    // Rows of one day, branch and kind get the names `new` gives them: -2, -3 …
    assert!(
        out.contains("→ content/activities/2024/2024-03-05-fuer-dangke-150.md"),
        "{out}"
    );
}

#[test]
fn a_formula_error_is_no_value_in_any_column() {
    let site = TestSite::demo();
    let file = site.path("台账.xlsx");
    workbook(
        &file,
        &[(
            "Sheet1",
            vec![
                ["日期", "支部", "类型", "主题", "应到"]
                    .iter()
                    .map(|s| V::S(s))
                    .collect(),
                vec![
                    V::S("2024-3-5"),
                    V::S("fuer"),
                    V::S("党课"),
                    V::F("=VLOOKUP(X1,Y:Z,2,0)", "#N/A"),
                    V::F("=1/0", "#DIV/0!"),
                ],
            ],
        )],
    );
    let (code, out, err) = run(&site, &["import", "activities", file.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(out, "");
    for (e, place) in [
        ("#N/A", "台账.xlsx:Sheet1:2:D"),
        ("#DIV/0!", "台账.xlsx:Sheet1:2:E"),
    ] {
        let block = format!(
            "错误[import-cell]: 单元格是公式的错误值 {e}，不是数据；请在表格中改正公式或填写数值\n  --> {place}\n"
        );
        assert!(err.contains(&block), "no {block:?} in\n{err}");
    }
}
