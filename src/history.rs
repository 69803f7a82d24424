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

const RECORD_SEP: char = '\u{1e}';
const FIELD_SEP: char = '\u{1f}';
/// Commits kept for the 修订记录 page.
const RECENT: usize = 100;

impl History {
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
                "--format=%x1e%H%x1f%aI%x1f%an%x1f%s",
                "--",
                "content",
            ])
            .output();
        match output {
            Ok(o) if o.status.success() => History::parse(&String::from_utf8_lossy(&o.stdout)),
            _ => History::default(),
        }
    }

    fn parse(log: &str) -> History {
        let mut h = History::default();
        for block in log.split(RECORD_SEP).filter(|b| !b.trim().is_empty()) {
            let mut lines = block.lines();
            let header = lines.next().unwrap_or_default();
            let fields: Vec<&str> = header.split(FIELD_SEP).collect();
            let [_, date, author, subject] = fields.as_slice() else {
                continue;
            };
            let date = date.get(..10).unwrap_or(date).to_owned();
            let files: Vec<String> = lines
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            // git log lists newest first: the first sighting is the latest change, the last
            // sighting the creation.
            for f in &files {
                h.files
                    .entry(f.clone())
                    .and_modify(|e| {
                        e.created = date.clone();
                        e.commits += 1;
                    })
                    .or_insert_with(|| FileHistory {
                        created: date.clone(),
                        updated: date.clone(),
                        author: (*author).to_owned(),
                        commits: 1,
                    });
            }
            if h.recent.len() < RECENT {
                h.recent.push(Change {
                    date,
                    author: (*author).to_owned(),
                    subject: (*subject).to_owned(),
                    files,
                });
            }
        }
        h
    }

    /// The history of a record, by its path relative to the site root.
    pub fn of(&self, file: &str) -> Option<&FileHistory> {
        self.files.get(file)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_log_gives_created_and_updated() {
        let log = "\u{1e}b\u{1f}2025-03-02T10:00:00+08:00\u{1f}李华\u{1f}改正人数\n\ncontent/a.md\n\u{1e}a\u{1f}2025-01-05T09:00:00+08:00\u{1f}张明\u{1f}新增\n\ncontent/a.md\ncontent/b.md\n";
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
}
