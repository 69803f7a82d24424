//! Which folder a build may replace. Publishing swaps the whole output folder, so `--output`
//! pointing at the wrong place would delete it: only a folder that a build made (its stamp file
//! is there, or this site's cache has its manifest) or an empty one is replaced — or the site's
//! own `output/`, which has always been the tool's — and never the site root, `content/`,
//! anything inside `content/`, an ancestor of them or `/`. An output that is a symbolic link or
//! a file is refused rather than replaced.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::layout;

/// `Err` with the Chinese message when `output` must not be written by a build of `root`.
pub fn check(root: &Path, output: &Path) -> Result<(), String> {
    let stamp_file = layout::STAMP_FILE;
    let shown = output.display();
    let abs_output = absolute(output);
    let abs_root = absolute(root);
    let content = abs_root.join(layout::CONTENT_DIR);
    if abs_output.parent().is_none() {
        return Err(format!("不能把 {shown} 作为输出目录：这是文件系统的根目录"));
    }
    if abs_root.starts_with(&abs_output) {
        return Err(format!(
            "不能把 {shown} 作为输出目录：它是站点目录{}，生成时会被整个替换",
            if abs_root == abs_output {
                "本身"
            } else {
                "的上级目录"
            }
        ));
    }
    if abs_output.starts_with(&content) {
        return Err(format!(
            "不能把 {shown} 作为输出目录：它在 content/ 里，生成时会删除记录"
        ));
    }
    let meta = match fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("无法读取输出目录 {shown}：{e}")),
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "输出目录 {shown} 是一个符号链接；生成不会替换它，也不会写入它指向的位置"
        ));
    }
    if !meta.is_dir() {
        return Err(format!(
            "输出位置 {shown} 是一个文件，不是文件夹；请移走它或换一个输出目录"
        ));
    }
    // The site's own `output/` has always been the tool's: it is replaced whatever is in it.
    if abs_output == layout::default_output(&abs_root) {
        return Ok(());
    }
    let stamped = fs::symlink_metadata(output.join(stamp_file)).is_ok_and(|m| m.is_file());
    let known = super::Manifest::exists(&layout::cache_dir(root), output);
    let empty = fs::read_dir(output).is_ok_and(|mut d| d.next().is_none());
    if stamped || known || empty {
        Ok(())
    } else {
        Err(format!(
            "输出目录 {shown} 不是空的，也不是 dangjian 生成的（没有 {stamp_file}）；\
             生成会整个替换它，为免误删，请换一个新的或空的目录"
        ))
    }
}

/// `path` made absolute and resolved as far as it exists (symbolic links of its existing
/// ancestors followed), with `.` and `..` of the rest applied by name.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(real) = existing.canonicalize() {
            break real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let mut out = base;
    for name in rest.iter().rev() {
        match Path::new(name).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) | None => {}
            _ => out.push(name),
        }
    }
    out
}
