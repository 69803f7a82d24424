//! The build's search index: the list and summary pages' documents as their pages made them,
//! and each activity record's made from the record when its shard is reached, so that the
//! index runs beside the activity pages and holds one shard's documents at a time.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use super::render::Renderer;
use super::{Done, search};
use crate::content::Activity;
use crate::diagnostics::Diagnostic;
use crate::present;

impl Renderer<'_> {
    /// Indexes the documents of the pages `listed` and of the activities (whose pages are at
    /// `paths`, in the records' order) into shards cached in `cache`. An activity whose
    /// inputs are the last build's is known by its document's last hash, and its document is
    /// made again only if its shard must be indexed again. Returns the phases, whose `hashes`
    /// are the activities' (in the records' order, for the dependency map), and the wall time.
    pub(super) fn search_index(
        &self,
        listed: &[Done],
        paths: &[String],
        cache: &Path,
    ) -> Result<(search::IndexPhases, u128), Diagnostic> {
        let started = Instant::now();
        let site = self.site;
        let docs: Vec<(&str, &search::SearchDoc)> = listed
            .iter()
            .filter_map(|d| d.doc.as_ref().map(|doc| (d.path.as_str(), doc)))
            .collect();
        // Only notice and branch pages name exact queries (文号, names).
        let order = present::search::filter_order(site);
        self.put(
            search::EXACT_FILE.to_owned(),
            &search::exact_file(&docs, &order),
        )?;
        let mut entries: Vec<search::Entry<'_>> = docs
            .iter()
            .map(|&(path, doc)| search::Entry {
                path,
                hash: Some(search::doc_hash(doc)),
                doc: Some(doc),
            })
            .collect();
        entries.extend(site.corpus.activities.iter().zip(paths).map(|(a, path)| {
            let hash = self.last_made(path, self.key_of(a)).and_then(|d| d.doc);
            search::Entry {
                path,
                hash,
                doc: None,
            }
        }));
        let by_path: HashMap<&str, &Activity> = paths
            .iter()
            .map(String::as_str)
            .zip(&site.corpus.activities)
            .collect();
        let fetch = |path: &str| -> Option<search::SearchDoc> {
            let a = by_path.get(path)?;
            Some(search::SearchDoc::of(&present::activity::search_text(
                site, a,
            )))
        };
        let out = search::Out {
            put: &|path, data| self.put_hashed(path, data),
            keep: &|path, hash| self.keep(path, hash),
        };
        let mut phases = search::index_entries(&entries, self.shards, Some(cache), &fetch, &out)?;
        phases.hashes.drain(..docs.len());
        Ok((phases, started.elapsed().as_millis()))
    }
}
