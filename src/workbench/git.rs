//! STUB until the records helper's git.rs lands (lead's scaffolding; replaced at merge).
use std::path::Path;

#[derive(Debug, Clone)]
pub(crate) struct Author {
    pub(crate) name: String,
    pub(crate) email: String,
}

pub(crate) struct Revision {
    pub(crate) commit: String,
    pub(crate) short: String,
    pub(crate) author_name: String,
    pub(crate) author_email: String,
    pub(crate) when: chrono::DateTime<chrono::FixedOffset>,
    pub(crate) message: String,
    pub(crate) diff: String,
}

pub(crate) fn is_repository(root: &Path) -> bool {
    root.join(".git").exists()
}

pub(crate) fn history(_root: &Path, _rel: &str, _limit: usize) -> Vec<Revision> {
    Vec::new()
}

pub(crate) fn text_at(_root: &Path, _commit: &str, _rel: &str) -> Option<String> {
    None
}

pub(crate) fn commit(
    _root: &Path,
    _paths: &[String],
    _author: &Author,
    _message: &str,
) -> Result<Option<String>, crate::diagnostics::Diagnostic> {
    Ok(None)
}
