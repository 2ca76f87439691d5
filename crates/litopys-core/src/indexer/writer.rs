//! Indexing an archive, incrementally: files unchanged since the last commit are not read,
//! articles are added, replaced or deleted by id according to their content hash, and the
//! work is committed at intervals so that a crash or Ctrl-C loses little of it.
//!
//! The parts: the folder [`transaction`](super::transaction) locks the index and opens
//! (or creates) it with its committed [`manifest`](super::manifest); the
//! [`ledger`](super::ledger) decides what to read and what each article needs; the
//! [`pipeline`](super::pipeline) reads files on a thread of its own and builds documents
//! in parallel (with the [`DocumentEnricher`]); [`incremental`](super::incremental) feeds
//! Tantivy and commits when the [`CommitPolicy`] says.
//!
//! Memory is bounded whatever the archive size, by the `--memory` budget as
//! [split](super::budget::MemoryPlan) between Tantivy's indexing heap (each indexing
//! thread flushes its segment when its share is full) and bytes in flight: articles read
//! ahead, the batch being turned into documents, and documents queued for Tantivy (see
//! [`inflight`](super::inflight)).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use tantivy::indexer::LogMergePolicy;
use tantivy::TantivyDocument;

use super::budget::WriterBudget;
use super::commit::CommitPolicy;
use super::error::{io_err, machine_reason, storage_cause, IndexError};
use super::incremental::{Counts, Job};
use super::inflight::Feeder;
use super::ledger::Ledger;
use super::manifest;
use super::notes::FileNotes;
use super::observer::Observer;
use super::pipeline::{spawn_reader, Keep, ReadLimits};
use super::summary::Summary;
use super::transaction::lock::busy;
use super::transaction::target::{dry_manifest, keep_user_entities, prepare};
use crate::corpus::{discover_with, ReadOptions, SourceFile};
use crate::index::enrich::DocumentEnricher;
use crate::index::meta::SHARDS_FILE;
use crate::index::open::expected_meta;
use crate::index::schema::{build_schema, Fields};
use crate::index::stats::disk_size;
use crate::stories::group::DEFAULT_THRESHOLD;
use crate::stories::StoryTable;
use litopys_analysis::{tantivy_tokenizer, Analyzer};

/// Deleted documents a segment may hold (as a share of its documents) before the merge
/// policy rewrites it. Tantivy's default (1.0) never merges for deletes, so an archive
/// whose articles get corrected would keep every old version on disk.
pub const DELETED_RATIO_BEFORE_MERGE: f32 = 0.2;

/// The part of an archive one job indexes, decided by its caller: the files (already
/// discovered) and which of their articles to keep.
///
/// Exists for `--shard-by`: each shard is an ordinary index built by this job over the
/// files that feed it, keeping only its own articles, while discovery and the report of
/// unreadable inputs happen once for all shards.
#[derive(Clone)]
pub struct Selection {
    /// The files to index, in discovery order (files of the index not among them are
    /// gone: their articles are deleted).
    pub files: Vec<SourceFile>,
    /// Paths discovery could not read: the index's files under them are kept as they are.
    pub protected: Vec<PathBuf>,
    /// The articles to keep.
    pub keep: Keep,
}

impl std::fmt::Debug for Selection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Selection")
            .field("files", &self.files.len())
            .field("protected", &self.protected)
            .finish_non_exhaustive()
    }
}

