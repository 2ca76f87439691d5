//! `litopys optimize`: merging all segments into one, on demand.
//!
//! Every commit adds segments, and replaced or deleted articles stay on disk, marked
//! deleted, until their segment is merged. The merge policy of indexing jobs already
//! merges segments with many deletes; this is for after a big correction, or before
//! archiving an index: one segment, no deleted documents, the fastest searches.

use std::path::Path;
use std::time::{Duration, Instant};

use serde::Serialize;
use tantivy::Index;

use super::error::{storage_cause, IndexError};
use super::transaction::lock::{busy, WriterLock};
use super::transaction::target::probe;
use super::writer::remove_uncommitted;
use crate::index::meta::IndexMeta;
use crate::index::stats::disk_size;

/// Segments, documents and size of an index at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Shape {
    /// Tantivy segments.
    pub segments: usize,
    /// Live documents.
    pub documents: u64,
    /// Deleted documents still on disk.
    pub deleted: u64,
    /// Size of the index folder.
    pub bytes: u64,
}

/// What `optimize` did.
#[derive(Clone, Debug, Serialize)]
pub struct OptimizeReport {
    /// Before.
    pub before: Shape,
    /// After.
    pub after: Shape,
    /// Wall time.
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// Verifies the checksum of every file of every committed segment before they are
/// merged, refusing a damaged index with [`IndexError::Damaged`].
///
/// Exists because a merge copies what it reads into a new segment with a right checksum:
/// merging a damaged file would hide the damage from `litopys check` for good. The merge
/// reads every file anyway, so reading them once more first costs little.
fn verify_segments(index: &Index, dir: &Path) -> Result<(), IndexError> {
    probe(index, dir)?;
    use tantivy::index::SegmentComponent as C;
    for meta in index.searchable_segment_metas()? {
        let mut components = vec![
            C::Postings,
            C::Positions,
            C::Terms,
            C::Store,
            C::FastFields,
            C::FieldNorms,
        ];
        if meta.has_deletes() {
            components.push(C::Delete);
        }
        for component in components {
            // Every file is there: `probe` opened them all.
            let file = meta.relative_path(component);
            let whole = index.directory().validate_checksum(&file);
            if !whole.map_err(|e| IndexError::from(tantivy::TantivyError::from(e)).in_dir(dir))? {
                return Err(IndexError::Damaged {
                    file: dir.join(file),
                    cause: "checksum mismatch".to_string(),
                });
            }
        }
    }
    Ok(())
}

/// Merges the segments `ids` into one (if more than one, or some hold deleted documents)
/// and removes the files no longer used, consuming the writer.
fn merge_all(
    mut writer: tantivy::IndexWriter,
    ids: &[tantivy::index::SegmentId],
    deleted: bool,
) -> tantivy::Result<()> {
    if ids.len() > 1 || deleted {
        writer.merge(ids).wait()?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()
}

/// What the user is told when the merge failed: a cause of the machine (a full disk)
/// becomes [`IndexError::Storage`] once the merge's unfinished files are removed, saying
/// that the index is as it was and what room a merge needs; damage names the file.
///
/// The merge's writer must have been dropped (it holds Tantivy's lock).
fn merge_failed(e: tantivy::TantivyError, index: &Index, dir: &Path, before: &Shape) -> IndexError {
    let Some((reason, full)) = storage_cause(&e) else {
        return IndexError::from(e).in_dir(dir);
    };
    remove_uncommitted(index);
    let mut advice = format!(
        "the index is as it was ({} articles searchable), without the merge's unfinished files",
        before.documents
    );
    if full {
        advice.push_str(&format!(
            "; merging needs room for a second copy of the segments, about {:.0} MB",
            before.bytes as f64 / 1e6
        ));
    }
    IndexError::Storage {
        dir: dir.to_path_buf(),
        reason,
        full,
        advice,
    }
}

fn shape(index: &Index, dir: &Path) -> tantivy::Result<Shape> {
    let metas = index.searchable_segment_metas()?;
    Ok(Shape {
        segments: metas.len(),
        documents: metas.iter().map(|m| u64::from(m.num_docs())).sum(),
        deleted: metas.iter().map(|m| u64::from(m.num_deleted_docs())).sum(),
        bytes: disk_size(dir),
    })
}

/// Merges every segment of the index in `dir` into one, dropping deleted documents, and
/// removes the files no longer used. Takes the writer lock, so it fails at once while an
/// indexing job runs; searches go on meanwhile (they see the merged segment once it is
/// done). A damaged index is refused before merging (see [`probe`]); a full disk leaves
/// the index as it was, without the merge's unfinished files
/// ([`IndexError::Storage`]).
pub fn optimize(dir: &Path) -> Result<OptimizeReport, IndexError> {
    let started = Instant::now();
    IndexMeta::read(dir)?;
    let lock = WriterLock::acquire(dir, "optimize")?;
    let index = Index::open_in_dir(dir).map_err(|e| IndexError::from(e).in_dir(dir))?;
    verify_segments(&index, dir)?;
    let before = shape(&index, dir)?;
    let writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 50_000_000)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(busy(dir)),
            e => merge_failed(e, &index, dir, &before),
        })?;
    let ids = index.searchable_segment_ids()?;
    // The writer is gone when `merge_all` returns, so its lock is free for the cleanup.
    if let Err(e) = merge_all(writer, &ids, before.deleted > 0) {
        return Err(merge_failed(e, &index, dir, &before));
    }
    let index = Index::open_in_dir(dir)?;
    let after = shape(&index, dir)?;
    drop(lock);
    Ok(OptimizeReport {
        before,
        after,
        elapsed: started.elapsed(),
    })
}
