//! The computed statistics that records may name: `{{ stats.<name> }}` in an annual narrative,
//! `stat = "<name>"` in a `[[targets]]` entry of the annual data. One list, below every other
//! module, read by the reader of targets (`content`), the citation check (`validate`), the
//! computation (`metrics::cite`) and the PDF of the annual summary. A new statistic is one
//! entry here and its computation in `metrics::cite` (or `metrics::members::value`); the
//! test `every_citable_statistic_has_a_value` (tests/stats.rs) fails until both exist.

use self::Source::{Activities, Members};

/// Where a statistic is counted from, which decides where it may be named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The year's activities and branches: citable in a narrative.
    Activities,
    /// The member records: citable, and the actual of a target with `stat = "…"`.
    Members,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    /// The name after `stats.`.
    pub name: &'static str,
    /// What it counts, in the words of an annual summary.
    pub label: &'static str,
    /// Printed right after the value (the narrative never types it): 次, 个, 名, or % for a
    /// share.
    pub unit: &'static str,
    pub source: Source,
}

const fn stat(name: &'static str, label: &'static str, unit: &'static str, source: Source) -> Stat {
    Stat {
        name,
        label,
        unit,
        source,
    }
}

/// Every statistic, in the order in which suggestions and the choices of `stat` list them.
pub const STATS: &[Stat] = &[
    stat("activities", "全年支部活动总数", "次", Activities),
    stat("branches", "党支部数", "个", Activities),
    stat("members", "党员总数", "名", Activities),
    stat("attendance_rate", "平均参与率", "%", Activities),
    stat("new_members", "发展党员（接收预备党员）", "名", Members),
    stat("new_members_young", "发展党员中35周岁及以下", "名", Members),
    stat("new_members_gaozhi", "发展党员中高知人才", "名", Members),
    stat(
        "new_members_gaozhi_ratio",
        "发展党员中高知人才占比",
        "%",
        Members,
    ),
    stat("applications", "提交入党申请", "名", Members),
    stat("new_activists", "确定为入党积极分子", "名", Members),
    stat("new_candidates", "列为发展对象", "名", Members),
    stat("confirmed", "按期转为正式党员", "名", Members),
    stat("transfers_in", "组织关系转入", "名", Members),
    stat("transfers_out", "组织关系转出", "名", Members),
    stat("activists", "年末入党积极分子", "名", Members),
    stat("candidates", "年末发展对象", "名", Members),
    stat("probationary", "年末预备党员", "名", Members),
    stat("gaozhi_members", "高知党员", "名", Members),
    stat("gaozhi_ratio", "高知党员占高知群体比例", "%", Members),
];

/// What a citation of a computed statistic begins with.
pub const PREFIX: &str = "stats.";

/// `stats.kind.<kind>`: the year's activities of a configured kind (in 次). Not in [`STATS`],
/// since the kinds are the site's own.
pub const KIND_PREFIX: &str = "kind.";

/// The statistic named `name` (without `stats.`).
pub fn get(name: &str) -> Option<&'static Stat> {
    STATS.iter().find(|s| s.name == name)
}

/// The names of the member statistics: the choices of a target's `stat`.
pub const MEMBER_NAMES: [&str; count(Members)] = names(Members);

const fn count(source: Source) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < STATS.len() {
        if STATS[i].source as u8 == source as u8 {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn names<const N: usize>(source: Source) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    let mut j = 0;
    while i < STATS.len() {
        if STATS[i].source as u8 == source as u8 {
            out[j] = STATS[i].name;
            j += 1;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_the_member_choices_are_the_member_statistics() {
        for (i, s) in STATS.iter().enumerate() {
            assert!(
                STATS[..i].iter().all(|t| t.name != s.name),
                "{} twice",
                s.name
            );
            assert!(
                !s.name.starts_with(KIND_PREFIX),
                "{} hides stats.kind.*",
                s.name
            );
        }
        let members: Vec<&str> = STATS
            .iter()
            .filter(|s| s.source == Members)
            .map(|s| s.name)
            .collect();
        assert_eq!(MEMBER_NAMES.to_vec(), members);
    }
}
