//! The demo's search page in headless Chromium (`tests/browser/search.mjs`, playwright-core),
//! served over HTTP below a folder as an intranet server would: a query that names a record
//! finds it first — each notice by its 文号 as printed and as 2024年1号, each branch by its
//! short name — a secretary's name has their branch in the top three, every result shows its
//! type (and an activity its branch and date, a notice its 文号 and date) with an excerpt that
//! starts at a sentence, 最新 sorts newest first, the 类型 filter lists the kinds in the
//! configured order and ticking a type shows only that type, the page normalises a query as
//! the build normalises names, and the top results of 20 fixed queries are those of
//! `tests/fixtures/search_golden.json` (same first result, same hits; the guard of work that
//! makes the index faster). `DANGJIAN_BLESS=1` rewrites the golden file.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};

use support::site::{Built, build_demo, percent_decode, require_program, tool_file};
use support::{missing, repo_root};

const PREFIX: &str = "/dangjian/";
const GOLDEN: &str = "tests/fixtures/search_golden.json";
const KIND: &str = "主题党日";

/// (query, its normalised form): the forms of `present::search::key`'s unit tests, which the
/// page must compute alike (`searchKey` in static/search.js).
const KEYS: [(&str, &str); 12] = [
    ("澄中医党〔2024〕1号", "澄中医党2024-1"),
    ("澄中医党[2024]1号", "澄中医党2024-1"),
    ("澄中医党 〔2024〕 第1号", "澄中医党2024-1"),
    ("澄中医党2024-01", "澄中医党2024-1"),
    ("澄中医党２０２４年１号", "澄中医党2024-1"),
    ("2024年1号", "2024-1"),
    ("2024-1", "2024-1"),
    ("澄中医党函〔2026〕10号", "澄中医党函2026-10"),
    ("药剂 支部", "药剂支部"),
    ("ＩＣＵ党支部", "icu党支部"),
    ("2024年度组织生活会", "2024年度组织生活会"),
    ("2024年123456号", "2024年123456号"),
];
/// Results per query kept in the golden file.
const TOP: usize = 5;

/// Queries whose top results must not change when the index is made differently.
const GOLDEN_QUERIES: [&str; 20] = [
    "澄中医党〔2024〕1号",
    "2024年3号",
    "澄中医党函〔2026〕10号",
    "药剂支部",
    "内科第二党支部",
    "针推支部",
    "许芷若",
    "梁斌",
    "主题党日",
    "党纪学习教育",
    "组织生活会",
    "本草匠心",
    "三强三优",
    "学雷锋",
    "二十届三中全会",
    "换届选举",
    "志愿服务",
    "党建工作报告",
    "义诊",
    "中医药文化进校园",
];

// ------------------------------------------------------------------------ a static server

fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || answer(stream, &root));
        }
    });
    port
}

