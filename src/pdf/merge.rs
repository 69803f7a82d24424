//! Several finished PDFs as one, for printing in one go (`export archive --print`): typst
//! places each page of each PDF on a page of its own size (typst 0.14 and later read PDF
//! pages as images, kept as vectors with their fonts), so no other program is needed.

use std::fs;
use std::path::Path;
use std::time::Duration;

use super::runner::{self, Compile, Typst};
use crate::diagnostics::{Code, Diagnostic};

/// The PDFs `parts` (each a finished PDF of dangjian's own, in print order) as one PDF, made in
/// `dir` (a fresh work folder, emptied by the caller). Each document starts on a right-hand
/// page: a document of an odd number of pages is followed by a blank page, so that a duplex
/// printer does not print the next document on the back of its last page. `timestamp` is the
/// PDF's date, for the same bytes each time.
pub fn merge(
    typst: &Typst,
    dir: &Path,
    parts: &[&[u8]],
    timestamp: i64,
    timeout: Duration,
) -> Result<Vec<u8>, Diagnostic> {
    let io = |e: std::io::Error| {
        Diagnostic::general(
            Code::Output,
            format!("无法写入合订本的工作文件（{}）：{e}", dir.display()),
        )
    };
    fs::create_dir_all(dir).map_err(io)?;
    // The file names are ours (`1.pdf` …), never record text: nothing here needs escaping.
    let mut source = String::from("#set page(width: auto, height: auto, margin: 0pt)\n");
    for (i, bytes) in parts.iter().enumerate() {
        let name = format!("{}.pdf", i + 1);
        let pages = super::page_count(bytes).ok_or_else(|| {
            Diagnostic::general(
                Code::Output,
                format!("无法读出第 {} 份 PDF 的页数，未生成合订本", i + 1),
            )
        })?;
        fs::write(dir.join(&name), bytes).map_err(io)?;
        for p in 1..=pages {
            source.push_str(&format!("#page(image(\"{name}\", page: {p}))\n"));
        }
        if pages % 2 == 1 {
            // A blank back of the size of the document's last page.
            source.push_str(&format!("#page(hide(image(\"{name}\", page: {pages})))\n"));
        }
    }
    fs::write(dir.join("merge.typ"), source).map_err(io)?;
    let job = Compile {
        dir,
        input: "merge.typ",
        output: "merged.pdf",
        timestamp,
        font_dirs: &[],
        timeout,
    };
    typst.compile_as(&job, None).map_err(|e| {
        // The first lines say what went wrong; the same error on every page would fill the
        // screen.
        let detail = match &e {
            runner::RunError::Failed { stderr, .. } => {
                let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
                let more = lines.len().saturating_sub(3);
                let head = lines.iter().take(3).copied().collect::<Vec<_>>().join("\n");
                if more > 0 {
                    format!("：\n{head}\n……（另有 {more} 行）")
                } else {
                    format!("：\n{head}")
                }
            }
            _ => String::new(),
        };
        Diagnostic::general(
            Code::ExternalTool,
            format!(
                "typst（{}）未能生成合订本：{}{detail}",
                typst.path.display(),
                runner::describe(&e)
            ),
        )
    })?;
    fs::read(dir.join("merged.pdf")).map_err(io)
}
