//! Writing a record from a form: validated exactly as `check` would read the file, refused when
//! the file changed since the form was opened, written atomically, and committed to git in the
//! name of the person who saved it.

use std::path::Path;
use std::sync::Mutex;

use super::git::{self, Author};
use crate::config::Config;
use crate::content::Corpus;
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::hash::StableHasher;

/// The bytes of a record file as they were when a form was opened (a hash of them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Version(String);

impl Version {
    /// What a form carries in a hidden field and gives back on saving.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn from_string(s: String) -> Version {
        Version(s)
    }

    /// The version of a file that does not exist (a new record, or one deleted meanwhile).
    pub fn absent() -> Version {
        Version("absent".to_owned())
    }

    fn of_bytes(bytes: &[u8]) -> Version {
        let mut h = StableHasher::default();
        h.write(&(bytes.len() as u64).to_le_bytes()).write(bytes);
        Version(format!("v{}", h.hex()))
    }
}

/// The version of the file `rel` now.
pub fn version_of(root: &Path, rel: &str) -> Version {
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => Version::of_bytes(&bytes),
        Err(_) => Version::absent(),
    }
}

/// One save of a form: the record `old_rel` (none for a new one) becomes `text` at `new_rel`
/// (another path when the date or id changed its name).
#[derive(Debug, Clone)]
pub struct Change {
    pub old_rel: Option<String>,
    pub expected: Version,
    pub new_rel: String,
    pub text: String,
    pub author: Author,
    pub message: String,
}

/// Why a save did not happen; nothing was written in any case.
#[derive(Debug, Clone)]
pub enum Refused {
    /// `check` would report these errors about the record (or caused by it elsewhere).
    Invalid(Vec<Diagnostic>),
    /// The file changed (or was deleted: `on_disk` is `None`) since the form was opened.
    Conflict {
        on_disk: Option<String>,
        mine: String,
    },
    /// A new file or a rename would replace this other record.
    Taken(String),
    /// The file could not be read, written or removed.
    Failed(Diagnostic),
}

/// A save that stands.
#[derive(Debug, Clone)]
pub struct Saved {
    pub rel: String,
    /// What `check` warns about the saved record (for a text identical to the file, which is
    /// not written, also its errors: they were there before).
    pub warnings: Vec<Diagnostic>,
    /// The commit made; `None` when the site is no git repository or nothing changed.
    pub commit: Option<String>,
    /// The record was written but could not be committed: shown to the user, never lost.
    pub commit_failed: Option<Diagnostic>,
    /// When the change was complete on disk (the new file written, a renamed one's old file
    /// removed), before the commit; `None` when nothing was written. A build that began
    /// reading after it shows the change.
    pub written_at: Option<std::time::Instant>,
}

/// One save at a time in this process: the version check and the write must not interleave.
static SAVING: Mutex<()> = Mutex::new(());

/// What `check` would say if `change` were written: the record's own diagnostics, and errors
/// elsewhere that the change causes (a duplicate id, activities left naming a renamed branch).
pub fn check(root: &Path, change: &Change) -> Vec<Diagnostic> {
    let new = Some((change.new_rel.as_str(), change.text.as_str()));
    check_with(root, change.old_rel.as_deref(), new).0
}

/// What check says when the record `old` (if any) is replaced by `new` (`None`: deleted).
fn check_with(
    root: &Path,
    old: Option<&str>,
    new: Option<(&str, &str)>,
) -> (Vec<Diagnostic>, Option<Config>) {
    let (config, config_diags) = Config::load(root);
    let Some(config) = config else {
        let mut errors: Vec<Diagnostic> =
            config_diags.into_iter().filter(|d| d.is_error()).collect();
        if errors.is_empty() {
            errors.push(Diagnostic::general(Code::Io, "站点配置 site.toml 无法读取"));
        }
        return (errors, None);
    };
    let as_of = config
        .site
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let (mut corpus, mut before) = crate::content::load(root);
    before.extend(crate::validate::validate(root, &config, &corpus, as_of));
    let new_rel = new.map(|(rel, _)| rel);
    for rel in old.iter().chain(new_rel.iter()) {
        drop_record(&mut corpus, rel);
    }
    let mut found = match new {
        Some((rel, text)) => crate::content::add_unwritten(&mut corpus, rel, text.to_owned()),
        None => {
            reindex(&mut corpus);
            Vec::new()
        }
    };
    let mut after = crate::validate::validate(root, &config, &corpus, as_of);
    after.extend(crate::plausibility::check(&config, &corpus));
    after.extend(counts_missing(&corpus));
    for d in after {
        let own = Some(d.file.as_str()) == new_rel;
        let caused = d.is_error()
            && Some(d.file.as_str()) != old
            && !before.iter().any(|b| same_problem(b, &d));
        if own || caused {
            found.push(d);
        }
    }
    // `[rules] strict = true` makes check (and the pre-commit hook) fail on warnings.
    if config.rules.strict {
        found = found
            .into_iter()
            .map(|d| d.with_severity(crate::diagnostics::Severity::Error))
            .collect();
    }
    found.sort_by(|a, b| (&a.file, a.pos, a.severity).cmp(&(&b.file, b.pos, b.severity)));
    found.dedup();
    (found, Some(config))
}

fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.file == b.file && a.code == b.code && a.message == b.message
}

/// Takes the record read from `rel` out of the corpus, so that its new text replaces it.
fn drop_record(c: &mut Corpus, rel: &str) {
    c.branches.retain(|r| r.file != rel);
    c.activities.retain(|r| r.file != rel);
    c.brands.retain(|r| r.file != rel);
    c.annual.retain(|r| r.file != rel);
    c.narratives.retain(|r| r.file != rel);
    c.notices.retain(|r| r.file != rel);
    c.checklists.retain(|r| r.file != rel);
    c.members.retain(|r| r.file != rel);
    c.unreadable.remove(rel);
}

/// What loading reports once member records are matched with the branches, which
/// `add_unwritten` does not do: a branch without `[[member_counts]]` that no member record
/// makes anyone a party member of (a new branch, or the last member record deleted).
fn counts_missing(corpus: &Corpus) -> Vec<Diagnostic> {
    use crate::content::branch::{MISSING_COUNTS, MISSING_COUNTS_HINT};
    let named = |id: &str| {
        // Any probation length: loading matches members with branches the same way.
        corpus.members.iter().any(|m| {
            m.states(12).iter().any(|(_, s)| {
                s.branch == id && s.in_org && s.stage.is_some_and(|st| st.is_member())
            })
        })
    };
    corpus
        .branches
        .iter()
        .filter_map(|b| b.counts_missing_at.map(|at| (b, at)))
        .filter(|(b, _)| !named(&b.id))
        .map(|(b, at)| {
            Diagnostic::new(Code::MissingField, &b.file, at, MISSING_COUNTS)
                .with_hint(MISSING_COUNTS_HINT)
        })
        .collect()
}

/// Rebuilds the corpus's indexes after a record was taken out. Only `add_unwritten` can (the
/// indexes are content's own): it is given a record that cannot be read, whatever its kind —
/// a Markdown file without front matter — and the name it leaves among the unreadable files
/// is taken out again.
fn reindex(c: &mut Corpus) {
    const NONE: &str = "content/brands/workbench-reindex.md";
    let _ = crate::content::add_unwritten(c, NONE, String::new());
    c.unreadable.remove(NONE);
}

/// Writes `change` when `check` finds no error in it and the file is still as the form saw it.
pub fn save(root: &Path, change: Change) -> Result<Saved, Refused> {
    let _guard = SAVING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for rel in change.old_rel.iter().chain([&change.new_rel]) {
        safe_rel(rel).map_err(Refused::Failed)?;
    }
    let renamed = change
        .old_rel
        .as_ref()
        .filter(|old| **old != change.new_rel);
    let current_rel = change.old_rel.as_deref().unwrap_or(&change.new_rel);
    if change.old_rel.is_none() && root.join(&change.new_rel).exists() {
        return Err(Refused::Taken(change.new_rel.clone()));
    }
    let (on_disk, version) = read_text(root, current_rel).map_err(Refused::Failed)?;
    if version != change.expected {
        return Err(Refused::Conflict {
            on_disk,
            mine: change.text,
        });
    }
    if renamed.is_some() && root.join(&change.new_rel).exists() {
        return Err(Refused::Taken(change.new_rel.clone()));
    }
    let new = Some((change.new_rel.as_str(), change.text.as_str()));
    let (diags, config) = check_with(root, change.old_rel.as_deref(), new);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        diags.into_iter().partition(Diagnostic::is_error);
    if on_disk.as_deref() == Some(change.text.as_str()) && renamed.is_none() {
        // Nothing to write: what is wrong with the record already is shown, not refused.
        let mut all = errors;
        all.extend(warnings);
        return Ok(Saved {
            rel: change.new_rel,
            warnings: all,
            commit: None,
            commit_failed: None,
            written_at: None,
        });
    }
    if !errors.is_empty() {
        return Err(Refused::Invalid(errors));
    }
    write(root, &change, renamed.is_some())?;
    let mut paths = vec![change.new_rel.clone()];
    if let Some(old) = renamed {
        if let Err(e) = std::fs::remove_file(root.join(old)) {
            return Err(Refused::Failed(io_error(old, "删除旧文件", &e)));
        }
        paths.push(old.clone());
    }
    let written_at = Some(std::time::Instant::now());
    let (commit, commit_failed) = commit_and_backup(
        root,
        &paths,
        &change.author,
        &change.message,
        config.as_ref(),
    );
    Ok(Saved {
        rel: change.new_rel,
        warnings,
        commit,
        commit_failed,
        written_at,
    })
}

