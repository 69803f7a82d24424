//! The skeleton `dangjian init` writes: a small site that passes `check` and builds, with one
//! record of each kind to copy from. Every field carries a short Chinese comment and the
//! optional fields are shown commented out, because the officer learns the format from these
//! files, not from a reference page.

use chrono::{Datelike, NaiveDate};

/// What `init` asks for: the names that appear on every page and every notice.
pub(crate) struct Organisation {
    pub hospital: String,
    /// 发文机关全称, e.g. 中共澄州市中医院委员会.
    pub committee: String,
    /// 机关代字: 澄中医党 → 澄中医党〔2024〕3号.
    pub doc_prefix: String,
}

/// A TOML basic string. The names come from the officer (flags or prompts), so quotes and
/// backslashes must not end the string.
fn q(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// (path relative to the new site root, contents).
pub(crate) fn files(today: NaiveDate, org: &Organisation) -> Vec<(String, String)> {
    let y = today.year();
    let hospital = q(&org.hospital);
    let committee = q(&org.committee);
    let doc_prefix = q(&org.doc_prefix);
    let office = q(&format!("{}党政综合办公室", org.hospital));
    let title = q(&format!("{}党建工作平台", org.hospital));
    let start = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today);
    vec![
        (
            ".gitignore".into(),
            "# 生成的网站与 PDF、缓存：可随时重新生成，不放进 git\n/output\n/output.*\n/.cache/\n# 工作台的账户（密码的散列），只留在本机\n/.dangjian/\n"
                .into(),
        ),
        (
            "site.toml".into(),
            format!(
                r#"# 站点配置。各字段的说明见《用户手册》（docs/用户手册.md）。
[organisation]
# 党委全称（发文机关）
name = {committee}
# 医院名称
hospital = {hospital}
# 机关代字：文号写作 {prefix_plain}〔{y}〕1号
doc_prefix = {doc_prefix}
recipients = ["各党支部"]                # 通知默认的主送机关
cc = []                                  # 通知默认的抄送机关
# 印发机关
issuing_office = {office}
# seal = "attachments/seal.png"          # 可选：党委印章图片（放在 content/attachments/ 下）

[site]
# 网站标题
title = {title}
base_url = "https://example.invalid/"    # 网站地址（用于站点地图和订阅）
# hide_member_names = true               # 可选：网站上不显示缺席人员和党员名单中的姓名

# [pdf]
# font_dirs = ["fonts"]                  # 可选：放字体文件的文件夹（相对站点根目录）

# [notices]                              # 可选：年中才开始用本系统登记通知时
# first_number = {{ {y} = 10 }}          # 今年从 10 号开始登记（前面的文号不报“跳过”）

# [notices.series.han]                   # 可选：函另立代字和文号，放在 content/notices/han/<年>/
# name = "函"
# prefix = "{prefix_plain}函"
# format = "信函"

[rules]
# 制度要求的默认值见《用户手册》“制度要求”一节；需要时在此覆盖，例如：
# attendance_threshold = 0.8             # 参与率低于 80% 时提醒
"#,
                prefix_plain = org.doc_prefix,
            ),
        ),
        (
            "content/branches/diyi.toml".into(),
            format!(
                r#"# 支部：文件名（diyi）就是支部标识，活动记录的 branch 写它。
name = "第一党支部"                      # 支部全称
# short_name = "一支部"                  # 可选：表格中用的简称
category = "临床"                        # 类别：临床、医技、护理、行政后勤、离退休
department = "内科"                      # 所在科室
brand = "xianfeng"                       # 可选：品牌项目标识（content/brands/xianfeng.md）
# founded = {start}                      # 可选：成立日期，之前的月份不算缺开

[secretary]
name = "张明"                            # 支部书记
heads_department = true                  # 书记是否由科室负责人担任

[term]
start = {start}                          # 本届任期开始日期
# end = {term_end}                       # 可选：任期结束日期（默认按换届年限推算）

# [committee]                            # 可选：支部委员会
# since = {start}
# [[committee.members]]
# name = "张明"
# post = "书记"                          # 书记、副书记、组织委员、宣传委员、纪检委员、青年委员、委员

# [[groups]]                             # 可选：党小组
# name = "内科党小组"
# leader = "李华"

[[member_counts]]                        # 党员人数，人数变化时再加一段
date = {y}-01-01                         # 从哪天起
full = 6                                 # 正式党员
probationary = 0                         # 预备党员

# [[members]]                            # 可选：党员名单
# name = "张明"
# status = "正式"                        # 正式 或 预备
# joined = 2001-07-01                    # 入党日期
"#,
                term_end = NaiveDate::from_ymd_opt(y + 3, 1, 1)
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(today),
            ),
        ),
        (
            format!("content/activities/{y}/{today}-diyi-zhuti-dangri.md"),
            format!(
                r#"+++
title = "主题党日：集中学习"              # 主题
branch = "diyi"                          # 支部标识
kind = "主题党日"                        # 活动类型
date = {today}                           # 日期，写作 2024-03-05
time = "16:30-17:30"                     # 时间
place = "党员活动室"                     # 地点
chair = "张明"                           # 主持人
recorder = "张明"                        # 记录人
expected = 6                             # 应到人数
present = 6                              # 实到人数
topics = ["集中学习", "交流发言"]        # 议题
# absentees = [{{ name = "王珂", reason = "外出进修" }}]  # 可选：缺席人员及原因
# guests = ["院党委委员 李华"]           # 可选：列席人员
# tags = ["理论学习"]                    # 可选：标签
# attachments = [{{ path = "attachments/{y}/签到表.jpg", caption = "签到表", kind = "签到表" }}]  # 可选：附件（照片、签到表等）
+++
支部书记带领党员集中学习，党员逐一交流发言。

## 会议决议

1. 每月集中学习一次。
"#
            ),
        ),
        (
            "content/brands/xianfeng.md".into(),
            r#"+++
name = "先锋示范"                        # 品牌名称
branch = "diyi"                          # 所属支部标识
slogan = "党员带头，服务为先"            # 口号
goals = ["党员示范岗全覆盖"]             # 目标
# measures = ["设立党员示范岗"]          # 可选：举措
# meaning = "品牌内涵"                   # 可选：品牌内涵
+++
支部在门诊和病房设立党员示范岗，党员亮身份、作表率，带头做好服务。（示例，可改写为本支部的品牌介绍）
"#
            .into(),
        ),
        (
            format!("content/annual/{y}.toml"),
            r#"# 年度数据：年度总结和统计中引用的数字。
[[figures]]
id = "new_members"                       # 标识（拼音或英文）
label = "发展党员"                       # 名称
unit = "名"                              # 单位
group = "组织建设"                       # 分组
value = 0                                # 数值

[[targets]]
id = "yizhen"
label = "义诊活动"
unit = "场"
group = "服务群众"
target = 6                               # 年度目标
kinds = ["义诊"]                         # 按这些类型的活动自动计数
"#
            .into(),
        ),
        (
            format!("content/notices/{y}/1.md"),
            format!(
                r#"+++
number = 1                               # 文号序号，与文件名一致
format = "文件"                          # 文件 或 信函
title = "关于开展主题党日活动的通知"     # 标题
date = {today}                           # 成文日期
# recipients = ["各党支部"]              # 可选：主送（默认见 site.toml）
# cc = []                                # 可选：抄送
# note = "联系人：张明"                  # 可选：附注
+++
各党支部要按月开展主题党日活动。

# 工作要求

请各支部认真落实。
"#
            ),
        ),
        (
            "content/checklists/kaohe.toml".into(),
            r#"# 考核清单：分类 → 分组 → 条目。
title = "党支部工作考核清单"             # 清单标题

[[categories]]
name = "组织建设"                        # 分类
points = 5                               # 分值

[[categories.groups]]
name = "组织生活"                        # 分组
points = 5

[[categories.groups.items]]
id = "a1"                                # 条目标识，清单内不重复
text = "组织生活参与率不低于80%。"       # 条目内容
points = 3                               # 分值
departments = ["各支部"]                 # 责任部门
rule = "attendance"                      # 可选：由记录自动判断的规则

[[categories.groups.items]]
id = "a2"
text = "组织生活记录规范。"
points = 2
departments = ["党建办"]
"#
            .into(),
        ),
        ("content/attachments/.keep".into(), String::new()),
        ("templates/.keep".into(), String::new()),
    ]
}
