//! The annual work summary PDFs (`output/annual/<year>.pdf`) of the demo, read back with
//! poppler: every figure the narrative cites is printed as `dangjian stats --format json`
//! has it, with its unit; the appendix tables print the same numbers as the stats; the
//! website's charts are in it; a citation of an unknown figure fails the build at its line
//! and column; the notice that issues the 2024 summary carries it after the notice.
//! The demo is built once, with `build --pdf annual,notices`.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use support::TestSite;
use support::pdf::*;

/// The years of the demo that have a narrative (`content/annual/<year>.md`).
const YEARS: [i32; 3] = [2024, 2025, 2026];

fn site() -> &'static TestSite {
    static S: OnceLock<TestSite> = OnceLock::new();
    S.get_or_init(|| shared_demo("pdf_annual-demo", &["--pdf", "annual,notices"]))
}

fn annual(year: i32) -> PathBuf {
    site().path(&format!("output/annual/{year}.pdf"))
}

fn stats(year: i32) -> Value {
    let o = site().run(&["stats", "--year", &year.to_string(), "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("stats json")
}

/// A number as people write it: whole numbers without a decimal point.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn pct(v: &Value) -> String {
    v.as_f64()
        .map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", x * 100.0))
}

/// What `{{ name }}` stands for, from the stats JSON: the value with its unit.
/// How the record asks for a figure's value to be written (`display`), read from its file.
fn display_of(year: i32, id: &str) -> Option<String> {
    let text = std::fs::read_to_string(site().path(&format!("content/annual/{year}.toml"))).ok()?;
    let doc: toml::Value = toml::from_str(&text).ok()?;
    doc.get("figures")?
        .as_array()?
        .iter()
        .find(|f| f.get("id").and_then(toml::Value::as_str) == Some(id))?
        .get("display")?
        .as_str()
        .map(str::to_owned)
}

/// A value as `display` writes it: 238,600 (grouped) or 10.46万 (wan, two decimals at most).
fn displayed(x: f64, display: Option<&str>) -> String {
    match display {
        Some("grouped") => {
            let plain = num(x);
            let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
            let mut out = String::new();
            for (i, c) in whole.chars().enumerate() {
                if i > 0 && (whole.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            if !fraction.is_empty() {
                out.push('.');
                out.push_str(fraction);
            }
            out
        }
        Some("wan") => format!("{}万", num((x / 100.0).round() / 100.0)),
        _ => num(x),
    }
}

fn cited(name: &str, s: &Value, year: i32) -> String {
    let org = &s["org"];
    match name {
        "stats.activities" => return format!("{}次", org["activities"]),
        "stats.branches" => return format!("{}个", org["branches"]),
        "stats.members" => return format!("{}名", org["members"]),
        "stats.attendance_rate" => return pct(&org["attendance"]),
        _ => {}
    }
    if let Some(kind) = name.strip_prefix("stats.kind.") {
        return format!("{}次", org["by_kind"][kind].as_u64().unwrap_or(0));
    }
    for list in ["figures", "targets"] {
        let key = if list == "figures" { "value" } else { "actual" };
        if let Some(x) = org[list]
            .as_array()
            .expect("list")
            .iter()
            .find(|x| x["id"] == name)
        {
            let display = if list == "figures" {
                display_of(year, name)
            } else {
                None
            };
            return format!(
                "{}{}",
                displayed(f(&x[key]), display.as_deref()),
                x["unit"].as_str().expect("unit")
            );
        }
    }
    // The members at the year's end (or the as-of date) are not in the figures table.
    if let Some(n) = name
        .strip_prefix("stats.")
        .and_then(|k| s["members"]["org"][k].as_u64())
    {
        return format!("{n}名");
    }
    panic!("the narrative cites `{name}`, which stats does not have");
}

/// The narrative's body, split into blocks (paragraphs, headings) with their citations.
fn narrative(year: i32) -> Vec<String> {
    let text =
        std::fs::read_to_string(support::repo_root().join(format!("content/annual/{year}.md")))
            .expect("narrative");
    let body = text.splitn(3, "+++").nth(2).expect("front matter");
    body.split("\n\n")
        // A part break (`---` before a part's title) is markup, not text.
        .map(|b| {
            b.trim()
                .trim_start_matches("---")
                .trim()
                .trim_start_matches('#')
                .trim()
                .to_owned()
        })
        .filter(|b| !b.is_empty())
        .collect()
}

fn citations(block: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = block[from..].find("{{") {
        let start = from + i;
        let end = start + block[start..].find("}}").expect("closed citation") + 2;
        out.push((start, end, block[start + 2..end - 2].trim().to_owned()));
        from = end;
    }
    out
}

/// The document's text in content order, without the page numbers ("— 3 —"), squashed.
fn body_text(pdf: &Path) -> String {
    let raw = raw_text(pdf);
    let kept: String = raw
        .lines()
        .filter(|l| {
            let s = squash(l);
            let number = s
                .strip_prefix('—')
                .and_then(|x| x.strip_suffix('—'))
                .is_some_and(|n| n.parse::<u32>().is_ok());
            !number
        })
        .collect::<Vec<_>>()
        .join("\n");
    squash(&kept)
}

#[test]
fn every_cited_figure_is_the_metrics_value_with_its_unit() {
    for year in YEARS {
        let pdf = annual(year);
        let s = stats(year);
        let text = body_text(&pdf);
        assert!(!text.contains("{{"), "{year}: an unresolved citation");
        let mut count = 0;
        for block in narrative(year) {
            let mut resolved = String::new();
            let mut last = 0;
            for (start, end, name) in citations(&block) {
                resolved.push_str(&block[last..start]);
                let value = cited(&name, &s, year);
                // Each value with the text before it, then the whole block.
                let before: String = squash(&resolved)
                    .chars()
                    .rev()
                    .take(4)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                assert!(
                    text.contains(&format!("{before}{value}")),
                    "{year}: `{{{{ {name} }}}}` should print “{before}{value}”"
                );
                resolved.push_str(&value);
                last = end;
                count += 1;
            }
            resolved.push_str(&block[last..]);
            assert!(
                text.contains(&squash(&resolved)),
                "{year}: the paragraph is not printed as cited:\n{resolved}"
            );
        }
        assert!(count >= 20, "{year}: only {count} citations checked");
        eprintln!("{year}: {count} citations equal the stats");
    }
}

fn layout(pdf: &Path, first: usize) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &first.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

fn page_with(pdf: &Path, needle: &str) -> usize {
    (1..=pages(pdf))
        .find(|&p| {
            lines(pdf, p)
                .iter()
                .any(|l| squash(&l.text).contains(needle))
        })
        .unwrap_or_else(|| panic!("no page with {needle}"))
}

/// The cells of the table row whose first cell (or second, after a merged group cell) is
/// `first`: the whitespace-separated tokens after it. A label that wraps in its cell leaves
/// the row's other cells on the line under its first part.
fn row<'a>(rows: &'a [String], first: &str) -> Vec<&'a str> {
    for (i, r) in rows.iter().enumerate() {
        let tokens: Vec<&str> = r.split_whitespace().collect();
        if let Some(j) = tokens.iter().take(2).position(|t| *t == first) {
            return tokens[j + 1..].to_vec();
        }
        let wrapped = tokens
            .iter()
            .take(2)
            .any(|t| t.chars().count() >= 6 && first.starts_with(t));
        if wrapped && let Some(next) = rows.get(i + 1) {
            return next.split_whitespace().collect();
        }
    }
    panic!("no table row starts with {first}");
}

fn signed(x: f64) -> String {
    let x = (x * 1e6).round() / 1e6;
    if x > 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

#[test]
fn appendix_tables_print_the_stats() {
    // The built-in order of activity kinds (docs/content-reference.md); the demo keeps it.
    const KINDS: [&str; 12] = [
        "支部党员大会",
        "支部委员会",
        "党小组会",
        "党课",
        "主题党日",
        "组织生活会",
        "民主评议党员",
        "谈心谈话",
        "志愿服务",
        "义诊",
        "结对共建",
        "其他",
    ];
    for year in YEARS {
        let pdf = annual(year);
        let s = stats(year);
        let org = &s["org"];
        let first = page_with(&pdf, &format!("附：{year}年党建工作主要数据"));
        let rows = layout(&pdf, first);
        let mut checked = 0;
        for x in org["figures"].as_array().expect("figures") {
            let label = x["label"].as_str().expect("label");
            let want = vec![
                x["unit"].as_str().expect("unit").to_owned(),
                num(f(&x["value"])),
                x["previous"].as_f64().map_or_else(|| "—".to_owned(), num),
                x["change"].as_f64().map_or_else(|| "—".to_owned(), signed),
                // A percentage changes in 个百分点: no ratio of a ratio.
                x["change_ratio"]
                    .as_f64()
                    .filter(|_| x["unit"] != "%")
                    .map_or_else(|| "—".to_owned(), |r| format!("{:+.1}%", r * 100.0)),
            ];
            assert_eq!(row(&rows, label), want, "{year} 表1 {label}");
            checked += 1;
        }
        for x in org["targets"].as_array().expect("targets") {
            let label = x["label"].as_str().expect("label");
            let got = row(&rows, label);
            let want = [
                x["unit"].as_str().expect("unit").to_owned(),
                num(f(&x["target"])),
                num(f(&x["actual"])),
                format!("{:.0}%", f(&x["ratio"]) * 100.0),
                if x["counted"] == true {
                    "按记录"
                } else {
                    "填报"
                }
                .to_owned(),
            ];
            assert_eq!(&got[..5], &want[..], "{year} 表2 {label}");
            checked += 1;
        }
        let kinds: Vec<&str> = KINDS
            .iter()
            .copied()
            .filter(|k| org["by_kind"].get(*k).is_some())
            .collect();
        for b in s["branches"].as_array().expect("branches") {
            let name = b["short_name"].as_str().expect("short name");
            let mut want: Vec<String> = kinds
                .iter()
                .map(|k| b["by_kind"][*k].as_u64().unwrap_or(0).to_string())
                .collect();
            want.push(b["activities"].to_string());
            want.push(pct(&b["attendance"]));
            assert_eq!(row(&rows, name), want, "{year} 表3 {name}");
            checked += 1;
        }
        let mut totals: Vec<String> = kinds
            .iter()
            .map(|k| org["by_kind"][*k].to_string())
            .collect();
        totals.push(org["activities"].to_string());
        totals.push(pct(&org["attendance"]));
        assert_eq!(row(&rows, "合计"), totals, "{year} 表3 合计");
        for c in org["compliance"].as_array().expect("compliance") {
            let kind = c["kind"].as_str().expect("kind");
            let want = [
                c["period"].as_str().expect("period").to_owned(),
                c["min"].to_string(),
                c["met"].to_string(),
                c["missed"].to_string(),
                c["due"].to_string(),
                pct(&c["rate"]),
            ];
            // The rule's row is the one whose next cell is its period.
            let got = rows
                .iter()
                .map(|r| r.split_whitespace().collect::<Vec<_>>())
                .find(|t| t.first() == Some(&kind) && t.get(1) == Some(&want[0].as_str()))
                .unwrap_or_else(|| panic!("{year} 表4: no row for {kind}"));
            assert_eq!(&got[1..], &want[..], "{year} 表4 {kind}");
            checked += 1;
        }
        eprintln!("{year}: {checked} appendix rows equal the stats");
    }
}

#[test]
fn the_website_charts_and_brand_highlights_are_in_the_appendix() {
    for year in YEARS {
        let text = squash(&text(&annual(year)));
        for title in [
            format!("{year}年各支部活动"),
            format!("{year}年各月支部活动"),
            format!("{year}年每月组织生活落实情况"),
        ] {
            assert!(text.contains(&title), "{year}: chart “{title}” missing");
        }
        assert!(text.contains("本草匠心"), "{year}: brand table");
    }
    // The 2025 brand honour of the demo.
    assert!(squash(&text(&annual(2025))).contains("全省卫生健康系统优秀党建案例（省级）"));
}

#[test]
fn the_summary_is_in_the_gbt9704_body_style() {
    let pdf = annual(2025);
    let ls = body_lines(&pdf, 2);
    assert!(ls.len() >= 20, "page 2 is a full page of 3号 lines");
    for l in &ls {
        let k = (l.y0 - TOP) / PITCH_MM;
        assert!(
            (k - k.round()).abs() * PITCH_MM < 0.3,
            "line off the 22-line grid at {:.2} mm: {}",
            l.y0,
            l.text
        );
    }
    let (left, _) = edges(2);
    let x0 = ls.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
    near("text block left edge (even page)", x0, left, 1.0);
    let all = squash(&text(&pdf));
    for heading in [
        "一、坚持政治引领",
        "（一）抓实理论学习",
        "五、服务群众，凝聚奋进力量",
    ] {
        assert!(all.contains(heading), "{heading}");
    }
    // The 2026 思路 is the summary's second part: its own title, then headings from 一、.
    let part = all
        .find("2026年党建工作思路")
        .expect("the second part's title");
    assert!(
        all[part..].contains("2026年党建工作思路2026年是“十五五”开局之年"),
        "{}",
        &all[part..]
    );
    assert!(
        all[part..].contains("一、谋好“十五五”开局"),
        "{}",
        &all[part..]
    );
    assert!(!all.contains("六、"), "the first part ends at 五、");
    let runs = runs(&pdf, 1);
    let h = runs
        .iter()
        .find(|r| r.text.starts_with("一、"))
        .expect("level-1 heading on page 1");
    assert!(h.family.contains("FandolHei"), "一、 in 黑体: {}", h.family);
    let title = runs
        .iter()
        .find(|r| r.text.contains("2025年党建工作总结"))
        .expect("title");
    assert!(
        (title.size - 22.0).abs() < 0.6,
        "title in 2号: {}",
        title.size
    );
}

#[test]
fn years_without_a_narrative_have_no_summary_and_no_link() {
    let s = site();
    for year in YEARS {
        assert!(annual(year).is_file());
        let html = s.read(&format!("output/annual/{year}.html"));
        assert!(
            html.contains(&format!("{year}.pdf")),
            "{year} page links its PDF"
        );
    }
    // Every demo year has a narrative: the small fixture without its narrative of 2024. (With
    // `--pdf annual` alone, no PDF to make at all fails the build: the PDF folder is never
    // created. The notices give this build PDFs to make.)
    let m = TestSite::minimal();
    link_fonts(&m.root);
    std::fs::remove_file(m.path("content/annual/2024.md")).expect("remove the narrative");
    let o = m.run(&["build", "--pdf", "annual,notices"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(m.path("output/annual/2024.html").is_file());
    assert!(!m.path("output/annual/2024.pdf").exists());
    assert!(!m.read("output/annual/2024.html").contains(".pdf"));
}

#[test]
fn the_notice_that_issues_the_summary_prints_it_after_the_notice() {
    let pdf = site().path("output/notices/2025-1.pdf");
    let text = body_text(&pdf);
    let s = stats(2024);
    let notice = text
        .find("已经院党委会议审议通过")
        .expect("the notice's body");
    let attachment = text.find("2024年，院党委").expect("the summary's body");
    assert!(notice < attachment, "the notice is the cover document");
    let first = narrative(2024).remove(0);
    let mut resolved = first.clone();
    for (_, _, name) in citations(&first).into_iter().rev() {
        resolved = resolved.replacen(&format!("{{{{ {name} }}}}"), &cited(&name, &s, 2024), 1);
    }
    assert!(text.contains(&squash(&resolved)), "{resolved}");
    assert!(text.contains("附：2024年党建工作主要数据"));
    // The 版记 closes the combined document, on its last (even) page.
    let n = pages(&pdf);
    assert_eq!(n % 2, 0, "{n} pages");
    let last = squash(
        &lines(&pdf, n)
            .into_iter()
            .map(|l| l.text)
            .collect::<String>(),
    );
    assert!(last.contains("印发"), "{last}");
}

#[test]
fn a_citation_of_an_unknown_figure_fails_the_build_at_its_line_and_column() {
    require();
    let s = TestSite::demo();
    link_fonts(&s.root);
    let rel = "content/annual/2025.md";
    s.replace(rel, "{{ masters_recruited }}", "{{ masters_recruitd }}");
    let text = s.read(rel);
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("{{ masters_recruitd }}")
                .map(|c| (i + 1, l[..c].chars().count() + 1))
        })
        .expect("the citation");
    let o = s.run(&["build", "--pdf", "annual"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("unknown-figure"), "{err}");
    assert!(err.contains(&format!("{rel}:{line}:{col}")), "{err}");
    assert!(err.contains("masters_recruited"), "a suggestion: {err}");
    assert!(!s.path("output/annual/2025.pdf").exists());
}
