//! The rule set as data: `[rules]` in `site.toml`, with the defaults of
//! `docs/rules.md` (from 《中国共产党支部工作条例（试行）》 and the seed documents).

use crate::diagnostics::{Code, Pos};
use crate::reader::{Fields, Located, MAX_HEADS};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Period {
    pub const NAMES: &'static [&'static str] = &["month", "quarter", "half-year", "year"];

    pub fn parse(s: &str) -> Option<Period> {
        match s {
            "month" => Some(Period::Month),
            "quarter" => Some(Period::Quarter),
            "half-year" => Some(Period::HalfYear),
            "year" => Some(Period::Year),
            _ => None,
        }
    }

    pub fn months(self) -> u32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::HalfYear => 6,
            Period::Year => 12,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Month => "每月",
            Period::Quarter => "每季度",
            Period::HalfYear => "每半年",
            Period::Year => "每年",
        }
    }
}

/// Which branches a frequency rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    All,
    /// Only while the branch has a committee (支委会).
    WithCommittee,
    /// Only while the branch has 党小组 (党小组会).
    WithGroups,
}

impl Applies {
    pub const NAMES: &'static [&'static str] = &["all", "with-committee", "with-groups"];

    fn parse(s: &str) -> Applies {
        match s {
            "with-committee" => Applies::WithCommittee,
            "with-groups" => Applies::WithGroups,
            _ => Applies::All,
        }
    }
}

