//! The default theme is compiled into the binary, so that `dangjian init` can give a new site a
//! complete theme and a site without `themes/` still builds.

use std::io;
use std::path::Path;

use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::files::write_new;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// (name below `templates/`, contents).
pub(crate) const DEFAULT_TEMPLATES: &[(&str, &str)] = embed![
    "base.html",
    "index.html",
    "branches.html",
    "branch.html",
    "activities.html",
    "activity_list.html",
    "activity.html",
    "kind.html",
    "brands.html",
    "brand.html",
    "notices.html",
    "notice.html",
    "annuals.html",
    "annual.html",
    "checklists.html",
    "checklist.html",
    "history.html",
    "pipeline.html",
    "search.html",
    "404.html",
    "partials/activity_table.html",
    "partials/notice_table.html",
    "partials/record_history.html",
    "partials/checklist_table.html",
    "partials/attachment_note.html",
];

/// (path below `static/`, contents).
pub(crate) const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "print.css",
        include_str!("../../themes/default/static/print.css"),
    ),
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
];

const THEME_TOML: &str = include_str!("../../themes/default/theme.toml");

/// Writes the default theme into `<site>/themes/default/`.
pub(crate) fn install_default(site_root: &Path) -> io::Result<()> {
    let base = site_root.join("themes/default");
    write_new(&base.join("theme.toml"), THEME_TOML.as_bytes())?;
    for (rel, text) in DEFAULT_TEMPLATES {
        write_new(&base.join("templates").join(rel), text.as_bytes())?;
    }
    for (rel, text) in DEFAULT_STATIC {
        write_new(&base.join("static").join(rel), text.as_bytes())?;
    }
    Ok(())
}

/// The theme's static files, then the site's own `static/` over them, as (output path, bytes).
pub(crate) fn static_files(site: &Site) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let theme_static = site
        .root
        .join("themes")
        .join(&site.config.site.theme)
        .join("static");
    let mut diags = Vec::new();
    if theme_static.is_dir() {
        read_tree(&theme_static, &mut files, &mut diags);
    } else {
        files.extend(
            DEFAULT_STATIC
                .iter()
                .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec())),
        );
    }
    let own = site.root.join("static");
    if own.is_dir() {
        let mut overrides = Vec::new();
        read_tree(&own, &mut overrides, &mut diags);
        for (path, bytes) in overrides {
            files.retain(|(p, _)| *p != path);
            files.push((path, bytes));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(files
        .into_iter()
        .map(|(p, b)| (format!("static/{p}"), b))
        .collect())
}

fn read_tree(dir: &Path, out: &mut Vec<(String, Vec<u8>)>, diags: &mut Vec<Diagnostic>) {
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = crate::diagnostics::relative_path(dir, entry.path());
        match std::fs::read(entry.path()) {
            Ok(b) => out.push((rel, b)),
            Err(e) => diags.push(Diagnostic::new(
                Code::Io,
                entry.path().display().to_string(),
                Pos::FILE,
                format!("无法读取静态文件：{e}"),
            )),
        }
    }
}
