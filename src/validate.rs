//! Cross-record validation: what no single file can know about itself — references between
//! records, notice numbering within a year, dates against their folders, attachment paths
//! against the site root.

mod body_links;
mod typed_numbers;

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use crate::citable::{self, Source};
use crate::config::Config;
use crate::content::annual::Narrative;
use crate::content::attachment::check_path;
use crate::content::notice::{AttachmentContent, IssuedContent};
use crate::content::{Activity, Corpus};
use crate::diagnostics::{Code, Diagnostic};
use crate::reader::Located;
use crate::rules::{ChecklistRule, TARGET_RULE_PREFIX};
use crate::suggest::did_you_mean;

mod members;
mod numbers;

pub(crate) struct Validator<'a> {
    root: &'a Path,
    config: &'a Config,
    corpus: &'a Corpus,
    /// Dates after this are in the future.
    today: NaiveDate,
    out: Vec<Diagnostic>,
}

/// Runs every cross-record check and returns the problems found.
pub(crate) fn validate(
    root: &Path,
    config: &Config,
    corpus: &Corpus,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let mut v = Validator {
        root,
        config,
        corpus,
        today,
        out: Vec::new(),
    };
    v.organisation();
    v.branches();
    v.activities();
    v.brands();
    v.notices();
    v.annual();
    v.checklists();
    v.body_links();
    v.members();
    v.out
}

