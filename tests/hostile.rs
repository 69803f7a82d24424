//! Hostile records: what a careless or malicious editor of `content/` can write, and what the
//! tool must make of it.
//!
//! - Script in every text field (titles, names, places, tags, figure labels, …) comes out inert
//!   in every page, feed and sitemap, and as plain text in the search index, whose UI escapes it.
//! - Typst code in every field of a notice comes out as text in its PDF (`pdftotext`).
//! - Attachment, logo, seal and Markdown image paths that leave `content/` — `..`, absolute,
//!   Windows-style, symbolic links out of the root, and links to records — are rejected, and
//!   nothing outside `content/` (nor any record) is ever published.
//! - Member data: birth years, hidden names and ID-like fields never reach the site or the index.
//! - Huge, deep, odd and many files: a precise diagnostic or the right output; never a panic, a
//!   hang or running out of memory. (`tests/robustness.rs` covers `check` on malformed input;
//!   here the same inputs go through `build`, plus what it does not cover.)
//!
//! Every test that needs an external tool (typst, fonts, pdftotext, gzip) fails with
//! "run: bash scripts/setup.sh --for-tests" when it is missing; none is skipped.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use support::site::{decode_entities, files_below, parse_xml, tags};
use support::{BIN, Diag, TestSite, assert_one, repo_root};
use support::{SETUP_HINT, missing};

// ------------------------------------------------------------------------------- payloads

/// Script, markup, template, Typst and CDATA syntax at once, tagged so that each field's copy
/// can be found again.
fn payload(tag: &str) -> String {
    format!(
        "<script>alert('{tag}')</script><img src=x onerror=alert('{tag}')>\"'&amp;{{{{ {tag} }}}}#panic(\"{tag}\")$ {tag} $]]></textarea>[{tag}](javascript:alert('{tag}'))"
    )
}

/// Typst code that would fail the build, read a file or change the page if it were evaluated.
fn typst_payload(tag: &str) -> String {
    format!(
        "#panic(\"{tag}\") #read(\"/etc/passwd\") #set page(width: 1cm) ]#panic()[ $x^2$ *{tag}* _i_ @ref <label> // c /* d */ \\u{{41}} {tag}"
    )
}

/// A TOML basic string holding exactly `s`.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Runs the binary and asserts it neither panicked nor was killed: exit 0 or 1.
fn run(site: &TestSite, args: &[&str]) -> Output {
    let o = site.run(args);
    let all = text(&o);
    assert!(!all.contains("panicked"), "panic:\n{all}");
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "exit status {:?}:\n{all}",
        o.status
    );
    o
}

fn check(site: &TestSite) -> (i32, Vec<Diag>) {
    let (code, diags) = site.check_json();
    assert!(matches!(code, 0 | 1), "check exit {code}");
    (
        code,
        diags.into_iter().filter(|d| d.code != "rule").collect(),
    )
}

// --------------------------------------------------------------------------- hostile site

/// Every text field of the minimal site holds a tagged payload; with `typst`, notice fields
/// hold Typst code as well.
struct Fields {
    /// tag → what the field is, for messages.
    names: BTreeMap<&'static str, &'static str>,
}

const FIELDS: &[(&str, &str)] = &[
    ("O1", "organisation.name"),
    ("O2", "organisation.hospital"),
    ("O3", "organisation.organ_mark"),
    ("O5", "organisation.recipients"),
    ("O6", "organisation.cc"),
    ("O7", "organisation.issuing_office"),
    ("S1", "site.title"),
    ("K1", "activity kind name"),
    ("B1", "branch.name"),
    ("B2", "branch.short_name"),
    ("B3", "branch.department"),
    ("B4", "branch.secretary.name"),
    ("B5", "branch.committee.members.name"),
    ("B6", "branch.groups.name"),
    ("B7", "branch.groups.leader"),
    ("M1", "branch.members.name (roster)"),
    ("A1", "activity.title"),
    ("A2", "activity.place"),
    ("A3", "activity.chair"),
    ("A4", "activity.recorder"),
    ("A5", "activity.absentees.name"),
    ("A6", "activity.absentees.reason"),
    ("A7", "activity.guests"),
    ("A8", "activity.topics"),
    ("A9", "activity.tags"),
    ("A10", "activity.attachments.caption"),
    ("A11", "activity body"),
    ("A12", "activity.lecturer"),
    ("A13", "activity.subject"),
    ("R1", "brand.name"),
    ("R2", "brand.slogan"),
    ("R3", "brand.meaning"),
    ("R4", "brand.goals"),
    ("R5", "brand.measures"),
    ("R6", "brand.plan.items"),
    ("R7", "brand.milestones.text"),
    ("R8", "brand.honours.title"),
    ("R9", "brand body"),
    ("F1", "annual figure label"),
    ("F2", "annual figure unit"),
    ("F3", "annual figure group"),
    ("F4", "annual target label"),
    ("F6", "annual target group"),
    ("N1", "annual narrative title"),
    ("N2", "annual narrative subtitle"),
    ("N3", "annual narrative body"),
    ("T1", "notice.title"),
    ("T2", "notice.recipients"),
    ("T3", "notice.issuer"),
    ("T4", "notice.note"),
    ("T5", "notice.cc"),
    ("T6", "notice.print_office"),
    ("T7", "notice body"),
    ("T8", "notice.attachments.title"),
    ("T9", "notice.signer (upward)"),
    ("C1", "checklist.title"),
    ("C2", "checklist.categories.name"),
    ("C3", "checklist.groups.name"),
    ("C4", "checklist.items.text"),
    ("C5", "checklist.items.departments"),
    ("C6", "checklist.scores.evidence"),
];

/// Fields a page shows by design (README, content reference): each must be found, escaped.
const SHOWN: &[&str] = &[
    "O1", "S1", "K1", "B1", "B3", "B4", "B5", "A1", "A2", "A3", "A4", "A5", "A6", "A9", "A11",
    "A12", "A13", "R1", "R2", "R9", "F1", "N1", "N3", "T1", "T7", "C1", "C4",
];

