//! The fonts step: the open CJK fonts (Fandol and Noto CJK) into the per-user font folder,
//! from Debian's packages (`apt-get download` and unpack: no root needed, nothing installed
//! system-wide) or from a folder the user names (`--fonts-from`, e.g. a USB stick for an
//! office PC without internet). Every file is checked to be the font it should be.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::progress;
use crate::pdf::fontnames;
use crate::pdf::runner::search_path;
use crate::userdirs;

/// One Debian package and the font files taken from it.
pub struct Package {
    pub name: &'static str,
    /// The folder of the files inside the package.
    pub dir: &'static str,
    /// (file name, a family name the file must have).
    pub files: &'static [(&'static str, &'static str)],
}

/// Fandol (GPL-3 with the font exception; Debian ships it only inside texlive-lang-chinese),
/// Noto CJK (SIL OFL 1.1) Regular/Bold, and the heavier Black weight (小标宋 substitute).
pub const PACKAGES: &[Package] = &[
    Package {
        name: "texlive-lang-chinese",
        dir: "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol",
        files: &[
            ("FandolFang-Regular.otf", "FandolFang"),
            ("FandolKai-Regular.otf", "FandolKai"),
            ("FandolHei-Regular.otf", "FandolHei"),
            ("FandolHei-Bold.otf", "FandolHei"),
            ("FandolSong-Regular.otf", "FandolSong"),
            ("FandolSong-Bold.otf", "FandolSong"),
        ],
    },
    Package {
        name: "fonts-noto-cjk",
        dir: "usr/share/fonts/opentype/noto",
        files: &[
            ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
            ("NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
            ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
            ("NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
        ],
    },
    Package {
        name: "fonts-noto-cjk-extra",
        dir: "usr/share/fonts/opentype/noto",
        files: &[("NotoSerifCJK-Black.ttc", "Noto Serif CJK SC")],
    },
];

/// Whether `path` is a readable font with a family that starts with `family` (the Black
/// weight is `Noto Serif CJK SC Black`, Fandol's regular `FandolFang R`).
pub fn verify(path: &Path, family: &str) -> Result<(), String> {
    let faces = fontnames::read(path).map_err(|e| format!("{}：{e}", path.display()))?;
    let want = family.to_lowercase();
    if faces
        .iter()
        .flat_map(|f| &f.families)
        .any(|f| f.to_lowercase().starts_with(&want))
    {
        Ok(())
    } else {
        Err(format!(
            "{} 不是 {family} 字体（文件损坏或不是同名字体）",
            path.display()
        ))
    }
}

/// Makes sure every font file is in `dest`; false (after saying what to do) when one is not.
pub fn ensure(dest: &Path, from: Option<&Path>, say: &dyn Fn(&str)) -> bool {
    say(&format!(
        "【2/2】开源中文字体（Fandol、思源/Noto CJK，共 {} 个文件）→ {}",
        PACKAGES.iter().map(|p| p.files.len()).sum::<usize>(),
        dest.display()
    ));
    if let Err(e) = fs::create_dir_all(dest) {
        say(&format!("    无法创建字体目录 {}：{e}", dest.display()));
        return false;
    }
    let mut ok = true;
    for pkg in PACKAGES {
        let missing: Vec<&(&str, &str)> = pkg
            .files
            .iter()
            .filter(|(file, family)| verify(&dest.join(file), family).is_err())
            .collect();
        if missing.is_empty() {
            say(&format!(
                "    {}：{} 个文件已就绪，跳过",
                pkg.name,
                pkg.files.len()
            ));
            continue;
        }
        let result = match from {
            Some(dir) => copy_from(dir, dest, &missing, say),
            None => from_debian(pkg, dest, &missing, say),
        };
        if let Err(message) = result {
            say(&format!("    {message}"));
            ok = false;
        }
    }
    ok
}

/// Copies the missing files from `dir` (searched in subfolders too: the layout of a USB
/// stick is the user's).
fn copy_from(
    dir: &Path,
    dest: &Path,
    missing: &[&(&str, &str)],
    say: &dyn Fn(&str),
) -> Result<(), String> {
    let found: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .collect();
    let mut absent = Vec::new();
    for (file, family) in missing {
        match found
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == *file))
        {
            Some(src) => {
                verify(src, family)?;
                place(src, dest, file)?;
                say(&format!("    已复制 {file}（来自 {}）", src.display()));
            }
            None => absent.push(*file),
        }
    }
    if absent.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} 中没有这些文件：{}。请从已运行过 dangjian setup 的电脑的字体目录（dangjian fonts 会显示）拷贝。",
            dir.display(),
            absent.join("、")
        ))
    }
}

/// Copies `src` into `dest/file` through a temporary name, so that an interrupted copy
/// leaves no half file under the real name.
fn place(src: &Path, dest: &Path, file: &str) -> Result<(), String> {
    let part = dest.join(format!(".{file}.part"));
    let target = dest.join(file);
    fs::copy(src, &part)
        .and_then(|_| fs::rename(&part, &target))
        .map_err(|e| {
            let _ = fs::remove_file(&part);
            format!("无法把 {} 复制到 {}：{e}", src.display(), target.display())
        })
}

