//! The live preview of a notice: typst runs when the notice is saved (or when asked), through
//! the same templates and PDF cache as `build`, and the form shows the PDF and its page count.
//! The preview lives in the site's cache folder, never in `output/`.

use std::path::{Path, PathBuf};

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use super::Shared;
use super::html::esc;
use super::html::form::url_component;
use super::values::FormValues;
use super::visitor::Visitor;
use crate::Site;

fn preview_file(root: &Path, rel: &str) -> PathBuf {
    let name = rel.replace('/', "-");
    crate::layout::cache_dir(root)
        .join("workbench")
        .join(format!("{name}.pdf"))
}

fn problem_file(root: &Path, rel: &str) -> PathBuf {
    preview_file(root, rel).with_extension("txt")
}

/// Typesets the notice `rel` of the site as it is on disk now. Problems are kept beside the
/// preview for the form to show.
pub(crate) fn make(root: &Path, as_of: Option<chrono::NaiveDate>, rel: &str) {
    let outcome = typeset(root, as_of, rel);
    let problems = problem_file(root, rel);
    match outcome {
        Ok(()) => {
            let _ = std::fs::remove_file(problems);
        }
        Err(text) => {
            let _ = std::fs::remove_file(preview_file(root, rel));
            if let Some(dir) = problems.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = std::fs::write(problems, text);
        }
    }
}

fn typeset(root: &Path, as_of: Option<chrono::NaiveDate>, rel: &str) -> Result<(), String> {
    let (site, diags) = Site::load(root, as_of);
    let Some(site) = site else {
        return Err(list(diags.iter()));
    };
    let typst = crate::pdf::prepare(root, &site.config.pdf).map_err(|d| d.message)?;
    let years = crate::present::Years::compute(&site);
    let history = crate::history::History::read(root);
    let ctx = crate::present::Context {
        site: &site,
        years: &years,
        history: &history,
        pdf_links: true,
    };
    let scratch = crate::layout::cache_dir(root)
        .join("workbench")
        .join(format!("typeset-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    let result = crate::pdf::build_record(&ctx, &typst, &scratch, rel);
    let made = result
        .map_err(|d| list(d.iter()))
        .and_then(|_| {
            walkdir::WalkDir::new(&scratch)
                .into_iter()
                .flatten()
                .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
                .map(|e| e.path().to_path_buf())
                .ok_or_else(|| "这份通知没有生成 PDF".to_owned())
        })
        .and_then(|pdf| {
            let to = preview_file(root, rel);
            std::fs::rename(&pdf, &to)
                .or_else(|_| std::fs::copy(&pdf, &to).map(|_| ()))
                .map_err(|e| e.to_string())
        });
    let _ = std::fs::remove_dir_all(&scratch);
    made
}

fn list<'a>(diags: impl Iterator<Item = &'a crate::diagnostics::Diagnostic>) -> String {
    diags
        .filter(|d| d.severity == crate::diagnostics::Severity::Error)
        .map(|d| format!("{}：{}", d.file, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The preview block of a notice's form.
pub(crate) fn section(root: &Path, rel: &str, csrf: &str) -> String {
    let pdf = preview_file(root, rel);
    let fresh = match (std::fs::metadata(&pdf), std::fs::metadata(root.join(rel))) {
        (Ok(p), Ok(r)) => match (p.modified(), r.modified()) {
            (Ok(p), Ok(r)) => p >= r,
            _ => false,
        },
        _ => false,
    };
    let mut s = String::from(
        "<section class=\"panel\" aria-labelledby=\"pdf-title\"><h2 id=\"pdf-title\">PDF 预览（GB/T 9704 版式）</h2>",
    );
    if let Ok(problems) = std::fs::read_to_string(problem_file(root, rel)) {
        s.push_str(&format!(
            "<div class=\"notice-bad\">生成 PDF 失败：<pre>{}</pre></div>",
            esc(&problems)
        ));
    }
    let button = format!(
        "<form method=\"post\" action=\"/_/notice-pdf\"><input type=\"hidden\" name=\"_path\" value=\"{}\"><input type=\"hidden\" name=\"_csrf\" value=\"{}\"><button type=\"submit\">{}</button></form>",
        esc(rel),
        esc(csrf),
        if fresh {
            "重新生成 PDF"
        } else {
            "生成 PDF 预览"
        }
    );
    if fresh {
        let pages = std::fs::read(&pdf)
            .ok()
            .and_then(|b| crate::pdf::page_count(&b));
        let count = pages.map_or(String::new(), |n| format!("共 {n} 页。"));
        s.push_str(&format!(
            "<p>{count}保存后自动重新生成。<a href=\"/_/pdf?path={0}\" target=\"_blank\">在新窗口打开</a></p>\
<iframe class=\"pdf\" title=\"通知 PDF 预览\" src=\"/_/pdf?path={0}\"></iframe>{button}",
            esc(&url_component(rel))
        ));
    } else {
        s.push_str(&format!("<p>还没有与当前内容一致的 PDF。</p>{button}"));
    }
    s.push_str("</section>");
    s
}

/// GET /_/pdf?path=content/notices/2025/3.md
pub(crate) async fn serve(
    State(wb): State<Shared>,
    _v: Visitor,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let q = FormValues::from_pairs(q);
    let rel = q.get("path");
    if super::schema::RecordKind::of_path(rel) != Some(super::schema::RecordKind::Notice) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match std::fs::read(preview_file(&wb.root, rel)) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// POST /_/notice-pdf: typeset now, then back to the form.
pub(crate) async fn regenerate(
    State(wb): State<Shared>,
    _v: Visitor,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let values = FormValues::from_pairs(pairs);
    let rel = values.get("_path").to_owned();
    if super::schema::RecordKind::of_path(&rel) != Some(super::schema::RecordKind::Notice) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let (root, as_of, rel2) = (wb.root.clone(), wb.as_of, rel.clone());
    let _ = tokio::task::spawn_blocking(move || make(&root, as_of, &rel2)).await;
    Redirect::to(&format!("/_/edit?path={}", url_component(&rel))).into_response()
}
