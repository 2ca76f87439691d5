//! Getting the index a job writes to: the lock, the folder (new, updated in place, or a
//! rebuild beside it), Tantivy's index and the committed manifest; and what the job puts
//! in that folder besides Tantivy's files (the user entity file it keeps).

use std::path::Path;

use tantivy::index::SegmentComponent;
use tantivy::{Index, ReloadPolicy, SegmentReader};

use super::lock::WriterLock;
use super::staging::{inspect, rebuild_dir, recover, DirState, Staging};
use crate::index::entity_fields::USER_ENTITIES_FILE;
use crate::index::meta::{IndexMeta, META_FILE};
use crate::index::schema::build_schema;
use crate::indexer::error::{io_err, IndexError};
use crate::indexer::manifest::{self, Committed, Manifest};

/// Where a job writes and what is there.
pub struct Target {
    /// Held for the whole job.
    pub lock: WriterLock,
    /// The folder written to and how it is published.
    pub staging: Staging,
    /// Tantivy's index in the staging folder.
    pub index: Index,
    /// What the index holds, by file.
    pub manifest: Manifest,
}

/// Keeps a copy of the user entity file in the index folder `dir`, so that later runs and
/// searches use the same definitions without being told.
///
/// Called by the indexer while it holds the index's writer lock, into the folder it writes
/// (the rebuild folder during a rebuild), so that two jobs never copy at once and a copy
/// never lands beside an index built with other definitions.
pub fn keep_user_entities(dir: &Path, given: &Path) -> std::io::Result<()> {
    let target = dir.join(USER_ENTITIES_FILE);
    if given.canonicalize().ok() == target.canonicalize().ok() {
        return Ok(());
    }
    std::fs::copy(given, target).map(|_| ())
}

