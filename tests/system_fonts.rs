//! The system font folders through typst: a commercial face found there is what the role
//! uses (typst sees it through the folder of links in the per-user cache), and a face with
//! any other name is never seen, even when the site's list names it. No commercial font can
//! ship with the tests: the open fonts of `.fonts/` are renamed (their `name` table replaced)
//! into 仿宋_GB2312 and into a made-up open face.
//!
//! Fails (never skips) when typst 0.15 or the repository's `.fonts/` are missing.

#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dangjian::pdf::fontnames::rename_font;

const HINT: &str = "需要 typst 0.15 和开源字体（.fonts/）：运行 bash scripts/setup.sh";

fn renamed(from: &str, families: &[(&str, &str)], to: &Path) {
    let src = support::repo_root().join(".fonts").join(from);
    let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("{}：{e}。{HINT}", src.display()));
    let out = rename_font(&bytes, families).expect("a single-face font");
    std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
    std::fs::write(to, out).expect("write");
}

struct Machine {
    base: PathBuf,
    typst: PathBuf,
}

impl Machine {
    fn run(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_dangjian"))
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.base.join("home"))
            .env("DANGJIAN_TYPST", &self.typst)
            .env("DANGJIAN_SYSTEM_FONT_DIRS", self.base.join("sys"))
            .output()
            .expect("run dangjian")
    }
}

impl Drop for Machine {
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

#[test]
fn a_commercial_face_in_the_system_folders_is_used_and_no_other_system_face_is_seen() {
    let base = std::env::temp_dir().join(format!("dj-sysfonts-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let m = Machine {
        base: base.clone(),
        typst: support::pdf::typst_015(),
    };
    // The per-user folder holds the open fonts, as after `dangjian setup`.
    let user = base.join("home/.local/share/dangjian");
    std::fs::create_dir_all(&user).expect("user dir");
    std::os::unix::fs::symlink(support::repo_root().join(".fonts"), user.join("fonts"))
        .expect("link fonts");
    let fangsong = base.join("sys/truetype/fs_gb2312.otf");
    renamed(
        "FandolFang-Regular.otf",
        &[("FangSong_GB2312", "Regular"), ("仿宋_GB2312", "常规")],
        &fangsong,
    );
    renamed(
        "FandolKai-Regular.otf",
        &[("SysOnlyOpen", "Regular")],
        &base.join("sys/SysOnlyOpen.otf"),
    );

    let o = m.run(&base, &["init", "站点", "--no-git"]);
    assert!(o.status.success(), "{}", text(&o));
    let site = base.join("站点");
    let toml = site.join("site.toml");
    let mut config = std::fs::read_to_string(&toml).expect("site.toml");
    config.push_str("\n[fonts]\nkaiti = [\"SysOnlyOpen\", \"FandolKai\"]\n");
    std::fs::write(&toml, config).expect("site.toml");

    let o = m.run(&site, &["fonts"]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(
        out.contains("仿宋 → FangSong_GB2312（未找到 仿宋_GB2312）"),
        "typst knows the system's 仿宋_GB2312 by its English name: {out}"
    );
    assert!(
        out.contains(&format!("    文件：{}", fangsong.display())),
        "{out}"
    );
    assert!(
        out.contains("楷体 → FandolKai（开源替代字体，未找到 SysOnlyOpen）"),
        "a non-commercial face of the system folders is not seen: {out}"
    );
    let system_line = out
        .lines()
        .find(|l| l.ends_with("（系统字体目录中的商用字体）"))
        .unwrap_or_else(|| panic!("no system folder line: {out}"));
    assert!(
        system_line.contains(
            &base
                .join("home/.cache/dangjian/system-fonts")
                .display()
                .to_string()
        ),
        "{system_line}"
    );

    let o = m.run(
        &site,
        &["new", "notice", "--title", "关于召开党员大会的通知"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = m.run(&site, &["build"]);
    assert!(o.status.success(), "{}", text(&o));
    let stamp = std::fs::read_to_string(site.join("output/.dangjian-build")).expect("stamp");
    assert!(
        stamp.contains(&format!(
            "字体 仿宋 → FangSong_GB2312：{}",
            fangsong.display()
        )),
        "{stamp}"
    );
}
