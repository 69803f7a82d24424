//! What each record kind's form holds: its fields in file order, with the Chinese label, the
//! input a person uses, and where the value lives in the file. The form is drawn from this
//! table and the posted values are read back by it, so the two never disagree; the record's
//! own rules stay in `content/` and `validate/`, which every save goes through.

/// The record kinds the workbench edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Activity,
    Branch,
    Brand,
    Notice,
    AnnualData,
    Narrative,
    Checklist,
    Member,
}

impl RecordKind {
    pub(crate) const ALL: [RecordKind; 8] = [
        RecordKind::Activity,
        RecordKind::Branch,
        RecordKind::Brand,
        RecordKind::Notice,
        RecordKind::AnnualData,
        RecordKind::Narrative,
        RecordKind::Checklist,
        RecordKind::Member,
    ];

    /// The word used in URLs (`/_/new/activity`).
    pub(crate) fn id(self) -> &'static str {
        match self {
            RecordKind::Activity => "activity",
            RecordKind::Branch => "branch",
            RecordKind::Brand => "brand",
            RecordKind::Notice => "notice",
            RecordKind::AnnualData => "annual",
            RecordKind::Narrative => "narrative",
            RecordKind::Checklist => "checklist",
            RecordKind::Member => "member",
        }
    }

    pub(crate) fn from_id(id: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The Chinese name, as in 「新增支部活动」.
    pub(crate) fn label(self) -> &'static str {
        match self {
            RecordKind::Activity => "支部活动",
            RecordKind::Branch => "支部",
            RecordKind::Brand => "品牌项目",
            RecordKind::Notice => "通知",
            RecordKind::AnnualData => "年度数据",
            RecordKind::Narrative => "年度总结",
            RecordKind::Checklist => "考核清单",
            RecordKind::Member => "党员",
        }
    }

    /// The kind a record file is, from its path (`content/activities/2025/x.md`).
    /// A path that leaves its folder (`..`), or is written with `\\` or a drive, is none.
    pub(crate) fn of_path(rel: &str) -> Option<RecordKind> {
        let parts: Vec<&str> = rel.split('/').collect();
        let plain = |p: &&str| {
            !p.is_empty()
                && *p != "."
                && *p != ".."
                && !p.contains(['\\', ':'])
                && !p.starts_with('.')
        };
        if !parts.iter().all(plain) {
            return None;
        }
        match parts.as_slice() {
            ["content", "activities", _, f] if f.ends_with(".md") => Some(RecordKind::Activity),
            ["content", "branches", f] if f.ends_with(".toml") => Some(RecordKind::Branch),
            ["content", "brands", f] if f.ends_with(".md") => Some(RecordKind::Brand),
            ["content", "notices", _, f] if f.ends_with(".md") => Some(RecordKind::Notice),
            ["content", "notices", _, _, f] if f.ends_with(".md") => Some(RecordKind::Notice),
            ["content", "annual", f] if f.ends_with(".toml") => Some(RecordKind::AnnualData),
            ["content", "annual", f] if f.ends_with(".md") => Some(RecordKind::Narrative),
            ["content", "checklists", f] if f.ends_with(".toml") => Some(RecordKind::Checklist),
            ["content", "members", f] if f.ends_with(".toml") => Some(RecordKind::Member),
            _ => None,
        }
    }

    pub(crate) fn fields(self) -> &'static [Field] {
        match self {
            RecordKind::Activity => ACTIVITY,
            RecordKind::Branch => BRANCH,
            RecordKind::Brand => BRAND,
            RecordKind::Notice => NOTICE,
            RecordKind::AnnualData => ANNUAL,
            RecordKind::Narrative => NARRATIVE,
            // A checklist's structure is the 党建办's to design in the file; the form edits
            // the scores of a year (see `checklist_scores`).
            RecordKind::Checklist => &[],
            RecordKind::Member => MEMBER,
        }
    }

    /// Whether the file has a Markdown body after its front matter.
    pub(crate) fn has_body(self) -> bool {
        matches!(
            self,
            RecordKind::Activity | RecordKind::Brand | RecordKind::Notice | RecordKind::Narrative
        )
    }
}

/// Where a select's choices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Choices {
    Branches,
    Brands,
    /// The configured activity kinds.
    ActivityKinds,
    Fixed(&'static [&'static str]),
}

