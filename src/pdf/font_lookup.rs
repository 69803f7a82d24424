//! Where the PDFs' fonts come from, in this order: the site's `[pdf] font_dirs`, then the
//! per-user font folder that `dangjian setup` fills, then — only for the commercial faces
//! named in [`COMMERCIAL`] — the operating system's font folders, because office PCs have
//! them and the officer wants them. Typst is given the folders in that order and prefers the
//! earlier one for a family found twice; it never sees the other system fonts, so a build
//! looks the same on every machine that has the same commercial faces.
//!
//! Typst takes folders, not files: the chosen system files are linked into a folder of the
//! per-user cache whose name is a hash of what it holds, so it is made once and never changes.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use super::fontnames::{self, FaceNames};
use crate::config::{FontRole, Fonts, PdfSettings};
use crate::diagnostics::{Code, Diagnostic, Pos, Severity};
use crate::hash::StableHasher;
use crate::userdirs;

/// The commercial faces (and their English names) taken from the system font folders: the
/// commercial names of the default role lists. 仿宋 and 楷体 (Windows' simfang/simkai) are
/// there because a Windows office PC often has them and not the _GB2312 faces.
pub const COMMERCIAL: &[&str] = &[
    "方正小标宋简体",
    "FZXiaoBiaoSong-B05S",
    "仿宋_GB2312",
    "FangSong_GB2312",
    "仿宋",
    "FangSong",
    "楷体_GB2312",
    "KaiTi_GB2312",
    "楷体",
    "KaiTi",
    "黑体",
    "SimHei",
    "宋体",
    "SimSun",
];

/// Replaces the system font folders (a list like `PATH`; empty for none): tests and unusual
/// installations.
pub const SYSTEM_DIRS_ENV: &str = "DANGJIAN_SYSTEM_FONT_DIRS";

/// Why a folder is in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Site,
    User,
    System,
}

