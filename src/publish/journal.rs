//! The journal of an in-place commit: which pending files replace which output files, and
//! which output files go. Written (by a rename) before the first change, it is the commit
//! point; a build that finds one completes it.
//!
//! It lives next to the output folder (`.output.journal`), never inside it, so nothing a
//! record publishes can be taken for it. Its format cannot be injected: fields are
//! NUL-separated (no path has a NUL), the pending folder is named once and each pending file
//! is a number in it, and every path is checked again when the journal is read — a journal
//! that names anything outside the output folder or its pending folder is refused whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::layout::{Output, Scratch};

const MAGIC: &[u8] = b"dangjian-journal 2";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    /// Name of the pending folder next to the output (`.output.pending-<pid>`).
    pub pending: String,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// Move pending file number `from` to `to` (relative to the output folder).
    Put { from: u64, to: String },
    /// Remove `path` (relative to the output folder).
    Del { path: String },
}

/// Where the journal of the output folder `target` is kept.
pub fn path_for(target: &Path) -> PathBuf {
    Output::new(target).journal()
}

impl Journal {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut field = |f: &[u8]| {
            out.extend_from_slice(f);
            out.push(0);
        };
        field(MAGIC);
        field(self.pending.as_bytes());
        for e in &self.entries {
            match e {
                Entry::Put { from, to } => {
                    field(b"put");
                    field(from.to_string().as_bytes());
                    field(to.as_bytes());
                }
                Entry::Del { path } => {
                    field(b"del");
                    field(path.as_bytes());
                }
            }
        }
        field(b"end");
        out
    }

    /// Reads a journal written for the output folder named `output_name`; `None` for anything
    /// that is not exactly what [`Journal::encode`] writes with paths that stay inside.
    pub fn parse(bytes: &[u8], output_name: &str) -> Option<Journal> {
        let body = bytes.strip_suffix(b"\0")?;
        let mut fields = body.split(|b| *b == 0);
        if fields.next()? != MAGIC {
            return None;
        }
        let pending = std::str::from_utf8(fields.next()?).ok()?;
        Output::new(Path::new(output_name)).scratch_owner(Scratch::Pending, pending)?;
        let mut entries = Vec::new();
        loop {
            match fields.next()? {
                b"put" => {
                    let from = std::str::from_utf8(fields.next()?).ok()?;
                    // Digits as `encode` writes them: no sign, no leading zero.
                    let canonical = !from.is_empty()
                        && from.bytes().all(|b| b.is_ascii_digit())
                        && (from == "0" || !from.starts_with('0'));
                    if !canonical {
                        return None;
                    }
                    let to = safe_rel(fields.next()?)?;
                    entries.push(Entry::Put {
                        from: from.parse().ok()?,
                        to,
                    });
                }
                b"del" => entries.push(Entry::Del {
                    path: safe_rel(fields.next()?)?,
                }),
                b"end" => break,
                _ => return None,
            }
        }
        if fields.next().is_some() {
            return None;
        }
        Some(Journal {
            pending: pending.to_owned(),
            entries,
        })
    }

    /// Carries out the journal on the output folder `target`: removals first (a file may
    /// give way to a folder of the same name), then the moves. Entries already done by an
    /// interrupted run are skipped (their pending file is gone).
    pub fn apply(&self, target: &Path) -> io::Result<()> {
        let pending = Output::new(target).parent().join(&self.pending);
        for e in &self.entries {
            if let Entry::Del { path } = e {
                let _ = fs::remove_file(target.join(path));
            }
        }
        for e in &self.entries {
            if let Entry::Put { from, to } = e {
                let from = pending.join(from.to_string());
                if !from.is_file() {
                    continue;
                }
                let to = target.join(to);
                if let Some(dir) = to.parent() {
                    fs::create_dir_all(dir)?;
                }
                // A folder the old output had where this file goes now (its files were
                // removed above).
                if fs::symlink_metadata(&to).is_ok_and(|m| m.is_dir()) {
                    fs::remove_dir_all(&to)?;
                }
                fs::rename(from, to)?;
            }
        }
        Ok(())
    }
}

/// A path relative to the output folder that stays inside it: `/`-separated, no empty, `.` or
/// `..` part, no control character, nothing the tool keeps for itself.
fn safe_rel(bytes: &[u8]) -> Option<String> {
    let path = std::str::from_utf8(bytes).ok()?;
    let ok = !path.is_empty()
        && !path.starts_with('/')
        && !path.chars().any(|c| c.is_control() || c == '\\')
        && path
            .split('/')
            .all(|p| !p.is_empty() && p != ".." && p != ".");
    ok.then(|| path.to_owned())
}

