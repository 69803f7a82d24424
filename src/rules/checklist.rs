//! The rules a checklist item may name (`rule = "branch_size"`) to be scored from the records.
//! The names, the check of an item's `rule` and the scoring all come from [`ChecklistRule`]:
//! a new rule is one line here and one arm of the (exhaustive) match in `metrics::checklist`.

macro_rules! checklist_rules {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ChecklistRule { $( $(#[$doc])* $variant, )* }

        impl ChecklistRule {
            pub const ALL: &'static [ChecklistRule] = &[ $( ChecklistRule::$variant, )* ];

            /// The name an item's `rule` gives.
            pub fn name(self) -> &'static str {
                match self { $( ChecklistRule::$variant => $name, )* }
            }
        }
    };
}

checklist_rules! {
    /// Branches within the size bounds.
    BranchSize = "branch_size",
    /// The share of secretaries who head their department.
    SecretaryHeadsDepartment = "secretary_heads_department",
    /// Branches whose average 参与率 reaches the threshold.
    Attendance = "attendance",
    /// Branches without a member absent beyond `max_absence_months`.
    AbsenceStreak = "absence_streak",
    /// Branches that missed no yearly rule (组织生活会, 民主评议党员).
    OrganisationLife = "organisation_life",
    /// Branches whose term is not overdue.
    Term = "term",
    /// Branches with a brand project.
    Brand = "brand",
}

/// `rule = "targets.<id>"`: an item scored by a target of the annual data.
pub const TARGET_RULE_PREFIX: &str = "targets.";

impl ChecklistRule {
    pub fn parse(name: &str) -> Option<ChecklistRule> {
        Self::ALL.iter().copied().find(|r| r.name() == name)
    }
}
