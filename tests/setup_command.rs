//! `dangjian setup` without network or apt: fonts from a folder (`--fonts-from`, the USB
//! stick of an offline office PC), the checks of each file, and the messages when typst or a
//! font cannot be had. A fresh temporary HOME every time; the font files are minimal fonts
//! with the right family names (enough for the check, see `fontnames::fake_font`), typst is a
//! script that reports 0.15.1.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dangjian::pdf::fontnames::fake_font;
use dangjian::setup::fonts::PACKAGES;

struct Home {
    base: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let base = std::env::temp_dir().join(format!("dj-setup-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("home")).expect("home");
        Home { base }
    }

    fn fonts(&self) -> PathBuf {
        self.base.join("home/.local/share/dangjian/fonts")
    }

    /// A typst that answers `--version` like typst 0.15.1.
    fn fake_typst(&self) -> PathBuf {
        let p = self.base.join("typst");
        std::fs::write(&p, "#!/bin/sh\necho 'typst 0.15.1 (fake)'\n").expect("typst");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        p
    }

    /// A USB stick with every font file in a subfolder, except `leave_out`.
    fn stick(&self, leave_out: &[&str]) -> PathBuf {
        let dir = self.base.join("U盘");
        let sub = dir.join("字体备份");
        std::fs::create_dir_all(&sub).expect("stick");
        for pkg in PACKAGES {
            for (file, family) in pkg.files {
                if !leave_out.contains(file) {
                    std::fs::write(sub.join(file), fake_font(&[(family, "Regular")]))
                        .expect("font");
                }
            }
        }
        dir
    }

    fn setup(&self, args: &[&str], typst: Option<&Path>) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dangjian"));
        cmd.arg("setup")
            .args(args)
            .current_dir(&self.base)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.base.join("home"))
            .env("DANGJIAN_DOWNLOAD_CACHE", self.base.join("debs"));
        if let Some(t) = typst {
            cmd.env("DANGJIAN_TYPST", t);
        }
        cmd.output().expect("run dangjian setup")
    }
}

impl Drop for Home {
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
fn fonts_from_a_folder_are_copied_checked_and_skipped_the_second_time() {
    let h = Home::new("from");
    let typst = h.fake_typst();
    let stick = h.stick(&[]);
    let o = h.setup(
        &["--fonts-from", stick.to_str().expect("utf-8")],
        Some(&typst),
    );
    let all = text(&o);
    assert!(o.status.success(), "{all}");
    assert!(
        all.contains(&format!(
            "已有 typst 0.15.1 (fake)（{}），跳过安装",
            typst.display()
        )),
        "{all}"
    );
    for pkg in PACKAGES {
        for (file, _) in pkg.files {
            assert!(h.fonts().join(file).is_file(), "{file}: {all}");
            assert!(
                all.contains(&format!(
                    "已复制 {file}（来自 {}）",
                    stick.join("字体备份").join(file).display()
                )),
                "{all}"
            );
        }
    }
    assert!(all.contains("全部就绪"), "{all}");
    // No temporary copies are left behind.
    let names: Vec<String> = std::fs::read_dir(h.fonts())
        .expect("fonts")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 11, "{names:?}");

    let o = h.setup(&[], Some(&typst));
    let again = text(&o);
    assert!(o.status.success(), "{again}");
    for pkg in PACKAGES {
        assert!(
            again.contains(&format!(
                "{}：{} 个文件已就绪，跳过",
                pkg.name,
                pkg.files.len()
            )),
            "{again}"
        );
    }
    assert!(
        !again.contains("已复制") && !again.contains("正在下载"),
        "{again}"
    );
}