impl Origin {
    pub fn label(self) -> &'static str {
        match self {
            Origin::Site => "站点 [pdf] font_dirs",
            Origin::User => "本机用户字体目录，由 dangjian setup 安装",
            Origin::System => "系统字体目录中的商用字体",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontDir {
    pub path: PathBuf,
    pub origin: Origin,
}

/// The folders typst is given, in order, and warnings for configured folders that are missing.
#[derive(Debug, Default)]
pub struct Lookup {
    pub dirs: Vec<FontDir>,
    pub warnings: Vec<Diagnostic>,
}

impl Lookup {
    pub fn paths(&self) -> Vec<PathBuf> {
        self.dirs.iter().map(|d| d.path.clone()).collect()
    }
}

/// The folders outside the site that the lookup uses.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// The per-user font folder of `dangjian setup`.
    pub user_fonts: Option<PathBuf>,
    /// The operating system's font folders.
    pub system: Vec<PathBuf>,
    /// Where the folder of links to the chosen system fonts is made.
    pub cache: Option<PathBuf>,
}

impl Places {
    /// This machine's folders.
    pub fn of_this_machine() -> Places {
        Places {
            user_fonts: userdirs::fonts_dir(),
            system: system_dirs(),
            cache: userdirs::cache_dir(),
        }
    }
}

/// The font folders for the site at `root` on this machine.
pub fn lookup(root: &Path, settings: &PdfSettings) -> Lookup {
    lookup_in(root, settings, &Places::of_this_machine())
}

/// The font folders for the site at `root`, with the given outside folders.
pub fn lookup_in(root: &Path, settings: &PdfSettings, places: &Places) -> Lookup {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut out = Lookup::default();
    for d in &settings.font_dirs {
        let p = root.join(d);
        if p.is_dir() {
            out.dirs.push(FontDir {
                path: p,
                origin: Origin::Site,
            });
        } else {
            out.warnings.push(
                Diagnostic::new(
                    Code::ExternalTool,
                    crate::layout::CONFIG_FILE,
                    Pos::FILE,
                    format!("字体目录 {d} 不存在（{}）", p.display()),
                )
                .with_severity(Severity::Warning)
                .with_hint(
                    "改正 [pdf] font_dirs，或删去这一项（dangjian setup 安装的字体无需写在这里）",
                ),
            );
        }
    }
    if let Some(p) = places.user_fonts.clone().filter(|p| p.is_dir()) {
        // A site folder that is a link to this one (the repository's .fonts): typst would
        // read every font twice.
        let real = p.canonicalize().ok();
        let seen = out.dirs.iter().any(|d| d.path.canonicalize().ok() == real);
        if !seen {
            out.dirs.push(FontDir {
                path: p,
                origin: Origin::User,
            });
        }
    }
    let earlier: Vec<PathBuf> = out.paths();
    let provided = families_in(&earlier);
    let wanted: Vec<&str> = COMMERCIAL
        .iter()
        .copied()
        .filter(|c| !provided.contains(&c.to_lowercase()))
        .collect();
    let files = commercial_files(&places.system, &wanted);
    if let Some(p) = places.cache.as_deref().and_then(|c| link_folder(c, &files)) {
        out.dirs.push(FontDir {
            path: p,
            origin: Origin::System,
        });
    }
    out
}

/// The operating system's font folders (fontconfig's on Linux, Windows' and WPS's).
pub fn system_dirs() -> Vec<PathBuf> {
    if let Some(v) = std::env::var_os(SYSTEM_DIRS_ENV) {
        return std::env::split_paths(&v)
            .filter(|p| !p.as_os_str().is_empty())
            .collect();
    }
    let mut dirs = Vec::new();
    if cfg!(windows) {
        let windir =
            std::env::var_os("WINDIR").map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        dirs.push(windir.join("Fonts"));
        if let Some(local) = dirs::data_local_dir() {
            dirs.push(local.join(r"Microsoft\Windows\Fonts"));
            dirs.push(local.join(r"Kingsoft\WPS Office"));
        }
        for var in ["ProgramFiles", "ProgramFiles(x86)"] {
            if let Some(p) = std::env::var_os(var) {
                dirs.push(PathBuf::from(p).join(r"Kingsoft\WPS Office"));
            }
        }
    } else {
        dirs.push(PathBuf::from("/usr/share/fonts"));
        dirs.push(PathBuf::from("/usr/local/share/fonts"));
        if let Some(d) = dirs::data_dir() {
            dirs.push(d.join("fonts"));
        }
        if let Some(h) = dirs::home_dir() {
            dirs.push(h.join(".fonts"));
        }
        dirs.push(PathBuf::from("/opt/kingsoft/wps-office/office6/fonts"));
    }
    dirs
}

/// Every font file under `dir`, in a stable order (links followed: font folders are often
/// links into a package's folder).
fn font_files(dir: &Path) -> impl Iterator<Item = PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .max_depth(8)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && fontnames::is_font_file(e.path()))
        .map(walkdir::DirEntry::into_path)
}

/// The lower-case family names of every font in `dirs`.
fn families_in(dirs: &[PathBuf]) -> BTreeSet<String> {
    dirs.iter()
        .flat_map(|d| font_files(d))
        .flat_map(|f| fontnames::read(&f).unwrap_or_default())
        .flat_map(|face| face.families)
        .map(|f| f.to_lowercase())
        .collect()
}

/// The files in `dirs` that hold one of the `wanted` families (the first folder that has a
/// family wins, as it would in typst).
pub fn commercial_files(dirs: &[PathBuf], wanted: &[&str]) -> Vec<PathBuf> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut files = Vec::new();
    for dir in dirs {
        let mut here = BTreeSet::new();
        for file in font_files(dir) {
            let faces = fontnames::read(&file).unwrap_or_default();
            let matched: Vec<String> = wanted
                .iter()
                .filter(|w| faces.iter().any(|f| f.has_family(w)))
                .map(|w| w.to_lowercase())
                .filter(|w| !found.contains(w))
                .collect();
            if !matched.is_empty() {
                here.extend(matched);
                files.push(file);
            }
        }
        found.extend(here);
    }
    files
}