fn answer(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 65536 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let target = head.lines().next().unwrap_or_default();
    let target = target.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or_default());
    let file = path
        .strip_prefix(PREFIX)
        .filter(|rel| !rel.is_empty() && !rel.split('/').any(|s| s == ".." || s.is_empty()))
        .map(|rel| root.join(rel))
        .filter(|f| f.is_file());
    let (status, body) = match &file {
        Some(f) => ("200 OK", std::fs::read(f).unwrap_or_default()),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.as_ref().and_then(|f| f.extension()?.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(&body);
}

// ------------------------------------------------------------------------- the demo's facts

struct Notice {
    number: String,
    short: String,
    page: String,
}

struct Branch {
    name: String,
    short_name: String,
    secretary: String,
    page: String,
}

fn toml_of(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).expect("read");
    let text = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("\n+++"))
        .map_or(text.as_str(), |(front, _)| front);
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every notice of the demo, its 文号 made from `site.toml` as the printed notice has it.
fn notices(b: &Built) -> Vec<Notice> {
    let config = toml_of(&b.site.path("site.toml"));
    let main = config["organisation"]["doc_prefix"]
        .as_str()
        .expect("doc_prefix");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(b.site.path("content/notices")) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(b.site.path("content/notices"))
            .expect("below")
            .to_string_lossy()
            .into_owned();
        let parts: Vec<&str> = rel.trim_end_matches(".md").split('/').collect();
        let (series, year, n) = match parts.as_slice() {
            [year, n] => (None, *year, *n),
            [series, year, n] => (Some(*series), *year, *n),
            _ => panic!("unexpected notice path {rel}"),
        };
        let prefix = series.map_or(main, |s| {
            config["notices"]["series"][s]["prefix"]
                .as_str()
                .expect("series prefix")
        });
        out.push(Notice {
            number: format!("{prefix}〔{year}〕{n}号"),
            short: format!("{year}年{n}号"),
            page: match series {
                None => format!("notices/{year}-{n}.html"),
                Some(s) => format!("notices/{s}-{year}-{n}.html"),
            },
        });
    }
    out.sort_by(|a, b| a.page.cmp(&b.page));
    out
}

fn branches(b: &Built) -> Vec<Branch> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(b.site.path("content/branches")).expect("branches") {
        let path = entry.expect("entry").path();
        let t = toml_of(&path);
        let id = path.file_stem().expect("stem").to_string_lossy();
        out.push(Branch {
            name: t["name"].as_str().expect("name").to_owned(),
            short_name: t["short_name"].as_str().expect("short_name").to_owned(),
            secretary: t["secretary"]["name"]
                .as_str()
                .expect("secretary")
                .to_owned(),
            page: format!("branches/{id}.html"),
        });
    }
    out.sort_by(|a, b| a.page.cmp(&b.page));
    out
}

/// The configured activity kinds in their order, as `new activity` lists them for a kind it
/// does not know.
fn configured_kinds(b: &Built) -> Vec<String> {
    let o = b.site.run(&[
        "new",
        "activity",
        "--branch",
        "yaoji",
        "--kind",
        "不存在的类型",
        "--title",
        "x",
    ]);
    let text =
        String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    let list = text
        .split_once("可选：")
        .map(|(_, l)| l.lines().next().unwrap_or_default())
        .unwrap_or_else(|| panic!("no list of kinds in {text}"));
    list.split('、').map(str::to_owned).collect()
}

// -------------------------------------------------------------------------- the browser run

struct Run {
    built: Built,
    report: Value,
    notices: Vec<Notice>,
    branches: Vec<Branch>,
}

/// Chromium and the tools folder with playwright-core; the set-up hint when one is missing.
fn browser() -> (PathBuf, PathBuf) {
    require_program("node", "--version");
    let chromium = PathBuf::from("/usr/bin/chromium");
    if !chromium.is_file() {
        missing("/usr/bin/chromium");
    }
    let playwright = tool_file("playwright-core/package.json");
    let tools = playwright.ancestors().nth(3).expect(".tools").to_path_buf();
    (chromium, tools)
}