/// "At least `min` activities of `kind` per `period`".
#[derive(Debug, Clone, PartialEq)]
pub struct Frequency {
    pub kind: String,
    /// Where a site's own rule names its kind (`None` for the built-in defaults).
    pub kind_pos: Option<Pos>,
    pub min: u32,
    pub period: Period,
    pub applies: Applies,
    /// Branch ids the rule does not apply to (e.g. the retired members' branch).
    pub except: Vec<Located<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RuleSettings {
    pub frequencies: Vec<Frequency>,
    /// 参与率 = 实到 / 应到 at or above this counts as met.
    pub attendance_threshold: f64,
    pub branch_size_min: u32,
    pub branch_size_max: u32,
    /// A committee is required from this many 正式党员.
    pub committee_from: u32,
    pub committee_size_min: u32,
    pub committee_size_max: u32,
    pub term_years: u32,
    pub term_reminder_months: u32,
    /// Share of branches whose secretary heads the department.
    pub secretary_heads_department: f64,
    /// No member may go longer than this without organisational life.
    pub max_absence_months: u32,
    /// Each secretary gives at least this many 党课 a year.
    pub secretary_lectures: u32,
    /// 《发展党员工作细则》: 积极分子 are trained at least this long before 列为发展对象.
    pub activist_min_months: u32,
    /// 入党申请 at this age or older.
    pub application_min_age: u32,
    /// 预备期.
    pub probation_months: u32,
    /// A 转正 due within this many days is a reminder.
    pub probation_reminder_days: u32,
    /// Rule findings are errors instead of warnings (for CI).
    pub strict: bool,
    /// Kinds whose meetings count as organisational life (attendance, absence streaks): every
    /// kind that has, or had before a site turned it off, a frequency rule.
    pub org_life_kinds: Vec<String>,
}

fn freq(kind: &str, min: u32, period: Period, applies: Applies) -> Frequency {
    Frequency {
        kind: kind.to_owned(),
        kind_pos: None,
        min,
        period,
        applies,
        except: Vec::new(),
    }
}

impl Default for RuleSettings {
    fn default() -> Self {
        let frequencies = vec![
            freq("支部党员大会", 1, Period::Quarter, Applies::All),
            freq("支部委员会", 1, Period::Month, Applies::WithCommittee),
            freq("党小组会", 1, Period::Month, Applies::WithGroups),
            freq("党课", 1, Period::Quarter, Applies::All),
            freq("主题党日", 1, Period::Month, Applies::All),
            freq("组织生活会", 1, Period::Year, Applies::All),
            freq("民主评议党员", 1, Period::Year, Applies::All),
        ];
        RuleSettings {
            org_life_kinds: frequencies.iter().map(|f| f.kind.clone()).collect(),
            frequencies,
            attendance_threshold: 0.8,
            branch_size_min: 3,
            branch_size_max: 50,
            committee_from: 7,
            committee_size_min: 3,
            committee_size_max: 7,
            term_years: 3,
            term_reminder_months: 6,
            secretary_heads_department: 0.85,
            max_absence_months: 6,
            secretary_lectures: 1,
            activist_min_months: 12,
            application_min_age: 18,
            probation_months: 12,
            probation_reminder_days: 30,
            strict: false,
        }
    }
}

impl RuleSettings {
    pub fn read(t: &mut Fields<'_, '_>) -> Self {
        let mut r = RuleSettings::default();
        if let Some(v) = t.opt_number("attendance_threshold") {
            r.attendance_threshold = ratio(t, "attendance_threshold", v);
        }
        if let Some(mut s) = t.table("branch_size") {
            if let Some(v) = s.opt_count("min") {
                r.branch_size_min = v.value;
            }
            if let Some(v) = s.opt_count("max") {
                r.branch_size_max = v.value;
            }
            s.finish_as(Code::UnknownRule);
        }
        if let Some(mut s) = t.table("committee_size") {
            if let Some(v) = s.opt_count("min") {
                r.committee_size_min = v.value;
            }
            if let Some(v) = s.opt_count("max") {
                r.committee_size_max = v.value;
            }
            s.finish_as(Code::UnknownRule);
        }
        // Each with the largest sensible value: months and years beyond these are slips, and
        // would overflow the date arithmetic that subtracts them from a date.
        let counts: [(&'static str, &mut u32, u32); 9] = [
            ("activist_min_months", &mut r.activist_min_months, 120),
            ("application_min_age", &mut r.application_min_age, 100),
            ("probation_months", &mut r.probation_months, 120),
            (
                "probation_reminder_days",
                &mut r.probation_reminder_days,
                3650,
            ),
            ("committee_from", &mut r.committee_from, MAX_HEADS),
            ("term_years", &mut r.term_years, 10),
            ("term_reminder_months", &mut r.term_reminder_months, 120),
            ("max_absence_months", &mut r.max_absence_months, 120),
            ("secretary_lectures", &mut r.secretary_lectures, 100),
        ];
        for (key, slot, max) in counts {
            if let Some(v) = t.opt_count(key) {
                if v.value <= max {
                    *slot = v.value;
                } else {
                    t.sink.report_at(
                        Code::InvalidValue,
                        v.pos,
                        format!(
                            "`rules.{key}` 应为 0 到 {max} 之间的整数，实际是 {}",
                            v.value
                        ),
                    );
                }
            }
        }
        if r.probation_months == 0 {
            r.probation_months = 12;
        }
        if r.term_years == 0 {
            r.term_years = 3;
        }
        if let Some(v) = t.opt_number("secretary_heads_department") {
            r.secretary_heads_department = ratio(t, "secretary_heads_department", v);
        }
        if let Some(v) = t.opt_bool("strict") {
            r.strict = v.value;
        }
        for mut f in t.tables("frequency") {
            let kind = f.req_str("kind");
            let min = f.req_count("min");
            let period = f.req_choice("period", Period::NAMES);
            let applies = f.opt_choice("applies", Applies::NAMES);
            let except = f.str_list("except");
            f.finish_as(Code::UnknownRule);
            let (Some(kind), Some(min), Some(period)) = (kind, min, period) else {
                continue;
            };
            // Without `applies`, a rule keeps the scope of the default it replaces: overriding the
            // 支委会 frequency must not start demanding committee meetings of every branch.
            let inherited = r.frequency(&kind.value).map_or(Applies::All, |d| d.applies);
            let rule = Frequency {
                kind_pos: Some(kind.pos),
                kind: kind.value,
                min: min.value,
                period: Period::parse(&period.value).unwrap_or(Period::Year),
                applies: applies.map_or(inherited, |a| Applies::parse(&a.value)),
                except,
            };
            // A site's rule for a kind replaces the default for that kind; min = 0 turns it off.
            r.frequencies.retain(|d| d.kind != rule.kind);
            r.frequencies.push(rule);
        }
        // Meetings of a kind whose rule is turned off are still organisational life.
        r.org_life_kinds = r.frequencies.iter().map(|f| f.kind.clone()).collect();
        r.frequencies.retain(|f| f.min > 0);
        t.finish_as(Code::UnknownRule);
        r
    }

    pub fn frequency(&self, kind: &str) -> Option<&Frequency> {
        self.frequencies.iter().find(|f| f.kind == kind)
    }
}

/// Accepts 0.8 or 80 (per cent) for ratios; anything else outside 0..=1 is an error.
fn ratio(t: &Fields<'_, '_>, key: &str, v: Located<f64>) -> f64 {
    let x = if v.value > 1.0 && v.value <= 100.0 {
        v.value / 100.0
    } else {
        v.value
    };
    if (0.0..=1.0).contains(&x) {
        x
    } else {
        t.sink.report_at(
            Code::InvalidValue,
            v.pos,
            format!("`rules.{key}` 应为 0 到 1 之间的比例，如 0.8"),
        );
        0.0
    }
}