/// Fields that carry member names: with `hide_member_names` they appear nowhere.
const MEMBER_NAMES: &[&str] = &["M1", "A5"];

/// A birth year no page has any other reason to show, as a whole token.
const BIRTH_YEAR: &str = "1931";
const JOINED: &str = "1988-07-01";

fn hostile_site(hide_names: bool, pdf: bool) -> (TestSite, Fields) {
    let p = |t: &str| q(&payload(t));
    let site = TestSite::minimal();
    let pdf_settings = if pdf {
        #[cfg(unix)]
        std::os::unix::fs::symlink(repo_root().join(".fonts"), site.path(".fonts"))
            .expect("link .fonts");
        "\n[pdf]\nfont_dirs = [\".fonts\"]\ntimeout_seconds = 120\n"
    } else {
        ""
    };
    site.write(
        "site.toml",
        &format!(
            "[organisation]\nname = {}\nhospital = {}\norgan_mark = {}\ndoc_prefix = \"测医党\"\nrecipients = [{}]\ncc = [{}]\nissuing_office = {}\n\n[site]\ntitle = {}\nbase_url = \"https://test.example/\"\nas_of = 2024-07-31\nhide_member_names = {hide_names}\npublish_roster = true\n\n[activity_kinds]\n\"支部党员大会\" = \"dangyuan-dahui\"\n\"支部委员会\" = \"zhiweihui\"\n\"党小组会\" = \"xiaozuhui\"\n\"党课\" = \"dangke\"\n\"主题党日\" = \"zhuti-dangri\"\n\"组织生活会\" = \"zuzhi-shenghuohui\"\n\"民主评议党员\" = \"minzhu-pingyi\"\n{} = \"evil-kind\"\n{pdf_settings}",
            p("O1"),
            p("O2"),
            p("O3"),
            p("O5"),
            p("O6"),
            p("O7"),
            p("S1"),
            p("K1"),
        ),
    );
    site.write(
        "content/branches/alpha.toml",
        &format!(
            "name = {}\nshort_name = {}\ncategory = \"临床\"\ndepartment = {}\nbrand = \"xianfeng\"\n\n[secretary]\nname = {}\nheads_department = true\n\n[term]\nstart = 2023-01-01\n\n[committee]\n[[committee.members]]\nname = {}\npost = \"书记\"\n\n[[groups]]\nname = {}\nleader = {}\n\n[[member_counts]]\ndate = 2024-01-01\nfull = 10\nprobationary = 1\n\n[[members]]\nname = {}\nstatus = \"正式\"\njoined = {JOINED}\nbirth_year = {BIRTH_YEAR}\ngaozhi = true\n",
            p("B1"),
            p("B2"),
            p("B3"),
            p("B4"),
            p("B5"),
            p("B6"),
            p("B7"),
            p("M1"),
        ),
    );
    site.write(
        "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md",
        &format!(
            "+++\ntitle = {}\nbranch = \"alpha\"\nkind = \"主题党日\"\ndate = 2024-03-15\ntime = \"14:30-16:00\"\nplace = {}\nchair = {}\nrecorder = {}\nexpected = 11\npresent = 10\nabsentees = [{{ name = {}, reason = {} }}]\nguests = [{}]\ntopics = [{}]\ntags = [{}]\nbrand = \"xianfeng\"\nattachments = [{{ path = \"attachments/photo.png\", caption = {}, kind = \"照片\" }}]\n+++\n{}\n\n<script>alert('A11b')</script>\n\n[x](javascript:alert('A11c')) ![y](attachments/photo.png)\n",
            p("A1"),
            p("A2"),
            p("A3"),
            p("A4"),
            p("A5"),
            p("A6"),
            p("A7"),
            p("A8"),
            p("A9"),
            p("A10"),
            payload("A11"),
        ),
    );
    site.write(
        "content/activities/2024/2024-04-10-alpha-dangke.md",
        &format!(
            "+++\ntitle = \"四月党课\"\nbranch = \"alpha\"\nkind = \"党课\"\ndate = 2024-04-10\nplace = \"会议室\"\nchair = \"张明\"\nrecorder = \"李华\"\nexpected = 11\npresent = 11\nlecturer = {}\nsubject = {}\n+++\n党课内容。\n",
            p("A12"),
            p("A13"),
        ),
    );
    site.write(
        "content/activities/2024/2024-05-10-alpha-evil-kind.md",
        &format!(
            "+++\ntitle = \"自定义类型\"\nbranch = \"alpha\"\nkind = {}\ndate = 2024-05-10\nplace = \"会议室\"\nchair = \"张明\"\nrecorder = \"李华\"\nexpected = 11\npresent = 11\n+++\n内容。\n",
            p("K1"),
        ),
    );
    site.write(
        "content/brands/xianfeng.md",
        &format!(
            "+++\nname = {}\nbranch = \"alpha\"\nslogan = {}\nmeaning = {}\nstarted = 2023-05-01\ngoals = [{}]\nmeasures = [{}]\n\n[[plan]]\nyear = 2024\nitems = [{}]\n\n[[milestones]]\ndate = 2024-01-10\ntext = {}\n\n[[honours]]\ndate = 2024-06-01\ntitle = {}\nlevel = \"院级\"\n+++\n{}\n",
            p("R1"),
            p("R2"),
            p("R3"),
            p("R4"),
            p("R5"),
            p("R6"),
            p("R7"),
            p("R8"),
            payload("R9"),
        ),
    );
    site.write(
        "content/annual/2024.toml",
        &format!(
            "[[figures]]\nid = \"new_members\"\nlabel = {}\nunit = {}\ngroup = {}\nvalue = 3\n\n[[targets]]\nid = \"yizhen\"\nlabel = {}\nunit = \"场\"\ngroup = {}\ntarget = 6\nkinds = [\"主题党日\"]\n",
            p("F1"),
            p("F2"),
            p("F3"),
            p("F4"),
            p("F6"),
        ),
    );
    site.write(
        "content/annual/2024.md",
        &format!(
            "+++\ntitle = {}\nsubtitle = {}\ndate = 2024-07-01\n+++\n全年发展党员{{{{ new_members }}}}。\n\n{}\n",
            p("N1"),
            p("N2"),
            // `{{ … }}` in a narrative is a citation: checked by `unknown-figure`, not here.
            payload("N3").replace("{{", "{ {"),
        ),
    );
    let (t_title, t_body) = if pdf {
        (
            format!("{} {}", payload("T1"), typst_payload("P1")),
            format!("{}\n\n{}\n", payload("T7"), typst_payload("P7")),
        )
    } else {
        (payload("T1"), format!("{}\n", payload("T7")))
    };
    let tp = |t: &str, typst_tag: &str| {
        if pdf {
            q(&format!("{} {}", payload(t), typst_payload(typst_tag)))
        } else {
            p(t)
        }
    };
    site.write(
        "content/notices/2024/1.md",
        &format!(
            "+++\nnumber = 1\nformat = \"文件\"\ntitle = {}\ndate = 2024-02-01\nrecipients = [{}]\nissuer = {}\nnote = {}\ncc = [{}]\nprint_office = {}\n\n[[attachments]]\ntitle = {}\nchecklist = \"kaohe\"\n+++\n{}",
            q(&t_title),
            tp("T2", "P2"),
            tp("T3", "P3"),
            tp("T4", "P4"),
            tp("T5", "P5"),
            tp("T6", "P6"),
            tp("T8", "P8"),
            t_body,
        ),
    );
    site.write(
        "content/notices/2024/2.md",
        &format!(
            "+++\nnumber = 2\nformat = \"文件\"\ntitle = \"上行文\"\ndate = 2024-03-01\nupward = true\nsigner = {}\n+++\n正文。\n",
            tp("T9", "P9"),
        ),
    );
    site.write(
        "content/checklists/kaohe.toml",
        &format!(
            "title = {}\n\n[[categories]]\nname = {}\npoints = 5\n\n[[categories.groups]]\nname = {}\npoints = 5\n\n[[categories.groups.items]]\nid = \"a1\"\ntext = {}\npoints = 5\ndepartments = [{}]\n\n[scores.2024]\na1 = {{ score = 2, evidence = {} }}\n",
            p("C1"),
            p("C2"),
            p("C3"),
            p("C4"),
            p("C5"),
            p("C6"),
        ),
    );
    let fields = Fields {
        names: FIELDS.iter().copied().collect(),
    };
    (site, fields)
}

