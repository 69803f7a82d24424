use crate::reader::Fields;
use crate::reader::values;

/// The typographic roles of GB/T 9704 documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontRole {
    /// 小标宋: organ mark and titles.
    XiaoBiaoSong,
    /// 仿宋: body text.
    FangSong,
    /// 楷体: second-level headings, 签发人 name.
    KaiTi,
    /// 黑体: first-level headings, 附件 labels.
    HeiTi,
    /// 宋体: page numbers.
    SongTi,
}

impl FontRole {
    pub const ALL: [FontRole; 5] = [
        FontRole::XiaoBiaoSong,
        FontRole::FangSong,
        FontRole::KaiTi,
        FontRole::HeiTi,
        FontRole::SongTi,
    ];

    pub fn key(self) -> &'static str {
        match self {
            FontRole::XiaoBiaoSong => "xiaobiaosong",
            FontRole::FangSong => "fangsong",
            FontRole::KaiTi => "kaiti",
            FontRole::HeiTi => "heiti",
            FontRole::SongTi => "songti",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FontRole::XiaoBiaoSong => "小标宋",
            FontRole::FangSong => "仿宋",
            FontRole::KaiTi => "楷体",
            FontRole::HeiTi => "黑体",
            FontRole::SongTi => "宋体",
        }
    }

    /// Commercial names first (what offices have installed), then the open fonts that
    /// `dangjian setup` installs.
    fn defaults(self) -> &'static [&'static str] {
        match self {
            FontRole::XiaoBiaoSong => &[
                "方正小标宋简体",
                "FZXiaoBiaoSong-B05S",
                "Noto Serif CJK SC",
                "FandolSong",
            ],
            FontRole::FangSong => &[
                "仿宋_GB2312",
                "FangSong_GB2312",
                "仿宋",
                "FangSong",
                "FandolFang R",
            ],
            FontRole::KaiTi => &["楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "FandolKai"],
            FontRole::HeiTi => &["黑体", "SimHei", "FandolHei", "Noto Sans CJK SC"],
            FontRole::SongTi => &["宋体", "SimSun", "Noto Serif CJK SC", "FandolSong"],
        }
    }
}

/// Fallback lists of font family names per role.
#[derive(Debug, Clone, PartialEq)]
pub struct Fonts {
    lists: Vec<(FontRole, Vec<String>)>,
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            lists: FontRole::ALL
                .iter()
                .map(|r| (*r, r.defaults().iter().map(|s| (*s).to_owned()).collect()))
                .collect(),
        }
    }
}

impl Fonts {
    pub(super) fn read(t: &mut Fields<'_, '_>) -> Self {
        let mut fonts = Fonts::default();
        for (role, list) in &mut fonts.lists {
            let given = values(t.str_list(role.key()));
            if !given.is_empty() {
                *list = given;
            }
        }
        t.finish();
        fonts
    }

    pub fn list(&self, role: FontRole) -> &[String] {
        self.lists
            .iter()
            .find(|(r, _)| *r == role)
            .map_or(&[], |(_, l)| l.as_slice())
    }
}