/// What to index, where, and how.
///
/// Exists so that the CLI and tests describe a run in one value instead of a long
/// argument list.
#[derive(Clone, Debug)]
pub struct IndexRequest {
    /// Archive files and folders.
    pub paths: Vec<PathBuf>,
    /// The index folder.
    pub dir: PathBuf,
    /// Indexing threads and memory.
    pub budget: WriterBudget,
    /// Build a fresh index beside the old one and swap it in at the end (continuing an
    /// interrupted rebuild).
    pub rebuild: bool,
    /// Only say what would change.
    pub dry_run: bool,
    /// When to commit (and, with `strict`, to fail without committing if any input is
    /// skipped).
    pub commit: CommitPolicy,
    /// Set (by a signal handler) to stop: the job commits what it fed and returns.
    pub stop: Arc<AtomicBool>,
    /// Benchmarks only: analyse with Tantivy's default tokenizer instead of the Ukrainian
    /// analyzer, everything else unchanged, to measure what the analysis costs. The index
    /// it makes answers Ukrainian queries wrongly.
    pub baseline_tokenizer: bool,
    /// A user entity file to keep a copy of in the index (see
    /// [`keep_user_entities`]): copied once the job holds the index's lock, into the
    /// folder it writes (so a rebuild's copy is swapped in with it).
    pub keep_entities: Option<PathBuf>,
    /// How to read the archive's files (`--field`, `--encoding`).
    pub read: Arc<ReadOptions>,
    /// The similarity at or above which an article joins the story of an earlier one
    /// (`--story-threshold`; fixed when an index is built).
    pub story_threshold: f64,
    /// Only these files and articles, instead of all of `paths` (see [`Selection`]);
    /// `paths` still names the roots the files were found under.
    pub selection: Option<Selection>,
}

impl IndexRequest {
    /// A request with the defaults of `litopys index` for the other settings.
    pub fn new(paths: Vec<PathBuf>, dir: PathBuf, budget: WriterBudget) -> Self {
        IndexRequest {
            paths,
            dir,
            budget,
            rebuild: false,
            dry_run: false,
            commit: CommitPolicy::default(),
            stop: Arc::new(AtomicBool::new(false)),
            baseline_tokenizer: false,
            keep_entities: None,
            read: Arc::default(),
            story_threshold: DEFAULT_THRESHOLD,
            selection: None,
        }
    }
}

/// The writer of a job: the budget's threads and Tantivy's share of its memory, a queue
/// bounded by the share of documents in flight, and a merge policy that also merges
/// segments holding many deleted documents.
fn open_writer(index: &tantivy::Index, budget: &WriterBudget, dir: &Path) -> Result<Feeder, IndexError> {
    let plan = budget.plan();
    let writer = index
        .writer_with_num_threads(budget.threads(), plan.tantivy as usize)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(tantivy::directory::error::LockError::LockBusy, _) => {
                IndexError::Locked(busy(dir))
            }
            e => e.into(),
        })?;
    // A job killed mid-run (SIGKILL) leaves files its last commit never referenced. The
    // next writer resumes from the committed opstamp and may want the same file names
    // (`<segment>.<opstamp>.del`), so clear them before writing anything.
    writer.garbage_collect_files().wait()?;
    let mut policy = LogMergePolicy::default();
    policy.set_del_docs_ratio_before_merge(DELETED_RATIO_BEFORE_MERGE);
    writer.set_merge_policy(Box::new(policy));
    Ok(Feeder::new(writer, plan.queue, plan.batch))
}

