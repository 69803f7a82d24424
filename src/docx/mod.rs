//! Notices as Word documents (`.docx`) laid out to GB/T 9704 like their PDFs, from the same
//! prepared view (`present::notice::document` with [`body::DocxBody`] as its body writer):
//! for offices that edit or file notices in Word or WPS. Written with docx-rs; what it lacks
//! (`w:mirrorMargins`, a picture in front of the text) is added to the parts it writes
//! ([`page::pack`]). Fonts are named by each role's first choice (仿宋_GB2312, 方正小标宋简体 …),
//! so that the office's own fonts are used when it opens the file.

pub(crate) mod blocks;
pub(crate) mod body;
mod notice;
pub(crate) mod page;

use crate::content::Notice;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::present::Context;

/// The complete `.docx` of `n`: the same records give the same bytes.
pub(crate) fn notice_docx(site: &crate::Site, n: &Notice) -> Result<Vec<u8>, Diagnostic> {
    let years = crate::present::Years::compute(site);
    let history = crate::history::History::default();
    let ctx = Context {
        site,
        years: &years,
        history: &history,
        pdf_links: false,
    };
    notice_docx_in(&ctx, n)
}

/// [`notice_docx`] with the figures already computed (a build writes every notice's).
pub(crate) fn notice_docx_in(ctx: &Context<'_>, n: &Notice) -> Result<Vec<u8>, Diagnostic> {
    let doc = crate::present::notice::document(ctx, n, &body::DocxBody)?;
    let seal = match &doc.seal_source {
        Some(path) => Some(seal(path, n)?),
        None => None,
    };
    let faces = page::Faces::of(&ctx.site.config);
    let docx = notice::write(&faces, &doc.view, seal);
    page::pack(docx).map_err(|e| {
        Diagnostic::new(
            Code::Output,
            &n.file,
            Pos::FILE,
            format!("无法生成 Word 文档：{e}"),
        )
    })
}

/// Every notice's `.docx` beside its PDF (`build --docx`), written into the build's output.
pub(crate) fn write_all(
    ctx: &Context<'_>,
    writer: &crate::publish::Writer,
) -> Result<(), crate::diagnostics::Diagnostics> {
    use rayon::prelude::*;
    let errors: Vec<Diagnostic> = ctx
        .site
        .corpus
        .notices
        .par_iter()
        .filter_map(|n| {
            let bytes = match notice_docx_in(ctx, n) {
                Ok(b) => b,
                Err(d) => return Some(d),
            };
            writer
                .put(crate::present::links::notice_docx(n), &bytes)
                .err()
                .map(|e| Diagnostic::general(Code::Output, format!("写入输出失败：{e}")))
        })
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    let mut diags = crate::diagnostics::Diagnostics::new();
    diags.extend(errors);
    Err(diags)
}

/// The seal image and its size in pixels. Word and WPS show PNG and JPEG; the size is read
/// from the file's header (no image library for two numbers).
fn seal(path: &std::path::Path, n: &Notice) -> Result<(Vec<u8>, u32, u32), Diagnostic> {
    let bad = |why: String| {
        Diagnostic::new(
            Code::Io,
            crate::layout::CONFIG_FILE,
            Pos::FILE,
            format!("无法把公章图片放入“{}”的 Word 文档：{why}", n.title),
        )
    };
    let bytes = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let (w, h) =
        image_size(&bytes).ok_or_else(|| bad("公章图片须为 PNG 或 JPEG 格式".to_owned()))?;
    Ok((bytes, w, h))
}

/// Width and height of a PNG (IHDR) or JPEG (the first SOF segment).
pub(crate) fn image_size(b: &[u8]) -> Option<(u32, u32)> {
    let be32 =
        |i: usize| -> Option<u32> { Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?)) };
    let be16 = |i: usize| -> Option<u32> {
        Some(u32::from(u16::from_be_bytes(
            b.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    if b.starts_with(b"\x89PNG\r\n\x1a\n") && b.get(12..16) == Some(b"IHDR") {
        return Some((be32(16)?, be32(20)?)).filter(|&(w, h)| w > 0 && h > 0);
    }
    if b.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < b.len() {
            if b[i] != 0xFF {
                return None;
            }
            let marker = b[i + 1];
            let len = be16(i + 2)? as usize;
            if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                return Some((be16(i + 7)?, be16(i + 5)?)).filter(|&(w, h)| w > 0 && h > 0);
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes_are_read_from_png_and_jpeg_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&300u32.to_be_bytes());
        png.extend_from_slice(&200u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((300, 200)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0, 50, 0, 70, 3, 0, 0, 0,
        ];
        assert_eq!(image_size(&jpeg), Some((70, 50)));
        assert_eq!(image_size(b"GIF89a"), None);
    }
}