#[test]
fn a_folder_without_some_files_names_them_and_keeps_what_it_could_copy() {
    let h = Home::new("missing");
    let typst = h.fake_typst();
    let stick = h.stick(&["FandolKai-Regular.otf", "NotoSerifCJK-Black.ttc"]);
    let o = h.setup(
        &["--fonts-from", stick.to_str().expect("utf-8")],
        Some(&typst),
    );
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "{} 中没有这些文件：FandolKai-Regular.otf。请从已运行过 dangjian setup 的电脑的字体目录（dangjian fonts 会显示）拷贝。",
            stick.display()
        )),
        "{all}"
    );
    assert!(
        all.contains(&format!(
            "{} 中没有这些文件：NotoSerifCJK-Black.ttc。",
            stick.display()
        )),
        "{all}"
    );
    assert!(h.fonts().join("FandolFang-Regular.otf").is_file());
    assert!(!h.fonts().join("FandolKai-Regular.otf").exists());
    assert!(
        all.contains("未完成（用时"),
        "a closing line that says what to do: {all}"
    );
    assert!(
        all.contains("再运行一次 dangjian setup（已完成的步骤会跳过）"),
        "{all}"
    );
}

#[test]
fn a_file_that_is_not_the_font_it_is_named_after_is_refused() {
    let h = Home::new("wrong");
    let typst = h.fake_typst();
    let stick = h.stick(&[]);
    let bad = stick.join("字体备份/FandolKai-Regular.otf");
    std::fs::write(&bad, fake_font(&[("Some Other Font", "Regular")])).expect("write");
    let o = h.setup(
        &["--fonts-from", stick.to_str().expect("utf-8")],
        Some(&typst),
    );
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "{} 不是 FandolKai 字体（文件损坏或不是同名字体）",
            bad.display()
        )),
        "{all}"
    );
    assert!(!h.fonts().join("FandolKai-Regular.otf").exists());
    // A file that is no font at all.
    std::fs::write(&bad, b"PK\x03\x04 a zip file").expect("write");
    let o = h.setup(
        &["--fonts-from", stick.to_str().expect("utf-8")],
        Some(&typst),
    );
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(
        all.contains(&format!(
            "{}：不是 TrueType/OpenType 字体文件",
            bad.display()
        )),
        "{all}"
    );
}

#[test]
fn without_typst_and_without_cargo_it_says_exactly_what_to_do() {
    let h = Home::new("notypst");
    let stick = h.stick(&[]);
    let o = h.setup(&["--fonts-from", stick.to_str().expect("utf-8")], None);
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    let bin = h.base.join("home/.local/share/dangjian/bin");
    for line in [
        "本机没有 typst 0.15，也没有可以编译它的 cargo。任选一种办法，然后再运行一次 dangjian setup：".to_owned(),
        format!(
            "① 从 https://github.com/typst/typst/releases/tag/v0.15.1 下载与本机相符的压缩包（Windows：typst-x86_64-pc-windows-msvc.zip；Linux：typst-x86_64-unknown-linux-musl.tar.xz），把其中的 typst 放进 {}；",
            bin.display()
        ),
        "② 按 https://rustup.rs 的说明安装 Rust（带 cargo），dangjian setup 会自动编译安装 typst；".to_owned(),
        "③ 已有 typst 0.15 在别处：设置环境变量 DANGJIAN_TYPST 为它的完整路径。".to_owned(),
    ] {
        assert!(all.contains(&line), "missing {line:?} in {all}");
    }
    // The fonts step still ran.
    assert!(h.fonts().join("FandolFang-Regular.otf").is_file(), "{all}");
}

#[test]
fn a_typst_of_another_version_is_not_reused() {
    let h = Home::new("oldtypst");
    let old = h.base.join("typst-old");
    std::fs::write(&old, "#!/bin/sh\necho 'typst 0.13.1 (old)'\n").expect("typst");
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let stick = h.stick(&[]);
    let o = h.setup(
        &["--fonts-from", stick.to_str().expect("utf-8")],
        Some(&old),
    );
    let all = text(&o);
    assert_eq!(o.status.code(), Some(1), "{all}");
    assert!(!all.contains("跳过安装"), "{all}");
    assert!(
        all.contains(&format!(
            "{}（环境变量 DANGJIAN_TYPST）报告“typst 0.13.1 (old)”，不是 0.15 版，不能使用",
            old.display()
        )),
        "{all}"
    );
    assert!(
        all.contains("环境变量 DANGJIAN_TYPST 指定的程序不能使用：请改为 typst 0.15 的路径，或删去这个环境变量后再运行 dangjian setup。"),
        "{all}"
    );
}
