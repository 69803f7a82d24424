//! Support for the website tests (`tests/site_*.rs`): building the demo once per test binary,
//! finding the external tools, a small HTML tag scanner and a small XML checker (std only).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::{TestSite, missing, repo_root};

/// `.tools/node_modules/<rel>`, which must exist.
pub fn tool_file(rel: &str) -> PathBuf {
    let p = repo_root().join(".tools/node_modules").join(rel);
    if !p.is_file() {
        missing(&format!(".tools/node_modules/{rel}"));
    }
    p
}

/// A program on PATH that answers `<program> <version_arg>`.
pub fn require_program(program: &str, version_arg: &str) {
    let ok = Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        missing(&format!("`{program}`"));
    }
}

/// Removes the temporary folders that earlier test processes left behind. A site shared
/// through a `static` is never dropped, so each run cleans up after the dead ones (folders of
/// live processes, including concurrent test runs, are left alone).
pub fn remove_stale_test_dirs() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("dangjian-test-") else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// A site and the folder it was built into.
pub struct Built {
    pub site: TestSite,
    pub out: PathBuf,
}

/// Runs `build --no-pdf --output <out>` and panics with the diagnostics if it fails.
pub fn build_into(site: &TestSite, out: &Path) {
    let o = site.run(&["build", "--no-pdf", "--output", &out.to_string_lossy()]);
    assert!(
        o.status.success(),
        "build failed ({:?}):\n{}{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.join("index.html").is_file(), "no index.html in {out:?}");
}

/// `Site::build` in this process, site only, into `<site>/<output>`; panics with the
/// diagnostics if it fails. For tests that read the build's report or set the environment.
pub fn build_site(site: &TestSite, output: &str) -> dangjian::pipeline::BuildReport {
    let opts = dangjian::pipeline::BuildOptions {
        output: site.path(output),
        pdf: false,
        defer_slow_steps: false,
    };
    match dangjian::Site::build(&site.root, &opts) {
        Ok(report) => report,
        Err(d) => panic!("build into {output} failed: {d:?}"),
    }
}

/// A fresh copy of the demo, built into `<copy>/site-out`.
pub fn build_demo() -> Built {
    remove_stale_test_dirs();
    let site = TestSite::demo();
    let out = site.path("site-out");
    build_into(&site, &out);
    Built { site, out }
}

/// Turns on `site.publish_roster` in a site's `site.toml`: the roster on the branch pages and
/// the 发展党员 pages `members/<year>.html` are built.
pub fn publish_roster(site: &TestSite) {
    let toml = site.read("site.toml");
    assert!(
        toml.contains("\n[site]\n") && !toml.contains("publish_roster"),
        "site.toml has no [site] table to add publish_roster to"
    );
    site.write(
        "site.toml",
        &toml.replacen("\n[site]\n", "\n[site]\npublish_roster = true\n", 1),
    );
}

/// A fresh copy of the demo with `site.publish_roster = true`, built into `<copy>/site-out`.
pub fn build_demo_with_roster() -> Built {
    remove_stale_test_dirs();
    let site = TestSite::demo();
    publish_roster(&site);
    let out = site.path("site-out");
    build_into(&site, &out);
    for year in ROSTER_YEARS {
        assert!(
            out.join(format!("members/{year}.html")).is_file(),
            "no 发展党员 page of {year} with publish_roster = true"
        );
    }
    Built { site, out }
}

/// The demo years, each with a 发展党员 page when the roster is published.
pub const ROSTER_YEARS: [i32; 3] = [2024, 2025, 2026];

/// Every file below `dir`, as paths relative to it with `/` separators, sorted.
pub fn files_below(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("read_dir {dir:?}: {e}"))
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("below base");
                out.push(
                    rel.components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The site's HTML pages (relative paths), without Pagefind's own files.
pub fn html_pages(out: &Path) -> Vec<String> {
    files_below(out)
        .into_iter()
        .filter(|p| p.ends_with(".html") && !p.starts_with("pagefind/"))
        .collect()
}

/// Every file below `dir` with its contents.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files_below(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, bytes)
        })
        .collect()
}

