//! Every XML file of the site (the feed, the sitemap, each SVG chart) is well-formed XML 1.0
//! whatever the records hold: a control character that TOML lets through as an escape
//! (`\u0001`, `\f`, `\b`) is dropped by the one XML escaper instead of ending up in the file,
//! where it made `feed.xml` ill-formed.

mod support;

use support::TestSite;
use support::site::{build_into, files_below, parse_xml, remove_stale_test_dirs};

const ACT: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

#[test]
fn control_characters_in_records_leave_every_xml_file_well_formed() {
    remove_stale_test_dirs();
    let site = TestSite::minimal();
    // Written as TOML escapes: the raw characters are a TOML syntax error.
    site.replace(
        ACT,
        r#"title = "三月主题党日""#,
        r#"title = "三月\u0001主题\f党日\b""#,
    );
    // Names and labels reach the charts (axis labels, legends, tooltips).
    site.replace(
        "content/branches/alpha.toml",
        r#"name = "第一党支部""#,
        r#"name = "第一\u0001党支部""#,
    );
    site.replace(
        "content/branches/alpha.toml",
        r#"short_name = "一支部""#,
        r#"short_name = "一\u001f支部""#,
    );
    site.replace(
        "content/annual/2024.toml",
        r#"label = "义诊""#,
        r#"label = "义\u0002诊""#,
    );
    site.replace(
        "content/annual/2024.toml",
        r#"label = "发展党员""#,
        r#"label = "发展\u0003党员""#,
    );
    let out = site.path("site-out");
    build_into(&site, &out);

    let feed = std::fs::read_to_string(out.join("feed.xml")).expect("feed.xml");
    let feed = parse_xml(&feed).unwrap_or_else(|e| panic!("feed.xml is not well-formed: {e}"));
    let titles: Vec<String> = feed
        .all("entry")
        .iter()
        .filter_map(|e| e.child("title").map(|t| t.text.clone()))
        .collect();
    assert!(
        titles.iter().any(|t| t == "三月主题党日"),
        "the title, without its control characters, is not in the feed: {titles:?}"
    );
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    parse_xml(&sitemap).unwrap_or_else(|e| panic!("sitemap.xml is not well-formed: {e}"));

    // The charts stand inline in the pages (and as files beside the PDFs' data, from the same
    // writer): each `<svg xmlns=…>` … `</svg>` is a document of its own.
    let mut charts = 0;
    let mut named = false;
    for page in files_below(&out).iter().filter(|p| p.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(page)).expect("read page");
        let mut rest = html.as_str();
        while let Some(start) = rest.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") {
            let end = rest[start..]
                .find("</svg>")
                .unwrap_or_else(|| panic!("{page}: an <svg> without </svg>"));
            let svg = &rest[start..start + end + "</svg>".len()];
            parse_xml(svg).unwrap_or_else(|e| panic!("a chart in {page} is not well-formed: {e}"));
            charts += 1;
            named |= svg.contains("一支部") || svg.contains("第一党支部");
            rest = &rest[start + end..];
        }
    }
    assert!(charts >= 3, "expected the site's charts, found {charts}");
    assert!(
        named,
        "no chart names the branch, so the test does not reach the chart escaper"
    );
}
