//! A notice's view as a Word document laid out as `notice.typ` lays out the PDF: the 版头
//! (red organ mark, document number, red line with ★; or the letter's head), title, 主送,
//! body, 附件说明, signature and date (with the seal), the issued document, the attachments
//! (with the checklist table) and the 版记 at the foot of the last page.
//!
//! Word has no absolute positions in the text flow, so the 版头 is a stack of paragraphs
//! with exact heights (off the grid) whose sum puts each element where GB/T 9704 wants it and
//! ends on a grid line; everything after it is on the grid.

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Pic, RelativeFromHType, RelativeFromVType, Run, SpecialIndentType, Table,
    TableBorder, TableBorderPosition, TableCell, TableCellBorder, TableCellBorderPosition,
    TableLayoutType, TablePositionProperty, TableRow, VAlignType, VMergeType, WidthType,
};

use super::blocks::{self, Item, TWO_ZI, blank, text_cell, title};
use super::body::Block;
use super::page::{
    self, BLOCK_W, FLUSH, Faces, PITCH, RED, SIZE_3HAO, SIZE_4HAO, ZI, exact, fonts, mm,
};
use crate::present::checklist::Table as Checklist;
use crate::present::notice::NoticeView;

/// Where a 小标宋 line's ink starts below the top of its exact line box, as a share of the
/// type size, and how tall the ink of CJK characters is (measured in LibreOffice's PDFs
/// with the open substitutes).
const INK_TOP: f64 = 0.035;
const INK_HEIGHT: f64 = 0.93;
/// The document number's line box, and where a 3号 line's ink starts in it, in twips.
const NUMBER_H: i32 = 340;
const LINE_INK_TOP: i32 = 90;

pub(crate) struct Doc {
    pub docx: Docx,
    items: Vec<Item>,
}

impl Doc {
    fn p(&mut self, p: Paragraph) {
        self.items.push(Item::Para(Box::new(p)));
    }
    fn t(&mut self, t: Table) {
        self.items.push(Item::Table(Box::new(t)));
    }
    fn all(&mut self, items: Vec<Item>) {
        self.items.extend(items);
    }
}

/// An empty paragraph `h` twips high, off the grid.
fn space(h: i32) -> Paragraph {
    Paragraph::new()
        .style(FLUSH)
        .snap_to_grid(false)
        .line_spacing(exact(h.max(20)))
        .add_run(Run::new().size(2))
}

/// A 3号 line without indent, `h` twips high and off the grid.
fn line(text: &str, h: i32, align: AlignmentType) -> Paragraph {
    Paragraph::new()
        .style(FLUSH)
        .snap_to_grid(false)
        .line_spacing(exact(h))
        .align(align)
        .add_run(Run::new().add_text(text))
}

/// The display width of `s` in 字: CJK and full-width characters one, others half.
fn width_zi(s: &str) -> f64 {
    s.chars()
        .map(|c| {
            if crate::markup::parse::is_cjk(c) {
                1.0
            } else {
                0.5
            }
        })
        .sum()
}

/// The organ mark as large as fits (at most `max_pt`), narrowed to at most the 版心's width
/// and never below 60 % of the face (the size comes down instead). (size in half-points,
/// scale %).
fn mark_size(text: &str, max_pt: f64) -> (usize, i32) {
    let natural = width_zi(text).max(1.0) * max_pt;
    let room = 440.0; // pt: the 版心 less a little for the face's side bearings
    let (size, scale) = if natural * 0.6 > room {
        (room / (width_zi(text) * 0.6), 60.0)
    } else {
        (max_pt, (room / natural * 100.0).min(100.0))
    };
    ((size * 2.0).floor() as usize, scale.floor() as i32)
}

/// The mark's paragraph, its box height, and where its ink starts and how tall it is.
fn mark_paragraph(f: &Faces, text: &str, max_pt: f64) -> (Paragraph, i32, i32, i32) {
    let (half_points, scale) = mark_size(text, max_pt);
    let size_tw = (half_points * 10) as i32;
    let box_h = (f64::from(size_tw) * 1.1).round() as i32;
    let p = Paragraph::new()
        .style(FLUSH)
        .snap_to_grid(false)
        .align(AlignmentType::Center)
        .line_spacing(exact(box_h))
        .add_run(
            Run::new()
                .fonts(fonts(&f.xiaobiaosong))
                .size(half_points)
                .color(RED)
                .stretch(scale)
                .add_text(text),
        );
    let ink_top = (f64::from(size_tw) * INK_TOP).round() as i32;
    let ink_h = (f64::from(size_tw) * INK_HEIGHT).round() as i32;
    (p, box_h, ink_top, ink_h)
}

