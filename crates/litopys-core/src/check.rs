//! `litopys check`: whether an index on disk is whole, file by file.
//!
//! Tantivy ends every segment file with a checksum of its bytes; a flipped byte, a file cut
//! short by a failing disk or a copy that stopped halfway shows up there. Besides the
//! segments, an index is its metadata (`meta.json`, Litopys's `litopys.json`) and the
//! manifest of its last commit (what incremental runs trust). [`check_index`] reads them
//! all and says what is damaged, so that the user learns it before a search fails on it,
//! and knows the cure: rebuild from the archive.
//!
//! A module of its own above `index` and `indexer`, since it checks what both wrote.

use std::path::{Path, PathBuf};

use tantivy::index::SegmentComponent;
use tantivy::Index;

use crate::index::meta::IndexMeta;
use crate::indexer::manifest::{committed_stories, read_committed, Committed};

/// What [`check_index`] found.
///
/// Exists so that the CLI can print it, and exit with the "damaged index" status, from
/// one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// The index folder.
    pub dir: PathBuf,
    /// Segment files whose checksum was verified.
    pub files_checked: usize,
    /// Articles in the last commit (0 when it could not be opened).
    pub articles: u64,
    /// What is wrong, one line each, naming the file: empty when the index is whole.
    pub problems: Vec<String>,
}

impl CheckReport {
    /// Whether nothing is damaged.
    pub fn is_whole(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Checks the index in `dir`: Tantivy's metadata, every file of every committed segment
/// (present, and its checksum right), Litopys's metadata, the manifest of the last
/// commit (present, its checksum right, its articles those of the index) and the story
/// table (as long as the last commit recorded).
///
/// Never panics and never changes the folder; an index it cannot open at all is a report
/// with that one problem.
pub fn check_index(dir: &Path) -> CheckReport {
    let mut report = CheckReport {
        dir: dir.to_path_buf(),
        ..CheckReport::default()
    };
    let index = match Index::open_in_dir(dir) {
        Ok(index) => index,
        Err(e) => {
            report.problems.push(format!(
                "{}: cannot be opened: {e}",
                dir.join("meta.json").display()
            ));
            return report;
        }
    };
    check_segments(&index, dir, &mut report);
    if let Err(e) = IndexMeta::read(dir) {
        report.problems.push(e.to_string());
    }
    match index.reader() {
        Ok(reader) => report.articles = reader.searcher().num_docs(),
        Err(e) => report
            .problems
            .push(format!("the last commit cannot be read: {e}")),
    }
    match read_committed(&index, dir) {
        Ok(Committed::Found(manifest)) => {
            let listed: usize =
                manifest.files.iter().map(|f| f.articles.len()).sum::<usize>() + manifest.orphans.len();
            if report.problems.is_empty() && listed as u64 != report.articles {
                report.problems.push(format!(
                    "the manifest of the last commit lists {listed} articles but the index holds {}",
                    report.articles
                ));
            }
        }
        Ok(Committed::Missing) => {}
        Ok(Committed::Damaged(what)) => report.problems.push(format!("manifest {what}")),
        Err(e) => report.problems.push(format!("the manifest cannot be found: {e}")),
    }
    if let Ok(committed) = committed_stories(&index) {
        if let Err(e) = crate::stories::table::verify(dir, committed) {
            report.problems.push(e.to_string());
        }
    }
    report
}

/// Every file of every committed segment: there, and its checksum right.
fn check_segments(index: &Index, dir: &Path, report: &mut CheckReport) {
    let metas = match index.searchable_segment_metas() {
        Ok(metas) => metas,
        Err(e) => {
            return report
                .problems
                .push(format!("{}: {e}", dir.join("meta.json").display()))
        }
    };
    // Every segment has these; positions exist with positional fields (ours have), the
    // delete bitset once documents were deleted.
    let required = [
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::Terms,
        SegmentComponent::Store,
        SegmentComponent::FastFields,
        SegmentComponent::FieldNorms,
    ];
    let mut files: Vec<PathBuf> = Vec::new();
    for meta in &metas {
        files.extend(required.iter().map(|c| meta.relative_path(c.clone())));
        if meta.has_deletes() {
            files.push(meta.relative_path(SegmentComponent::Delete));
        }
    }
    files.sort();
    let mut present: Vec<PathBuf> = Vec::new();
    for file in files {
        if dir.join(&file).exists() {
            present.push(file);
        } else {
            report
                .problems
                .push(format!("{}: missing", dir.join(&file).display()));
        }
    }
    report.files_checked = present.len();
    for file in present {
        let shown = dir.join(&file);
        match index.directory().validate_checksum(&file) {
            Ok(true) => {}
            Ok(false) => report
                .problems
                .push(format!("{}: checksum mismatch (damaged)", shown.display())),
            Err(e) => report
                .problems
                .push(format!("{}: cannot be verified ({e})", shown.display())),
        }
    }
}
