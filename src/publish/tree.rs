//! Reading a folder back as files of the output: how the PDF stage's documents, made in a
//! folder of their own, join the site's files.

use std::fs;
use std::io;
use std::path::Path;

/// Every file below `dir` as (path relative to it, contents), in name order.
pub fn read_tree(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            out.push((
                crate::diagnostics::relative_path(dir, entry.path()),
                fs::read(entry.path())?,
            ));
        }
    }
    Ok(out)
}