fn no_borders(c: TableCell) -> TableCell {
    let none = |p| TableCellBorder::new(p).border_type(BorderType::Nil).size(0);
    c.set_border(none(TableCellBorderPosition::Top))
        .set_border(none(TableCellBorderPosition::Bottom))
        .set_border(none(TableCellBorderPosition::Left))
        .set_border(none(TableCellBorderPosition::Right))
}

/// The red line under the document number with a ★ in a gap at its middle: a borderless
/// table of two rows `half` high whose side cells in the first row have a thick red bottom
/// border, the line, and whose middle cell spans both rows and holds the star, red, centred
/// on the line (LibreOffice and Word draw cell borders faithfully; a drawn shape would need
/// DrawingML that docx-rs does not write).
fn red_line(f: &Faces, half: i32) -> Table {
    let gap = mm(8.2) as usize;
    let side = (BLOCK_W as usize - gap) / 2;
    let ruled = |c: TableCell| {
        no_borders(c).set_border(
            TableCellBorder::new(TableCellBorderPosition::Bottom)
                .border_type(BorderType::Single)
                .size(18) // eighths of a point: 2.25 pt, 0.8 mm
                .color(RED),
        )
    };
    let empty = || {
        Paragraph::new()
            .style(FLUSH)
            .snap_to_grid(false)
            .line_spacing(exact(20))
            .add_run(Run::new().size(2))
    };
    let star = Paragraph::new()
        .style(FLUSH)
        .snap_to_grid(false)
        .align(AlignmentType::Center)
        .line_spacing(exact(2 * half))
        .add_run(
            Run::new()
                .fonts(fonts(&f.songti))
                .size(SIZE_3HAO)
                .color(RED)
                .add_text("★"),
        );
    let cell = |w: usize| TableCell::new().width(w, WidthType::Dxa);
    let row = |cells| {
        TableRow::new(cells)
            .row_height(half as f32)
            .height_rule(docx_rs::HeightRule::Exact)
    };
    let rows = vec![
        row(vec![
            ruled(cell(side).add_paragraph(empty())),
            no_borders(cell(gap))
                .vertical_merge(VMergeType::Restart)
                .vertical_align(VAlignType::Center)
                .add_paragraph(star),
            ruled(cell(side).add_paragraph(empty())),
        ]),
        row(vec![
            no_borders(cell(side).add_paragraph(empty())),
            no_borders(cell(gap))
                .vertical_merge(VMergeType::Continue)
                .add_paragraph(empty()),
            no_borders(cell(side).add_paragraph(empty())),
        ]),
    ];
    Table::new(rows)
        .set_grid(vec![side, gap, side])
        .layout(TableLayoutType::Fixed)
        .width(BLOCK_W as usize, WidthType::Dxa)
        .margins(docx_rs::TableCellMargins::new().margin(0, 0, 0, 0))
        .clear_all_border()
}

/// 份号, 密级 and 紧急程度, one a grid line, flush left.
fn marks(f: &Faces, v: &NoticeView<Vec<Block>>) -> Vec<Paragraph> {
    let mut out = Vec::new();
    if let Some(c) = &v.copy_number {
        out.push(line(c, PITCH, AlignmentType::Left));
    }
    for m in [&v.secrecy, &v.urgency].into_iter().flatten() {
        out.push(
            Paragraph::new()
                .style(FLUSH)
                .snap_to_grid(false)
                .line_spacing(exact(PITCH))
                .add_run(Run::new().fonts(fonts(&f.heiti)).add_text(m)),
        );
    }
    out
}

