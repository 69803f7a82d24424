//! The branch record books (`output/books/<branch>-<year>.pdf`) of the demo, read back with
//! poppler page by page: the front matter (cover, its blank back, contents, the year's
//! compliance summary) and then exactly one page per activity, in date order, each with its
//! date, time, kind, attendance, title, chair and recorder and the signature lines, followed
//! by the pages of its photos (two a page; `tests/pdf_book_photos.rs` looks at them); the
//! contents give each activity's page; the binding margin is mirrored on even pages. The demo
//! is built once with `build --pdf books`, which also shows that `--pdf` builds a subset.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chrono::Datelike;
use dangjian::Site;
use support::TestSite;
use support::pdf::*;

struct Demo {
    site: TestSite,
    records: Site,
    metrics: Vec<dangjian::metrics::Metrics>,
}

fn demo() -> &'static Demo {
    static D: OnceLock<Demo> = OnceLock::new();
    D.get_or_init(|| {
        let site = shared_demo("pdf_book-demo", &["--pdf", "books"]);
        let (records, diags) = Site::load(&site.root, None);
        let records = records.unwrap_or_else(|| panic!("{diags:?}"));
        let metrics = records.metrics();
        Demo {
            site,
            records,
            metrics,
        }
    })
}

fn book(branch: &str, year: i32) -> PathBuf {
    demo()
        .site
        .path(&format!("output/books/{branch}-{year}.pdf"))
}

