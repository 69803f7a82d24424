//! What every page has besides its view: where it is published, the prefix back to the site
//! root, its title, the navigation section it belongs to and its breadcrumb trail.

use serde::Serialize;

use super::links;
use super::rows::Crumb;

#[derive(Debug, Serialize)]
pub struct Frame {
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
    pub fn new(
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
pub struct Page<V> {
    #[serde(flatten)]
    pub frame: Frame,
    #[serde(flatten)]
    pub view: V,
}

impl<V> Page<V> {
    pub fn new(frame: Frame, view: V) -> Page<V> {
        Page { frame, view }
    }
}

/// The trail every page starts with.
pub fn home() -> Vec<Crumb> {
    vec![super::rows::crumb("首页", links::home())]
}

/// The search page: the search UI is all it has.
#[derive(Serialize)]
pub struct Empty {}

pub fn search() -> Page<Empty> {
    Page::new(
        Frame::new(links::search(), "全文搜索", "search", home()),
        Empty {},
    )
}

#[derive(Serialize)]
pub struct NotFound {
    pub site_title: String,
}

pub fn not_found(ctx: &super::Context<'_>) -> Page<NotFound> {
    Page::new(
        Frame::new("404.html".into(), "页面不存在", "", home()),
        NotFound {
            site_title: ctx.site.config.site.title.clone(),
        },
    )
}
