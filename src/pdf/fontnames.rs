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
    /// The family typst knows the face by: the first decodable family record (ID 1; usually
    /// the English name) without its style suffixes (see [`typographic_family`]).
    pub primary: Option<String>,
}

impl FaceNames {
    /// Whether this face has `family` among its names in any language (compared without
    /// regard to case, as typst does).
    pub fn has_family(&self, family: &str) -> bool {
        let want = family.to_lowercase();
        self.families.iter().any(|f| f.to_lowercase() == want)
    }

    /// Whether typst knows this face as `family`.
    pub fn is_family(&self, family: &str) -> bool {
        self.primary
            .as_ref()
            .is_some_and(|p| p.to_lowercase() == family.to_lowercase())
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
    let mut family = None;
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
        if id == 1 && family.is_none() {
            family = Some(typographic_family(&text).to_owned());
        }
        let list = match id {
            1 | 16 => &mut names.families,
            2 | 17 => &mut names.styles,
            _ => continue,
        };
        if !list.contains(&text) {
            list.push(text);
        }
    }
    names.primary = family;
    names
}

/// The family without the style words typst strips from name ID 1 (`Noto Serif CJK SC
/// Black` → `Noto Serif CJK SC`; `FandolFang R` stays). Typst does not use the typographic
/// family (ID 16) because some fonts group more than style variants under it; this follows
/// typst 0.15's `typographic_family` so that the files named for a role are the ones typst
/// took.
pub fn typographic_family(family: &str) -> &str {
    const SEPARATORS: [char; 3] = [' ', '-', '_'];
    const MODIFIERS: &[&str] = &[
        "extra", "ext", "ex", "x", "semi", "sem", "sm", "demi", "dem", "ultra",
    ];
    const SUFFIXES: &[&str] = &[
        "normal",
        "italic",
        "oblique",
        "slanted",
        "thin",
        "th",
        "hairline",
        "light",
        "lt",
        "regular",
        "medium",
        "med",
        "md",
        "bold",
        "bd",
        "demi",
        "extb",
        "black",
        "blk",
        "bk",
        "heavy",
        "narrow",
        "condensed",
        "cond",
        "cn",
        "cd",
        "compressed",
        "expanded",
        "exp",
    ];
    let family = family.trim().trim_start_matches('.');
    let lower = family.to_ascii_lowercase();
    let mut len = usize::MAX;
    let mut trimmed = lower.as_str();
    while trimmed.len() < len {
        len = trimmed.len();
        let mut t = trimmed;
        let mut shortened = false;
        while let Some(s) = SUFFIXES.iter().find_map(|s| t.strip_suffix(s)) {
            shortened = true;
            t = s;
        }
        if !shortened {
            break;
        }
        if let Some(s) = t.strip_suffix(SEPARATORS) {
            trimmed = s;
            t = s;
        }
        if let Some(t) = MODIFIERS.iter().find_map(|s| t.strip_suffix(s))
            && let Some(s) = t.strip_suffix(SEPARATORS)
        {
            trimmed = s;
        }
    }
    // ASCII lowercasing keeps byte lengths, so the length indexes the original.
    family.get(..len.min(family.len())).unwrap_or(family)
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

/// A `name` table with the given (family, style) names: the first as Windows en-US records,
/// the others as zh-CN. For tests of the lookup (with [`fake_font`], or put into a real font
/// by [`rename_font`]).
pub fn name_table(families: &[(&str, &str)]) -> Vec<u8> {
    let mut records = Vec::new();
    let mut strings = Vec::new();
    for (i, (family, style)) in families.iter().enumerate() {
        let lang: u16 = if i == 0 { 0x0409 } else { 0x0804 };
        // Font databases (typst's fontdb among them) skip a font without a PostScript name.
        let postscript: String = family.chars().filter(char::is_ascii_alphanumeric).collect();
        let mut entries = vec![(1u16, (*family).to_owned()), (2u16, (*style).to_owned())];
        if i == 0 && !postscript.is_empty() {
            entries.push((6u16, postscript));
        }
        for (id, text) in entries {
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
    name
}

/// A minimal font file with the given family and style names, for tests of the lookup:
/// enough for [`read`], not for typst.
pub fn fake_font(families: &[(&str, &str)]) -> Vec<u8> {
    let name = name_table(families);
    let mut file = vec![0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0];
    file.extend_from_slice(b"name");
    file.extend_from_slice(&0u32.to_be_bytes());
    file.extend_from_slice(&28u32.to_be_bytes());
    file.extend_from_slice(&(name.len() as u32).to_be_bytes());
    file.extend_from_slice(&name);
    file
}

/// A real (single-face) font file with its `name` table replaced, so that typst knows it by
/// another family: tests of the system-font lookup without a commercial font. The new table
/// is appended; the other tables stay where they are. `None` for a collection or a file too
/// short to be a font.
pub fn rename_font(font: &[u8], families: &[(&str, &str)]) -> Option<Vec<u8>> {
    if font.get(0..4)? == b"ttcf" {
        return None;
    }
    let tables = usize::from(be16(font.get(4..6)?));
    let mut out = font.to_vec();
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
    let at = u32::try_from(out.len()).ok()?;
    let name = name_table(families);
    let record = (0..tables)
        .map(|i| 12 + i * 16)
        .find(|&r| font.get(r..r + 4) == Some(b"name"))?;
    out[record + 8..record + 12].copy_from_slice(&at.to_be_bytes());
    out[record + 12..record + 16].copy_from_slice(&(name.len() as u32).to_be_bytes());
    out.extend_from_slice(&name);
    Some(out)
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
        assert_eq!(faces[0].primary.as_deref(), Some("FangSong_GB2312"));
        assert!(faces[0].is_family("fangsong_gb2312"));
        assert!(
            !faces[0].is_family("仿宋_GB2312"),
            "typst knows it by its English name"
        );
        assert!(faces[0].has_family("fangsong_gb2312"));
        assert!(faces[0].has_family("仿宋_GB2312"));
        std::fs::write(&p, b"not a font at all").expect("write");
        assert!(read(&p).is_err());
        std::fs::write(&p, [0u8, 1, 0, 0, 0, 9]).expect("write");
        assert!(read(&p).is_err(), "truncated file");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn style_words_are_trimmed_as_typst_does() {
        assert_eq!(
            typographic_family("Noto Serif CJK SC Black"),
            "Noto Serif CJK SC"
        );
        assert_eq!(typographic_family("FandolFang R"), "FandolFang R");
        assert_eq!(typographic_family("FandolHei"), "FandolHei");
        assert_eq!(
            typographic_family("Source Han Serif SC ExtraLight"),
            "Source Han Serif SC"
        );
        assert_eq!(typographic_family("Foo Semi Bold"), "Foo");
        assert_eq!(typographic_family("仿宋_GB2312"), "仿宋_GB2312");
        assert_eq!(typographic_family("方正小标宋简体"), "方正小标宋简体");
    }

    #[test]
    fn a_damaged_name_table_gives_no_names_and_no_panic() {
        let mut t = vec![0u8, 0, 0, 200, 0, 6];
        t.extend_from_slice(&[0, 3, 0, 1, 4, 9, 0, 1, 0xff, 0xff, 0xff, 0xff]);
        assert_eq!(parse_name_table(&t), FaceNames::default());
        assert_eq!(parse_name_table(&[1]), FaceNames::default());
    }
}