impl Validator<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// Markdown links in bodies to files that may not be published, and heading numbers
    /// typed by hand in numbered bodies.
    fn body_links(&mut self) {
        let c = self.corpus;
        let bodies: Vec<(&String, &String, u32)> = c
            .activities
            .iter()
            .map(|a| (&a.file, &a.body, a.body_line))
            .chain(c.brands.iter().map(|b| (&b.file, &b.body, b.body_line)))
            .chain(c.notices.iter().map(|n| (&n.file, &n.body, n.body_line)))
            .chain(c.narratives.iter().map(|n| (&n.file, &n.body, n.body_line)))
            .collect();
        // Every body's Markdown is parsed: on every core (a tenth of loading 100,000 records).
        let root = self.root;
        let mut found: Vec<Diagnostic> = bodies
            .par_iter()
            .flat_map_iter(|&(file, body, line)| body_links::check(root, file, body, line))
            .collect();
        // Only the numbered bodies: elsewhere a typed number is printed as written.
        let numbered = c
            .notices
            .iter()
            .map(|n| (&n.file, &n.body, n.body_line))
            .chain(c.narratives.iter().map(|n| (&n.file, &n.body, n.body_line)));
        for (file, body, line) in numbered {
            found.extend(typed_numbers::check(file, body, line));
        }
        self.out.extend(found);
    }

    fn unknown(
        &mut self,
        file: &str,
        what: &str,
        r: &Located<String>,
        known: Vec<&str>,
        fix: &str,
    ) {
        let mut d = Diagnostic::new(
            Code::UnknownReference,
            file,
            r.pos,
            format!("未知的{what} `{}`", r.value),
        );
        d.hint = Some(match did_you_mean(&r.value, known.iter().copied()) {
            Some(s) => format!("是否应为 `{s}`？"),
            None => fix.to_owned(),
        });
        self.push(d);
    }

    fn branch_ref(&mut self, file: &str, r: &Located<String>) {
        let broken = self
            .corpus
            .unreadable
            .contains(&format!("content/branches/{}.toml", r.value));
        if self.corpus.branch(&r.value).is_none() && !broken {
            // A branch written by its name (`branch = "第一党支部"`): say which id that is.
            if let Some(b) =
                self.corpus.branches.iter().find(|b| {
                    b.name == r.value || b.short_name.as_deref() == Some(r.value.as_str())
                })
            {
                self.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        file,
                        r.pos,
                        format!("branch 应写支部标识，而不是名称“{}”", r.value),
                    )
                    .with_hint(format!(
                        "{} 的标识是 {}：写作 branch = \"{}\"",
                        r.value, b.id, b.id
                    )),
                );
                return;
            }
            let known = self.corpus.branches.iter().map(|b| b.id.as_str()).collect();
            self.unknown(
                file,
                "支部",
                r,
                known,
                "支部标识是 content/branches/ 下的文件名（不含 .toml）",
            );
        }
    }

    fn brand_ref(&mut self, file: &str, r: &Located<String>) {
        let broken = self
            .corpus
            .unreadable
            .contains(&format!("content/brands/{}.md", r.value));
        if self.corpus.brand(&r.value).is_none() && !broken {
            let known = self.corpus.brands.iter().map(|b| b.id.as_str()).collect();
            self.unknown(
                file,
                "品牌项目",
                r,
                known,
                "品牌标识是 content/brands/ 下的文件名（不含 .md）",
            );
        }
    }

    fn path(&mut self, file: &str, p: &Located<String>) {
        if let Err(d) = check_path(self.root, file, p) {
            self.push(d);
        }
    }

    fn organisation(&mut self) {
        let file = crate::layout::CONFIG_FILE;
        if let Some(seal) = &self.config.organisation.seal {
            self.path(file, seal);
        }
        // A typo in a rule's kind or in `except` would silently do nothing.
        for rule in &self.config.rules.frequencies {
            if let Some(pos) = rule.kind_pos {
                self.kind(file, &Located::new(rule.kind.clone(), pos));
            }
            for id in &rule.except {
                self.branch_ref(file, id);
            }
        }
    }

    fn branches(&mut self) {
        let mut names: HashMap<&str, &str> = HashMap::new();
        for b in &self.corpus.branches {
            if let Some(first) = names.insert(&b.name, &b.file) {
                self.out.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        &b.file,
                        b.name_pos,
                        format!("支部名称“{}”与 {first} 重复", b.name),
                    )
                    .with_hint("每个支部的名称应唯一"),
                );
            }
            if let Some(brand) = &b.brand {
                self.brand_ref(&b.file, brand);
            }
        }
    }

    fn activities(&mut self) {
        for a in &self.corpus.activities {
            self.branch_ref(&a.file, &a.branch);
            if let Some(brand) = &a.brand {
                self.brand_ref(&a.file, brand);
            }
            self.kind(&a.file, &a.kind);
            self.activity_dates(a);
            for att in &a.attachments {
                self.path(&a.file, &att.path);
            }
        }
    }

    fn kind(&mut self, file: &str, kind: &Located<String>) {
        if self.config.kinds.contains(&kind.value) {
            return;
        }
        let hint = match did_you_mean(&kind.value, self.config.kinds.names()) {
            Some(s) => format!("是否应为“{s}”？"),
            None => format!(
                "已配置的类型：{}（可在 site.toml 的 [activity_kinds] 中增加）",
                self.config.kinds.names().collect::<Vec<_>>().join("、")
            ),
        };
        self.push(
            Diagnostic::new(
                Code::UnknownKind,
                file,
                kind.pos,
                format!("活动类型“{}”不在配置的类型列表中", kind.value),
            )
            .with_hint(hint),
        );
    }

    fn activity_dates(&mut self, a: &Activity) {
        let date = a.date.value;
        if let Some(folder) = year_folder(&a.file)
            && folder != date.year()
        {
            self.push(
                Diagnostic::new(
                    Code::DateOutsideYear,
                    &a.file,
                    a.date.pos,
                    format!("日期 {date} 不在所在文件夹的年份 {folder} 内"),
                )
                .with_hint(format!(
                    "把文件移到 content/activities/{}/，或改正日期",
                    date.year()
                )),
            );
        }
        if date > self.today {
            self.push(
                Diagnostic::new(
                    Code::FutureDate,
                    &a.file,
                    a.date.pos,
                    format!("活动日期 {date} 晚于今天（{}）", self.today),
                )
                .with_hint("尚未举行的活动不应记录；检查年份和月份"),
            );
        }
        // The naming scheme <date>-<branch>-<slug> keeps folders sorted and greppable; a
        // mismatch usually means a copied file whose front matter was edited.
        let expected_prefix = format!("{date}-{}-", a.branch.value);
        let date_prefix = format!("{date}-");
        if let Some(named) = a
            .slug
            .strip_prefix(&date_prefix)
            .filter(|_| !a.slug.starts_with(&expected_prefix))
        {
            // The date agrees, so the branch is what differs: point at the `branch =` line and
            // name the branch the file name means, if it is one.
            let meant = self
                .corpus
                .branches
                .iter()
                .filter(|b| named.starts_with(&format!("{}-", b.id)))
                .max_by_key(|b| b.id.len());
            let hint = match meant {
                Some(b) => format!(
                    "文件名中的支部是 {}（{}）：若活动属于该支部，写作 branch = \"{}\"；否则把文件名改为以 {expected_prefix} 开头",
                    b.id,
                    b.display_name(),
                    b.id
                ),
                None => format!("文件名应以 {expected_prefix} 开头"),
            };
            self.push(
                Diagnostic::new(
                    Code::FileNameMismatch,
                    &a.file,
                    a.branch.pos,
                    format!("文件名中的支部与 branch = \"{}\" 不一致", a.branch.value),
                )
                .with_hint(hint),
            );
        } else if !a.slug.starts_with(&expected_prefix) {
            self.push(
                Diagnostic::new(
                    Code::FileNameMismatch,
                    &a.file,
                    a.date.pos,
                    "文件名与日期或支部不一致",
                )
                .with_hint(format!("文件名应以 {expected_prefix} 开头")),
            );
        }
        // An activity before its branch was founded: `before-founded`, in plausibility.rs.
    }

    fn brands(&mut self) {
        for b in &self.corpus.brands {
            self.branch_ref(&b.file, &b.branch);
            if let Some(logo) = &b.logo {
                self.path(&b.file, logo);
            }
        }
    }

    fn notices(&mut self) {
        for n in &self.corpus.notices {
            if n.date.value.year() != n.year {
                self.push(
                    Diagnostic::new(
                        Code::DateOutsideYear,
                        &n.file,
                        n.date.pos,
                        format!(
                            "成文日期 {} 不在所在文件夹的年份 {} 内",
                            n.date.value, n.year
                        ),
                    )
                    .with_hint("文号的年份取自文件夹：把文件移到对应年份的文件夹，或改正日期"),
                );
            }
            if n.date.value > self.today {
                self.push(Diagnostic::new(
                    Code::FutureDate,
                    &n.file,
                    n.date.pos,
                    format!("成文日期 {} 晚于今天", n.date.value),
                ));
            }
            if let Some(seal) = &n.seal
                && seal.value
                && self.config.organisation.seal.is_none()
            {
                self.push(
                        Diagnostic::new(Code::UnknownReference, &n.file, seal.pos, "要求加盖印章，但 site.toml 未配置印章图片")
                            .with_hint("在 [organisation] 中设置 seal = \"attachments/seal.png\"（本工具不绘制印章）"),
                    );
            }
            for att in &n.attachments {
                match &att.content {
                    AttachmentContent::File(p) => {
                        if let Err(d) =
                            crate::content::attachment::check_markdown_path(self.root, &n.file, p)
                        {
                            self.push(d);
                        }
                    }
                    AttachmentContent::Checklist(c) => {
                        let broken = self
                            .corpus
                            .unreadable
                            .contains(&format!("content/checklists/{}.toml", c.value));
                        if self.corpus.checklist(&c.value).is_none() && !broken {
                            let known = self
                                .corpus
                                .checklists
                                .iter()
                                .map(|c| c.id.as_str())
                                .collect();
                            self.unknown(
                                &n.file,
                                "考核清单",
                                c,
                                known,
                                "清单标识是 content/checklists/ 下的文件名（不含 .toml）",
                            );
                        }
                    }
                    AttachmentContent::Annual(y) => {
                        if self.corpus.narrative(y.value).is_none() {
                            self.push(
                                Diagnostic::new(
                                    Code::UnknownReference,
                                    &n.file,
                                    y.pos,
                                    format!("没有 {} 年的年度总结", y.value),
                                )
                                .with_hint(format!("年度总结写在 content/annual/{}.md", y.value)),
                            );
                        }
                    }
                }
            }
            match n.issues.as_ref().map(|i| &i.content) {
                Some(IssuedContent::File(p)) => {
                    if let Err(mut d) =
                        crate::content::attachment::check_markdown_path(self.root, &n.file, p)
                    {
                        // The path rules are the attachments', but an issued document is no
                        // 附件: the message names it as what it is.
                        d.message = d.message.replacen("附件", "印发的文件", 1);
                        self.push(d);
                    }
                }
                Some(IssuedContent::Annual(y)) if self.corpus.narrative(y.value).is_none() => {
                    self.push(
                        Diagnostic::new(
                            Code::UnknownReference,
                            &n.file,
                            y.pos,
                            format!("印发的 {} 年度总结不存在", y.value),
                        )
                        .with_hint(format!("年度总结写在 content/annual/{}.md", y.value)),
                    );
                }
                _ => {}
            }
        }
        self.notice_numbers();
    }

    fn annual(&mut self) {
        for a in &self.corpus.annual {
            for t in &a.targets {
                if let crate::content::annual::TargetActual::Counted { kinds, .. } = &t.actual {
                    for k in kinds {
                        self.kind(&a.file, k);
                    }
                }
            }
        }
        for n in &self.corpus.narratives {
            self.citations(n);
        }
    }

    fn citations(&mut self, n: &Narrative) {
        let data = self.corpus.annual(n.year);
        for c in &n.citations {
            let name = c.value.as_str();
            let known = match name.strip_prefix(citable::PREFIX) {
                Some(stat) => stat_known(stat, self.config),
                None => data.is_some_and(|d| d.figure(name).is_some() || d.target(name).is_some()),
            };
            if known {
                continue;
            }
            let mut candidates: Vec<&str> = data
                .map(|d| {
                    d.figures
                        .iter()
                        .map(|f| f.id.value.as_str())
                        .chain(d.targets.iter().map(|t| t.id.value.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            let stats = |source| -> Vec<String> {
                citable::STATS
                    .iter()
                    .filter(|s| s.source == source)
                    .map(|s| format!("{}{}", citable::PREFIX, s.name))
                    .collect()
            };
            let activity_stats = stats(Source::Activities);
            candidates.extend(activity_stats.iter().map(String::as_str));
            // The member figures are suggested only when nothing else is close: `activitys`
            // means `stats.activities`, not `stats.activists`.
            let member_stats = stats(Source::Members);
            let suggestion = did_you_mean(name, candidates.iter().copied())
                .or_else(|| did_you_mean(name, member_stats.iter().map(String::as_str)));
            let label = |s: &str| {
                s.strip_prefix(citable::PREFIX)
                    .and_then(citable::get)
                    .map_or(String::new(), |stat| format!("（{}）", stat.label))
            };
            let hint = match suggestion {
                Some(s) => format!("是否应为 `{{{{ {s} }}}}`{}？", label(s)),
                None if data.is_none() => {
                    format!("content/annual/{}.toml 不存在；数据写在那里", n.year)
                }
                None => format!(
                    "在 content/annual/{}.toml 的 [[figures]] 中添加 id = \"{name}\"",
                    n.year
                ),
            };
            self.push(
                Diagnostic::new(
                    Code::UnknownFigure,
                    &n.file,
                    c.pos,
                    format!("引用了不存在的数据 `{name}`"),
                )
                .with_hint(hint),
            );
        }
    }

    fn checklists(&mut self) {
        for c in &self.corpus.checklists {
            let mut ids: HashMap<&str, ()> = HashMap::new();
            for item in c.items() {
                if ids.insert(&item.id.value, ()).is_some() {
                    self.push(Diagnostic::new(
                        Code::DuplicateId,
                        &c.file,
                        item.id.pos,
                        format!("考核项标识“{}”重复", item.id.value),
                    ));
                }
                if let Some(rule) = &item.rule
                    && !checklist_rule_known(&rule.value, self.corpus)
                {
                    let mut known: Vec<String> = ChecklistRule::ALL
                        .iter()
                        .map(|r| r.name().to_owned())
                        .collect();
                    for a in &self.corpus.annual {
                        known.extend(
                            a.targets
                                .iter()
                                .map(|t| format!("{TARGET_RULE_PREFIX}{}", t.id.value)),
                        );
                    }
                    let hint = match did_you_mean(&rule.value, known.iter().map(String::as_str)) {
                        Some(s) => format!("是否应为“{s}”？"),
                        None => format!("可用的规则：{}", known.join("、")),
                    };
                    self.push(
                        Diagnostic::new(
                            Code::UnknownRule,
                            &c.file,
                            rule.pos,
                            format!("未知的评分规则“{}”", rule.value),
                        )
                        .with_hint(hint),
                    );
                }
            }
            for cat in &c.categories {
                if let Some(p) = &cat.points {
                    self.points(
                        &c.file,
                        &format!("类别“{}”", cat.name),
                        p,
                        cat.item_points(),
                    );
                }
                for g in &cat.groups {
                    if let Some(p) = &g.points {
                        self.points(&c.file, &format!("分组“{}”", g.name), p, g.item_points());
                    }
                }
            }
            for year in &c.scores {
                for s in &year.scores {
                    match c.item(&s.item.value) {
                        None => {
                            let known = c.items().map(|i| i.id.value.as_str()).collect();
                            self.unknown(
                                &c.file,
                                "考核项",
                                &s.item,
                                known,
                                "考核项标识见 [[categories.groups.items]] 的 id",
                            );
                        }
                        Some(item) if s.score.value > item.points || s.score.value < 0.0 => {
                            self.push(Diagnostic::new(
                                Code::PointsMismatch,
                                &c.file,
                                s.score.pos,
                                format!(
                                    "{} 年考核项“{}”得分 {} 超出分值范围 0–{}",
                                    year.year,
                                    item.id.value,
                                    crate::format::number(s.score.value),
                                    crate::format::number(item.points)
                                ),
                            ));
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }

    fn points(&mut self, file: &str, what: &str, declared: &Located<f64>, sum: f64) {
        if (declared.value - sum).abs() > 1e-9 {
            self.push(
                Diagnostic::new(
                    Code::PointsMismatch,
                    file,
                    declared.pos,
                    format!(
                        "{what}标注 {} 分，但各项分值之和为 {} 分",
                        crate::format::number(declared.value),
                        crate::format::number(sum)
                    ),
                )
                .with_hint("改正 points，或检查其下各项的分值"),
            );
        }
    }
}

/// The year of an activity's folder, `content/activities/<year>/…`.
fn year_folder(file: &str) -> Option<i32> {
    file.split('/').nth(2)?.parse().ok()
}

/// Whether a checklist item's `rule` names a rule, or `targets.<id>` a target of any year.
fn checklist_rule_known(rule: &str, corpus: &Corpus) -> bool {
    match rule.strip_prefix(TARGET_RULE_PREFIX) {
        Some(target) => corpus.annual.iter().any(|a| a.target(target).is_some()),
        None => ChecklistRule::parse(rule).is_some(),
    }
}

fn stat_known(stat: &str, config: &Config) -> bool {
    match stat.strip_prefix(citable::KIND_PREFIX) {
        Some(kind) => config.kinds.contains(kind),
        None => citable::get(stat).is_some(),
    }
}
