//! The registers of document numbers: within each series (the main one and every
//! `[notices.series.<id>]`) and year, numbers run on without gaps from the year's first
//! number, except for the numbers declared issued but not recorded here.

use std::collections::{BTreeMap, HashMap};

use crate::config::Register;
use crate::content::Notice;
use crate::diagnostics::{Code, Diagnostic, Pos};

use super::Validator;

/// How a series is named in messages and where its settings are in site.toml.
struct Scope<'a> {
    /// Before "2025 年的文号…": empty for the main series, `函（澄中医党函）` for another.
    label: String,
    /// `[notices]` or `[notices.series.han]`.
    table: String,
    register: &'a Register,
}

impl Validator<'_> {
    pub(super) fn notice_numbers(&mut self) {
        let settings = &self.config.notices;
        let mut registers: BTreeMap<(Option<&str>, i32), Vec<&Notice>> = BTreeMap::new();
        for n in &self.corpus.notices {
            let series = n.series.as_deref();
            if let Some(id) = series
                && settings.series(id).is_none()
            {
                self.push(
                        Diagnostic::new(
                            Code::UnknownReference,
                            &n.file,
                            Pos::FILE,
                            format!("文号系列“{id}”没有在 site.toml 中定义（content/notices/{id}/）"),
                        )
                        .with_hint(format!(
                            "在 site.toml 中添加 [notices.series.{id}]，写明 name 与 prefix（代字）；或把文件移到 content/notices/<年>/"
                        )),
                    );
                continue;
            }
            registers.entry((series, n.year)).or_default().push(n);
        }
        for ((series, year), notices) in &registers {
            let scope = scope(self.config, *series);
            self.register(&scope, *year, notices);
        }
        // A number declared issued elsewhere that is recorded after all.
        let series =
            std::iter::once(None).chain(settings.series.iter().map(|s| Some(s.id.as_str())));
        for id in series {
            let scope = scope(self.config, id);
            for (year, numbers) in &scope.register.unrecorded {
                for n in numbers {
                    let recorded = registers
                        .get(&(id, *year))
                        .and_then(|list| list.iter().find(|x| x.number.value == n.value));
                    if let Some(notice) = recorded {
                        self.push(
                            Diagnostic::new(
                                Code::InvalidValue,
                                crate::layout::CONFIG_FILE,
                                n.pos,
                                format!(
                                    "{}{year} 年的 {} 号登记为未录入（{} unrecorded），但 {} 就是这份通知",
                                    scope.label, n.value, scope.table, notice.file
                                ),
                            )
                            .with_hint("从 unrecorded 中删去这个文号"),
                        );
                    }
                }
            }
        }
    }

    /// One series' notices of one year, in number order.
    fn register(&mut self, scope: &Scope<'_>, year: i32, notices: &[&Notice]) {
        let Scope {
            label,
            table,
            register,
        } = scope;
        let first = register.first(year);
        let mut expected = first;
        let mut seen: HashMap<u32, &str> = HashMap::new();
        for n in notices {
            let num = n.number.value;
            if let Some(first) = seen.insert(num, &n.file) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateNumber,
                        &n.file,
                        n.number.pos,
                        format!("{label}{year} 年的文号 {num} 号已被 {first} 使用"),
                    )
                    .with_hint("用 dangjian new notice 取下一个空号"),
                );
                continue;
            }
            if num < first {
                self.push(
                    Diagnostic::new(
                        Code::SkippedNumber,
                        &n.file,
                        n.number.pos,
                        format!(
                            "{label}{year} 年的文号从 {first} 号起登记（site.toml {table} first_number），这份通知是 {num} 号"
                        ),
                    )
                    .with_hint(format!(
                        "改正 number，或把 first_number 中 {year} 年的起始号改为 {num}"
                    )),
                );
                continue;
            }
            // The numbers skipped that the site does not declare issued elsewhere, as
            // ranges (a number near u32::MAX must not make billions of entries).
            let missing = undeclared(expected, num, &register.unrecorded_in(year));
            if !missing.is_empty() {
                let missing = format!("{} 号", missing.join("、"));
                self.push(
                    Diagnostic::new(
                        Code::SkippedNumber,
                        &n.file,
                        n.number.pos,
                        format!("{label}{year} 年的文号跳过了 {missing}"),
                    )
                    .with_hint(format!(
                        "同一年的文号应连续编号；补上缺号的通知或改正 number；已发出但不在这里登记的文号写进 site.toml 的 {table} unrecorded"
                    )),
                );
            }
            expected = expected.max(num.saturating_add(1));
        }
    }
}

fn scope<'a>(config: &'a crate::config::Config, series: Option<&str>) -> Scope<'a> {
    match series.and_then(|id| config.notices.series(id)) {
        Some(s) => Scope {
            label: format!("{}（{}）", s.name, s.prefix),
            table: format!("[notices.series.{}]", s.id),
            register: &s.register,
        },
        None => Scope {
            label: String::new(),
            table: "[notices]".to_owned(),
            register: &config.notices.main,
        },
    }
}

/// The numbers from `from` up to (not including) `to` that are not in `declared` (sorted), as
/// `a` or `a–b` ranges.
fn undeclared(from: u32, to: u32, declared: &[u32]) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = from;
    let mut push = |lo: u32, hi: u32| match hi.checked_sub(lo) {
        Some(0) => out.push(lo.to_string()),
        Some(_) => out.push(format!("{lo}–{hi}")),
        None => {}
    };
    for &d in declared.iter().filter(|d| (from..to).contains(*d)) {
        if d > start {
            push(start, d - 1);
        }
        start = start.max(d.saturating_add(1));
    }
    if start < to {
        push(start, to - 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::undeclared;

    #[test]
    fn skipped_numbers_are_ranges_without_the_declared_ones() {
        assert_eq!(undeclared(1, 10, &[]), ["1–9"]);
        assert_eq!(undeclared(11, 12, &[]), ["11"]);
        assert_eq!(undeclared(11, 15, &[11, 13]), ["12", "14"]);
        assert_eq!(undeclared(11, 15, &[11, 12, 13, 14]), Vec::<String>::new());
        assert_eq!(undeclared(3, 6, &[1, 9]), ["3–5"]);
        // No entry per number: a number near u32::MAX is one range.
        assert_eq!(undeclared(1, u32::MAX, &[2]), ["1", "3–4294967294"]);
    }
}
