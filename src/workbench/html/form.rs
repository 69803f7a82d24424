//! A record's form, drawn from its schema: one labelled input per field, the diagnostics of
//! the last save beside the field they are about, a table editor for rows, the body editor,
//! and for an activity the attendance by ticking names.

use std::collections::BTreeMap;

use super::esc;
use crate::workbench::attendance::{Mode, Tick};
use crate::workbench::schema::{Choices, Field, Input, RecordKind, is_list_column};
use crate::workbench::values::{BODY, FormValues};

/// What selects and suggestions offer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Offers {
    /// (id, name)
    pub(crate) branches: Vec<(String, String)>,
    pub(crate) brands: Vec<(String, String)>,
    pub(crate) kinds: Vec<String>,
    /// Suggestions for text fields by key (recent places, the branch's people).
    pub(crate) suggest: BTreeMap<&'static str, Vec<String>>,
}

/// Messages of the last save, by the form field they are about.
#[derive(Debug, Clone, Default)]
pub(crate) struct Messages {
    pub(crate) fields: BTreeMap<String, Vec<Message>>,
    /// About the record as a whole, or a field the form does not show.
    pub(crate) general: Vec<Message>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Message {
    pub(crate) error: bool,
    pub(crate) text: String,
}

impl Messages {
    fn at(&self, name: &str) -> &[Message] {
        self.fields.get(name).map_or(&[], Vec::as_slice)
    }
}

/// The ticked attendance block of an activity form.
pub(crate) struct AttendanceView {
    pub(crate) mode: Mode,
    /// (mode, ticks) for each list the branch has.
    pub(crate) lists: Vec<(Mode, Vec<Tick>)>,
}

pub(crate) struct RecordForm<'a> {
    pub(crate) kind: RecordKind,
    /// The file being edited; `None` for a new record.
    pub(crate) path: Option<&'a str>,
    pub(crate) version: &'a str,
    pub(crate) values: &'a FormValues,
    pub(crate) offers: &'a Offers,
    pub(crate) messages: &'a Messages,
    pub(crate) attendance: Option<AttendanceView>,
    pub(crate) csrf: &'a str,
    /// Shown without a save button: the account may not change this record.
    pub(crate) read_only: bool,
}

/// The `<form>` element.
pub(crate) fn record_form(f: &RecordForm<'_>) -> String {
    let mut out =
        String::from("<form class=\"record\" method=\"post\" action=\"/_/save\" novalidate>");
    hidden(&mut out, "_kind", f.kind.id());
    hidden(&mut out, "_path", f.path.unwrap_or(""));
    hidden(&mut out, "_version", f.version);
    hidden(&mut out, "_csrf", f.csrf);
    let counted_by_ticks = ["expected", "present", "absentees"];
    let mut attendance_done = false;
    for field in f.kind.fields() {
        if f.attendance.is_some() && counted_by_ticks.contains(&field.key) {
            if !attendance_done {
                attendance_done = true;
                out.push_str(&attendance(f));
            }
            continue;
        }
        out.push_str(&field_html(field, f));
    }
    if f.kind.has_body() {
        // Only documents (notices, the annual summary) have parts.
        let parts = matches!(f.kind, RecordKind::Notice | RecordKind::Narrative);
        out.push_str(&body_editor(f.values.get(BODY), f.messages.at(BODY), parts));
    }
    out.push_str("<div class=\"actions\">");
    if !f.read_only {
        out.push_str("<button class=\"primary\" type=\"submit\">保存</button>");
    }
    match f.path {
        Some(p) => {
            out.push_str(&format!(
                "<a class=\"button\" href=\"/_/history?path={}\">修改历史</a>",
                esc(&url_component(p))
            ));
            if !f.read_only {
                out.push_str(&format!(
                    "<a class=\"button\" href=\"/_/delete?path={}\">删除…</a>",
                    esc(&url_component(p))
                ));
            }
        }
        None => out.push_str("<a class=\"button\" href=\"/_/\">取消</a>"),
    }
    out.push_str("</div></form>");
    out
}

