//! `[notices]`: where each year's register of document numbers starts, and the numbers that
//! were issued but are not recorded here. An office that adopts dangjian in May has 〔2023〕10号
//! but not 1–9; without saying so, the gap would be an error (`skipped-number`).

use std::collections::BTreeMap;

use crate::diagnostics::Code;
use crate::reader::{Fields, Located};

#[derive(Debug, Clone, Default)]
pub struct NoticeSettings {
    /// Year → the first number recorded that year (numbers before it were issued elsewhere).
    pub first_number: BTreeMap<i32, Located<u32>>,
    /// Year → numbers issued but not recorded (a gap the office knows of).
    pub unrecorded: BTreeMap<i32, Vec<Located<u32>>>,
}

impl NoticeSettings {
    pub(super) fn read(f: &mut Fields<'_, '_>) -> NoticeSettings {
        let mut s = NoticeSettings::default();
        if let Some(mut t) = f.table("first_number") {
            for (year, v) in t.entries() {
                if let (Some(y), Some(n)) = (read_year(&t, &year), t.entry_positive(&year.value, v))
                {
                    s.first_number.insert(y, n);
                }
            }
            t.finish();
        }
        if let Some(mut t) = f.table("unrecorded") {
            for (year, v) in t.entries() {
                let numbers = t.entry_positives(&year.value, v);
                if let Some(y) = read_year(&t, &year) {
                    s.unrecorded.insert(y, numbers);
                }
            }
            t.finish();
        }
        f.finish();
        s
    }

    /// The first number of `year`'s register: 1 unless the site says otherwise.
    pub fn first(&self, year: i32) -> u32 {
        self.first_number.get(&year).map_or(1, |n| n.value)
    }

    /// The numbers of `year` declared issued but not recorded, ascending.
    pub fn unrecorded_in(&self, year: i32) -> Vec<u32> {
        let mut list: Vec<u32> = self
            .unrecorded
            .get(&year)
            .map(|l| l.iter().map(|n| n.value).collect())
            .unwrap_or_default();
        list.sort_unstable();
        list.dedup();
        list
    }
}

/// A year written as a key (`2023`).
fn read_year(f: &Fields<'_, '_>, key: &Located<String>) -> Option<i32> {
    let year = key
        .value
        .parse::<i32>()
        .ok()
        .filter(|y| (1921..=2200).contains(y) && key.value.len() == 4);
    if year.is_none() {
        f.sink.report_at(
            Code::InvalidValue,
            key.pos,
            format!("“{}”不是年份：键写作四位年份，如 2023 = 10", key.value),
        );
    }
    year
}