/// Completes the interrupted in-place commit of `target`, if its journal was written. A
/// journal that does not parse, or cannot be carried out to the end, is dropped: the output
/// is then checked against the manifest like any other, and rebuilt whole if it differs.
pub fn recover(target: &Path) -> io::Result<()> {
    let output = Output::new(target);
    let file = output.journal();
    let name = output.name();
    match fs::symlink_metadata(&file) {
        Ok(m) if m.is_file() => {
            if let Some(journal) = fs::read(&file).ok().and_then(|b| Journal::parse(&b, name)) {
                let _ = journal.apply(target);
            }
            fs::remove_file(&file)?;
        }
        // Not a file (a planted symlink or folder): never followed, removed.
        Ok(m) if m.is_dir() => fs::remove_dir_all(&file)?,
        Ok(_) => fs::remove_file(&file)?,
        Err(_) => {}
    }
    let _ = fs::remove_file(output.journal_tmp());
    Ok(())
}

/// Writes the journal (the commit point) and carries it out.
pub fn commit(target: &Path, journal: &Journal) -> io::Result<()> {
    let output = Output::new(target);
    let (file, tmp) = (output.journal(), output.journal_tmp());
    fs::write(&tmp, journal.encode())?;
    fs::rename(&tmp, &file)?;
    journal.apply(target)?;
    fs::remove_file(&file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Journal {
        Journal {
            pending: ".output.pending-42".into(),
            entries: vec![
                Entry::Put {
                    from: 3,
                    to: "activities/2024/a b#?.html".into(),
                },
                Entry::Del {
                    path: "old.html".into(),
                },
            ],
        }
    }

    #[test]
    fn round_trips() {
        let j = sample();
        assert_eq!(Journal::parse(&j.encode(), "output"), Some(j));
    }

    #[test]
    fn refuses_paths_that_leave_and_anything_malformed() {
        let enc = |pending: &str, to: &str| {
            Journal {
                pending: pending.into(),
                entries: vec![Entry::Put {
                    from: 1,
                    to: to.into(),
                }],
            }
            .encode()
        };
        for to in [
            "../site.toml",
            "/etc/passwd",
            "a//b",
            "./a",
            "a/../../b",
            "a\nb",
            "",
        ] {
            assert_eq!(
                Journal::parse(&enc(".output.pending-1", to), "output"),
                None
            );
        }
        for pending in ["..", ".output.pending-", ".output.pending-1/..", "content"] {
            assert_eq!(Journal::parse(&enc(pending, "a.html"), "output"), None);
        }
        let good = sample().encode();
        assert_eq!(Journal::parse(&good[..good.len() - 1], "output"), None);
        assert_eq!(Journal::parse(&good[..good.len() - 5], "output"), None);
        let mut extra = good.clone();
        extra.extend_from_slice(b"del\0x\0");
        assert_eq!(Journal::parse(&extra, "output"), None);
        // The old line format is no journal.
        assert_eq!(Journal::parse(b"put\t/etc/passwd\tx\n", "output"), None);
        assert_eq!(Journal::parse(&good, "site"), None);
    }

    /// A file that becomes a folder of the same name and back: removals go first.
    #[test]
    fn a_file_may_give_way_to_a_folder_and_back() {
        let dir = std::env::temp_dir().join(format!("dangjian-journal-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let target = dir.join("output");
        fs::create_dir_all(target.join("a")).expect("mkdir");
        fs::write(target.join("a/b.png"), "old").expect("write");
        fs::create_dir_all(dir.join(".output.pending-7")).expect("mkdir");
        fs::write(dir.join(".output.pending-7/0"), "file").expect("write");
        let j = Journal {
            pending: ".output.pending-7".into(),
            entries: vec![
                Entry::Put {
                    from: 0,
                    to: "a".into(),
                },
                Entry::Del {
                    path: "a/b.png".into(),
                },
            ],
        };
        commit(&target, &j).expect("commit");
        assert_eq!(fs::read_to_string(target.join("a")).expect("read"), "file");
        fs::write(dir.join(".output.pending-7/1"), "inner").expect("write");
        let back = Journal {
            pending: ".output.pending-7".into(),
            entries: vec![
                Entry::Put {
                    from: 1,
                    to: "a/b.png".into(),
                },
                Entry::Del { path: "a".into() },
            ],
        };
        commit(&target, &back).expect("commit");
        assert_eq!(
            fs::read_to_string(target.join("a/b.png")).expect("read"),
            "inner"
        );
        assert!(!path_for(&target).exists());
        let _ = fs::remove_dir_all(&dir);
    }
}
