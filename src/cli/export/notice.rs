//! `dangjian export notice 2024/1 --docx`: one notice as a Word document laid out to GB/T 9704
//! (src/docx), for an office that edits or files its notices in Word or WPS.

use std::path::PathBuf;

use clap::Args;

use super::super::{Ctx, Format as DiagFormat, display};
use super::{fail, save};
use crate::Site;
use crate::content::Notice;

#[derive(Args, Debug)]
pub(crate) struct NoticeArgs {
    /// 通知：年份/序号（如 2024/1），另行编号的系列写在前面（如 han/2026/10）
    #[arg(value_name = "通知")]
    pub notice: String,
    /// 导出为 Word 文档（.docx，按 GB/T 9704 版式）
    #[arg(long, required = true)]
    pub docx: bool,
    /// 保存到这个文件（默认：当前文件夹下的 `<文号>.docx`）
    #[arg(long, value_name = "文件")]
    pub output: Option<PathBuf>,
}

const FORM: &str =
    "写作 年份/序号（如 2024/1），另行编号的系列写作 系列/年份/序号（如 han/2026/10）";

/// `2024/1` or `han/2026/10`: (series, year, number).
fn parse(arg: &str) -> Option<(Option<&str>, i32, u32)> {
    let parts: Vec<&str> = arg.trim().trim_matches('/').split('/').collect();
    let (series, year, number) = match parts.as_slice() {
        [y, n] => (None, *y, *n),
        [s, y, n] if !s.is_empty() => (Some(*s), *y, *n),
        _ => return None,
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(year) || !digits(number) {
        return None;
    }
    Some((series, year.parse().ok()?, number.parse().ok()?))
}

pub(super) fn run(ctx: &Ctx, args: NoticeArgs) -> i32 {
    let Some((series, year, number)) = parse(&args.notice) else {
        return fail(&format!("无法识别通知“{}”：{FORM}", args.notice));
    };
    if let Some(out) = &args.output
        && out.is_dir()
    {
        return fail(&format!(
            "`{}` 是一个文件夹，不能保存为 Word 文档；请写出文件名，例如 `{}`",
            display(out),
            display(&out.join("通知.docx"))
        ));
    }
    let (site, diags) = Site::load(&ctx.root, None);
    let Some(site) = site.filter(|_| !diags.has_errors()) else {
        ctx.report(diags, DiagFormat::Human);
        eprintln!("记录有错误，无法导出通知；先修正上面的问题");
        return 1;
    };
    let found = site.corpus.notices.iter().find(|n: &&Notice| {
        n.series.as_deref() == series && n.year == year && n.number.value == number
    });
    let Some(n) = found else {
        let asked = match series {
            Some(s) => format!("{s}/{year}/{number}"),
            None => format!("{year}/{number}"),
        };
        return fail(&format!(
            "没有文号为 {asked} 的通知；{FORM}；运行 dangjian check 可列出记录中的问题"
        ));
    };
    let bytes = match crate::docx::notice_docx(&site, n) {
        Ok(b) => b,
        Err(d) => {
            let mut diags = crate::diagnostics::Diagnostics::new();
            diags.push(d);
            ctx.report(diags, DiagFormat::Human);
            return 1;
        }
    };
    let number_text = site.config.doc_number(n);
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{number_text}.docx")));
    if let Err(e) = save(&out, &bytes) {
        return fail(&format!("无法保存 `{}`：{e}", display(&out)));
    }
    ctx.info(format!("已导出 {number_text}：{}", display(&out)));
    0
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn notices_are_named_by_year_and_number_with_the_series_first() {
        assert_eq!(parse("2024/1"), Some((None, 2024, 1)));
        assert_eq!(parse("han/2026/10"), Some((Some("han"), 2026, 10)));
        assert_eq!(parse("2024-1"), None);
        assert_eq!(parse("2024/一"), None);
        assert_eq!(parse("/2024/"), None);
    }
}
