//! The default theme is compiled into the binary, so that `dangjian init` can give a new site a
//! complete theme and a site without `themes/` still builds.

use std::io;
use std::path::Path;

use crate::files::write_new;

/// (path below `themes/default/`, contents).
pub const DEFAULT_THEME: &[(&str, &str)] = &[(
    "theme.toml",
    include_str!("../../themes/default/theme.toml"),
)];

/// Writes the default theme into `<site>/themes/default/`.
pub fn install_default(site_root: &Path) -> io::Result<()> {
    let base = site_root.join("themes/default");
    for (rel, text) in DEFAULT_THEME {
        write_new(&base.join(rel), text.as_bytes())?;
    }
    Ok(())
}