/// 文件格式 (7.2): the mark's top 35 mm below the 版心's top, the number two lines under it,
/// the red line 4 mm under the number, the title on the third grid line after the red line.
fn file_head(d: &mut Doc, f: &Faces, v: &NoticeView<Vec<Block>>) {
    let mut y = 0;
    for p in marks(f, v) {
        d.p(p);
        y += PITCH;
    }
    let (mark, box_h, ink_top, ink_h) = mark_paragraph(f, &format!("{}文件", v.organ_mark), 62.0);
    let mark_top = mm(35.0);
    let before = mark_top - ink_top - y;
    d.p(space(before));
    d.p(mark);
    y += before + box_h;
    let number_top = mark_top + ink_h + 2 * PITCH;
    let box_top = number_top - LINE_INK_TOP;
    d.p(space(box_top - y));
    let number = if v.upward {
        // 7.2.5/7.2.6: the number one 字 in from the left, 签发人 one 字 in from the right.
        let signer = v.signer.clone().unwrap_or_default();
        Paragraph::new()
            .style(FLUSH)
            .snap_to_grid(false)
            .line_spacing(exact(NUMBER_H))
            .indent(Some(ZI), None, Some(ZI), None)
            .add_tab(
                docx_rs::Tab::new()
                    .val(docx_rs::TabValueType::Right)
                    .pos((BLOCK_W - 2 * ZI) as usize),
            )
            .add_run(
                Run::new()
                    .add_text(&v.number)
                    .add_tab()
                    .add_text("签发人："),
            )
            .add_run(Run::new().fonts(fonts(&f.kaiti)).add_text(&signer))
    } else {
        line(&v.number, NUMBER_H, AlignmentType::Center)
    };
    d.p(number);
    y = box_top + NUMBER_H;
    // The number's ink is 290 twips high; LibreOffice draws a cell's bottom border 60 twips
    // below the row's edge (measured).
    let rule_y = number_top + 290 + mm(4.0) - 60;
    let half = 150;
    d.p(space(rule_y - half - y));
    d.t(red_line(f, half));
    // The title on the third grid line after the red line.
    let title_top = (rule_y + PITCH - 1) / PITCH * PITCH + 2 * PITCH;
    d.p(space(title_top - rule_y - half));
}

/// 信函格式 (10.1): the organ name 30 mm from the page top and a red double line (thick
/// over thin) 4 mm under it, 170 mm long and centred on the page, in page 1's header; another
/// double line (thin over thick) 20 mm above the page bottom in page 1's footer; the number
/// flush right under the first.
fn letter_head(d: &mut Doc, f: &Faces, v: &NoticeView<Vec<Block>>) {
    let (mark, ..) = mark_paragraph(f, &v.organ_name, 34.0);
    // 20 mm margins on page 1 (its left is the 28 mm binding side, its right 26 mm).
    let (left, right) = (-mm(8.0), -mm(6.0));
    let double = |pos: ParagraphBorderPosition, kind: BorderType| {
        ParagraphBorder::new(pos)
            .val(kind)
            .size(12)
            .space(0)
            .color(RED)
    };
    let mut top_rule = Paragraph::new()
        .style(FLUSH)
        .snap_to_grid(false)
        .line_spacing(exact(mm(4.0)))
        .indent(
            Some(left),
            Some(SpecialIndentType::FirstLine(0)),
            Some(right),
            None,
        );
    top_rule.property = top_rule
        .property
        .set_borders(ParagraphBorders::with_empty().set(double(
            ParagraphBorderPosition::Bottom,
            BorderType::ThickThinSmallGap,
        )));
    let header = Header::new().add_paragraph(mark).add_paragraph(top_rule);
    let mut bottom_rule = Paragraph::new()
        .style(FLUSH)
        .snap_to_grid(false)
        .line_spacing(exact(40))
        .indent(
            Some(left),
            Some(SpecialIndentType::FirstLine(0)),
            Some(right),
            None,
        );
    bottom_rule.property = bottom_rule
        .property
        .set_borders(ParagraphBorders::with_empty().set(double(
            ParagraphBorderPosition::Top,
            BorderType::ThinThickSmallGap,
        )));
    let footer = docx_rs::Footer::new().add_paragraph(bottom_rule);
    let docx = std::mem::take(&mut d.docx);
    d.docx = docx.first_header(header).first_footer(footer);
    for p in marks(f, v) {
        d.p(p);
    }
    d.p(line(&v.number, PITCH, AlignmentType::Right));
    d.p(blank());
}

