//! Measuring PDFs with the poppler command-line tools: text boxes (`pdftotext -bbox-layout`),
//! text runs with font, size and colour (`pdftohtml -xml`), fonts (`pdffonts`), page facts
//! (`pdfinfo`) and pixels (`pdftoppm`, read as PPM so that no image crate is needed).
//! Every length is returned in millimetres from the page's top-left corner.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use super::{SETUP_HINT, TestSite, repo_root};

pub const PT: f64 = 25.4 / 72.0;
/// The grid of GB/T 9704 as the template sets it: 22 lines in 225 mm.
pub const PITCH_MM: f64 = (225.0 - 16.0 * PT) / 21.0;
/// One grid character: 16pt − 0.22pt tracking.
pub const ZI_MM: f64 = (16.0 - 0.22) * PT;

/// The typst 0.15 the program itself would run ($DANGJIAN_TYPST, the per-user folder of
/// `dangjian setup`, ~/.cargo/bin, PATH: `pdf::Typst::locate`); fails (never skips) with the
/// set-up hint when there is none.
pub fn typst_015() -> std::path::PathBuf {
    let settings = dangjian::config::PdfSettings::default();
    match dangjian::pdf::Typst::locate(&repo_root(), &settings, None) {
        Ok(t) => t.path,
        Err(d) => panic!("{d}\n{SETUP_HINT}"),
    }
}

/// Fails (never skips) when typst, the fonts or poppler are missing.
pub fn require() {
    static OK: OnceLock<Result<(), String>> = OnceLock::new();
    let r = OK.get_or_init(|| {
        let settings = dangjian::config::PdfSettings::default();
        dangjian::pdf::Typst::locate(&repo_root(), &settings, None).map_err(|d| d.to_string())?;
        if !repo_root().join(".fonts/FandolFang-Regular.otf").is_file() {
            return Err("找不到 .fonts/FandolFang-Regular.otf".into());
        }
        for tool in ["pdftotext", "pdftohtml", "pdffonts", "pdfinfo", "pdftoppm"] {
            let ok = Command::new(tool)
                .arg("-v")
                .output()
                .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
            if !ok {
                return Err(format!("找不到 {tool}"));
            }
        }
        Ok(())
    });
    if let Err(e) = r {
        panic!("{e}\n{SETUP_HINT}");
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}\n{SETUP_HINT}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_owned())
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {tag}"))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn pages(pdf: &Path) -> usize {
    let info = run(Command::new("pdfinfo").arg(pdf));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .expect("Pages in pdfinfo")
}

/// Page size in millimetres.
pub fn page_size(pdf: &Path) -> (f64, f64) {
    let info = run(Command::new("pdfinfo").arg(pdf));
    let line = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("Page size");
    let nums: Vec<f64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (nums[0] * PT, nums[1] * PT)
}

