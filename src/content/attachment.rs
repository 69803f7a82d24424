//! Files that records point at (photos, sign-in sheets, seals, logos) and the one rule that
//! guards them: a path in a record names a file inside `content/`, and nothing else.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};
use crate::reader::{Fields, Located};

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
    IMAGES.iter().any(|e| lower.ends_with(&format!(".{e}")))
}

/// Shown inline as `<img>`.
const IMAGES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp"];

/// The only kinds of file a record may publish: images, PDF, office documents, plain text,
/// audio and video. A browser runs none of them as code on the site's origin; HTML, SVG,
/// XML, scripts and style sheets it would (stored XSS from one editor's account), and files
/// without an extension (`.dangjian-journal`, `.dangjian-build`) are the tool's own.
pub const PUBLISHABLE: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "bmp", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
    "odt", "ods", "odp", "wps", "et", "dps", "ofd", "rtf", "txt", "csv", "mp3", "m4a", "wav",
    "ogg", "mp4", "m4v", "webm", "mov",
];

/// The extension of `path` if it is one that may be published.
fn publishable(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && PUBLISHABLE.contains(&ext.to_ascii_lowercase().as_str())
    })
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
    resolve(site_root, record, path, Use::Published)
}

/// Checks the path of a Markdown file that a notice takes in as an attachment: the same rules
/// as [`check_path`], but the file is read and laid out as part of the document, never
/// published as it is, so it is a Markdown file rather than one of [`PUBLISHABLE`].
pub fn check_markdown_path(
    site_root: &Path,
    record: &str,
    path: &Located<String>,
) -> Result<PathBuf, Diagnostic> {
    resolve(site_root, record, path, Use::ReadAsMarkdown)
}

#[derive(Clone, Copy, PartialEq)]
enum Use {
    Published,
    ReadAsMarkdown,
}

fn resolve(
    site_root: &Path,
    record: &str,
    path: &Located<String>,
    use_: Use,
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
    // A newline or tab in a published name breaks every line-based format it reaches (it
    // once injected commands into the publish journal); no real file name has one.
    if let Some(c) = raw.chars().find(|c| c.is_control()) {
        return Err(Diagnostic::new(
            Code::UnsafeAttachment,
            record,
            path.pos,
            format!(
                "附件路径“{}”含有控制字符 {}",
                raw.escape_debug(),
                c.escape_unicode()
            ),
        )
        .with_hint("把文件改名，去掉换行符、制表符等不可见字符"));
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
    let content = site_root.join(crate::layout::CONTENT_DIR);
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
    // `photo.png` linked to `page.html` inside content/ would be published with the target's
    // contents: the target must be publishable too.
    let allowed = match use_ {
        Use::Published => publishable(raw) && publishable(&inside),
        Use::ReadAsMarkdown => is_markdown(raw) && is_markdown(&inside),
    };
    if !allowed {
        return Err(match use_ {
            Use::Published => refused_type(record, path),
            Use::ReadAsMarkdown => Diagnostic::new(
                Code::UnsafeAttachment,
                record,
                path.pos,
                format!("附件“{}”不是 Markdown 文件", path.value),
            )
            .with_hint(
                "通知的附件文件写成 Markdown（.md），由工具排进通知；图片、PDF 等放在正文的链接里",
            ),
        });
    }
    Ok(real)
}

fn is_markdown(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

fn refused_type(record: &str, path: &Located<String>) -> Diagnostic {
    Diagnostic::new(
        Code::UnsafeAttachment,
        record,
        path.pos,
        format!(
            "附件“{}”的类型不能发布（网页、SVG、脚本等文件会在网站上作为代码运行）",
            path.value
        ),
    )
    .with_hint(
        "附件只能是图片（png/jpg/gif/webp）、PDF、Office/WPS 文档、纯文本、音频或视频；\
         网页或 SVG 请先转成 PDF 或 PNG",
    )
}
