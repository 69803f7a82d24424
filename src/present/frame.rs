//! What every page has besides its view: where it is published, the prefix back to the site
//! root, its title, the navigation section it belongs to and its breadcrumb trail.

use serde::Serialize;

use super::links;
use super::rows::Crumb;

#[derive(Debug, Serialize)]
pub(crate) struct Frame {
    /// The prefix that leads from the page back to the site root.
    pub root: String,
    /// The page's path (and URL) relative to the site root.
    pub page_url: String,
    pub title: String,
    /// The navigation section shown as current ("" for none).
    pub section: &'static str,
    pub crumbs: Vec<Crumb>,
}

impl Frame {
    pub(crate) fn new(
        path: String,
        title: impl Into<String>,
        section: &'static str,
        crumbs: Vec<Crumb>,
    ) -> Frame {
        Frame {
            root: links::root_of(&path),
            page_url: path,
            title: title.into(),
            section,
            crumbs,
        }
    }
}

/// A page: its frame and its view, serialised side by side.
#[derive(Serialize)]
pub(crate) struct Page<V> {
    #[serde(flatten)]
    pub frame: Frame,
    #[serde(flatten)]
    pub view: V,
}

impl<V> Page<V> {
    pub(crate) fn new(frame: Frame, view: V) -> Page<V> {
        Page { frame, view }
    }
}

/// The trail every page starts with.
pub(crate) fn home() -> Vec<Crumb> {
    vec![super::rows::crumb("首页", links::home())]
}

/// The search page: the search UI is all it has.
#[derive(Serialize)]
pub(crate) struct Empty {}

pub(crate) fn search() -> Page<Empty> {
    Page::new(
        Frame::new(links::search(), "全文搜索", "search", home()),
        Empty {},
    )
}

#[derive(Serialize)]
pub(crate) struct NotFound {
    pub site_title: String,
}

pub(crate) fn not_found(ctx: &super::Context<'_>) -> Page<NotFound> {
    Page::new(
        Frame::new("404.html".into(), "页面不存在", "", home()),
        NotFound {
            site_title: ctx.site.config.site.title.clone(),
        },
    )
}

/// What every page of the website shows around its own content: the site's and the
/// organisation's names, the navigation and the as-of date.
#[derive(Serialize)]
pub(crate) struct SiteView {
    pub site_title: String,
    pub org_name: String,
    pub hospital: String,
    pub nav: Vec<NavItem>,
    pub as_of: String,
}

#[derive(Serialize)]
pub(crate) struct NavItem {
    /// The section a page names to be shown as current.
    pub id: &'static str,
    pub title: &'static str,
    pub url: String,
}

pub(crate) fn site(ctx: &super::Context<'_>) -> SiteView {
    let s = ctx.site;
    let item = |id, title, url| NavItem { id, title, url };
    let mut nav = vec![
        item("home", "首页", links::home()),
        item("branches", "党支部", links::branches()),
        item("activities", "支部活动", links::activities()),
        item("brands", "支部品牌", links::brands()),
        item("notices", "通知文件", links::notices()),
        item("annual", "年度报告", links::annuals()),
        item("checklists", "考核清单", links::checklists()),
    ];
    // The change history has a page only where there is one.
    if !ctx.history.is_empty() {
        nav.push(item("history", "修订记录", links::history()));
    }
    nav.push(item("search", "搜索", links::search()));
    SiteView {
        site_title: s.config.site.title.clone(),
        org_name: s.config.organisation.name.clone(),
        hospital: s.config.organisation.hospital.clone(),
        nav,
        as_of: crate::format::cn_date(s.as_of),
    }
}
