//! The workbench's pages other than the form itself: 待办, record lists, the refused save with
//! both versions, delete confirmation, and a record's history.

use super::form::url_component;
use super::{esc, message_box};
use crate::workbench::todo::{Owed, Urgency};

/// The 待办 list: for one branch grouped by urgency; for the whole committee one closable
/// group per branch (open where something was missed), so that 15 branches stay readable.
pub(crate) fn todo(items: &[Owed], whole_committee: bool) -> String {
    if items.is_empty() {
        return "<div class=\"notice-ok\">目前没有待办事项：各项制度按期落实，记录完整。</div>"
            .to_owned();
    }
    if !whole_committee {
        return by_urgency(items);
    }
    let mut branches: Vec<(usize, &str, &str)> = Vec::new();
    for o in items {
        if !branches.iter().any(|(_, id, _)| *id == o.branch) {
            branches.push((o.order, &o.branch, &o.branch_name));
        }
    }
    branches.sort();
    let mut s = String::new();
    for (_, id, name) in branches {
        let own: Vec<Owed> = items.iter().filter(|o| o.branch == id).cloned().collect();
        let count = |u: Urgency| own.iter().filter(|o| o.urgency == u).count();
        let parts: Vec<String> = [
            Urgency::Missed,
            Urgency::Due,
            Urgency::Term,
            Urgency::Record,
        ]
        .into_iter()
        .filter(|u| count(*u) > 0)
        .map(|u| format!("{} {}", u.label(), count(u)))
        .collect();
        let open = if count(Urgency::Missed) > 0 {
            " open"
        } else {
            ""
        };
        s.push_str(&format!(
            "<details class=\"panel\"{open}><summary><strong>{}</strong>　{}</summary>{}</details>",
            esc(name),
            esc(&parts.join(" · ")),
            by_urgency(&own)
        ));
    }
    s
}

fn by_urgency(items: &[Owed]) -> String {
    let mut s = String::new();
    for urgency in [
        Urgency::Missed,
        Urgency::Due,
        Urgency::Term,
        Urgency::Record,
    ] {
        let group: Vec<&Owed> = items.iter().filter(|o| o.urgency == urgency).collect();
        if group.is_empty() {
            continue;
        }
        let class = match urgency {
            Urgency::Missed => "tag missed",
            Urgency::Due | Urgency::Term => "tag due",
            Urgency::Record => "tag",
        };
        s.push_str(&format!(
            "<ul class=\"todo\" aria-label=\"{}\">",
            urgency.label()
        ));
        for o in group {
            s.push_str(&format!(
                "<li><span><span class=\"{class}\">{}</span> {}</span><a class=\"button\" href=\"{}\">{}</a></li>",
                urgency.label(),
                esc(&o.text),
                esc(&o.action),
                esc(&o.action_label)
            ));
        }
        s.push_str("</ul>");
    }
    s
}

/// A table of records: a header row and rows of already formatted cells; the last cell of
/// each row is a link to the record's form.
pub(crate) fn record_table(caption: &str, head: &[&str], rows: &[(Vec<String>, String)]) -> String {
    if rows.is_empty() {
        return "<p>还没有记录。</p>".to_owned();
    }
    let mut s = format!(
        "<div class=\"scroll\"><table class=\"list\"><caption class=\"skip\">{}</caption><thead><tr>",
        esc(caption)
    );
    for h in head {
        s.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
    }
    s.push_str("<th scope=\"col\">操作</th></tr></thead><tbody>");
    for (cells, path) in rows {
        s.push_str("<tr>");
        for c in cells {
            s.push_str(&format!("<td>{}</td>", esc(c)));
        }
        s.push_str(&format!(
            "<td><a href=\"/_/edit?path={}\">修改</a></td></tr>",
            esc(&url_component(path))
        ));
    }
    s.push_str("</tbody></table></div>");
    s
}

