//! The lower half of GB/T 9704 measured on the PDFs: signature and date with and without a
//! seal, 附注, 附件说明 and attachment pages (a checklist table among them), the 版记, page
//! numbers, the 信函格式 and an upward document with 签发人.

mod support;

use std::path::Path;

use support::pdf::*;

fn find<'a>(ls: &'a [Line], text: &str) -> &'a Line {
    ls.iter().find(|l| l.text == text).unwrap_or_else(|| {
        panic!(
            "no line “{text}” in {:?}",
            ls.iter().map(|l| &l.text).collect::<Vec<_>>()
        )
    })
}

fn page_with(pdf: &Path, text: &str) -> usize {
    (1..=pages(pdf))
        .find(|&p| lines(pdf, p).iter().any(|l| l.text == text))
        .unwrap_or_else(|| panic!("“{text}” not in {}", pdf.display()))
}

#[test]
fn signature_and_date_without_a_seal() {
    let pdf = demo("2024-3");
    let p = page_with(&pdf, "2024年6月20日");
    let (_, right) = edges(p);
    let ls = lines(&pdf, p);
    let date = find(&ls, "2024年6月20日");
    let sig = ls
        .iter()
        .rev()
        .find(|l| l.text == "中共澄州市中医院委员会" && l.y0 < date.y0)
        .expect("signature");
    near(
        "signature two 字 in from the right",
        right - sig.x1,
        2.0 * ZI_MM,
        1.0,
    );
    near(
        "date starts two 字 right of the signature",
        date.x0 - sig.x0,
        2.0 * ZI_MM,
        0.5,
    );
    near("date on the next line", date.y0 - sig.y0, PITCH_MM, 0.3);
    let body = ls
        .iter()
        .rfind(|l| l.y0 < sig.y0 - 1.0 && l.y0 > TOP - 1.0)
        .expect("body line");
    near(
        "one blank line after the body",
        sig.y0 - body.y0,
        2.0 * PITCH_MM,
        0.3,
    );
    eprintln!(
        "p{p}: signature {:.2}–{:.2} mm, date {:.2}–{:.2} mm, {:.2} mm below the body",
        sig.x0,
        sig.x1,
        date.x0,
        date.x1,
        sig.y0 - body.y0
    );
}

#[test]
fn sealed_one_page_notice() {
    let pdf = notice_pdf("2024-1");
    // The content fits on page 1; the 版记 goes on the even page after it.
    assert_eq!(pages(&pdf), 2);
    let ls = lines(&pdf, 1);
    let date = find(&ls, "2024年2月1日");
    let sig = ls
        .iter()
        .rev()
        .find(|l| l.text == "中共测试医院委员会")
        .expect("signature");
    let (left, right) = edges(1);
    near(
        "date four 字 in from the right",
        right - date.x1,
        4.0 * ZI_MM,
        1.0,
    );
    near(
        "signature centred over the date",
        (sig.x0 + sig.x1) / 2.0,
        (date.x0 + date.x1) / 2.0,
        0.5,
    );
    near("date under the signature", date.y0 - sig.y0, PITCH_MM, 0.3);
    let note = find(&ls, "（联系人：党政综合办公室张明）");
    near(
        "附注 on the line after the date",
        note.y0 - date.y0,
        PITCH_MM,
        0.3,
    );
    near("附注 indented two 字", note.x0 - left, 2.0 * ZI_MM, 0.5);
    // The seal: red pixels below the title, centred on the date, its top within one line of
    // the body, the signature and date below its centre.
    let body = ls
        .iter()
        .rfind(|l| l.y1 < sig.y0 && l.text.ends_with('。'))
        .expect("last body line");
    let r = render(&pdf, 1, 150);
    let red: Vec<(usize, usize)> = (r.px_of(body.y0)..r.height)
        .flat_map(|y| {
            r.cols(y, |r, x, y| r.is_red(x, y))
                .into_iter()
                .map(move |x| (x, y))
        })
        .collect();
    assert!(!red.is_empty(), "no seal");
    let (x0, x1) = (
        r.mm(red.iter().map(|p| p.0).min().unwrap_or(0)),
        r.mm(red.iter().map(|p| p.0).max().unwrap_or(0) + 1),
    );
    let (y0, y1) = (
        r.mm(red.iter().map(|p| p.1).min().unwrap_or(0)),
        r.mm(red.iter().map(|p| p.1).max().unwrap_or(0) + 1),
    );
    near(
        "seal centred on the date",
        (x0 + x1) / 2.0,
        (date.x0 + date.x1) / 2.0,
        1.5,
    );
    assert!(
        x1 - x0 > 35.0 && x1 - x0 < 45.0,
        "seal {:.1} mm wide",
        x1 - x0
    );
    let gap = y0 - body.y1;
    assert!(
        (0.0..=PITCH_MM).contains(&gap),
        "seal top {gap:.2} mm below the body"
    );
    let pair_centre = (sig.y0 + date.y1) / 2.0;
    assert!(
        (y0 + y1) / 2.0 < pair_centre,
        "signature and date sit below the seal's centre"
    );
    eprintln!(
        "seal {x0:.1}–{x1:.1} × {y0:.1}–{y1:.1} mm, {gap:.2} mm below the body; date ends {:.2} mm",
        date.x1
    );
    // Page 2 holds the 版记 only.
    let p2: Vec<String> = lines(&pdf, 2).into_iter().map(|l| l.text).collect();
    assert!(p2.iter().any(|t| t.starts_with("抄送：")), "{p2:?}");
    assert!(p2.len() <= 5, "{p2:?}");
}

