//! Pictures in print (issue 16 item 12), read back with poppler. The record book of 药剂支部
//! for 2025 prints the photos (JPEG) and the scanned sign-in sheet (PNG) attached to its
//! 2025-03-14 主题党日, and the photo of a later activity: `pdfimages -list` finds each once,
//! at its pixel size, two a page at most, scaled to fit half the type area; each has its
//! caption right under it; the text sign-in sheet and a PDF stay listed by name. The annual
//! summary's charts are numbered 图1, 图2, 图3 with captions under them.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use support::pdf::*;
use support::{SETUP_HINT, TestSite};

const BOOK: &str = "output/books/yaoji-2025.pdf";
const ACTIVITY: &str = "content/activities/2025/2025-03-14-yaoji-zhuti-dangri.md";

fn demo() -> &'static TestSite {
    static S: OnceLock<TestSite> = OnceLock::new();
    S.get_or_init(|| shared_demo("pdf_book_photos-demo", &["--pdf", "books,annual"]))
}

#[derive(Debug)]
struct Img {
    page: usize,
    width: u32,
    height: u32,
    enc: String,
    /// Printed size, mm (pixels at the printed resolution).
    mm: (f64, f64),
}

/// `pdfimages -list`.
fn images(pdf: &Path) -> Vec<Img> {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdfimages: {e}\n{SETUP_HINT}"));
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            let n = |i: usize| c[i].parse::<f64>().expect("number");
            Img {
                page: c[0].parse().expect("page"),
                width: c[3].parse().expect("width"),
                height: c[4].parse().expect("height"),
                enc: c[8].to_owned(),
                mm: (n(3) / n(12) * 25.4, n(4) / n(13) * 25.4),
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
struct Word {
    text: String,
    page: usize,
    /// Top, mm.
    y0: f64,
}

fn words(pdf: &Path) -> Vec<Word> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let xml = String::from_utf8_lossy(&out.stdout);
    let mut page = 0;
    let mut list = Vec::new();
    for raw in xml.lines() {
        let l = raw.trim();
        if l.starts_with("<page ") {
            page += 1;
        } else if l.starts_with("<word ")
            && let (Some(s), Some(e)) = (l.find('>'), l.rfind("</word>"))
        {
            let key = " yMin=\"";
            let a = l.find(key).expect("yMin") + key.len();
            let b = l[a..].find('"').expect("quote") + a;
            list.push(Word {
                text: l[s + 1..e].to_owned(),
                page,
                y0: l[a..b].parse::<f64>().expect("number") * PT,
            });
        }
    }
    list
}

#[test]
fn the_record_book_prints_the_photos_and_the_scanned_sheet() {
    let pdf = demo().path(BOOK);
    let imgs = images(&pdf);
    let sizes: Vec<(u32, u32, &str)> = imgs
        .iter()
        .map(|i| (i.width, i.height, i.enc.as_str()))
        .collect();
    // The scanned sheet (PNG), the two photos of the same activity (JPEG, embedded as they
    // are), then the June photo (PNG).
    assert_eq!(
        sizes,
        [
            (300, 420, "image"),
            (320, 240, "jpeg"),
            (320, 240, "jpeg"),
            (240, 160, "image")
        ],
        "{imgs:#?}"
    );
    // Two a page, on the pages right after the record's.
    assert_eq!(imgs[0].page, imgs[1].page);
    assert_eq!(imgs[2].page, imgs[1].page + 1);
    assert!(imgs[3].page > imgs[2].page);
    let ws = words(&pdf);
    let record = ws
        .iter()
        .find(|w| w.text.contains("（yaoji-qiandao-saomiao.png，见附页）"))
        .expect("the sheet listed on the record's page");
    assert_eq!(record.page + 1, imgs[0].page);
    // Scaled to fit half the type area (156 mm wide; 225 mm less the page's heading, halved,
    // less a caption: 89.5 mm): never larger, and each picture meets one of the two bounds
    // (pdfimages rounds the resolution to whole ppi, so 2 % either way).
    for i in &imgs {
        let (w, h) = i.mm;
        assert!(w <= 156.0 * 1.02 && h <= 89.5 * 1.02, "{i:?}");
        assert!(
            w > 156.0 * 0.98 || h > 89.5 * 0.98,
            "{i:?} does not fill its half page"
        );
    }
}

#[test]
fn every_picture_has_its_caption_right_under_it() {
    let pdf = demo().path(BOOK);
    let imgs = images(&pdf);
    let ws = words(&pdf);
    let captions = [
        ("附件2", "主题党日签到表（扫描件）"),
        ("附件3", "党员重温入党誓词"),
        ("附件4", "支部书记领学文件精神"),
    ];
    for (img, (no, caption)) in imgs.iter().zip(captions) {
        let on: Vec<&Word> = ws.iter().filter(|w| w.page == img.page).collect();
        let label = on
            .iter()
            .find(|w| w.text == no)
            .unwrap_or_else(|| panic!("no {no} on page {}", img.page));
        assert!(
            on.iter()
                .any(|w| w.text.contains(caption) && (w.y0 - label.y0).abs() < 1.0),
            "{caption} beside {no}"
        );
        // The picture's band of non-white rows ends just above the caption and is as tall
        // as the picture.
        let r = render(&pdf, img.page, 50);
        let ink = |r: &Raster, x: usize, y: usize| {
            let (a, b, c) = r.px(x, y);
            a < 245 || b < 245 || c < 245
        };
        let rows = r.rows(30.0, 180.0, ink);
        let band = bands(&rows)
            .into_iter()
            .map(|(a, b)| (r.mm(a), r.mm(b)))
            .find(|&(_, end)| end < label.y0 && label.y0 - end < 8.0)
            .unwrap_or_else(|| panic!("nothing printed just above {no}"));
        assert!(
            (band.1 - band.0 - img.mm.1).abs() < 2.0,
            "{no}: band {band:?} vs picture {:?}",
            img.mm
        );
    }
}

#[test]
fn other_files_are_listed_by_name_only() {
    let pdf = demo().path(BOOK);
    let all = squash(&text(&pdf));
    assert!(
        all.contains("1.签到表：主题党日签到表（yaoji-qiandao.txt）"),
        "{all}"
    );
    // A PDF attached to the same activity is listed and not printed.
    let site = TestSite::demo();
    site.write_bytes("content/attachments/2025/jilu.pdf", b"%PDF-1.4\n%%EOF\n");
    let site = build_edited(site, ACTIVITY, "books", |t| {
        t.replacen(
            "attachments = [",
            "attachments = [{ path = \"attachments/2025/jilu.pdf\", caption = \"会议记录原件\", kind = \"会议记录\" }, ",
            1,
        )
    });
    let pdf = site.path(BOOK);
    let all = squash(&text(&pdf));
    assert!(
        all.contains("1.会议记录：会议记录原件（jilu.pdf）"),
        "{all}"
    );
    assert_eq!(images(&pdf).len(), 4);
    // The pictures are numbered as the record lists them, the PDF counting.
    assert!(
        all.contains("附件3签到表：主题党日签到表（扫描件）"),
        "{all}"
    );
}

#[test]
fn a_broken_picture_is_listed_by_name_with_a_warning() {
    // The fixture's photo.png is 8 bytes: typst could not read it and the book would fail.
    require();
    let site = TestSite::copy_of("pdf-basic");
    link_fonts(&site.root);
    let o = site.run(&["build", "--pdf", "books"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(
            "警告[invalid-value]: 附件 `attachments/photo.png` 不是完整的 PNG 图片，记录本中只列出文件名，不印图片\n  --> content/activities/2024/2024-03-15-alpha-zhuti-dangri.md:16:25"
        ),
        "{err}"
    );
    let pdf = site.path("output/books/alpha-2024.pdf");
    assert!(images(&pdf).is_empty());
    let all = squash(&text(&pdf));
    assert!(all.contains("1.照片：现场（photo.png）"), "{all}");
    assert!(!all.contains("见附页"), "{all}");
}

#[test]
fn the_annual_summary_numbers_its_charts() {
    let pdf = demo().path("output/annual/2025.pdf");
    let ws = words(&pdf);
    let mut last = (0, 0.0);
    for (n, title) in [
        (1, "2025年各支部活动次数"),
        (2, "2025年各月支部活动次数"),
        (3, "2025年组织生活制度落实情况"),
    ] {
        let label = format!("图{n}");
        let found: Vec<&Word> = ws.iter().filter(|w| w.text == label).collect();
        assert_eq!(found.len(), 1, "{label}: {found:?}");
        let w = found[0];
        assert!(
            ws.iter()
                .any(|x| x.page == w.page && x.text == title && (x.y0 - w.y0).abs() < 1.0),
            "{label} {title}"
        );
        assert!((w.page, w.y0) > last, "{label} out of order");
        last = (w.page, w.y0);
        // Under its chart: the chart (an SVG drawn as vector graphics) ends just above.
        let r = render(&pdf, w.page, 50);
        let rows = r.rows(30.0, 180.0, |r, x, y| {
            let (a, b, c) = r.px(x, y);
            a < 245 || b < 245 || c < 245
        });
        let above = bands(&rows)
            .into_iter()
            .rev()
            .map(|(a, b)| (r.mm(a), r.mm(b)))
            .find(|&(_, end)| end < w.y0 - 0.5)
            .expect("something above the caption");
        assert!(
            w.y0 - above.1 < 10.0,
            "{label}: the chart ends at {above:?}"
        );
    }
    assert!(!ws.iter().any(|w| w.text == "图4"));
}