fn hidden(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!(
        "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
        esc(name),
        esc(value)
    ));
}

/// A path for a query string (`content/activities/2025/x.md`).
pub(crate) fn url_component(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn id_of(name: &str) -> String {
    format!("field-{name}")
}

fn messages_html(ms: &[Message]) -> String {
    ms.iter()
        .map(|m| {
            let class = if m.error { "error" } else { "warning" };
            format!("<p class=\"{class}\">{}</p>", esc(&m.text))
        })
        .collect()
}

fn label_html(field: &Field, for_id: &str) -> String {
    let req = if field.required {
        "<span class=\"req\" aria-hidden=\"true\">*</span>"
    } else {
        ""
    };
    format!(
        "<label for=\"{}\">{}{req}</label>",
        esc(for_id),
        esc(field.label)
    )
}

fn field_html(field: &Field, f: &RecordForm<'_>) -> String {
    let name = field.key;
    let id = id_of(name);
    let msgs = f.messages.at(name);
    let has_error = msgs.iter().any(|m| m.error);
    let mut class = String::from("field");
    if matches!(field.input, Input::LongText | Input::Lines) || field.key == "title" {
        class.push_str(" wide");
    }
    if has_error {
        class.push_str(" has-error");
    }
    let hint = if field.hint.is_empty() {
        String::new()
    } else {
        format!("<p class=\"hint\" id=\"{id}-hint\">{}</p>", esc(field.hint))
    };
    let described = if field.hint.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"{id}-hint\"")
    };
    let required = if field.required {
        " aria-required=\"true\""
    } else {
        ""
    };
    let invalid = if has_error {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    let attrs = format!(
        "id=\"{id}\" name=\"{}\"{described}{required}{invalid}",
        esc(name)
    );
    let value = f.values.get(name);
    let control = match field.input {
        Input::Rows(columns) => return rows_html(field, columns, f),
        Input::Text => {
            let list = f.offers.suggest.get(field.key).filter(|l| !l.is_empty());
            let list_attr = list.map_or(String::new(), |_| format!(" list=\"dl-{name}\""));
            let mut s = format!(
                "<input type=\"text\" {attrs}{list_attr} value=\"{}\">",
                esc(value)
            );
            if let Some(list) = list {
                s.push_str(&format!("<datalist id=\"dl-{name}\">"));
                for o in list {
                    s.push_str(&format!("<option value=\"{}\">", esc(o)));
                }
                s.push_str("</datalist>");
            }
            s
        }
        Input::LongText | Input::Lines => {
            format!("<textarea {attrs} rows=\"3\">{}</textarea>", esc(value))
        }
        Input::Date => format!("<input type=\"date\" {attrs} value=\"{}\">", esc(value)),
        Input::Count | Input::Year => format!(
            "<input type=\"text\" inputmode=\"numeric\" {attrs} value=\"{}\">",
            esc(value)
        ),
        Input::Number => format!(
            "<input type=\"text\" inputmode=\"decimal\" {attrs} value=\"{}\">",
            esc(value)
        ),
        Input::Flag | Input::FlagOn => {
            let checked = if value == "true" { " checked" } else { "" };
            return format!(
                "<div class=\"{class}\"><label><input type=\"checkbox\" id=\"{id}\" name=\"{}\" value=\"true\"{checked}{described}> {}</label>{hint}{}</div>",
                esc(name),
                esc(field.label),
                messages_html(msgs)
            );
        }
        Input::TimeRange => {
            let start = f.values.get(&format!("{name}.start"));
            let end = f.values.get(&format!("{name}.end"));
            return format!(
                "<div class=\"{class}\"><span class=\"label\" id=\"{id}-label\">{}</span><div class=\"time-range\">\
<input type=\"time\" id=\"{id}\" name=\"{name}.start\" value=\"{}\" aria-label=\"开始时间\"{described}>\
<span aria-hidden=\"true\">至</span><input type=\"time\" name=\"{name}.end\" value=\"{}\" aria-label=\"结束时间\"></div>{hint}{}</div>",
                esc(field.label),
                esc(start),
                esc(end),
                messages_html(msgs)
            );
        }
        Input::Choice(choices) => select_html(&attrs, choices, value, field.required, f.offers),
    };
    format!(
        "<div class=\"{class}\">{}{control}{hint}{}</div>",
        label_html(field, &id),
        messages_html(msgs)
    )
}