fn run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| {
        let (chromium, tools) = browser();
        let axe = tool_file("axe-core/axe.min.js");
        let built = build_demo();
        let port = serve(built.out.clone());
        let notices = notices(&built);
        let branches = branches(&built);
        let mut ranked: BTreeSet<String> = GOLDEN_QUERIES.iter().map(|q| (*q).to_owned()).collect();
        for n in &notices {
            ranked.insert(n.number.clone());
            ranked.insert(n.short.clone());
        }
        for b in &branches {
            ranked.insert(b.short_name.clone());
            ranked.insert(b.name.clone());
            ranked.insert(b.secretary.clone());
        }
        let screenshots = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .parent()
            .expect("target dir")
            .join("search-screenshots");
        let report_file = built.site.path("search-report.json");
        let config = json!({
            "tools": tools,
            "chromium": chromium,
            "base": format!("http://127.0.0.1:{port}{PREFIX}"),
            "axe": axe,
            "screenshots": screenshots,
            "report": report_file,
            "ranked": ranked,
            "limit": TOP,
            "kind": KIND,
            "keys": KEYS.iter().map(|(text, _)| text).collect::<Vec<_>>(),
            "filtered": {"text": "党纪学习教育", "name": "类型", "value": "通知文件"},
            "shown": [
                {"text": "党纪学习教育", "sort": "relevance"},
                {"text": "党纪学习教育", "sort": "newest"},
                {"text": notices[0].number, "sort": "relevance"},
                {"text": branches[0].secretary, "sort": "relevance"},
            ],
        });
        support::site::run_browser_script(&built.site, "search", &config);
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(&report_file).expect("report"))
                .expect("report is JSON");
        Run {
            built,
            report,
            notices,
            branches,
        }
    })
}

/// A result URL as a site path: `/dangjian/a/b.html` → `a/b.html`.
fn site_path(url: &str) -> String {
    url.strip_prefix(PREFIX)
        .unwrap_or_else(|| panic!("result URL {url} is not below {PREFIX}"))
        .to_owned()
}

fn ranked(r: &Run, query: &str) -> Vec<String> {
    r.report["ranked"][query]
        .as_array()
        .unwrap_or_else(|| panic!("no results recorded for {query}"))
        .iter()
        .map(|u| site_path(u.as_str().unwrap_or_default()))
        .collect()
}

// ---------------------------------------------------------------------------------- tests

#[test]
fn the_page_searches_without_console_errors_or_failed_requests() {
    let r = run();
    for key in ["console", "pageErrors", "failed"] {
        assert_eq!(r.report[key], json!([]), "{key} while searching");
    }
}

