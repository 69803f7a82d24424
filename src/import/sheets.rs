//! Reading a spreadsheet into rows of cells: `.xlsx`, `.xls`, `.ods` through calamine, `.csv`
//! through the csv crate (UTF-8 with or without a BOM, or GBK as Excel in China saves it).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

/// One cell as the importer needs it: text, a number, or a date that the sheet stored as a
/// date (an Excel serial day).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// Days since 1899-12-30, as Excel and LibreOffice count them.
    Date(f64),
    /// A cell that holds an error (`#N/A`, `#REF!`): shown as it is written.
    Error(String),
}

impl Cell {
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the officer sees it, for messages and text fields. A whole number is
    /// written without `.0` (an 应到 of 12 is "12", not "12.0").
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) | Cell::Date(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    n.to_string()
                }
            }
            Cell::Error(e) => e.clone(),
        }
    }
}

/// A sheet's cells, row by row, with the row and column numbers the officer sees in Excel
/// (calamine's range starts at the first used cell, which may not be A1).
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The worksheet's name; empty for a CSV file.
    pub sheet: String,
    /// Each row with its 1-based row number.
    pub rows: Vec<(u32, Vec<Cell>)>,
    /// The 1-based column number of each row's first cell.
    pub first_column: u32,
}

/// The sheet `wanted` (or the first sheet) of the spreadsheet at `path`. The error is a
/// Chinese sentence for the officer.
pub(crate) fn read(path: &Path, wanted: Option<&str>) -> Result<Table, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => {
            if let Some(sheet) = wanted {
                return Err(format!(
                    "CSV 文件没有工作表，不能用 --sheet {sheet}；去掉这个选项即可"
                ));
            }
            let bytes = std::fs::read(path).map_err(|e| format!("无法读取：{e}"))?;
            read_csv(&bytes)
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, wanted),
        _ => Err(format!(
            "不认识扩展名“.{ext}”的文件；可导入 .xlsx、.xls、.ods 和 .csv（Excel 或 WPS 中“另存为”其中一种）"
        )),
    }
}

fn read_workbook(path: &Path, wanted: Option<&str>) -> Result<Table, String> {
    let mut book = open_workbook_auto(path)
        .map_err(|e| format!("无法作为电子表格打开（{e}）；请确认文件没有损坏，也没有加密码"))?;
    let names = book.sheet_names();
    let sheet = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "没有名为“{w}”的工作表；这个文件的工作表有：{}",
                    names.join("、")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| "文件中没有工作表".to_owned())?,
    };
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| format!("无法读取工作表“{sheet}”：{e}"))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let number = row0 + 1 + u32::try_from(i).unwrap_or(u32::MAX - row0 - 1);
            (number, row.iter().map(cell).collect())
        })
        .collect();
    Ok(Table {
        sheet,
        rows,
        first_column: col0 + 1,
    })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.to_owned()),
        Data::DateTime(dt) => Cell::Date(dt.as_f64()),
        // An .ods date is stored as ISO text (2024-03-05 or 2024-03-05T00:00:00).
        Data::DateTimeIso(s) => Cell::Text(s.split('T').next().unwrap_or(s).to_owned()),
        // An .ods time of day is stored as a duration (PT15H00M00S).
        Data::DurationIso(s) => duration(s).map_or_else(|| Cell::Text(s.clone()), Cell::Number),

        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// `PT15H30M00S` as a fraction of a day (0.6458…), the way Excel stores a time of day.
fn duration(iso: &str) -> Option<f64> {
    let rest = iso.strip_prefix("PT")?;
    let (h, rest) = rest.split_once('H')?;
    let (m, rest) = rest.split_once('M')?;
    let s = rest.strip_suffix('S')?;
    let (h, m, s): (f64, f64, f64) = (h.parse().ok()?, m.parse().ok()?, s.parse().ok()?);
    Some((h * 3600.0 + m * 60.0 + s) / 86_400.0)
}

/// A CSV file's rows. Text that is not UTF-8 is read as GBK (GB18030, its superset), which is
/// what Excel and WPS on a Chinese Windows write when asked for "CSV (逗号分隔)".
pub(crate) fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_owned(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GB18030.decode(bytes);
            if bad {
                return Err(
                    "文件既不是 UTF-8 也不是 GBK 编码；请在 Excel 或 WPS 中另存为“CSV UTF-8”后再导入"
                        .to_owned(),
                );
            }
            t.into_owned()
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("CSV 格式有误：{e}"))?;
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        let cells = record
            .iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f.to_owned())
                }
            })
            .collect();
        rows.push((line, cells));
    }
    Ok(Table {
        sheet: String::new(),
        rows,
        first_column: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_gbk_read_alike() {
        let utf8 = "日期,支部\n2024-3-5,内一支部\n";
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat();
        let (gbk, _, _) = encoding_rs::GBK.encode(utf8);
        for bytes in [utf8.as_bytes(), &with_bom, &gbk] {
            let t = read_csv(bytes).expect("reads");
            assert_eq!(t.rows.len(), 2);
            assert_eq!(t.rows[0].1[0], Cell::Text("日期".to_owned()));
            assert_eq!(t.rows[1].0, 2);
            assert_eq!(t.rows[1].1[1], Cell::Text("内一支部".to_owned()));
        }
    }

    #[test]
    fn an_ods_time_reads_as_a_time_of_day() {
        assert_eq!(duration("PT15H00M00S"), Some(0.625));
        assert_eq!(duration("PT14H30M00.000S"), Some(14.5 / 24.0));
        assert_eq!(duration("P1D"), None);
    }

    #[test]
    fn whole_numbers_read_without_a_fraction() {
        assert_eq!(Cell::Number(12.0).text(), "12");
        assert_eq!(Cell::Number(1.5).text(), "1.5");
    }
}