#[test]
fn banji_rules_and_lines() {
    let pdf = demo("2024-2");
    let last = pages(&pdf);
    assert_eq!(last % 2, 0, "the 版记 is on an even page");
    let (left, right) = edges(last);
    let r = render(&pdf, last, 300);
    let rows: Vec<usize> = (0..r.height)
        .filter(|&y| r.mm(r.count_in_row(y, |r, x, y| r.is_dark(x, y))) > 150.0)
        .collect();
    let rules = bands(&rows);
    assert_eq!(rules.len(), 3, "three rules: {rules:?}");
    let thick: Vec<f64> = rules.iter().map(|(a, b)| r.mm(b + 1) - r.mm(*a)).collect();
    assert!(
        thick[0] > thick[1] && thick[2] > thick[1],
        "thick, thin, thick: {thick:?}"
    );
    near("first rule 0.35 mm", thick[0], 0.35, 0.15);
    near("middle rule 0.25 mm", thick[1], 0.25, 0.15);
    near("last rule 0.35 mm", thick[2], 0.35, 0.15);
    let last_rule = (r.mm(rules[2].0) + r.mm(rules[2].1 + 1)) / 2.0;
    near(
        "last rule on the 版心's bottom edge",
        last_rule,
        BOTTOM,
        1.0,
    );
    let cols = r.cols(rules[2].0, |r, x, y| r.is_dark(x, y));
    near("rules start at the 版心", r.mm(cols[0]), left, 1.0);
    near(
        "rules end at the 版心",
        r.mm(cols[cols.len() - 1] + 1),
        right,
        1.0,
    );
    let ls = lines(&pdf, last);
    let cc = find(&ls, "抄送：中共澄州市卫生健康委员会委员会。");
    let office = find(&ls, "澄州市中医院党政综合办公室");
    let printed = find(&ls, "2024年4月11日印发");
    let one = 14.0 * PT;
    near("抄送 one 字 in", cc.x0 - left, one, 0.6);
    near("印发机关 one 字 in", office.x0 - left, one, 0.6);
    near(
        "印发日期 one 字 in from the right",
        right - printed.x1,
        one,
        0.6,
    );
    near(
        "印发机关 and 印发日期 on one line",
        printed.y0,
        office.y0,
        0.3,
    );
    let (r0, r1, r2) = (r.mm(rules[0].0), r.mm(rules[1].0), r.mm(rules[2].0));
    assert!(cc.y0 > r0 && cc.y1 < r1, "抄送 between the first two rules");
    assert!(
        office.y0 > r1 && office.y1 < r2,
        "印发 between the last two rules"
    );
    let run = runs(&pdf, last)
        .into_iter()
        .find(|x| x.text.starts_with("抄送"))
        .expect("抄送 run");
    assert_eq!(run.size, 14.0, "4号");
    eprintln!("版记 rules at {r0:.2}, {r1:.2}, {last_rule:.2} mm; thickness {thick:.2?}");
}

