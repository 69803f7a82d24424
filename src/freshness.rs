//! Knowing when a build has nothing to do. A stamp of every input — the names, sizes and
//! modification times of the files a build reads, the program's version, the date (rules are
//! judged "as of today" unless the site fixes a date) and the git commit (the change history
//! is shown) — is written into the output; a build whose stamp equals the output's touches
//! nothing.
//!
//! With PDFs, the stamp file also names the font file each role resolved to (after the hash
//! line), so that a PDF can be reproduced on another machine.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::hash::StableHasher;
use crate::layout::{self, STAMP_FILE};

/// The stamp of the inputs of a build of `root` (with or without PDFs): a hash line, then
/// (with PDFs) one line per font role (`font_lines`, see `pdf::font_lookup::role_lines`).
pub(crate) fn stamp(
    root: &Path,
    pdf: bool,
    font_dirs: &[PathBuf],
    font_lines: &[String],
) -> String {
    let mut h = StableHasher::default();
    // The program itself: a new build of dangjian (templates and code compiled in) must not
    // find its predecessor's output up to date.
    h.str(&program()).str(if pdf { "pdf" } else { "site" });
    h.str(&chrono::Local::now().date_naive().to_string());
    let mut dirs: Vec<PathBuf> = layout::INPUTS.iter().map(PathBuf::from).collect();
    if pdf {
        // Absolute (the per-user and system folders): `root.join` keeps them as they are.
        dirs.extend(font_dirs.iter().cloned());
        // An upgraded typst lays out differently.
        let path = std::env::var_os("PATH").unwrap_or_default();
        let candidates = std::env::var_os("DANGJIAN_TYPST")
            .map(std::path::PathBuf::from)
            .into_iter()
            .chain(std::env::split_paths(&path).map(|d| d.join("typst")));
        if let Some(meta) = candidates
            .filter_map(|p| std::fs::metadata(p).ok())
            .find(|m| m.is_file())
        {
            h.str(&meta.len().to_string())
                .str(&modified_nanos(&meta).to_string());
        }
    }
    for dir in &dirs {
        let entries: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .collect();
        // Looked up on every core: at 100,000 records this walk was most of a build that
        // has nothing to do.
        let metas: Vec<Option<std::fs::Metadata>> =
            entries.par_iter().map(|e| e.metadata().ok()).collect();
        for (entry, meta) in entries.iter().zip(metas) {
            let Some(meta) = meta else { continue };
            let modified = meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            h.str(&entry.path().to_string_lossy())
                .str(&meta.len().to_string())
                .str(&modified.to_string());
        }
    }
    if let Ok(out) = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .output()
    {
        h.write(&out.stdout);
    }
    let mut text = h.hex();
    if pdf {
        for line in font_lines {
            text.push_str("\n字体 ");
            text.push_str(line);
        }
    }
    text
}

fn modified_nanos(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// True when `output` was made by a build with this stamp and is still there.
pub(crate) fn up_to_date(output: &Path, stamp: &str) -> bool {
    std::fs::read_to_string(output.join(STAMP_FILE)).is_ok_and(|s| s.trim() == stamp)
}

/// The stamp of every input of the site's pages except the activity records' contents: what
/// all pages share. An activity page whose record and this stamp are as they were at the last
/// build is taken from the output as it is (`site::deps`). The records' paths are still in
/// it: a record added or removed can change any page (a body may link to another record).
pub(crate) fn shared_inputs(root: &Path) -> String {
    let mut h = StableHasher::default();
    h.str(&program());
    for dir in layout::INPUTS {
        for entry in walkdir::WalkDir::new(root.join(dir))
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            h.str(&entry.path().to_string_lossy());
            // A folder's modification time is not an input: it changes whenever a file in it
            // is replaced by a rename, as the workbench and most editors save, and would then
            // make every page again for a one-record save. The names below it are hashed.
            if entry.file_type().is_dir() || is_activity_record(root, entry.path()) {
                continue;
            }
            let Ok(meta) = entry.metadata() else { continue };
            h.str(&meta.len().to_string())
                .str(&modified_nanos(&meta).to_string());
        }
    }
    h.hex()
}

/// The program's version, and the size and modification time of its file: what a cache of
/// its own output (pages, search shards) must be made by again. A new build of dangjian,
/// even of the same version, may render or index differently.
pub(crate) fn program() -> String {
    let mut text = env!("CARGO_PKG_VERSION").to_owned();
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|p| std::fs::metadata(p).ok())
    {
        text.push_str(&format!(" {} {}", meta.len(), modified_nanos(&meta)));
    }
    text
}

/// `content/activities/<year>/<name>.md`, where the loader finds activity records.
fn is_activity_record(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<&std::ffi::OsStr> = rel.iter().collect();
    parts.len() == 4
        && parts[0] == layout::CONTENT_DIR
        && parts[1] == "activities"
        && path.extension().is_some_and(|e| e == "md")
}
