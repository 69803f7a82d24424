//! Dates as old ledgers hold them: an Excel date (a serial day number), or text typed in any
//! of the ways offices write a date (2024-3-5, 2024/3/5, 2024年3月5日, 2024.3.5).

use chrono::{Days, NaiveDate};

use super::sheets::Cell;

/// The date in `cell`, or the Chinese reason it is none.
pub(crate) fn date(cell: &Cell) -> Result<NaiveDate, String> {
    match cell {
        Cell::Date(serial) | Cell::Number(serial) => from_serial(*serial),
        Cell::Text(t) => from_text(t.trim()),
        Cell::Empty => Err("日期为空".to_owned()),
        Cell::Error(e) => Err(format!("单元格是错误值 {e}，不是日期")),
    }
}

/// Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was; counting from
/// 1899-12-30 gives every date from March 1900 on, as LibreOffice does.
fn from_serial(serial: f64) -> Result<NaiveDate, String> {
    // 1921-07-01 .. 2200-12-31: the range `check` accepts.
    if !(7853.0..=109_574.0).contains(&serial) {
        return Err(format!(
            "“{}”不是日期；请把单元格设为日期格式，或写作 2024-03-05",
            Cell::Number(serial).text()
        ));
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or("no base")?;
    // The time of day (the fraction) is not part of a record's date.
    base.checked_add_days(Days::new(serial.trunc() as u64))
        .ok_or_else(|| "日期超出范围".to_owned())
}

fn from_text(t: &str) -> Result<NaiveDate, String> {
    let bad = || {
        format!("“{t}”不是日期；可写作 2024-03-05、2024-3-5、2024/3/5、2024.3.5 或 2024年3月5日")
    };
    // Full-width digits (２０２４) are what a Chinese input method types.
    let t2: String = t
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    let t2 = t2.trim_end_matches('日');
    let parts: Vec<&str> = t2.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        // 20240305: eight digits without separators.
        if t2.len() == 8 && t2.bytes().all(|b| b.is_ascii_digit()) {
            return NaiveDate::parse_from_str(t2, "%Y%m%d").map_err(|_| bad());
        }
        return Err(bad());
    };
    let num = |s: &str| s.trim().parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(y), num(m), num(d)) else {
        return Err(bad());
    };
    if !(1921..=2200).contains(&y) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| bad())?, m, d)
        .ok_or_else(|| format!("“{t}”不是一个存在的日期（{y}年没有{m}月{d}日）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn every_written_form_reads() {
        for t in [
            "2024-03-05",
            "2024-3-5",
            "2024/3/5",
            "2024.3.5",
            "2024年3月5日",
            "2024年03月05日",
            "２０２４年３月５日",
            "20240305",
            " 2024-3-5 ",
        ] {
            assert_eq!(date(&Cell::Text(t.to_owned())), Ok(ymd(2024, 3, 5)), "{t}");
        }
    }

    #[test]
    fn excel_serials_count_from_1899_12_30() {
        assert_eq!(date(&Cell::Date(45356.0)), Ok(ymd(2024, 3, 5)));
        assert_eq!(date(&Cell::Number(45356.75)), Ok(ymd(2024, 3, 5)));
        assert!(date(&Cell::Number(12.0)).is_err());
    }

    #[test]
    fn impossible_dates_say_why() {
        assert_eq!(
            date(&Cell::Text("2024-2-30".to_owned())),
            Err("“2024-2-30”不是一个存在的日期（2024年没有2月30日）".to_owned())
        );
        assert!(date(&Cell::Text("三月五日".to_owned())).is_err());
        assert!(date(&Cell::Text("2024-3".to_owned())).is_err());
    }
}