/// 附件说明: one blank line after the body, two 字 in; several attachments are numbered and
/// wrapped lines align with the name.
fn attachment_note(d: &mut Doc, v: &NoticeView<Vec<Block>>) {
    let count = v.attachments.len();
    if count == 0 {
        return;
    }
    d.p(blank().keep_next(true));
    for (i, a) in v.attachments.iter().enumerate() {
        let (label, number) = match (i, count) {
            (0, _) => ("附件：", if count > 1 { "1." } else { "" }),
            _ => ("", ""),
        };
        let number = if i > 0 {
            format!("{}.", i + 1)
        } else {
            number.to_owned()
        };
        let hang = 3 * ZI + if count > 1 { ZI } else { 0 };
        let p = Paragraph::new()
            .style(FLUSH)
            .indent(
                Some(TWO_ZI + hang),
                Some(SpecialIndentType::Hanging(if i == 0 {
                    hang
                } else {
                    hang - 3 * ZI
                })),
                None,
                None,
            )
            .keep_next(true)
            .add_run(Run::new().add_text(format!("{label}{number}{}", a.title)));
        d.p(p);
    }
}

/// 署名 and 成文日期 (7.3.5), by their widths in 字 as `notice.typ` places them.
fn signature(d: &mut Doc, v: &NoticeView<Vec<Block>>, seal: Option<&(Vec<u8>, u32, u32)>) {
    if !v.signed {
        if let Some(n) = &v.note {
            d.p(Paragraph::new()
                .style(page::BODY)
                .add_run(Run::new().add_text(format!("（{n}）"))));
        }
        return;
    }
    let sw = width_zi(&v.issuer);
    let dw = width_zi(&v.date);
    let zi = f64::from(ZI);
    let (sig_right, date_right) = if seal.is_some() {
        (4.0 + (dw - sw) / 2.0, 4.0)
    } else if sw + 2.0 + dw > 26.0 || dw > sw {
        // The date two 字 in from the right, the signature two 字 left of its start.
        (4.0 + dw - sw, 2.0)
    } else {
        (2.0, sw - dw)
    };
    let right = |z: f64| (z.max(0.0) * zi).round() as i32;
    d.p(blank().keep_next(true));
    let mut sig = Paragraph::new()
        .style(FLUSH)
        .align(AlignmentType::Right)
        .indent(Some(0), None, Some(right(sig_right)), None)
        .keep_next(true);
    if let Some((bytes, w, h)) = seal {
        // A 40 mm seal centred over the date, its centre 2 mm above the pair's middle (one
        // grid line below the signature's top), in front of the text (wrapNone, see `pack`).
        let emu = |mm_: f64| (mm_ * 36000.0).round() as i32;
        let size = 40.0;
        let centre_x = f64::from(BLOCK_W) / page::MM - (date_right + dw / 2.0) * zi / page::MM;
        let pic = Pic::new_with_dimensions(bytes.clone(), *w, *h)
            .size(emu(size) as u32, emu(size) as u32)
            .floating()
            .relative_from_h(RelativeFromHType::Column)
            .relative_from_v(RelativeFromVType::Paragraph)
            .offset_x(emu(centre_x - size / 2.0))
            .offset_y(emu(PITCH as f64 / page::MM - size / 2.0 - 2.0));
        sig = sig.add_run(Run::new().add_image(pic));
    }
    d.p(sig.add_run(Run::new().add_text(&v.issuer)));
    d.p(Paragraph::new()
        .style(FLUSH)
        .align(AlignmentType::Right)
        .indent(Some(0), None, Some(right(date_right)), None)
        .add_run(Run::new().add_text(&v.date)));
    if let Some(n) = &v.note {
        d.p(Paragraph::new()
            .style(page::BODY)
            .add_run(Run::new().add_text(format!("（{n}）"))));
    }
}