/// How a value is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    Text,
    /// Text of a paragraph or more, without Markdown.
    LongText,
    Date,
    /// `14:30` or `14:30-16:00`: two time pickers.
    TimeRange,
    /// A whole number ≥ 0 (people, a sequence number).
    Count,
    /// A year, e.g. 2025.
    Year,
    /// A whole or decimal number (a figure's value).
    Number,
    Flag,
    /// A flag whose absence from the file means true (`signature`).
    FlagOn,
    Choice(Choices),
    /// `[string]`: one entry per line.
    Lines,
    /// `[[table]]`: rows with these columns.
    Rows(&'static [Field]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Field {
    /// Dotted key in the file: `title`, `secretary.name`, `absentees`.
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) input: Input,
    pub(crate) required: bool,
    /// One line of help under the field; empty for none.
    pub(crate) hint: &'static str,
}

const fn field(key: &'static str, label: &'static str, input: Input) -> Field {
    Field {
        key,
        label,
        input,
        required: false,
        hint: "",
    }
}

const fn req(key: &'static str, label: &'static str, input: Input) -> Field {
    Field {
        key,
        label,
        input,
        required: true,
        hint: "",
    }
}

const fn hint(mut f: Field, hint: &'static str) -> Field {
    f.hint = hint;
    f
}

use Input::*;

const ATTACHMENT_KINDS: &[&str] = &["照片", "签到表", "会议记录", "通知", "其他"];

const ACTIVITY_ATTACHMENTS: &[Field] = &[
    req("path", "文件", Text),
    field("caption", "说明", Text),
    field("kind", "类别", Choice(Choices::Fixed(ATTACHMENT_KINDS))),
];

const ABSENTEES: &[Field] = &[req("name", "姓名", Text), req("reason", "缺席原因", Text)];

/// The activity form. `expected`, `present` and `absentees` are also what the roster ticks
/// produce (see `form::attendance`).
pub(crate) const ACTIVITY: &[Field] = &[
    req("title", "主题", Text),
    req("branch", "支部", Choice(Choices::Branches)),
    req("kind", "活动类型", Choice(Choices::ActivityKinds)),
    req("date", "日期", Date),
    hint(
        field("time", "时间", TimeRange),
        "开始时间，或开始和结束时间",
    ),
    req("place", "地点", Text),
    req("chair", "主持人", Text),
    req("recorder", "记录人", Text),
    req("expected", "应到人数", Count),
    req("present", "实到人数", Count),
    field("absentees", "缺席人员", Rows(ABSENTEES)),
    hint(field("guests", "列席人员", Lines), "每行一人"),
    hint(field("lecturer", "授课人", Text), "党课必填"),
    hint(field("subject", "党课题目", Text), "党课必填"),
    hint(field("topics", "议题", Lines), "每行一项"),
    hint(field("tags", "标签", Lines), "每行一个，如 义诊、政治生日"),
    field("brand", "品牌项目", Choice(Choices::Brands)),
    field("attachments", "附件", Rows(ACTIVITY_ATTACHMENTS)),
];

const POSTS: &[&str] = &[
    "书记",
    "副书记",
    "组织委员",
    "宣传委员",
    "纪检委员",
    "青年委员",
    "委员",
];

pub(crate) const BRANCH: &[Field] = &[
    req("name", "支部全称", Text),
    field("short_name", "简称", Text),
    req(
        "category",
        "类别",
        Choice(Choices::Fixed(crate::content::branch::CATEGORIES)),
    ),
    hint(
        field("order", "类别内排序", Count),
        "1 排在最前；不填排在后面",
    ),
    req("department", "所在科室", Text),
    hint(field("founded", "成立日期", Date), "此前的时段不计为未开展"),
    field("brand", "品牌项目", Choice(Choices::Brands)),
    req("secretary.name", "支部书记", Text),
    req("secretary.heads_department", "书记由科室负责人担任", Flag),
    req("term.start", "本届任期开始", Date),
    hint(
        field("term.end", "本届任期结束", Date),
        "不填：按届期年限推算",
    ),
    hint(
        field("committee.since", "设立支委会日期", Date),
        "不填：本届任期开始",
    ),
    field(
        "committee.members",
        "支部委员",
        Rows(&[
            req("name", "姓名", Text),
            req("post", "职务", Choice(Choices::Fixed(POSTS))),
        ]),
    ),
    field(
        "groups",
        "党小组",
        Rows(&[
            req("name", "名称", Text),
            field("leader", "组长", Text),
            field("since", "成立日期", Date),
        ]),
    ),
    hint(
        field(
            "member_counts",
            "党员人数",
            Rows(&[
                req("date", "日期", Date),
                req("full", "正式党员", Count),
                field("probationary", "预备党员", Count),
            ]),
        ),
        "有党员记录（content/members/）的支部不填",
    ),
    hint(
        field(
            "members",
            "党员名册",
            Rows(&[
                req("name", "姓名", Text),
                field(
                    "status",
                    "状态",
                    Choice(Choices::Fixed(crate::content::branch::MEMBER_STATUS)),
                ),
                field("joined", "入党日期", Date),
                field("birth_year", "出生年份", Year),
                field("gaozhi", "高知", Flag),
            ]),
        ),
        "有党员记录的支部不填",
    ),
];

