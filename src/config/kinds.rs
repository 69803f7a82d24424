use crate::diagnostics::Code;
use crate::reader::Fields;

/// The configured activity kinds, in display order, each with the ASCII slug used in URLs.
#[derive(Debug, Clone)]
pub struct ActivityKinds {
    list: Vec<(String, String)>,
}

/// Built-in kinds, from 《中国共产党支部工作条例（试行）》 and the seeds' practice.
pub(super) const BUILTIN_KINDS: &[(&str, &str)] = &[
    ("支部党员大会", "dangyuan-dahui"),
    ("支部委员会", "zhiweihui"),
    ("党小组会", "xiaozuhui"),
    ("党课", "dangke"),
    ("主题党日", "zhuti-dangri"),
    ("组织生活会", "zuzhi-shenghuohui"),
    ("民主评议党员", "minzhu-pingyi"),
    ("谈心谈话", "tanxin-tanhua"),
    ("志愿服务", "zhiyuan-fuwu"),
    ("义诊", "yizhen"),
    ("结对共建", "jiedui-gongjian"),
    ("其他", "qita"),
];

/// The slug used for kinds outside the list (they are a warning, not an error).
pub(super) const OTHER_SLUG: &str = "qita";

impl Default for ActivityKinds {
    fn default() -> Self {
        ActivityKinds {
            list: BUILTIN_KINDS
                .iter()
                .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
                .collect(),
        }
    }
}

impl ActivityKinds {
    pub(super) fn read(t: &mut Fields<'_, '_>) -> Self {
        let mut list: Vec<(String, String)> = Vec::new();
        for (key, value) in t.entries() {
            let Some(slug) = t.entry_str(&key.value, value) else {
                continue;
            };
            if !crate::reader::is_slug(&slug.value) {
                t.sink
                    .report_at(
                        Code::InvalidValue,
                        slug.pos,
                        format!(
                            "活动类型“{}”的标识“{}”不是合法的 ASCII 标识",
                            key.value, slug.value
                        ),
                    )
                    .hint("只用小写字母、数字和连字符，如 \"zhuti-dangri\"");
                continue;
            }
            if let Some((other, _)) = list.iter().find(|(_, s)| *s == slug.value) {
                t.sink.report_at(
                    Code::DuplicateId,
                    slug.pos,
                    format!(
                        "活动类型“{}”与“{other}”使用了相同的标识“{}”",
                        key.value, slug.value
                    ),
                );
                continue;
            }
            list.push((key.value, slug.value));
        }
        // TOML tables do not keep their order; the display order follows the built-in list,
        // then the site's own kinds by name.
        list.sort_by_key(|(name, _)| {
            (
                BUILTIN_KINDS
                    .iter()
                    .position(|(b, _)| b == name)
                    .unwrap_or(usize::MAX),
                name.clone(),
            )
        });
        ActivityKinds { list }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.list.iter().any(|(n, _)| n == name)
    }

    /// The slug for a kind; kinds outside the list share the "other" slug.
    pub fn slug(&self, name: &str) -> &str {
        self.list
            .iter()
            .find(|(n, _)| n == name)
            .map_or(OTHER_SLUG, |(_, s)| s.as_str())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|(n, _)| n.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.list.iter().map(|(n, s)| (n.as_str(), s.as_str()))
    }
}
