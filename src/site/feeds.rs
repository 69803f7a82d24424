//! sitemap.xml and an Atom feed of notices and activities, with absolute URLs from
//! `site.base_url`.

use crate::Site;
use crate::markup::xml::escape;
use crate::site::links;

fn absolute(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path)
}

pub(super) fn sitemap(site: &Site, paths: &[&str]) -> String {
    let base = &site.config.site.base_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        if *p == "404.html" {
            continue;
        }
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&absolute(base, p))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

struct Entry {
    title: String,
    url: String,
    date: chrono::NaiveDate,
    summary: String,
}

/// The 50 newest notices and activities. Dates are the records' own, so the feed is the same
/// on every build.
pub(super) fn atom(site: &Site) -> String {
    let base = &site.config.site.base_url;
    let org = &site.config.organisation;
    let mut entries: Vec<Entry> = site
        .corpus
        .notices
        .iter()
        .map(|n| Entry {
            title: n.title.clone(),
            url: links::notice(n),
            date: n.date.value,
            summary: n.doc_number(&org.doc_prefix),
        })
        .chain(site.corpus.activities.iter().map(|a| Entry {
            title: a.title.clone(),
            url: links::activity(a),
            date: a.date.value,
            summary: format!(
                    "{} {}",
                    site.corpus
                        .branch(&a.branch.value)
                        .map_or("", |b| b.name.as_str()),
                    a.kind.value
                ),
        }))
        .collect();
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.url.cmp(&b.url)));
    entries.truncate(50);
    let updated = entries.first().map_or(site.as_of, |e| e.date);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        escape(&site.config.site.title),
        escape(&absolute(base, "index.html")),
        escape(&absolute(base, "index.html")),
        escape(&org.name)
    );
    for e in entries {
        let url = escape(&absolute(base, &e.url));
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            escape(&e.title),
            e.date,
            escape(&e.summary)
        ));
    }
    out.push_str("</feed>\n");
    out
}
