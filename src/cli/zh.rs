//! Chinese help and Chinese command-line errors. clap has no localization, so its own words
//! (headings, the help and version flags, "[default: …]", every error sentence) are replaced
//! here: the command tree gets Chinese headings and flags, and errors are rendered from their
//! kind and context instead of from clap's English text.

use std::error::Error as _;
use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help layout: clap's `{all-args}` with our headings, and `{usage}` after a Chinese label.
const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// `cmd` and every subcommand below it with Chinese headings and help/version flags.
pub(super) fn localize(cmd: Command) -> Command {
    localize_one(cmd, true)
}

fn localize_one(cmd: Command, top: bool) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(200)
                .help("显示本帮助"),
        );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .display_order(201)
                .help("显示版本号"),
        );
    }
    cmd = cmd.mut_args(localize_arg);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| localize_one(s, false));
    }
    cmd
}

/// A Chinese heading, and the default and possible values written into the help text in
/// Chinese (clap would append "[default: …] [possible values: …]").
fn localize_arg(arg: Arg) -> Arg {
    let heading = if arg.is_positional() {
        "参数"
    } else {
        "选项"
    };
    let mut extra = Vec::new();
    if arg.get_action().takes_values() {
        let values = arg.get_possible_values();
        if !values.is_empty() {
            let list: Vec<String> = values
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| match v.get_help() {
                    Some(h) => format!("{}（{h}）", v.get_name()),
                    None => v.get_name().to_owned(),
                })
                .collect();
            extra.push(format!("可选：{}", list.join("、")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            extra.push(format!("默认：{}", defaults.join("、")));
        }
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let help = if extra.is_empty() {
        help
    } else {
        format!("{help}（{}）", extra.join("；"))
    };
    let takes_values = arg.get_action().takes_values();
    // The options every command shares come after the command's own.
    let arg = if arg.is_global_set() {
        arg.display_order(100)
    } else {
        arg
    };
    let arg = arg
        .help_heading(heading)
        .help(help)
        .long_help(None::<&'static str>);
    if takes_values {
        arg.hide_possible_values(true).hide_default_value(true)
    } else {
        arg
    }
}

/// Replaces the English words clap writes into usage lines.
fn usage_zh(s: &str) -> String {
    let mut out = s
        .replace("Usage: ", "用法：")
        .replace("Usage:", "用法：")
        .replace("[OPTIONS]", "[选项]");
    // clap ends each heading with an ASCII colon.
    for heading in ["命令", "选项", "参数"] {
        out = out.replace(&format!("\n{heading}:\n"), &format!("\n{heading}：\n"));
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What to print for a parse error or a help/version request, where, and the exit code.
pub(super) struct Rendered {
    pub text: String,
    pub to_stderr: bool,
    pub code: i32,
}

pub(super) fn render(e: &clap::Error) -> Rendered {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => Rendered {
            text: usage_zh(&e.render().to_string()),
            to_stderr: false,
            code: 0,
        },
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Rendered {
            text: usage_zh(&e.render().to_string()),
            to_stderr: true,
            code: 2,
        },
        _ => Rendered {
            text: error_text(e),
            to_stderr: true,
            code: 2,
        },
    }
}

fn one(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Strings(v) => v.first().cloned(),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn many(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

/// `` `a`、`b` ``
fn ticked(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join("、")
}

/// Why a value was refused, in Chinese: our own value parsers already say it in Chinese; the
/// standard library's number parsers do not.
fn value_reason(e: &clap::Error) -> String {
    let Some(source) = e.source() else {
        return "格式不对".into();
    };
    if let Some(p) = source.downcast_ref::<std::num::ParseIntError>() {
        use std::num::IntErrorKind;
        return match p.kind() {
            IntErrorKind::Empty => "不能为空，应填一个整数".into(),
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => "数字太大".into(),
            _ => "应为整数（不带小数点、单位，用半角数字）".into(),
        };
    }
    let text = source.to_string();
    if text.is_ascii() {
        // An English sentence from a parser we did not write: do not show it to the officer.
        "格式不对".into()
    } else {
        text
    }
}

fn error_text(e: &clap::Error) -> String {
    let arg = one(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = one(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut hints: Vec<String> = Vec::new();
    let message = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = many(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                hints.push(format!("可选的值：{}", ticked(&valid)));
            }
            if let Some(s) = one(e, ContextKind::SuggestedValue) {
                hints.push(format!("是否应为 `{s}`？"));
            }
            if value.is_empty() {
                format!("{arg} 需要一个值")
            } else {
                format!("{arg} 的值 `{value}` 无效")
            }
        }
        ErrorKind::ValueValidation => {
            format!("{arg} 的值 `{value}` 无效：{}", value_reason(e))
        }
        ErrorKind::UnknownArgument => {
            if let Some(s) = one(e, ContextKind::SuggestedArg) {
                hints.push(format!("是否应为 `{s}`？"));
            }
            if let Some(s) = one(e, ContextKind::SuggestedSubcommand) {
                hints.push(format!("是否应为子命令 `{s}`？"));
            }
            if let Some(s) = one(e, ContextKind::TrailingArg) {
                hints.push(format!("要把 `{s}` 当作值而不是选项，在它前面写 `-- {s}`"));
            }
            format!("没有这个选项或参数：`{arg}`")
        }
        ErrorKind::InvalidSubcommand => {
            let sub = one(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            if let Some(s) = one(e, ContextKind::SuggestedSubcommand) {
                hints.push(format!("是否应为 `{s}`？"));
            }
            format!("没有这个子命令：`{sub}`")
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = many(e, ContextKind::InvalidArg);
            let options = missing.iter().filter(|m| m.starts_with('-')).count();
            let what = match options {
                0 => "参数",
                n if n == missing.len() => "选项",
                _ => "选项和参数",
            };
            format!("缺少必需的{what}：{}", ticked(&missing))
        }
        ErrorKind::MissingSubcommand => {
            let valid = many(e, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                hints.push(format!("可用的子命令：{}", ticked(&valid)));
            }
            "缺少子命令".into()
        }
        ErrorKind::ArgumentConflict => {
            let prior = many(e, ContextKind::PriorArg);
            if prior.is_empty() {
                format!("{arg} 不能与其他选项同时使用")
            } else {
                format!("{arg} 不能与 {} 同时使用", ticked(&prior))
            }
        }
        ErrorKind::TooManyValues => format!("{arg} 的值太多：`{value}` 是多余的"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let expected = one(e, ContextKind::ExpectedNumValues)
                .or_else(|| one(e, ContextKind::MinValues))
                .unwrap_or_default();
            let actual = one(e, ContextKind::ActualNumValues).unwrap_or_default();
            format!("{arg} 需要 {expected} 个值，实际给了 {actual} 个")
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用等号连接，如 {arg}=值"),
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是 UTF-8 编码）".into(),
        _ => "命令行有误".into(),
    };
    let mut out = format!("错误：{message}\n");
    for h in hints {
        let _ = writeln!(out, "  提示：{h}");
    }
    if let Some(usage) = one(e, ContextKind::Usage) {
        let _ = write!(out, "\n{}\n", usage_zh(usage.trim()).trim_end());
    }
    out.push_str("\n查看全部选项：在命令后加 --help\n");
    out
}