/// Builds `site` (without PDFs unless `pdf`) into `output/` and panics with the output if it
/// fails.
fn build(site: &TestSite, pdf: bool) {
    let args: &[&str] = if pdf {
        &["build"]
    } else {
        &["build", "--no-pdf"]
    };
    let o = run(site, args);
    assert!(o.status.success(), "build failed:\n{}", text(&o));
}

/// The hostile site, built once per hide setting and shared by the HTML and index tests.
fn built(hide: bool) -> &'static Mutex<(TestSite, Fields)> {
    static SHOWN_SITE: OnceLock<Mutex<(TestSite, Fields)>> = OnceLock::new();
    static HIDDEN_SITE: OnceLock<Mutex<(TestSite, Fields)>> = OnceLock::new();
    let cell = if hide { &HIDDEN_SITE } else { &SHOWN_SITE };
    cell.get_or_init(|| {
        support::site::remove_stale_test_dirs();
        let (site, fields) = hostile_site(hide, false);
        let (code, diags) = check(&site);
        let errors: Vec<&Diag> = diags.iter().filter(|d| d.severity == "error").collect();
        assert!(
            errors.is_empty(),
            "the hostile site has errors: {errors:#?}"
        );
        assert!(matches!(code, 0 | 1));
        build(&site, false);
        Mutex::new((site, fields))
    })
}

// ------------------------------------------------------------------------ output scanning

