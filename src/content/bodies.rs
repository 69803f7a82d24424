//! Activity bodies on large sites: let go once the records are validated, and read again from
//! their files when a page, a search document or a record book needs one. They are most of
//! the corpus's memory (about 3.3 KB each in the benchmark corpus: 330 MB at 100,000
//! activities), and a build needs each one only twice after validation.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use super::{Activity, Corpus};
use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::reader::{SourceText, split_front_matter};

/// Activities above which a build lets their bodies go. Below it, reading each body again
/// would cost more time (two more reads of every record) than the memory is worth.
const HELD_MAX: usize = 20_000;

/// [`HELD_MAX`], or `DANGJIAN_BODIES_HELD_MAX`: `tests/released_bodies.rs` builds a small site
/// both ways and compares the outputs (not part of the build stamp; for tests only).
fn held_max() -> usize {
    std::env::var("DANGJIAN_BODIES_HELD_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(HELD_MAX)
}

/// The bodies a corpus let go: the hash of each (by record file), so that a body read again
/// is known to be the one validated, and the problems met reading them again.
#[derive(Debug, Default)]
pub(crate) struct Released {
    hashes: HashMap<String, u64>,
    problems: Mutex<Vec<Diagnostic>>,
}

impl Corpus {
    /// Lets the activities' bodies go when there are more than [`HELD_MAX`]; to be called
    /// after validation, which reads them.
    pub fn release_bodies(&mut self) {
        self.release_bodies_above(held_max());
    }

    fn release_bodies_above(&mut self, held_max: usize) {
        if self.activities.len() <= held_max {
            return;
        }
        let mut released = Released::default();
        for a in &mut self.activities {
            let body = std::mem::take(&mut a.body);
            released
                .hashes
                .insert(a.file.clone(), super::cache::text_hash(&body));
        }
        self.released = Some(released);
    }

    /// Whether the activities' bodies were let go ([`Corpus::release_bodies`]).
    pub fn bodies_released(&self) -> bool {
        self.released.is_some()
    }

    /// The body of `a` (a record of this corpus, whose site root is `root`): held, or read
    /// again from its file. A file that can no longer be read, or whose body is no longer the
    /// one validated (edited during the build), gives what it has and is reported by
    /// [`Corpus::body_problems`], which fails the build.
    pub fn activity_body<'a>(&self, root: &Path, a: &'a Activity) -> Cow<'a, str> {
        let Some(released) = &self.released else {
            return Cow::Borrowed(&a.body);
        };
        let problem = match read_body(root, &a.file) {
            Ok(body) if released.hashes.get(&a.file) == Some(&super::cache::text_hash(&body)) => {
                return Cow::Owned(body);
            }
            Ok(_) => Diagnostic::new(
                Code::Io,
                a.file.as_str(),
                Pos::FILE,
                "记录在生成过程中被修改，页面没有按校验过的内容生成",
            )
            .with_hint("保存完成后重新运行 dangjian build"),
            Err(d) => d,
        };
        if let Ok(mut problems) = released.problems.lock() {
            problems.push(problem);
        }
        Cow::Owned(String::new())
    }

    /// The problems met reading the bodies again: a build that has any publishes nothing.
    pub fn body_problems(&self) -> Vec<Diagnostic> {
        let Some(released) = &self.released else {
            return Vec::new();
        };
        let mut problems = released
            .problems
            .lock()
            .map(|p| p.clone())
            .unwrap_or_default();
        // A body is read for its page and again for its search document: one report each.
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        problems.dedup_by(|a, b| a.file == b.file);
        problems
    }
}

/// The Markdown body of the record file `rel`, as the loader reads it.
fn read_body(root: &Path, rel: &str) -> Result<String, Diagnostic> {
    let src = SourceText::read(root, rel.to_owned())?;
    let fm = split_front_matter(&src)?;
    Ok(fm.body.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = "content/activities/2024/2024-01-03-guke-zhiweihui.md";

    /// A site with one of the demo's activities, its body let go.
    fn released(name: &str) -> (std::path::PathBuf, Corpus, String) {
        let root =
            std::env::temp_dir().join(format!("dangjian-bodies-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let file = root.join(RECORD);
        std::fs::create_dir_all(file.parent().expect("folder")).expect("mkdir");
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join(RECORD);
        std::fs::copy(demo, &file).expect("copy the demo record");
        let (mut corpus, _) = super::super::load(&root);
        assert_eq!(corpus.activities.len(), 1);
        let body = corpus.activities[0].body.clone();
        assert!(!body.is_empty());
        corpus.release_bodies_above(0);
        assert!(corpus.bodies_released() && corpus.activities[0].body.is_empty());
        (root, corpus, body)
    }

    #[test]
    fn a_body_let_go_reads_back_as_it_was_validated() {
        let (root, corpus, body) = released("same");
        assert_eq!(corpus.activity_body(&root, &corpus.activities[0]), body);
        assert!(corpus.body_problems().is_empty());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_record_edited_or_removed_during_the_build_fails_it_naming_the_file() {
        let (root, corpus, _) = released("changed");
        let a = &corpus.activities[0];
        let file = root.join(RECORD);
        let text = std::fs::read_to_string(&file).expect("read");
        std::fs::write(&file, format!("{text}\n又补了一段。\n")).expect("edit");
        assert_eq!(corpus.activity_body(&root, a), "");
        // Read twice (page and search document), reported once.
        let _ = corpus.activity_body(&root, a);
        let problems = corpus.body_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, RECORD);
        assert_eq!(problems[0].code, Code::Io);
        assert_eq!(
            problems[0].message,
            "记录在生成过程中被修改，页面没有按校验过的内容生成"
        );
        let _ = std::fs::remove_dir_all(root);

        let (root, corpus, _) = released("removed");
        std::fs::remove_file(root.join(RECORD)).expect("remove");
        assert_eq!(corpus.activity_body(&root, &corpus.activities[0]), "");
        let problems = corpus.body_problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, RECORD);
        assert!(
            problems[0].message.starts_with("无法读取文件："),
            "{}",
            problems[0].message
        );
        let _ = std::fs::remove_dir_all(root);
    }
}
