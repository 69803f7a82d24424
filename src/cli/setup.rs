//! `dangjian setup`: the one-time set-up of this machine (typst and the open fonts into the
//! per-user folders); see [`crate::setup`].

use std::path::PathBuf;

use clap::Args;

use super::Ctx;

#[derive(Args, Debug)]
pub struct SetupArgs {
    /// Copy the font files from this folder (e.g. a USB stick) instead of downloading them
    #[arg(long, value_name = "DIR")]
    pub fonts_from: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: SetupArgs) -> i32 {
    let opts = crate::setup::Options {
        fonts_from: args.fonts_from,
    };
    let say = |s: &str| ctx.info(s);
    i32::from(!crate::setup::run(&opts, &say))
}
