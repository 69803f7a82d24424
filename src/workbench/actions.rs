//! The workbench's POSTs: save, delete, restore, preview. A save is refused — and the form
//! shown again with everything the person typed — when `check` finds an error, when the file
//! changed since the form was opened, or when the new file name belongs to another record.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::document::Document;
use super::html::form::{Message, Messages, url_component};
use super::html::{Section, pages};
use super::naming::{self, Action};
use super::save::{self, Change, Refused, Version};
use super::schema::RecordKind;
use super::values::{self, FormValues};
use super::views::{form_page, page, problem, read_site, record_at};
use super::visitor::Visitor;
use super::{Shared, attendance, git, todo};
use chrono::Datelike;

use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Severity};

type Pairs = Form<Vec<(String, String)>>;

/// The diagnostics of a save, each beside the form field it is about.
pub(super) fn messages_for(kind: RecordKind, text: &str, diags: &[Diagnostic]) -> Messages {
    let mut m = Messages::default();
    for d in diags {
        let mut t = d.message.clone();
        if let Some(h) = &d.hint {
            t.push('（');
            t.push_str(h);
            t.push('）');
        }
        let error = d.severity == Severity::Error;
        // A missing key has no line of its own: its message names it (`lecturer`), and the
        // form says it in the words of the form.
        let missing = (d.code == Code::MissingField)
            .then(|| d.message.split('`').nth(1).map(str::to_owned))
            .flatten();
        let at_field = match &missing {
            Some(key) => match label_of(kind, key) {
                Some(label) => format!("请填写{label}"),
                None => t.clone(),
            },
            None => t.clone(),
        };
        // Everything is also listed at the top: a field far down the form is not missed.
        m.general.push(Message { error, text: t });
        if let Some(field) = missing.or_else(|| super::field_of::field_of(text, d)) {
            m.fields.entry(field).or_default().push(Message {
                error,
                text: at_field,
            });
        }
    }
    m
}

/// The form's label of a key (`lecturer` → 授课人).
fn label_of(kind: RecordKind, key: &str) -> Option<&'static str> {
    kind.fields().iter().find(|f| f.key == key).map(|f| f.label)
}

/// The branches a record names before and after a change, for the rights check.
fn branches_of(
    site: &Site,
    kind: RecordKind,
    old: Option<&str>,
    values: &FormValues,
) -> Vec<String> {
    let mut out: Vec<String> = old
        .and_then(|p| todo::branch_of_file(site, p))
        .into_iter()
        .collect();
    match kind {
        RecordKind::Branch => {
            if old.is_none() {
                out.push(values.get("_id").trim().to_owned());
            }
        }
        _ => out.push(values.get("branch").trim().to_owned()),
    }
    out.retain(|b| !b.is_empty());
    out
}

fn forbidden(v: &Visitor) -> Response {
    problem(
        StatusCode::FORBIDDEN,
        v,
        "无权修改",
        "您的账户只能修改本支部的活动、品牌、名册和党员记录；其他记录请联系党建办。",
    )
}

