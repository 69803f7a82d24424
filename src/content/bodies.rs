//! Activity bodies on large sites: let go once the records are validated, and read again from
//! their files when a page, a search document or a record book needs one. They are most of
//! the corpus's memory (about 3.3 KB each in the benchmark corpus: 330 MB at 100,000
//! activities), and a build needs each one only twice after validation.

use std::borrow::Cow;
use std::path::Path;

use super::{Activity, Corpus};
use crate::reader::{SourceText, split_front_matter};

/// Activities above which a build lets their bodies go. Below it, reading each body again
/// would cost more time (two more reads of every record) than the memory is worth.
const HELD_MAX: usize = 20_000;

/// [`HELD_MAX`], or `DANGJIAN_BODIES_HELD_MAX`: `tests/released_bodies.rs` builds a small site
/// both ways and compares the outputs (not part of the build stamp; for tests only).
fn held_max() -> usize {
    std::env::var("DANGJIAN_BODIES_HELD_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(HELD_MAX)
}

impl Corpus {
    /// Lets the activities' bodies go when there are more than [`HELD_MAX`]; to be called
    /// after validation, which reads them.
    pub fn release_bodies(&mut self) {
        if self.activities.len() <= held_max() {
            return;
        }
        for a in &mut self.activities {
            a.body = String::new();
        }
        self.bodies_released = true;
    }

    /// The body of `a` (a record of this corpus, whose site root is `root`): held, or read
    /// again from its file. A file changed since it was loaded gives its new body: the build
    /// stamp was taken before, so the next build is a full one and reports what changed.
    pub fn activity_body<'a>(&self, root: &Path, a: &'a Activity) -> Cow<'a, str> {
        if !self.bodies_released {
            return Cow::Borrowed(&a.body);
        }
        Cow::Owned(read_body(root, &a.file).unwrap_or_default())
    }
}

/// The Markdown body of the record file `rel`, as the loader reads it.
fn read_body(root: &Path, rel: &str) -> Option<String> {
    let src = SourceText::read(root, rel.to_owned()).ok()?;
    let fm = split_front_matter(&src).ok()?;
    Some(fm.body.to_owned())
}
