//! `numbering = "continuous"`: how a document's third-level items (1. 2. …) count.

use crate::diagnostics::Code;
use crate::markup::numbering::Numbering;
use crate::reader::Fields;

/// What authors write instead of `continuous` (in Chinese, or misspelt), so that the hint
/// names the right value even when no letter of it was typed.
const MEANT_CONTINUOUS: &[&str] = &["连续", "连续编号", "全文连续", "continue", "continous"];
const MEANT_SECTIONS: &[&str] = &["分节", "分节编号", "每节", "section", "sectioned"];

/// Reads the optional `numbering` field; absent or invalid, items count per section.
pub(crate) fn read(f: &mut Fields<'_, '_>) -> Numbering {
    let Some(v) = f.opt_str("numbering") else {
        return Numbering::default();
    };
    if let Some(n) = Numbering::parse(&v.value) {
        return n;
    }
    let handle = f.sink.report_at(
        Code::InvalidValue,
        v.pos,
        format!("字段 `numbering` 的值“{}”不在可选范围内", v.value),
    );
    let choices = "可选：continuous（三级标题 1. 2. … 全文连续编号）、\
                   sections（每个一级、二级标题下重新从 1. 编号，默认）";
    let meant = if MEANT_CONTINUOUS.contains(&v.value.trim()) {
        Some("continuous")
    } else if MEANT_SECTIONS.contains(&v.value.trim()) {
        Some("sections")
    } else {
        None
    };
    match meant {
        Some(m) => handle.hint(format!("是否应为“{m}”？{choices}")),
        None => handle.hint(choices),
    };
    Numbering::default()
}