/// The checklist (考核清单) as a table: category and group in merged cells (vMerge) with
/// their points, each item with its points and departments; the 合计 row when the checklist
/// has one. 12 pt 仿宋, the header in 黑体.
fn checklist(f: &Faces, c: &Checklist) -> Table {
    let widths = [1104usize, 1488, 0, 672, 1824];
    let rest = BLOCK_W as usize - widths.iter().sum::<usize>();
    let widths = [widths[0], widths[1], rest, widths[3], widths[4]];
    let centre = AlignmentType::Center;
    let head = ["类别", "任务目标", "具体内容", "分值", "责任部门"];
    let mut rows = vec![TableRow::new(
        head.iter()
            .zip(widths)
            .map(|(h, w)| text_cell(f, &[h], w, centre, true))
            .collect(),
    )];
    for cat in &c.categories {
        let mut first_in_cat = true;
        for g in &cat.groups {
            let mut first_in_group = true;
            for it in &g.items {
                let merged = |first: bool, name: &str, points: &str, w: usize| {
                    if first {
                        let points = format!("（{points}）");
                        text_cell(f, &[name, &points], w, centre, false)
                            .vertical_merge(VMergeType::Restart)
                    } else {
                        text_cell(f, &[], w, centre, false).vertical_merge(VMergeType::Continue)
                    }
                };
                let deps: Vec<&str> = it.departments.iter().map(String::as_str).collect();
                rows.push(
                    TableRow::new(vec![
                        merged(first_in_cat, &cat.name, &cat.points, widths[0]),
                        merged(first_in_group, &g.name, &g.points, widths[1]),
                        text_cell(f, &[&it.text], widths[2], AlignmentType::Left, false),
                        text_cell(f, &[&it.points], widths[3], centre, false),
                        text_cell(f, &deps, widths[4], centre, false),
                    ])
                    .cant_split(),
                );
                first_in_cat = false;
                first_in_group = false;
            }
        }
    }
    if c.total_row {
        rows.push(TableRow::new(vec![
            text_cell(
                f,
                &["合计"],
                widths[0] + widths[1] + widths[2],
                centre,
                true,
            )
            .grid_span(3),
            text_cell(f, &[&c.points], widths[3], centre, false),
            text_cell(f, &[], widths[4], centre, false),
        ]));
    }
    Table::new(rows)
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
        .width(BLOCK_W as usize, WidthType::Dxa)
}

