use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;

use super::{Activity, AnnualData, Branch, Brand, Checklist, MemberRecord, Narrative, Notice};

/// Every record of a site, sorted, with indexes. Built once by [`super::load`] and then only
/// read: validation, metrics and renderers all take `&Corpus`.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Sorted by id.
    pub branches: Vec<Branch>,
    /// Sorted by date, then branch, then file.
    pub activities: Vec<Activity>,
    /// Sorted by id.
    pub brands: Vec<Brand>,
    /// Sorted by year.
    pub annual: Vec<AnnualData>,
    /// Sorted by year.
    pub narratives: Vec<Narrative>,
    /// Sorted by year, then number.
    pub notices: Vec<Notice>,
    /// Sorted by id.
    pub checklists: Vec<Checklist>,
    /// 党员与发展对象 (`content/members/`), sorted by id.
    pub members: Vec<MemberRecord>,
    /// Other files under `content/` (photos, sign-in sheets, seals), relative to the site root.
    pub assets: Vec<String>,
    /// Record files that exist but could not be read (their errors are already reported):
    /// references to them are not reported a second time as unknown.
    pub unreadable: std::collections::BTreeSet<String>,
    pub index: Index,
    /// The activities' bodies, when they were let go after validation
    /// ([`Corpus::release_bodies`]) and are read again from their files.
    pub(super) released: Option<super::bodies::Released>,
}

/// Positions into [`Corpus::activities`] (and lookups by id), so that no stage scans the whole
/// corpus to find one branch's records.
#[derive(Debug, Default)]
pub struct Index {
    branch_by_id: HashMap<String, usize>,
    brand_by_id: HashMap<String, usize>,
    checklist_by_id: HashMap<String, usize>,
    pub by_branch: HashMap<String, Vec<usize>>,
    pub by_year: BTreeMap<i32, Vec<usize>>,
    pub by_month: BTreeMap<(i32, u32), Vec<usize>>,
    pub by_kind: BTreeMap<String, Vec<usize>>,
}

impl Corpus {
    /// Sorts the records and builds the indexes.
    pub(super) fn finish(&mut self) {
        self.branches.sort_by(super::branch::display_order);
        self.brands.sort_by(|a, b| a.id.cmp(&b.id));
        self.checklists.sort_by(|a, b| a.id.cmp(&b.id));
        self.members.sort_by(|a, b| a.id.cmp(&b.id));
        self.annual.sort_by_key(|a| a.year);
        self.narratives.sort_by_key(|n| n.year);
        self.notices.sort_by(|a, b| {
            (a.year, a.number.value, &a.file).cmp(&(b.year, b.number.value, &b.file))
        });
        self.activities.sort_by(|a, b| {
            (a.date.value, &a.branch.value, &a.file).cmp(&(b.date.value, &b.branch.value, &b.file))
        });
        self.assets.sort();

        let mut index = Index::default();
        // First occurrence wins for lookups; duplicates are reported by validation.
        for (i, b) in self.branches.iter().enumerate() {
            index.branch_by_id.entry(b.id.clone()).or_insert(i);
        }
        for (i, b) in self.brands.iter().enumerate() {
            index.brand_by_id.entry(b.id.clone()).or_insert(i);
        }
        for (i, c) in self.checklists.iter().enumerate() {
            index.checklist_by_id.entry(c.id.clone()).or_insert(i);
        }
        for (i, a) in self.activities.iter().enumerate() {
            let d = a.date.value;
            index
                .by_branch
                .entry(a.branch.value.clone())
                .or_default()
                .push(i);
            index.by_year.entry(d.year()).or_default().push(i);
            index
                .by_month
                .entry((d.year(), d.month()))
                .or_default()
                .push(i);
            index
                .by_kind
                .entry(a.kind.value.clone())
                .or_default()
                .push(i);
        }
        self.index = index;
    }

    pub fn branch(&self, id: &str) -> Option<&Branch> {
        self.index.branch_by_id.get(id).map(|&i| &self.branches[i])
    }

    /// A branch's short name for tables and lists; the id itself when no branch has it (a
    /// reference `check` has already reported).
    pub fn branch_display_name(&self, id: &str) -> String {
        self.branch(id)
            .map_or_else(|| id.to_owned(), |b| b.display_name().to_owned())
    }

    pub fn brand(&self, id: &str) -> Option<&Brand> {
        self.index.brand_by_id.get(id).map(|&i| &self.brands[i])
    }

    pub fn checklist(&self, id: &str) -> Option<&Checklist> {
        self.index
            .checklist_by_id
            .get(id)
            .map(|&i| &self.checklists[i])
    }

    /// The year whose figures score checklist `id` when a notice of `notice_year` attaches
    /// it: the checklist's own year, else the notice's.
    pub fn attached_checklist_year(&self, id: &str, notice_year: i32) -> i32 {
        self.checklist(id)
            .and_then(|c| c.year)
            .unwrap_or(notice_year)
    }

    pub fn annual(&self, year: i32) -> Option<&AnnualData> {
        self.annual.iter().find(|a| a.year == year)
    }

    pub fn narrative(&self, year: i32) -> Option<&Narrative> {
        self.narratives.iter().find(|n| n.year == year)
    }

    /// A branch's activities in date order.
    pub fn activities_of(&self, branch: &str) -> impl Iterator<Item = &Activity> {
        self.index
            .by_branch
            .get(branch)
            .into_iter()
            .flatten()
            .map(|&i| &self.activities[i])
    }

    /// A year's activities in date order.
    pub fn activities_in(&self, year: i32) -> impl Iterator<Item = &Activity> {
        self.index
            .by_year
            .get(&year)
            .into_iter()
            .flatten()
            .map(|&i| &self.activities[i])
    }

    /// The years that have activities, notices or annual data, ascending.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self.index.by_year.keys().copied().collect();
        years.extend(self.notices.iter().map(|n| n.year));
        years.extend(self.annual.iter().map(|a| a.year));
        years.sort_unstable();
        years.dedup();
        years
    }
}