fn options_of(choices: Choices, offers: &Offers) -> Vec<(String, String)> {
    match choices {
        Choices::Branches => offers.branches.clone(),
        Choices::Brands => offers.brands.clone(),
        Choices::ActivityKinds => offers
            .kinds
            .iter()
            .map(|k| (k.clone(), k.clone()))
            .collect(),
        Choices::Fixed(list) => list
            .iter()
            .map(|s| ((*s).to_owned(), (*s).to_owned()))
            .collect(),
    }
}

fn select_html(
    attrs: &str,
    choices: Choices,
    value: &str,
    required: bool,
    offers: &Offers,
) -> String {
    let mut options = options_of(choices, offers);
    // A value the list does not hold (typed in the file) stays selected, so saving the form
    // does not change it behind the person's back; `check` says what is wrong with it.
    if !value.is_empty() && !options.iter().any(|(v, _)| v == value) {
        options.push((value.to_owned(), format!("{value}（不在列表中）")));
    }
    let empty = if required {
        "（请选择）"
    } else {
        "（无）"
    };
    let mut s = format!("<select {attrs}><option value=\"\">{empty}</option>");
    for (v, label) in options {
        let selected = if v == value { " selected" } else { "" };
        s.push_str(&format!(
            "<option value=\"{}\"{selected}>{}</option>",
            esc(&v),
            esc(&label)
        ));
    }
    s.push_str("</select>");
    s
}

fn cell_html(table: &str, column: &Field, index: &str, value: &str, offers: &Offers) -> String {
    let name = format!("{table}.{index}.{}", column.key);
    let attrs = format!(
        "name=\"{}\" aria-label=\"{}\"",
        esc(&name),
        esc(column.label)
    );
    match column.input {
        Input::Choice(choices) => select_html(&attrs, choices, value, column.required, offers),
        Input::Date => format!("<input type=\"date\" {attrs} value=\"{}\">", esc(value)),
        Input::Flag => {
            let checked = if value == "true" { " checked" } else { "" };
            format!("<input type=\"checkbox\" {attrs} value=\"true\"{checked}>")
        }
        Input::Count | Input::Year => format!(
            "<input type=\"text\" inputmode=\"numeric\" {attrs} value=\"{}\">",
            esc(value)
        ),
        Input::Number => format!(
            "<input type=\"text\" inputmode=\"decimal\" {attrs} value=\"{}\">",
            esc(value)
        ),
        _ => {
            let hint = if is_list_column(table, column.key) {
                " placeholder=\"用顿号分隔\""
            } else {
                ""
            };
            format!(
                "<input type=\"text\" {attrs}{hint} value=\"{}\">",
                esc(value)
            )
        }
    }
}

fn row_html(
    field: &Field,
    columns: &[Field],
    index: &str,
    row: &BTreeMap<String, String>,
    f: &RecordForm<'_>,
) -> String {
    let mut s = String::from("<tr>");
    for c in columns {
        let value = row.get(c.key).map_or("", String::as_str);
        let name = format!("{}.{index}.{}", field.key, c.key);
        let msgs = f.messages.at(&name);
        s.push_str(&format!(
            "<td data-label=\"{}\">{}{}{}</td>",
            esc(c.label),
            cell_html(field.key, c, index, value, f.offers),
            thumbnail(field.key, c.key, value),
            messages_html(msgs)
        ));
    }
    s.push_str("<td><button type=\"button\" data-remove-row>删除</button></td></tr>");
    s
}

