//! The family names inside a font file (TrueType/OpenType, and collections of them), read
//! from the file's table directory and `name` table only. The system font folders of an
//! office PC hold hundreds of files, some of 20 MB and more: reading a few kilobytes of each
//! is what keeps a build that looks there fast (a parser crate would want the whole file in
//! memory; the part needed here is two fixed-layout tables).

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// The names of one face of a font file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaceNames {
    /// Family names (name IDs 1 and 16) in every language the file has, in file order.
    pub families: Vec<String>,
    /// Subfamily names (name IDs 2 and 17): `Regular`, `Bold`, `常规` …
    pub styles: Vec<String>,
}

impl FaceNames {
    /// Whether this face belongs to `family` (compared without regard to case, as typst does).
    pub fn has_family(&self, family: &str) -> bool {
        let want = family.to_lowercase();
        self.families.iter().any(|f| f.to_lowercase() == want)
    }
}

/// True for the file names a font folder may hold fonts in.
pub fn is_font_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// The faces of the font file at `path` (one, or several for a collection).
pub fn read(path: &Path) -> io::Result<Vec<FaceNames>> {
    let mut f = File::open(path)?;
    let mut head = [0u8; 12];
    f.read_exact(&mut head)?;
    let offsets: Vec<u64> = match &head[0..4] {
        b"ttcf" => {
            let count = be32(&head[8..12]).min(256);
            let raw = read_at(&mut f, 12, count as usize * 4)?;
            raw.chunks_exact(4).map(|c| u64::from(be32(c))).collect()
        }
        [0, 1, 0, 0] | b"OTTO" | b"true" => vec![0],
        _ => return Err(invalid("不是 TrueType/OpenType 字体文件")),
    };
    offsets.into_iter().map(|o| face(&mut f, o)).collect()
}

fn face(f: &mut File, offset: u64) -> io::Result<FaceNames> {
    let header = read_at(f, offset, 12)?;
    let tables = usize::from(be16(&header[4..6]));
    let records = read_at(f, offset + 12, tables * 16)?;
    let name = records
        .chunks_exact(16)
        .find(|r| &r[0..4] == b"name")
        .ok_or_else(|| invalid("字体文件没有 name 表"))?;
    let (start, len) = (u64::from(be32(&name[8..12])), be32(&name[12..16]));
    let table = read_at(f, start, len.min(1 << 20) as usize)?;
    Ok(parse_name_table(&table))
}

/// Decodes the Unicode and Windows (UTF-16BE) and Macintosh Roman (ASCII part) records.
pub fn parse_name_table(t: &[u8]) -> FaceNames {
    let mut names = FaceNames::default();
    if t.len() < 6 {
        return names;
    }
    let count = usize::from(be16(&t[2..4]));
    let strings = usize::from(be16(&t[4..6]));
    for r in t[6..].chunks_exact(12).take(count) {
        let (platform, encoding, id) = (be16(&r[0..2]), be16(&r[2..4]), be16(&r[6..8]));
        let (len, off) = (usize::from(be16(&r[8..10])), usize::from(be16(&r[10..12])));
        let Some(bytes) = t.get(strings + off..strings + off + len) else {
            continue;
        };
        let text = match (platform, encoding) {
            (0, _) | (3, 0 | 1 | 10) => utf16be(bytes),
            (1, 0) if bytes.is_ascii() => String::from_utf8(bytes.to_vec()).ok(),
            _ => None,
        };
        let Some(text) = text.filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        let list = match id {
            1 | 16 => &mut names.families,
            2 | 17 => &mut names.styles,
            _ => continue,
        };
        if !list.contains(&text) {
            list.push(text);
        }
    }
    names
}

fn utf16be(bytes: &[u8]) -> Option<String> {
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

fn read_at(f: &mut File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    f.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; len];
    f.read_exact(&mut buf)?;
    Ok(buf)
}

fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}

/// A minimal font file with the given family and style names (Windows, en-US and zh-CN
/// records), for tests of the lookup: enough for [`read`], not for typst.
pub fn fake_font(families: &[(&str, &str)]) -> Vec<u8> {
    let mut records = Vec::new();
    let mut strings = Vec::new();
    for (i, (family, style)) in families.iter().enumerate() {
        let lang: u16 = if i == 0 { 0x0409 } else { 0x0804 };
        for (id, text) in [(1u16, *family), (2u16, *style)] {
            let enc: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            for v in [3u16, 1, lang, id, enc.len() as u16, strings.len() as u16] {
                records.extend_from_slice(&v.to_be_bytes());
            }
            strings.extend_from_slice(&enc);
        }
    }
    let count = (records.len() / 12) as u16;
    let mut name = Vec::new();
    for v in [0u16, count, 6 + records.len() as u16] {
        name.extend_from_slice(&v.to_be_bytes());
    }
    name.extend_from_slice(&records);
    name.extend_from_slice(&strings);
    let mut file = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    file.extend_from_slice(b"name");
    file.extend_from_slice(&0u32.to_be_bytes());
    file.extend_from_slice(&28u32.to_be_bytes());
    file.extend_from_slice(&(name.len() as u32).to_be_bytes());
    file.extend_from_slice(&name);
    file
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_families_in_every_language() {
        let dir = std::env::temp_dir().join(format!("dj-fontnames-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let p = dir.join("fs.ttf");
        std::fs::write(
            &p,
            fake_font(&[("FangSong_GB2312", "Regular"), ("仿宋_GB2312", "常规")]),
        )
        .expect("write");
        let faces = read(&p).expect("read");
        assert_eq!(faces.len(), 1);
        assert_eq!(faces[0].families, ["FangSong_GB2312", "仿宋_GB2312"]);
        assert!(faces[0].has_family("fangsong_gb2312"));
        assert!(faces[0].has_family("仿宋_GB2312"));
        std::fs::write(&p, b"not a font at all").expect("write");
        assert!(read(&p).is_err());
        std::fs::write(&p, [0u8, 1, 0, 0, 0, 9]).expect("write");
        assert!(read(&p).is_err(), "truncated file");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_name_table_gives_no_names_and_no_panic() {
        let mut t = vec![0u8, 0, 0, 200, 0, 6];
        t.extend_from_slice(&[0, 3, 0, 1, 4, 9, 0, 1, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(parse_name_table(&t), FaceNames::default());
        assert_eq!(parse_name_table(&[1]), FaceNames::default());
    }
}