const HONOUR_LEVELS: &[&str] = &["国家级", "省级", "市级", "院级"];

pub(crate) const BRAND: &[Field] = &[
    req("name", "品牌名称", Text),
    req("branch", "支部", Choice(Choices::Branches)),
    req("slogan", "口号", Text),
    hint(field("logo", "标志图片", Text), "相对 content/ 的路径"),
    field("meaning", "品牌内涵", LongText),
    field("started", "创建日期", Date),
    hint(field("goals", "目标", Lines), "每行一项"),
    hint(field("measures", "举措", Lines), "每行一项"),
    field(
        "milestones",
        "大事记",
        Rows(&[req("date", "日期", Date), req("text", "事项", Text)]),
    ),
    field(
        "honours",
        "荣誉",
        Rows(&[
            req("date", "日期", Date),
            req("title", "名称", Text),
            req("level", "级别", Choice(Choices::Fixed(HONOUR_LEVELS))),
        ]),
    ),
];

pub(crate) const NOTICE: &[Field] = &[
    hint(
        req("number", "文号序号", Count),
        "当年的第几号文件，自动取下一个",
    ),
    req("format", "格式", Choice(Choices::Fixed(&["文件", "信函"]))),
    req("title", "标题", LongText),
    req("date", "成文日期", Date),
    hint(
        field("recipients", "主送", Lines),
        "每行一个；不填：站点设置中的主送",
    ),
    hint(field("issuer", "署名", Text), "不填：党委全称"),
    field("seal", "加盖印章", Flag),
    hint(field("upward", "上行文", Flag), "文号居左，右侧标签发人"),
    hint(field("signer", "签发人", Text), "上行文必填"),
    hint(field("note", "附注", Text), "印在（）内"),
    hint(
        field("cc", "抄送", Lines),
        "每行一个；不填：站点设置中的抄送",
    ),
    hint(
        field("print_office", "印发机关", Text),
        "不填：站点设置中的印发机关",
    ),
    hint(field("print_date", "印发日期", Date), "不填：成文日期"),
    hint(
        field("signature", "署名和成文日期", FlagOn),
        "不勾选：不署名，只印版记（清单、计划等）",
    ),
    hint(
        field(
            "numbering",
            "三级标题编号",
            Choice(Choices::Fixed(crate::markup::numbering::Numbering::VALUES)),
        ),
        "continuous：1. 2. …全文连续编号；不填或 sections：每节重新从 1. 编号",
    ),
    hint(
        field("copy_number", "份号", Count),
        "印为六位数，如 12 印为 000012",
    ),
    field(
        "secrecy",
        "密级",
        Choice(Choices::Fixed(crate::content::notice::SECRECY)),
    ),
    hint(
        field("secrecy_period", "保密期限", Text),
        "如 1年；印为 秘密★1年",
    ),
    field(
        "urgency",
        "紧急程度",
        Choice(Choices::Fixed(crate::content::notice::URGENCY)),
    ),
    hint(
        field("issues.title", "印发的文件：标题", Text),
        "印发、转发的文件印在通知之后，另起一页，不作为附件；印发年度总结时可不填（用总结的标题）",
    ),
    hint(
        field("issues.file", "印发的文件：文件", Text),
        "content/ 下的 Markdown 文件，如 attachments/2025/yaodian.md",
    ),
    hint(
        field("issues.annual", "印发的文件：年度总结（年份）", Year),
        "与“文件”二选一",
    ),
    field(
        "attachments",
        "附件",
        Rows(&[
            req("title", "附件标题", Text),
            field("file", "文件", Text),
            field("checklist", "考核清单", Text),
            field("annual", "年度总结（年份）", Year),
        ]),
    ),
];

