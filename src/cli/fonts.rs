//! `dangjian fonts`: which font (family and file) each role of the PDFs resolves to, as typst
//! sees the font folders of the build: the site's, the per-user one of `dangjian setup`, and
//! the commercial faces of the system's folders (other system fonts are ignored, as in the
//! build).

use clap::Args;

use super::{Ctx, Format};
use crate::config::Config;
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::pdf::{self, font_lookup, fonts};

#[derive(Args, Debug)]
pub(crate) struct FontsArgs {}

pub(super) fn run(ctx: &Ctx, _args: FontsArgs) -> i32 {
    let (config, diags) = Config::load(&ctx.root);
    let Some(config) = config else {
        let mut d = Diagnostics::new();
        d.extend(diags);
        ctx.report(d, Format::Human);
        return 1;
    };
    let typst = match pdf::locate_typst(&ctx.root, &config.pdf) {
        Ok(t) => t,
        Err(d) => {
            ctx.report(Diagnostics::from(d), Format::Human);
            return 1;
        }
    };
    let (dirs, warnings) = match pdf::font_dirs(&ctx.root, &config.pdf) {
        Ok(x) => x,
        Err(d) => {
            ctx.report(Diagnostics::from(d), Format::Human);
            return 1;
        }
    };
    let origins = font_lookup::lookup(&ctx.root, &config.pdf).dirs;
    let families = match fonts::families(&typst, &dirs) {
        Ok(f) => f,
        Err(d) => {
            ctx.report(Diagnostics::from(d), Format::Human);
            return 1;
        }
    };
    super::stdout::println(&format!("{}（{}）", typst.version, typst.path.display()));
    for d in &dirs {
        let origin = origins
            .iter()
            .find(|o| o.path == *d)
            .map_or("", |o| o.origin.label());
        super::stdout::println(&format!("字体目录：{}（{origin}）", d.display()));
    }
    super::stdout::println("");
    let resolved = fonts::resolve(&config.fonts, &families);
    let mut problems = Diagnostics::new();
    problems.extend(warnings);
    let files = font_lookup::role_files(&config.fonts, &dirs);
    for r in &resolved {
        match files
            .iter()
            .find(|f| f.role == r.role && Some(&f.family) == r.family.as_ref())
        {
            Some(f) => {
                super::stdout::println(&r.line());
                for file in &f.files {
                    super::stdout::println(&format!("    文件：{}", file.display()));
                }
            }
            None => super::stdout::println(&r.line()),
        }
        if r.family.is_none() {
            problems.push(
                Diagnostic::new(
                    Code::ExternalTool,
                    crate::layout::CONFIG_FILE,
                    crate::diagnostics::Pos::FILE,
                    format!(
                        "{}：[fonts] {} 中的字体都找不到，PDF 无法使用该字体",
                        r.role.label(),
                        r.role.key()
                    ),
                )
                .with_hint(
                    "运行 dangjian setup 安装开源字体，或把字体文件放进 [pdf] font_dirs 中的目录",
                ),
            );
        }
    }
    if resolved.iter().any(fonts::Resolution::is_substitute) {
        ctx.info(
            "\n提示：使用开源替代字体时，版式与正式公文一致，但字形与方正小标宋、仿宋_GB2312 等略有不同；\
把商用字体文件放进字体目录即可优先使用。",
        );
    }
    let failed = problems.has_errors();
    if !problems.is_empty() {
        ctx.report(problems, Format::Human);
    }
    i32::from(failed)
}