#[test]
fn each_notice_comes_first_for_its_doc_number_however_it_is_written() {
    let r = run();
    assert!(r.notices.len() >= 10, "only {} notices", r.notices.len());
    let mut wrong = Vec::new();
    for n in &r.notices {
        for q in [&n.number, &n.short] {
            let got = ranked(r, q);
            if got.first() != Some(&n.page) {
                wrong.push(format!("{q}: expected {} first, got {got:?}", n.page));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn each_branch_comes_first_for_its_short_and_full_name() {
    let r = run();
    assert_eq!(r.branches.len(), 15);
    let mut wrong = Vec::new();
    for b in &r.branches {
        for q in [&b.short_name, &b.name] {
            let got = ranked(r, q);
            if got.first() != Some(&b.page) {
                wrong.push(format!("{q}: expected {} first, got {got:?}", b.page));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_secretarys_name_has_their_branch_in_the_top_three_and_then_their_activities() {
    let r = run();
    let mut wrong = Vec::new();
    for b in &r.branches {
        let got = ranked(r, &b.secretary);
        if !got.iter().take(3).any(|p| p == &b.page) {
            wrong.push(format!(
                "{}: {} not in the top three: {got:?}",
                b.secretary, b.page
            ));
        }
        // The rest are records that name them: the branch's activities, which they chair.
        let stem = b
            .page
            .trim_start_matches("branches/")
            .trim_end_matches(".html");
        let theirs = got
            .iter()
            .filter(|p| p.starts_with("activities/") && p.contains(&format!("-{stem}-")))
            .count();
        if theirs < 2 {
            wrong.push(format!(
                "{}: only {theirs} of the branch's activities in {got:?}",
                b.secretary
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn shown(r: &Run, i: usize) -> &Value {
    let s = &r.report["shown"][i];
    assert!(
        s["results"].as_array().is_some_and(|a| !a.is_empty()),
        "nothing shown for {}: {}",
        s["text"],
        s["message"]
    );
    s
}

#[test]
fn every_result_shows_its_type_and_an_activity_its_branch_and_date() {
    let r = run();
    let mut wrong = Vec::new();
    for i in 0..4 {
        let s = shown(r, i);
        for res in s["results"].as_array().expect("results") {
            let path = site_path(res["url"].as_str().unwrap_or_default());
            let facts = &res["facts"];
            let need: &[&str] = if path.starts_with("activities/") {
                &["类型", "支部", "日期"]
            } else if path.starts_with("notices/") {
                &["类型", "文号", "日期"]
            } else {
                &["类型"]
            };
            for label in need {
                if facts[label].as_str().is_none_or(str::is_empty) {
                    wrong.push(format!(
                        "{path} (for {}) shows no {label}: {facts}",
                        s["text"]
                    ));
                }
            }
            if path.starts_with("activities/") {
                let date = facts["日期"].as_str().unwrap_or_default();
                let ymd = &path["activities/2024/".len().."activities/2024/2024-01-01".len()];
                let want = chinese_date(ymd);
                if date != want {
                    wrong.push(format!("{path} shows the date {date}, its record {want}"));
                }
            }
        }
    }
    let notice = &r.notices[0];
    let first = &shown(r, 2)["results"][0];
    assert_eq!(first["facts"]["文号"], notice.number.as_str());
    assert_eq!(first["facts"]["类型"], "通知文件");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn chinese_date(ymd: &str) -> String {
    let parts: Vec<u32> = ymd.split('-').map(|p| p.parse().expect("date")).collect();
    format!("{}年{}月{}日", parts[0], parts[1], parts[2])
}

#[test]
fn an_excerpt_starts_at_a_sentence_of_the_record() {
    let r = run();
    let s = shown(r, 0);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for res in s["results"].as_array().expect("results") {
        let path = site_path(res["url"].as_str().unwrap_or_default());
        let Some(rest) = path.strip_prefix("activities/") else {
            continue;
        };
        let excerpt = res["excerpt"].as_str().unwrap_or_default();
        let record = r.built.site.read(&format!(
            "content/activities/{}",
            rest.replace(".html", ".md")
        ));
        let body = record.rsplit("+++\n").next().unwrap_or_default();
        let start: String = excerpt.chars().take(12).collect();
        let Some(at) = body.find(&start) else {
            // Words found only among the facts (a topic, the place): the excerpt is the
            // facts, from their start, the branch's name.
            let branch = res["facts"]["支部"].as_str().unwrap_or("\u{0}");
            if !excerpt.starts_with(&format!("{branch}，")) {
                wrong.push(format!(
                    "{path}: the excerpt “{excerpt}” is not from its record"
                ));
            }
            continue;
        };
        let before = body[..at].chars().next_back();
        if !matches!(before, None | Some('。' | '！' | '？' | '；' | '\n')) {
            wrong.push(format!(
                "{path}: the excerpt “{excerpt}” starts after {before:?}"
            ));
        }
        checked += 1;
    }
    assert!(
        checked >= 5,
        "only {checked} activity excerpts checked: {s}"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn newest_sorts_by_date_and_relevance_does_not() {
    let r = run();
    let dates = |i: usize| -> Vec<String> {
        shown(r, i)["results"]
            .as_array()
            .expect("results")
            .iter()
            .filter_map(|x| {
                let p = site_path(x["url"].as_str()?);
                p.starts_with("activities/").then(|| {
                    p["activities/2024/".len().."activities/2024/2024-01-01".len()].to_owned()
                })
            })
            .collect()
    };
    let newest = dates(1);
    assert!(newest.len() >= 5, "{newest:?}");
    assert!(
        newest.windows(2).all(|w| w[0] >= w[1]),
        "最新 is not newest first: {newest:?}"
    );
    let relevance = dates(0);
    assert!(
        relevance.windows(2).any(|w| w[0] < w[1]),
        "相关度 gives the same order as 最新: {relevance:?}"
    );
}

/// 最新 over many shards: Pagefind merges the shards' results by their place in their own
/// index, so the build gives each page a sort key counted from the newest and the page puts
/// the first results in date order. The demo built with shards of 150 activities (12 shards,
/// as a site of 12,000 activities has); before, the newest record of a query came ninth.
#[test]
fn newest_sorts_by_date_across_many_shards() {
    let (chromium, tools) = browser();
    let site = support::TestSite::demo();
    let out = site.path("sharded-out");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_dangjian"))
        .arg("--root")
        .arg(site.path(""))
        .args(["build", "--no-pdf", "--output"])
        .arg(&out)
        .env("DANGJIAN_BENCH_DOCS_PER_SHARD", "150")
        .output()
        .expect("run dangjian build");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(out.join("pagefind/s11").is_dir(), "fewer than 12 shards");
    let port = serve(out);
    let report_file = site.path("newest-report.json");
    let queries = ["主题党日", "组织生活会", "党课", "支部委员会"];
    let config = json!({
        "tools": tools,
        "chromium": chromium,
        "base": format!("http://127.0.0.1:{port}{PREFIX}"),
        "report": report_file,
        "queries": queries,
        "limit": 10,
    });
    support::site::run_browser_script(&site, "search_newest", &config);
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(&report_file).expect("report"))
            .expect("report is JSON");
    assert_eq!(report["pageErrors"], json!([]));
    for q in queries {
        // Activity pages are named by their date: activities/2024/2024-03-15-….html.
        let dates: Vec<String> = report["newest"][q]
            .as_array()
            .unwrap_or_else(|| panic!("no results for {q}"))
            .iter()
            .filter_map(|u| {
                let p = site_path(u.as_str()?);
                p.starts_with("activities/").then(|| {
                    p["activities/2024/".len().."activities/2024/2024-01-01".len()].to_owned()
                })
            })
            .collect();
        assert!(dates.len() >= 8, "{q}: {dates:?}");
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "最新 is not newest first for {q}: {dates:?}"
        );
    }
}

#[test]
fn the_kind_filter_lists_the_configured_kinds_in_order_then_the_page_types() {
    let r = run();
    let shown_kinds: Vec<String> = r.report["filters"]["类型"]
        .as_array()
        .expect("a 类型 filter")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect();
    let configured = configured_kinds(&r.built);
    let activity_kinds: Vec<&String> = shown_kinds
        .iter()
        .filter(|k| configured.contains(k))
        .collect();
    let in_order: Vec<&String> = configured
        .iter()
        .filter(|k| shown_kinds.contains(k))
        .collect();
    assert_eq!(activity_kinds, in_order, "configured: {configured:?}");
    assert!(activity_kinds.len() >= 8, "{shown_kinds:?}");
    let rest: Vec<&str> = shown_kinds[activity_kinds.len()..]
        .iter()
        .map(String::as_str)
        .collect();
    assert_eq!(rest, ["支部", "支部品牌", "通知文件", "年度报告"]);
    for f in ["支部", "年份"] {
        assert!(r.report["filters"][f].is_array(), "no {f} filter");
    }
}

#[test]
fn the_search_page_passes_axe_and_fits_a_phone() {
    let r = run();
    let serious: Vec<String> = r.report["axe"]
        .as_array()
        .expect("axe")
        .iter()
        .filter(|v| {
            matches!(
                v["impact"].as_str(),
                Some("moderate" | "serious" | "critical")
            )
        })
        .map(|v| {
            format!(
                "{}: {} ({} nodes) {}",
                v["id"], v["help"], v["count"], v["nodes"]
            )
        })
        .collect();
    assert!(serious.is_empty(), "{}", serious.join("\n"));
    assert_eq!(
        r.report["phone"]["overflow"], 0,
        "the phone scrolls sideways"
    );
    assert!(r.report["phone"]["results"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn the_top_results_of_twenty_queries_are_those_of_the_golden_file() {
    let r = run();
    let now: BTreeMap<&str, Vec<String>> =
        GOLDEN_QUERIES.iter().map(|q| (*q, ranked(r, q))).collect();
    let file = repo_root().join(GOLDEN);
    if std::env::var_os("DANGJIAN_BLESS").is_some() {
        let text = serde_json::to_string_pretty(&now).expect("json") + "\n";
        std::fs::write(&file, text).expect("write golden");
        return;
    }
    let golden: BTreeMap<String, Vec<String>> = serde_json::from_str(
        &std::fs::read_to_string(&file)
            .expect("tests/fixtures/search_golden.json (DANGJIAN_BLESS=1 writes it)"),
    )
    .expect("golden is JSON");
    let mut wrong = Vec::new();
    for q in GOLDEN_QUERIES {
        let (got, want) = (&now[q], golden.get(q).cloned().unwrap_or_default());
        if got.first() != want.first() {
            wrong.push(format!(
                "{q}: first {:?}, golden {:?}",
                got.first(),
                want.first()
            ));
        }
        let (a, b): (BTreeSet<_>, BTreeSet<_>) = (got.iter().collect(), want.iter().collect());
        if a != b {
            wrong.push(format!("{q}: hits {got:?}, golden {want:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The demo's activities of `kind`, as site paths.
fn activities_of_kind(b: &Built, kind: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in walkdir::WalkDir::new(b.site.path("content/activities")) {
        let entry = entry.expect("walk");
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        if text.lines().any(|l| l == format!("kind = \"{kind}\"")) {
            let rel = entry
                .path()
                .strip_prefix(b.site.path("content"))
                .expect("below content")
                .with_extension("html");
            out.insert(rel.to_string_lossy().into_owned());
        }
    }
    out
}

#[test]
fn a_kind_finds_all_its_activities_and_its_filter_exactly_them() {
    let r = run();
    let expected = activities_of_kind(&r.built, KIND);
    assert!(
        expected.len() > 100,
        "only {} {KIND} activities",
        expected.len()
    );
    let set = |key: &str| -> BTreeSet<String> {
        r.report["kind"][key]
            .as_array()
            .expect("urls")
            .iter()
            .map(|u| site_path(u.as_str().unwrap_or_default()))
            .collect()
    };
    let found = set("all");
    let lost: Vec<_> = expected.difference(&found).take(5).collect();
    assert!(lost.is_empty(), "searching {KIND} misses e.g. {lost:?}");
    assert_eq!(set("filtered"), expected, "the 类型={KIND} filter");
    // The first results are activities of the kind, not records that mention it.
    let top = ranked(r, KIND);
    assert!(top.iter().all(|p| expected.contains(p)), "{top:?}");
}

#[test]
fn ticking_a_type_shows_only_results_of_that_type() {
    let r = run();
    let f = &r.report["filtered"];
    let types: Vec<&str> = f["types"]
        .as_array()
        .expect("types")
        .iter()
        .map(|t| t.as_str().unwrap_or_default())
        .collect();
    assert!(!types.is_empty(), "nothing shown: {}", f["message"]);
    assert!(types.iter().all(|t| *t == "通知文件"), "{f}");
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains(&format!("{} 条", types.len()))),
        "{f}"
    );
}

#[test]
fn the_search_page_script_never_turns_text_into_markup() {
    // Record text (titles, facts, excerpts) reaches the page as text nodes only; Pagefind's
    // excerpt is read through an inert DOMParser document for the words it marks.
    let js = std::fs::read_to_string(repo_root().join("themes/default/static/search.js"))
        .expect("search.js");
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ] {
        assert!(!js.contains(sink), "search.js uses {sink}");
    }
    assert!(js.contains("textContent"));
}

#[test]
fn the_page_normalises_a_query_as_the_build_normalises_names() {
    let r = run();
    for (text, want) in KEYS {
        assert_eq!(r.report["keys"][text], want, "{text}");
    }
}
