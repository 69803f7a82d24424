//! The typst step: reuse a typst that reports 0.15.x, or build one with cargo into the
//! per-user folder, or say exactly what to do.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::progress;
use crate::pdf::runner::{SERIES, is_executable, query_version, search_path};
use crate::userdirs;

/// The version installed when no 0.15.x is found.
pub const VERSION: &str = "0.15.1";

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// The places a typst may already be, in the order `dangjian setup` tries them.
fn candidates() -> Vec<(PathBuf, &'static str)> {
    let mut c = Vec::new();
    if let Some(v) = std::env::var_os("DANGJIAN_TYPST").filter(|v| !v.is_empty()) {
        c.push((PathBuf::from(v), "环境变量 DANGJIAN_TYPST"));
    }
    if let Some(p) = search_path(&exe("typst")) {
        c.push((p, "PATH"));
    }
    if let Some(p) = userdirs::typst_path() {
        c.push((p, "dangjian setup 的安装目录"));
    }
    if let Some(h) = dirs::home_dir() {
        c.push((
            h.join(".cargo").join("bin").join(exe("typst")),
            "~/.cargo/bin",
        ));
    }
    c
}

/// A typst 0.15.x already on this machine, or a note for each typst found that is not one.
pub fn find() -> Result<(PathBuf, String), Vec<String>> {
    let mut notes = Vec::new();
    for (p, origin) in candidates() {
        if !is_executable(&p) {
            continue;
        }
        match query_version(&p, origin) {
            Ok(v) if v.starts_with(SERIES) => return Ok((p, v.trim().to_owned())),
            Ok(v) => notes.push(format!(
                "    {}（{origin}）报告“{}”，不是 0.15 版，不能使用",
                p.display(),
                v.trim()
            )),
            Err(_) => notes.push(format!("    {}（{origin}）无法运行", p.display())),
        }
    }
    Err(notes)
}

fn cargo() -> Option<PathBuf> {
    search_path(&exe("cargo")).or_else(|| {
        let p = dirs::home_dir()?
            .join(".cargo")
            .join("bin")
            .join(exe("cargo"));
        is_executable(&p).then_some(p)
    })
}

/// Makes sure a typst 0.15.x is there; false (after saying what to do) when it is not.
pub fn ensure(say: &dyn Fn(&str)) -> bool {
    say("【1/2】typst（排版 PDF 的程序，需要 0.15 版）");
    match find() {
        Ok((path, version)) => {
            say(&format!(
                "    已有 {version}（{}），跳过安装",
                path.display()
            ));
            return true;
        }
        Err(notes) => notes.iter().for_each(|n| say(n)),
    }
    if std::env::var_os("DANGJIAN_TYPST").is_some_and(|v| !v.is_empty()) {
        // The build takes DANGJIAN_TYPST before any other: installing another would not help.
        say(
            "    环境变量 DANGJIAN_TYPST 指定的程序不能使用：请改为 typst 0.15 的路径，或删去这个环境变量后再运行 dangjian setup。",
        );
        return false;
    }
    let (Some(root), Some(target)) = (userdirs::data_dir(), userdirs::typst_path()) else {
        return false;
    };
    let Some(cargo) = cargo() else {
        say(&no_cargo_message(&target));
        return false;
    };
    say(&format!(
        "    本机没有 typst 0.15，正在用 cargo 编译安装 typst {VERSION} 到 {}（双核电脑约 10–15 分钟，只需一次）……",
        root.display()
    ));
    let started = std::time::Instant::now();
    let mut cmd = Command::new(&cargo);
    cmd.args([
        "install",
        "--locked",
        "typst-cli",
        "--version",
        VERSION,
        "--root",
    ])
    .arg(&root);
    if let Err(f) = progress::run(&mut cmd, "cargo install typst-cli", say) {
        say(&format!("    {}", f.message));
        say("    请检查网络（cargo 需要从 crates.io 下载源码），然后再运行一次 dangjian setup。");
        return false;
    }
    match query_version(&target, "dangjian setup 的安装目录") {
        Ok(v) if v.starts_with(SERIES) => {
            say(&format!(
                "    已安装 {}（{}，用时 {} 秒）",
                v.trim(),
                target.display(),
                started.elapsed().as_secs()
            ));
            true
        }
        _ => {
            say(&format!(
                "    cargo install 结束了，但 {} 不能运行或不是 0.15 版。",
                target.display()
            ));
            false
        }
    }
}

fn no_cargo_message(target: &Path) -> String {
    let dir = target
        .parent()
        .map_or_else(String::new, |d| d.display().to_string());
    format!(
        "    本机没有 typst 0.15，也没有可以编译它的 cargo。任选一种办法，然后再运行一次 dangjian setup：\n    \
① 从 https://github.com/typst/typst/releases/tag/v{VERSION} 下载与本机相符的压缩包\
（Windows：typst-x86_64-pc-windows-msvc.zip；Linux：typst-x86_64-unknown-linux-musl.tar.xz），\
把其中的 {} 放进 {dir}；\n    \
② 按 https://rustup.rs 的说明安装 Rust（带 cargo），dangjian setup 会自动编译安装 typst；\n    \
③ 已有 typst 0.15 在别处：设置环境变量 DANGJIAN_TYPST 为它的完整路径。",
        exe("typst")
    )
}
