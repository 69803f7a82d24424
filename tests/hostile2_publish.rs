//! Hardening round two (issue 13), publishing: what an editor of `content/` — or a careless
//! `--output` — could do to the output folder and the files around it.
//!
//! - 1: a journal planted in `content/` and published is never executed; an attachment name
//!   with a newline or tab is an error at the record.
//! - 2: HTML and SVG (anything outside the allow-list) are refused at the record; a content
//!   file on the path of a generated PDF is an error, never a silent replacement.
//! - 3: `build --output DIR` replaces only a folder a build made, or an empty one.
//! - 4: a record that is a symbolic link out of `content/` is refused without showing a line.
//! - 8: a file deleted or changed in `output/` by hand is put back; an `output` that is a
//!   symbolic link or a file is refused.
//! - 15: attachment names with `#`, `?`, `%` and spaces are percent-encoded in links.

mod support;

use std::path::Path;
use std::process::Output;

use support::{TestSite, assert_one};

const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";
/// `attachments = [{ path = ` is 24 characters: the path starts at column 25 of line 16.
const PATH_LINE: u32 = 16;
const PATH_COL: u32 = 25;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn build(site: &TestSite, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--no-pdf"];
    args.extend_from_slice(extra);
    let o = site.run(&args);
    let all = text(&o);
    assert!(!all.contains("panicked"), "panic:\n{all}");
    o
}

fn build_ok(site: &TestSite) {
    let o = build(site, &[]);
    assert!(o.status.success(), "build failed:\n{}", text(&o));
}

