//! `dangjian build` and the PDFs: links, `--no-pdf`, the cache (an unchanged notice starts no
//! typst), byte-identical output, a missing or hung typst, a path outside the site, a
//! character no font has, special characters, `dangjian fonts`.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use support::pdf::*;
use support::{BIN, TestSite};

fn site() -> TestSite {
    require();
    let s = TestSite::copy_of("pdf-basic");
    link_fonts(&s.root);
    s
}

fn build(s: &TestSite, envs: &[(&str, &str)], args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("--root").arg(&s.root).arg("build").args(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("run dangjian")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn typst_path() -> PathBuf {
    dangjian::pdf::Typst::locate(
        &support::repo_root(),
        &dangjian::config::PdfSettings::default(),
        None,
    )
    .expect("typst")
    .path
}

/// A typst that logs every start (its arguments) to `log` and then runs the real one.
fn counting_typst(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("typst-runs.log");
    let script = dir.join("typst-counting");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            typst_path().display()
        ),
    )
    .expect("script");
    make_executable(&script);
    (script, log)
}

fn make_executable(p: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}

/// Compilations of notices so far (other documents may be built too).
fn notice_compiles(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("compile ") && l.contains(" notice.typ "))
        .count()
}

fn starts(log: &Path) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .count()
}

/// The count `build --verbose` reports.
fn reported_runs(o: &Output) -> usize {
    let err = stderr(o);
    err.split("typst 进程：")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no typst count in: {err}"))
}

