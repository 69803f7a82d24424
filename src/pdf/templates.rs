//! Typst templates, looked up like the HTML ones: the site's `templates/typst/x.typ` over the
//! theme's `themes/<theme>/typst/x.typ`, over the default theme compiled into the binary (so a
//! site without `themes/` still prints).

use std::collections::BTreeMap;
use std::path::Path;

use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Pos};

/// (file name, contents) of the default theme's Typst files.
pub const DEFAULT: &[(&str, &str)] = &[
    (
        "gbt9704.typ",
        include_str!("../../themes/default/typst/gbt9704.typ"),
    ),
    (
        "notice.typ",
        include_str!("../../themes/default/typst/notice.typ"),
    ),
    (
        "tables.typ",
        include_str!("../../themes/default/typst/tables.typ"),
    ),
    (
        "summary.typ",
        include_str!("../../themes/default/typst/summary.typ"),
    ),
    (
        "annual.typ",
        include_str!("../../themes/default/typst/annual.typ"),
    ),
    (
        "book.typ",
        include_str!("../../themes/default/typst/book.typ"),
    ),
    (
        "assessment.typ",
        include_str!("../../themes/default/typst/assessment.typ"),
    ),
];

/// One template file as it will be written into a document's folder.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    /// Where it came from, relative to the site root (for messages).
    pub shown: String,
    pub text: Vec<u8>,
    /// Compiled into the binary: `shown` names the default theme's file, not one on disk.
    pub builtin: bool,
}

/// Every `.typ` file of the theme and the site's overrides, by name.
pub fn load(site: &Site) -> Result<BTreeMap<String, Template>, Vec<Diagnostic>> {
    let theme = &site.config.site.theme;
    let theme_dir = format!("themes/{theme}/typst");
    let mut chosen = BTreeMap::new();
    let mut diags = Vec::new();
    if theme == "default" {
        for (name, text) in DEFAULT {
            chosen.insert(
                (*name).to_owned(),
                Template {
                    name: (*name).to_owned(),
                    shown: format!("{theme_dir}/{name}"),
                    text: text.as_bytes().to_vec(),
                    builtin: true,
                },
            );
        }
    }
    for dir in [theme_dir.as_str(), "templates/typst"] {
        read_dir(&site.root, dir, &mut chosen, &mut diags);
    }
    if !chosen.contains_key("notice.typ") {
        diags.push(
            Diagnostic::new(
                Code::Template,
                crate::layout::CONFIG_FILE,
                Pos::FILE,
                format!("主题“{theme}”没有 Typst 模板 notice.typ（{theme_dir}/）"),
            )
            .with_hint(
                "把 notice.typ 放在主题的 typst/ 目录或 templates/typst/ 中，或使用默认主题",
            ),
        );
    }
    if diags.is_empty() {
        Ok(chosen)
    } else {
        Err(diags)
    }
}

fn read_dir(
    root: &Path,
    rel: &str,
    chosen: &mut BTreeMap<String, Template>,
    diags: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".typ"))
        .collect();
    names.sort();
    for name in names {
        let shown = format!("{rel}/{name}");
        match std::fs::read(root.join(&shown)) {
            Ok(text) => {
                chosen.insert(
                    name.clone(),
                    Template {
                        name,
                        shown,
                        text,
                        builtin: false,
                    },
                );
            }
            Err(e) => diags.push(Diagnostic::new(
                Code::Io,
                shown,
                Pos::FILE,
                format!("无法读取模板：{e}"),
            )),
        }
    }
}