/// Describes how two snapshots differ (empty when they are identical).
pub fn snapshot_diff(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in a {
        match b.get(k) {
            None => out.push(format!("only in the first: {k}")),
            Some(w) if w != v => {
                let at = v.iter().zip(w.iter()).position(|(x, y)| x != y);
                out.push(format!(
                    "differs: {k} ({} vs {} bytes, first difference at byte {at:?})",
                    v.len(),
                    w.len()
                ));
            }
            _ => {}
        }
    }
    for k in b.keys().filter(|k| !a.contains_key(*k)) {
        out.push(format!("only in the second: {k}"));
    }
    out
}

// ---------------------------------------------------------------------------- HTML scanner

/// A start tag with its attributes (names lower-cased, values with entities decoded).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, Option<String>)>,
    /// Line of the tag in its file (1-based), for messages.
    pub line: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

/// The start tags of an HTML document, in order. Comments, doctypes and end tags are skipped,
/// and the contents of `script`, `style`, `textarea` and `title` are raw text, as in HTML.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Line numbers, counted incrementally (tags come in order).
    let (mut line, mut counted) = (1, 0);
    let mut line_at = |pos: usize| {
        line += b[counted..pos].iter().filter(|&&c| c == b'\n').count();
        counted = pos;
        line
    };
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(b.len(), |e| start + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("</") || rest.starts_with("<?") {
            i = rest.find('>').map_or(b.len(), |e| start + e + 1);
            continue;
        }
        let mut j = start + 1;
        if j >= b.len() || !b[j].is_ascii_alphabetic() {
            i = start + 1;
            continue;
        }
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        let name = html[start + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            if b[j] == b'/' {
                j += 1;
                continue;
            }
            let a0 = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let aname = html[a0..j].to_ascii_lowercase();
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < b.len() && b[k] == b'=' {
                k += 1;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                let value;
                if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                    let q = b[k];
                    let v0 = k + 1;
                    let v1 = html[v0..]
                        .bytes()
                        .position(|c| c == q)
                        .map_or(b.len(), |p| v0 + p);
                    value = &html[v0..v1];
                    j = (v1 + 1).min(b.len());
                } else {
                    let v0 = k;
                    let mut v1 = k;
                    while v1 < b.len() && !b[v1].is_ascii_whitespace() && b[v1] != b'>' {
                        v1 += 1;
                    }
                    value = &html[v0..v1];
                    j = v1;
                }
                attrs.push((aname, Some(decode_entities(value))));
            } else {
                attrs.push((aname, None));
            }
        }
        out.push(Tag {
            name: name.clone(),
            attrs,
            line: line_at(start),
        });
        i = j;
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            let lower = html[i..].to_ascii_lowercase();
            i = lower.find(&close).map_or(b.len(), |e| i + e);
        }
    }
    out
}

/// Decodes the character references that matter in attribute values and text.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => ent.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes in a URL path (the property tests' oracle has it, and the fuzz
/// targets include that file on its own).
#[allow(unused_imports)]
pub use super::oracle::percent_decode;

// ------------------------------------------------------------------------------ XML checker

/// An XML element: name, attributes, children and its text (concatenated, entities decoded).
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

/// Parses a well-formed XML document (no DTDs, no CDATA) into its root element, or says what
/// is not well-formed: unbalanced or crossed tags, a bare `&` or `<`, unquoted or duplicate
/// attributes, text or a second element outside the root.
pub fn parse_xml(xml: &str) -> Result<Element, String> {
    let mut rest = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    if rest.starts_with("<?xml") {
        let end = rest.find("?>").ok_or("unterminated XML declaration")?;
        rest = &rest[end + 2..];
    }
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("-->").ok_or("unterminated comment")?;
            rest = &r[end + 3..];
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            return Err(format!(
                "unexpected markup: {}",
                &rest[..rest.len().min(20)]
            ));
        }
        if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unterminated end tag")?;
            let name = r[..end].trim();
            let el = stack
                .pop()
                .ok_or(format!("end tag </{name}> without start"))?;
            if el.name != name {
                return Err(format!("</{name}> closes <{}>", el.name));
            }
            rest = &r[end + 1..];
            attach(&mut stack, &mut root, el)?;
            continue;
        }
        if let Some(r) = rest.strip_prefix('<') {
            let end = find_tag_end(r).ok_or("unterminated start tag")?;
            let inner = &r[..end];
            let (inner, empty) = match inner.strip_suffix('/') {
                Some(i) => (i, true),
                None => (inner, false),
            };
            let el = parse_start_tag(inner)?;
            rest = &r[end + 1..];
            if empty {
                attach(&mut stack, &mut root, el)?;
            } else {
                stack.push(el);
            }
            continue;
        }
        let next = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..next];
        check_text(text)?;
        match stack.last_mut() {
            Some(top) => top.text.push_str(&decode_entities(text)),
            None if text.trim().is_empty() => {}
            None => return Err(format!("text outside the root element: {}", text.trim())),
        }
        rest = &rest[next..];
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_owned())
}