/// (font name, embedded) from pdffonts.
pub fn fonts(pdf: &Path) -> Vec<(String, bool)> {
    let out = run(Command::new("pdffonts").arg(pdf));
    out.lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            // name type… encoding emb sub uni object ID: "emb" is the fifth from the end.
            let emb = cols.get(cols.len().checked_sub(5)?)?;
            Some(((*cols.first()?).to_owned(), *emb == "yes"))
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Line {
    pub text: String,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// Text lines of one page (1-based), from `pdftotext -bbox-layout`.
pub fn lines(pdf: &Path, page: usize) -> Vec<Line> {
    let p = page.to_string();
    let xml = run(Command::new("pdftotext")
        .args(["-bbox-layout", "-f", &p, "-l", &p])
        .arg(pdf)
        .arg("-"));
    let mut out = Vec::new();
    let mut cur: Option<Line> = None;
    for raw in xml.lines() {
        let l = raw.trim();
        if l.starts_with("<line ") {
            cur = Some(Line {
                text: String::new(),
                x0: num(l, "xMin") * PT,
                y0: num(l, "yMin") * PT,
                x1: num(l, "xMax") * PT,
                y1: num(l, "yMax") * PT,
            });
        } else if l.starts_with("<word ") {
            if let (Some(c), Some(s), Some(e)) = (cur.as_mut(), l.find('>'), l.rfind("</word>")) {
                c.text.push_str(&unescape(&l[s + 1..e]));
            }
        } else if l.starts_with("</line>") {
            out.extend(cur.take());
        }
    }
    out
}

#[derive(Debug, Clone)]
pub struct Run {
    pub text: String,
    pub top: f64,
    pub left: f64,
    pub width: f64,
    pub height: f64,
    pub family: String,
    pub size: f64,
    pub color: String,
}

/// Text runs with their font family, size (pt) and colour, from `pdftohtml -xml` at zoom 1
/// (coordinates in whole points).
pub fn runs(pdf: &Path, page: usize) -> Vec<Run> {
    let p = page.to_string();
    let xml = run(Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-zoom", "1", "-f", &p, "-l", &p])
        .arg(pdf));
    let mut specs = std::collections::HashMap::new();
    let mut out = Vec::new();
    for raw in xml.lines() {
        let l = raw.trim();
        if l.starts_with("<fontspec ") {
            specs.insert(
                attr(l, "id").unwrap_or_default(),
                (
                    attr(l, "family").unwrap_or_default(),
                    num(l, "size"),
                    attr(l, "color").unwrap_or_default(),
                ),
            );
        } else if l.starts_with("<text ") {
            let font = attr(l, "font").unwrap_or_default();
            let (family, size, color) = specs.get(&font).cloned().unwrap_or_default();
            let inner = &l[l.find('>').map_or(0, |i| i + 1)..l.rfind("</text>").unwrap_or(l.len())];
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(Run {
                text: unescape(&text),
                top: num(l, "top") * PT,
                left: num(l, "left") * PT,
                width: num(l, "width") * PT,
                height: num(l, "height") * PT,
                family,
                size,
                color,
            });
        }
    }
    out
}

/// The whole text, pages separated by form feeds.
pub fn text(pdf: &Path) -> String {
    run(Command::new("pdftotext").arg(pdf).arg("-"))
}

/// The text in content order, without poppler's reading-order heuristics — which would also
/// join a line that ends in "-" to the next one, dropping the hyphen.
pub fn raw_text(pdf: &Path) -> String {
    run(Command::new("pdftotext").arg("-raw").arg(pdf).arg("-"))
}

/// Text with all white space removed: line breaks and justification spaces are layout.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// A rendered page.
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub dpi: f64,
    pub rgb: Vec<u8>,
}

pub fn render(pdf: &Path, page: usize, dpi: u32) -> Raster {
    let p = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-f", &p, "-l", &p, "-singlefile"])
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm: {e}\n{SETUP_HINT}"));
    assert!(out.status.success(), "pdftoppm failed");
    parse_ppm(&out.stdout, f64::from(dpi))
}

fn parse_ppm(bytes: &[u8], dpi: f64) -> Raster {
    // "P6\n<w> <h>\n255\n" then RGB bytes.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6", "pdftoppm did not write a PPM");
    let width: usize = fields[1].parse().expect("width");
    let height: usize = fields[2].parse().expect("height");
    let rgb = bytes[i + 1..].to_vec();
    assert_eq!(rgb.len(), width * height * 3);
    Raster {
        width,
        height,
        dpi,
        rgb,
    }
}

impl Raster {
    pub fn px(&self, x: usize, y: usize) -> (u8, u8, u8) {
        let i = (y * self.width + x) * 3;
        (self.rgb[i], self.rgb[i + 1], self.rgb[i + 2])
    }

    pub fn is_red(&self, x: usize, y: usize) -> bool {
        let (r, g, b) = self.px(x, y);
        r > 150 && g < 110 && b < 110 && r as i32 - g as i32 > 80
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        let (r, g, b) = self.px(x, y);
        r < 110 && g < 110 && b < 110
    }

    pub fn mm(&self, px: usize) -> f64 {
        px as f64 * 25.4 / self.dpi
    }

    pub fn px_of(&self, mm: f64) -> usize {
        (mm * self.dpi / 25.4).round().max(0.0) as usize
    }

    /// Rows (as mm ranges of rows) in which `pred` holds for at least one pixel between the
    /// columns `x0..x1` (mm).
    pub fn rows(&self, x0: f64, x1: f64, pred: impl Fn(&Self, usize, usize) -> bool) -> Vec<usize> {
        let (a, b) = (self.px_of(x0), self.px_of(x1).min(self.width));
        (0..self.height)
            .filter(|&y| (a..b).any(|x| pred(self, x, y)))
            .collect()
    }

    /// How many pixels of row `y` satisfy `pred`.
    pub fn count_in_row(&self, y: usize, pred: impl Fn(&Self, usize, usize) -> bool) -> usize {
        (0..self.width).filter(|&x| pred(self, x, y)).count()
    }

    /// Columns of row `y` where `pred` holds.
    pub fn cols(&self, y: usize, pred: impl Fn(&Self, usize, usize) -> bool) -> Vec<usize> {
        (0..self.width).filter(|&x| pred(self, x, y)).collect()
    }

    pub fn count(&self, pred: impl Fn(&Self, usize, usize) -> bool) -> usize {
        (0..self.height)
            .map(|y| (0..self.width).filter(|&x| pred(self, x, y)).count())
            .sum()
    }
}

/// Groups sorted row numbers into runs of consecutive rows: (first, last).
pub fn bands(rows: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &r in rows {
        match out.last_mut() {
            Some((_, last)) if *last + 1 == r => *last = r,
            _ => out.push((r, r)),
        }
    }
    out
}

// ------------------------------------------------------------ the built sites ---

pub struct Built {
    pub demo: TestSite,
    pub fixture: TestSite,
}

pub fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        require();
        let demo = TestSite::demo();
        let fixture = TestSite::copy_of("pdf-basic");
        for site in [&demo, &fixture] {
            link_fonts(&site.root);
            // The notices only: the other documents have test files of their own.
            let o = site.run(&["build", "--pdf", "notices"]);
            assert!(
                o.status.success(),
                "build failed: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        Built { demo, fixture }
    })
}

