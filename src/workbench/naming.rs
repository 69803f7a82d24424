//! Where a record from a form is written, and the commit message that says what happened.
//!
//! File names carry meaning (`2025-03-12-neike-yi-zhuti-dangri.md`, `notices/2025/3.md`), so a
//! change of date, branch or number renames the file; an unchanged name is kept even where it
//! does not follow today's pattern (a hand-named file stays as its author named it).

use chrono::{Datelike, NaiveDate};

use super::schema::RecordKind;
use super::values::FormValues;
use crate::Site;

/// The file a form's record belongs in. `old` is the file the form was opened from.
/// `Err` holds the Chinese reason when the form does not say enough to name the file.
pub(crate) fn path_for(
    site: &Site,
    kind: RecordKind,
    values: &FormValues,
    old: Option<&str>,
) -> Result<String, (String, String)> {
    let v = |k: &str| values.get(k).trim().to_owned();
    match kind {
        RecordKind::Activity => {
            let date = parse_date(&v("date"))
                .ok_or_else(|| ("date".to_owned(), "请填写日期，写作 2025-03-12".to_owned()))?;
            let branch = v("branch");
            if branch.is_empty() {
                return Err(("branch".to_owned(), "请选择支部".to_owned()));
            }
            let folder = format!("content/activities/{}", date.year());
            let prefix = format!("{date}-{branch}-");
            if let Some(old) = old.filter(|o| o.starts_with(&format!("{folder}/{prefix}"))) {
                return Ok(old.to_owned());
            }
            let kind_slug = site.config.kinds.slug(&v("kind")).to_owned();
            let slug = if kind_slug.is_empty() {
                "huodong".to_owned()
            } else {
                kind_slug
            };
            Ok(free_name(
                site,
                &folder,
                &format!("{prefix}{slug}"),
                "md",
                old,
            ))
        }
        RecordKind::Notice => {
            let date = parse_date(&v("date")).ok_or_else(|| {
                (
                    "date".to_owned(),
                    "请填写成文日期，写作 2025-03-12".to_owned(),
                )
            })?;
            let number: u32 = v("number")
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| ("number".to_owned(), "文号序号写作正整数，如 3".to_owned()))?;
            // A notice stays in its series (content/notices/han/2025/3.md); a new one goes
            // where the form's series select says.
            let series = old.map_or_else(|| v("_series"), |o| series_of(o).unwrap_or_default());
            let series = Some(series.as_str()).filter(|s| !s.is_empty());
            Ok(format!(
                "{}/{number}.md",
                crate::content::notice::folder(series, date.year())
            ))
        }
        RecordKind::Branch | RecordKind::Brand | RecordKind::Checklist | RecordKind::Member => {
            if let Some(old) = old {
                return Ok(old.to_owned());
            }
            let id = v("_id");
            if !crate::reader::is_slug(&id) {
                return Err((
                    "_id".to_owned(),
                    "标识只用小写拼音字母、数字和连字符，如 neike-yi".to_owned(),
                ));
            }
            let (folder, ext) = match kind {
                RecordKind::Branch => ("branches", "toml"),
                RecordKind::Brand => ("brands", "md"),
                RecordKind::Checklist => ("checklists", "toml"),
                _ => ("members", "toml"),
            };
            Ok(format!("content/{folder}/{id}.{ext}"))
        }
        RecordKind::AnnualData | RecordKind::Narrative => {
            if let Some(old) = old {
                return Ok(old.to_owned());
            }
            let year: i32 = v("_year")
                .parse()
                .ok()
                .filter(|y| (1921..=2200).contains(y))
                .ok_or_else(|| ("_year".to_owned(), "年份写作四位数字，如 2025".to_owned()))?;
            let ext = if kind == RecordKind::AnnualData {
                "toml"
            } else {
                "md"
            };
            Ok(format!("content/annual/{year}.{ext}"))
        }
    }
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// `base.ext` in `folder`, or `base-2.ext`, `base-3.ext` … when another record has the name.
fn free_name(site: &Site, folder: &str, base: &str, ext: &str, old: Option<&str>) -> String {
    let mut rel = format!("{folder}/{base}.{ext}");
    let mut n = 2;
    while Some(rel.as_str()) != old && site.root.join(&rel).exists() {
        rel = format!("{folder}/{base}-{n}.{ext}");
        n += 1;
    }
    rel
}

/// What a commit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    Add,
    Edit,
    Delete,
    Restore,
}

impl Action {
    fn word(self) -> &'static str {
        match self {
            Action::Add => "新增",
            Action::Edit => "修改",
            Action::Delete => "删除",
            Action::Restore => "恢复",
        }
    }
}

/// The short word for a kind in commit messages (`新增活动：…`).
fn kind_word(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Activity => "活动",
        other => other.label(),
    }
}

/// A record in a few words: `内一支部 2025-03-12 主题党日`, `澄中医党〔2025〕3号`.
pub(crate) fn describe(site: &Site, kind: RecordKind, values: &FormValues, rel: &str) -> String {
    let v = |k: &str| values.get(k).trim().to_owned();
    let stem = rel
        .rsplit('/')
        .next()
        .unwrap_or(rel)
        .trim_end_matches(".md")
        .trim_end_matches(".toml")
        .to_owned();
    let text = match kind {
        RecordKind::Activity => format!(
            "{} {} {}",
            site.corpus.branch_display_name(&v("branch")),
            v("date"),
            v("kind")
        ),
        RecordKind::Notice => {
            let year = v("date").get(..4).unwrap_or_default().to_owned();
            let prefix = series_of(rel)
                .and_then(|id| site.config.notices.series(&id))
                .map_or(site.config.organisation.doc_prefix.as_str(), |s| {
                    s.prefix.as_str()
                });
            format!("{prefix}〔{year}〕{}号", v("number"))
        }
        RecordKind::Branch | RecordKind::Brand | RecordKind::Member => v("name"),
        RecordKind::AnnualData => format!("{stem}年度数据"),
        RecordKind::Narrative => format!("{stem}年度总结"),
        RecordKind::Checklist => v("title"),
    };
    if text.trim().is_empty() { stem } else { text }
}

/// The series folder of a notice's path (`content/notices/han/2025/3.md` → `han`).
pub(crate) fn series_of(rel: &str) -> Option<String> {
    match rel.split('/').collect::<Vec<_>>()[..] {
        ["content", "notices", id, _, _] => Some(id.to_owned()),
        _ => None,
    }
}

/// `新增活动：内一支部 2025-03-12 主题党日`.
pub(crate) fn commit_message(action: Action, kind: RecordKind, what: &str) -> String {
    format!("{}{}：{what}", action.word(), kind_word(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_the_office_writes_them() {
        assert_eq!(
            commit_message(
                Action::Add,
                RecordKind::Activity,
                "内一支部 2025-03-12 主题党日"
            ),
            "新增活动：内一支部 2025-03-12 主题党日"
        );
        assert_eq!(
            commit_message(Action::Delete, RecordKind::Brand, "心脉先锋"),
            "删除品牌项目：心脉先锋"
        );
    }
}
