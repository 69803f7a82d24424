//! The built website as files: every internal link, anchor and source resolves to a file (and
//! a `#fragment` to an id in it), links are relative and never name a folder, so `output/`
//! works from a web server and opened from disk alike; sitemap.xml and feed.xml are complete
//! and well-formed; two builds of the same records are byte-identical; and record text cannot
//! put HTML, script or template syntax into a page. The links, ids, reachability and sitemap
//! are checked again with `site.publish_roster = true` (the roster on the branch pages and the
//! 发展党员 pages `members/<year>.html`).

mod support;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;
use std::sync::OnceLock;

use support::TestSite;
use support::site::{
    Built, ROSTER_YEARS, Tag, build_demo, build_demo_with_roster, build_into, decode_entities,
    files_below, html_pages, parse_xml, percent_decode, snapshot, snapshot_diff, tags,
};

/// The demo, built once for every test in this file.
fn demo() -> &'static Built {
    static DEMO: OnceLock<Built> = OnceLock::new();
    DEMO.get_or_init(build_demo)
}

/// The demo with `site.publish_roster = true`, built once.
fn roster() -> &'static Built {
    static ROSTER: OnceLock<Built> = OnceLock::new();
    ROSTER.get_or_init(build_demo_with_roster)
}

/// The demo's `site.base_url`.
fn base_url() -> String {
    let toml = std::fs::read_to_string(support::repo_root().join("site.toml")).expect("site.toml");
    toml.lines()
        .find_map(|l| l.trim().strip_prefix("base_url = \""))
        .and_then(|l| l.split('"').next())
        .expect("base_url in site.toml")
        .trim_end_matches('/')
        .to_owned()
}

/// Attributes that hold a URL.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "poster",
    "action",
    "xlink:href",
    "data",
];

/// A page: its tags and its ids.
struct Parsed {
    tags: Vec<Tag>,
    ids: BTreeSet<String>,
}

fn parse_pages(out: &Path) -> BTreeMap<String, Parsed> {
    html_pages(out)
        .into_iter()
        .map(|p| {
            let html = std::fs::read_to_string(out.join(&p)).expect("utf-8 page");
            let tags = tags(&html);
            let ids = tags
                .iter()
                .filter_map(|t| t.attr("id").map(str::to_owned))
                .collect();
            (p, Parsed { tags, ids })
        })
        .collect()
}

/// `a/b/../c.html` → `a/c.html`; `None` when the path leaves the site.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Where a URL found in `page` leads: `Ok(None)` for an external URL, `Ok(Some((file,
/// fragment)))` for a file of the site, `Err(why)` for a URL that must not be there.
fn resolve(out: &Path, page: &str, url: &str) -> Result<Option<(String, String)>, String> {
    let u = url.trim();
    let lower = u.to_ascii_lowercase();
    if u.is_empty() {
        return Err("empty URL".into());
    }
    if ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Ok(None);
    }
    if lower.starts_with("data:image/") {
        return Ok(None);
    }
    if u.starts_with('/') {
        return Err("absolute path (breaks under a sub-folder and from disk)".into());
    }
    let scheme_end = u.find(':');
    let path_end = u.find(['/', '?', '#']).unwrap_or(u.len());
    if scheme_end.is_some_and(|c| c < path_end) {
        return Err("a URL scheme that is not allowed in a page".into());
    }
    let (no_frag, fragment) = u.split_once('#').unwrap_or((u, ""));
    let path = no_frag.split('?').next().unwrap_or_default();
    let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
    let target = if path.is_empty() {
        page.to_owned()
    } else {
        if path.ends_with('/') {
            return Err("names a folder (file:// cannot open a folder)".into());
        }
        let joined = if dir.is_empty() {
            percent_decode(path)
        } else {
            format!("{dir}/{}", percent_decode(path))
        };
        normalise(&joined).ok_or("leaves the site root")?
    };
    let file = out.join(&target);
    if file.is_dir() || target.is_empty() {
        return Err("names a folder (file:// cannot open a folder)".into());
    }
    if !file.is_file() {
        return Err(format!("no such file: {target}"));
    }
    Ok(Some((target, percent_decode(fragment))))
}