/// Every file below `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                walk(root, &p, out);
            } else {
                out.push(
                    p.strip_prefix(root)
                        .unwrap_or(&p)
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn set_attachment(site: &TestSite, path_literal: &str) {
    site.replace(
        ACT,
        "path = \"attachments/photo.png\"",
        &format!("path = {path_literal}"),
    );
}

// ------------------------------------------------------------------------------ 1: journal

/// The attack of issue 13: a record links `.dangjian-journal` (a journal in the old line
/// format, moving `site.toml` into the output and deleting `index.html`). The link is an
/// error at the record; and a journal of that format inside `output/` (where the old version
/// published it) is never executed by an in-place build.
#[test]
fn a_journal_planted_in_content_is_never_published_nor_executed() {
    let site = TestSite::minimal();
    let secret = site.path("site.toml");
    let planted = format!(
        "put\t{}\tstolen.toml\ndel\t\tindex.html\n",
        secret.display()
    );
    site.write("content/.dangjian-journal", &planted);
    site.write("content/attachments/.dangjian-journal", &planted);
    site.replace(
        ACT,
        "支部集中学习。",
        "支部集中学习。[日志](.dangjian-journal) [日志2](attachments/.dangjian-journal)",
    );
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let found: Vec<(u32, u32)> = diags
        .iter()
        .filter(|d| d.code == "unsafe-attachment" && d.file == ACT)
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(found, vec![(18, 8), (18, 32)], "{diags:#?}");

    site.replace(
        ACT,
        "[日志](.dangjian-journal) [日志2](attachments/.dangjian-journal)",
        "",
    );
    build_ok(&site);
    let out = site.path("output");
    site.write("output/.dangjian-journal", &planted);
    // A one-record edit: an in-place commit, where the old build replayed what it found.
    site.replace(ACT, "三月主题党日", "三月主题党日（修订）");
    build_ok(&site);
    assert!(secret.is_file(), "site.toml was moved away");
    assert!(
        out.join("index.html").is_file(),
        "output/index.html was deleted"
    );
    assert!(!out.join("stolen.toml").exists());
    // The journal of an in-place commit lives next to output/, not in it, and is gone after.
    assert!(!site.path(".output.journal").exists());
}

/// A journal next to the output that names a path outside it (as a forged one would) is
/// refused whole: nothing moves, the output is checked and rebuilt.
#[test]
fn a_forged_journal_next_to_the_output_is_refused() {
    let site = TestSite::minimal();
    build_ok(&site);
    std::fs::create_dir_all(site.path(".output.pending-1")).expect("mkdir");
    site.write(".output.pending-1/0", "<script>alert(1)</script>");
    let forged = |to: &str| {
        let mut j = Vec::new();
        for f in [
            "dangjian-journal 2",
            ".output.pending-1",
            "put",
            "0",
            to,
            "del",
            "../site.toml",
            "end",
        ] {
            j.extend_from_slice(f.as_bytes());
            j.push(0);
        }
        j
    };
    site.write_bytes(".output.journal", &forged("index.html"));
    site.replace(ACT, "三月主题党日", "三月主题党日（修订）");
    build_ok(&site);
    assert!(site.path("site.toml").is_file(), "site.toml was deleted");
    assert!(!site.read("output/index.html").contains("alert(1)"));
    assert!(!site.path(".output.journal").exists());
}

/// A newline and tab in an attachment's file name once injected journal lines; now the name
/// is an error at the record (the file exists, so only the name is wrong).
#[test]
fn an_attachment_name_with_control_characters_is_an_error_at_the_record() {
    let site = TestSite::minimal();
    site.write("content/attachments/a\nput\tb.png", "png");
    set_attachment(&site, "\"attachments/a\\nput\\tb.png\"");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1, "{diags:#?}");
    let d = assert_one(&diags, "unsafe-attachment", ACT, PATH_LINE, PATH_COL);
    assert_eq!(
        d.message,
        "附件路径“attachments/a\\nput\\tb.png”含有控制字符 \\u{a}"
    );
    assert_eq!(
        d.hint.as_deref(),
        Some("把文件改名，去掉换行符、制表符等不可见字符")
    );
}

// ------------------------------------------------------------------ 2: types and collisions

#[test]
fn html_svg_and_unknown_types_are_refused_at_the_record() {
    for name in [
        "x.html", "x.HTM", "x.svg", "x.xhtml", "x.js", "x.css", "x.xml", "noext", ".png",
    ] {
        let site = TestSite::minimal();
        site.write(
            &format!("content/attachments/{name}"),
            "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        );
        set_attachment(&site, &format!("\"attachments/{name}\""));
        let (code, diags) = site.check_json();
        assert_eq!(code, 1, "{name}: {diags:#?}");
        let d = assert_one(&diags, "unsafe-attachment", ACT, PATH_LINE, PATH_COL);
        assert!(d.message.contains("类型不能发布"), "{name}: {d:#?}");
        assert!(
            d.hint.as_deref().is_some_and(|h| h.contains("PDF")),
            "{name}: {d:#?}"
        );
    }
}

/// `photo.png` that is a link to `page.html` inside content/ is refused too: what is
/// published is the target.
#[cfg(unix)]
#[test]
fn a_publishable_name_linked_to_html_is_refused() {
    let site = TestSite::minimal();
    site.write("content/attachments/page.html", "<script>alert(1)</script>");
    site.remove("content/attachments/photo.png");
    std::os::unix::fs::symlink("page.html", site.path("content/attachments/photo.png"))
        .expect("symlink");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    assert_one(&diags, "unsafe-attachment", ACT, PATH_LINE, PATH_COL);
}

/// Markdown links in a body to HTML or SVG under content/ are errors at the link, and the
/// build publishes nothing.
#[test]
fn markdown_links_to_html_or_svg_are_errors_at_the_link() {
    let site = TestSite::minimal();
    site.write("content/attachments/x.html", "<script>alert(1)</script>");
    site.write("content/attachments/y.svg", "<svg onload='alert(1)'/>");
    site.write("content/index.html", "<script>alert(2)</script>");
    site.replace(
        ACT,
        "支部集中学习。",
        "支部集中学习。[a](attachments/x.html) ![b](attachments/y.svg) [c](index.html)",
    );
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    let found: Vec<(u32, u32, &str)> = diags
        .iter()
        .filter(|d| d.code == "unsafe-attachment")
        .map(|d| (d.line, d.column, d.file.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![(18, 8, ACT), (18, 32, ACT), (18, 56, ACT)],
        "{diags:#?}"
    );
    let o = build(&site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!site.path("output").exists());
}

/// A content file published on the path of a generated PDF is an error naming it; the build
/// fails and the previous output stays.
#[test]
fn a_content_file_on_the_path_of_a_generated_pdf_is_an_error() {
    let settings = dangjian::config::PdfSettings::default();
    if let Err(d) = dangjian::pdf::Typst::locate(&support::repo_root(), &settings, None) {
        panic!("{d}\nrun: bash scripts/setup.sh --for-tests");
    }
    let fonts = support::repo_root().join(".fonts");
    if !fonts.join("FandolFang-Regular.otf").is_file() {
        panic!(".fonts/ is missing — run: bash scripts/setup.sh --for-tests");
    }
    let site = TestSite::minimal();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&fonts, site.path(".fonts")).expect("link .fonts");
    site.write("content/notices/2024-1.pdf", "%PDF-1.4 not the notice");
    site.replace(
        ACT,
        "支部集中学习。",
        "支部集中学习。[通知](notices/2024-1.pdf)",
    );
    let o = site.run(&["build"]);
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains("content/notices/2024-1.pdf")
            && all.contains("此文件会发布为 notices/2024-1.pdf，与网站生成的同名文件冲突")
            && all.contains("shadows-output"),
        "{all}"
    );
    assert!(
        !site.path("output").exists(),
        "a failed build published output/"
    );
}

// ------------------------------------------------------------------------ 3: --output DIR

/// `--output` at content/, the site root, an ancestor of it, `/` or a folder that no build
/// made: a Chinese error, exit 1, nothing deleted.
#[test]
fn build_output_refuses_folders_it_did_not_make() {
    let outer = TestSite::empty();
    let root = outer.path("site");
    support::copy_dir(&support::fixture("minimal"), &root);
    outer.write("unrelated/notes.txt", "mine");
    let run = |dir: &Path| {
        std::process::Command::new(support::BIN)
            .arg("--root")
            .arg(&root)
            .args(["build", "--no-pdf", "--output"])
            .arg(dir)
            .output()
            .expect("run")
    };
    let cases: [(&Path, &str); 6] = [
        (&root.join("content"), "它在 content/ 里"),
        (&root.join("content/activities"), "它在 content/ 里"),
        (&root, "它是站点目录本身"),
        (outer.root.as_path(), "它是站点目录的上级目录"),
        (Path::new("/"), "这是文件系统的根目录"),
        (&outer.path("unrelated"), "不是空的，也不是 dangjian 生成的"),
    ];
    let before = files(&outer.root);
    for (dir, why) in cases {
        let o = run(dir);
        let all = text(&o);
        assert_eq!(o.status.code(), Some(1), "{}: {all}", dir.display());
        assert!(all.contains("不能把") || all.contains("输出目录"), "{all}");
        assert!(all.contains(why), "{}: {all}", dir.display());
        assert_eq!(
            files(&outer.root),
            before,
            "{} changed files",
            dir.display()
        );
    }
    // An empty folder, and then the folder that build made, are fine.
    std::fs::create_dir_all(outer.path("fresh")).expect("mkdir");
    for _ in 0..2 {
        let o = run(&outer.path("fresh"));
        assert!(o.status.success(), "{}", text(&o));
    }
    assert!(outer.path("fresh/index.html").is_file());
}

// ------------------------------------------------------------------------------ 4: symlinks

#[cfg(unix)]
#[test]
fn a_record_symlinked_out_of_content_is_refused_without_its_contents() {
    let outside = TestSite::empty();
    outside.write(
        "secret.toml",
        "name = \"机密行ZX91\"\nid_number = \"110101199001011234\"\n",
    );
    let site = TestSite::minimal();
    std::os::unix::fs::symlink(
        outside.path("secret.toml"),
        site.path("content/branches/gamma.toml"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink("/etc/passwd", site.path("content/branches/delta.toml"))
        .expect("symlink");
    let (code, diags) = site.check_json();
    assert_eq!(code, 1);
    for f in ["gamma", "delta"] {
        let d = assert_one_in(
            &diags,
            "path-outside-root",
            &format!("content/branches/{f}.toml"),
        );
        assert_eq!(
            d.message,
            "这是一个指向 content/ 之外的符号链接，不会被读取"
        );
    }
    let o = build(&site, &[]);
    let all = text(&o) + &format!("{diags:?}");
    assert_eq!(o.status.code(), Some(1));
    for leaked in ["机密行ZX91", "1101011990", "root:", "/bin/"] {
        assert!(!all.contains(leaked), "{leaked} leaked:\n{all}");
    }
    assert!(!site.path("output").exists());
}

fn assert_one_in(diags: &[support::Diag], code: &str, file: &str) -> support::Diag {
    let found: Vec<_> = diags
        .iter()
        .filter(|d| d.code == code && d.file == file)
        .collect();
    assert_eq!(found.len(), 1, "one `{code}` in {file}: {diags:#?}");
    found[0].clone()
}

// ------------------------------------------------------------------------ 8: output integrity

#[test]
fn files_deleted_or_changed_in_output_by_hand_are_put_back() {
    let site = TestSite::minimal();
    build_ok(&site);
    let index = site.read("output/index.html");
    let style = site.read("output/static/style.css");
    site.remove("output/index.html");
    let o = build(&site, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("输出已是最新"), "{}", text(&o));
    assert_eq!(site.read("output/index.html"), index);
    // Same size, other bytes.
    let defaced: String = style
        .chars()
        .map(|c| if c == ';' { ',' } else { c })
        .collect();
    assert_eq!(defaced.len(), style.len());
    site.write("output/static/style.css", &defaced);
    build_ok(&site);
    assert_eq!(site.read("output/static/style.css"), style);
    // Untouched: nothing to do.
    let o = build(&site, &[]);
    assert!(text(&o).contains("输出已是最新"), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symlink_or_a_file_is_refused() {
    let site = TestSite::minimal();
    let elsewhere = TestSite::empty();
    elsewhere.write("keep.txt", "mine");
    std::os::unix::fs::symlink(&elsewhere.root, site.path("output")).expect("symlink");
    let o = build(&site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("是一个符号链接"), "{}", text(&o));
    assert!(
        site.path("output")
            .symlink_metadata()
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert_eq!(files(&elsewhere.root), vec!["keep.txt".to_owned()]);
    std::fs::remove_file(site.path("output")).expect("rm");

    site.write("output", "a file");
    let o = build(&site, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("是一个文件，不是文件夹"), "{}", text(&o));
    assert_eq!(site.read("output"), "a file");
    let hidden: Vec<_> = std::fs::read_dir(&site.root)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output."))
        .collect();
    assert_eq!(hidden, Vec::<String>::new());
}

// --------------------------------------------------------------------------- 15: URL encoding

#[test]
fn attachment_names_with_url_syntax_are_percent_encoded() {
    let site = TestSite::minimal();
    let name = "会议 记录#1?v=2%.png";
    site.write(&format!("content/attachments/{name}"), "png");
    set_attachment(&site, &format!("\"attachments/{name}\""));
    site.replace(
        ACT,
        "支部集中学习。",
        &format!("支部集中学习。[另见](<attachments/{name}>)"),
    );
    build_ok(&site);
    assert!(site.path(&format!("output/attachments/{name}")).is_file());
    let page = site.read("output/activities/2024/2024-03-15-alpha-zhuti-dangri.html");
    let encoded = "../../attachments/%E4%BC%9A%E8%AE%AE%20%E8%AE%B0%E5%BD%95%231%3Fv%3D2%25.png";
    assert_eq!(
        page.matches(&format!("href=\"{encoded}\"")).count()
            + page.matches(&format!("src=\"{encoded}\"")).count(),
        2,
        "{page}"
    );
    assert!(
        !page.contains("记录#1?v"),
        "an unencoded URL is left:\n{page}"
    );
}

/// A notice's file attachment is read into the document, not published: a Markdown file is
/// accepted there (it was refused by the allow-list once), anything else is an error at the
/// `file` line, and the Markdown is laid out on the notice page.
#[test]
fn a_notice_takes_a_markdown_attachment_and_nothing_else() {
    const NOTICE: &str = "content/notices/2024/1.md";
    let site = TestSite::minimal();
    site.write(
        "content/attachments/yaodian.md",
        "# 工作要点\n\n一是加强学习。\n",
    );
    let with = |file: &str| {
        format!(
            "+++\nnumber = 1\nformat = \"文件\"\ntitle = \"关于开展主题党日活动的通知\"\ndate = 2024-02-01\n\n[[attachments]]\ntitle = \"工作要点\"\nfile = \"{file}\"\n+++\n正文。\n"
        )
    };
    site.write(NOTICE, &with("attachments/yaodian.md"));
    let (code, diags) = site.check_json();
    assert!(
        code == 0 && diags.iter().all(|d| d.code != "unsafe-attachment"),
        "{diags:#?}"
    );
    assert_eq!(build(&site, &[]).status.code(), Some(0));
    let page = std::fs::read_to_string(site.path("output/notices/2024-1.html")).expect("page");
    assert!(page.contains("一是加强学习。"), "attachment not laid out");

    site.write(NOTICE, &with("attachments/photo.png"));
    let (code, diags) = site.check_json();
    assert_eq!(code, 1, "{diags:#?}");
    // `file = ` is 7 characters: the path starts at column 8 of line 9.
    let d = assert_one(&diags, "unsafe-attachment", NOTICE, 9, 8);
    assert!(d.message.contains("不是 Markdown 文件"), "{d:#?}");
}