/// The save was refused because the file changed since the form was opened: what differs
/// between the file now and the person's version, both whole, and the person's form (filled
/// with what they typed) to save again on top of the new one.
pub(crate) fn conflict(rel: &str, on_disk: Option<&str>, mine: &str, form: &str) -> String {
    let theirs = match on_disk {
        Some(t) => format!("<pre>{}</pre>", esc(t)),
        None => "<p>文件已被删除。</p>".to_owned(),
    };
    let changes = line_changes(on_disk.unwrap_or_default(), mine);
    format!(
        "{}<section class=\"panel\"><h2>两个版本的不同之处</h2><p class=\"hint\">红色是现在文件中有、您的版本中没有的行；绿色是您的版本新写的行。</p><pre class=\"diff\">{changes}</pre></section>\
<div class=\"versions\"><section><h2>现在文件中的内容（他人修改后）</h2>{theirs}</section>\
<section><h2>您要保存的内容</h2><pre>{}</pre></section></div>\
<h2>您填写的表单</h2><p>下面的表单保留了您填写的内容。核对上面两个版本后，再次保存将以您的内容为准。</p>{form}",
        message_box(
            "notice-bad",
            "没有保存：打开表单之后，这个文件已被修改",
            &[format!(
                "文件 {rel} 在您编辑期间被他人（或 git pull）修改过。为了不覆盖别人的修改，这次保存被拒绝。"
            )]
        ),
        esc(mine),
    )
}

/// The lines that differ, marked as removed (the file's) and added (the form's).
fn line_changes(theirs: &str, mine: &str) -> String {
    let diff = similar::TextDiff::from_lines(theirs, mine);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        let (class, sign) = match change.tag() {
            similar::ChangeTag::Delete => ("del", "-"),
            similar::ChangeTag::Insert => ("add", "+"),
            similar::ChangeTag::Equal => continue,
        };
        out.push_str(&format!(
            "<span class=\"{class}\">{sign} {}</span>\n",
            esc(change.value().trim_end_matches('\n'))
        ));
    }
    if out.is_empty() {
        out.push_str("（内容相同）");
    }
    out
}

/// Asks before a record is deleted.
pub(crate) fn delete_confirm(rel: &str, what: &str, version: &str, csrf: &str) -> String {
    format!(
        "<div class=\"panel\"><p>确定删除 <strong>{}</strong>（{}）吗？</p>\
<p>删除会作为一次提交记入历史，以后可以从历史中恢复。</p>\
<form method=\"post\" action=\"/_/delete\" class=\"actions\">\
<input type=\"hidden\" name=\"_path\" value=\"{}\"><input type=\"hidden\" name=\"_version\" value=\"{}\">\
<input type=\"hidden\" name=\"_csrf\" value=\"{}\">\
<button class=\"danger\" type=\"submit\">确认删除</button>\
<a class=\"button\" href=\"/_/edit?path={}\">取消</a></form></div>",
        esc(what),
        esc(rel),
        esc(rel),
        esc(version),
        esc(csrf),
        esc(&url_component(rel))
    )
}

/// One revision in a record's history.
pub(crate) struct RevisionView {
    pub(crate) commit: String,
    pub(crate) short: String,
    pub(crate) author: String,
    pub(crate) when: String,
    pub(crate) message: String,
    pub(crate) diff: String,
}

pub(crate) fn history(rel: &str, revisions: &[RevisionView], csrf: &str, is_repo: bool) -> String {
    if !is_repo {
        return "<div class=\"notice-warn\">这个站点不是 git 仓库，没有修改历史。用 <code>git init</code> 建立仓库后，每次保存都会记入历史。</div>".to_owned();
    }
    if revisions.is_empty() {
        return "<p>这个文件还没有提交记录。</p>".to_owned();
    }
    let mut s = String::new();
    for (i, r) in revisions.iter().enumerate() {
        let restore = if i == 0 {
            "<p><strong>当前版本</strong></p>".to_owned()
        } else {
            format!(
                "<form method=\"post\" action=\"/_/restore\"><input type=\"hidden\" name=\"_path\" value=\"{}\">\
<input type=\"hidden\" name=\"commit\" value=\"{}\"><input type=\"hidden\" name=\"_csrf\" value=\"{}\">\
<button type=\"submit\">恢复到这个版本</button></form>",
                esc(rel),
                esc(&r.commit),
                esc(csrf)
            )
        };
        s.push_str(&format!(
            "<section class=\"panel\"><h2>{} · {}</h2><p>{}（{}）</p>{restore}<details><summary>查看改动</summary><pre class=\"diff\">{}</pre></details></section>",
            esc(&r.when),
            esc(&r.author),
            esc(&r.message),
            esc(&r.short),
            diff_html(&r.diff)
        ));
    }
    s
}

fn diff_html(diff: &str) -> String {
    diff.lines()
        .filter(|l| !l.starts_with("+++") && !l.starts_with("---"))
        .map(|l| {
            let class = if l.starts_with('+') {
                Some("add")
            } else if l.starts_with('-') {
                Some("del")
            } else {
                None
            };
            match class {
                Some(c) => format!("<span class=\"{c}\">{}</span>\n", esc(l)),
                None => format!("{}\n", esc(l)),
            }
        })
        .collect()
}