fn write(root: &Path, change: &Change, renamed: bool) -> Result<(), Refused> {
    let path = root.join(&change.new_rel);
    let result = if change.old_rel.is_some() && !renamed {
        crate::files::replace(&path, change.text.as_bytes())
    } else {
        crate::files::write_new(&path, change.text.as_bytes())
    };
    result.map_err(|e| match e.kind() {
        // Another program made the file since the check above.
        std::io::ErrorKind::AlreadyExists => Refused::Taken(change.new_rel.clone()),
        _ => Refused::Failed(io_error(&change.new_rel, "写入", &e)),
    })
}

fn commit_and_backup(
    root: &Path,
    paths: &[String],
    author: &Author,
    message: &str,
    config: Option<&Config>,
) -> (Option<String>, Option<Diagnostic>) {
    match git::commit(root, paths, author, message) {
        Ok(Some(commit)) => {
            if let Some(remote) = config.and_then(|c| c.workbench.backup_remote.as_deref()) {
                super::backup::after_commit(root, remote);
            }
            (Some(commit), None)
        }
        Ok(None) => (None, None),
        Err(d) => (None, Some(d)),
    }
}

/// Deletes the record `rel` if it is still as the form saw it, in one commit.
pub fn delete(
    root: &Path,
    rel: &str,
    expected: &Version,
    author: &Author,
    message: &str,
) -> Result<Option<String>, Refused> {
    let _guard = SAVING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    safe_rel(rel).map_err(Refused::Failed)?;
    let (on_disk, version) = read_text(root, rel).map_err(Refused::Failed)?;
    if on_disk.is_none() || version != *expected {
        return Err(Refused::Conflict {
            on_disk,
            mine: String::new(),
        });
    }
    // A branch that activities still name, a checklist a notice attaches: check would fail.
    let (diags, config) = check_with(root, Some(rel), None);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(Refused::Invalid(errors));
    }
    std::fs::remove_file(root.join(rel)).map_err(|e| Refused::Failed(io_error(rel, "删除", &e)))?;
    let (commit, failed) =
        commit_and_backup(root, &[rel.to_owned()], author, message, config.as_ref());
    match failed {
        // The file is gone either way; the failed commit is what the person must hear about.
        Some(d) => Err(Refused::Failed(d)),
        None => Ok(commit),
    }
}

/// The file's text (`None` when it does not exist) and its version, from one read.
fn read_text(root: &Path, rel: &str) -> Result<(Option<String>, Version), Diagnostic> {
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => Ok((
            Some(String::from_utf8_lossy(&bytes).into_owned()),
            Version::of_bytes(&bytes),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, Version::absent())),
        Err(e) => Err(io_error(rel, "读取", &e)),
    }
}

fn io_error(rel: &str, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(Code::Io, rel, Pos::FILE, format!("无法{what} {rel}：{e}"))
}

/// A record path the workbench may write: below `content/`, a `.md` or `.toml` file, no step
/// out of the folder and no hidden part (a request must never reach another file).
fn safe_rel(rel: &str) -> Result<(), Diagnostic> {
    let parts: Vec<&str> = rel.split('/').collect();
    let ok = parts.first() == Some(&"content")
        && parts.len() >= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && !p.starts_with('.') && !p.contains(['\\', ':', '\0']))
        && (rel.ends_with(".md") || rel.ends_with(".toml"))
        && parts.get(1) != Some(&"attachments");
    if ok {
        Ok(())
    } else {
        Err(Diagnostic::new(
            Code::UnknownRecordPath,
            rel,
            Pos::FILE,
            format!("“{rel}”不是记录文件的位置，工作台不会写入"),
        ))
    }
}
