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

use super::error::IndexError;
use super::transaction::lock::{busy, WriterLock};
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
/// done).
pub fn optimize(dir: &Path) -> Result<OptimizeReport, IndexError> {
    let started = Instant::now();
    IndexMeta::read(dir)?;
    let lock = WriterLock::acquire(dir, "optimize")?;
    let index = Index::open_in_dir(dir)?;
    let before = shape(&index, dir)?;
    let mut writer = index
        .writer_with_num_threads::<tantivy::TantivyDocument>(1, 50_000_000)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(busy(dir)),
            e => e.into(),
        })?;
    let ids = index.searchable_segment_ids()?;
    if ids.len() > 1 || before.deleted > 0 {
        writer.merge(&ids).wait()?;
    }
    writer.garbage_collect_files().wait()?;
    writer.wait_merging_threads()?;
    let index = Index::open_in_dir(dir)?;
    let after = shape(&index, dir)?;
    drop(lock);
    Ok(OptimizeReport {
        before,
        after,
        elapsed: started.elapsed(),
    })
}
