//! The website renderer.

pub mod theme;

use std::io;
use std::path::Path;

use crate::Site;

/// Writes the site into `dir` (a staging folder).
pub fn render(site: &Site, dir: &Path) -> io::Result<usize> {
    let html = format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n<h1>{}</h1>\n<p>{} 个支部，{} 条活动记录。</p>\n</body>\n</html>\n",
        escape(&site.config.site.title),
        escape(&site.config.site.title),
        site.corpus.branches.len(),
        site.corpus.activities.len()
    );
    std::fs::write(dir.join("index.html"), html)?;
    Ok(1)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
