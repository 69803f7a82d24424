//! The machine-read indexes of the site: the sitemap's addresses and the Atom feed's entries,
//! chosen, ordered and made absolute (from `site.base_url`) here, so that the website only
//! writes them as XML.

use crate::loaded::Site;
use crate::present::links;

/// The newest records the feed carries.
const FEED_ENTRIES: usize = 50;

fn absolute(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path)
}

/// The absolute address of every published page but the 404 page, in `paths`' order.
pub(crate) fn sitemap(site: &Site, paths: &[&str]) -> Vec<String> {
    let base = &site.config.site.base_url;
    paths
        .iter()
        .filter(|p| **p != "404.html")
        .map(|p| absolute(base, p))
        .collect()
}

pub(crate) struct FeedView {
    pub title: String,
    /// The site's home page: the feed's id and link.
    pub home: String,
    pub author: String,
    /// `2024-03-15T00:00:00Z`: the newest entry's date (records carry dates, not times).
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

pub(crate) struct FeedEntry {
    pub title: String,
    pub url: String,
    pub updated: String,
    pub summary: String,
}

fn timestamp(d: chrono::NaiveDate) -> String {
    format!("{d}T00:00:00Z")
}

/// The newest notices and activities. Dates are the records' own, so the feed is the same on
/// every build.
pub(crate) fn feed(site: &Site) -> FeedView {
    let base = &site.config.site.base_url;
    let org = &site.config.organisation;
    let mut entries: Vec<(chrono::NaiveDate, String, String, String)> = site
        .corpus
        .notices
        .iter()
        .map(|n| {
            (
                n.date.value,
                links::notice(n),
                n.title.clone(),
                site.config.doc_number(n),
            )
        })
        .chain(site.corpus.activities.iter().map(|a| {
            let branch = site
                .corpus
                .branch(&a.branch.value)
                .map_or("", |b| b.name.as_str());
            (
                a.date.value,
                links::activity(a),
                a.title.clone(),
                format!("{branch} {}", a.kind.value),
            )
        }))
        .collect();
    entries.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    entries.truncate(FEED_ENTRIES);
    FeedView {
        title: site.config.site.title.clone(),
        home: absolute(base, "index.html"),
        author: org.name.clone(),
        updated: timestamp(entries.first().map_or(site.as_of, |e| e.0)),
        entries: entries
            .into_iter()
            .map(|(date, url, title, summary)| FeedEntry {
                title,
                url: absolute(base, &url),
                updated: timestamp(date),
                summary,
            })
            .collect(),
    }
}
