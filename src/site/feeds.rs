//! sitemap.xml and the Atom feed, written from what `present::feed` prepared.

use crate::markup::xml::escape;
use crate::present::feed::FeedView;

pub(super) fn sitemap(urls: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        out.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(url)));
    }
    out.push_str("</urlset>\n");
    out
}

pub(super) fn atom(feed: &FeedView) -> String {
    let home = escape(&feed.home);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n  <title>{}</title>\n  <id>{home}</id>\n  <link href=\"{home}\"/>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n",
        escape(&feed.title),
        feed.updated,
        escape(&feed.author)
    );
    for e in &feed.entries {
        let url = escape(&e.url);
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&e.title),
            e.updated,
            escape(&e.summary)
        ));
    }
    out.push_str("</feed>\n");
    out
}