/// Text files a browser or feed reader interprets: pages, feeds, sitemap, SVG, JSON.
fn web_files(out: &Path) -> Vec<(String, String)> {
    files_below(out)
        .into_iter()
        .filter(|p| {
            !p.starts_with("pagefind/")
                && [".html", ".xml", ".svg", ".json", ".js", ".css", ".txt"]
                    .iter()
                    .any(|e| p.ends_with(e))
        })
        .map(|p| {
            let s = std::fs::read_to_string(out.join(&p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            (p, s)
        })
        .collect()
}

/// The text of an HTML/XML document: tags dropped, entities decoded.
fn visible_text(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    while let Some(p) = rest.find('<') {
        out.push_str(&rest[..p]);
        out.push(' ');
        rest = &rest[p..];
        // Script and style contents are not text.
        let lower = rest
            .get(..7)
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let skip_to = if lower.starts_with("<script") {
            rest.to_ascii_lowercase()
                .find("</script")
                .unwrap_or(rest.len())
        } else if lower.starts_with("<style") {
            rest.to_ascii_lowercase()
                .find("</style")
                .unwrap_or(rest.len())
        } else {
            0
        };
        rest = &rest[skip_to..];
        rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// Every way the payloads could have become live markup in `doc` (a page, feed or SVG).
fn live_markup(path: &str, doc: &str) -> Vec<String> {
    let mut found = Vec::new();
    for t in tags(doc) {
        for (name, value) in &t.attrs {
            if name.starts_with("on") {
                found.push(format!("{path}:{}: <{} {name}=…>", t.line, t.name));
            }
            let v = value.as_deref().unwrap_or("");
            let squeezed: String = v
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if (name == "href" || name == "src" || name == "action" || name == "xlink:href")
                && (squeezed.starts_with("javascript:") || squeezed.starts_with("data:text"))
            {
                found.push(format!("{path}:{}: <{} {name}={v:?}>", t.line, t.name));
            }
        }
        if t.name == "img" && t.attr("src") == Some("x") {
            found.push(format!("{path}:{}: <img src=x>", t.line));
        }
        if t.name == "textarea" {
            found.push(format!("{path}:{}: <textarea>", t.line));
        }
    }
    // Script contents: the theme's own scripts never call alert.
    let lower = doc.to_ascii_lowercase();
    let mut at = 0;
    while let Some(p) = lower[at..].find("<script") {
        let start = at + p;
        let end = lower[start..]
            .find("</script")
            .map_or(doc.len(), |e| start + e);
        if doc[start..end].contains("alert(") {
            found.push(format!("{path}: a <script> holds a payload"));
        }
        at = end.max(start + 1);
    }
    found
}

/// Whether `tag`'s payload appears in `text` (decoded), whole.
fn shows(text: &str, tag: &str) -> bool {
    text.contains(&format!("<script>alert('{tag}')</script>"))
}

/// `needle` as a whole token (not inside a longer number).
fn has_token(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
            && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// The decompressed files of the search index (`pagefind/**/*.pf_*`, gzip), as text.
fn search_index(out: &Path) -> Vec<(String, String)> {
    let ok = Command::new("gzip")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing("`gzip`");
    }
    let mut docs = Vec::new();
    for rel in files_below(&out.join("pagefind")) {
        if !rel.contains(".pf_") {
            continue;
        }
        let o = Command::new("gzip")
            .args(["-dc"])
            .arg(out.join("pagefind").join(&rel))
            .output()
            .expect("gzip");
        assert!(o.status.success(), "gzip -dc {rel}");
        docs.push((rel, String::from_utf8_lossy(&o.stdout).into_owned()));
    }
    assert!(
        docs.iter().any(|(p, _)| p.contains("fragment")),
        "no fragments in the search index: {docs:?}"
    );
    docs
}

// -------------------------------------------------------------------- script injection

#[test]
fn script_in_every_field_is_inert_in_every_page_feed_and_svg() {
    let guard = built(false).lock().unwrap_or_else(|p| p.into_inner());
    let (site, fields) = &*guard;
    let out = site.path("output");
    let files = web_files(&out);
    assert!(files.iter().any(|(p, _)| p == "index.html"));
    let mut live = Vec::new();
    let mut all_text = String::new();
    for (path, doc) in &files {
        live.extend(live_markup(path, doc));
        if path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg") {
            all_text.push_str(&visible_text(doc));
            all_text.push('\n');
        }
        if path.ends_with(".xml") {
            parse_xml(doc).unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}"));
        }
    }
    assert!(
        live.is_empty(),
        "live markup from records:\n{}",
        live.join("\n")
    );
    let absent: Vec<String> = SHOWN
        .iter()
        .filter(|t| !shows(&all_text, t))
        .map(|t| format!("{t} ({})", fields.names[t]))
        .collect();
    assert!(
        absent.is_empty(),
        "fields the site shows by design but whose text is not on any page, whole and as text: {absent:?}"
    );
    // Raw HTML in a body is text, and a javascript: link in it leads nowhere.
    assert!(
        shows(&all_text, "A11b"),
        "raw <script> in a body is not shown as text"
    );
    let page = site.read("output/activities/2024/2024-03-15-alpha-zhuti-dangri.html");
    let hrefs: Vec<String> = tags(&page)
        .iter()
        .filter_map(|t| t.attr("href").map(str::to_owned))
        .filter(|h| h.to_ascii_lowercase().contains("javascript"))
        .collect();
    assert!(
        hrefs.is_empty(),
        "javascript: links on the activity page: {hrefs:?}"
    );
    assert!(
        page.contains("&lt;script&gt;alert("),
        "the body's <script> is not escaped"
    );
}

#[test]
fn the_feed_and_sitemap_stay_well_formed_with_cdata_and_entities_in_titles() {
    let guard = built(false).lock().unwrap_or_else(|p| p.into_inner());
    let (site, _) = &*guard;
    let feed = parse_xml(&site.read("output/feed.xml")).expect("feed.xml well-formed");
    let titles: Vec<String> = feed
        .all("entry")
        .iter()
        .filter_map(|e| e.child("title").map(|t| t.text.clone()))
        .collect();
    assert!(
        titles
            .iter()
            .any(|t| t == &payload("A1") || t.contains(&payload("A1"))),
        "the activity's title is not in the feed as text: {titles:?}"
    );
    parse_xml(&site.read("output/sitemap.xml")).expect("sitemap.xml well-formed");
}

#[test]
fn script_in_fields_is_plain_text_in_the_search_index_and_its_ui_escapes_it() {
    let guard = built(false).lock().unwrap_or_else(|p| p.into_inner());
    let (site, _) = &*guard;
    let out = site.path("output");
    let index = search_index(&out);
    let fragments: Vec<serde_json::Value> = index
        .iter()
        .filter(|(p, _)| p.contains("fragment"))
        .map(|(p, s)| {
            let json = s.trim_start_matches("pagefind_dcd");
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{p}: {e}"))
        })
        .collect();
    // The index holds the record's text as text (so that it can be found) …
    let title = fragments
        .iter()
        .find_map(|f| {
            f["meta"]["title"]
                .as_str()
                .filter(|t| t.contains("alert('A1')"))
                .map(str::to_owned)
        })
        .expect("the activity's title in the index");
    assert_eq!(title, payload("A1"), "the title is stored as typed");
    // … and the UI shipped with the site renders titles as text nodes and escapes `<` and `>`
    // of the content before it builds an excerpt with <mark>: a payload never becomes markup.
    let api = std::fs::read_to_string(out.join("pagefind/pagefind.js")).expect("pagefind.js");
    assert!(
        api.contains(r#".replace(/</g,"&lt;").replace(/>/g,"&gt;")"#)
            || api.contains(r#".replace(/</g, "&lt;").replace(/>/g, "&gt;")"#),
        "pagefind.js no longer escapes fragment content before building excerpts"
    );
    // Every filter value and title reaches the UI through JSON, never as HTML of ours.
    for (p, doc) in web_files(&out) {
        assert!(live_markup(&p, &doc).is_empty());
    }
}

// ------------------------------------------------------------------------ member data

#[test]
fn birth_years_never_reach_the_site_or_the_index() {
    for hide in [false, true] {
        let guard = built(hide).lock().unwrap_or_else(|p| p.into_inner());
        let (site, _) = &*guard;
        let out = site.path("output");
        for (path, doc) in web_files(&out) {
            assert!(
                !has_token(&visible_text(&doc), BIRTH_YEAR),
                "birth year {BIRTH_YEAR} on {path} (hide_member_names = {hide})"
            );
        }
        for (path, doc) in search_index(&out) {
            assert!(
                !has_token(&doc, BIRTH_YEAR),
                "birth year {BIRTH_YEAR} in the search index {path}"
            );
        }
        // No record file is ever published.
        let records: Vec<String> = files_below(&out)
            .into_iter()
            .filter(|p| p.ends_with(".toml") || p.ends_with(".md"))
            .collect();
        assert!(records.is_empty(), "records published: {records:?}");
    }
}

#[test]
fn hidden_member_names_never_reach_the_site_or_the_index() {
    let guard = built(true).lock().unwrap_or_else(|p| p.into_inner());
    let (site, _) = &*guard;
    let out = site.path("output");
    let mut all = String::new();
    for (_, doc) in web_files(&out) {
        all.push_str(&visible_text(&doc));
        all.push_str(&doc);
    }
    for (_, doc) in search_index(&out) {
        all.push_str(&doc);
    }
    for tag in MEMBER_NAMES {
        assert!(
            !all.contains(&format!("alert('{tag}')"))
                && !all.contains(&format!("alert(&#39;{tag}&#39;)")),
            "{tag} (a member's name) reached the site with hide_member_names = true"
        );
    }
    assert!(
        !all.contains("1988年7月"),
        "a hidden member's joining date reached the site"
    );
    // The rest of the record is still shown: the setting hides names, not activities.
    assert!(shows(&all, "A1") && shows(&all, "A6"));
}

#[test]
fn without_hiding_the_roster_shows_names_but_not_birth_years() {
    let guard = built(false).lock().unwrap_or_else(|p| p.into_inner());
    let (site, _) = &*guard;
    let page = visible_text(&site.read("output/branches/alpha.html"));
    assert!(shows(&page, "M1"), "the roster name is missing");
    assert!(page.contains("1988年7月"), "the joining month is missing");
    assert!(!has_token(&page, BIRTH_YEAR));
}

#[test]
fn id_like_fields_are_refused_so_they_never_reach_the_site() {
    let site = TestSite::minimal();
    site.replace(
        "content/branches/alpha.toml",
        "[[member_counts]]",
        "[[members]]\nname = \"王芳\"\nid_number = \"110101193101011234\"\nphone = \"13800000000\"\n\n[[member_counts]]",
    );
    let (code, diags) = check(&site);
    assert_eq!(code, 1);
    let unknown: Vec<(u32, u32, &str)> = diags
        .iter()
        .filter(|d| d.code == "unknown-key")
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        unknown,
        vec![
            (29, 1, "未知字段 `members[1].id_number`"),
            (30, 1, "未知字段 `members[1].phone`"),
        ]
    );
    let o = run(&site, &["build", "--no-pdf"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        !site.path("output").exists(),
        "a refused build made output/"
    );
}

// ------------------------------------------------------------------------------ PDFs

/// typst, the fonts and pdftotext, or a failure naming the set-up command.
fn require_pdf_tools() {
    if !repo_root().join(".fonts/FandolFang-Regular.otf").is_file() {
        missing(".fonts/ (the open CJK fonts)");
    }
    support::pdf::typst_015();
    support::site::require_program("pdftotext", "-v");
}

/// The text of a PDF in the order it was drawn (`-raw`: a justified line is not reordered),
/// without the page numbers (`— 1 —`) that fall between the lines of a long paragraph.
fn pdf_text(pdf: &Path) -> String {
    let o = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext: {e} — {SETUP_HINT}"));
    assert!(o.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| {
            let t = l.trim();
            !(t.starts_with('—') && t.ends_with('—') && t.chars().any(|c| c.is_ascii_digit()))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The notice PDFs, built once.
fn built_pdfs() -> &'static (TestSite, Fields) {
    static SITE: OnceLock<(TestSite, Fields)> = OnceLock::new();
    SITE.get_or_init(|| {
        require_pdf_tools();
        let (site, fields) = hostile_site(false, true);
        let o = run(&site, &["build"]);
        assert!(
            o.status.success(),
            "build with PDFs failed (Typst code in a field must be text, never a failure):\n{}",
            text(&o)
        );
        (site, fields)
    })
}

#[test]
fn typst_code_in_every_notice_field_is_text_in_the_pdf() {
    let (site, _) = built_pdfs();
    let pdf = site.path("output/notices/2024-1.pdf");
    assert!(pdf.is_file(), "no output/notices/2024-1.pdf");
    let text = squeeze(&pdf_text(&pdf));
    assert!(
        !text.contains("root:x:0:0"),
        "#read(\"/etc/passwd\") was evaluated"
    );
    let mut missing = Vec::new();
    for tag in ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"] {
        let mut want = squeeze(&typst_payload(tag));
        if tag == "P7" {
            // In the body this is Markdown: `*P7*` and `_i_` are emphasis, the rest is text.
            want = want.replace("*P7*", "P7").replace("_i_", "i");
        }
        if !text.contains(&want) {
            missing.push(tag);
        }
    }
    assert!(
        missing.is_empty(),
        "Typst code of {missing:?} is not shown verbatim in 2024-1.pdf:\n{text}"
    );
    let upward = squeeze(&pdf_text(&site.path("output/notices/2024-2.pdf")));
    assert!(upward.contains(&squeeze(&typst_payload("P9"))), "signer");
}

#[test]
fn script_in_notice_fields_is_text_in_the_pdf() {
    let (site, _) = built_pdfs();
    let text = squeeze(&pdf_text(&site.path("output/notices/2024-1.pdf")));
    // `&amp;` in a field is the five characters, not an entity.
    let missing: Vec<&str> = ["T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"]
        .into_iter()
        .filter(|tag| !text.contains(&squeeze(&payload(tag))))
        .collect();
    assert!(
        missing.is_empty(),
        "{missing:?} not shown verbatim in 2024-1.pdf:\n{text}"
    );
}

// ----------------------------------------------------------------------------- paths

const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

/// What each path field is, how to put a path into it, and where the value's column is.
struct PathField {
    name: &'static str,
    file: &'static str,
    line: u32,
    column: u32,
    set: fn(&TestSite, &str),
}

fn path_fields() -> Vec<PathField> {
    vec![
        PathField {
            name: "activity attachment",
            file: ACT,
            line: 16,
            column: 25,
            set: |s, lit| {
                s.replace(
                    ACT,
                    "path = \"attachments/photo.png\"",
                    &format!("path = {lit}"),
                )
            },
        },
        PathField {
            name: "brand logo",
            file: "content/brands/xianfeng.md",
            line: 5,
            column: 8,
            set: |s, lit| {
                s.replace(
                    "content/brands/xianfeng.md",
                    "slogan = \"党员带头\"\n",
                    &format!("slogan = \"党员带头\"\nlogo = {lit}\n"),
                )
            },
        },
        PathField {
            name: "organisation seal",
            file: "site.toml",
            line: 8,
            column: 8,
            set: |s, lit| {
                s.replace(
                    "site.toml",
                    "issuing_office = \"测试医院党政综合办公室\"\n",
                    &format!("issuing_office = \"测试医院党政综合办公室\"\nseal = {lit}\n"),
                )
            },
        },
    ]
}

fn assert_rejected(site: &TestSite, f: &PathField, lit: &str, message: &str) {
    let (code, diags) = check(site);
    assert_eq!(code, 1, "{} = {lit}: {diags:#?}", f.name);
    let d = assert_one(&diags, "path-outside-root", f.file, f.line, f.column);
    assert!(
        d.message.contains(message),
        "{} = {lit}: message {:?} lacks {message:?}",
        f.name,
        d.message
    );
}

#[test]
fn paths_that_leave_content_are_rejected_in_every_path_field() {
    let cases: &[(&str, &str)] = &[
        ("\"../site.toml\"", "含有 `..`"),
        ("\"attachments/../../site.toml\"", "含有 `..`"),
        ("\"attachments/./../../secret.png\"", "含有 `..`"),
        ("\"/etc/passwd\"", "是绝对路径"),
        ("\"//server/share/x.png\"", "是绝对路径"),
        ("\"C:/Windows/win.ini\"", "是绝对路径"),
        ("\"c:photo.png\"", "是绝对路径"),
        ("\"C:\\\\Windows\\\\win.ini\"", "反斜杠"),
        ("\"attachments\\\\photo.png\"", "反斜杠"),
        ("\"\\\\\\\\server\\\\share\\\\x.png\"", "反斜杠"),
        ("\"..\\\\site.toml\"", "反斜杠"),
        ("\"attachments/photo.png\\u0000.txt\"", "空字符"),
        ("\"branches/alpha.toml\"", "记录文件"),
        ("\"activities/2024/2024-04-10-alpha-dangke.md\"", "记录文件"),
        ("\"./notices/2024/1.md\"", "记录文件"),
    ];
    for f in path_fields() {
        for (lit, message) in cases {
            let site = TestSite::minimal();
            site.write("secret.png", "outside content/");
            (f.set)(&site, lit);
            assert_rejected(&site, &f, lit, message);
        }
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_content_are_rejected_in_every_path_field() {
    let outside = TestSite::empty();
    outside.write("secret.png", "not in the site");
    for f in path_fields() {
        for (link, target, message) in [
            (
                "out.png",
                outside.path("secret.png"),
                "符号链接指向 content/ 之外",
            ),
            (
                "cfg.png",
                PathBuf::from("../../site.toml"),
                "符号链接指向 content/ 之外",
            ),
            (
                "roster.png",
                PathBuf::from("../branches/alpha.toml"),
                "记录文件",
            ),
        ] {
            let site = TestSite::minimal();
            std::os::unix::fs::symlink(&target, site.path(&format!("content/attachments/{link}")))
                .expect("symlink");
            let lit = format!("\"attachments/{link}\"");
            (f.set)(&site, &lit);
            assert_rejected(&site, &f, &lit, message);
        }
    }
}

#[test]
fn a_markdown_image_or_link_never_publishes_a_file_outside_content_or_a_record() {
    let site = TestSite::minimal();
    site.write("secret.png", "outside content/");
    let outside = TestSite::empty();
    outside.write("x.png", "outside the site");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path("x.png"),
            site.path("content/attachments/out.png"),
        )
        .expect("symlink");
        std::os::unix::fs::symlink("../../site.toml", site.path("content/attachments/cfg.png"))
            .expect("symlink");
    }
    let dests = [
        "../secret.png",
        "attachments/../../secret.png",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "C:/Windows/win.ini",
        "\\\\server\\share\\x.png",
        "file:///etc/passwd",
        "branches/alpha.toml",
        "activities/2024/2024-04-10-alpha-dangke.md",
        "attachments/out.png",
        "attachments/cfg.png",
        "%2e%2e/secret.png",
    ];
    let body: String = dests
        .iter()
        .enumerate()
        .map(|(i, d)| format!("![img{i}]({d}) [link{i}]({d})\n\n"))
        .collect();
    site.write(
        ACT,
        &format!("{}{body}![ok](attachments/photo.png)\n", site.read(ACT)),
    );
    build(&site, false);
    let out = site.path("output");
    let published = files_below(&out);
    let leaked: Vec<&String> = published
        .iter()
        .filter(|p| {
            p.ends_with(".toml")
                || p.ends_with(".md")
                || p.ends_with("secret.png")
                || p.ends_with("passwd")
                || p.ends_with("out.png")
                || p.ends_with("cfg.png")
                || p.ends_with("win.ini")
        })
        .collect();
    assert!(leaked.is_empty(), "published: {leaked:?}");
    let page = site.read("output/activities/2024/2024-03-15-alpha-zhuti-dangri.html");
    let urls: Vec<String> = tags(&page)
        .into_iter()
        .filter_map(|t| {
            let alt = t.attr("alt").unwrap_or("").to_owned();
            match t.name.as_str() {
                "img" if alt.starts_with("img") => Some(t.attr("src").unwrap_or("").to_owned()),
                _ => None,
            }
        })
        .collect();
    assert_eq!(urls, vec!["#".to_owned(); dests.len()], "image URLs");
    assert!(
        page.contains("src=\"../../attachments/photo.png\""),
        "the good image is not shown"
    );
    assert!(published.contains(&"attachments/photo.png".to_owned()));
}

// --------------------------------------------------------------- huge, deep, odd, many

/// Runs the binary with a deadline; a run past it is a hang (the process is killed).
fn run_with_deadline(site: &TestSite, args: &[&str], deadline: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(&site.root)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dangjian");
    // Drain the pipes in threads so that a chatty child cannot block on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).ok();
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).ok();
        v
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let o = Output {
                status,
                stdout: out_t.join().unwrap_or_default(),
                stderr: err_t.join().unwrap_or_default(),
            };
            let all = text(&o);
            assert!(!all.contains("panicked"), "panic:\n{all}");
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "{:?}:\n{all}",
                o.status
            );
            return (o, started.elapsed());
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`dangjian {}` still running after {deadline:?}: a hang",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A 50 MB body is built into a page (and its first 100,000 bytes into the search index), in
/// bounded time (5 minutes for a debug build on a slow machine).
#[test]
fn a_fifty_megabyte_body_is_built() {
    let site = TestSite::minimal();
    let line = "支部集中学习党的二十届三中全会精神，交流发言踊跃，会议形成决议。\n";
    let mut body = String::with_capacity(50 * 1024 * 1024 + line.len());
    while body.len() < 50 * 1024 * 1024 {
        body.push_str(line);
        if body.len() % (1024 * 1024) < line.len() {
            body.push('\n');
        }
    }
    let head = site.read(ACT);
    site.write(ACT, &format!("{head}\n{body}HUGE_END\n"));
    let (o, took) = run_with_deadline(&site, &["build", "--no-pdf"], Duration::from_secs(300));
    assert!(o.status.success(), "{}", text(&o));
    let page =
        std::fs::metadata(site.path("output/activities/2024/2024-03-15-alpha-zhuti-dangri.html"))
            .expect("the page")
            .len();
    assert!(page > 50_000_000, "the page holds the body ({page} bytes)");
    eprintln!("50 MB body: built in {took:?}");
}

/// 100,000 tags on one activity: built, each tag once on the page.
#[test]
fn a_hundred_thousand_tags_are_built() {
    let site = TestSite::minimal();
    let tags: Vec<String> = (0..100_000).map(|i| format!("\"标签{i}\"")).collect();
    site.replace(
        ACT,
        "tags = [\"理论学习\"]",
        &format!("tags = [{}]", tags.join(", ")),
    );
    let (o, took) = run_with_deadline(&site, &["build", "--no-pdf"], Duration::from_secs(600));
    assert!(o.status.success(), "{}", text(&o));
    let page = site.read("output/activities/2024/2024-03-15-alpha-zhuti-dangri.html");
    assert!(
        page.contains("标签0<") || page.contains("标签0 "),
        "first tag"
    );
    assert!(page.contains("标签99999"), "last tag");
    eprintln!("100,000 tags: built in {took:?}");
}

/// A body nested 10,000 deep (quotes, lists, emphasis, brackets) is built.
#[test]
fn deeply_nested_markdown_is_built() {
    let site = TestSite::minimal();
    let head = site.read(ACT);
    let quotes = format!("{}深\n", "> ".repeat(10_000));
    let lists: String = (0..2_000)
        .map(|i| format!("{}- 层{i}\n", "  ".repeat(i)))
        .collect();
    let emph = format!("{}强调{}\n", "*_".repeat(5_000), "_*".repeat(5_000));
    let brackets = format!("{}链{}\n", "[".repeat(10_000), "]".repeat(10_000));
    site.write(
        ACT,
        &format!("{head}\n{quotes}\n{lists}\n{emph}\n{brackets}"),
    );
    let (o, _) = run_with_deadline(&site, &["build", "--no-pdf"], Duration::from_secs(300));
    assert!(o.status.success(), "{}", text(&o));
    let page = site.read("output/activities/2024/2024-03-15-alpha-zhuti-dangri.html");
    for w in ["深", "层1999", "强调", "链"] {
        assert!(page.contains(w), "{w} lost");
    }
}

/// Deep nesting in front matter through `build`: a precise syntax error, nothing published.
#[test]
fn deeply_nested_front_matter_fails_the_build_precisely() {
    let site = TestSite::minimal();
    site.replace(
        ACT,
        "tags = [\"理论学习\"]",
        &format!("tags = {}", "[".repeat(100_000)),
    );
    let (o, _) = run_with_deadline(&site, &["build", "--no-pdf"], Duration::from_secs(120));
    assert_eq!(o.status.code(), Some(1));
    let all = text(&o);
    assert!(all.contains(&format!("{ACT}:14:")), "{all}");
    assert!(all.contains("toml-syntax"), "{all}");
    assert!(!site.path("output").exists());
}

/// CRLF line endings and a BOM are ordinary text: the site built from them is byte for byte
/// the site built from the same records with LF.
#[test]
fn crlf_and_bom_records_build_the_same_site() {
    let lf = TestSite::minimal();
    let crlf = TestSite::minimal();
    for rel in files_below(&crlf.root) {
        if rel.ends_with(".md") || rel.ends_with(".toml") {
            let t = crlf.read(&rel);
            crlf.write_bytes(
                &rel,
                format!("\u{feff}{}", t.replace('\n', "\r\n")).as_bytes(),
            );
        }
    }
    build(&lf, false);
    build(&crlf, false);
    // The build stamp (`.dangjian-build`) hashes the input files' sizes and times, which
    // differ by construction; every published file must be identical.
    let published = |site: &TestSite| {
        let mut s = support::site::snapshot(&site.path("output"));
        s.retain(|p, _| !p.starts_with(".dangjian-"));
        s
    };
    let a = published(&lf);
    let b = published(&crlf);
    let diff = support::site::snapshot_diff(&a, &b);
    assert!(
        diff.is_empty(),
        "CRLF/BOM changed the site:\n{}",
        diff.join("\n")
    );
}

/// NUL bytes and invalid UTF-8 in a record: `build` refuses with the located diagnostic of
/// `check` and publishes nothing.
#[test]
fn nul_bytes_and_invalid_utf8_fail_the_build_precisely() {
    for (bytes, code, line, column) in [
        (&b"+++\ntitle = \"a\x00b\"\n"[..], "toml-syntax", 2, 11),
        (&b"+++\ntitle = \"caf\xe9\"\n"[..], "not-utf8", 2, 13),
    ] {
        let site = TestSite::minimal();
        let rest = site.read(ACT);
        let rest = rest.split_once('\n').map(|(_, r)| r).unwrap_or("");
        let rest = rest.split_once('\n').map(|(_, r)| r).unwrap_or("");
        let mut file = bytes.to_vec();
        file.extend_from_slice(rest.as_bytes());
        site.write_bytes(ACT, &file);
        let (_, diags) = check(&site);
        assert_one(&diags, code, ACT, line, column);
        let o = run(&site, &["build", "--no-pdf"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            text(&o).contains(&format!("{ACT}:{line}:{column}")),
            "{}",
            text(&o)
        );
        assert!(!site.path("output").exists());
    }
}

/// Duplicate keys anywhere — front matter, tables, site.toml — are located errors.
#[test]
fn duplicate_keys_are_located_errors() {
    let cases: &[(&str, &str, &str, u32, u32)] = &[
        (
            ACT,
            "place = \"会议室\"",
            "place = \"会议室\"\nplace = \"礼堂\"",
            8,
            1,
        ),
        (
            "content/branches/alpha.toml",
            "[term]",
            "[secretary]\nname = \"又一个\"\n\n[term]",
            11,
            2,
        ),
        (
            "content/branches/alpha.toml",
            "heads_department = true",
            "heads_department = true\nheads_department = false",
            10,
            1,
        ),
        (
            "site.toml",
            "hospital = \"测试医院\"",
            "hospital = \"测试医院\"\nhospital = \"另一家\"",
            4,
            1,
        ),
    ];
    for (file, from, to, line, column) in cases {
        let site = TestSite::minimal();
        site.replace(file, from, to);
        let (code, diags) = check(&site);
        assert_eq!(code, 1, "{file}: {diags:#?}");
        let d = assert_one(&diags, "toml-syntax", file, *line, *column);
        assert!(
            d.message.contains("重复"),
            "{file}: {:?} does not say duplicate",
            d.message
        );
    }
}

/// 10,000 activity files in one folder: `check` and `build` finish, in bounded time, and every
/// one gets its page.
#[test]
fn ten_thousand_files_in_one_folder() {
    let site = TestSite::minimal();
    let template = site.read("content/activities/2024/2024-04-10-alpha-dangke.md");
    for i in 0..10_000u32 {
        let day = 1 + i % 28;
        let month = 1 + (i / 28) % 12;
        let date = format!("2024-{month:02}-{day:02}");
        let text = template
            .replace("date = 2024-04-10", &format!("date = {date}"))
            .replace("四月党课", &format!("党课第{i}次"));
        site.write(
            &format!("content/activities/2024/{date}-alpha-dangke-{i}.md"),
            &text,
        );
    }
    let (o, took) = run_with_deadline(
        &site,
        &["check", "--format", "json"],
        Duration::from_secs(300),
    );
    let errors: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .filter(|l| l.contains("\"severity\":\"error\""))
        .map(str::to_owned)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    eprintln!("check of 10,002 activities: {took:?}");
    let (o, took) = run_with_deadline(&site, &["build", "--no-pdf"], Duration::from_secs(900));
    assert!(o.status.success(), "{}", text(&o));
    let pages = files_below(&site.path("output/activities/2024"))
        .into_iter()
        .filter(|p| p.contains("-alpha-dangke-"))
        .count();
    assert_eq!(pages, 10_000);
    eprintln!("build of 10,002 activities: {took:?}");
}

/// `dangjian new` with hostile values: the record it writes reads back to exactly those values
/// (TOML-escaped), never breaks out of its front matter, and is never overwritten.
#[test]
fn new_with_hostile_values_writes_a_record_that_reads_back_exactly() {
    let site = TestSite::minimal();
    // (A NUL cannot be passed in a command-line argument.)
    let title = "标题\n+++\nbranch = \"beta\"\n+++\n<script>alert('new')</script>#panic(\"x\")\u{1}\u{feff}";
    let o = run(
        &site,
        &[
            "new",
            "activity",
            "--branch",
            "alpha",
            "--kind",
            "主题党日",
            "--title",
            title,
            "--date",
            "2024-06-05",
            "--place",
            "'''\"\"\"\\",
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    let rel = String::from_utf8_lossy(&o.stdout).trim().to_owned();
    assert_eq!(
        rel,
        "content/activities/2024/2024-06-05-alpha-zhuti-dangri.md"
    );
    let (loaded, diags) = dangjian::Site::load(&site.root, None);
    // The template's own placeholders (`placeholder`, tests/warnings.rs) are expected, and so
    // is the warning about the title's U+0001 (`control-character`, tests/diagnostics.rs).
    let expected = [
        dangjian::diagnostics::Code::Placeholder,
        dangjian::diagnostics::Code::ControlCharacter,
    ];
    let mine: Vec<String> = diags
        .iter()
        .filter(|d| d.file == rel && !expected.contains(&d.code))
        .map(|d| d.to_string())
        .collect();
    assert!(mine.is_empty(), "{mine:#?}");
    let loaded = loaded.expect("site");
    let a = loaded
        .corpus
        .activities
        .iter()
        .find(|a| a.file == rel)
        .expect("the new activity");
    assert_eq!(a.title, title);
    assert_eq!(a.branch.value, "alpha");
    assert_eq!(a.place, "'''\"\"\"\\");
}