/// Every URL in a tag's URL attributes.
fn urls_of(tag: &Tag) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for &a in URL_ATTRS {
        let Some(v) = tag.attr(a) else { continue };
        if a == "data" && tag.name != "object" {
            continue;
        }
        if a == "srcset" {
            for cand in v.split(',') {
                if let Some(u) = cand.split_whitespace().next() {
                    out.push((a, u.to_owned()));
                }
            }
        } else {
            out.push((a, v.to_owned()));
        }
    }
    out
}

fn report(problems: &[String]) -> String {
    let shown: Vec<&str> = problems.iter().take(40).map(String::as_str).collect();
    format!(
        "{} problem(s){}:\n{}",
        problems.len(),
        if problems.len() > 40 {
            " (first 40)"
        } else {
            ""
        },
        shown.join("\n")
    )
}

/// Every problem with the URLs of the pages below `out`, and how many URLs were checked.
fn check_links(out: &Path) -> (Vec<String>, usize) {
    let pages = parse_pages(out);
    let mut problems = Vec::new();
    let mut checked = 0usize;
    for (page, parsed) in &pages {
        for tag in &parsed.tags {
            for (attr, url) in urls_of(tag) {
                checked += 1;
                let at = format!("{page}:{}: <{} {attr}=\"{url}\">", tag.line, tag.name);
                match resolve(out, page, &url) {
                    Ok(None) => {}
                    Ok(Some((_, fragment))) if fragment.is_empty() => {}
                    Ok(Some((target, fragment))) => match pages.get(&target) {
                        Some(t) if t.ids.contains(&fragment) => {}
                        Some(_) => problems.push(format!("{at}: no id \"{fragment}\" in {target}")),
                        None => {
                            problems.push(format!("{at}: a fragment into {target}, not a page"))
                        }
                    },
                    Err(why) => problems.push(format!("{at}: {why}")),
                }
            }
        }
    }
    (problems, checked)
}

#[test]
fn every_internal_link_anchor_and_source_resolves() {
    let b = demo();
    let (problems, checked) = check_links(&b.out);
    assert!(
        checked > 20_000,
        "only {checked} URLs found: is the scanner broken?"
    );
    assert!(problems.is_empty(), "{}", report(&problems));
}

/// The checker itself finds each kind of bad link (so that a pass above means something).
#[test]
fn the_link_checker_finds_bad_links() {
    let t = TestSite::empty();
    t.write("style.css", "body{}");
    t.write("sub/index.html", "<p id=there>x</p>");
    t.write(
        "sub/page.html",
        r##"<!doctype html><title>x</title>
<a href="index.html#there">ok</a> <a href="#top" id=top>ok</a> <a href="#">ok</a>
<link rel=stylesheet href="../style.css"> <img src='../style.css' alt=""> <a href="https://x.example/">ok</a>
<a href="/sub/index.html">absolute</a>
<a href="../sub/">folder</a>
<a href="..">parent folder</a>
<a href="missing.html">missing</a>
<a href="index.html#nowhere">bad fragment</a>
<a href="../../outside.html">outside</a>
<a href=" JavaScript:alert(1)">script</a>
<img src=gone.png alt="">
<!-- <a href="commented.html"> -->
<script>var s = '<a href="in-script.html">';</script>
"##,
    );
    let (problems, checked) = check_links(&t.root);
    let expected = [
        "/sub/index.html",
        "../sub/",
        "\"..\"",
        "missing.html",
        "#nowhere",
        "outside.html",
        "JavaScript:",
        "gone.png",
    ];
    assert_eq!(checked, 14, "{problems:#?}");
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    for (p, e) in problems.iter().zip(expected) {
        assert!(p.contains(e), "{p} should be about {e}");
    }
}

#[test]
fn ids_are_unique_within_each_page() {
    let problems = duplicate_ids(&demo().out);
    assert!(problems.is_empty(), "{}", report(&problems));
}

fn duplicate_ids(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for page in html_pages(out) {
        let html = std::fs::read_to_string(out.join(&page)).expect("page");
        let mut seen = BTreeSet::new();
        for t in tags(&html) {
            if let Some(id) = t.attr("id")
                && !seen.insert(id.to_owned())
            {
                problems.push(format!("{page}:{}: duplicate id \"{id}\"", t.line));
            }
        }
    }
    problems
}

