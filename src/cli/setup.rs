//! `dangjian setup`: the one-time set-up of this machine (typst and the open fonts into the
//! per-user folders); see [`crate::setup`].

use std::path::PathBuf;

use clap::Args;

use super::Ctx;

#[derive(Args, Debug)]
pub(crate) struct SetupArgs {
    /// 从这个文件夹（如 U 盘）复制字体文件，不从网上下载
    #[arg(long, value_name = "目录")]
    pub fonts_from: Option<PathBuf>,
}

pub(super) fn run(ctx: &Ctx, args: SetupArgs) -> i32 {
    let opts = crate::setup::Options {
        fonts_from: args.fonts_from,
    };
    let say = |s: &str| ctx.info(s);
    i32::from(!crate::setup::run(&opts, &say))
}
