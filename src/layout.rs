//! Every path on disk a build reads or writes. A folder a killed build leaves behind can only
//! be found and removed by the next build if something knows its name; when each stage named
//! its own folders, the PDF stage's was known to nobody and stayed forever. So the names live
//! here, in one place, and the rest of the program asks for them.
//!
//! Nothing here touches the disk, and nothing here depends on the rest of the crate: every
//! other module may use it.

use std::path::{Path, PathBuf};

/// The site's configuration, at the site root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// The records, below the site root.
pub(crate) const CONTENT_DIR: &str = "content";

/// Everything below the site root that a build reads, besides font folders: what `serve`
/// watches and what the build stamp hashes.
pub(crate) const INPUTS: [&str; 5] = [CONFIG_FILE, CONTENT_DIR, "templates", "themes", "static"];

/// The output folder when `--output` is not given. It has always been the tool's, so a build
/// replaces it whatever it holds (`publish::guard`).
pub(crate) fn default_output(root: &Path) -> PathBuf {
    root.join(OUTPUT_NAME)
}

const OUTPUT_NAME: &str = "output";

/// The stamp of the build that made an output folder, inside it. It has no extension, so no
/// attachment can take its path (only listed extensions are published).
pub(crate) const STAMP_FILE: &str = ".dangjian-build";

/// The workbench's accounts: `<site>/.dangjian/users.toml`, outside `content/` (never
/// published) and git-ignored (password hashes stay on the machine that serves).
pub(crate) fn users_file(root: &Path) -> PathBuf {
    root.join(".dangjian").join("users.toml")
}

/// Build caches: `<site>/.cache/dangjian/`, never published, safe to delete.
pub(crate) fn cache_dir(root: &Path) -> PathBuf {
    root.join(".cache").join("dangjian")
}

/// Compiled PDFs, keyed by everything they are made of.
pub(crate) fn pdf_cache_dir(root: &Path) -> PathBuf {
    cache_dir(root).join("pdf")
}

/// The version of a typst program, remembered per program file.
pub(crate) fn typst_version_file(root: &Path) -> PathBuf {
    pdf_cache_dir(root).join("typst-version")
}

/// Where each typst run works, one folder per document and process.
pub(crate) fn pdf_work_root(root: &Path) -> PathBuf {
    pdf_cache_dir(root).join("work")
}

/// The work folder of the document with cache key `key`, compiled by process `pid`; on the
/// cache's file system, so that its result can be renamed into the cache.
pub(crate) fn pdf_work_dir(root: &Path, key: &str, pid: u32) -> PathBuf {
    pdf_work_root(root).join(format!("{key}-{pid}"))
}

/// The process that made a folder of [`pdf_work_root`], read from its name.
pub(crate) fn pdf_work_owner(name: &str) -> Option<u32> {
    name.rsplit_once('-').and_then(|(_, pid)| parse_pid(pid))
}

/// Search index shards, keyed by the hash of their documents.
pub(crate) fn search_cache_dir(root: &Path) -> PathBuf {
    cache_dir(root).join("search")
}

/// The warnings the last stamped build printed, replayed by a build that finds nothing to do.
pub(crate) fn warnings_file(root: &Path) -> PathBuf {
    cache_dir(root).join("warnings.txt")
}

/// What the last build wrote into an output folder. The cache is per site and a site may be
/// built into several folders, so the name carries `output_hash`, a hash of the output
/// folder's path.
pub(crate) fn manifest_file(cache: &Path, output_hash: &str) -> PathBuf {
    cache.join(format!("output-{output_hash}.manifest"))
}

/// The folders a build keeps next to its output folder until it publishes. Each is named
/// `.<output>.<kind>-<pid>`, so that the next build can tell its own from a killed one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scratch {
    /// The new output, assembled whole before it is swapped in.
    Staging,
    /// The previous output, moved aside during the swap.
    Old,
    /// Files of the new output as they are produced, before the commit.
    Pending,
    /// The PDF stage's documents, before they join the site's files.
    Pdf,
}

impl Scratch {
    pub(crate) const ALL: [Scratch; 4] = [
        Scratch::Staging,
        Scratch::Old,
        Scratch::Pending,
        Scratch::Pdf,
    ];

    fn tag(self) -> &'static str {
        match self {
            Scratch::Staging => "staging",
            Scratch::Old => "old",
            Scratch::Pending => "pending",
            Scratch::Pdf => "pdf",
        }
    }
}

