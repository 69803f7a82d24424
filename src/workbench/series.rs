//! The notice series (`[notices.series.<id>]`, 函 with their own 代字) in the workbench: a new
//! notice is started in one series, whose next free number the form proposes. The series is
//! chosen before the form opens (one "新增" button per series, or the links on the form) and
//! not by a select inside it, because the proposed number belongs to the series: a select
//! changed after the number was filled in would leave a number of the other series.

use super::html::esc;
use super::schema::RecordKind;
use super::values::FormValues;
use crate::Site;
use crate::config::NoticeSeries;

/// The form value that carries the series of a new notice (`han`; empty = the main series).
pub(crate) const FIELD: &str = "_series";

/// The declared series a query or form names, if any.
pub(crate) fn chosen<'a>(site: &'a Site, values: &FormValues) -> Option<&'a NoticeSeries> {
    let id = values.get(FIELD).trim();
    let id = if id.is_empty() {
        values.get("series").trim()
    } else {
        id
    };
    site.config.notices.series(id)
}

/// The "新增" buttons of the notice list: the main series, then one per series.
pub(crate) fn new_buttons(site: &Site) -> String {
    let kind = RecordKind::Notice.id();
    let mut out = format!(
        "<div class=\"actions\"><a class=\"button primary\" href=\"/_/new/{kind}\">新增通知</a>"
    );
    for s in &site.config.notices.series {
        out.push_str(&format!(
            " <a class=\"button\" href=\"/_/new/{kind}?series={}\">新增{}（{}）</a>",
            esc(&s.id),
            esc(&s.name),
            esc(&s.prefix)
        ));
    }
    out.push_str("</div>");
    out
}

/// On a new notice's form when the site has series: which series it is numbered in, kept in a
/// hidden field, with links that start the form over in another series.
pub(crate) fn field(site: &Site, values: &FormValues) -> String {
    let all = &site.config.notices.series;
    if all.is_empty() {
        return String::new();
    }
    let current = chosen(site, values);
    let kind = RecordKind::Notice.id();
    let name = |s: Option<&NoticeSeries>| match s {
        Some(s) => format!("{}（{}）", s.name, s.prefix),
        None => format!("通知（{}）", site.config.organisation.doc_prefix),
    };
    let mut others: Vec<String> = Vec::new();
    if current.is_some() {
        others.push(format!(
            "<a href=\"/_/new/{kind}\">{}</a>",
            esc(&name(None))
        ));
    }
    for s in all
        .iter()
        .filter(|s| Some(s.id.as_str()) != current.map(|c| c.id.as_str()))
    {
        others.push(format!(
            "<a href=\"/_/new/{kind}?series={}\">{}</a>",
            esc(&s.id),
            esc(&name(Some(s)))
        ));
    }
    format!(
        "<div class=\"field wide\"><p id=\"field-_series\">文号系列：<strong>{}</strong>\
<input type=\"hidden\" name=\"{FIELD}\" value=\"{}\"></p>\
<p class=\"hint\">文号序号按这个系列取下一个空号。改为：{}</p></div>",
        esc(&name(current)),
        esc(current.map_or("", |s| s.id.as_str())),
        others.join(" · ")
    )
}