pub(super) async fn save(State(wb): State<Shared>, v: Visitor, Form(pairs): Pairs) -> Response {
    let mut values = FormValues::from_pairs(pairs);
    let Some(kind) = RecordKind::from_id(values.get("_kind")) else {
        return problem(
            StatusCode::BAD_REQUEST,
            &v,
            "无法保存",
            "表单不完整（缺少记录类型）。",
        );
    };
    let old = match values.get("_path") {
        "" => None,
        p if RecordKind::of_path(p) == Some(kind) => Some(p.to_owned()),
        p => {
            return problem(
                StatusCode::BAD_REQUEST,
                &v,
                "无法保存",
                &format!("“{p}”不是一条{}记录。", kind.label()),
            );
        }
    };
    if kind == RecordKind::Activity {
        attendance::resolve(&mut values);
    }
    let site = match read_site(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let branches = branches_of(&site, kind, old.as_deref(), &values);
    let branch_refs: Vec<&str> = branches.iter().map(String::as_str).collect();
    let new_branch = kind == RecordKind::Branch && old.is_none();
    if !(v.may_edit(kind, &branch_refs) || (new_branch && v.is_admin())) {
        return forbidden(&v);
    }
    let posted_version = values.get("_version").to_owned();
    let render = |status: StatusCode, messages: &Messages, version: &str| -> Response {
        let banner = "<div class=\"notice-bad\" role=\"alert\"><strong>没有保存。</strong>您填写的内容都还在表单中；改正后再保存。</div>";
        let body = form_page(
            &site,
            kind,
            old.as_deref(),
            version,
            &values,
            messages,
            &v,
            banner,
        );
        (status, page("没有保存", Section::None, &v, &body)).into_response()
    };
    let new_rel = match naming::path_for(&site, kind, &values, old.as_deref()) {
        Ok(r) => r,
        Err((field, text)) => {
            let mut m = Messages::default();
            let msg = Message { error: true, text };
            m.fields.entry(field).or_default().push(msg.clone());
            m.general.push(msg);
            return render(StatusCode::UNPROCESSABLE_ENTITY, &m, &posted_version);
        }
    };
    // The form is applied to the file as it is now, so that keys the form does not show (and
    // every comment) are kept; a change made meanwhile is caught by the version below.
    let mut doc = match &old {
        Some(rel) => match std::fs::read_to_string(site.root.join(rel)) {
            Ok(text) => match Document::parse(rel, &text) {
                Ok(d) => d,
                Err(e) => {
                    let m = Messages {
                        general: vec![Message {
                            error: true,
                            text: e.to_string(),
                        }],
                        ..Messages::default()
                    };
                    return render(StatusCode::UNPROCESSABLE_ENTITY, &m, &posted_version);
                }
            },
            Err(_) => Document::empty(&new_rel),
        },
        None => Document::empty(&new_rel),
    };
    match site
        .corpus
        .checklists
        .iter()
        .find(|c| Some(&c.file) == old.as_ref())
    {
        Some(c) if kind == RecordKind::Checklist => {
            let year = super::scores::year_of(&values, c, site.as_of.year());
            super::scores::apply(&values, &mut doc, c, year);
        }
        _ => values::apply(kind, &values, &mut doc),
    }
    let text = doc.to_text();
    let what = naming::describe(&site, kind, &values, &new_rel);
    let action = if old.is_some() {
        Action::Edit
    } else {
        Action::Add
    };
    let change = Change {
        old_rel: old.clone(),
        expected: Version::from_string(if old.is_some() {
            posted_version.clone()
        } else {
            save::version_of(&site.root, &new_rel).as_str().to_owned()
        }),
        new_rel: new_rel.clone(),
        text: text.clone(),
        author: v.author(),
        message: naming::commit_message(action, kind, &what),
    };
    let root = wb.root.clone();
    let outcome = tokio::task::spawn_blocking(move || save::save(&root, change)).await;
    match outcome {
        Ok(Ok(saved)) if saved.commit_failed.is_some() => {
            // Written but not committed: said on the page, never lost.
            let wb2 = wb.clone();
            let written = saved.written_at;
            let _ = tokio::task::spawn_blocking(move || (wb2.after_save)(written)).await;
            let failure = saved.commit_failed.map(|d| d.message).unwrap_or_default();
            let m = Messages {
                general: vec![Message {
                    error: false,
                    text: format!(
                        "记录已保存，但没有记入 git 历史：{failure}。请联系管理员检查仓库。"
                    ),
                }],
                ..Messages::default()
            };
            let now = save::version_of(&site.root, &saved.rel);
            let body = form_page(
                &site,
                kind,
                Some(&saved.rel),
                now.as_str(),
                &values,
                &m,
                &v,
                "",
            );
            page("已保存", Section::None, &v, &body).into_response()
        }
        Ok(Ok(saved)) => {
            let wb2 = wb.clone();
            let rel = saved.rel.clone();
            let written = saved.written_at;
            let _ = tokio::task::spawn_blocking(move || {
                // Nothing written (the form was saved unchanged): nothing to wait for.
                if written.is_some() {
                    (wb2.after_save)(written);
                }
                if kind == RecordKind::Notice {
                    super::notice_pdf::make(&wb2.root, wb2.as_of, &rel);
                }
            })
            .await;
            Redirect::to(&format!(
                "/_/edit?path={}&saved=1",
                url_component(&saved.rel)
            ))
            .into_response()
        }
        Ok(Err(Refused::Invalid(diags))) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &messages_for(kind, &text, &diags),
            &posted_version,
        ),
        Ok(Err(Refused::Conflict { on_disk, mine })) => {
            let rel = old.clone().unwrap_or_else(|| new_rel.clone());
            let now = save::version_of(&site.root, &rel);
            let form = form_page(
                &site,
                kind,
                old.as_deref(),
                now.as_str(),
                &values,
                &Messages::default(),
                &v,
                "",
            );
            let body = pages::conflict(&rel, on_disk.as_deref(), &mine, &form);
            (
                StatusCode::CONFLICT,
                page("没有保存：文件已被修改", Section::None, &v, &body),
            )
                .into_response()
        }
        Ok(Err(Refused::Taken(rel))) => {
            let text =
                format!("文件 {rel} 已是另一条记录；换一个日期或序号，或先打开那条记录修改。");
            let field = match kind {
                RecordKind::Notice => "number",
                RecordKind::AnnualData | RecordKind::Narrative => "_year",
                RecordKind::Activity => "date",
                _ => "_id",
            };
            let msg = Message { error: true, text };
            let mut m = Messages::default();
            m.fields
                .entry(field.to_owned())
                .or_default()
                .push(msg.clone());
            m.general.push(msg);
            render(StatusCode::CONFLICT, &m, &posted_version)
        }
        Ok(Err(Refused::Failed(d))) => {
            let m = Messages {
                general: vec![Message {
                    error: true,
                    text: format!("{}：{}", d.file, d.message),
                }],
                ..Messages::default()
            };
            render(StatusCode::INTERNAL_SERVER_ERROR, &m, &posted_version)
        }
        Err(_) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            &v,
            "保存失败",
            "保存时出错，请查看运行 dangjian serve 的终端。",
        ),
    }
}