/// `site` with the record `rel` `edit`ed, built with the PDFs of `kinds` (`notices`,
/// `annual`, …).
pub fn build_edited(
    site: TestSite,
    rel: &str,
    kinds: &str,
    edit: impl Fn(String) -> String,
) -> TestSite {
    require();
    link_fonts(&site.root);
    site.write(rel, &edit(site.read(rel)));
    let out = site.run(&["build", "--pdf", kinds]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}

/// A copy of the `pdf-basic` fixture whose first notice (`content/notices/2024/1.md`) is
/// `edit`ed, built with its notice PDFs.
pub fn fixture_with_first_notice(edit: impl Fn(String) -> String) -> TestSite {
    build_edited(
        TestSite::copy_of("pdf-basic"),
        "content/notices/2024/1.md",
        "notices",
        edit,
    )
}

pub fn link_fonts(root: &Path) {
    #[cfg(unix)]
    std::os::unix::fs::symlink(repo_root().join(".fonts"), root.join(".fonts"))
        .expect("link .fonts");
}

pub fn demo(name: &str) -> PathBuf {
    built().demo.path(&format!("output/notices/{name}.pdf"))
}

/// A notice PDF of the built `pdf-basic` fixture site.
pub fn notice_pdf(name: &str) -> PathBuf {
    built().fixture.path(&format!("output/notices/{name}.pdf"))
}

pub const TOP: f64 = 37.0;
pub const BOTTOM: f64 = 262.0;

/// The 版心's left and right edges: 28 mm binding side, mirrored on even pages.
pub fn edges(page: usize) -> (f64, f64) {
    if page % 2 == 1 {
        (28.0, 184.0)
    } else {
        (26.0, 182.0)
    }
}

pub fn near(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: measured {got:.2} mm, want {want:.2} ± {tol} mm"
    );
}

/// Body lines: 3号 text (5.6 mm boxes) inside the 版心.
pub fn body_lines(pdf: &Path, page: usize) -> Vec<Line> {
    lines(pdf, page)
        .into_iter()
        .filter(|l| {
            l.y0 >= TOP - 1.0 && l.y1 <= BOTTOM + 1.0 && (l.y1 - l.y0 - 16.0 * PT).abs() < 0.3
        })
        .collect()
}

/// A copy of the demo built once for a whole test file with `build <args>` (e.g. `--pdf
/// books`), in a fixed folder under cargo's target/tmp: a static is never dropped, so the
/// folder is replaced by the next run instead of piling up in the system's temp folder.
pub fn shared_demo(name: &str, args: &[&str]) -> TestSite {
    require();
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::copy(repo_root().join("site.toml"), root.join("site.toml")).expect("copy site.toml");
    super::copy_dir(&repo_root().join("content"), &root.join("content"));
    let site = TestSite { root };
    link_fonts(&site.root);
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let o = site.run(&all);
    assert!(
        o.status.success(),
        "build {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    site
}