fn cn_date(d: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The text of every page in content order (pdftotext separates pages with form feeds; the
/// reading-order heuristics would put a label between the lines of a wrapped cell), squashed.
fn page_texts(pdf: &Path) -> Vec<String> {
    let t = raw_text(pdf);
    let mut pages: Vec<String> = t.split('\u{c}').map(squash).collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    assert_eq!(pages.len(), support::pdf::pages(pdf), "{}", pdf.display());
    pages
}

/// Every (branch, year) with activities, and those activities in date order.
fn books() -> Vec<(String, i32, Vec<&'static dangjian::content::Activity>)> {
    let d = demo();
    let mut out = Vec::new();
    for b in &d.records.corpus.branches {
        for m in &d.metrics {
            let acts: Vec<_> = d
                .records
                .corpus
                .activities_of(&b.id)
                .filter(|a| a.date.value.year() == m.year)
                .collect();
            if !acts.is_empty() {
                out.push((b.id.clone(), m.year, acts));
            }
        }
    }
    out
}

/// The pages of pictures printed after an activity's record: its JPEG and PNG attachments,
/// two a page.
fn photo_pages(a: &dangjian::content::Activity) -> usize {
    a.attachments
        .iter()
        .filter(|x| {
            let p = x.path.value.to_ascii_lowercase();
            [".jpg", ".jpeg", ".png"].iter().any(|e| p.ends_with(e))
        })
        .count()
        .div_ceil(2)
}

/// The page (0-based) of each activity's record after `front` pages.
fn record_pages(acts: &[&dangjian::content::Activity], front: usize) -> Vec<usize> {
    let mut at = front;
    acts.iter()
        .map(|a| {
            let p = at;
            at += 1 + photo_pages(a);
            p
        })
        .collect()
}

/// The number of front-matter pages, after checking what each of them is.
fn front_matter(pages: &[String], acts: usize, branch: &str, year: i32) -> usize {
    let front = pages
        .len()
        .checked_sub(acts)
        .expect("fewer pages than activities");
    assert!(front >= 4, "{branch}-{year}: {front} front-matter pages");
    assert!(pages[0].contains("党支部工作记录本") && pages[0].contains(&format!("（{year}年度）")));
    assert!(
        pages[1].is_empty(),
        "{branch}-{year}: the cover's back is blank"
    );
    for (i, p) in pages.iter().enumerate().take(front - 1).skip(2) {
        assert!(
            p.contains("序号") && p.contains("页码"),
            "{branch}-{year}: page {} is not contents",
            i + 1
        );
    }
    assert!(
        pages[front - 1].contains(&format!("{year}年度组织生活落实情况")),
        "{branch}-{year}: the compliance summary is the last front-matter page"
    );
    front
}

#[test]
fn one_page_per_activity_after_the_front_matter() {
    let all = books();
    assert_eq!(all.len(), 45, "15 branches × 3 years");
    let mut activities = 0;
    let mut total_pages = 0;
    for (branch, year, acts) in &all {
        let pdf = book(branch, *year);
        let pages = page_texts(&pdf);
        let photos: usize = acts.iter().map(|a| photo_pages(a)).sum();
        let front = front_matter(&pages, acts.len() + photos, branch, *year);
        assert_eq!(pages.len(), acts.len() + photos + front);
        let at_page = record_pages(acts, front);
        for (i, a) in acts.iter().enumerate() {
            let p = &pages[at_page[i]];
            let at = format!("{branch}-{year} page {} ({})", at_page[i] + 1, a.file);
            let mut want = vec![
                cn_date(a.date.value),
                a.kind.value.clone(),
                squash(&a.title),
                format!("{}人", a.expected),
                format!("{}人", a.present),
                a.chair.clone(),
                a.recorder.clone(),
                "主持人（签字）".to_owned(),
                "记录人（签字）".to_owned(),
            ];
            if let Some(t) = &a.time {
                want.push(t.replace('-', "—"));
            }
            want.extend(a.lecturer.iter().cloned());
            want.extend(a.subject.iter().map(|s| squash(s)));
            want.extend(
                a.absentees
                    .iter()
                    .map(|x| format!("{}（{}）", x.name, x.reason)),
            );
            for w in &want {
                assert!(p.contains(w.as_str()), "{at}: “{w}” missing");
            }
            assert_eq!(
                p.matches("活动类型").count(),
                1,
                "{at}: one activity per page"
            );
            activities += 1;
        }
        total_pages += pages.len();
    }
    eprintln!(
        "{} books, {activities} activities on {total_pages} pages",
        all.len()
    );
}

#[test]
fn the_contents_give_each_activity_its_page() {
    // 药剂支部's book has photo pages between records.
    let (branch, year) = ("yaoji", 2025);
    let pdf = book(branch, year);
    let acts: Vec<_> = books()
        .into_iter()
        .find(|(b, y, _)| b == branch && *y == year)
        .expect("book")
        .2;
    let pages = page_texts(&pdf);
    let photos: usize = acts.iter().map(|a| photo_pages(a)).sum();
    let front = front_matter(&pages, acts.len() + photos, branch, year);
    let at_page = record_pages(&acts, front);
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", "3", "-l", &(front - 1).to_string()])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let layout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<Vec<&str>> = layout
        .lines()
        .map(|l| l.split_whitespace().collect())
        .collect();
    for (i, a) in acts.iter().enumerate() {
        let no = (i + 1).to_string();
        let date = cn_date(a.date.value);
        let r = rows
            .iter()
            .find(|r| r.first() == Some(&no.as_str()) && r.get(1) == Some(&date.as_str()))
            .unwrap_or_else(|| panic!("contents: no row {no} {date}"));
        assert_eq!(
            r.last().copied(),
            Some((at_page[i] + 1).to_string().as_str()),
            "contents row {no}: {}",
            a.title
        );
    }
    let summary = rows
        .iter()
        .find(|r| r.iter().any(|c| c.contains("年度组织生活落实情况")))
        .expect("summary row");
    assert_eq!(summary.last().copied(), Some(front.to_string().as_str()));
}

#[test]
fn cover_and_compliance_summary() {
    let d = demo();
    for (branch, year) in [("neike-yi", 2025), ("lituixiu", 2024), ("zhiweibing", 2026)] {
        let b = d.records.corpus.branch(branch).expect("branch");
        let m = d
            .metrics
            .iter()
            .find(|m| m.year == year)
            .and_then(|m| m.branch(branch))
            .expect("metrics");
        let pdf = book(branch, year);
        let pages = page_texts(&pdf);
        let cover = &pages[0];
        assert!(
            cover.contains(&b.name),
            "{branch}: branch name on the cover"
        );
        assert!(cover.contains(&b.secretary.name), "{branch}: secretary");
        let organiser = b
            .committee
            .iter()
            .flat_map(|c| c.members.iter())
            .find(|x| x.post == "组织委员")
            .map_or("—", |x| x.name.as_str());
        assert!(cover.contains(organiser), "{branch}: 组织委员 {organiser}");
        let summary = pages
            .iter()
            .find(|p| p.contains(&format!("{year}年度组织生活落实情况")) && !p.contains("页码"))
            .expect("summary page");
        assert!(
            summary.contains(&format!("全年记录支部活动{}次", m.activities)),
            "{branch}-{year}: {summary}"
        );
        let rate = m
            .attendance
            .map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0));
        assert!(
            summary.contains(&format!("组织生活平均参与率{rate}")),
            "{summary}"
        );
        let met: usize = m
            .compliance
            .iter()
            .map(|c| c.count(dangjian::metrics::Status::Met))
            .sum();
        assert!(summary.contains(&format!("已完成{met}期")), "{summary}");
    }
}