/// A small picture of an attached photo, beside its path.
fn thumbnail(table: &str, column: &str, path: &str) -> String {
    let lower = path.to_ascii_lowercase();
    let image = [".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e));
    if table != "attachments" || column != "path" || !image {
        return String::new();
    }
    format!(
        "<div class=\"thumbs\"><img src=\"/_/file?path={}\" alt=\"附件预览\" loading=\"lazy\"></div>",
        esc(&url_component(path))
    )
}

/// The upload button of an activity's attachments.
fn upload_html() -> &'static str {
    "<div class=\"field\"><label for=\"upload\">上传照片或签到表</label>\
<input type=\"file\" id=\"upload\" accept=\"image/jpeg,image/png,application/pdf\" multiple aria-describedby=\"upload-hint\">\
<p class=\"hint\" id=\"upload-hint\">JPEG、PNG 照片或 PDF，每个不超过 20 MB；上传后在下表填写说明，保存活动后生效。</p>\
<p id=\"upload-status\" aria-live=\"polite\"></p></div>"
}

fn rows_html(field: &Field, columns: &[Field], f: &RecordForm<'_>) -> String {
    let key = field.key;
    // A row left blank (the spare one every form has) is not shown again after a refused save.
    let rows: Vec<BTreeMap<String, String>> = f
        .values
        .rows(key)
        .into_iter()
        .filter(|r| r.values().any(|v| !v.trim().is_empty()))
        .collect();
    let msgs = f.messages.at(key);
    let mut s = format!(
        "<fieldset class=\"wide\"><legend>{}</legend>",
        esc(field.label)
    );
    if !field.hint.is_empty() {
        s.push_str(&format!("<p class=\"hint\">{}</p>", esc(field.hint)));
    }
    s.push_str(&messages_html(msgs));
    s.push_str("<div class=\"scroll\"><table class=\"rows\"><thead><tr>");
    for c in columns {
        let req = if c.required {
            "<span class=\"req\" aria-hidden=\"true\">*</span>"
        } else {
            ""
        };
        s.push_str(&format!("<th scope=\"col\">{}{req}</th>", esc(c.label)));
    }
    s.push_str("<th scope=\"col\"><span class=\"skip\">操作</span></th></tr></thead>");
    // One blank row is always there, so that a row can be added without the script.
    let next = rows.len() + 1;
    s.push_str(&format!("<tbody id=\"rows-{key}\" data-next=\"{next}\">"));
    for (i, row) in rows.iter().enumerate() {
        s.push_str(&row_html(field, columns, &i.to_string(), row, f));
    }
    s.push_str(&row_html(
        field,
        columns,
        &rows.len().to_string(),
        &BTreeMap::new(),
        f,
    ));
    s.push_str("</tbody></table></div>");
    s.push_str(&format!(
        "<template id=\"tpl-{key}\">{}</template>",
        row_html(field, columns, "__i__", &BTreeMap::new(), f)
    ));
    s.push_str(&format!(
        "<button type=\"button\" data-add-row=\"{key}\">添加一行</button>"
    ));
    if f.kind == RecordKind::Activity && key == "attachments" && !f.read_only {
        s.push_str(upload_html());
    }
    s.push_str("</fieldset>");
    s
}

