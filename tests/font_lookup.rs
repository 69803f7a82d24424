//! The font lookup order, with fake font folders: the site's `[pdf] font_dirs` beats the
//! per-user folder of `dangjian setup`, which beats the system's folders; from the system only
//! the commercial faces are taken, by name. The files are minimal fonts (a `name` table only)
//! that `fontnames::read` understands; typst is not needed.

use std::fs;
use std::path::PathBuf;

use dangjian::config::{FontRole, Fonts, PdfSettings};
use dangjian::pdf::font_lookup::{self, Origin, Places, RoleFile};
use dangjian::pdf::fontnames::fake_font;

struct Tmp(PathBuf);

impl Tmp {
    fn new(name: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("dj-lookup-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&p);
        fs::create_dir_all(&p).expect("temp dir");
        Tmp(p.canonicalize().expect("canonical"))
    }

    /// Writes a fake font file with (family, style) names at `rel`.
    fn font(&self, rel: &str, names: &[(&str, &str)]) -> PathBuf {
        let p = self.0.join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(&p, fake_font(names)).expect("write font");
        p
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn settings(dirs: &[&str]) -> PdfSettings {
    PdfSettings {
        font_dirs: dirs.iter().map(|d| (*d).to_owned()).collect(),
        ..PdfSettings::default()
    }
}

fn places(t: &Tmp) -> Places {
    Places {
        user_fonts: Some(t.0.join("user")),
        system: vec![t.0.join("sys1"), t.0.join("sys2")],
        cache: Some(t.0.join("cache")),
    }
}

fn file_of(files: &[RoleFile], role: FontRole) -> Option<(String, Vec<PathBuf>)> {
    files
        .iter()
        .find(|f| f.role == role)
        .map(|f| (f.family.clone(), f.files.clone()))
}

#[test]
fn site_beats_user_beats_system_and_the_system_gives_only_commercial_faces() {
    let t = Tmp::new("order");
    let site_fang = t.font(
        "site/.fonts/site-fs.ttf",
        &[("FangSong_GB2312", "Regular"), ("仿宋_GB2312", "常规")],
    );
    t.font("user/user-fs.ttf", &[("FangSong_GB2312", "Regular")]);
    let user_song = vec![
        t.font("user/FandolSong-Bold.otf", &[("FandolSong", "Bold")]),
        t.font("user/FandolSong-Regular.otf", &[("FandolSong", "Regular")]),
    ];
    // In the system folders: a commercial face the site and user lack (taken), one they have
    // (not taken), and an open face that comes before FandolSong in the 小标宋 list (never
    // taken from the system: a build must not depend on what else the machine has).
    let sys_hei = t.font(
        "sys1/truetype/simhei.ttf",
        &[("SimHei", "Regular"), ("黑体", "常规")],
    );
    t.font("sys1/simfs.ttf", &[("FangSong_GB2312", "Regular")]);
    t.font(
        "sys2/NotoSerifCJK-Regular.ttc",
        &[("Noto Serif CJK SC", "Regular")],
    );
    // A second copy of 黑体 in a later system folder: the first folder's wins.
    t.font("sys2/simhei-copy.ttf", &[("SimHei", "Regular")]);
    fs::write(t.0.join("sys2/broken.ttf"), b"not a font").expect("write");

    let found = font_lookup::lookup_in(&t.0.join("site"), &settings(&[".fonts"]), &places(&t));
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let origins: Vec<Origin> = found.dirs.iter().map(|d| d.origin).collect();
    assert_eq!(origins, [Origin::Site, Origin::User, Origin::System]);
    assert_eq!(found.dirs[0].path, t.0.join("site/.fonts"));
    assert_eq!(found.dirs[1].path, t.0.join("user"));
    let shim = &found.dirs[2].path;
    assert!(
        shim.starts_with(t.0.join("cache/system-fonts")),
        "{}",
        shim.display()
    );
    let linked: Vec<PathBuf> = fs::read_dir(shim)
        .expect("shim")
        .flatten()
        .map(|e| e.path().canonicalize().expect("link target"))
        .collect();
    assert_eq!(
        linked,
        std::slice::from_ref(&sys_hei),
        "only the missing commercial face"
    );

    let files = font_lookup::role_files(&Fonts::default(), &found.paths());
    assert_eq!(
        file_of(&files, FontRole::FangSong),
        Some(("FangSong_GB2312".to_owned(), vec![site_fang])),
        "the site's folder beats the per-user and the system ones (named as typst knows it: English)"
    );
    assert_eq!(
        file_of(&files, FontRole::HeiTi),
        Some(("SimHei".to_owned(), vec![sys_hei])),
        "a commercial face only the system has"
    );
    assert_eq!(
        file_of(&files, FontRole::XiaoBiaoSong),
        Some(("FandolSong".to_owned(), user_song.clone())),
        "the system's Noto Serif CJK SC is not a commercial face: FandolSong of the user folder"
    );
    assert_eq!(
        file_of(&files, FontRole::SongTi),
        Some(("FandolSong".to_owned(), user_song))
    );
    assert_eq!(file_of(&files, FontRole::KaiTi), None);
    let lines = font_lookup::role_lines(&files);
    assert!(
        lines.contains(&format!(
            "黑体 → SimHei：{}",
            t.0.join("sys1/truetype/simhei.ttf").display()
        )),
        "{lines:?}"
    );

    // The same inputs give the same folder of links (made once, reused).
    let again = font_lookup::lookup_in(&t.0.join("site"), &settings(&[".fonts"]), &places(&t));
    assert_eq!(again.dirs, found.dirs);
}

#[test]
fn the_user_folder_beats_the_system_for_a_commercial_face() {
    let t = Tmp::new("user");
    let user_hei = t.font(
        "user/simhei.ttf",
        &[("SimHei", "Regular"), ("黑体", "常规")],
    );
    t.font(
        "sys1/simhei.ttf",
        &[("SimHei", "Regular"), ("黑体", "常规")],
    );
    let found = font_lookup::lookup_in(&t.0.join("site"), &settings(&[]), &places(&t));
    let origins: Vec<Origin> = found.dirs.iter().map(|d| d.origin).collect();
    assert_eq!(origins, [Origin::User], "nothing from the system is needed");
    let files = font_lookup::role_files(&Fonts::default(), &found.paths());
    assert_eq!(
        file_of(&files, FontRole::HeiTi),
        Some(("SimHei".to_owned(), vec![user_hei]))
    );
}

#[test]
#[cfg(unix)]
fn a_site_folder_that_links_to_the_user_folder_is_not_given_twice() {
    let t = Tmp::new("link");
    t.font(
        "user/FandolFang-Regular.otf",
        &[("FandolFang R", "Regular")],
    );
    fs::create_dir_all(t.0.join("site")).expect("site");
    std::os::unix::fs::symlink(t.0.join("user"), t.0.join("site/.fonts")).expect("link");
    let found = font_lookup::lookup_in(&t.0.join("site"), &settings(&[".fonts"]), &places(&t));
    let origins: Vec<Origin> = found.dirs.iter().map(|d| d.origin).collect();
    assert_eq!(origins, [Origin::Site]);
    assert_eq!(found.dirs[0].path, t.0.join("site/.fonts"));
}

#[test]
fn a_missing_site_folder_is_a_warning_and_no_folder_at_all_is_an_empty_list() {
    let t = Tmp::new("none");
    fs::create_dir_all(t.0.join("site")).expect("site");
    let p = Places {
        user_fonts: Some(t.0.join("no-such-user-dir")),
        system: vec![t.0.join("no-such-system-dir")],
        cache: Some(t.0.join("cache")),
    };
    let found = font_lookup::lookup_in(&t.0.join("site"), &settings(&["字体"]), &p);
    assert!(found.dirs.is_empty());
    assert_eq!(found.warnings.len(), 1);
    let w = &found.warnings[0];
    assert_eq!(w.severity, dangjian::diagnostics::Severity::Warning);
    assert_eq!(
        (w.file.as_str(), w.pos),
        ("site.toml", dangjian::diagnostics::Pos::FILE)
    );
    assert_eq!(w.code.name(), "external-tool");
    assert_eq!(
        w.message,
        format!(
            "字体目录 字体 不存在（{}）",
            t.0.join("site/字体").display()
        )
    );
    assert_eq!(
        w.hint.as_deref(),
        Some("改正 [pdf] font_dirs，或删去这一项（dangjian setup 安装的字体无需写在这里）")
    );
    assert!(
        !t.0.join("cache").exists(),
        "no folder of links without system fonts"
    );
}

#[test]
fn the_system_folders_are_the_override_when_it_is_set_and_the_fontconfig_ones_otherwise() {
    let dirs = font_lookup::system_dirs();
    match std::env::var_os(font_lookup::SYSTEM_DIRS_ENV) {
        Some(v) => assert_eq!(
            dirs,
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect::<Vec<_>>()
        ),
        None if cfg!(windows) => assert!(dirs.iter().any(|d| d.ends_with("Fonts")), "{dirs:?}"),
        None => {
            for want in ["/usr/share/fonts", "/usr/local/share/fonts"] {
                assert!(dirs.contains(&PathBuf::from(want)), "{dirs:?}");
            }
            assert!(dirs.iter().any(|d| d.ends_with(".fonts")), "{dirs:?}");
            assert!(
                dirs.iter().any(|d| d.ends_with(".local/share/fonts"))
                    || std::env::var_os("XDG_DATA_HOME").is_some(),
                "{dirs:?}"
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// A font folder may hold any bytes under a font's name (a truncated download, another
    /// format): reading its names fails or gives names, never panics.
    #[test]
    fn any_bytes_under_a_font_name_never_panic(
        head in proptest::sample::select(vec![&b"ttcf"[..], &[0, 1, 0, 0][..], &b"OTTO"[..], &b"true"[..], &b"junk"[..]]),
        body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600),
    ) {
        let t = Tmp::new(&format!("prop-{}", body.len()));
        let p = t.0.join("x.ttf");
        let mut bytes = head.to_vec();
        bytes.extend_from_slice(&body);
        fs::write(&p, &bytes).expect("write");
        let _ = dangjian::pdf::fontnames::read(&p);
        let _ = dangjian::pdf::fontnames::parse_name_table(&body);
    }
}