pub(super) async fn delete(State(wb): State<Shared>, v: Visitor, Form(pairs): Pairs) -> Response {
    let values = FormValues::from_pairs(pairs);
    let rel = values.get("_path").to_owned();
    let kind = match record_at(&rel, &v, StatusCode::BAD_REQUEST, "无法删除") {
        Ok(k) => k,
        Err(r) => return r,
    };
    let site = match read_site(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let owner: Vec<String> = todo::branch_of_file(&site, &rel).into_iter().collect();
    let owner_refs: Vec<&str> = owner.iter().map(String::as_str).collect();
    if !v.may_edit(kind, &owner_refs) || (kind == RecordKind::Branch && !v.is_admin()) {
        return forbidden(&v);
    }
    let doc_values = std::fs::read_to_string(site.root.join(&rel))
        .ok()
        .and_then(|t| Document::parse(&rel, &t).ok())
        .map(|d| values::read(kind, &d))
        .unwrap_or_default();
    let what = naming::describe(&site, kind, &doc_values, &rel);
    let message = naming::commit_message(Action::Delete, kind, &what);
    let expected = Version::from_string(values.get("_version").to_owned());
    let root = wb.root.clone();
    let author = v.author();
    let rel2 = rel.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        let deleted = save::delete(&root, &rel2, &expected, &author, &message);
        (deleted, std::time::Instant::now())
    })
    .await;
    match outcome.map(|(d, at)| d.map(|_| at)) {
        Ok(Ok(removed)) => {
            let wb2 = wb.clone();
            let _ = tokio::task::spawn_blocking(move || (wb2.after_save)(Some(removed))).await;
            Redirect::to(&format!("/_/list/{}", kind.id())).into_response()
        }
        Ok(Err(Refused::Conflict { .. })) => problem(
            StatusCode::CONFLICT,
            &v,
            "没有删除：文件已被修改",
            "确认删除之后，这个文件又被修改过。请重新打开记录查看后再决定。",
        ),
        Ok(Err(Refused::Invalid(diags))) => {
            let items: Vec<String> = diags
                .iter()
                .map(|d| format!("{}：{}", d.file, d.message))
                .collect();
            problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                &v,
                "没有删除",
                &items.join("；"),
            )
        }
        Ok(Err(Refused::Taken(r))) => problem(StatusCode::CONFLICT, &v, "没有删除", &r),
        Ok(Err(Refused::Failed(d))) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            &v,
            "没有删除",
            &d.message,
        ),
        Err(_) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            &v,
            "删除失败",
            "请查看运行 dangjian serve 的终端。",
        ),
    }
}