#[test]
fn page_numbers_outside_seven_mm_below_the_text_block() {
    let pdf = demo("2024-2");
    for page in 1..=pages(&pdf) {
        let (left, right) = edges(page);
        let ls = lines(&pdf, page);
        let n = ls
            .iter()
            .find(|l| l.y0 > BOTTOM && l.text.contains('—'))
            .unwrap_or_else(|| panic!("p{page} has no number"));
        assert_eq!(squash(&n.text), format!("—{page}—"));
        if page % 2 == 1 {
            near(
                &format!("p{page} number one 字 from the right"),
                right - n.x1,
                14.0 * PT,
                1.0,
            );
        } else {
            near(
                &format!("p{page} number one 字 from the left"),
                n.x0 - left,
                14.0 * PT,
                1.0,
            );
        }
        if page <= 2 {
            let r = render(&pdf, page, 300);
            let dash: Vec<usize> = r
                .rows(n.x0 + 0.5, n.x0 + 3.0, |r, x, y| r.is_dark(x, y))
                .into_iter()
                .filter(|&y| r.mm(y) > BOTTOM)
                .collect();
            let centre = (r.mm(dash[0]) + r.mm(dash[dash.len() - 1] + 1)) / 2.0;
            near("the dash 7 mm below the 版心", centre - BOTTOM, 7.0, 1.0);
            eprintln!(
                "p{page}: “{}” at x {:.2}–{:.2} mm, dash at {centre:.2} mm",
                n.text, n.x0, n.x1
            );
        }
    }
    let run = runs(&pdf, 1)
        .into_iter()
        .find(|x| x.text.contains('—'))
        .expect("number run");
    assert_eq!(run.size, 14.0);
    assert!(
        run.family.contains("NotoSerifCJKsc"),
        "宋体: {}",
        run.family
    );
}

#[test]
fn attachment_note_and_attachment_pages() {
    let pdf = notice_pdf("2024-2");
    let p = page_with(&pdf, "附件：1.2024年党建工作要点");
    let (left, _) = edges(p);
    let ls = lines(&pdf, p);
    let first = find(&ls, "附件：1.2024年党建工作要点");
    let second = find(&ls, "2.2024年党建工作总结");
    near(
        "附件说明 indented two 字",
        first.x0 - left,
        2.0 * ZI_MM,
        0.5,
    );
    near(
        "second attachment aligned after “附件：”",
        second.x0 - first.x0,
        3.0 * ZI_MM,
        0.5,
    );
    near("one per line", second.y0 - first.y0, PITCH_MM, 0.3);
    let body = ls
        .iter()
        .rfind(|l| l.y0 < first.y0 - 1.0 && l.y0 > TOP - 1.0)
        .expect("body");
    near(
        "one blank line after the body",
        first.y0 - body.y0,
        2.0 * PITCH_MM,
        0.3,
    );
    for (label, title) in [
        ("附件1", "2024年党建工作要点"),
        ("附件2", "2024年党建工作总结"),
    ] {
        let page = page_with(&pdf, label);
        let (left, right) = edges(page);
        let ls = lines(&pdf, page);
        let l = find(&ls, label);
        near(&format!("{label} on line 1"), l.y0, TOP, 0.5);
        near(&format!("{label} flush left"), l.x0, left, 0.5);
        let t = find(&ls, title);
        near(
            &format!("{title} on line 3"),
            t.y0 + 3.0 * PT,
            TOP + 2.0 * PITCH_MM,
            0.5,
        );
        near(
            &format!("{title} centred"),
            (t.x0 + t.x1) / 2.0,
            (left + right) / 2.0,
            1.0,
        );
        let run = runs(&pdf, page)
            .into_iter()
            .find(|x| x.text == label)
            .expect("label run");
        assert!(run.family.contains("FandolHei"), "{}", run.family);
        let number = ls.iter().find(|l| l.y0 > BOTTOM).expect("page number");
        assert_eq!(
            squash(&number.text),
            format!("—{page}—"),
            "page numbers continue"
        );
    }
    let text = squash(&text(&pdf));
    assert!(text.contains("各支部每月开展一次集中学习"));
}

#[test]
fn checklist_attachment_is_a_table_with_merged_category_cells() {
    let pdf = demo("2024-2");
    let first = page_with(&pdf, "附件");
    let all: String = (first..=pages(&pdf))
        .map(|p| {
            lines(&pdf, p)
                .into_iter()
                .map(|l| l.text)
                .collect::<String>()
        })
        .collect();
    for want in [
        "类别",
        "任务目标",
        "具体内容",
        "分值",
        "责任部门",
        "合计",
        "100",
    ] {
        assert!(all.contains(want), "{want} missing");
    }
    let checklist = std::fs::read_to_string(
        support::repo_root().join("content/checklists/sanqiang-sanyou.toml"),
    )
    .expect("checklist");
    let items: Vec<&str> = checklist
        .lines()
        .filter_map(|l| l.strip_prefix("text = \"")?.strip_suffix('"'))
        .collect();
    assert!(items.len() > 10);
    let squashed = squash(&all);
    for item in &items {
        // A narrow column may break an item's last characters apart: compare its start.
        let head: String = item.chars().take(8).collect();
        assert!(squashed.contains(&head), "item “{item}” missing");
    }
    // The category cell spans its rows: its name is printed once, not once per item.
    let (left, _) = edges(first);
    let in_first_column = lines(&pdf, first)
        .into_iter()
        .filter(|l| l.x0 < left + 10.0 && l.text.contains('战'))
        .count();
    assert_eq!(
        in_first_column, 1,
        "“战斗堡垒型组织” once in the first column"
    );
}