/// Indexes the archive under `req.paths` into `req.dir` with `analyzer` and `enricher`:
/// creates the index if the folder is empty, updates a compatible one incrementally, or
/// (with `rebuild`) builds a fresh one beside it and swaps it in. With `dry_run`, only
/// counts what would change.
///
/// Exists as the whole of `litopys index` except argument parsing and terminal output.
pub fn build_index(
    req: &IndexRequest,
    analyzer: &Arc<Analyzer>,
    enricher: &dyn DocumentEnricher,
    observer: &mut dyn Observer,
) -> Result<Summary, IndexError> {
    let started = Instant::now();
    let (files, discovery_skips, ignored, protected, keep) = match &req.selection {
        Some(selection) => (
            selection.files.clone(),
            Vec::new(),
            BTreeMap::new(),
            selection.protected.clone(),
            Some(selection.keep.clone()),
        ),
        None => {
            if req.dir.join(SHARDS_FILE).is_file() {
                let key = super::shards::ShardManifest::read(&req.dir)
                    .ok()
                    .flatten()
                    .map_or_else(|| "KEY".to_string(), |m| m.shard_by);
                return Err(IndexError::Shards(format!(
                    "{} holds shards (see its {SHARDS_FILE}), not one index: index into it with `--shard-by {key}`, or choose another folder with --index",
                    req.dir.display()
                )));
            }
            let found = discover_with(&req.paths, &req.read);
            let protected: Vec<PathBuf> = found.skips.iter().map(|s| s.path.clone()).collect();
            (found.files, found.skips, found.ignored, protected, None)
        }
    };
    observer.start(&files);
    if files.is_empty() && req.selection.is_none() {
        for skip in &discovery_skips {
            observer.skip(skip);
        }
        let paths: Vec<String> = req.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(IndexError::NoFiles(paths.join(", ")));
    }
    let expected = expected_meta(analyzer).with_entities(&enricher.fingerprint());
    let mut notes = Vec::new();

    if req.dry_run {
        let manifest = dry_manifest(&req.dir, req.rebuild, &expected, &mut notes)?;
        let fields = Fields::from_schema(&build_schema())?;
        let mut ledger = Ledger::new(manifest);
        let steps = ledger.plan(&req.paths, &files, &protected);
        let policy = CommitPolicy::dry_run();
        let mut job = Job::new(ledger, None, &req.dir, &fields, enricher, policy);
        for skip in &discovery_skips {
            job.skipped(skip, observer);
        }
        let limits = ReadLimits::new(req.budget.plan().read);
        let reader = spawn_reader(steps, req.stop.clone(), limits, keep.clone());
        let complete = job.run(&reader.events, &req.stop, &mut || {}, observer)?;
        if complete && !reader.finished_cleanly() {
            return Err(IndexError::Reader);
        }
        if complete {
            job.delete_unseen();
        }
        let (_, counts) = job.into_writer();
        return Ok(summary(req, &files, counts, started, !complete, notes, ignored));
    }

    let target = prepare(&req.dir, req.rebuild, &expected, &mut notes)?;
    let mut staging = target.staging;
    let work = staging.work_dir().to_path_buf();
    if let Some(file) = &req.keep_entities {
        keep_user_entities(&work, file).map_err(io_err("cannot keep a copy of the entity file in", &work))?;
    }
    // The word caches of the indexing threads are part of the budget.
    let cache_words = req.budget.plan().cache_words(req.budget.threads());
    tantivy_tokenizer::register_with_cache(&target.index, analyzer, cache_words);
    if req.baseline_tokenizer {
        tantivy_tokenizer::register_baseline(&target.index);
    }
    let fields = Fields::from_schema(&target.index.schema())?;
    let committed = manifest::committed_stories(&target.index)?;
    let stories = StoryTable::load(&work, committed, req.story_threshold)
        .map_err(|e| IndexError::from_stories(e, "cannot read the story table in", &work))?;
    let writer = open_writer(&target.index, &req.budget, &work).map_err(|e| e.in_dir(&work))?;
    let mut ledger = Ledger::new(target.manifest);
    let steps = ledger.plan(&req.paths, &files, &protected);
    let mut job = Job::new(
        ledger,
        Some((writer, stories)),
        &work,
        &fields,
        enricher,
        req.commit,
    );
    for skip in &discovery_skips {
        job.skipped(skip, observer);
    }
    let reader = spawn_reader(
        steps,
        req.stop.clone(),
        ReadLimits::new(req.budget.plan().read),
        keep,
    );
    let rebuild = staging.is_rebuild();
    let failed =
        |e: IndexError| writing_failed(e.in_dir(&work), &target.index, &work, &req.dir, &files, rebuild);
    let mut on_commit = || staging.committed();
    let complete = match job.run(&reader.events, &req.stop, &mut on_commit, observer) {
        Ok(complete) => complete,
        Err(e) => {
            // Drop the writer first: it holds Tantivy's lock and the queued documents.
            drop(job);
            return Err(failed(e));
        }
    };
    if complete && !reader.finished_cleanly() {
        // Commit what was read, but delete nothing: unread files are not gone.
        if req.commit.keeps_partial_work() {
            if let Err(e) = job.commit_if_changed(&mut on_commit) {
                drop(job);
                return Err(failed(e));
            }
        }
        return Err(IndexError::Reader);
    }
    if req.commit.refuses(job.problems()) {
        let first = job
            .counts
            .first_skip
            .clone()
            .or_else(|| job.counts.first_undated.clone());
        return Err(IndexError::Strict {
            skips: job.counts.skips.clone(),
            undated: job.counts.undated,
            first: first.unwrap_or_default(),
        });
    }
    if complete {
        job.delete_unseen();
    }
    observer.committing();
    if let Err(e) = job.commit_if_changed(&mut on_commit) {
        drop(job);
        return Err(failed(e));
    }
    let (writer, counts) = job.into_writer();
    if complete {
        // Let merges started by the commits finish (an interrupted job leaves them).
        if let Some(writer) = writer {
            writer.wait_merging_threads().map_err(|e| failed(e.into()))?;
        }
        staging
            .finish()
            .map_err(io_err("cannot move the rebuilt index into", &req.dir))?;
    } else {
        drop(writer);
        if staging.is_rebuild() {
            notes.push(format!(
                "the rebuild is not finished: {} still holds the old index; `litopys index --rebuild` continues",
                req.dir.display()
            ));
        }
        staging.suspend();
    }
    drop(target.lock);
    Ok(summary(req, &files, counts, started, !complete, notes, ignored))
}