fn attach(stack: &mut [Element], root: &mut Option<Element>, el: Element) -> Result<(), String> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None if root.is_none() => *root = Some(el),
        None => return Err(format!("second root element <{}>", el.name)),
    }
    Ok(())
}

fn find_tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// XML 1.0's `Char` production: what a document may hold, raw or as a character reference.
fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn check_text(text: &str) -> Result<(), String> {
    if let Some(c) = text.chars().find(|c| !is_xml_char(u32::from(*c))) {
        return Err(format!(
            "U+{:04X} (not an XML character) in {text:?}",
            u32::from(c)
        ));
    }
    let mut rest = text;
    while let Some(p) = rest.find('&') {
        let r = &rest[p + 1..];
        let end = r.find(';').ok_or(format!("bare & in {text:?}"))?;
        let ent = &r[..end];
        let reference = match ent.strip_prefix("#x") {
            Some(h) if h.chars().all(|c| c.is_ascii_hexdigit()) => u32::from_str_radix(h, 16).ok(),
            Some(_) => None,
            None => ent
                .strip_prefix('#')
                .filter(|d| d.chars().all(|c| c.is_ascii_digit()))
                .and_then(|d| d.parse().ok()),
        };
        let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
            || reference.is_some_and(is_xml_char);
        if !ok {
            return Err(format!("unknown entity &{ent}; in {text:?}"));
        }
        rest = &r[end + 1..];
    }
    if text.contains('>') && text.contains("]]>") {
        return Err("]]> in text".into());
    }
    Ok(())
}

fn parse_start_tag(inner: &str) -> Result<Element, String> {
    let inner = inner.trim_end();
    let name_end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
    {
        return Err(format!("bad element name {name:?}"));
    }
    let mut el = Element {
        name: name.to_owned(),
        ..Element::default()
    };
    let mut rest = inner[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or(format!("attribute without value in <{name}>"))?;
        let aname = rest[..eq].trim();
        let r = rest[eq + 1..].trim_start();
        let q = r
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'')
            .ok_or(format!("unquoted attribute {aname} in <{name}>"))?;
        let end = r[1..]
            .find(q)
            .ok_or(format!("unterminated attribute {aname}"))?;
        let value = &r[1..1 + end];
        if value.contains('<') {
            return Err(format!("< in attribute {aname} of <{name}>"));
        }
        check_text(value)?;
        if el
            .attrs
            .insert(aname.to_owned(), decode_entities(value))
            .is_some()
        {
            return Err(format!("duplicate attribute {aname} in <{name}>"));
        }
        rest = r[1 + end + 1..].trim_start();
    }
    Ok(el)
}

/// Runs `tests/browser/<script>.mjs` under node with `config` written beside the site as
/// `<script>-config.json`; a failure names the script and the set-up hint (a missing module or
/// browser), with everything it printed.
pub fn run_browser_script(site: &TestSite, script: &str, config: &serde_json::Value) {
    let config_file = site.path(&format!("{script}-config.json"));
    std::fs::write(&config_file, config.to_string()).expect("write config");
    let o = std::process::Command::new("node")
        .arg(super::repo_root().join(format!("tests/browser/{script}.mjs")))
        .arg(&config_file)
        .output()
        .expect("run node");
    assert!(
        o.status.success(),
        "tests/browser/{script}.mjs failed ({:?}) — if a module or the browser is missing, {}:\n{}{}",
        o.status.code(),
        super::SETUP_HINT,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}
