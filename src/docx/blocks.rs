//! The body's blocks ([`super::body`]) as docx paragraphs and tables. Text goes into `w:t`
//! elements, which docx-rs escapes: record text stays text (no field codes, no markup).

use docx_rs::{
    AlignmentType, BreakType, Paragraph, Run, Table, TableCell, TableCellBorder,
    TableCellBorderPosition, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::body::{Block, Face, Para, ParaKind, Span};
use super::page::{self, BODY, Faces, HEADINGS, PITCH, SIZE_2HAO, ZI};

/// A span as runs: `\n` is a line break.
pub(crate) fn runs(f: &Faces, s: &Span, size: Option<usize>) -> Vec<Run> {
    let mut out = Vec::new();
    for (i, part) in s.text.split('\n').enumerate() {
        let mut r = Run::new();
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        if !part.is_empty() {
            r = r.add_text(part);
        }
        r = match s.face {
            Face::Body => r,
            Face::Hei => r.fonts(page::fonts(&f.heiti)),
            Face::Kai => r.fonts(page::fonts(&f.kaiti)),
        };
        if s.bold {
            r = r.bold();
        }
        if s.italic {
            r = r.italic();
        }
        if s.strike {
            r = r.strike();
        }
        if let Some(size) = size {
            r = r.size(size);
        }
        out.push(r);
    }
    out
}

fn para(f: &Faces, p: &Para) -> Paragraph {
    let mut out = match p.kind {
        ParaKind::Body => Paragraph::new().style(BODY),
        ParaKind::Heading => {
            // The heading's level shows in its face; the spans carry it.
            let level = match p.spans.first().map(|s| (s.face, s.bold)) {
                Some((Face::Hei, _)) => 0,
                Some((Face::Kai, _)) => 1,
                Some((Face::Body, true)) => 2,
                _ => 3,
            };
            Paragraph::new().style(HEADINGS[level]).keep_next(true)
        }
        ParaKind::PartTitle => return title(f, &[plain(p)]),
        ParaKind::Cell => cell_para(),
    };
    for s in &p.spans {
        for r in runs(f, s, (p.kind == ParaKind::Cell).then_some(24)) {
            out = out.add_run(r);
        }
    }
    out
}

fn plain(p: &Para) -> String {
    p.spans.iter().map(|s| s.text.as_str()).collect()
}

/// A paragraph in a table cell: 12 pt, no indent, off the grid.
pub(crate) fn cell_para() -> Paragraph {
    Paragraph::new()
        .style(page::FLUSH)
        .snap_to_grid(false)
        .align(AlignmentType::Left)
        .line_spacing(page::exact(320))
}

/// A title: 2号 小标宋 centred, one line per grid line (the lines as balanced by the view).
pub(crate) fn title(f: &Faces, lines: &[String]) -> Paragraph {
    let mut p = Paragraph::new()
        .style(page::FLUSH)
        .snap_to_grid(false)
        .align(AlignmentType::Center)
        .line_spacing(page::exact(PITCH))
        .keep_next(true);
    for (i, line) in lines.iter().enumerate() {
        let mut r = Run::new()
            .fonts(page::fonts(&f.xiaobiaosong))
            .size(SIZE_2HAO);
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        p = p.add_run(r.add_text(line));
    }
    p
}

pub(crate) enum Item {
    Para(Box<Paragraph>),
    Table(Box<Table>),
}

pub(crate) fn blocks(f: &Faces, blocks: &[Block]) -> Vec<Item> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => {
                if p.kind == ParaKind::PartTitle {
                    // One blank line above and below the part's title.
                    out.push(Item::Para(Box::new(blank())));
                    out.push(Item::Para(Box::new(para(f, p))));
                    out.push(Item::Para(Box::new(blank())));
                } else {
                    out.push(Item::Para(Box::new(para(f, p))));
                }
            }
            Block::Table(rows) => out.push(Item::Table(Box::new(table(f, rows)))),
        }
    }
    out
}

/// An empty grid line.
pub(crate) fn blank() -> Paragraph {
    Paragraph::new().style(page::FLUSH)
}

fn bordered(c: TableCell) -> TableCell {
    let b = |p| TableCellBorder::new(p).size(4).color("000000");
    c.set_border(b(TableCellBorderPosition::Top))
        .set_border(b(TableCellBorderPosition::Bottom))
        .set_border(b(TableCellBorderPosition::Left))
        .set_border(b(TableCellBorderPosition::Right))
}

/// A Markdown table: the 版心's width shared equally, the first row in 黑体.
fn table(f: &Faces, rows: &[Vec<Vec<Para>>]) -> Table {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let w = page::BLOCK_W as usize / cols;
    let out: Vec<TableRow> = rows
        .iter()
        .enumerate()
        .map(|(ri, row)| {
            let cells = (0..cols)
                .map(|ci| {
                    let mut c = TableCell::new()
                        .width(w, WidthType::Dxa)
                        .vertical_align(VAlignType::Center);
                    let paras = row.get(ci).map(Vec::as_slice).unwrap_or(&[]);
                    if paras.is_empty() {
                        c = c.add_paragraph(cell_para());
                    }
                    for p in paras {
                        let mut q = cell_para();
                        for s in &p.spans {
                            let mut s = s.clone();
                            if ri == 0 {
                                s.face = Face::Hei;
                            }
                            for r in runs(f, &s, Some(24)) {
                                q = q.add_run(r);
                            }
                        }
                        c = c.add_paragraph(q);
                    }
                    bordered(c)
                })
                .collect();
            TableRow::new(cells)
        })
        .collect();
    Table::new(out)
        .set_grid(vec![w; cols])
        .layout(TableLayoutType::Fixed)
        .width(page::BLOCK_W as usize, WidthType::Dxa)
}

/// Cell text of a fixed table (checklist, 版记): one or more lines.
pub(crate) fn text_cell(
    f: &Faces,
    lines: &[&str],
    width: usize,
    align: AlignmentType,
    hei: bool,
) -> TableCell {
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    for line in lines {
        let span = Span {
            text: (*line).to_owned(),
            face: if hei { Face::Hei } else { Face::Body },
            bold: false,
            italic: false,
            strike: false,
        };
        let mut p = cell_para().align(align);
        for r in runs(f, &span, Some(24)) {
            p = p.add_run(r);
        }
        c = c.add_paragraph(p);
    }
    bordered(c)
}

/// Two 字: the body's first-line indent, in twips.
pub(crate) const TWO_ZI: i32 = 2 * ZI;
