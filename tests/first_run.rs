//! A new user's first hour, as the "Done when" puts it: in a fresh temporary HOME
//! (XDG folders inside it), with only the built binary on PATH and no repository and no
//! `.fonts` anywhere, `dangjian setup` then `dangjian init` + `dangjian new notice` +
//! `dangjian build` writes the notice PDF, with no file edited by hand.
//!
//! To keep CI fast, two things are shared with the machine, both outside the temporary HOME:
//! - typst: an installed typst 0.15 is reused through `DANGJIAN_TYPST` (`dangjian setup` would
//!   otherwise compile one for 10–15 minutes), found as the program finds it
//!   (`support::pdf::typst_015`: `$DANGJIAN_TYPST`, the per-user folder `dangjian setup`
//!   installs into, `~/.cargo/bin`, PATH).
//! - the Debian packages the fonts come from: `DANGJIAN_DOWNLOAD_CACHE` points at
//!   `$CARGO_TARGET_TMPDIR/first-run-debs`, so only the first run on a machine downloads them
//!   (≈240 MB); the fonts themselves are unpacked and installed by `dangjian setup` into the
//!   temporary HOME every time.
//!
//! The system font folders are switched off (`DANGJIAN_SYSTEM_FONT_DIRS` empty), so that
//! every font the PDF uses provably came through `dangjian setup`.
//!
//! Fails (never skips) with the set-up hint when typst 0.15 or apt-get/dpkg-deb are missing.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const HINT: &str = "首次使用测试需要 typst 0.15（$DANGJIAN_TYPST、~/.local/share/dangjian/bin、~/.cargo/bin 或 PATH）和 \
apt-get/dpkg-deb（Debian/Ubuntu）：运行 bash scripts/setup.sh --for-tests";

fn require_apt() {
    for tool in ["/usr/bin/apt-get", "/usr/bin/dpkg-deb", "/usr/bin/tar"] {
        assert!(Path::new(tool).is_file(), "找不到 {tool}。{HINT}");
    }
}

struct FreshHome {
    base: PathBuf,
    home: PathBuf,
    bin: PathBuf,
    typst: PathBuf,
    debs: PathBuf,
}

impl FreshHome {
    fn new() -> FreshHome {
        let base = std::env::temp_dir().join(format!("dj-first-run-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let home = base.join("home");
        let bin = base.join("bin");
        std::fs::create_dir_all(&home).expect("home");
        std::fs::create_dir_all(&bin).expect("bin");
        // Only the binary, copied: nothing of the repository is reachable from it.
        std::fs::copy(env!("CARGO_BIN_EXE_dangjian"), bin.join("dangjian")).expect("copy binary");
        let debs = Path::new(env!("CARGO_TARGET_TMPDIR")).join("first-run-debs");
        std::fs::create_dir_all(&debs).expect("deb cache");
        FreshHome {
            base,
            home,
            bin,
            typst: support::pdf::typst_015(),
            debs,
        }
    }

    /// `dangjian ARGS` in `dir`, with an environment made from nothing.
    fn run(&self, dir: &Path, args: &[&str]) -> Output {
        let path = std::env::join_paths([self.bin.clone(), "/usr/bin".into(), "/bin".into()])
            .expect("PATH");
        Command::new("dangjian")
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("DANGJIAN_TYPST", &self.typst)
            .env("DANGJIAN_DOWNLOAD_CACHE", &self.debs)
            .env("DANGJIAN_SYSTEM_FONT_DIRS", "")
            .output()
            .expect("run dangjian")
    }
}

impl Drop for FreshHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn pdfs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "pdf") {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn setup_then_init_new_notice_build_writes_the_notice_pdf_in_a_fresh_home() {
    require_apt();
    let h = FreshHome::new();
    let fonts = h.home.join(".local/share/dangjian/fonts");

    let o = h.run(&h.base, &["setup"]);
    let all = text(&o);
    assert!(o.status.success(), "{all}");
    assert!(all.contains("【1/2】typst"), "{all}");
    assert!(all.contains("已有 typst 0.15."), "{all}");
    assert!(all.contains("【2/2】开源中文字体"), "{all}");
    assert!(all.contains("全部就绪"), "{all}");
    for f in [
        "FandolFang-Regular.otf",
        "NotoSerifCJK-Black.ttc",
        "NotoSansCJK-Bold.ttc",
    ] {
        assert!(fonts.join(f).is_file(), "{f} not installed: {all}");
    }

    // Idempotent: a second run checks, skips every step and is quick.
    let started = Instant::now();
    let o = h.run(&h.base, &["setup"]);
    let secs = started.elapsed().as_secs_f64();
    let again = text(&o);
    assert!(o.status.success(), "{again}");
    assert_eq!(again.matches("已就绪，跳过").count(), 3, "{again}");
    assert!(
        !again.contains("正在下载") && !again.contains("已安装"),
        "{again}"
    );
    assert!(secs < 10.0, "second setup took {secs:.1} s");

    let o = h.run(&h.base, &["init", "站点", "--no-git"]);
    assert!(o.status.success(), "{}", text(&o));
    let site = h.base.join("站点");
    let o = h.run(
        &site,
        &["new", "notice", "--title", "关于召开党员大会的通知"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = h.run(&site, &["build"]);
    let built = text(&o);
    assert!(o.status.success(), "{built}");
    let pdfs = pdfs_under(&site.join("output/notices"));
    assert!(!pdfs.is_empty(), "no notice PDF: {built}");
    for p in &pdfs {
        let bytes = std::fs::read(p).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"), "{}", p.display());
    }

    // The build stamp names the file of each role: the fonts dangjian setup installed.
    let stamp = std::fs::read_to_string(site.join("output/.dangjian-build")).expect("stamp");
    assert!(
        stamp.contains(&format!(
            "字体 仿宋 → FandolFang R：{}",
            fonts.join("FandolFang-Regular.otf").display()
        )),
        "{stamp}"
    );
    assert!(
        stamp.contains(&format!(
            "字体 小标宋 → Noto Serif CJK SC：{}、{}、{}",
            fonts.join("NotoSerifCJK-Black.ttc").display(),
            fonts.join("NotoSerifCJK-Bold.ttc").display(),
            fonts.join("NotoSerifCJK-Regular.ttc").display()
        )),
        "{stamp}"
    );

    // `dangjian fonts` says where each role comes from, and from which file.
    let o = h.run(&site, &["fonts"]);
    let listed = text(&o);
    assert!(o.status.success(), "{listed}");
    assert!(
        listed.contains(&format!(
            "字体目录：{}（本机用户字体目录，由 dangjian setup 安装）",
            fonts.display()
        )),
        "{listed}"
    );
    assert!(
        listed.contains(&format!(
            "文件：{}",
            fonts.join("FandolKai-Regular.otf").display()
        )),
        "{listed}"
    );
}