#[test]
fn letter_format() {
    let pdf = demo("2024-4");
    let r = render(&pdf, 1, 200);
    let red = bands(&r.rows(15.0, 195.0, |r, x, y| r.is_red(x, y)));
    assert!(red.len() >= 5, "{red:?}");
    let mark = red[0];
    near("organ name 30 mm from the top", r.mm(mark.0), 30.0, 1.0);
    let (thick, thin) = (red[1], red[2]);
    let h = |b: (usize, usize)| r.mm(b.1 + 1) - r.mm(b.0);
    assert!(
        h(thick) > h(thin),
        "thick over thin: {:.2} {:.2}",
        h(thick),
        h(thin)
    );
    near(
        "double line 4 mm below the name",
        r.mm(thick.0) - r.mm(mark.1 + 1),
        4.0,
        1.0,
    );
    let cols = r.cols(thick.0 + 1, |r, x, y| r.is_red(x, y));
    near("double line from 20 mm", r.mm(cols[0]), 20.0, 1.0);
    near(
        "double line to 190 mm (170 mm, centred)",
        r.mm(cols[cols.len() - 1] + 1),
        190.0,
        1.0,
    );
    let (lo_thin, lo_thick) = (red[red.len() - 2], red[red.len() - 1]);
    assert!(h(lo_thick) > h(lo_thin), "thin over thick at the foot");
    near(
        "lower double line 20 mm above the bottom",
        297.0 - r.mm(lo_thick.1 + 1),
        20.0,
        1.0,
    );
    let ls = lines(&pdf, 1);
    assert!(!ls.iter().any(|l| l.text.contains("文件")));
    let num = find(&ls, "澄中医党〔2024〕4号");
    near("number flush right", num.x1, 184.0, 1.0);
    near(
        "number 7/8 of a 3号 character under the line",
        num.y0 - r.mm(thin.1 + 1),
        16.0 * PT * 7.0 / 8.0,
        1.0,
    );
    eprintln!(
        "letter: name top {:.2}, double line {:.2} mm ({:.2}/{:.2} mm thick), number top {:.2}, ends {:.2} mm",
        r.mm(mark.0),
        r.mm(thick.0),
        h(thick),
        h(thin),
        num.y0,
        num.x1
    );
    assert!(
        !ls.iter().any(|l| l.y0 > BOTTOM && l.text.contains('—')),
        "no number on page 1"
    );
    let last = pages(&pdf);
    let ls = lines(&pdf, last);
    assert!(ls.iter().any(|l| l.text.starts_with("抄送：")));
    assert!(
        !ls.iter().any(|l| l.text.contains("印发")),
        "letters have no 印发 line"
    );
    let r = render(&pdf, last, 100);
    let rules = (0..r.height)
        .filter(|&y| r.mm(r.count_in_row(y, |r, x, y| r.is_dark(x, y))) > 150.0)
        .count();
    assert_eq!(rules, 0, "letters have no 版记 rules");
}

#[test]
fn upward_document_with_signer() {
    let pdf = demo("2025-2");
    let runs = runs(&pdf, 1);
    let signer = runs
        .iter()
        .find(|x| x.text.contains("沈怀瑾"))
        .expect("签发人 name");
    assert!(signer.family.contains("FandolKai"), "{}", signer.family);
    let label = runs
        .iter()
        .find(|x| x.text.starts_with("签发人"))
        .expect("签发人");
    assert!(label.family.contains("FandolFang"), "{}", label.family);
    let num = runs.iter().find(|x| x.text.contains('〔')).expect("number");
    near(
        "number one 字 in from the left",
        num.left - 28.0,
        ZI_MM,
        1.0,
    );
    near(
        "签发人 one 字 in from the right",
        184.0 - (signer.left + signer.width),
        ZI_MM,
        1.0,
    );
    near("same line", num.top, signer.top, 0.5);
}