pub(super) async fn restore(State(wb): State<Shared>, v: Visitor, Form(pairs): Pairs) -> Response {
    let values = FormValues::from_pairs(pairs);
    let rel = values.get("_path").to_owned();
    let commit = values.get("commit").to_owned();
    let kind = match record_at(&rel, &v, StatusCode::BAD_REQUEST, "无法恢复") {
        Ok(k) => k,
        Err(r) => return r,
    };
    if !commit.chars().all(|c| c.is_ascii_hexdigit()) || commit.len() < 7 {
        return problem(StatusCode::BAD_REQUEST, &v, "无法恢复", "版本号无效。");
    }
    let site = match read_site(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let root = wb.root.clone();
    let (rel2, commit2) = (rel.clone(), commit.clone());
    let old_text = tokio::task::spawn_blocking(move || git::text_at(&root, &commit2, &rel2))
        .await
        .ok()
        .flatten();
    let Some(old_text) = old_text else {
        return problem(
            StatusCode::NOT_FOUND,
            &v,
            "无法恢复",
            "历史中找不到这个版本。",
        );
    };
    let old_values = Document::parse(&rel, &old_text)
        .map(|d| values::read(kind, &d))
        .unwrap_or_default();
    let mut owner: Vec<String> = todo::branch_of_file(&site, &rel).into_iter().collect();
    if kind != RecordKind::Branch {
        owner.push(old_values.get("branch").to_owned());
    }
    owner.retain(|b| !b.is_empty());
    let owner_refs: Vec<&str> = owner.iter().map(String::as_str).collect();
    if !v.may_edit(kind, &owner_refs) {
        return forbidden(&v);
    }
    let exists = site.root.join(&rel).is_file();
    let what = naming::describe(&site, kind, &old_values, &rel);
    let short: String = commit.chars().take(7).collect();
    let change = Change {
        old_rel: exists.then(|| rel.clone()),
        expected: save::version_of(&site.root, &rel),
        new_rel: rel.clone(),
        text: old_text,
        author: v.author(),
        message: format!(
            "{}（恢复到 {short} 的版本）",
            naming::commit_message(Action::Restore, kind, &what)
        ),
    };
    let root = wb.root.clone();
    match tokio::task::spawn_blocking(move || save::save(&root, change)).await {
        Ok(Ok(saved)) => {
            let wb2 = wb.clone();
            let written = saved.written_at;
            let _ = tokio::task::spawn_blocking(move || (wb2.after_save)(written)).await;
            Redirect::to(&format!(
                "/_/edit?path={}&saved=1",
                url_component(&saved.rel)
            ))
            .into_response()
        }
        Ok(Err(Refused::Invalid(diags))) => {
            let items: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
            problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                &v,
                "不能恢复到这个版本",
                &format!("这个版本与现在的其他记录不相符：{}", items.join("；")),
            )
        }
        Ok(Err(_)) | Err(_) => problem(
            StatusCode::CONFLICT,
            &v,
            "没有恢复",
            "文件刚被修改过，请刷新历史页面后再试。",
        ),
    }
}

/// The body as the site will show it, for the editor's 预览 button.
pub(super) async fn preview(_signed_in: Visitor, Form(pairs): Pairs) -> Response {
    let values = FormValues::from_pairs(pairs);
    let opts = crate::markup::html::HtmlOptions {
        number_headings: true,
        // The form's own choice, so that the preview numbers items as the document will.
        numbering: crate::markup::numbering::Numbering::parse(values.get("numbering"))
            .unwrap_or_default(),
        heading_offset: 1,
        resolve: &|_| None,
    };
    Html(crate::markup::html::to_html(
        values.get(values::BODY),
        &opts,
    ))
    .into_response()
}
