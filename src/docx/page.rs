//! The page of a GB/T 9704 document in Word: A4, the 版心 156 × 225 mm at 37 mm from the top
//! and 28 mm from the binding side (mirrored margins), a grid of 22 lines × 28 characters,
//! the styles of the body and the heading levels, and the page numbers "— N —" outside in the
//! footer (odd pages right, even pages left). Lengths are twips (1/20 pt) unless said.

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Style, StyleType,
};

use crate::config::FontRole;

/// Twips in a millimetre.
pub(crate) const MM: f64 = 1440.0 / 25.4;

pub(crate) fn mm(v: f64) -> i32 {
    (v * MM).round() as i32
}

/// The 版心.
pub(crate) const BLOCK_W: i32 = 8844; // 156 mm
/// One grid line: 22 in the 版心 (579 × 22 = 12738 ≤ 12756; 580 would make 21).
pub(crate) const PITCH: i32 = 579;
/// One grid character (字): 156 mm / 28.
pub(crate) const ZI: i32 = 316;
/// 28 characters a line: each 3号 character 0.25 pt narrower (15.75 pt: 28 make 441 pt of
/// the 442.2 pt line, 29 would not fit). Why not Word's character grid (`linesAndChars`, a
/// pitch of 15.79 pt): LibreOffice gives every 16 pt character that is wider than a grid cell
/// two cells, 14 characters a line; condensed type keeps 28 in Word, WPS and LibreOffice.
pub(crate) const CONDENSED: i32 = -5;
/// Half-points.
pub(crate) const SIZE_3HAO: usize = 32;
pub(crate) const SIZE_2HAO: usize = 44;
pub(crate) const SIZE_4HAO: usize = 28;
pub(crate) const RED: &str = "E60012";

/// The first choice of each role: the office's own font when it opens the file (仿宋_GB2312,
/// 方正小标宋简体 …); Word and WPS substitute what is missing themselves.
pub(crate) struct Faces {
    pub fangsong: String,
    pub xiaobiaosong: String,
    pub heiti: String,
    pub kaiti: String,
    pub songti: String,
}

impl Faces {
    pub(crate) fn of(config: &crate::config::Config) -> Faces {
        let first = |r: FontRole| config.fonts.list(r).first().cloned().unwrap_or_default();
        Faces {
            fangsong: first(FontRole::FangSong),
            xiaobiaosong: first(FontRole::XiaoBiaoSong),
            heiti: first(FontRole::HeiTi),
            kaiti: first(FontRole::KaiTi),
            songti: first(FontRole::SongTi),
        }
    }
}

/// One font for every script: a Latin word or a number in the body is in the same face.
pub(crate) fn fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
        // Quotes (“”) and dashes are East Asian text here: without the hint LibreOffice sets
        // them as Western text, whose taller line takes two grid lines.
        .hint("eastAsia")
}

pub(crate) fn exact(twips: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(twips)
        .before(0)
        .after(0)
}

/// Style ids; their names are what the office sees in Word's style list.
pub(crate) const BODY: &str = "GwBody";
pub(crate) const HEADINGS: [&str; 4] = ["GwHeading1", "GwHeading2", "GwHeading3", "GwHeading4"];
pub(crate) const FLUSH: &str = "GwFlush";

fn styles(docx: Docx, f: &Faces) -> Docx {
    let body = |id: &str, name: &str| {
        let mut s = Style::new(id, StyleType::Paragraph);
        s.run_property = s.run_property.character_spacing(CONDENSED);
        s.name(name)
            .fonts(fonts(&f.fangsong))
            .size(SIZE_3HAO)
            .align(AlignmentType::Both)
            .line_spacing(LineSpacing::new().before(0).after(0))
            .snap_to_grid(true)
            .indent(None, Some(SpecialIndentType::FirstLine(2 * ZI)), None, None)
            .first_line_chars(200)
            .q_format(true)
    };
    docx.add_style(body(BODY, "公文正文"))
        .add_style(
            body(HEADINGS[0], "公文一级标题")
                .fonts(fonts(&f.heiti))
                .outline_lvl(0),
        )
        .add_style(
            body(HEADINGS[1], "公文二级标题")
                .fonts(fonts(&f.kaiti))
                .outline_lvl(1),
        )
        .add_style(body(HEADINGS[2], "公文三级标题").bold().outline_lvl(2))
        .add_style(body(HEADINGS[3], "公文四级标题").outline_lvl(3))
        .add_style(
            Style::new(FLUSH, StyleType::Paragraph)
                .name("公文顶格")
                .based_on(BODY)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
                .first_line_chars(0),
        )
}

