//! 支部: `content/branches/<id>.toml`.

use chrono::NaiveDate;

use crate::reader::{Fields, Located};

pub const CATEGORIES: &[&str] = &["临床", "医技", "护理", "行政后勤", "离退休"];
pub const POSTS: &[&str] = &[
    "书记",
    "副书记",
    "组织委员",
    "宣传委员",
    "纪检委员",
    "青年委员",
    "委员",
];
pub const MEMBER_STATUS: &[&str] = &["正式", "预备"];

#[derive(Debug, Clone)]
pub struct Branch {
    pub id: String,
    pub file: String,
    pub name: String,
    pub name_pos: crate::diagnostics::Pos,
    pub short_name: Option<String>,
    pub category: String,
    /// Place among the branches of its category (`order = 1` first); unset ones follow, by id.
    pub order: Option<u32>,
    pub department: String,
    pub founded: Option<NaiveDate>,
    pub brand: Option<Located<String>>,
    pub secretary: Secretary,
    pub term: Term,
    pub committee: Option<Committee>,
    pub groups: Vec<Group>,
    /// Sorted by date.
    pub member_counts: Vec<MemberCount>,
    pub members: Vec<Member>,
    /// Where `[[member_counts]]` was written, if it was.
    pub counts_written_at: Option<crate::diagnostics::Pos>,
    /// Where an inline `[[members]]` roster was written, if it was.
    pub roster_written_at: Option<crate::diagnostics::Pos>,
    /// Where a missing `[[member_counts]]` is reported: only when no member record names the
    /// branch either (known after every file is read, see [`super::Corpus::derive_from_members`]).
    pub counts_missing_at: Option<crate::diagnostics::Pos>,
    /// The counts and roster are derived from `content/members/` (not typed here).
    pub from_member_records: bool,
}

#[derive(Debug, Clone)]
pub struct Secretary {
    pub name: String,
    pub heads_department: bool,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub start: NaiveDate,
    /// As written; [`crate::rules`] derives the end from `term_years` when absent.
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Committee {
    pub since: Option<NaiveDate>,
    pub members: Vec<CommitteeMember>,
}

#[derive(Debug, Clone)]
pub struct CommitteeMember {
    pub name: String,
    pub post: String,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    pub leader: Option<String>,
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy)]
pub struct MemberCount {
    pub date: NaiveDate,
    pub full: u32,
    pub probationary: u32,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub probationary: bool,
    pub joined: Option<NaiveDate>,
    /// Member of this branch since (a transfer or move in); `None`: since `joined`.
    pub since: Option<NaiveDate>,
    pub birth_year: Option<u32>,
    pub gaozhi: bool,
}

/// The one order branches are listed in everywhere (site, ledger, `stats`, `check`'s table):
/// by category as [`CATEGORIES`] lists them, then by `order`, then by id. Ids are pinyin, so
/// without `order` 内二 (`neike-er`) would come before 内一 (`neike-yi`).
pub fn display_order(a: &Branch, b: &Branch) -> std::cmp::Ordering {
    order_key(&a.category, a.order, &a.id).cmp(&order_key(&b.category, b.order, &b.id))
}

fn order_key<'a>(category: &str, order: Option<u32>, id: &'a str) -> (usize, u32, &'a str) {
    let category = CATEGORIES
        .iter()
        .position(|c| *c == category)
        .unwrap_or(CATEGORIES.len());
    (category, order.unwrap_or(u32::MAX), id)
}

impl Branch {
    pub fn display_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// The member count in force on `date`: the latest entry on or before it, else the first.
    pub fn members_on(&self, date: NaiveDate) -> Option<MemberCount> {
        self.member_counts
            .iter()
            .rev()
            .find(|c| c.date <= date)
            .or(self.member_counts.first())
            .copied()
    }

    pub fn committee_since(&self) -> Option<NaiveDate> {
        self.committee
            .as_ref()
            .map(|c| c.since.unwrap_or(self.term.start))
    }
}