fn body_editor(body: &str, msgs: &[Message], parts: bool) -> String {
    let buttons = [
        ("# ", "一级标题（一、）"),
        ("## ", "二级标题（（一））"),
        ("### ", "三级标题（1.）"),
        ("#### ", "四级标题（（1））"),
        ("- ", "列表"),
    ];
    let mut s = String::from(
        "<div class=\"field wide\"><label for=\"field-_body\">正文</label>\
<div class=\"toolbar\" role=\"toolbar\" aria-label=\"正文格式\">",
    );
    for (marker, label) in buttons {
        s.push_str(&format!(
            "<button type=\"button\" data-md=\"{marker}\">{label}</button>"
        ));
    }
    // A two-part document (a 总结 and then a 思路): the rule starts the part, the line the
    // cursor lands on is its title (markup::parts).
    if parts {
        s.push_str(
            "<button type=\"button\" data-insert=\"&#10;&#10;---&#10;\" \
title=\"在光标处另起一部分：在新的一行写这一部分的标题，回车后写正文\">另起一部分</button>",
        );
    }
    s.push_str("<button type=\"button\" data-preview>预览</button></div>");
    s.push_str(&format!(
        "<textarea class=\"body\" id=\"field-_body\" name=\"_body\" rows=\"16\">{}</textarea>\
<p class=\"hint\">标题的序号（一、（一）1.）由系统自动加，不要手打。</p>{}\
<div class=\"preview\" id=\"preview\" data-url=\"/_/preview\" hidden aria-live=\"polite\"></div></div>",
        esc(body),
        messages_html(msgs)
    ));
    s
}

fn attendance(f: &RecordForm<'_>) -> String {
    let Some(view) = &f.attendance else {
        return String::new();
    };
    let mut s = String::from(
        "<fieldset id=\"attendance\" class=\"wide\"><legend>出席情况</legend><div class=\"toolbar\">",
    );
    let mut modes: Vec<Mode> = view.lists.iter().map(|(m, _)| *m).collect();
    modes.push(Mode::Manual);
    for mode in &modes {
        let label = match mode {
            Mode::Roster => "按党员名单勾选",
            Mode::Committee => "按支委名单勾选",
            Mode::Manual => "手工填写人数",
        };
        let checked = if *mode == view.mode { " checked" } else { "" };
        s.push_str(&format!(
            "<label><input type=\"radio\" name=\"_attendance\" value=\"{}\"{checked}> {label}</label>",
            mode.id()
        ));
    }
    s.push_str("</div><p class=\"counts\" id=\"attendance-counts\" aria-live=\"polite\"></p>");
    if view.mode != Mode::Manual {
        for key in ["expected", "present", "absentees"] {
            s.push_str(&messages_html(f.messages.at(key)));
        }
    }
    for (mode, ticks) in &view.lists {
        let list = mode.id();
        let hidden_attr = if *mode == view.mode { "" } else { " hidden" };
        s.push_str(&format!(
            "<div class=\"roster\" data-list=\"{list}\"{hidden_attr}>"
        ));
        for (i, t) in ticks.iter().enumerate() {
            let checked = if t.present { " checked" } else { "" };
            let reason_hidden = if t.present { " hidden" } else { "" };
            s.push_str(&format!(
                "<div class=\"person\"><input type=\"hidden\" name=\"_roster.{list}.{i}\" value=\"{0}\">\
<label><input type=\"checkbox\" name=\"_attend.{list}.{i}\" value=\"on\"{checked}> {0}</label>\
<input class=\"reason\" type=\"text\" name=\"_reason.{list}.{i}\" value=\"{1}\" placeholder=\"缺席原因\" aria-label=\"{0} 缺席原因\"{reason_hidden}></div>",
                esc(&t.name),
                esc(&t.reason)
            ));
        }
        s.push_str("</div>");
    }
    let manual_hidden = if view.mode == Mode::Manual {
        ""
    } else {
        " hidden"
    };
    s.push_str(&format!("<div id=\"manual-counts\"{manual_hidden}>"));
    for field in f.kind.fields() {
        if matches!(field.key, "expected" | "present" | "absentees") {
            s.push_str(&field_html(field, f));
        }
    }
    s.push_str("</div></fieldset>");
    s
}