/// "— N —" in 4号 宋体, one 字 (of 4号) in from the outside edge.
/// `raise`: twips under the number, when the footer's distance from the bottom is less than
/// [`FOOTER_MM`] (a letter's, for its lower double line).
fn page_number(f: &Faces, odd: bool, raise: u32) -> Footer {
    let run = |text: &str| {
        Run::new()
            .fonts(fonts(&f.songti))
            .size(SIZE_4HAO)
            .add_text(text)
    };
    let number = Run::new()
        .fonts(fonts(&f.songti))
        .size(SIZE_4HAO)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    let inset = 280; // 14 pt
    let p = Paragraph::new()
        .snap_to_grid(false)
        .line_spacing(exact(320).after(raise))
        .align(if odd {
            AlignmentType::Right
        } else {
            AlignmentType::Left
        })
        .indent(
            Some(if odd { 0 } else { inset }),
            None,
            Some(if odd { inset } else { 0 }),
            None,
        )
        .add_run(run("— "))
        .add_run(number)
        .add_run(run(" —"));
    Footer::new().add_paragraph(p)
}

/// A document with the page, the grid, the styles and the page numbers; `first_numbered`:
/// whether page 1 shows its number (a letter's does not).
pub(crate) fn document(f: &Faces, first_numbered: bool) -> Docx {
    let footer_mm = if first_numbered {
        FOOTER_MM
    } else {
        LETTER_FOOTER_MM
    };
    let raise = mm(FOOTER_MM - footer_mm) as u32;
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                // Only a letter's page 1 has a header: its organ name 30 mm from the top.
                .header(mm(29.8))
                // The footer's line box: its dashes come 7 mm below the 版心 (measured).
                .footer(mm(footer_mm))
                .gutter(0),
        )
        .default_fonts(fonts(&f.fangsong))
        .default_size(SIZE_3HAO)
        .footer(page_number(f, true, raise))
        .even_footer(page_number(f, false, raise));
    if !first_numbered {
        // Page 1's own header and footer (a letter's head and its lower double line) are
        // added by the caller.
        docx = docx.title_pg();
    }
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(PITCH as usize),
    );
    styles(docx, f)
}

/// The distance of the footer from the page's bottom edge: the page number's line ends there.
const FOOTER_MM: f64 = 25.5;
/// A letter's: page 1's footer is its lower double line, 20 mm above the bottom (10.1); the
/// page numbers keep their place with space under them.
const LETTER_FOOTER_MM: f64 = 19.6;

pub(crate) fn page_break() -> Paragraph {
    Paragraph::new()
        .style(FLUSH)
        .add_run(Run::new().add_break(BreakType::Page))
}

/// docx-rs writes a picture's offset as an unsigned number: the seal's, above its
/// paragraph, comes out as 2³² less its size. Back to the signed value the format wants.
fn signed_offsets(xml: &str) -> String {
    const TAG: &str = "<wp:posOffset>";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(TAG) {
        let (head, tail) = rest.split_at(at + TAG.len());
        out.push_str(head);
        let end = tail.find('<').unwrap_or(tail.len());
        match tail[..end].parse::<u64>() {
            Ok(v) if v > i32::MAX as u64 => out.push_str(&(v as i64 - (1i64 << 32)).to_string()),
            _ => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The complete file. docx-rs has no `w:mirrorMargins` (the binding side alternates on duplex
/// pages): it is added to the settings part it wrote. Every part is written without a time,
/// and docx-rs's zip entries carry the zip format's fixed default date, so the same records
/// give the same bytes.
pub(crate) fn pack(docx: Docx) -> Result<Vec<u8>, String> {
    let mut xml = docx.build();
    // GB/T 9704 sets "2024年3月" without the extra space Word and LibreOffice put between
    // Chinese and Latin text or digits by default, and keeps a line's closing mark inside the
    // 版心 (Word lets it hang into the margin by default); docx-rs cannot say so in a style.
    let styles = String::from_utf8_lossy(&xml.styles).replace(
        "<w:snapToGrid ",
        "<w:overflowPunct w:val=\"0\" /><w:autoSpaceDE w:val=\"0\" /><w:autoSpaceDN w:val=\"0\" /><w:snapToGrid ",
    );
    xml.styles = styles.into_bytes();
    // docx-rs floats a picture with square wrapping; the seal lies on the signature and date
    // without moving them.
    let document = String::from_utf8_lossy(&xml.document).replace(
        "<wp:wrapSquare wrapText=\"bothSides\" />",
        "<wp:wrapNone />",
    );
    xml.document = signed_offsets(&document).into_bytes();
    let settings = String::from_utf8_lossy(&xml.settings).into_owned();
    let patched = match settings.find("<w:defaultTabStop") {
        Some(at) => format!("{}<w:mirrorMargins />{}", &settings[..at], &settings[at..]),
        None => return Err("settings.xml 中没有 defaultTabStop".to_owned()),
    };
    xml.settings = patched.into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    #[test]
    fn negative_picture_offsets_are_written_signed() {
        assert_eq!(
            super::signed_offsets(
                "<wp:posOffset>4294650961</wp:posOffset><wp:posOffset>12</wp:posOffset>"
            ),
            "<wp:posOffset>-316335</wp:posOffset><wp:posOffset>12</wp:posOffset>"
        );
    }
}
