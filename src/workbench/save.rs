//! STUB until the records helper's save.rs lands (lead's scaffolding; replaced at merge).
use std::path::Path;

use super::git::Author;
use crate::diagnostics::Diagnostic;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Version(pub(crate) String);

pub(crate) fn version_of(root: &Path, rel: &str) -> Version {
    Version(
        std::fs::read(root.join(rel))
            .map(|b| format!("{}", b.len()))
            .unwrap_or_else(|_| "absent".into()),
    )
}

pub(crate) struct Change {
    pub(crate) old_rel: Option<String>,
    pub(crate) expected: Version,
    pub(crate) new_rel: String,
    pub(crate) text: String,
    pub(crate) author: Author,
    pub(crate) message: String,
}

pub(crate) enum Refused {
    Invalid(Vec<Diagnostic>),
    Conflict {
        on_disk: Option<String>,
        mine: String,
    },
    Taken(String),
    Failed(Diagnostic),
}

pub(crate) struct Saved {
    pub(crate) rel: String,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) commit: Option<String>,
}

pub(crate) fn check(_root: &Path, _change: &Change) -> Vec<Diagnostic> {
    Vec::new()
}

pub(crate) fn save(root: &Path, change: Change) -> Result<Saved, Refused> {
    let _ = std::fs::write(root.join(&change.new_rel), &change.text);
    Ok(Saved {
        rel: change.new_rel,
        warnings: Vec::new(),
        commit: None,
    })
}

pub(crate) fn delete(
    root: &Path,
    rel: &str,
    _expected: &Version,
    _author: &Author,
    _message: &str,
) -> Result<Option<String>, Refused> {
    let _ = std::fs::remove_file(root.join(rel));
    Ok(None)
}
