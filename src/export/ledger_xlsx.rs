//! The year's ledger as an `.xlsx` workbook: lays out a prepared [`LedgerView`] — one
//! worksheet per sheet, bold header row frozen and repeated on every printed page, column
//! widths, typed cells (Excel dates, numbers, percentages) — and prints A4 landscape, fitted to
//! the page width. It counts and formats nothing: the cells arrive chosen.

use chrono::Datelike;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::present::ledger::{Cell, LedgerView, Sheet};

/// Excel's paper size code for A4.
const A4: u8 = 9;
/// A 参与率 under the threshold, in the dark red the site marks it with.
const LOW_RED: u32 = 0xC00000;
/// The font Excel and WPS show Chinese text in on every Windows office computer.
const FONT: &str = "宋体";

/// The cell formats, made once per workbook.
struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
    date: Format,
    count: Format,
    number: Format,
    percent: Format,
    low_rate: Format,
}

impl Formats {
    fn new(bold: bool) -> Formats {
        let base = {
            let f = Format::new()
                .set_font_name(FONT)
                .set_font_size(11)
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter);
            if bold { f.set_bold() } else { f }
        };
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_text_wrap()
                .set_background_color(0xF2F2F2),
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            count: base.clone().set_num_format("0"),
            // Excel's General: 11, 47.1, -23200 as they are ("0.##" would show "11.").
            number: base.clone(),
            percent: base.clone().set_num_format("0.0%"),
            low_rate: base.set_num_format("0.0%").set_font_color(LOW_RED),
        }
    }
}

/// The workbook's bytes. The same view gives the same bytes: the creation date is the view's
/// as-of date and the zip entries carry no time of their own.
pub(crate) fn write(view: &LedgerView) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(
        view.as_of.year() as u16,
        view.as_of.month() as u8,
        view.as_of.day() as u8,
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(&view.title)
            .set_creation_datetime(&created),
    );
    let plain = Formats::new(false);
    let bold = Formats::new(true);
    for sheet in &view.sheets {
        let ws = book.add_worksheet();
        lay_out(ws, view, sheet, &plain, &bold)?;
    }
    book.save_to_buffer()
}

fn lay_out(
    ws: &mut Worksheet,
    view: &LedgerView,
    sheet: &Sheet,
    plain: &Formats,
    bold: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    for (c, column) in sheet.columns.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, column.width)?;
        ws.write_string_with_format(0, c, &column.header, &plain.header)?;
    }
    ws.set_row_height(0, 2.0 * LINE_PT)?;
    let last = sheet.rows.len().saturating_sub(1);
    for (r, row) in sheet.rows.iter().enumerate() {
        // Excel and LibreOffice keep a row one line high unless told: wrapped text would be
        // cut off (or drawn over the next row in print).
        let lines = lines(sheet, row);
        if lines > 1 {
            ws.set_row_height((r + 1) as u32, lines as f64 * LINE_PT)?;
        }
        let f = if sheet.totals_row && r == last {
            bold
        } else {
            plain
        };
        let r = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            let wrap = sheet.columns.get(c).is_some_and(|col| col.wrap);
            let c = c as u16;
            match cell {
                Cell::Empty => ws.write_blank(r, c, &f.text)?,
                Cell::Text(s) => {
                    ws.write_string_with_format(r, c, s, if wrap { &f.wrap } else { &f.text })?
                }
                Cell::Date(d) => {
                    let d =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, c, &d, &f.date)?
                }
                Cell::Count(n) => ws.write_number_with_format(r, c, *n, &f.count)?,
                Cell::Number(x) => ws.write_number_with_format(r, c, *x, &f.number)?,
                Cell::Percent(x) => ws.write_number_with_format(r, c, *x, &f.percent)?,
                Cell::LowRate(x) => ws.write_number_with_format(r, c, *x, &f.low_rate)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    // The columns up to the first one that is for the screen only.
    let printed = sheet.columns.iter().take_while(|c| c.print).count();
    if printed < sheet.columns.len() && printed > 0 {
        ws.set_print_area(0, 0, sheet.rows.len() as u32, (printed - 1) as u16)?;
    }
    ws.set_paper_size(A4);
    ws.set_landscape();
    // As wide as one page, as many pages long as it takes.
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_header(format!(
        "&C&\"{FONT},Bold\"{}",
        header_text(&view.title, sheet.name)
    ));
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// The height of one line of 11 pt text, in points.
const LINE_PT: f64 = 15.0;

/// How many lines the row's wrapped cells need at their column widths (a width counts a
/// Chinese character as two, as Excel's column width does).
fn lines(sheet: &Sheet, row: &[Cell]) -> usize {
    row.iter()
        .zip(&sheet.columns)
        .filter(|(_, c)| c.wrap)
        .filter_map(|(cell, c)| match cell {
            Cell::Text(s) => {
                let room = (c.width - 2.0).max(2.0);
                // Each line is laid out on its own; a wide character never splits.
                Some(
                    s.lines()
                        .map(|l| (display_width(l) as f64 / room).ceil().max(1.0) as usize)
                        .sum::<usize>(),
                )
            }
            _ => None,
        })
        .max()
        .unwrap_or(1)
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The page header's text: `&` starts a code in Excel's header language, `&&` is a literal one.
fn header_text(title: &str, sheet: &str) -> String {
    format!("{title}·{sheet}").replace('&', "&&")
}
