//! Attachments uploaded from a form: photos (JPEG, PNG) and 签到表 (PDF or a photo), kept in
//! `content/attachments/<year>/` under a name the workbench makes. What a file *is* is read
//! from its first bytes, never from its name or the browser's word, and a refused upload writes
//! nothing.

use axum::Json;
use axum::extract::{Multipart, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::values::FormValues;
use super::visitor::Visitor;
use super::{Shared, git};

/// The largest upload: a phone photo is 3–8 MB, a scanned 签到表 PDF a few MB.
pub(crate) const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileType {
    Jpeg,
    Png,
    Pdf,
}

impl FileType {
    pub(crate) fn sniff(bytes: &[u8]) -> Option<FileType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(FileType::Png)
        } else if bytes.starts_with(b"%PDF-") {
            Some(FileType::Pdf)
        } else {
            None
        }
    }

    fn extension(self) -> &'static str {
        match self {
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
            FileType::Pdf => "pdf",
        }
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct Uploaded {
    /// Relative to `content/`, as an attachment's `path` is written.
    pub(crate) path: String,
    pub(crate) image: bool,
    /// The name the file had on the person's computer, without its extension: a caption.
    pub(crate) caption: String,
}

#[derive(Debug, Serialize)]
struct Refusal {
    error: String,
}

fn refuse(status: StatusCode, text: &str) -> Response {
    (
        status,
        Json(Refusal {
            error: text.to_owned(),
        }),
    )
        .into_response()
}

/// Why an uploaded file's own name is refused, if it is: the name is only a caption, but a
/// name that tries to leave its folder is an attack, not a photo.
pub(crate) fn name_problem(name: &str) -> Option<&'static str> {
    if name.contains(['/', '\\']) || name.contains("..") {
        return Some("文件名不能包含路径（/、\\ 或 ..）");
    }
    if name.chars().any(char::is_control) {
        return Some("文件名含有控制字符");
    }
    None
}

/// POST /_/upload?year=2025&branch=neike-yi, multipart with one part `file`.
pub(crate) async fn upload(
    State(wb): State<Shared>,
    v: Visitor,
    Query(q): Query<Vec<(String, String)>>,
    mut multipart: Multipart,
) -> Response {
    let q = FormValues::from_pairs(q);
    let year: i32 = match q.get("year").parse() {
        Ok(y) if (1921..=2200).contains(&y) => y,
        _ => return refuse(StatusCode::BAD_REQUEST, "先填写活动日期，再上传附件"),
    };
    let branch = q.get("branch").trim().to_owned();
    if !v.is_admin() && v.branch.as_deref() != Some(branch.as_str()) {
        return refuse(StatusCode::FORBIDDEN, "您的账户只能为本支部的活动上传附件");
    }
    let field = match multipart.next_field().await {
        Ok(Some(f)) => f,
        Ok(None) => return refuse(StatusCode::BAD_REQUEST, "没有收到文件"),
        Err(_) => return too_large_or_broken(),
    };
    let original = field.file_name().unwrap_or_default().to_owned();
    if let Some(problem) = name_problem(&original) {
        return refuse(StatusCode::BAD_REQUEST, problem);
    }
    let bytes = match field.bytes().await {
        Ok(b) => b,
        Err(_) => return too_large_or_broken(),
    };
    if bytes.len() > MAX_UPLOAD {
        return too_large_or_broken();
    }
    if bytes.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "文件是空的");
    }
    let Some(kind) = FileType::sniff(&bytes) else {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "只能上传 JPEG、PNG 照片或 PDF 文件（签到表可拍照或扫描成 PDF）",
        );
    };
    let caption = original
        .rsplit_once('.')
        .map_or(original.as_str(), |(stem, _)| stem)
        .trim()
        .to_owned();
    let root = wb.root.clone();
    let author = v.author();
    let slug = if crate::reader::is_slug(&branch) {
        branch
    } else {
        "fujian".to_owned()
    };
    let saved = tokio::task::spawn_blocking(move || {
        let dir = format!("content/attachments/{year}");
        std::fs::create_dir_all(root.join(&dir))?;
        // A name nobody chose: the branch, the time and a counter, so two uploads in one second
        // do not meet, and nothing of the person's file name reaches the file system.
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let mut n = 1;
        loop {
            let rel = format!("{dir}/{slug}-{stamp}-{n}.{}", kind.extension());
            match crate::files::write_new(&root.join(&rel), &bytes) {
                Ok(()) => {
                    let message = format!("上传附件：{}", rel.trim_start_matches("content/"));
                    let _ = git::commit(&root, std::slice::from_ref(&rel), &author, &message);
                    return Ok(rel);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(e),
            }
        }
    })
    .await;
    match saved {
        Ok(Ok(rel)) => Json(Uploaded {
            path: rel.trim_start_matches("content/").to_owned(),
            image: kind != FileType::Pdf,
            caption,
        })
        .into_response(),
        _ => refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "保存附件失败，请查看运行 dangjian serve 的终端",
        ),
    }
}

fn too_large_or_broken() -> Response {
    refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        "文件太大或上传中断：每个附件不超过 20 MB（照片可先缩小，签到表可扫描成较小的 PDF）",
    )
}

/// GET /_/file?path=attachments/2025/x.jpg: an attachment as stored, for thumbnails and the
/// PDF preview. Only images and PDFs under `content/attachments/`.
pub(crate) async fn file(
    State(wb): State<Shared>,
    _v: Visitor,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let q = FormValues::from_pairs(q);
    let rel = q.get("path");
    let inside = rel.starts_with("attachments/")
        && rel
            .split('/')
            .all(|p| !p.is_empty() && p != "." && p != ".." && !p.contains('\\'));
    if !inside {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Ok(bytes) = std::fs::read(wb.root.join("content").join(rel)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = match FileType::sniff(&bytes) {
        Some(FileType::Jpeg) => "image/jpeg",
        Some(FileType::Png) => "image/png",
        Some(FileType::Pdf) => "application/pdf",
        None => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, mime)], bytes).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_what_its_first_bytes_say() {
        assert_eq!(
            FileType::sniff(b"\xFF\xD8\xFF\xE0rest"),
            Some(FileType::Jpeg)
        );
        assert_eq!(
            FileType::sniff(b"\x89PNG\r\n\x1a\nrest"),
            Some(FileType::Png)
        );
        assert_eq!(FileType::sniff(b"%PDF-1.7"), Some(FileType::Pdf));
        assert_eq!(FileType::sniff(b"<svg onload=alert(1)>"), None);
        assert_eq!(FileType::sniff(b"GIF89a"), None);
    }

    #[test]
    fn names_that_leave_their_folder_are_refused() {
        assert!(name_problem("../../x.png").is_some());
        assert!(name_problem("a/b.png").is_some());
        assert!(name_problem("a\\b.png").is_some());
        assert_eq!(name_problem("签到表 3月.jpg"), None);
    }
}