#[test]
fn stylesheet_urls_resolve() {
    let b = demo();
    let mut problems = Vec::new();
    for css in files_below(&b.out)
        .into_iter()
        .filter(|p| p.starts_with("static/") && p.ends_with(".css"))
    {
        let text = std::fs::read_to_string(b.out.join(&css)).expect("css");
        for piece in text.split("url(").skip(1) {
            let raw = piece.split(')').next().unwrap_or_default();
            let url = raw.trim().trim_matches(['"', '\'']);
            if let Err(why) = resolve(&b.out, &css, url) {
                problems.push(format!("{css}: url({url}): {why}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", report(&problems));
}

#[test]
fn every_page_is_reachable_from_the_home_page() {
    let orphans = orphans(&demo().out);
    assert!(
        orphans.is_empty(),
        "{} page(s) no link leads to: {orphans:?}",
        orphans.len()
    );
}

/// The pages below `out` that no chain of links from the home page leads to (but 404.html).
fn orphans(out: &Path) -> Vec<String> {
    let pages = parse_pages(out);
    let mut seen = BTreeSet::from(["index.html".to_owned()]);
    let mut queue = VecDeque::from(["index.html".to_owned()]);
    while let Some(page) = queue.pop_front() {
        let Some(parsed) = pages.get(&page) else {
            continue;
        };
        for tag in parsed.tags.iter().filter(|t| t.name == "a") {
            let Some(href) = tag.attr("href") else {
                continue;
            };
            if let Ok(Some((target, _))) = resolve(out, &page, href)
                && pages.contains_key(&target)
                && seen.insert(target.clone())
            {
                queue.push_back(target);
            }
        }
    }
    pages
        .into_keys()
        .filter(|p| !seen.contains(p) && p.as_str() != "404.html")
        .collect()
}

#[test]
fn sitemap_lists_every_page_but_404_with_absolute_urls() {
    sitemap_lists_every_page_but_404(&demo().out);
}

fn sitemap_lists_every_page_but_404(out: &Path) {
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    let root = parse_xml(&xml).unwrap_or_else(|e| panic!("sitemap.xml is not well-formed: {e}"));
    assert_eq!(root.name, "urlset");
    assert_eq!(
        root.attrs.get("xmlns").map(String::as_str),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let base = base_url();
    let mut listed = Vec::new();
    for url in &root.children {
        assert_eq!(url.name, "url", "unexpected <{}> in <urlset>", url.name);
        let loc = url.child("loc").expect("<url> without <loc>").text.trim();
        let path = loc
            .strip_prefix(&format!("{base}/"))
            .unwrap_or_else(|| panic!("{loc} is not an absolute URL below {base}/"));
        listed.push(path.to_owned());
    }
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "sitemap lists a page twice");
    let expected: BTreeSet<String> = html_pages(out)
        .into_iter()
        .filter(|p| p != "404.html")
        .collect();
    let listed: BTreeSet<String> = listed.into_iter().collect();
    let missing: Vec<_> = expected.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "sitemap misses {missing:?}; lists pages that do not exist: {extra:?}"
    );
    assert!(!listed.contains("404.html"));
}

/// With the roster published, the 发展党员 pages and the branch rosters link and are linked
/// like every other page: every URL resolves, ids are unique, every page is reachable from the
/// home page, and the sitemap lists them.
#[test]
fn roster_and_pipeline_pages_link_like_the_rest() {
    let b = roster();
    for year in ROSTER_YEARS {
        let page = format!("members/{year}.html");
        let html = std::fs::read_to_string(b.out.join(&page)).expect("pipeline page");
        assert!(html.contains("<table"), "{page} has no table of people");
    }
    let (problems, checked) = check_links(&b.out);
    assert!(
        checked > 20_000,
        "only {checked} URLs found: is the scanner broken?"
    );
    assert!(problems.is_empty(), "{}", report(&problems));
    let problems = duplicate_ids(&b.out);
    assert!(problems.is_empty(), "{}", report(&problems));
    let orphans = orphans(&b.out);
    assert!(orphans.is_empty(), "no link leads to: {orphans:?}");
    sitemap_lists_every_page_but_404(&b.out);
}

/// `2026-11-20T00:00:00Z` and other RFC 3339 date-times.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && (s.ends_with('Z') || s[19..].contains(['+', '-']))
}

#[test]
fn feed_is_well_formed_atom() {
    let b = demo();
    let xml = std::fs::read_to_string(b.out.join("feed.xml")).expect("feed.xml");
    let feed = parse_xml(&xml).unwrap_or_else(|e| panic!("feed.xml is not well-formed: {e}"));
    assert_eq!(feed.name, "feed");
    assert_eq!(
        feed.attrs.get("xmlns").map(String::as_str),
        Some("http://www.w3.org/2005/Atom")
    );
    let base = base_url();
    let text = |el: &support::site::Element, name: &str| -> String {
        el.child(name)
            .unwrap_or_else(|| panic!("<{}> without <{name}>", el.name))
            .text
            .trim()
            .to_owned()
    };
    assert!(!text(&feed, "title").is_empty());
    assert!(text(&feed, "id").starts_with(&base), "feed id");
    let updated = text(&feed, "updated");
    assert!(is_rfc3339(&updated), "feed updated {updated:?}");
    let author = feed.child("author").expect("feed <author>");
    assert!(!text(author, "name").is_empty());
    let entries = feed.all("entry");
    assert!(
        !entries.is_empty() && entries.len() <= 50,
        "{} entries",
        entries.len()
    );
    let mut ids = BTreeSet::new();
    let mut dates = Vec::new();
    for e in &entries {
        assert!(!text(e, "title").is_empty(), "entry without title");
        let id = text(e, "id");
        assert!(ids.insert(id.clone()), "duplicate entry id {id}");
        let href = e
            .child("link")
            .and_then(|l| l.attrs.get("href"))
            .expect("entry <link href>");
        let path = href
            .strip_prefix(&format!("{base}/"))
            .unwrap_or_else(|| panic!("entry link {href} is not below {base}/"));
        assert!(
            b.out.join(path).is_file(),
            "entry link {href}: no such page"
        );
        let u = text(e, "updated");
        assert!(is_rfc3339(&u), "entry updated {u:?}");
        dates.push(u);
    }
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "entries are not newest first");
    assert_eq!(updated, dates[0], "feed <updated> is not its newest entry");
}

/// The stamp of a build's inputs (src/freshness.rs), kept in the output so that an unchanged
/// site is not rebuilt. It hashes the inputs' absolute paths and modification times, so it
/// differs between two copies of the same records; every other file must not.
const STAMP: &str = ".dangjian-build";

fn assert_same(a: &Path, b: &Path, except: &[&str]) {
    let mut first = snapshot(a);
    let mut second = snapshot(b);
    for e in except {
        first.remove(*e);
        second.remove(*e);
    }
    let diff = snapshot_diff(&first, &second);
    assert!(
        diff.is_empty(),
        "the two builds differ:\n{}",
        diff.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn two_builds_of_the_same_records_are_byte_identical() {
    let first = demo();
    // A second copy in another folder, built into another output folder: neither the time
    // nor the paths may leak into the pages.
    let other = TestSite::demo();
    let out = other.path("another-output");
    build_into(&other, &out);
    assert_same(&first.out, &out, &[STAMP]);
}

const ACTIVITY: &str = "content/activities/2024/2024-03-15-alpha-zhuti-dangri.md";

/// An activity whose every text field tries to put markup, script or template code into the
/// site.
const HOSTILE: &str = r#"+++
title = '三月主题党日<script>alert(1)</script>" onmouseover="x {{ site_title }}{% if true %}TERA-IF{% endif %}'
branch = "alpha"
kind = "主题党日"
date = 2024-03-15
place = '会议室" onmouseover="alert(2)<img src=x onerror=alert(3)>'
chair = "张明"
recorder = "李华"
expected = 11
present = 10
topics = ['<script>alert(4)</script>', '{{ 7 * 6 }}', '{% raw %}', "javascript:alert(5)"]
tags = ['" onmouseover="alert(6)', 'javascript:alert(7)', '<b>粗</b>', '{{ title }}']
+++
<script>alert(8)</script>

<img src=x onerror=alert(9)>

[点我](javascript:alert(10)) [大写](JaVaScRiPt:alert(11)) <javascript:alert(12)>
[数据](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=) [协议相对](//evil.example/x.js)

![图](javascript:alert(14))

<a href="javascript:alert(15)" onmouseover="alert(16)">链接</a>

模板：{{ 7 * 6 }} {% for x in [1] %}TERA-FOR{% endfor %} {# comment #}

" onmouseover="alert(17)
"#;

#[test]
fn record_text_cannot_inject_html_script_or_template_code() {
    let site = TestSite::minimal();
    site.write(ACTIVITY, HOSTILE);
    let out = site.path("site-out");
    build_into(&site, &out);

    let page_path = "activities/2024/2024-03-15-alpha-zhuti-dangri.html";
    let mut problems = Vec::new();
    for page in html_pages(&out) {
        let html = std::fs::read_to_string(out.join(&page)).expect("page");
        // The only script is the search page's own.
        let scripts = html.to_ascii_lowercase().matches("<script").count();
        let allowed = if page == "search.html" { 1 } else { 0 };
        if scripts != allowed {
            problems.push(format!(
                "{page}: {scripts} <script> tag(s), expected {allowed}"
            ));
        }
        if page == "search.html" {
            let ts = tags(&html);
            let srcs: Vec<_> = ts
                .iter()
                .filter(|t| t.name == "script")
                .map(|t| t.attr("src").unwrap_or("(inline)").to_owned())
                .collect();
            assert_eq!(srcs, ["static/search.js"], "search.html");
        }
        for t in tags(&html) {
            for (name, value) in &t.attrs {
                if name.starts_with("on") {
                    problems.push(format!("{page}:{}: <{} {name}=…>", t.line, t.name));
                }
                let v = value
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase();
                if URL_ATTRS.contains(&name.as_str())
                    && (v.starts_with("javascript:")
                        || v.starts_with("data:")
                        || v.starts_with("vbscript:")
                        || v.starts_with("//"))
                {
                    problems.push(format!("{page}:{}: <{} {name}=\"{v}\">", t.line, t.name));
                }
            }
            if t.name == "img" && t.attr("src") == Some("x") {
                problems.push(format!("{page}:{}: the record's <img> is live", t.line));
            }
            if t.name == "b" {
                problems.push(format!("{page}:{}: the record's <b> is live", t.line));
            }
        }
        for raw in ["<script>alert", "TERA-IF</", "42</li>"] {
            if html.contains(raw) {
                problems.push(format!("{page}: contains {raw:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", report(&problems));

    // The record's text is all there, shown as text: escaped in the HTML, intact once decoded,
    // and the template syntax is printed, not run.
    let html = std::fs::read_to_string(out.join(page_path)).expect("activity page");
    let text = decode_entities(&html);
    for shown in [
        "三月主题党日<script>alert(1)</script>\" onmouseover=\"x {{ site_title }}{% if true %}TERA-IF{% endif %}",
        "会议室\" onmouseover=\"alert(2)<img src=x onerror=alert(3)>",
        "<script>alert(4)</script>",
        "{{ 7 * 6 }}",
        "{% raw %}",
        "javascript:alert(5)",
        "\" onmouseover=\"alert(6)",
        "<b>粗</b>",
        "{{ title }}",
        "<script>alert(8)</script>",
        "<img src=x onerror=alert(9)>",
        "{% for x in [1] %}TERA-FOR{% endfor %}",
    ] {
        assert!(text.contains(shown), "{page_path} does not show {shown:?}");
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;"),
        "title not escaped as expected in {page_path}"
    );
    // Listing pages show the title escaped too.
    for list in [
        "activities/2024/index.html",
        "branches/alpha.html",
        "index.html",
    ] {
        let l = std::fs::read_to_string(out.join(list)).expect(list);
        assert!(
            l.contains("&lt;script&gt;alert(1)"),
            "{list} does not show the escaped title"
        );
    }
    // The feed stays well-formed and carries the title as text.
    let feed = std::fs::read_to_string(out.join("feed.xml")).expect("feed");
    let feed = parse_xml(&feed).unwrap_or_else(|e| panic!("feed.xml is not well-formed: {e}"));
    assert!(
        feed.all("entry")
            .iter()
            .any(|e| e.child("title").is_some_and(|t| t
                .text
                .contains("<script>alert(1)</script>\" onmouseover=\"x"))),
        "the feed does not carry the title as text"
    );
}