/// A folder of links to `files` under `cache/system-fonts/`, named by what it holds; `None`
/// when there are no files or the folder cannot be made (the build then goes on without
/// them and says which fonts it used).
fn link_folder(cache: &Path, files: &[PathBuf]) -> Option<PathBuf> {
    if files.is_empty() {
        return None;
    }
    let mut h = StableHasher::default();
    for f in files {
        let meta = fs::metadata(f).ok()?;
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        h.str(&f.to_string_lossy())
            .str(&meta.len().to_string())
            .str(&modified.to_string());
    }
    let base = cache.join("system-fonts");
    let dir = base.join(h.hex());
    if dir.is_dir() {
        return Some(dir);
    }
    let tmp = base.join(format!(".{}.{}", h.hex(), std::process::id()));
    let _ = fs::remove_dir_all(&tmp);
    fs::create_dir_all(&tmp).ok()?;
    for (i, f) in files.iter().enumerate() {
        let name = f.file_name()?.to_string_lossy();
        let link = tmp.join(format!("{i:03}-{name}"));
        if link_one(f, &link).is_err() {
            let _ = fs::remove_dir_all(&tmp);
            return None;
        }
    }
    // Another build may have made the same folder meanwhile: then its copy is as good.
    if fs::rename(&tmp, &dir).is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    dir.is_dir().then_some(dir)
}

#[cfg(unix)]
fn link_one(from: &Path, to: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(from, to)
}

/// Symbolic links need a privilege on Windows: a hard link when the file is on the same
/// drive, a copy otherwise.
#[cfg(not(unix))]
fn link_one(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::hard_link(from, to).or_else(|_| fs::copy(from, to).map(|_| ()))
}

/// The files of the family each role resolves to in `dirs` (searched in order): the first
/// family of the role's list that a folder has (by the name typst knows it by, so that this
/// agrees with `typst fonts`), and every file of that family in the first
/// folder that has it (regular, bold, black…: the documents use several weights).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleFile {
    pub role: FontRole,
    pub family: String,
    pub files: Vec<PathBuf>,
}

pub fn role_files(fonts: &Fonts, dirs: &[PathBuf]) -> Vec<RoleFile> {
    let faces: Vec<Vec<(PathBuf, Vec<FaceNames>)>> = dirs
        .iter()
        .map(|d| {
            font_files(d)
                .map(|f| {
                    let faces = fontnames::read(&f).unwrap_or_default();
                    (f, faces)
                })
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for role in FontRole::ALL {
        let hit = fonts.list(role).iter().find_map(|name| {
            faces.iter().find_map(|dir| {
                let files: Vec<PathBuf> = dir
                    .iter()
                    .filter(|(_, faces)| faces.iter().any(|f| f.is_family(name)))
                    // The real file behind the link of a system font: that is what
                    // reproduces a PDF.
                    .map(|(p, _)| p.canonicalize().unwrap_or_else(|_| p.clone()))
                    .collect();
                (!files.is_empty()).then(|| (name.clone(), files))
            })
        });
        if let Some((family, files)) = hit {
            out.push(RoleFile {
                role,
                family,
                files,
            });
        }
    }
    out
}

/// `仿宋 → FandolFang R：/home/…/FandolFang-Regular.otf`, one line per role found (files
/// separated by `、`).
pub fn role_lines(files: &[RoleFile]) -> Vec<String> {
    files
        .iter()
        .map(|r| {
            let list: Vec<String> = r.files.iter().map(|f| f.display().to_string()).collect();
            format!("{} → {}：{}", r.role.label(), r.family, list.join("、"))
        })
        .collect()
}
