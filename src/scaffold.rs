//! The skeleton `dangjian init` writes: a small site that passes `check` and builds, with one
//! record of each kind to copy from.

use chrono::{Datelike, NaiveDate};

/// (path relative to the new site root, contents).
pub fn files(today: NaiveDate, name: &str) -> Vec<(String, String)> {
    let y = today.year();
    let committee = format!("中共{name}委员会");
    vec![
        (".gitignore".into(), "/output\n/output.*\n".into()),
        (
            "site.toml".into(),
            format!(
                r#"# 站点配置。字段说明见 dangjian 的 docs/content-reference.md。
[organisation]
name = "{committee}"
hospital = "{name}"
doc_prefix = "党委"
recipients = ["各党支部"]
cc = []
issuing_office = "{name}党政综合办公室"

[site]
title = "{name}党建工作平台"
base_url = "https://example.invalid/"

[rules]
# 规则默认值见 docs/rules.md；在此覆盖，例如：
# attendance_threshold = 0.8
"#
            ),
        ),
        (
            "content/branches/diyi.toml".into(),
            format!(
                r#"name = "第一党支部"
category = "临床"
department = "内科"
brand = "xianfeng"

[secretary]
name = "张明"
heads_department = true

[term]
start = {start}

[[member_counts]]
date = {y}-01-01
full = 6
probationary = 0
"#,
                start = NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(today),
            ),
        ),
        (
            format!("content/activities/{y}/{today}-diyi-zhuti-dangri.md"),
            format!(
                r#"+++
title = "主题党日：集中学习"
branch = "diyi"
kind = "主题党日"
date = {today}
time = "14:30-16:00"
place = "党员活动室"
chair = "张明"
recorder = "张明"
expected = 6
present = 6
topics = ["集中学习", "交流发言"]
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
name = "先锋示范"
branch = "diyi"
slogan = "党员带头，服务为先"
goals = ["党员示范岗全覆盖"]
+++
品牌简介写在这里。
"#
            .into(),
        ),
        (
            format!("content/annual/{y}.toml"),
            r#"[[figures]]
id = "new_members"
label = "发展党员"
unit = "名"
group = "组织建设"
value = 0

[[targets]]
id = "yizhen"
label = "义诊活动"
unit = "场"
group = "服务群众"
target = 6
kinds = ["义诊"]
"#
            .into(),
        ),
        (
            format!("content/notices/{y}/1.md"),
            format!(
                r#"+++
number = 1
format = "文件"
title = "关于开展主题党日活动的通知"
date = {today}
+++
各党支部要按月开展主题党日活动。

# 工作要求

请各支部认真落实。
"#
            ),
        ),
        (
            "content/checklists/kaohe.toml".into(),
            r#"title = "党支部工作考核清单"

[[categories]]
name = "组织建设"
points = 5

[[categories.groups]]
name = "组织生活"
points = 5

[[categories.groups.items]]
id = "a1"
text = "组织生活参与率不低于80%。"
points = 3
departments = ["各支部"]
rule = "attendance"

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