#[test]
fn notice_pages_link_their_pdfs_and_no_pdf_skips_them() {
    let s = site();
    let o = build(&s, &[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    for n in 1..=4 {
        assert!(s.path(&format!("output/notices/2024-{n}.pdf")).is_file());
    }
    assert!(s.read("output/notices/2024-1.html").contains("2024-1.pdf"));
    let o = build(&s, &[], &["--no-pdf"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!s.path("output/notices/2024-1.pdf").exists());
    assert!(!s.read("output/notices/2024-1.html").contains(".pdf"));
}

/// As the README's `make demo` runs it: in the site's folder, without `--root` (the work
/// folders typst runs in were once relative, and typst looked for them inside themselves).
#[test]
fn a_build_run_inside_the_site_without_root_makes_its_pdfs() {
    let s = site();
    let o = Command::new(BIN)
        .current_dir(&s.root)
        .args(["build", "--pdf", "notices"])
        .output()
        .expect("run dangjian");
    assert!(o.status.success(), "{}", stderr(&o));
    for n in 1..=4 {
        assert!(s.path(&format!("output/notices/2024-{n}.pdf")).is_file());
    }
}

#[test]
fn an_unchanged_notice_starts_no_typst() {
    let s = site();
    let (typst, log) = counting_typst(&s.root);
    let env = [("DANGJIAN_TYPST", typst.to_str().expect("utf-8 path"))];
    let o = build(&s, &env, &["--verbose"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        notice_compiles(&log),
        4,
        "first build compiles every notice"
    );
    assert_eq!(
        reported_runs(&o),
        starts(&log),
        "--verbose counts every typst process"
    );
    // Inputs rewritten unchanged (new modification times): the site is built again, every
    // PDF comes from the cache.
    let rel = "content/notices/2024/1.md";
    let same = s.read(rel);
    std::thread::sleep(std::time::Duration::from_millis(20));
    s.write(rel, &same);
    let before = starts(&log);
    let o = build(&s, &env, &["--verbose"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(starts(&log), before, "no typst process at all");
    for n in 1..=4 {
        assert!(s.path(&format!("output/notices/2024-{n}.pdf")).is_file());
    }
    // One notice changed: that notice alone is compiled again.
    s.replace(rel, "集中学习党章", "集中学习党章和准则");
    let before = starts(&log);
    let o = build(&s, &env, &["--verbose"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(notice_compiles(&log), 5);
    assert_eq!(reported_runs(&o), starts(&log) - before);
    assert!(squash(&raw_text(&s.path("output/notices/2024-1.pdf"))).contains("党章和准则"));
}

#[test]
fn two_renders_are_byte_identical() {
    let (a, b) = (site(), site());
    for s in [&a, &b] {
        let o = build(s, &[], &[]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for n in 1..=4 {
        let rel = format!("output/notices/2024-{n}.pdf");
        let (x, y) = (
            std::fs::read(a.path(&rel)).expect("a"),
            std::fs::read(b.path(&rel)).expect("b"),
        );
        assert!(x == y, "{rel} differs between two builds");
    }
}

fn assert_install_hint(o: &Output, s: &TestSite) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // The hint names a command the user has, never a file of the source repository.
    assert!(err.contains(dangjian::pdf::runner::INSTALL_HINT), "{err}");
    assert!(err.contains("运行 dangjian setup"), "{err}");
    assert!(!err.contains("setup.sh"), "{err}");
    assert!(err.contains("external-tool"), "{err}");
    assert!(
        s.path("output/index.html").is_file(),
        "the site is still built"
    );
    assert!(!s.path("output/notices/2024-1.pdf").exists());
    assert!(
        !s.read("output/notices/2024-1.html").contains(".pdf"),
        "no dead PDF links"
    );
}

#[test]
fn without_typst_the_site_is_built_and_the_build_says_how_to_install_it() {
    let s = site();
    let o = build(
        &s,
        &[
            ("DANGJIAN_TYPST", "/nonexistent/typst"),
            ("PATH", "/usr/bin:/bin"),
        ],
        &[],
    );
    assert_install_hint(&o, &s);
    assert!(stderr(&o).contains("/nonexistent/typst"));
    // Nothing configured and nothing on PATH or in ~/.cargo/bin.
    let s = site();
    let home = s.path("home");
    std::fs::create_dir_all(&home).expect("home");
    let mut cmd = Command::new(BIN);
    cmd.arg("--root")
        .arg(&s.root)
        .arg("build")
        .env_remove("DANGJIAN_TYPST")
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", &home);
    assert!(!Path::new("/usr/bin/typst").exists() && !Path::new("/bin/typst").exists());
    let o = cmd.output().expect("run");
    assert_install_hint(&o, &s);
}

#[test]
fn a_hung_typst_is_killed_and_the_previous_output_survives() {
    let s = site();
    let o = build(&s, &[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = std::fs::read(s.path("output/notices/2024-1.pdf")).expect("pdf");
    let index = s.read("output/index.html");
    s.replace("site.toml", "timeout_seconds = 60", "timeout_seconds = 2");
    s.replace("content/notices/2024/1.md", "集中学习党章", "集中学习党史");
    let pids = s.path("sleepers");
    let fake = s.path("typst-hung");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'typst 0.15.1 (hung)'; exit 0; fi\n\
             sleep 60 & echo $! >> '{}'\nwait\n",
            pids.display()
        ),
    )
    .expect("fake");
    make_executable(&fake);
    let started = Instant::now();
    let o = build(&s, &[("DANGJIAN_TYPST", fake.to_str().expect("path"))], &[]);
    let took = started.elapsed().as_secs_f64();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(took < 30.0, "the build took {took:.1} s");
    assert!(err.contains("超过 2 秒仍未完成，已终止"), "{err}");
    assert!(err.contains("content/notices/2024/1.md"), "{err}");
    assert!(err.contains("上一次的 output/ 保持不变"), "{err}");
    assert_eq!(
        std::fs::read(s.path("output/notices/2024-1.pdf")).expect("pdf"),
        before
    );
    assert_eq!(s.read("output/index.html"), index);
    // The child's own children went with it.
    std::thread::sleep(std::time::Duration::from_millis(300));
    for pid in std::fs::read_to_string(&pids).unwrap_or_default().lines() {
        // Gone, or a zombie waiting for init to reap it: either way no longer running.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = stat.rsplit(") ").next().and_then(|r| r.chars().next());
        assert!(
            matches!(state, None | Some('Z' | 'X')),
            "sleep {pid} survived the timeout: {stat}"
        );
    }
}

#[test]
fn an_attachment_outside_the_site_is_refused() {
    let s = site();
    s.replace(
        "content/notices/2024/2.md",
        "file = \"attachments/yaodian.md\"",
        "file = \"../../../../etc/passwd\"",
    );
    let o = build(&s, &[], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("path-outside-root"), "{err}");
    assert!(!s.path("output").exists(), "nothing published");
}

#[test]
fn a_character_no_font_has_is_reported_at_the_record() {
    let s = site();
    s.replace(
        "content/notices/2024/1.md",
        "title = \"中共测试医院委员会关于开展主题党日活动的通知\"",
        "title = \"关于𓀀的通知\"",
    );
    let o = build(&s, &[], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[missing-glyph]"), "{err}");
    assert!(err.contains("“𓀀”（U+13000）"), "{err}");
    assert!(err.contains("--> content/notices/2024/1.md:4:12"), "{err}");
}

#[test]
fn a_broken_template_is_reported_at_its_line() {
    let s = site();
    let text = dangjian::pdf::templates::DEFAULT
        .iter()
        .find(|(n, _)| *n == "notice.typ")
        .map(|(_, t)| t.replace("#recipients()", "#recipients()\n#undefined-function()"))
        .expect("notice.typ");
    s.write("templates/typst/notice.typ", &text);
    let o = build(&s, &[], &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("错误[typst]"), "{err}");
    assert!(err.contains("--> templates/typst/notice.typ:"), "{err}");
    assert!(err.contains("undefined-function"), "{err}");
}

#[test]
fn special_characters_come_out_verbatim() {
    let s = site();
    let o = build(&s, &[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = s.path("output/notices/2024-3.pdf");
    let text = squash(&raw_text(&pdf));
    for want in [
        "关于#panic()与$x$等特殊字符的通知",
        "价格$5*3_合计<script>alert(1)</script>@ref[链接]~//注释/*块*/-----...=+-1.",
        "#panic(\"boom\")#read(\"/etc/passwd\")\\u{41}#letx=1https://example.com/a_b中文#文字$符号",
        "#setpage(width:1cm)",
        "=不是标题]#panic()[{x}'a'\"b\"100%a&b^|\\",
    ] {
        assert!(text.contains(&squash(want)), "missing {want:?} in {text}");
    }
    let (w, h) = page_size(&pdf);
    assert!(
        (w - 210.0).abs() < 0.5 && (h - 297.0).abs() < 0.5,
        "still A4"
    );
}

#[test]
fn fonts_shows_each_role_and_the_substitutes() {
    let s = site();
    let o = s.run(&["fonts"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}{}", out, stderr(&o));
    assert!(
        out.contains("仿宋 → FandolFang R（开源替代字体，未找到 仿宋_GB2312"),
        "{out}"
    );
    assert!(
        out.contains("小标宋 → Noto Serif CJK SC（开源替代字体"),
        "{out}"
    );
    assert!(out.contains("黑体 → FandolHei"), "{out}");
    s.replace(
        "site.toml",
        "[pdf]",
        "[fonts]\nkaiti = [\"不存在的字体\"]\n\n[pdf]",
    );
    let o = s.run(&["fonts"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out.contains("楷体 → （无可用字体：不存在的字体 均未找到）"),
        "{out}"
    );
}

#[test]
fn a_blank_page_before_the_banji_page_and_neither_is_numbered() {
    // Content that ends on an even page with no room left for the 版记: a blank (odd) page
    // follows, then the 版记 on the next even page; neither carries a number (7.5).
    let s = site();
    let body: Vec<String> = (1..25)
        .map(|i| format!("第{i:02}段落内容用于测试版记换页的情况共二十六个字的段。"))
        .collect();
    s.write(
        "content/notices/2024/1.md",
        &format!(
            "+++\nnumber = 1\nformat = \"文件\"\ntitle = \"关于测试版记换页的通知\"\ndate = 2024-02-01\n+++\n{}\n",
            body.join("\n\n")
        ),
    );
    let o = build(&s, &[], &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = s.path("output/notices/2024-1.pdf");
    assert_eq!(pages(&pdf), 4);
    let numbers = |p: usize| -> Vec<String> {
        lines(&pdf, p)
            .into_iter()
            .filter(|l| l.y0 > BOTTOM && l.text.contains('—'))
            .map(|l| squash(&l.text))
            .collect()
    };
    assert_eq!(numbers(1), ["—1—"]);
    assert_eq!(numbers(2), ["—2—"]);
    assert!(lines(&pdf, 3).is_empty(), "page 3 is blank");
    assert!(numbers(4).is_empty(), "no number on the 版记 page");
    let p4: Vec<String> = lines(&pdf, 4).into_iter().map(|l| l.text).collect();
    assert!(p4[0].starts_with("抄送："), "{p4:?}");
    assert!(lines(&pdf, 2).iter().any(|l| l.text == "2024年2月1日"));
}