pub(super) fn read(id: String, file: String, f: &mut Fields<'_, '_>) -> Option<Branch> {
    let name = f.req_str("name");
    let short_name = f.opt_str("short_name").map(|v| v.value);
    let category = f.req_choice("category", CATEGORIES);
    let order = f.opt_count("order").map(|v| v.value);
    let department = f.req_str("department");
    let founded = f.opt_date("founded").map(|d| d.value);
    let brand = f.opt_str("brand");
    let secretary = f.req_table("secretary").and_then(|mut t| {
        let name = t.req_str("name");
        let heads = t.req_bool("heads_department");
        t.finish();
        Some(Secretary {
            name: name?.value,
            heads_department: heads?.value,
        })
    });
    let term = f.req_table("term").and_then(|mut t| {
        let start = t.req_date("start");
        let end = t.opt_date("end");
        t.finish();
        let start = start?;
        if let Some(end) = &end
            && end.value <= start.value
        {
            t_err_order(f, end);
        }
        Some(Term {
            start: start.value,
            end: end.map(|e| e.value),
        })
    });
    let committee = f.table("committee").map(|mut t| {
        let since = t.opt_date("since").map(|d| d.value);
        let members = t
            .tables("members")
            .into_iter()
            .filter_map(|mut m| {
                let name = m.req_str("name");
                let post = m.req_choice("post", POSTS);
                m.finish();
                Some(CommitteeMember {
                    name: name?.value,
                    post: post?.value,
                })
            })
            .collect();
        t.finish();
        Committee { since, members }
    });
    let groups = f
        .tables("groups")
        .into_iter()
        .filter_map(|mut g| {
            let name = g.req_str("name");
            let leader = g.opt_str("leader").map(|v| v.value);
            let since = g.opt_date("since").map(|d| d.value);
            g.finish();
            Some(Group {
                name: name?.value,
                leader,
                since,
            })
        })
        .collect();
    let counts_at = f.at();
    let count_tables = f.tables("member_counts");
    let written = count_tables.len();
    let mut member_counts: Vec<MemberCount> = count_tables
        .into_iter()
        .filter_map(|mut c| {
            let date = c.req_date("date");
            let full = c.req_heads("full");
            let probationary = c.opt_heads("probationary").map_or(0, |v| v.value);
            c.finish();
            Some(MemberCount {
                date: date?.value,
                full: full?.value,
                probationary,
            })
        })
        .collect();
    member_counts.sort_by_key(|c| c.date);
    let counts_written_at = f.pos_of("member_counts");
    let counts_missing_at = (written == 0).then(|| counts_written_at.unwrap_or(counts_at));
    let roster_written_at = f.pos_of("members");
    let members = f
        .tables("members")
        .into_iter()
        .filter_map(|mut m| {
            let name = m.req_str("name");
            let status = m.opt_choice("status", MEMBER_STATUS);
            let joined = m.opt_date("joined").map(|d| d.value);
            let birth_year = m.opt_count("birth_year").map(|v| v.value);
            let gaozhi = m.opt_bool("gaozhi").is_some_and(|v| v.value);
            m.finish();
            Some(Member {
                name: name?.value,
                probationary: status.is_some_and(|s| s.value == "预备"),
                joined,
                since: None,
                birth_year,
                gaozhi,
            })
        })
        .collect();
    let branch = (|| {
        Some(Branch {
            id,
            file,
            name_pos: name.as_ref().map(|n| n.pos).unwrap_or_default(),
            name: name?.value,
            short_name,
            category: category?.value,
            order,
            department: department?.value,
            founded,
            brand,
            secretary: secretary?,
            term: term?,
            committee,
            groups,
            member_counts,
            members,
            counts_written_at: counts_written_at.filter(|_| written > 0),
            roster_written_at,
            counts_missing_at,
            from_member_records: false,
        })
    })();
    // A branch that could not be read cannot be matched with member records: its missing
    // counts are reported now, as before member records existed.
    if branch.is_none()
        && let Some(at) = counts_missing_at
    {
        report_missing_counts(f, at);
    }
    branch
}

pub(super) fn report_missing_counts(f: &Fields<'_, '_>, at: crate::diagnostics::Pos) {
    f.sink
        .report_at(crate::diagnostics::Code::MissingField, at, MISSING_COUNTS)
        .hint(MISSING_COUNTS_HINT);
}

pub const MISSING_COUNTS: &str = "缺少党员人数 `[[member_counts]]`（至少一条）";
pub const MISSING_COUNTS_HINT: &str = "添加 [[member_counts]]，含 date、full（正式党员）、probationary（预备党员）；或在 content/members/ 为本支部每名党员建立记录，人数由记录统计";

fn t_err_order(f: &Fields<'_, '_>, end: &Located<NaiveDate>) {
    f.sink
        .report_at(
            crate::diagnostics::Code::InvalidValue,
            end.pos,
            "任期结束日期早于开始日期",
        )
        .hint("检查 [term] 的 start 与 end");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(category: &str, order: Option<u32>, id: &str) -> (usize, u32, String) {
        let (c, o, i) = order_key(category, order, id);
        (c, o, i.to_owned())
    }

    #[test]
    fn branches_are_ordered_by_category_then_order_then_id() {
        let mut list = [
            key("离退休", None, "lituixiu"),
            key("临床", None, "zhiweibing"),
            key("临床", Some(2), "neike-er"),
            key("医技", Some(1), "yiji-yi"),
            key("临床", Some(1), "neike-yi"),
            key("行政后勤", Some(1), "xingzheng"),
            key("临床", None, "fuer"),
        ];
        list.sort();
        let ids: Vec<&str> = list.iter().map(|k| k.2.as_str()).collect();
        assert_eq!(
            ids,
            [
                "neike-yi",
                "neike-er",
                "fuer",
                "zhiweibing",
                "yiji-yi",
                "xingzheng",
                "lituixiu"
            ]
        );
    }
}
