//! Template lookup as in Zola: a site's `templates/x.html` overrides the theme's
//! `themes/<theme>/templates/x.html`, which overrides nothing else — the theme is complete.
//! The default theme is also compiled in, for sites without a `themes/` folder.

use std::collections::BTreeMap;
use std::path::Path;

use tera::{Context, ErrorKind, Kwargs, State, Tera};

use super::theme;
use crate::Site;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::markup::html::{HtmlOptions, to_html};

pub(super) struct Templates {
    tera: Tera,
    /// Template name → the file it came from (for messages).
    sources: BTreeMap<String, String>,
}

impl Templates {
    pub(super) fn load(site: &Site) -> Result<Templates, Vec<Diagnostic>> {
        let theme_name = &site.config.site.theme;
        let theme_dir = format!("themes/{theme_name}/templates");
        let mut diags = Vec::new();
        // name → (file shown in messages, text); the site's templates replace the theme's.
        let mut chosen: BTreeMap<String, (String, String)> = BTreeMap::new();
        let on_disk = site.root.join(&theme_dir);
        if on_disk.is_dir() {
            for (name, text) in read_dir(&on_disk, &mut diags, &theme_dir) {
                chosen.insert(name.clone(), (format!("{theme_dir}/{name}"), text));
            }
        } else if theme_name == "default" {
            for (name, text) in theme::DEFAULT_TEMPLATES {
                chosen.insert(
                    (*name).to_owned(),
                    (format!("{theme_dir}/{name}"), (*text).to_owned()),
                );
            }
        } else {
            diags.push(
                Diagnostic::new(
                    Code::Template,
                    crate::layout::CONFIG_FILE,
                    Pos::FILE,
                    format!("找不到主题“{theme_name}”（{theme_dir}）"),
                )
                .with_hint("把主题放在 themes/<名称>/，或删去 site.theme 使用默认主题"),
            );
        }
        let overrides = site.root.join("templates");
        if overrides.is_dir() {
            for (name, text) in read_dir(&overrides, &mut diags, "templates") {
                chosen.insert(name.clone(), (format!("templates/{name}"), text));
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.register_filter("markdown", markdown_filter);
        let sources: BTreeMap<String, String> = chosen
            .iter()
            .map(|(n, (f, _))| (n.clone(), f.clone()))
            .collect();
        if let Err(e) =
            tera.add_raw_templates(chosen.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
        {
            diags.push(to_diagnostic(&e, &sources));
        }
        if diags.is_empty() {
            Ok(Templates { tera, sources })
        } else {
            Err(diags)
        }
    }

    /// A value every template sees (site title, navigation …), set once per build.
    pub(super) fn set_global<T: serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) {
        self.tera.global_context().insert(key, value);
    }

    pub(super) fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| to_diagnostic(&e, &self.sources))
    }
}

/// `{{ text | markdown }}` for template authors: the same sanitising renderer as records.
fn markdown_filter(text: &str, _: Kwargs, _: &State) -> tera::Value {
    let none = |_: &str| None;
    let html = to_html(
        text,
        &HtmlOptions {
            number_headings: false,
            numbering: Default::default(),
            heading_offset: 0,
            resolve: &none,
        },
    );
    tera::Value::safe_string(&html)
}

/// `.html` and `.xml` files below `dir`, named by their path relative to it.
fn read_dir(dir: &Path, diags: &mut Vec<Diagnostic>, shown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if !entry.file_type().is_file()
            || !path.extension().is_some_and(|e| e == "html" || e == "xml")
        {
            continue;
        }
        let name = crate::diagnostics::relative_path(dir, path);
        match std::fs::read_to_string(path) {
            Ok(text) => out.push((name, text)),
            Err(e) => diags.push(Diagnostic::new(
                Code::Io,
                format!("{shown}/{name}"),
                Pos::FILE,
                format!("无法读取模板：{e}"),
            )),
        }
    }
    out
}

/// A Tera error as a diagnostic that points at the template file, line and column.
fn to_diagnostic(e: &tera::Error, sources: &BTreeMap<String, String>) -> Diagnostic {
    let file_of = |name: &str| {
        sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    };
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let s = r.span();
            let pos = Pos {
                line: u32::try_from(s.start_line).unwrap_or(0),
                column: u32::try_from(s.start_col + 1).unwrap_or(0),
                width: u32::try_from(s.range.len().max(1)).unwrap_or(1),
            };
            let what = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                "模板语法错误"
            } else {
                "模板渲染失败"
            };
            Diagnostic::new(
                Code::Template,
                file_of(r.filename()),
                pos,
                format!("{what}：{}", r.message()),
            )
        }
        ErrorKind::TemplateNotFound(name) => {
            Diagnostic::general(Code::Template, format!("找不到模板 {name}"))
                .with_hint("主题必须完整：检查主题的 templates/ 文件夹")
        }
        _ => Diagnostic::general(Code::Template, format!("模板错误：{e}")),
    }
}
