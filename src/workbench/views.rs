//! The workbench's GET pages: 待办, lists, the forms, history, delete confirmation.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::document::Document;
use super::html::form::{Messages, RecordForm, record_form};
use super::html::{Section, Viewer, esc, frame, message_box, pages};
use super::schema::RecordKind;
use super::values::FormValues;
use super::visitor::Visitor;
use super::{Shared, git, offers, save, todo};
use chrono::Datelike;

use crate::Site;

type Pairs = Query<Vec<(String, String)>>;

pub(super) fn viewer(v: &Visitor) -> Viewer<'_> {
    Viewer {
        name: &v.name,
        can_sign_out: !v.local,
        csrf: &v.csrf,
    }
}

/// A whole page.
pub(super) fn page(title: &str, section: Section, v: &Visitor, body: &str) -> Html<String> {
    Html(frame(title, section, Some(&viewer(v)), body))
}

/// A page that says what went wrong, with its status.
pub(super) fn problem(status: StatusCode, v: &Visitor, title: &str, text: &str) -> Response {
    let body = format!(
        "<h1>{}</h1><div class=\"notice-bad\" role=\"alert\">{}</div><p><a href=\"/_/\">回到工作台</a></p>",
        esc(title),
        esc(text)
    );
    (status, page(title, Section::None, v, &body)).into_response()
}

/// The site checked as `check` checks it, with what the checks found, or a page listing why
/// `site.toml` cannot be read.
pub(super) async fn load(
    wb: &Shared,
    v: &Visitor,
) -> Result<(Site, Vec<crate::diagnostics::Diagnostic>), Response> {
    load_site(wb, v, true).await
}

/// The site as [`load`] gives it, for a page that shows no warnings: the records are not
/// checked against each other.
pub(super) async fn read_site(wb: &Shared, v: &Visitor) -> Result<Site, Response> {
    load_site(wb, v, false).await.map(|(site, _)| site)
}

async fn load_site(
    wb: &Shared,
    v: &Visitor,
    checked: bool,
) -> Result<(Site, Vec<crate::diagnostics::Diagnostic>), Response> {
    let wb2 = wb.clone();
    let loaded = tokio::task::spawn_blocking(move || wb2.load(checked)).await;
    match loaded {
        Ok(Ok((site, diags))) => Ok((site, diags.into_iter().collect())),
        Ok(Err(diags)) => {
            let items: Vec<String> = diags
                .iter()
                .map(|d| format!("{}：{}", d.file, d.message))
                .collect();
            Err(problem(
                StatusCode::INTERNAL_SERVER_ERROR,
                v,
                "站点设置有错误",
                &items.join("；"),
            ))
        }
        Err(_) => Err(problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            v,
            "读取站点失败",
            "读取记录时出错，请查看运行 dangjian serve 的终端。",
        )),
    }
}

/// The kind of the record file `rel` (a path inside one of the record folders), or the page
/// saying it is none, with `status` and `title`.
// The error is the page to answer with, made once per request: boxing it gains nothing.
#[allow(clippy::result_large_err)]
pub(super) fn record_at(
    rel: &str,
    v: &Visitor,
    status: StatusCode,
    title: &str,
) -> Result<RecordKind, Response> {
    RecordKind::of_path(rel)
        .ok_or_else(|| problem(status, v, title, &format!("“{rel}”不是一条记录。")))
}

/// The record kind a URL names (`/_/list/activity`), or the page saying there is none.
#[allow(clippy::result_large_err)]
fn kind_named(id: &str, v: &Visitor) -> Result<RecordKind, Response> {
    RecordKind::from_id(id)
        .ok_or_else(|| problem(StatusCode::NOT_FOUND, v, "没有这个页面", "记录类型不存在。"))
}

