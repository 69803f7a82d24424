//! Change history of the records from git: when each record was added and last changed, and
//! by whom; and the recent changes to `content/`. One `git log` process per build, however
//! many records there are; outside a git repository there is simply no history.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FileHistory {
    /// ISO dates (YYYY-MM-DD) of the first and the latest commit touching the file.
    pub created: String,
    pub updated: String,
    pub author: String,
    pub commits: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub date: String,
    pub author: String,
    pub subject: String,
    pub files: Vec<String>,
}

#[derive(Debug, Default)]
pub struct History {
    files: HashMap<String, FileHistory>,
    /// Newest first.
    pub recent: Vec<Change>,
}

/// Commits kept for the 修订记录 page.
const RECENT: usize = 100;

impl History {
    /// The authors under the names `[authors]` gives them (git knows people by their login
    /// names, the pages by their real ones); an author not listed keeps the git name.
    pub fn display_names(mut self, names: &std::collections::BTreeMap<String, String>) -> History {
        let rename = |a: &mut String| {
            if let Some(n) = names.get(a.as_str()) {
                a.clone_from(n);
            }
        };
        self.files.values_mut().for_each(|f| rename(&mut f.author));
        self.recent.iter_mut().for_each(|c| rename(&mut c.author));
        self
    }

    /// Reads the history of `content/` under `root`; empty when git or the repository is
    /// missing (a site need not be in git).
    pub fn read(root: &Path) -> History {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "log",
                "--no-renames",
                "--relative",
                "--name-only",
                // NUL cannot occur in a commit message, an author or a path, so no message
                // text can end a field; `-z` ends every path with NUL too.
                "-z",
                "--format=%H%x00%aI%x00%an%x00%s%x00",
                "--",
                "content",
            ])
            .output();
        match output {
            Ok(o) if o.status.success() => History::parse(&String::from_utf8_lossy(&o.stdout)),
            _ => History::default(),
        }
    }

    /// Parses `git log -z --name-only --format=%H%x00%aI%x00%an%x00%s%x00`: NUL-separated
    /// tokens, per commit its hash, date, author and subject, then its paths. A path always
    /// contains `/` (they are all under `content/`), a hash never does: so a token is a commit
    /// only where it is a hash, and the fields after it are taken by position, whatever text
    /// they hold (a message with the old `\x1e`/`\x1f` separators forged whole entries).
    fn parse(log: &str) -> History {
        let mut h = History::default();
        let mut tokens = log.split('\0').peekable();
        while let Some(token) = tokens.next() {
            if !is_hash(token) {
                continue;
            }
            let (Some(date), Some(author), Some(subject)) =
                (tokens.next(), tokens.next(), tokens.next())
            else {
                break;
            };
            let mut files = Vec::new();
            while let Some(t) = tokens.next_if(|t| !is_hash(t)) {
                // git puts a newline between a commit's format and its paths.
                let t = t.strip_prefix('\n').unwrap_or(t);
                if !t.is_empty() {
                    files.push(t.to_owned());
                }
            }
            h.add(date, author, subject, files);
        }
        h
    }

    fn add(&mut self, date: &str, author: &str, subject: &str, files: Vec<String>) {
        let date = date.get(..10).unwrap_or(date).to_owned();
        // git log lists newest first: the first sighting is the latest change, the last
        // sighting the creation.
        for f in &files {
            self.files
                .entry(f.clone())
                .and_modify(|e| {
                    e.created = date.clone();
                    e.commits += 1;
                })
                .or_insert_with(|| FileHistory {
                    created: date.clone(),
                    updated: date.clone(),
                    author: author.to_owned(),
                    commits: 1,
                });
        }
        if self.recent.len() < RECENT {
            self.recent.push(Change {
                date,
                author: author.to_owned(),
                subject: subject.to_owned(),
                files,
            });
        }
    }

    /// The history of a record, by its path relative to the site root.
    pub fn of(&self, file: &str) -> Option<&FileHistory> {
        self.files.get(file)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// A commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits, and so never a path.
fn is_hash(token: &str) -> bool {
    matches!(token.len(), 40 | 64)
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_log_gives_created_and_updated() {
        let (b, a) = ("b".repeat(40), "a".repeat(40));
        let log = format!(
            "{b}\02025-03-02T10:00:00+08:00\0李华\0改正人数\0\0\ncontent/a.md\0{a}\02025-01-05T09:00:00+08:00\0张明\0新增\0\0\ncontent/a.md\0content/b.md\0"
        );
        let log = log.as_str();
        let h = History::parse(log);
        let a = h.of("content/a.md").unwrap();
        assert_eq!(
            (
                a.created.as_str(),
                a.updated.as_str(),
                a.author.as_str(),
                a.commits
            ),
            ("2025-01-05", "2025-03-02", "李华", 2)
        );
        assert_eq!(h.of("content/b.md").unwrap().commits, 1);
        assert_eq!(h.recent.len(), 2);
        assert_eq!(h.recent[0].subject, "改正人数");
    }

    #[test]
    fn authors_are_shown_by_their_configured_names() {
        let (b, a) = ("b".repeat(40), "a".repeat(40));
        let log = format!(
            "{b}\02025-03-02T10:00:00+08:00\0lihua\0改正人数\0\0\ncontent/a.md\0{a}\02025-01-05T09:00:00+08:00\0zm\0新增\0\0\ncontent/b.md\0"
        );
        let names = [("lihua".to_owned(), "李华".to_owned())]
            .into_iter()
            .collect();
        let h = History::parse(&log).display_names(&names);
        assert_eq!(h.of("content/a.md").unwrap().author, "李华");
        // Not listed: the git name stays.
        assert_eq!(h.of("content/b.md").unwrap().author, "zm");
        let authors: Vec<&str> = h.recent.iter().map(|c| c.author.as_str()).collect();
        assert_eq!(authors, ["李华", "zm"]);
    }
}
