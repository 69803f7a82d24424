//! Calendar periods of a year and how a rule is judged in one of them.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::rules::Period;

/// One month, quarter, half-year or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: NaiveDate,
    /// Inclusive: a meeting on the last day of a quarter counts for that quarter.
    pub end: NaiveDate,
}

impl Span {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
}

/// Status of one rule in one period for one branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Enough activities were held.
    Met,
    /// The period is over and too few were held.
    Missed,
    /// The period is under way (contains the as-of date) and not yet met.
    Due,
    /// The period starts after the as-of date.
    Future,
    /// The rule does not apply (the branch did not exist, had no committee or groups yet, or
    /// is exempt).
    NotApplicable,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "已完成",
            Status::Missed => "未完成",
            Status::Due => "进行中",
            Status::Future => "未到期",
            Status::NotApplicable => "不适用",
        }
    }
}

/// The periods of `year` for a rule period, in order.
pub fn periods(year: i32, period: Period) -> Vec<Span> {
    let step = period.months();
    (0..12 / step)
        .filter_map(|i| {
            let first = i * step + 1;
            let start = NaiveDate::from_ymd_opt(year, first, 1)?;
            let end = month_end(year, first + step - 1)?;
            Some(Span { start, end })
        })
        .collect()
}

pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// A short Chinese label: 5月, 第二季度, 上半年, 全年.
pub fn label(span: &Span, period: Period) -> String {
    match period {
        Period::Month => format!("{}月", span.start.month()),
        Period::Quarter => ["第一季度", "第二季度", "第三季度", "第四季度"]
            [((span.start.month() - 1) / 3) as usize]
            .to_owned(),
        Period::HalfYear => if span.start.month() == 1 {
            "上半年"
        } else {
            "下半年"
        }
        .to_owned(),
        Period::Year => "全年".to_owned(),
    }
}

/// Judges a period: `applicable` says whether the rule applies in it at all.
pub fn judge(span: &Span, count: u32, min: u32, applicable: bool, as_of: NaiveDate) -> Status {
    if !applicable {
        Status::NotApplicable
    } else if count >= min {
        Status::Met
    } else if span.start > as_of {
        Status::Future
    } else if span.end >= as_of {
        Status::Due
    } else {
        Status::Missed
    }
}

/// Adds whole months, clamping the day (2024-08-31 + 6 months = 2025-02-28).
pub fn add_months(d: NaiveDate, months: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + months;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let last = month_end(y, m).map_or(28, |e| e.day());
    NaiveDate::from_ymd_opt(y, m, d.day().min(last)).unwrap_or(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_end_on_their_last_day() {
        let q = periods(2024, Period::Quarter);
        assert_eq!(q.len(), 4);
        assert_eq!(q[0].end, d("2024-03-31"));
        assert!(q[0].contains(d("2024-03-31")));
        assert!(!q[1].contains(d("2024-03-31")));
        assert_eq!(periods(2024, Period::Month)[1].end, d("2024-02-29"));
        assert_eq!(periods(2023, Period::Month)[1].end, d("2023-02-28"));
        assert_eq!(periods(2024, Period::HalfYear)[1].start, d("2024-07-01"));
    }

    #[test]
    fn current_period_is_due_not_missed() {
        let may = periods(2024, Period::Month)[4];
        assert_eq!(judge(&may, 0, 1, true, d("2024-05-20")), Status::Due);
        assert_eq!(judge(&may, 0, 1, true, d("2024-05-31")), Status::Due);
        assert_eq!(judge(&may, 0, 1, true, d("2024-06-01")), Status::Missed);
        assert_eq!(judge(&may, 1, 1, true, d("2024-05-02")), Status::Met);
        assert_eq!(judge(&may, 0, 1, true, d("2024-04-30")), Status::Future);
        assert_eq!(
            judge(&may, 0, 1, false, d("2024-06-01")),
            Status::NotApplicable
        );
    }

    #[test]
    fn months_are_added_with_clamping() {
        assert_eq!(add_months(d("2024-08-31"), 6), d("2025-02-28"));
        assert_eq!(add_months(d("2024-01-15"), -1), d("2023-12-15"));
        assert_eq!(add_months(d("2021-06-20"), 36), d("2024-06-20"));
    }
}