pub(crate) const ANNUAL: &[Field] = &[
    field(
        "figures",
        "年度数据",
        Rows(&[
            req("id", "标识", Text),
            req("label", "名称", Text),
            req("value", "数值", Number),
            req("unit", "单位", Text),
            req("group", "分组", Text),
            field(
                "better",
                "越少越好填 lower",
                Choice(Choices::Fixed(crate::content::annual::Better::NAMES)),
            ),
            field(
                "display",
                "写法（grouped 分节，wan 万）",
                Choice(Choices::Fixed(crate::content::annual::Display::NAMES)),
            ),
        ]),
    ),
    field(
        "targets",
        "年度目标",
        Rows(&[
            req("id", "标识", Text),
            req("label", "名称", Text),
            req("target", "目标", Number),
            req("unit", "单位", Text),
            req("group", "分组", Text),
            field("kinds", "计数的活动类型", Text),
            field("tags", "计数的标签", Text),
            field("value", "手填实际值", Number),
            field("stat", "党员统计项", Text),
        ]),
    ),
];

pub(crate) const NARRATIVE: &[Field] = &[
    req("title", "标题", LongText),
    field("subtitle", "副标题", Text),
    field("date", "日期", Date),
    hint(
        field("appendix", "附主要数据（表格和图表）", FlagOn),
        "不勾选：单独打印和随通知印发时都只印正文",
    ),
    hint(
        field(
            "numbering",
            "三级标题编号",
            Choice(Choices::Fixed(crate::markup::numbering::Numbering::VALUES)),
        ),
        "continuous：1. 2. …全文连续编号；不填或 sections：每节重新从 1. 编号",
    ),
];

const MEMBER_EVENTS: &[&str] = &[
    "提交入党申请",
    "确定为入党积极分子",
    "列为发展对象",
    "接收为预备党员",
    "转为正式党员",
    "延长预备期",
    "取消预备党员资格",
    "组织关系转入",
    "组织关系转出",
    "调整支部",
    "出党",
    "去世",
];

pub(crate) const MEMBER: &[Field] = &[
    req("name", "姓名", Text),
    req("branch", "支部（第一条记录时）", Choice(Choices::Branches)),
    hint(
        field("birth_year", "出生年份", Year),
        "只用于年龄统计，不会公开",
    ),
    field("gaozhi", "高知", Flag),
    field(
        "events",
        "经历",
        Rows(&[
            req("date", "日期", Date),
            req("kind", "事项", Choice(Choices::Fixed(MEMBER_EVENTS))),
            field("from", "转自", Text),
            field("to", "转至", Text),
            field("until", "预备期延至", Date),
        ]),
    ),
];

/// Columns of a `Rows` field whose values are lists in the file (`kinds = ["义诊"]`), typed
/// as one cell separated by 、 or commas.
pub(crate) fn is_list_column(table: &str, column: &str) -> bool {
    table == "targets" && matches!(column, "kinds" | "tags")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_its_id_and_path() {
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::from_id(k.id()), Some(k));
        }
        assert_eq!(
            RecordKind::of_path("content/activities/2025/2025-01-02-fuer-zhiweihui.md"),
            Some(RecordKind::Activity)
        );
        assert_eq!(
            RecordKind::of_path("content/annual/2025.md"),
            Some(RecordKind::Narrative)
        );
        assert_eq!(RecordKind::of_path("content/attachments/2025/x.md"), None);
        assert_eq!(RecordKind::of_path("content/activities/../x.md"), None);
        assert_eq!(
            RecordKind::of_path("content/activities/2025/..\\x.md"),
            None
        );
    }

    #[test]
    fn keys_are_unique_within_a_form() {
        for k in RecordKind::ALL {
            let mut keys: Vec<&str> = k.fields().iter().map(|f| f.key).collect();
            keys.sort_unstable();
            let n = keys.len();
            keys.dedup();
            assert_eq!(keys.len(), n, "{k:?}");
        }
    }
}
