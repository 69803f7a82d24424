//! `[issues]` of a notice: the one document a 印发 or 转发 notice issues. One, because a
//! notice that issues two documents is two notices in practice, and the document's own
//! attachments are the notice's `attachments` (printed after it, see the content reference).

use super::{AttachmentContent, Issued, IssuedContent, NoticeAttachment, annual_year};
use crate::diagnostics::Code;
use crate::reader::Fields;

pub(super) fn read(f: &mut Fields<'_, '_>, attachments: &[NoticeAttachment]) -> Option<Issued> {
    let mut t = f.table("issues")?;
    let file = t.opt_str("file");
    let annual = t.opt_count("annual");
    // A Markdown file has no title of its own to fall back on; the summary has.
    let title = if file.is_some() || t.pos_of("title").is_some() {
        t.req_title("title")
    } else {
        None
    };
    let at = t.at();
    t.finish();
    let content = match (file, annual) {
        (Some(p), None) => IssuedContent::File(p),
        (None, Some(y)) => IssuedContent::Annual(annual_year(&t, y)?),
        _ => {
            t.sink
                .report_at(
                    Code::InvalidValue,
                    at,
                    "印发的文件 `issues` 须且只能指定 `file`、`annual` 之一",
                )
                .hint(
                    "如 issues = { title = \"2026年党建工作要点\", file = \"attachments/2026/yaodian.md\" } 或 issues = { annual = 2025 }",
                );
            return None;
        }
    };
    if matches!(content, IssuedContent::File(_)) && title.is_none() {
        return None;
    }
    for a in attachments {
        let same = match (&content, &a.content) {
            (IssuedContent::File(p), AttachmentContent::File(q)) => same_path(&p.value, &q.value),
            (IssuedContent::Annual(y), AttachmentContent::Annual(z)) => y.value == z.value,
            _ => false,
        };
        if same {
            let pos = match &a.content {
                AttachmentContent::File(q) | AttachmentContent::Checklist(q) => q.pos,
                AttachmentContent::Annual(z) => z.pos,
            };
            f.sink
                .report_at(
                    Code::InvalidValue,
                    pos,
                    format!(
                        "附件“{}”就是本通知印发的文件：印发、转发的文件不作为附件",
                        a.title
                    ),
                )
                .hint("删去这个附件：印发的文件印在通知之后，另起一页，不加“附件”标识");
        }
    }
    Some(Issued {
        title: title.map(|t| t.value),
        content,
    })
}

/// `./attachments/x.md` and `attachments/x.md` name the same file.
fn same_path(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split('/')
            .filter(|c| !c.is_empty() && *c != ".")
            .collect::<Vec<_>>()
            .join("/")
    };
    norm(a) == norm(b)
}
