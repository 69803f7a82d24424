//! `dangjian setup`: the one-time set-up of a machine — typst 0.15 and the open CJK fonts
//! into the per-user folders ([`crate::userdirs`]), where every site finds them. Each step
//! says what it does, checks first and is skipped when already done, so a second run takes
//! seconds.

pub mod fonts;
mod progress;
pub mod typst;

use std::path::PathBuf;
use std::time::Instant;

/// What the user asked for.
#[derive(Debug, Default)]
pub struct Options {
    /// Copy the font files from this folder (a USB stick) instead of downloading them.
    pub fonts_from: Option<PathBuf>,
}

/// Runs every step; prints as it goes. Returns false when a step failed (each failure has
/// already been explained).
pub fn run(opts: &Options, say: &dyn Fn(&str)) -> bool {
    let started = Instant::now();
    let (Some(data), Some(fonts_dir)) = (crate::userdirs::data_dir(), crate::userdirs::fonts_dir())
    else {
        say("无法确定本机用户的数据目录（没有 HOME 或 APPDATA 环境变量），无法安装。");
        return false;
    };
    say(&format!("安装目录：{}", data.display()));
    let typst_ok = typst::ensure(say);
    let fonts_ok = fonts::ensure(&fonts_dir, opts.fonts_from.as_deref(), say);
    let secs = started.elapsed().as_secs_f32();
    if typst_ok && fonts_ok {
        say(&format!(
            "全部就绪（用时 {secs:.1} 秒）。现在可以在站点目录运行 dangjian build 生成网站和 PDF；\
dangjian fonts 显示每种字体用的是哪个文件。"
        ));
        true
    } else {
        say(&format!(
            "未完成（用时 {secs:.1} 秒）：按上面的说明处理后，再运行一次 dangjian setup（已完成的步骤会跳过）。"
        ));
        false
    }
}
