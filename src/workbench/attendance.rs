//! Attendance by ticking names: the branch's party members (or its committee, for a 支委会)
//! are listed, the secretary unticks who was absent and gives a reason, and 应到, 实到 and the
//! absentees are computed from the ticks on save. A branch without a roster, or a meeting of
//! people outside the lists (a 党小组会), is counted by hand.

use super::values::FormValues;
use crate::content::Branch;

/// How the attendance of one activity is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Roster,
    Committee,
    Manual,
}

impl Mode {
    pub(crate) fn id(self) -> &'static str {
        match self {
            Mode::Roster => "roster",
            Mode::Committee => "committee",
            Mode::Manual => "manual",
        }
    }

    fn from_id(id: &str) -> Mode {
        match id {
            "roster" => Mode::Roster,
            "committee" => Mode::Committee,
            _ => Mode::Manual,
        }
    }
}

/// The names a branch's meetings can be ticked from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Lists {
    pub(crate) roster: Vec<String>,
    pub(crate) committee: Vec<String>,
}

impl Lists {
    /// The branch's members (from its roster or its member records) and its committee.
    pub(crate) fn of(branch: &Branch) -> Lists {
        Lists {
            roster: branch.members.iter().map(|m| m.name.clone()).collect(),
            committee: branch
                .committee
                .as_ref()
                .map(|c| c.members.iter().map(|m| m.name.clone()).collect())
                .unwrap_or_default(),
        }
    }

    pub(crate) fn names(&self, mode: Mode) -> &[String] {
        match mode {
            Mode::Roster => &self.roster,
            Mode::Committee => &self.committee,
            Mode::Manual => &[],
        }
    }
}

/// One person of a list as the form shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tick {
    pub(crate) name: String,
    pub(crate) present: bool,
    pub(crate) reason: String,
}

/// What the form opens with: for a new activity the list its kind suggests, everyone
/// ticked; for a saved one the list whose size is its 应到 and that holds every absentee,
/// else counting by hand (the record was not made by ticking, and its numbers stand).
pub(crate) fn initial(values: &FormValues, lists: &Lists, new: bool) -> (Mode, Vec<Tick>) {
    let posted = values.get("_attendance");
    if !posted.is_empty() {
        let mode = Mode::from_id(posted);
        return (mode, posted_ticks(values, mode));
    }
    let kind = values.get("kind");
    let preferred = if kind == "支部委员会" {
        Mode::Committee
    } else {
        Mode::Roster
    };
    let absentees: Vec<(String, String)> = values
        .rows("absentees")
        .into_iter()
        .map(|r| {
            (
                r.get("name").cloned().unwrap_or_default(),
                r.get("reason").cloned().unwrap_or_default(),
            )
        })
        .collect();
    let expected: Option<usize> = values.get("expected").trim().parse().ok();
    for mode in [preferred, Mode::Roster, Mode::Committee] {
        let names = lists.names(mode);
        if names.is_empty() {
            continue;
        }
        let fits = new
            || (expected == Some(names.len()) && absentees.iter().all(|(a, _)| names.contains(a)));
        if fits {
            let ticks = names
                .iter()
                .map(|n| {
                    let absent = absentees.iter().find(|(a, _)| a == n);
                    Tick {
                        name: n.clone(),
                        present: absent.is_none(),
                        reason: absent.map(|(_, r)| r.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            return (mode, ticks);
        }
    }
    (Mode::Manual, Vec::new())
}

fn posted_ticks(values: &FormValues, mode: Mode) -> Vec<Tick> {
    let list = mode.id();
    (0..)
        .map_while(|i| {
            let name = values.get(&format!("_roster.{list}.{i}"));
            (!name.is_empty()).then(|| Tick {
                name: name.to_owned(),
                present: !values.get(&format!("_attend.{list}.{i}")).is_empty(),
                reason: values.get(&format!("_reason.{list}.{i}")).trim().to_owned(),
            })
        })
        .collect()
}

/// Turns the ticks of a posted form into `expected`, `present` and `absentees`; a form counted
/// by hand is left as typed.
pub(crate) fn resolve(values: &mut FormValues) {
    let mode = Mode::from_id(values.get("_attendance"));
    if mode == Mode::Manual {
        return;
    }
    let ticks = posted_ticks(values, mode);
    let present = ticks.iter().filter(|t| t.present).count();
    values.set("expected", ticks.len().to_string());
    values.set("present", present.to_string());
    let rows: Vec<Vec<(&str, String)>> = ticks
        .iter()
        .filter(|t| !t.present)
        .map(|t| vec![("name", t.name.clone()), ("reason", t.reason.clone())])
        .collect();
    values.set_rows("absentees", &rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> Lists {
        Lists {
            roster: vec!["甲".into(), "乙".into(), "丙".into()],
            committee: vec!["甲".into()],
        }
    }

    #[test]
    fn a_saved_record_opens_ticked_when_its_numbers_fit_the_roster() {
        let mut v = FormValues::default();
        v.set("expected", "3");
        v.set("absentees.0.name", "乙");
        v.set("absentees.0.reason", "值班");
        let (mode, ticks) = initial(&v, &lists(), false);
        assert_eq!(mode, Mode::Roster);
        assert_eq!(
            ticks[1],
            Tick {
                name: "乙".into(),
                present: false,
                reason: "值班".into()
            }
        );
        v.set("expected", "25");
        assert_eq!(initial(&v, &lists(), false).0, Mode::Manual);
    }

    #[test]
    fn ticks_become_counts_and_absentees() {
        let mut v = FormValues::default();
        v.set("_attendance", "roster");
        for (i, n) in ["甲", "乙", "丙"].iter().enumerate() {
            v.set(format!("_roster.roster.{i}"), *n);
        }
        v.set("_attend.roster.0", "on");
        v.set("_attend.roster.2", "on");
        v.set("_reason.roster.1", "外出进修");
        v.set("absentees.0.name", "旧的");
        resolve(&mut v);
        assert_eq!(v.get("expected"), "3");
        assert_eq!(v.get("present"), "2");
        assert_eq!(v.get("absentees.0.name"), "乙");
        assert_eq!(v.get("absentees.0.reason"), "外出进修");
        assert_eq!(v.rows("absentees").len(), 1);
    }
}