/// Whether `dir` holds Tantivy's `meta.json`.
fn has_tantivy_index(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Whether `dir` holds an index a job can continue: ours, built like `expected`.
fn resumable(dir: &Path, expected: &IndexMeta) -> bool {
    IndexMeta::read(dir).is_ok_and(|m| m.check_compatible(expected, dir).is_ok())
}

/// Locks `dir` and prepares the folder to write to: creates a new index in an empty
/// folder, checks that an existing one was built like `expected`, or (with `rebuild`)
/// starts a new index in `DIR.rebuild-tmp`, continuing one that an interrupted rebuild
/// left there. `notes` gets what the user should know.
pub fn prepare(
    dir: &Path,
    rebuild: bool,
    expected: &IndexMeta,
    notes: &mut Vec<String>,
) -> Result<Target, IndexError> {
    if inspect(dir).map_err(io_err("cannot read the index folder", dir))? == DirState::Foreign {
        return Err(IndexError::Foreign(dir.display().to_string()));
    }
    let created = !dir.exists();
    std::fs::create_dir_all(dir).map_err(io_err("cannot create the index folder", dir))?;
    let mut lock = match WriterLock::acquire(dir, "index") {
        Ok(lock) => lock,
        Err(e) => {
            if created {
                let _ = std::fs::remove_dir_all(dir);
            }
            return Err(e.into());
        }
    };
    if recover(dir).map_err(io_err("cannot tidy up after an interrupted rebuild of", dir))? {
        drop(lock);
        lock = WriterLock::acquire(dir, "index")?;
    }
    let state = inspect(dir).map_err(io_err("cannot read the index folder", dir))?;
    let staging = match (state, rebuild) {
        (DirState::Foreign, _) => return Err(IndexError::Foreign(dir.display().to_string())),
        (_, true) => {
            let tmp = rebuild_dir(dir).map_err(io_err("cannot prepare a rebuild next to", dir))?;
            let resume = has_tantivy_index(&tmp) && resumable(&tmp, expected);
            if resume {
                notes.push(format!("continuing the interrupted rebuild in {}", tmp.display()));
            }
            Staging::rebuild(dir, resume).map_err(io_err("cannot prepare a rebuild next to", dir))?
        }
        (DirState::Empty, false) => Staging::fresh(dir, created),
        (DirState::Index, false) => {
            IndexMeta::read(dir)?.check_compatible(expected, dir)?;
            if rebuild_dir(dir).is_ok_and(|t| t.exists()) {
                notes.push(format!(
                    "an interrupted rebuild is waiting in {}: `litopys index --rebuild` continues it",
                    rebuild_dir(dir)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default()
                ));
            }
            Staging::update(dir)
        }
    };
    let work = staging.work_dir().to_path_buf();
    // Our metadata first: a folder with it but without Tantivy's files is an index
    // whose creation was interrupted, and is created again.
    if !work.join(META_FILE).is_file() {
        expected
            .write(&work)
            .map_err(io_err("cannot write the index metadata in", &work))?;
    }
    let index = if has_tantivy_index(&work) {
        let index = Index::open_in_dir(&work).map_err(|e| IndexError::from(e).in_dir(&work))?;
        if !staging.is_rebuild() {
            probe(&index, &work)?;
        }
        index
    } else {
        Index::create_in_dir(&work, build_schema())?
    };
    let manifest = committed_manifest(&index, &work, notes)?;
    let keep = index
        .load_metas()?
        .payload
        .and_then(|p| manifest::payload_file(&p));
    manifest::remove_stale(&work, keep.as_deref());
    Ok(Target {
        lock,
        staging,
        index,
        manifest,
    })
}

/// Refuses to write into a damaged index, cheaply: opens every committed segment as a
/// reader does (Tantivy then checks the footer of each of its files and reads the small
/// structures it needs to open them) and verifies the checksum of each delete bitset
/// (small, and read whole by a job that deletes); a damaged file is an
/// [`IndexError::Damaged`] naming it.
///
/// Exists because a job writing into a damaged index would fail later with Tantivy's
/// words, or merge the damage into a new segment with a right checksum, hiding it from
/// `litopys check`. Flipped bytes inside a large file are not seen here (only `check`
/// reads every byte); they are refused when the job reads them.
pub fn probe(index: &Index, dir: &Path) -> Result<(), IndexError> {
    let damaged = |e: tantivy::TantivyError| IndexError::from(e).in_dir(dir);
    for segment in index.searchable_segments().map_err(damaged)? {
        SegmentReader::open(&segment).map_err(damaged)?;
        let meta = segment.meta();
        if !meta.has_deletes() {
            continue;
        }
        let file = meta.relative_path(SegmentComponent::Delete);
        let whole = index.directory().validate_checksum(&file);
        if !whole.map_err(|e| damaged(e.into()))? {
            return Err(IndexError::Damaged {
                file: dir.join(file),
                cause: "checksum mismatch".to_string(),
            });
        }
    }
    Ok(())
}

/// The committed manifest of `index`, or (if it has none) one made of the ids in the
/// index, whose files and contents are unknown: every file is then read and every
/// article replaced once.
pub fn committed_manifest(
    index: &Index,
    dir: &Path,
    notes: &mut Vec<String>,
) -> Result<Manifest, IndexError> {
    let mut attempts = 0;
    let why = loop {
        match manifest::read_committed(index, dir)? {
            Committed::Found(m) => return Ok(m),
            Committed::Missing => break "it has no manifest (built by an older version)".to_string(),
            // A dry run takes no lock: a job may have committed and removed the manifest
            // between our reading `meta.json` and the manifest. Look again.
            Committed::Damaged(_) if attempts < 3 => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Committed::Damaged(what) => break format!("its manifest is damaged ({what})"),
        }
    };
    let ids = ids_in_index(index)?;
    if !ids.is_empty() {
        notes.push(format!(
            "the index does not say which files its {} articles came from: {why}; every file is read and every article replaced once",
            ids.len()
        ));
    }
    Ok(Manifest::from_ids(ids))
}

/// The ids of the live documents, from the `id` fast column.
fn ids_in_index(index: &Index) -> tantivy::Result<Vec<String>> {
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut ids = Vec::new();
    for segment in searcher.segment_readers() {
        let Some(column) = segment.fast_fields().str("id")? else {
            continue;
        };
        let mut id = String::new();
        for doc in segment.doc_ids_alive() {
            for ord in column.term_ords(doc) {
                if column.ord_to_str(ord, &mut id)? {
                    ids.push(id.clone());
                }
            }
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// What a dry run compares against: the committed manifest of the index in `dir`, or an
/// empty one for a new index or a rebuild. Takes no lock and changes nothing.
pub fn dry_manifest(
    dir: &Path,
    rebuild: bool,
    expected: &IndexMeta,
    notes: &mut Vec<String>,
) -> Result<Manifest, IndexError> {
    match inspect(dir).map_err(io_err("cannot read the index folder", dir))? {
        DirState::Foreign => Err(IndexError::Foreign(dir.display().to_string())),
        _ if rebuild => Ok(Manifest::default()),
        DirState::Empty => Ok(Manifest::default()),
        DirState::Index => {
            IndexMeta::read(dir)?.check_compatible(expected, dir)?;
            if !has_tantivy_index(dir) {
                return Ok(Manifest::default());
            }
            let index = Index::open_in_dir(dir)?;
            committed_manifest(&index, dir, notes)
        }
    }
}
