//! `site.toml`: the organisation, the site, the activity kinds, PDF and font settings, and the
//! rule set (read by [`crate::rules::RuleSettings`]).

mod fonts;
mod kinds;
mod notices;

pub use fonts::{FontRole, Fonts};
pub use kinds::ActivityKinds;
pub use notices::{NoticeSeries, NoticeSettings, Register};

use std::path::Path;

use chrono::NaiveDate;

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::reader::{Fields, Located, Sink, SourceText, values};
use crate::rules::RuleSettings;

use crate::layout::CONFIG_FILE;

#[derive(Debug, Clone)]
pub struct Organisation {
    /// 发文机关全称, e.g. 中共澄州市中医院委员会.
    pub name: String,
    pub hospital: String,
    /// The 文件格式 organ mark, without "文件".
    pub organ_mark: String,
    /// 机关代字.
    pub doc_prefix: String,
    pub recipients: Vec<String>,
    pub cc: Vec<String>,
    pub issuing_office: String,
    /// Seal image, relative to `content/`.
    pub seal: Option<Located<String>>,
}

#[derive(Debug, Clone)]
pub struct SiteSettings {
    pub title: String,
    pub base_url: String,
    pub theme: String,
    pub hide_member_names: bool,
    /// Publish the member roster on the branch pages (default: shown only by
    /// `dangjian members` in the terminal).
    pub publish_roster: bool,
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct PdfSettings {
    pub typst: Option<String>,
    pub font_dirs: Vec<String>,
    pub timeout_seconds: u32,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub organisation: Organisation,
    pub site: SiteSettings,
    pub kinds: ActivityKinds,
    pub pdf: PdfSettings,
    pub fonts: Fonts,
    pub rules: RuleSettings,
    pub workbench: WorkbenchSettings,
    pub notices: NoticeSettings,
    /// `[authors]`: git author names → the names the pages show (`"zhangsan" = "张三"`).
    pub authors: std::collections::BTreeMap<String, String>,
}

/// `[workbench]`: settings of `dangjian serve`'s editing forms.
#[derive(Debug, Clone, Default)]
pub struct WorkbenchSettings {
    /// The git remote every commit of the workbench is pushed to (`git push <remote> HEAD`),
    /// so that the records survive the loss of the machine; none: no backup.
    pub backup_remote: Option<String>,
}

impl Config {
    /// Reads `site.toml`. Problems are returned together; `None` when the file cannot be used.
    pub fn load(root: &Path) -> (Option<Config>, Vec<Diagnostic>) {
        if !root.join(CONFIG_FILE).is_file() {
            let d = Diagnostic::new(Code::Io, CONFIG_FILE, Pos::FILE, format!("找不到 {CONFIG_FILE}"))
                .with_hint(format!(
                    "在站点根目录运行，或用 --root 指定站点目录；新建站点：dangjian init <目录>（当前目录：{}）",
                    root.display()
                ));
            return (None, vec![d]);
        }
        let src = match SourceText::read(root, CONFIG_FILE.to_owned()) {
            Ok(s) => s,
            Err(d) => return (None, vec![d]),
        };
        let sink = Sink::new(&src, 0);
        let config = sink.parse(&src.text).and_then(|table| {
            let mut f = Fields::root(
                &sink,
                &table,
                Pos {
                    line: 1,
                    column: 1,
                    width: 1,
                },
            );
            let config = Config::read(&mut f);
            f.finish();
            config
        });
        (config, sink.into_diagnostics())
    }

    fn read(f: &mut Fields<'_, '_>) -> Option<Config> {
        let organisation = f.req_table("organisation").and_then(|mut t| {
            let name = t.req_str("name");
            let hospital = t.req_str("hospital");
            let organ_mark = t.opt_str("organ_mark");
            let doc_prefix = t.req_str("doc_prefix");
            let recipients = t.str_list("recipients");
            let cc = t.str_list("cc");
            let issuing_office = t.opt_str("issuing_office");
            let seal = t.opt_str("seal");
            t.finish();
            let name = name?.value;
            Some(Organisation {
                organ_mark: organ_mark.map_or_else(|| name.clone(), |m| m.value),
                issuing_office: issuing_office.map_or_else(|| name.clone(), |m| m.value),
                name,
                hospital: hospital?.value,
                doc_prefix: doc_prefix?.value,
                recipients: values(recipients),
                cc: values(cc),
                seal,
            })
        });
        let site = f.req_table("site").and_then(|mut t| {
            let title = t.req_str("title");
            let base_url = t.req_str("base_url");
            let theme = t.opt_str("theme");
            let hide = t.opt_bool("hide_member_names");
            let publish_roster = t.opt_bool("publish_roster");
            let as_of = t.opt_date("as_of");
            t.finish();
            Some(SiteSettings {
                title: title?.value,
                base_url: base_url?.value,
                theme: theme.map_or_else(|| "default".to_owned(), |t| t.value),
                hide_member_names: hide.is_some_and(|h| h.value),
                publish_roster: publish_roster.is_some_and(|p| p.value),
                as_of: as_of.map(|d| d.value),
            })
        });
        let kinds = match f.table("activity_kinds") {
            Some(mut t) => ActivityKinds::read(&mut t),
            None => ActivityKinds::default(),
        };
        let pdf = match f.table("pdf") {
            Some(mut t) => {
                let typst = t.opt_str("typst").map(|v| v.value);
                let font_dirs = values(t.str_list("font_dirs"));
                let timeout = t.opt_count("timeout_seconds").map(|v| v.value);
                t.finish();
                PdfSettings {
                    typst,
                    font_dirs,
                    timeout_seconds: timeout.unwrap_or(120).max(1),
                }
            }
            None => PdfSettings::default(),
        };
        let fonts = match f.table("fonts") {
            Some(mut t) => Fonts::read(&mut t),
            None => Fonts::default(),
        };
        let rules = match f.table("rules") {
            Some(mut t) => RuleSettings::read(&mut t),
            None => RuleSettings::default(),
        };
        let workbench = match f.table("workbench") {
            Some(mut t) => {
                let backup_remote = t.opt_str("backup_remote").map(|v| v.value);
                t.finish();
                WorkbenchSettings { backup_remote }
            }
            None => WorkbenchSettings::default(),
        };
        let notices = match f.table("notices") {
            Some(mut t) => {
                NoticeSettings::read(&mut t, organisation.as_ref().map(|o| o.doc_prefix.as_str()))
            }
            None => NoticeSettings::default(),
        };
        let authors = match f.table("authors") {
            Some(mut t) => read_authors(&mut t),
            None => Default::default(),
        };
        Some(Config {
            authors,
            workbench,
            notices,
            organisation: organisation?,
            site: site?,
            kinds,
            pdf,
            fonts,
            rules,
        })
    }
}

/// `[authors]`: each key a git author name, each value the name to show for it.
fn read_authors(t: &mut Fields<'_, '_>) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (key, v) in t.entries() {
        if let Some(name) = t.entry_str(&key.value, v) {
            out.insert(key.value, name.value);
        }
    }
    t.finish();
    out
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            typst: None,
            // The per-user folder of `dangjian setup` is always searched: a new site needs
            // no folder of its own.
            font_dirs: Vec::new(),
            timeout_seconds: 120,
        }
    }
}
