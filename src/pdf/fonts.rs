//! Which font each role (小标宋, 仿宋, 楷体, 黑体, 宋体) resolves to, as typst sees the font
//! folders: the first family of the role's list that typst knows. Typst compares family names
//! without regard to case.

use std::path::PathBuf;
use std::process::Stdio;

use super::Typst;
use crate::config::{FontRole, Fonts};
use crate::diagnostics::{Code, Diagnostic};

/// Families of the open fonts that `dangjian setup` installs (and their kin): a role that
/// resolves to one of these after skipping names is using a substitute.
const OPEN_PREFIXES: &[&str] = &[
    "fandol",
    "noto ",
    "source han",
    "ar pl",
    "wenquanyi",
    "lxgw",
];

pub fn is_open(family: &str) -> bool {
    let f = family.to_lowercase();
    OPEN_PREFIXES.iter().any(|p| f.starts_with(p))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub role: FontRole,
    /// The family typst will use, as the list spells it.
    pub family: Option<String>,
    /// Names earlier in the list that typst does not know.
    pub skipped: Vec<String>,
}

impl Resolution {
    /// A role that falls back past names the list puts first (the commercial fonts).
    pub fn is_substitute(&self) -> bool {
        self.family.is_some() && !self.skipped.is_empty()
    }

    /// `仿宋 → FandolFang R（开源替代字体，未找到 仿宋_GB2312、FangSong）`.
    pub fn line(&self) -> String {
        let label = self.role.label();
        match &self.family {
            None => format!(
                "{label} → （无可用字体：{} 均未找到）",
                self.skipped.join("、")
            ),
            Some(f) if self.skipped.is_empty() => format!("{label} → {f}"),
            Some(f) if is_open(f) => format!(
                "{label} → {f}（开源替代字体，未找到 {}）",
                self.skipped.join("、")
            ),
            Some(f) => format!("{label} → {f}（未找到 {}）", self.skipped.join("、")),
        }
    }
}

pub fn resolve(fonts: &Fonts, families: &[String]) -> Vec<Resolution> {
    let known: Vec<String> = families.iter().map(|f| f.to_lowercase()).collect();
    FontRole::ALL
        .iter()
        .map(|&role| {
            let mut skipped = Vec::new();
            let mut family = None;
            for name in fonts.list(role) {
                if known.contains(&name.to_lowercase()) {
                    family = Some(name.clone());
                    break;
                }
                skipped.push(name.clone());
            }
            Resolution {
                role,
                family,
                skipped,
            }
        })
        .collect()
}

/// The family names `typst fonts` lists for these folders (system fonts ignored, as in the
/// build).
pub fn families(typst: &Typst, dirs: &[PathBuf]) -> Result<Vec<String>, Diagnostic> {
    let mut cmd = typst.command();
    cmd.arg("fonts").arg("--ignore-system-fonts");
    for d in dirs {
        cmd.arg("--font-path").arg(d);
    }
    let out = cmd
        .env_remove("TYPST_FONT_PATHS")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            Diagnostic::general(
                Code::ExternalTool,
                format!("无法运行 {} fonts：{e}", typst.path.display()),
            )
        })?;
    if !out.status.success() {
        return Err(Diagnostic::general(
            Code::ExternalTool,
            format!(
                "{} fonts 失败：{}",
                typst.path.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    Ok(parse_families(&String::from_utf8_lossy(&out.stdout)))
}

/// One family per line; with `--variants`, the variants are indented below it.
pub fn parse_families(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with(char::is_whitespace))
        .map(|l| l.trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_along_the_list() {
        let fams: Vec<String> = ["FandolFang R", "FandolHei", "Noto Serif CJK SC"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let r = resolve(&Fonts::default(), &fams);
        let fang = r.iter().find(|r| r.role == FontRole::FangSong).cloned();
        let fang = fang.expect("fangsong");
        assert_eq!(fang.family.as_deref(), Some("FandolFang R"));
        assert!(fang.is_substitute());
        assert!(
            fang.line()
                .starts_with("仿宋 → FandolFang R（开源替代字体，未找到 仿宋_GB2312")
        );
        let kai = r.iter().find(|r| r.role == FontRole::KaiTi).cloned();
        assert_eq!(kai.and_then(|k| k.family), None);
    }

    #[test]
    fn parses_the_family_list() {
        let text = "FandolFang R\n  └ /x/FandolFang-Regular.otf\n      Style: Normal\n\nNoto Sans CJK SC\n";
        assert_eq!(parse_families(text), ["FandolFang R", "Noto Sans CJK SC"]);
    }
}
