//! The workbench's pages, written on the server: plain HTML, one stylesheet and one small
//! script, both inside the binary (the workbench works on an intranet without internet).
//! Every text from a record or a request goes through [`esc`].

pub(crate) mod form;
pub(crate) mod pages;

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    crate::markup::xml::escape(s)
}

pub(crate) const CSS: &str = include_str!("../assets/workbench.css");
pub(crate) const JS: &str = include_str!("../assets/workbench.js");

/// Who is signed in, as the frame shows it.
pub(crate) struct Viewer<'a> {
    pub(crate) name: &'a str,
    /// A local session (loopback, no accounts) has nothing to sign out of.
    pub(crate) can_sign_out: bool,
    pub(crate) csrf: &'a str,
}

/// The sections of the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Home,
    Activities,
    Branches,
    Brands,
    Notices,
    Annual,
    Checklists,
    Members,
    None,
}

const NAV: &[(Section, &str, &str)] = &[
    (Section::Home, "/_/", "待办"),
    (Section::Activities, "/_/list/activity", "支部活动"),
    (Section::Branches, "/_/list/branch", "支部"),
    (Section::Brands, "/_/list/brand", "品牌项目"),
    (Section::Notices, "/_/list/notice", "通知"),
    (Section::Annual, "/_/list/annual", "年度数据"),
    (Section::Checklists, "/_/list/checklist", "考核清单"),
    (Section::Members, "/_/list/member", "党员"),
];

/// A whole page around `body`.
pub(crate) fn frame(
    title: &str,
    section: Section,
    viewer: Option<&Viewer<'_>>,
    body: &str,
) -> String {
    let mut nav = String::new();
    if viewer.is_some() {
        for (s, href, label) in NAV {
            let current = if *s == section {
                " aria-current=\"page\""
            } else {
                ""
            };
            nav.push_str(&format!("<a href=\"{href}\"{current}>{label}</a>"));
        }
    }
    let who = match viewer {
        Some(v) if v.can_sign_out => format!(
            "<div class=\"who\"><span>{}</span><a href=\"/\">查看网站</a><form method=\"post\" action=\"/_/logout\"><input type=\"hidden\" name=\"_csrf\" value=\"{}\"><button type=\"submit\">退出</button></form></div>",
            esc(v.name),
            esc(v.csrf)
        ),
        Some(v) => format!(
            "<div class=\"who\"><span>{}</span><a href=\"/\">查看网站</a></div>",
            esc(v.name)
        ),
        None => String::new(),
    };
    let csrf = viewer.map_or(String::new(), |v| {
        format!("<meta name=\"csrf-token\" content=\"{}\">", esc(v.csrf))
    });
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{csrf}\
<title>{} · 党建工作台</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/_/assets/workbench.css\"></head>\
<body><a class=\"skip\" href=\"#main\">跳到正文</a><header class=\"bar\"><div class=\"inner\">\
<a class=\"brand\" href=\"/_/\">党建工作台</a><nav aria-label=\"工作台\">{nav}</nav>{who}</div></header>\
<main id=\"main\">{body}</main><script src=\"/_/assets/workbench.js\"></script></body></html>\n",
        esc(title)
    )
}

/// A list of messages in a box at the top of a page.
pub(crate) fn message_box(class: &str, title: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "<div class=\"{class}\" role=\"alert\"><strong>{}</strong><ul>",
        esc(title)
    );
    for i in items {
        s.push_str(&format!("<li>{}</li>", esc(i)));
    }
    s.push_str("</ul></div>");
    s
}
