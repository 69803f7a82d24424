//! Names of members on published pages and documents: hidden when `site.hide_member_names`
//! is set, in one place so that the website, the record books and any later writer hide the
//! same names the same way.

use crate::config::Config;

/// Shown instead of a member's name when `site.hide_member_names` is set.
pub(crate) const HIDDEN_NAME: &str = "（姓名不公开）";

/// `name` as a published page or document may show it.
pub(crate) fn member_name<'a>(config: &Config, name: &'a str) -> &'a str {
    if config.site.hide_member_names {
        HIDDEN_NAME
    } else {
        name
    }
}

/// An activity's absentees as (name, reason), names hidden where the site says so.
pub(crate) fn absentees<'a>(
    config: &Config,
    list: &'a [crate::content::activity::Absentee],
) -> Vec<(&'a str, &'a str)> {
    list.iter()
        .map(|x| (member_name(config, &x.name), x.reason.as_str()))
        .collect()
}
