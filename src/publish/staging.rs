//! Replacing an output folder whole: the new output is assembled in a staging folder beside
//! it and swapped in by two renames, so a reader sees the old output or the new one, never a
//! mix. A failure before the swap leaves the old output as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::layout::{Output, Scratch};

pub struct Staging {
    pub dir: PathBuf,
    output: Output,
}

impl Staging {
    /// Creates an empty staging folder for `target` (e.g. `output/`).
    pub fn new(target: &Path) -> io::Result<Staging> {
        let output = Output::new(target);
        fs::create_dir_all(output.parent())?;
        let dir = output.scratch(Scratch::Staging, std::process::id());
        // This process's own, from an earlier build of `serve` that failed before the swap.
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        Ok(Staging { dir, output })
    }

    /// Swaps the staging folder in place of the target.
    pub fn publish(self) -> io::Result<()> {
        let target = self.output.dir();
        let old = self.output.scratch(Scratch::Old, std::process::id());
        let had_old = target.exists();
        if had_old {
            fs::rename(target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, target) {
            if had_old {
                let _ = fs::rename(&old, target);
            }
            return Err(e);
        }
        if had_old {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }

    /// Gives up: the staging folder is removed, the target is untouched.
    pub fn discard(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}
