//! The per-user folders where `dangjian setup` puts typst and the open fonts, so that every
//! site on the machine finds them without a path in its site.toml:
//! `$XDG_DATA_HOME/dangjian` (default `~/.local/share/dangjian`) on Linux,
//! `%APPDATA%\dangjian` on Windows; the download cache under the per-user cache folder.

use std::path::PathBuf;

const APP: &str = "dangjian";

/// Overrides the download cache (a shared folder of `.deb` files, e.g. for CI or a test run
/// with a fresh HOME).
pub(crate) const DOWNLOAD_CACHE_ENV: &str = "DANGJIAN_DOWNLOAD_CACHE";

/// `~/.local/share/dangjian` (or the platform's equivalent).
pub(crate) fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP))
}

/// The open CJK fonts `dangjian setup` installs; every site looks here after its own
/// `[pdf] font_dirs`.
pub(crate) fn fonts_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("fonts"))
}

/// Where `cargo install --root <data dir>` puts typst.
pub(crate) fn typst_path() -> Option<PathBuf> {
    data_dir().map(|d| {
        d.join("bin")
            .join(format!("typst{}", std::env::consts::EXE_SUFFIX))
    })
}

/// `~/.cache/dangjian`: things that can be fetched again (downloads, links to system fonts).
pub(crate) fn cache_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|d| d.join(APP))
}

/// The downloaded packages, kept so that a second run (or a second site) is fast.
pub(crate) fn download_cache() -> Option<PathBuf> {
    match std::env::var_os(DOWNLOAD_CACHE_ENV).filter(|v| !v.is_empty()) {
        Some(v) => Some(PathBuf::from(v)),
        None => cache_dir().map(|d| d.join("downloads")),
    }
}