/// An output folder and the files and folders a build keeps beside it. They are beside it,
/// not inside: on the same file system, so that publishing is a rename, and never served.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
}

impl Output {
    pub(crate) fn new(dir: &Path) -> Output {
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = dir
            .file_name()
            .map_or_else(|| OUTPUT_NAME.into(), |n| n.to_string_lossy().into_owned());
        Output {
            dir: dir.to_path_buf(),
            parent: parent.to_path_buf(),
            name,
        }
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder that holds the output folder, and all that a build keeps beside it.
    pub(crate) fn parent(&self) -> &Path {
        &self.parent
    }

    /// The output folder's name (`output` when the path has none).
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The file name of the `kind` folder of process `pid`.
    pub(crate) fn scratch_name(&self, kind: Scratch, pid: u32) -> String {
        format!(".{}.{}-{pid}", self.name, kind.tag())
    }

    pub(crate) fn scratch(&self, kind: Scratch, pid: u32) -> PathBuf {
        self.parent.join(self.scratch_name(kind, pid))
    }

    /// Whether `file_name`, beside the output, is one of its scratch folders: which kind, and
    /// the rest of the name after the kind (a process id when the tool made it).
    pub(crate) fn scratch_kind<'a>(&self, file_name: &'a str) -> Option<(Scratch, &'a str)> {
        let rest = file_name
            .strip_prefix('.')?
            .strip_prefix(self.name.as_str())?
            .strip_prefix('.')?;
        Scratch::ALL.into_iter().find_map(|kind| {
            rest.strip_prefix(kind.tag())
                .and_then(|r| r.strip_prefix('-'))
                .map(|owner| (kind, owner))
        })
    }

    /// The process a scratch folder of `kind` named `file_name` belongs to.
    pub(crate) fn scratch_owner(&self, kind: Scratch, file_name: &str) -> Option<u32> {
        match self.scratch_kind(file_name) {
            Some((k, owner)) if k == kind => parse_pid(owner),
            _ => None,
        }
    }

    /// Holds the process id of the build that is writing this output.
    pub(crate) fn lock(&self) -> PathBuf {
        self.parent.join(format!(".{}.lock", self.name))
    }

    /// The journal of an in-place commit; its rename is the commit point.
    pub(crate) fn journal(&self) -> PathBuf {
        self.parent.join(format!(".{}.journal", self.name))
    }

    /// The journal while it is written, before the rename that commits it.
    pub(crate) fn journal_tmp(&self) -> PathBuf {
        self.parent.join(format!(".{}.tmp", self.name))
    }
}

/// A process id as the tool writes one: ASCII digits only (`u32::from_str` also takes `+1`),
/// so that a name read back is the name that was written.
fn parse_pid(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_names_read_back_as_written() {
        let out = Output::new(Path::new("site/public"));
        assert_eq!(out.parent(), Path::new("site"));
        for kind in Scratch::ALL {
            let name = out.scratch_name(kind, 42);
            assert_eq!(out.scratch_kind(&name), Some((kind, "42")));
            assert_eq!(out.scratch_owner(kind, &name), Some(42));
            assert_eq!(out.scratch(kind, 42), Path::new("site").join(&name));
        }
        assert_eq!(out.scratch_name(Scratch::Pdf, 7), ".public.pdf-7");
        for other in [
            ".public.lock",
            ".output.pdf-7",
            "public",
            ".public.pdf7",
            ".public.x-1",
        ] {
            assert_eq!(out.scratch_kind(other), None, "{other}");
        }
        for bad in [
            ".public.pending-",
            ".public.pending-+1",
            ".public.pending-1/..",
        ] {
            assert_eq!(out.scratch_owner(Scratch::Pending, bad), None, "{bad}");
        }
    }

    #[test]
    fn an_output_without_a_folder_is_beside_the_current_one() {
        let out = Output::new(Path::new("output"));
        assert_eq!(out.parent(), Path::new("."));
        assert_eq!(out.lock(), Path::new("./.output.lock"));
        assert_eq!(out.journal(), Path::new("./.output.journal"));
    }

    #[test]
    fn a_work_folder_names_its_process() {
        let dir = pdf_work_dir(Path::new("s"), "00ff", 123);
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        assert_eq!(name.as_deref().and_then(pdf_work_owner), Some(123));
        assert_eq!(pdf_work_owner("00ff"), None);
        assert_eq!(pdf_work_owner("00ff-"), None);
    }
}
