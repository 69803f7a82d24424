//! A shard's files kept between builds in `.cache/dangjian/search/`: one file holding them
//! all (`<shard>-<key>.bin`), and a listing of their output paths and hashes
//! (`<shard>-<key>.files`) that lets a build keep them in the output without reading them.

use std::path::Path;

use super::SearchFiles;

/// The output path and hash of each file of a cached shard, one per line (`hash path`),
/// written when its files were handed to the output.
pub(super) fn read_listing(path: &Path) -> Option<Vec<(String, u64)>> {
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    // The count first: a listing cut short is not taken for a shard with fewer files.
    let count: usize = lines.next()?.parse().ok()?;
    let files: Vec<(String, u64)> = lines
        .map(|line| {
            let (hash, path) = line.split_once(' ')?;
            Some((path.to_owned(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect::<Option<_>>()?;
    (files.len() == count && count > 0).then_some(files)
}

pub(super) fn write_listing(path: &Path, files: &[(String, u64)]) -> std::io::Result<()> {
    let mut text = format!("{}\n", files.len());
    for (name, hash) in files {
        text.push_str(&format!("{hash:016x} {name}\n"));
    }
    let tmp = path.with_extension("files-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

// A shard is cached as one file (length-prefixed path and bytes of each of its files), not as
// a folder: a shard has one file per page, and creating files is what a build spends most of
// its time on.

pub(super) fn read_cached(path: &Path) -> Option<SearchFiles> {
    let data = std::fs::read(path).ok()?;
    let mut rest = data.as_slice();
    let mut take = |n: usize| -> Option<&[u8]> {
        if rest.len() < n {
            return None;
        }
        let (head, tail) = rest.split_at(n);
        rest = tail;
        Some(head)
    };
    let mut files = SearchFiles::new();
    let count = u64::from_le_bytes(take(8)?.try_into().ok()?);
    for _ in 0..count {
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let name = String::from_utf8(take(usize::try_from(len).ok()?)?.to_vec()).ok()?;
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let bytes = take(usize::try_from(len).ok()?)?.to_vec();
        files.push((name, bytes));
    }
    Some(files)
}

pub(super) fn write_cached(path: &Path, files: &SearchFiles) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut blob = Vec::with_capacity(files.iter().map(|(p, b)| p.len() + b.len() + 16).sum());
    blob.extend_from_slice(&(files.len() as u64).to_le_bytes());
    for (name, bytes) in files {
        blob.extend_from_slice(&(name.len() as u64).to_le_bytes());
        blob.extend_from_slice(name.as_bytes());
        blob.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        blob.extend_from_slice(bytes);
    }
    // Written whole under a temporary name, so that a killed build leaves no torn shard.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &blob)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_listing_reads_back_and_a_cut_or_garbled_one_is_ignored() {
        let dir = std::env::temp_dir().join(format!("dangjian-listing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("s1-00.files");
        let files = vec![
            (
                "pagefind/s1/pagefind-entry.json".to_owned(),
                0x0123_4567_89ab_cdef,
            ),
            ("pagefind/s1/index/zh-cn_1.pf_index".to_owned(), 7),
        ];
        write_listing(&path, &files).expect("write");
        assert_eq!(read_listing(&path), Some(files));
        let text = std::fs::read_to_string(&path).expect("read");
        let cut: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
        std::fs::write(&path, cut).expect("cut");
        assert_eq!(read_listing(&path), None, "one of two files listed");
        std::fs::write(&path, "1\nnot-hex pagefind/x\n").expect("garbled");
        assert_eq!(read_listing(&path), None, "a hash that is not one");
        std::fs::write(&path, "0\n").expect("empty");
        assert_eq!(read_listing(&path), None, "a shard has files");
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_cached_shard_reads_back_byte_for_byte_and_a_torn_one_is_ignored() {
        let dir = std::env::temp_dir().join(format!("dangjian-search-{}", std::process::id()));
        let path = dir.join("main-0123.bin");
        let files: SearchFiles = vec![
            ("pagefind-entry.json".into(), b"{}".to_vec()),
            ("fragment/zh_1.pf_fragment".into(), vec![0, 1, 2, 255]),
        ];
        write_cached(&path, &files).expect("write");
        assert_eq!(read_cached(&path), Some(files));
        let data = std::fs::read(&path).expect("read");
        std::fs::write(&path, &data[..data.len() - 1]).expect("truncate");
        assert_eq!(read_cached(&path), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
