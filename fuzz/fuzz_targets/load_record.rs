//! The record loader: front matter split, TOML, field reading, cross-record validation and the
//! metrics, exactly as `dangjian check` runs them, on one file of the minimal test site.
//!
//! Input: the first byte picks the file (a record of each kind, replacing the fixture's or
//! added beside it, or `site.toml`); the rest is the file's bytes. The site lives in a
//! temporary folder made once per process; the file is restored after every run.
//!
//! Checked: no panic, no hang (libFuzzer's `-timeout`), every diagnostic about the file points
//! into it, and both diagnostic renderers (human, with the source line and caret; JSON) work.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dangjian::Site;
use dangjian::diagnostics::{render_human, render_json_lines};
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../tests/support/oracle.rs"]
mod invariants;

/// The file an input replaces, by its first byte (modulo the length).
const PATHS: &[&str] = &[
    "content/branches/alpha.toml",
    "content/branches/fuzz.toml",
    "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md",
    "content/activities/2024/2024-05-01-alpha-fuzz.md",
    "content/brands/xianfeng.md",
    "content/annual/2024.toml",
    "content/annual/2024.md",
    "content/notices/2024/1.md",
    "content/notices/2024/3.md",
    "content/checklists/kaohe.toml",
    "site.toml",
];

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn site_root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        let root = std::env::temp_dir().join(format!("dangjian-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&fixture, &root);
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let rel = PATHS[usize::from(pick) % PATHS.len()];
    let root = site_root();
    let path = root.join(rel);
    let original = std::fs::read(&path).ok();
    std::fs::write(&path, bytes).expect("write the input");

    let (site, diags) = Site::load(root, None);
    if let Some(site) = &site {
        let _ = site.metrics();
    }
    let list = diags.sorted();
    let human = render_human(&list, root);
    let json = render_json_lines(&list);
    assert!(list.is_empty() || (!human.is_empty() && !json.is_empty()));
    let located = list.iter().map(|d| invariants::Located {
        file: &d.file,
        line: d.pos.line,
        column: d.pos.column,
        width: d.pos.width,
    });
    if let Err(e) = invariants::check_record_diagnostics(rel, bytes, located) {
        panic!("a diagnostic points outside {rel}: {e}\n{human}");
    }

    match original {
        Some(b) => std::fs::write(&path, b).expect("restore"),
        None => std::fs::remove_file(&path).expect("remove"),
    }
});