fn from_debian(
    pkg: &Package,
    dest: &Path,
    missing: &[&(&str, &str)],
    say: &dyn Fn(&str),
) -> Result<(), String> {
    if search_path("apt-get").is_none() || search_path("dpkg-deb").is_none() {
        return Err(format!(
            "本机没有 apt-get（不是 Debian/Ubuntu 系统），无法自动下载字体 {}。\
请在一台能上网的 Debian/Ubuntu 电脑上运行 dangjian setup，把它的字体目录拷到 U 盘，\
再在本机运行 dangjian setup --fonts-from U盘上的目录。",
            pkg.name
        ));
    }
    let cache = userdirs::download_cache().ok_or("无法确定下载缓存目录（没有 HOME 环境变量）")?;
    let deb = match cached_deb(&cache, pkg.name) {
        Some(d) => {
            say(&format!("    {}：使用已下载的 {}", pkg.name, d.display()));
            d
        }
        None => download(&cache, pkg.name, say)?,
    };
    let files: Vec<&str> = missing.iter().map(|(f, _)| *f).collect();
    let unpacked = match unpack(&deb, pkg.dir, &files) {
        Ok(d) => d,
        Err(e) => {
            // A damaged download must not block every later run.
            let _ = fs::remove_file(&deb);
            return Err(format!(
                "{e}（已删除这个下载，请再运行一次 dangjian setup）"
            ));
        }
    };
    let result = missing.iter().try_for_each(|(file, family)| {
        let src = unpacked.join(pkg.dir).join(file);
        verify(&src, family)?;
        place(&src, dest, file)?;
        say(&format!("    已安装 {file}"));
        Ok::<(), String>(())
    });
    let _ = fs::remove_dir_all(&unpacked);
    result
}

/// A `.deb` of `name` in the download cache (the newest by name when there are several).
fn cached_deb(cache: &Path, name: &str) -> Option<PathBuf> {
    let prefix = format!("{name}_");
    let mut debs: Vec<PathBuf> = fs::read_dir(cache)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".deb"))
        })
        .collect();
    debs.sort();
    debs.pop()
}

/// `apt-get download` into a fresh folder, then moved into the cache whole.
fn download(cache: &Path, name: &str, say: &dyn Fn(&str)) -> Result<PathBuf, String> {
    let tmp = cache.join(format!(".download-{}", std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).map_err(|e| format!("无法创建 {}：{e}", tmp.display()))?;
    say(&format!(
        "    正在下载 Debian 软件包 {name}（只下载、解出字体，不安装）……"
    ));
    let mut cmd = Command::new("apt-get");
    // As root, apt would hand the download to its `_apt` user, who cannot write here.
    cmd.current_dir(&tmp)
        .args(["-q", "-o", "APT::Sandbox::User=root", "download", name]);
    let result = progress::run(&mut cmd, &format!("apt-get download {name}"), say);
    let deb = result.map_err(|f| {
        format!(
            "{}\n    若提示找不到软件包，先运行 sudo apt-get update 更新软件源列表。",
            f.message
        )
    });
    let deb = deb.and_then(|()| {
        cached_deb(&tmp, name).ok_or(format!("apt-get download {name} 没有下载到文件"))
    });
    let moved = deb.and_then(|d| {
        let target = cache.join(d.file_name().unwrap_or_default());
        fs::rename(&d, &target)
            .map(|()| target)
            .map_err(|e| format!("无法把下载的文件放进 {}：{e}", cache.display()))
    });
    let _ = fs::remove_dir_all(&tmp);
    moved
}

/// Unpacks `files` from `dir` inside the package into a temporary folder (dpkg-deb | tar:
/// only the font files, not the whole package, which is 100 MB for texlive-lang-chinese).
fn unpack(deb: &Path, dir: &str, files: &[&str]) -> Result<PathBuf, String> {
    let out = std::env::temp_dir().join(format!(
        "dangjian-unpack-{}-{}",
        std::process::id(),
        deb.file_stem().and_then(|s| s.to_str()).unwrap_or("deb")
    ));
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).map_err(|e| format!("无法创建 {}：{e}", out.display()))?;
    let mut dpkg = Command::new("dpkg-deb")
        .arg("--fsys-tarfile")
        .arg(deb)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("无法运行 dpkg-deb：{e}"))?;
    let Some(tar_in) = dpkg.stdout.take() else {
        return Err("无法读取 dpkg-deb 的输出".to_owned());
    };
    let status = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&out)
        .args(files.iter().map(|f| format!("./{dir}/{f}")))
        .stdin(tar_in)
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("无法运行 tar：{e}"))?;
    let dpkg_ok = dpkg.wait().is_ok_and(|s| s.success());
    if status.success() && dpkg_ok {
        Ok(out)
    } else {
        let _ = fs::remove_dir_all(&out);
        Err(format!(
            "无法从 {} 中解出 {}",
            deb.display(),
            files.join("、")
        ))
    }
}