/// Index bytes per byte of article text, measured on real news (Ukrainian dumps of
/// `../shared/data/news`: 13.6 MB of index for 9.9 MB of text), for the space a full disk
/// would need.
const INDEX_BYTES_PER_TEXT_BYTE: f64 = 1.4;

/// What the user is told when the writing part of a job failed: a cause of the machine
/// (a full disk, a read-only or forbidden folder) becomes [`IndexError::Storage`], after
/// the files of the unfinished segment are removed, with what was committed and, for a
/// full disk, roughly what the whole index needs. Other errors are returned as they are.
///
/// The job's writer must have been dropped (it holds Tantivy's lock).
fn writing_failed(
    e: IndexError,
    index: &tantivy::Index,
    work: &Path,
    dir: &Path,
    files: &[SourceFile],
    rebuild: bool,
) -> IndexError {
    let cause = match &e {
        IndexError::Tantivy(t) => storage_cause(t),
        IndexError::Io { source, .. } => machine_reason(source),
        _ => None,
    };
    let Some((reason, full)) = cause else {
        return e;
    };
    remove_uncommitted(index);
    // The story records of the failed commit go too.
    if let Ok(committed) = manifest::committed_stories(index) {
        crate::stories::table::cut_to(work, committed.unwrap_or(0));
    }
    let searchable = index.reader().map(|r| r.searcher().num_docs()).unwrap_or(0);
    let mut advice = if rebuild {
        format!("the old index in {} is untouched", dir.display())
    } else if searchable > 0 {
        format!("the last commit is intact ({searchable} articles searchable)")
    } else {
        "nothing was committed".to_string()
    };
    if full {
        let text: f64 = files
            .iter()
            .map(|f| f.size as f64 * f.format.expected_text_ratio(f.compression))
            .sum();
        advice.push_str(&format!(
            "; the archive holds about {:.0} MB of text, whose index needs roughly {:.0} MB (more while segments merge)",
            text / 1e6,
            text * INDEX_BYTES_PER_TEXT_BYTE / 1e6
        ));
    }
    IndexError::Storage {
        dir: dir.to_path_buf(),
        reason,
        full,
        advice,
    }
}

/// Removes the files no commit refers to (the segment being written when the job failed),
/// with Tantivy's own garbage collection; best effort, as the disk may refuse even that.
pub(super) fn remove_uncommitted(index: &tantivy::Index) {
    if let Ok(writer) = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000) {
        let _ = writer.garbage_collect_files().wait();
    }
}

fn summary(
    req: &IndexRequest,
    files: &[SourceFile],
    counts: Counts,
    started: Instant,
    interrupted: bool,
    notes: Vec<String>,
    ignored: BTreeMap<String, u64>,
) -> Summary {
    Summary {
        added: counts.added,
        updated: counts.updated,
        unchanged: counts.unchanged,
        deleted: counts.deleted,
        text_bytes: counts.text_bytes,
        files: files.len(),
        files_read: counts.files_read,
        files_unchanged: counts.files_unchanged,
        elapsed: started.elapsed(),
        skips: counts.skips,
        undated: counts.undated,
        warnings: counts
            .file_warnings
            .iter()
            .flat_map(FileNotes::warnings)
            .collect(),
        ignored,
        detected: counts.detected,
        commits: counts.commits,
        interrupted,
        dry_run: req.dry_run,
        notes,
        index_dir: req.dir.clone(),
        index_bytes: disk_size(&req.dir),
    }
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
