//! Files that records point at (photos, sign-in sheets, seals, logos) and the one rule that
//! guards them: a path in a record names a file inside `content/`, and nothing else.

use std::path::{Component, Path, PathBuf};

use super::fields::{Fields, Located};
use crate::diagnostics::{Code, Diagnostic};

pub const KINDS: &[&str] = &["照片", "签到表", "会议记录", "通知", "其他"];

#[derive(Debug, Clone)]
pub struct Attachment {
    /// Relative to `content/`, `/`-separated.
    pub path: Located<String>,
    pub caption: Option<String>,
    pub kind: Option<String>,
}

impl Attachment {
    pub fn is_image(&self) -> bool {
        is_image_path(&self.path.value)
    }
}

pub fn is_image_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
        .iter()
        .any(|e| lower.ends_with(e))
}

pub(super) fn read_attachments(f: &mut Fields<'_, '_>) -> Vec<Attachment> {
    f.tables("attachments")
        .into_iter()
        .filter_map(|mut a| {
            let path = a.req_str("path");
            let caption = a.opt_str("caption").map(|v| v.value);
            let kind = a.opt_choice("kind", KINDS).map(|v| v.value);
            a.finish();
            Some(Attachment {
                path: path?,
                caption,
                kind,
            })
        })
        .collect()
}

/// Checks a path written in `record` (relative to `content/`): it must be relative, use `/`,
/// contain no `..`, stay inside `content/` after following symbolic links, name no record
/// (`.md`/`.toml` outside `content/attachments/`), and exist.
pub fn check_path(
    site_root: &Path,
    record: &str,
    path: &Located<String>,
) -> Result<PathBuf, Diagnostic> {
    let raw = path.value.as_str();
    let outside = |why: &str| {
        Diagnostic::new(
            Code::PathOutsideRoot,
            record,
            path.pos,
            format!("附件路径“{raw}”{why}"),
        )
        .with_hint(
            "附件放在 content/ 下，路径相对于 content/ 书写，如 \"attachments/2024/qiandao.png\"",
        )
    };
    if raw.contains('\\') {
        return Err(outside("使用了反斜杠（Windows 路径）"));
    }
    if raw.contains('\0') {
        return Err(outside("含有空字符"));
    }
    let p = Path::new(raw);
    if p.is_absolute() || raw.starts_with('/') || raw.get(1..2) == Some(":") {
        return Err(outside("是绝对路径"));
    }
    if p.components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside("含有 `..`，会离开站点目录"));
    }
    let content = site_root.join("content");
    let full = content.join(p);
    if !full.exists() {
        return Err(Diagnostic::new(
            Code::MissingAttachment,
            record,
            path.pos,
            format!("附件“{raw}”不存在"),
        )
        .with_hint(match raw.strip_prefix("content/") {
            // Paths are relative to content/ already; written from the site root, the
            // path names content/content/….
            Some(inner) => format!("去掉开头的 content/：写作 \"{inner}\"（路径相对于 content/）"),
            None => format!("应位于 content/{raw}"),
        }));
    }
    // A symbolic link inside content/ may still point anywhere: to site.toml, into .git/ or
    // out of the site. Only files inside content/ are published.
    let (Ok(real), Ok(real_content)) = (full.canonicalize(), content.canonicalize()) else {
        return Err(outside("无法解析"));
    };
    let Ok(inside) = real.strip_prefix(&real_content) else {
        return Err(outside("经符号链接指向 content/ 之外"));
    };
    // A record is no attachment: `![](branches/x.toml)` would publish the branch's roster with
    // its members' birth years, which never reach the site.
    let inside = format!(
        "content/{}",
        inside
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    );
    if !matches!(super::classify(&inside), Ok(super::RecordPath::Asset)) {
        return Err(outside("指向一份记录文件（记录不作为附件发布）"));
    }
    if !real.is_file() {
        return Err(Diagnostic::new(
            Code::MissingAttachment,
            record,
            path.pos,
            format!("附件“{raw}”不是文件"),
        ));
    }
    Ok(real)
}
