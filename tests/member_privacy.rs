//! Member records are personal data: no birth year ever reaches `output/` or the search index;
//! the roster reaches the branch pages only with `site.publish_roster = true`, and no name does
//! with `site.hide_member_names = true`. The test greps every text file of the built site and
//! every Pagefind file after decompressing it (gzip, through flate2).

mod support;

use std::io::Read;
use std::path::Path;

use support::TestSite;

/// Names no other record of the fixture has, and birth years no page has a reason to show
/// (before 1921, the year the party was founded).
const PEOPLE: &[(&str, u32)] = &[("蔺知秋", 1917), ("濮然", 1918), ("禤一帆", 1919)];
/// An applicant: in the pipeline, never on any page.
const APPLICANT: (&str, u32) = ("阚未名", 1916);

fn site(settings: &str) -> TestSite {
    let site = TestSite::minimal();
    let beta = site.read("content/branches/beta.toml");
    let cut = beta
        .find("[[member_counts]]")
        .expect("beta has typed counts");
    site.write("content/branches/beta.toml", &beta[..cut]);
    for (i, (name, birth)) in PEOPLE.iter().enumerate() {
        site.write(
            &format!("content/members/p{i}.toml"),
            &format!(
                "name = \"{name}\"\nbranch = \"beta\"\nbirth_year = {birth}\ngaozhi = true\n\n[[events]]\ndate = 1960-07-0{}\nkind = \"接收为预备党员\"\n\n[[events]]\ndate = 1961-07-03\nkind = \"转为正式党员\"\n",
                i + 1
            ),
        );
    }
    site.write(
        "content/members/applicant.toml",
        &format!(
            "name = \"{}\"\nbranch = \"beta\"\nbirth_year = {}\n\n[[events]]\ndate = 1934-03-01\nkind = \"提交入党申请\"\n",
            APPLICANT.0, APPLICANT.1
        ),
    );
    let cfg = site.read("site.toml");
    site.write(
        "site.toml",
        &cfg.replace(
            "as_of = 2024-12-31",
            &format!("as_of = 2024-12-31\n{settings}"),
        ),
    );
    let out = site.run(&["build", "--no-pdf"]);
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}

fn files_below(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            files_below(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every text file of output/ and every decompressed search-index file, with its path.
fn published(site: &TestSite) -> Vec<(String, String)> {
    let root = site.path("output");
    let mut files = Vec::new();
    files_below(&root, &mut files);
    let mut docs = Vec::new();
    let mut fragments = 0;
    for p in files {
        let rel = p
            .strip_prefix(&root)
            .expect("below")
            .to_string_lossy()
            .into_owned();
        let bytes = std::fs::read(&p).expect("read");
        if rel.contains(".pf_") {
            // Index chunks are binary (CBOR); their strings are UTF-8 inside.
            let mut raw = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut raw)
                .unwrap_or_else(|e| panic!("{rel}: not gzip: {e}"));
            fragments += usize::from(rel.contains("fragment"));
            docs.push((rel, String::from_utf8_lossy(&raw).into_owned()));
        } else if let Ok(text) = String::from_utf8(bytes) {
            docs.push((rel, text));
        }
    }
    assert!(fragments > 0, "no search fragments were built");
    assert!(docs.iter().any(|(p, _)| p == "branches/beta.html"));
    docs
}

/// `needle` as a whole number (not part of a longer one).
fn has_number(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| {
        !hay[..i].ends_with(|c: char| c.is_ascii_digit())
            && !hay[i + needle.len()..].starts_with(|c: char| c.is_ascii_digit())
    })
}

fn assert_absent(docs: &[(String, String)], what: &str, found: impl Fn(&str) -> bool) {
    let hits: Vec<&str> = docs
        .iter()
        .filter(|(_, t)| found(t))
        .map(|(p, _)| p.as_str())
        .collect();
    assert!(hits.is_empty(), "{what} published in {hits:?}");
}

fn assert_no_birth_years(docs: &[(String, String)]) {
    for (_, birth) in PEOPLE.iter().chain([&APPLICANT]) {
        let y = birth.to_string();
        assert_absent(docs, &format!("birth year {y}"), |t| has_number(t, &y));
    }
}

/// By default names follow `hide_member_names` (off): a rule finding may name a member (here
/// the members of beta, which has no meetings, are absent for months), but there is no roster
/// and no one of the pipeline appears.
#[test]
fn by_default_no_roster_no_applicant_and_no_birth_year_is_published() {
    let site = site("");
    let docs = published(&site);
    assert_absent(&docs, APPLICANT.0, |t| t.contains(APPLICANT.0));
    assert_absent(&docs, "the roster", |t| t.contains("党员名册"));
    assert!(
        !site.path("output/members").exists(),
        "发展党员 pages without publish_roster"
    );
    assert_no_birth_years(&docs);
    // The counts derived from the records are published: beta has 3 members.
    let list = site.read("output/branches/index.html");
    assert!(list.contains(">3</td>"), "{list}");
}

#[test]
fn a_published_roster_shows_names_but_no_birth_year() {
    let site = site("publish_roster = true");
    let docs = published(&site);
    let beta = site.read("output/branches/beta.html");
    assert!(beta.contains("党员名册"), "{beta}");
    for (name, _) in PEOPLE {
        assert!(
            beta.contains(name),
            "{name} missing from the published roster"
        );
    }
    // Only party members are on the roster; an applicant is on the year's 发展党员 page only
    // (linked from the annual page), and never in the search index.
    let hits: Vec<&str> = docs
        .iter()
        .filter(|(_, t)| t.contains(APPLICANT.0))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(hits, ["members/2024.html"], "the applicant's name");
    let page = site.read("output/members/2024.html");
    assert!(page.contains("入党申请人"), "{page}");
    assert!(page.contains("确定为入党积极分子"), "the next step: {page}");
    assert!(
        site.read("output/annual/2024.html")
            .contains("members/2024.html"),
        "the annual page links its 发展党员 page"
    );
    assert_no_birth_years(&docs);
}

#[test]
fn hidden_names_stay_hidden_even_with_a_published_roster() {
    let site = site("publish_roster = true\nhide_member_names = true");
    let docs = published(&site);
    for (name, _) in PEOPLE.iter().chain([&APPLICANT]) {
        assert_absent(&docs, name, |t| t.contains(name));
    }
    assert_no_birth_years(&docs);
}