fn section_of(kind: RecordKind) -> Section {
    match kind {
        RecordKind::Activity => Section::Activities,
        RecordKind::Branch => Section::Branches,
        RecordKind::Brand => Section::Brands,
        RecordKind::Notice => Section::Notices,
        RecordKind::AnnualData | RecordKind::Narrative => Section::Annual,
        RecordKind::Checklist => Section::Checklists,
        RecordKind::Member => Section::Members,
    }
}

pub(super) async fn home(State(wb): State<Shared>, v: Visitor) -> Response {
    let (site, diags) = match load(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let only = v.branch.as_deref();
    let items = todo::owed(&site, &diags, only);
    let scope = match only {
        Some(id) => site.corpus.branch_display_name(id),
        None => "全院各支部".to_owned(),
    };
    let mut body = format!(
        "<h1>待办 · {}</h1><p>截至 {}。按时间要求列出应开展而未开展的活动、需换届的支部和待完善的记录；点按钮打开已填好的表单。</p>",
        esc(&scope),
        crate::format::cn_date(site.as_of)
    );
    body.push_str("<div class=\"actions\"><a class=\"button primary\" href=\"/_/new/activity");
    if let Some(id) = only {
        body.push_str(&format!(
            "?branch={}",
            esc(&super::html::form::url_component(id))
        ));
    }
    body.push_str("\">记录一次活动</a>");
    if v.is_admin() {
        body.push_str("<a class=\"button\" href=\"/_/new/notice\">起草通知</a>");
    }
    body.push_str("</div>");
    if let Some(status) = super::backup::status(&site.root).filter(|s| !s.ok()) {
        body.push_str(&format!(
            "<div class=\"notice-warn\" role=\"status\">备份推送失败（{}）：{}。记录已保存在本机，下次保存时或 5 分钟后自动重试。</div>",
            status.when.format("%Y-%m-%d %H:%M"),
            esc(status.error.as_deref().unwrap_or_default())
        ));
    }
    body.push_str(&pages::todo(&items, only.is_none()));
    page("待办", Section::Home, &v, &body).into_response()
}

pub(super) async fn branch_todo(
    State(wb): State<Shared>,
    v: Visitor,
    Path(branch): Path<String>,
) -> Response {
    let (site, diags) = match load(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let Some(b) = site.corpus.branch(&branch) else {
        return problem(
            StatusCode::NOT_FOUND,
            &v,
            "没有这个支部",
            &format!("支部标识“{branch}”不存在。"),
        );
    };
    let items = todo::owed(&site, &diags, Some(&b.id));
    let body = format!(
        "<h1>待办 · {}</h1>{}",
        esc(b.display_name()),
        pages::todo(&items, false)
    );
    page("待办", Section::Home, &v, &body).into_response()
}

pub(super) async fn list(
    State(wb): State<Shared>,
    v: Visitor,
    Path(kind): Path<String>,
    Query(q): Pairs,
) -> Response {
    let kind = match kind_named(&kind, &v) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let site = match read_site(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let q = FormValues::from_pairs(q);
    let body = super::views_list::list_body(&site, kind, &q, &v);
    page(kind.label(), section_of(kind), &v, &body).into_response()
}

pub(super) async fn new_form(
    State(wb): State<Shared>,
    v: Visitor,
    Path(kind): Path<String>,
    Query(q): Pairs,
) -> Response {
    let kind = match kind_named(&kind, &v) {
        Ok(k) => k,
        Err(r) => return r,
    };
    let site = match read_site(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let mut q = FormValues::from_pairs(q);
    if let (Some(own), true) = (&v.branch, q.get("branch").is_empty()) {
        q.set("branch", own.clone());
    }
    let values = offers::prefill(&site, kind, &q, site.as_of);
    let body = form_page(&site, kind, None, "", &values, &Messages::default(), &v, "");
    page(
        &format!("新增{}", kind.label()),
        section_of(kind),
        &v,
        &body,
    )
    .into_response()
}

pub(super) async fn edit_form(State(wb): State<Shared>, v: Visitor, Query(q): Pairs) -> Response {
    let q = FormValues::from_pairs(q);
    let rel = q.get("path").to_owned();
    let kind = match record_at(&rel, &v, StatusCode::NOT_FOUND, "打不开这个文件") {
        Ok(k) => k,
        Err(r) => return r,
    };
    let (site, diags) = match load(&wb, &v).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    // A person's record (birth year, the steps of 发展党员) is for the 党建办 and the person's
    // own branch, not for every secretary.
    let own_branch = v.branch.as_deref();
    if kind == RecordKind::Member
        && own_branch.is_some()
        && todo::branch_of_file(&site, &rel).as_deref() != own_branch
    {
        return problem(
            StatusCode::FORBIDDEN,
            &v,
            "无权查看",
            "党员个人记录只对党建办和本支部开放。",
        );
    }
    let text = match std::fs::read_to_string(site.root.join(&rel)) {
        Ok(t) => t,
        Err(_) => {
            return problem(
                StatusCode::NOT_FOUND,
                &v,
                "打不开这个文件",
                &format!("文件 {rel} 不存在或无法读取。"),
            );
        }
    };
    let doc = match Document::parse(&rel, &text) {
        Ok(d) => d,
        Err(e) => {
            return problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                &v,
                "这个文件无法在表单中打开",
                &format!("{rel}：{e}。请用文本编辑器修正，或运行 dangjian check 查看详情。"),
            );
        }
    };
    let values = match site.corpus.checklists.iter().find(|c| c.file == rel) {
        Some(c) if kind == RecordKind::Checklist => {
            let year = super::scores::year_of(&q, c, site.as_of.year());
            super::scores::read(&doc, c, year)
        }
        _ => super::values::read(kind, &doc),
    };
    let version = save::version_of(&site.root, &rel);
    let banner = if q.get("saved") == "1" {
        saved_banner(&site, kind, &rel)
    } else {
        String::new()
    };
    // What `check` says about the file now, beside its fields.
    let own: Vec<_> = diags.into_iter().filter(|d| d.file == rel).collect();
    let messages = super::actions::messages_for(kind, &text, &own);
    let body = form_page(
        &site,
        kind,
        Some(&rel),
        version.as_str(),
        &values,
        &messages,
        &v,
        &banner,
    );
    page(
        &format!("修改{}", kind.label()),
        section_of(kind),
        &v,
        &body,
    )
    .into_response()
}

/// After a save: where the record shows on the site.
fn saved_banner(site: &Site, kind: RecordKind, rel: &str) -> String {
    let link = super::views_list::site_url(site, kind, rel)
        .map(|u| format!(" <a href=\"{}\">在网站上查看</a>", esc(&u)))
        .unwrap_or_default();
    format!("<div class=\"notice-ok\" role=\"status\">已保存。{link}</div>")
}

/// A record's form page: heading, any banner, messages without a field, the form.
#[allow(clippy::too_many_arguments)]
pub(super) fn form_page(
    site: &Site,
    kind: RecordKind,
    path: Option<&str>,
    version: &str,
    values: &FormValues,
    messages: &Messages,
    v: &Visitor,
    banner: &str,
) -> String {
    let branch = values.get("branch").trim().to_owned();
    let owner = if kind == RecordKind::Branch {
        path.and_then(|p| todo::branch_of_file(site, p))
    } else {
        Some(branch.clone())
    };
    let branches: Vec<&str> = owner
        .iter()
        .map(String::as_str)
        .filter(|b| !b.is_empty())
        .collect();
    let may_edit = v.may_edit(kind, &branches)
        || (path.is_none() && kind == RecordKind::Branch && v.is_admin());
    if let Some(c) = path.and_then(|p| site.corpus.checklists.iter().find(|c| c.file == p)) {
        let year = super::scores::year_of(values, c, site.as_of.year());
        let form = super::scores::form(c, &c.file, version, year, values, messages, &v.csrf);
        let general: Vec<String> = messages.general.iter().map(|m| m.text.clone()).collect();
        return format!(
            "<h1>{} · {year} 年度得分</h1><p class=\"hint\">文件：{}</p>{banner}{}{form}",
            esc(&c.title),
            esc(&c.file),
            message_box("notice-bad", "请修改标红的项目", &general)
        );
    }
    let offers = offers::offers(site, Some(&branch));
    let attendance = (kind == RecordKind::Activity)
        .then(|| offers::attendance_view(site, values, path.is_none()))
        .flatten();
    let form = record_form(&RecordForm {
        kind,
        path,
        version,
        values,
        offers: &offers,
        messages,
        attendance,
        csrf: &v.csrf,
        read_only: !may_edit,
    });
    let title = match path {
        Some(p) => format!(
            "<h1>修改{}</h1><p class=\"hint\">文件：{}</p>",
            kind.label(),
            esc(p)
        ),
        None => format!("<h1>新增{}</h1>", kind.label()),
    };
    let general: Vec<String> = messages.general.iter().map(|m| m.text.clone()).collect();
    let errors = messages.general.iter().any(|m| m.error)
        || messages.fields.values().flatten().any(|m| m.error);
    let summary = if errors {
        message_box("notice-bad", "请修改标红的项目", &general)
    } else {
        message_box("notice-warn", "提醒", &general)
    };
    let read_only = if may_edit {
        String::new()
    } else {
        "<div class=\"notice-warn\">只读：您的账户只能修改本支部的活动、品牌和名册。</div>"
            .to_owned()
    };
    let new_id = match (path, kind) {
        (
            None,
            RecordKind::Branch | RecordKind::Brand | RecordKind::Member | RecordKind::Checklist,
        ) => id_field(values, messages),
        (None, RecordKind::AnnualData | RecordKind::Narrative) => year_field(values, messages),
        (None, RecordKind::Notice) => super::series::field(site, values),
        _ => String::new(),
    };
    let form = if new_id.is_empty() {
        form
    } else {
        form.replacen(
            "<input type=\"hidden\" name=\"_csrf\"",
            &format!("{new_id}<input type=\"hidden\" name=\"_csrf\""),
            1,
        )
    };
    let preview = match (kind, path) {
        (RecordKind::Notice, Some(p)) => super::notice_pdf::section(&site.root, p, &v.csrf),
        (RecordKind::Narrative, _) => citable_panel(site, path, values),
        _ => String::new(),
    };
    format!("{title}{banner}{read_only}{summary}{form}{preview}")
}

fn id_field(values: &FormValues, messages: &Messages) -> String {
    let errors: String = messages
        .fields
        .get("_id")
        .into_iter()
        .flatten()
        .map(|m| format!("<p class=\"error\">{}</p>", esc(&m.text)))
        .collect();
    format!(
        "<div class=\"field wide\"><label for=\"field-_id\">标识（文件名）<span class=\"req\" aria-hidden=\"true\">*</span></label>\
<input type=\"text\" id=\"field-_id\" name=\"_id\" value=\"{}\" aria-required=\"true\" aria-describedby=\"field-_id-hint\">\
<p class=\"hint\" id=\"field-_id-hint\">小写拼音、数字和连字符，如 neike-yi；保存后不能修改</p>{errors}</div>",
        esc(values.get("_id"))
    )
}

fn year_field(values: &FormValues, messages: &Messages) -> String {
    let errors: String = messages
        .fields
        .get("_year")
        .into_iter()
        .flatten()
        .map(|m| format!("<p class=\"error\">{}</p>", esc(&m.text)))
        .collect();
    format!(
        "<div class=\"field\"><label for=\"field-_year\">年份<span class=\"req\" aria-hidden=\"true\">*</span></label>\
<input type=\"text\" inputmode=\"numeric\" id=\"field-_year\" name=\"_year\" value=\"{}\" aria-required=\"true\">{errors}</div>",
        esc(values.get("_year"))
    )
}

pub(super) async fn history(State(wb): State<Shared>, v: Visitor, Query(q): Pairs) -> Response {
    let q = FormValues::from_pairs(q);
    let rel = q.get("path").to_owned();
    if let Err(r) = record_at(&rel, &v, StatusCode::NOT_FOUND, "没有这条记录") {
        return r;
    }
    let root = wb.root.clone();
    let rel2 = rel.clone();
    let revisions = tokio::task::spawn_blocking(move || {
        (git::is_repository(&root), git::history(&root, &rel2, 50))
    })
    .await
    .unwrap_or((false, Vec::new()));
    let views: Vec<pages::RevisionView> = revisions
        .1
        .into_iter()
        .map(|r| pages::RevisionView {
            commit: r.commit,
            short: r.short,
            author: r.author_name,
            when: r.when.format("%Y-%m-%d %H:%M").to_string(),
            message: r.message,
            diff: r.diff,
        })
        .collect();
    let body = format!(
        "<h1>修改历史</h1><p class=\"hint\">文件：{}　<a href=\"/_/edit?path={}\">返回表单</a></p>{}",
        esc(&rel),
        esc(&super::html::form::url_component(&rel)),
        pages::history(&rel, &views, &v.csrf, revisions.0)
    );
    page("修改历史", Section::None, &v, &body).into_response()
}

pub(super) async fn delete_confirm(
    State(wb): State<Shared>,
    v: Visitor,
    Query(q): Pairs,
) -> Response {
    let q = FormValues::from_pairs(q);
    let rel = q.get("path").to_owned();
    let kind = match record_at(&rel, &v, StatusCode::NOT_FOUND, "没有这条记录") {
        Ok(k) => k,
        Err(r) => return r,
    };
    if !wb.root.join(&rel).is_file() {
        return problem(
            StatusCode::NOT_FOUND,
            &v,
            "没有这条记录",
            &format!("文件 {rel} 不存在。"),
        );
    }
    let version = save::version_of(&wb.root, &rel);
    let body = format!(
        "<h1>删除{}</h1>{}",
        kind.label(),
        pages::delete_confirm(&rel, kind.label(), version.as_str(), &v.csrf)
    );
    page("删除", section_of(kind), &v, &body).into_response()
}

/// The figures a narrative may cite, each a button that puts `{{ name }}` at the cursor.
fn citable_panel(site: &Site, path: Option<&str>, values: &FormValues) -> String {
    let year: Option<i32> = path
        .and_then(|p| p.rsplit('/').next())
        .and_then(|f| f.trim_end_matches(".md").parse().ok())
        .or_else(|| values.get("_year").trim().parse().ok());
    let mut names: Vec<(String, String)> = Vec::new();
    if let Some(a) = year.and_then(|y| site.corpus.annual(y)) {
        for f in &a.figures {
            names.push((f.id.value.clone(), format!("{}（{}）", f.label, f.unit)));
        }
        for t in &a.targets {
            names.push((
                t.id.value.clone(),
                format!("{}（实际，{}）", t.label, t.unit),
            ));
        }
    }
    for s in crate::citable::STATS {
        names.push((
            format!("{}{}", crate::citable::PREFIX, s.name),
            s.label.to_owned(),
        ));
    }
    for k in site.config.kinds.names() {
        names.push((
            format!(
                "{}{}{k}",
                crate::citable::PREFIX,
                crate::citable::KIND_PREFIX
            ),
            format!("{k}次数"),
        ));
    }
    let mut s = String::from(
        "<section class=\"panel\" aria-labelledby=\"cite-title\"><h2 id=\"cite-title\">可引用的数字</h2>\
<p class=\"hint\">点一下，把数字的引用插入正文光标处；生成时替换为数值和单位（如 15名），正文里不要再写单位。</p><div class=\"toolbar\">",
    );
    for (name, label) in names {
        s.push_str(&format!(
            "<button type=\"button\" data-insert=\"{{{{ {} }}}}\" title=\"{}\">{}</button>",
            esc(&name),
            esc(&name),
            esc(&label)
        ));
    }
    s.push_str("</div></section>");
    s
}
