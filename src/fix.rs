//! `check --fix`: applies the mechanical corrections that diagnostics carry ([`Edit`]), in
//! place, in the manner of `cargo fix`, and shows each change as a unified diff.
//!
//! Only keyboard mistakes with one reading carry edits (see `reader::keyboard`); an edit is
//! applied only while the file still holds the text it was computed from, so a file changed
//! since it was read is left alone rather than corrupted.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

use crate::diagnostics::{Code, Diagnostic, Edit};

/// One file rewritten.
#[derive(Debug)]
pub(crate) struct FixedFile {
    /// Path relative to the site root, as messages show it.
    pub rel: String,
    pub edits: usize,
    /// The text before and after (without a BOM).
    pub old: String,
    pub new: String,
}

impl FixedFile {
    /// The change as a unified diff (`--- a/…`, `+++ b/…`, hunks with one line of context).
    pub(crate) fn diff(&self) -> String {
        unified_diff(&self.rel, &self.old, &self.new)
    }
}

/// Fixes until nothing more can be fixed: a mistake can hide the next from the parser (after a
/// broken table header the rest of the table is not read), so each round reloads the site.
/// Returns each changed file once, from its first text to its last.
pub(crate) fn apply_all(
    root: &Path,
    mut load: impl FnMut() -> Vec<Diagnostic>,
) -> (Vec<FixedFile>, Vec<Diagnostic>) {
    let mut files: BTreeMap<String, FixedFile> = BTreeMap::new();
    let mut problems = Vec::new();
    // Every round removes at least one mistake; the bound only guards against a fix that
    // would bring its own mistake back.
    for _ in 0..8 {
        let (fixed, round_problems) = apply(root, &load());
        problems = round_problems;
        if fixed.is_empty() {
            break;
        }
        for f in fixed {
            match files.get_mut(&f.rel) {
                Some(first) => {
                    first.edits += f.edits;
                    first.new = f.new;
                }
                None => {
                    files.insert(f.rel.clone(), f);
                }
            }
        }
    }
    (files.into_values().collect(), problems)
}

/// Applies the edits of `diags` to their files. Files without edits are not opened for
/// writing, so their bytes and modification times stay as they were.
pub(crate) fn apply(root: &Path, diags: &[Diagnostic]) -> (Vec<FixedFile>, Vec<Diagnostic>) {
    let mut by_file: BTreeMap<&str, Vec<&Edit>> = BTreeMap::new();
    for d in diags.iter().filter(|d| !d.file.is_empty()) {
        by_file.entry(&d.file).or_default().extend(&d.fix);
    }
    let mut fixed = Vec::new();
    let mut problems = Vec::new();
    for (rel, mut edits) in by_file {
        if edits.is_empty() {
            continue;
        }
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        match fix_file(root, rel, &edits) {
            Ok(Some(f)) => fixed.push(f),
            Ok(None) => {}
            Err(e) => problems.push(
                Diagnostic::new(
                    Code::Output,
                    rel,
                    crate::diagnostics::Pos::FILE,
                    format!("无法写回修正：{e}"),
                )
                .with_hint("检查文件是否只读或被其他程序占用"),
            ),
        }
    }
    (fixed, problems)
}

fn fix_file(root: &Path, rel: &str, edits: &[&Edit]) -> std::io::Result<Option<FixedFile>> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path)?;
    // Offsets are into the text after a BOM (see `SourceText`); the BOM is written back.
    let bom_len = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let Ok(old) = std::str::from_utf8(&bytes[bom_len..]) else {
        return Ok(None);
    };
    let mut new = String::with_capacity(old.len());
    let mut done = 0;
    let mut applied = 0;
    for e in edits {
        // Overlapping edits (one mistake seen twice) and stale ones are skipped.
        if e.range.start < done || old.get(e.range.clone()) != Some(e.from.as_str()) {
            continue;
        }
        new.push_str(&old[done..e.range.start]);
        new.push_str(&e.to);
        done = e.range.end;
        applied += 1;
    }
    new.push_str(&old[done..]);
    if applied == 0 || new == old {
        return Ok(None);
    }
    let mut out = bytes[..bom_len].to_vec();
    out.extend_from_slice(new.as_bytes());
    crate::files::replace(&path, &out)?;
    Ok(Some(FixedFile {
        rel: rel.to_owned(),
        edits: applied,
        old: old.to_owned(),
        new,
    }))
}

/// A unified diff of two texts with the same number of lines (edits never add or remove a
/// line break), one line of context around each changed line.
pub(crate) fn unified_diff(rel: &str, old: &str, new: &str) -> String {
    let old: Vec<&str> = old.split('\n').collect();
    let new: Vec<&str> = new.split('\n').collect();
    let changed: Vec<usize> = (0..old.len().min(new.len()))
        .filter(|&i| old[i] != new[i])
        .collect();
    let mut out = format!("--- a/{rel}\n+++ b/{rel}\n");
    let mut k = 0;
    while k < changed.len() {
        // A hunk takes every changed line whose context touches the previous one's.
        let mut last = k;
        while last + 1 < changed.len() && changed[last + 1] <= changed[last] + 3 {
            last += 1;
        }
        let from = changed[k].saturating_sub(1);
        let to = (changed[last] + 1).min(old.len() - 1);
        // The empty "line" after a final line break is no line of the file.
        let to = if to == old.len() - 1 && old[to].is_empty() {
            to - 1
        } else {
            to
        };
        let len = to - from + 1;
        let _ = writeln!(out, "@@ -{},{len} +{},{len} @@", from + 1, from + 1);
        for i in from..=to {
            let (o, n) = (old[i].trim_end_matches('\r'), new[i].trim_end_matches('\r'));
            if old[i] == new[i] {
                let _ = writeln!(out, " {o}");
            } else {
                let _ = writeln!(out, "-{o}");
                let _ = writeln!(out, "+{n}");
            }
        }
        k = last + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nB\nc\nd\ne\nf\nG\n";
        assert_eq!(
            unified_diff("x.md", old, new),
            "--- a/x.md\n+++ b/x.md\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -6,2 +6,2 @@\n f\n-g\n+G\n"
        );
    }
}