/// The 版记 (7.4) at the foot of the last page: a table floated to the bottom of the 版心,
/// one row a grid line, its rules the table's borders (first and last 0.35 mm, between the
/// rows 0.25 mm). LibreOffice (7.4) floats a table only when it is some 280 twips narrower
/// than the text (measured: 8550 floats, 8600 does not), and otherwise leaves it in the text
/// after the signature; so it is 300 twips narrower than the 版心, centred, and the rules
/// lack 2.6 mm at each end. The text is one 4号 字 in from the 版心's sides. A letter's has
/// no 印发 line and no rules.
fn banji(v: &NoticeView<Vec<Block>>, letter: bool) -> Option<Table> {
    let short = 300;
    let width = (BLOCK_W - short) as usize;
    let inset = (280 - short / 2) as usize;
    let date_w = 3600usize;
    let grid = vec![width - date_w, date_w];
    let para = |text: &str, align: AlignmentType| {
        Paragraph::new()
            .style(FLUSH)
            .snap_to_grid(false)
            .line_spacing(exact(360))
            .align(align)
            .add_run(Run::new().size(SIZE_4HAO).add_text(text))
    };
    // The rules are the table's borders: the cells have none of their own.
    let cell = |w: usize| {
        TableCell::new()
            .width(w, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
    };
    let row = |cells| {
        TableRow::new(cells)
            .row_height(PITCH as f32)
            .height_rule(docx_rs::HeightRule::AtLeast)
            .cant_split()
    };
    let mut rows = Vec::new();
    if let Some(cc) = &v.cc {
        // "抄送：A，B。" with wrapped lines aligned after the colon.
        let p = para(&format!("抄送：{cc}。"), AlignmentType::Left).indent(
            Some(3 * 280),
            Some(SpecialIndentType::Hanging(3 * 280)),
            None,
            None,
        );
        rows.push(row(vec![cell(width).grid_span(2).add_paragraph(p)]));
    }
    if !letter {
        rows.push(row(vec![
            cell(grid[0]).add_paragraph(para(&v.print_office, AlignmentType::Left)),
            cell(grid[1])
                .add_paragraph(para(&format!("{}印发", v.print_date), AlignmentType::Right)),
        ]));
    }
    if rows.is_empty() {
        return None;
    }
    let rule = |p, size| {
        TableBorder::new(p)
            .border_type(if letter {
                BorderType::Nil
            } else {
                BorderType::Single
            })
            .size(size)
            .color("000000")
    };
    let none = |p| TableBorder::new(p).border_type(BorderType::Nil).size(0);
    Some(
        Table::new(rows)
            .set_grid(grid)
            .layout(TableLayoutType::Fixed)
            .width(width, WidthType::Dxa)
            .margins(docx_rs::TableCellMargins::new().margin(0, inset, 0, inset))
            .position(
                TablePositionProperty::new()
                    .vertical_anchor("margin")
                    .horizontal_anchor("margin")
                    .position_x_alignment("center")
                    .position_y_alignment("bottom"),
            )
            .set_border(rule(TableBorderPosition::Top, 8))
            .set_border(rule(TableBorderPosition::Bottom, 8))
            .set_border(rule(TableBorderPosition::InsideH, 6))
            .set_border(none(TableBorderPosition::Left))
            .set_border(none(TableBorderPosition::Right))
            .set_border(none(TableBorderPosition::InsideV)),
    )
}

/// The whole notice. `seal`: the PNG and its pixel size.
pub(crate) fn write(
    f: &Faces,
    v: &NoticeView<Vec<Block>>,
    seal: Option<(Vec<u8>, u32, u32)>,
) -> Docx {
    let letter = v.format == "letter";
    let mut d = Doc {
        docx: page::document(f, !letter),
        items: Vec::new(),
    };
    if letter {
        letter_head(&mut d, f, v);
    } else {
        file_head(&mut d, f, v);
    }
    d.p(title(f, &v.title_lines));
    d.p(blank());
    d.p(Paragraph::new()
        .style(FLUSH)
        .add_run(Run::new().add_text(format!("{}：", v.recipients))));
    d.all(blocks::blocks(f, &v.body));
    // 7.3.5.5: the signature and date never stand alone on a page; the body's last paragraph
    // goes with them. Not a body of one paragraph: LibreOffice would move it whole, and page 1
    // must show body text.
    if v.signed
        && v.body.len() > 1
        && let Some(Item::Para(p)) = d.items.last_mut()
    {
        **p = (**p).clone().keep_next(true);
    }
    if v.issued.is_none() {
        attachment_note(&mut d, v);
    }
    signature(&mut d, v, seal.as_ref());
    if let Some(issued) = &v.issued {
        d.p(page::page_break());
        d.p(title(f, &issued.title_lines));
        if let Some(s) = &issued.annual {
            subtitle(&mut d, f, s);
        }
        d.p(blank());
        if let Some(b) = &issued.body {
            d.all(blocks::blocks(f, b));
        }
        if let Some(s) = &issued.annual {
            d.all(blocks::blocks(f, &s.body));
        }
        attachment_note(&mut d, v);
    }
    for a in &v.attachments {
        d.p(page::page_break());
        d.p(Paragraph::new()
            .style(FLUSH)
            .add_run(Run::new().fonts(fonts(&f.heiti)).add_text(&a.label)));
        d.p(blank());
        d.p(title(f, &a.title_lines));
        if let Some(s) = &a.annual {
            subtitle(&mut d, f, s);
        }
        d.p(blank());
        if let Some(b) = &a.body {
            d.all(blocks::blocks(f, b));
        }
        if let Some(c) = &a.checklist {
            d.t(checklist(f, c));
        }
        if let Some(see) = &a.see {
            d.p(Paragraph::new()
                .style(page::BODY)
                .add_run(Run::new().add_text(see)));
        }
        if let Some(s) = &a.annual {
            d.all(blocks::blocks(f, &s.body));
        }
    }
    if let Some(t) = banji(v, letter) {
        d.t(t);
        // A floating table is anchored to the paragraph after it.
        d.p(space(20));
    }
    let mut docx = d.docx;
    for item in d.items {
        docx = match item {
            Item::Para(p) => docx.add_paragraph(*p),
            Item::Table(t) => docx.add_table(*t),
        };
    }
    docx
}

/// The annual summary's subtitle and date under its title, in 楷体 centred.
fn subtitle<B>(d: &mut Doc, f: &Faces, s: &crate::present::annual::SummaryView<B>) {
    let date = s.date.as_ref().map(|d| format!("（{d}）"));
    for text in [s.subtitle.as_ref(), date.as_ref()].into_iter().flatten() {
        d.p(Paragraph::new()
            .style(FLUSH)
            .align(AlignmentType::Center)
            .add_run(Run::new().fonts(fonts(&f.kaiti)).add_text(text)));
    }
}