/// The leftmost and rightmost dark pixel (mm) in the band of rows `y0..y1` (mm): the fact
/// table's borders, which span the text block.
fn table_edges(r: &Raster, y0: f64, y1: f64) -> (f64, f64) {
    let (a, b) = (r.px_of(y0), r.px_of(y1));
    let mut left = usize::MAX;
    let mut right = 0;
    for y in a..b {
        for x in r.cols(y, |r, x, y| r.is_dark(x, y)) {
            left = left.min(x);
            right = right.max(x);
        }
    }
    (r.mm(left), r.mm(right + 1))
}

#[test]
fn the_binding_margin_is_mirrored_on_even_pages() {
    let (branch, year) = ("neike-yi", 2025);
    let pdf = book(branch, year);
    let pages = page_texts(&pdf);
    let first = pages
        .iter()
        .position(|p| p.contains("活动类型"))
        .expect("first activity")
        + 1;
    for page in first..first + 4 {
        let (left, right) = edges(page);
        let r = render(&pdf, page, 150);
        // The fact table starts a little below the title: rows 55–90 mm hold its borders.
        let (l, rt) = table_edges(&r, 55.0, 90.0);
        near(&format!("p{page} table left edge"), l, left, 0.5);
        near(&format!("p{page} table right edge"), rt, right, 0.5);
        // The running head and the page number sit on the outside edge.
        let ls = lines(&pdf, page);
        let head: Vec<&Line> = ls.iter().filter(|l| l.y1 < TOP).collect();
        assert!(!head.is_empty(), "p{page}: running head");
        let head_x0 = head.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        let head_x1 = head.iter().map(|l| l.x1).fold(0.0, f64::max);
        let number = ls.iter().find(|l| l.y0 > BOTTOM).expect("page number");
        if page % 2 == 1 {
            near(&format!("p{page} head flush right"), head_x1, right, 1.0);
            assert!(number.x0 > 105.0, "odd page number on the right");
        } else {
            near(&format!("p{page} head flush left"), head_x0, left, 1.0);
            assert!(number.x1 < 105.0, "even page number on the left");
        }
        assert_eq!(squash(&number.text), format!("—{page}—"));
    }
    // Cover and its back carry no page number.
    for page in [1, 2] {
        assert!(lines(&pdf, page).iter().all(|l| l.y0 < BOTTOM));
    }
}

#[test]
fn build_pdf_books_builds_the_books_only_and_the_branch_pages_link_them() {
    let s = &demo().site;
    assert!(s.path("output/books/neike-yi-2025.pdf").is_file());
    for other in [
        "output/annual/2025.pdf",
        "output/notices/2024-1.pdf",
        "output/checklists/sanqiang-sanyou-2025.pdf",
    ] {
        assert!(!s.path(other).exists(), "{other} was not asked for");
    }
    assert!(
        !s.path("output/.dangjian-build").exists(),
        "a partial build is not stamped as complete"
    );
    let html = s.read("output/branches/neike-yi.html");
    for year in [2024, 2025, 2026] {
        assert!(
            html.contains(&format!("../books/neike-yi-{year}.pdf")),
            "the branch page links the {year} book"
        );
    }
}

#[test]
fn hidden_member_names_stay_out_of_the_book() {
    require();
    let s = TestSite::copy_of("pdf-basic");
    link_fonts(&s.root);
    s.replace(
        "site.toml",
        "as_of = 2024-12-31",
        "as_of = 2024-12-31\nhide_member_names = true",
    );
    let o = s.run(&["build", "--pdf", "books"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = squash(&text(&s.path("output/books/alpha-2024.pdf")));
    assert!(!text.contains("王芳"), "an absentee's name");
    assert!(text.contains("（姓名不公开）（值班）"));
}
