//! One job over an index: reader events are classified against the [`Ledger`], added and
//! updated articles become documents, and commits come at intervals, each with the
//! manifest of exactly what it holds.
//!
//! A commit is: hand the pending documents to Tantivy, write the manifest file for the
//! commit's opstamp, then commit with the manifest's name as payload (see [`manifest`]
//! for why this is crash-safe). Deletions of vanished articles wait for the end of a job
//! that saw every file; an interrupted job leaves them for the next one.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tantivy::schema::Term;

use super::commit::CommitPolicy;
use super::error::IndexError;
use super::inflight::Feeder;
use super::ledger::{Ledger, Verdict};
use super::manifest;
use super::notes::FileNotes;
use super::observer::Observer;
use super::pipeline::{article_bytes, build_documents, Event, Events, BATCH};
use super::summary::SkipCounts;
use crate::corpus::{Article, Skip};
use crate::index::document::Hash;
use crate::index::enrich::DocumentEnricher;
use crate::index::schema::Fields;
use crate::stories::StoryTable;

/// What a job did, counted.
#[derive(Debug, Default)]
pub struct Counts {
    /// New articles.
    pub added: u64,
    /// Replaced articles.
    pub updated: u64,
    /// Articles found as they were.
    pub unchanged: u64,
    /// Articles deleted because they vanished from the archive.
    pub deleted: u64,
    /// Bytes of title and body of added and updated articles.
    pub text_bytes: u64,
    /// Files read.
    pub files_read: usize,
    /// Files not read because unchanged.
    pub files_unchanged: usize,
    /// Skipped inputs.
    pub skips: SkipCounts,
    /// The first skip's message (for `--strict`).
    pub first_skip: Option<String>,
    /// Articles indexed undated because their date could not be read or stored.
    pub undated: u64,
    /// The first such warning (for `--strict`).
    pub first_undated: Option<String>,
    /// Files read with something to warn about, in reading order.
    pub file_warnings: Vec<FileNotes>,
    /// Files read in an encoding the detector guessed, with its name, in reading order.
    pub detected: Vec<(std::path::PathBuf, &'static str)>,
    /// Commits made.
    pub commits: u64,
}

/// The state of one job. `writer` is `None` for a dry run, which classifies and counts
/// but changes nothing.
pub struct Job<'a> {
    /// Which ids the index holds and what this job saw.
    pub ledger: Ledger,
    /// The counts so far.
    pub counts: Counts,
    writer: Option<Feeder>,
    /// The story table (with the writer; a dry run groups nothing).
    stories: Option<StoryTable>,
    work: PathBuf,
    fields: &'a Fields,
    enricher: &'a dyn DocumentEnricher,
    policy: CommitPolicy,
    pending: Vec<(Article, Hash, bool)>,
    notes: FileNotes,
    pending_bytes: u64,
    since_commit: u64,
    last_commit: Instant,
    troubled: bool,
}

impl<'a> Job<'a> {
    /// A job writing with `writer` into the index in `work` (`None`: a dry run, with
    /// [`CommitPolicy::dry_run`]), grouping stories with `stories` (what the index's last
    /// commit left of the table), committing as `policy` says.
    pub fn new(
        ledger: Ledger,
        writer: Option<(Feeder, StoryTable)>,
        work: &Path,
        fields: &'a Fields,
        enricher: &'a dyn DocumentEnricher,
        policy: CommitPolicy,
    ) -> Self {
        let (writer, stories) = writer.unzip();
        Job {
            ledger,
            counts: Counts::default(),
            writer,
            stories,
            work: work.to_path_buf(),
            fields,
            enricher,
            policy,
            pending: Vec::with_capacity(BATCH),
            notes: FileNotes::default(),
            pending_bytes: 0,
            since_commit: 0,
            last_commit: Instant::now(),
            troubled: false,
        }
    }

    /// Counts a skipped input.
    pub fn skipped(&mut self, skip: &Skip, observer: &mut dyn Observer) {
        self.counts.skips.add(skip.reason.kind());
        if self.counts.first_skip.is_none() {
            self.counts.first_skip = Some(skip.to_string());
        }
        observer.skip(skip);
    }

    /// Counts a skipped input of the file `slot`, which remembers it.
    fn skipped_in(&mut self, slot: u32, skip: &Skip, observer: &mut dyn Observer) {
        self.ledger.skipped(slot, skip);
        self.skipped(skip, observer);
    }

    /// Consumes the reader's events until they end (`Ok(true)`) or `stop` is set
    /// (`Ok(false)`), committing on the way as the policy says.
    pub fn run(
        &mut self,
        events: &Events,
        stop: &AtomicBool,
        on_commit: &mut dyn FnMut(),
        observer: &mut dyn Observer,
    ) -> Result<bool, IndexError> {
        let flush_at = self.policy.flush_at(BATCH);
        let flush_bytes = self.writer.as_ref().map_or(u64::MAX, Feeder::batch_bytes);
        for batch in events.iter() {
            for event in batch {
                self.event(event, observer);
                if self.pending.len() >= flush_at || self.pending_bytes >= flush_bytes {
                    self.flush()?;
                }
                if stop.load(Ordering::Relaxed) {
                    return Ok(false);
                }
                if self.commit_due() {
                    self.commit(on_commit)?;
                }
            }
        }
        Ok(!stop.load(Ordering::Relaxed))
    }

    fn event(&mut self, event: Event, observer: &mut dyn Observer) {
        match event {
            Event::Skipped(slot) => {
                let unread = self.ledger.skip_file(slot);
                self.counts.unchanged += unread.articles;
                self.counts.files_unchanged += 1;
                for (kind, n) in &unread.skips {
                    self.counts.skips.add_n(kind, *n);
                }
                if self.counts.first_skip.is_none() {
                    self.counts.first_skip = unread.first_skip;
                }
            }
            Event::Begin(slot, file) => {
                self.ledger.begin_file(slot, &file);
                self.counts.files_read += 1;
                self.troubled = false;
                self.notes = FileNotes::new(file.path);
            }
            Event::Done(slot, same) => {
                self.ledger.file_done(slot, self.troubled, same);
                self.file_done(observer);
            }
            Event::Note(_, note) => self.notes.add(note),
            Event::Known(slot, first, count) => {
                for line in first..first.saturating_add(count) {
                    match self.ledger.known_line(slot, line) {
                        None => self.counts.unchanged += 1,
                        Some(skip) => self.skipped_in(slot, &skip, observer),
                    }
                }
            }
            Event::Item(slot, Err(skip)) => {
                // The file could not be read (to its end): keep its former articles.
                self.troubled |= matches!(skip.reason.kind(), "unreadable" | "bad-gzip" | "broken-stream");
                self.skipped_in(slot, &skip, observer);
            }
            Event::Item(slot, Ok((article, hash, line))) => {
                let replace = match self.ledger.classify(slot, &article, hash, line) {
                    Verdict::Duplicate(skip) => return self.skipped_in(slot, &skip, observer),
                    Verdict::Unchanged => {
                        self.counts.unchanged += 1;
                        observer.article(&article);
                        return;
                    }
                    Verdict::Added => false,
                    Verdict::Updated => true,
                };
                if replace {
                    self.counts.updated += 1;
                } else {
                    self.counts.added += 1;
                }
                let text = article.title.as_ref().map_or(0, String::len) + article.text.len();
                self.counts.text_bytes += text as u64;
                observer.article(&article);
                // A job that will refuse to commit need not build documents.
                if !self.policy.refuses(self.problems()) {
                    self.pending_bytes += article_bytes(&article);
                    self.pending.push((article, hash, replace));
                }
            }
        }
    }

    /// Reports what was noticed about the file just read, and counts its warnings.
    fn file_done(&mut self, observer: &mut dyn Observer) {
        let notes = std::mem::take(&mut self.notes);
        observer.file_notes(&notes);
        if let Some(encoding) = notes.detected {
            self.counts.detected.push((notes.path.clone(), encoding.name()));
        }
        if notes.has_warnings() {
            self.counts.undated += notes.undated;
            if self.counts.first_undated.is_none() {
                self.counts.first_undated = notes.undated_warning();
            }
            self.counts.file_warnings.push(notes);
        }
    }

    /// Problems that make a `--strict` job refuse: skips and unreadable dates.
    pub fn problems(&self) -> u64 {
        self.counts.skips.total() + self.counts.undated
    }

    /// Hands the pending articles to Tantivy (documents built in parallel).
    fn flush(&mut self) -> Result<(), IndexError> {
        let pending = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        self.since_commit += pending.len() as u64;
        let Some(writer) = &mut self.writer else {
            return Ok(());
        };
        let (articles, replace): (Vec<(Article, Hash)>, Vec<bool>) =
            pending.into_iter().map(|(a, h, r)| ((a, h), r)).unzip();
        let docs = build_documents(self.fields, self.enricher, &articles);
        let stories = self.stories.as_mut().expect("a table with the writer");
        for (((article, _), replace), (mut doc, signature)) in articles.iter().zip(replace).zip(docs) {
            // In archive order, on this thread: which article starts a story does not
            // depend on the threads.
            doc.add_u64(self.fields.story, stories.assign(&article.id, signature.as_ref()));
            if replace {
                writer.delete_term(Term::from_field_text(self.fields.id, &article.id));
            }
            writer.add_document(doc)?;
        }
        Ok(())
    }

    fn commit_due(&self) -> bool {
        let changed = self.since_commit + self.pending.len() as u64;
        self.policy
            .due(changed, self.ledger.is_dirty(), self.last_commit.elapsed())
    }

    /// Deletes the articles no file claimed (after a job that saw every file).
    pub fn delete_unseen(&mut self) {
        let gone = self.ledger.unseen();
        if let Some(writer) = &self.writer {
            for id in &gone {
                writer.delete_term(Term::from_field_text(self.fields.id, id));
            }
        }
        self.counts.deleted = gone.len() as u64;
        self.since_commit += gone.len() as u64;
        self.ledger.forget(&gone);
    }

    /// Commits what was fed, with its manifest, if anything changed.
    pub fn commit_if_changed(&mut self, on_commit: &mut dyn FnMut()) -> Result<(), IndexError> {
        if self.ledger.is_dirty() || !self.pending.is_empty() || self.since_commit > 0 {
            self.commit(on_commit)?;
        }
        Ok(())
    }

    fn commit(&mut self, on_commit: &mut dyn FnMut()) -> Result<(), IndexError> {
        self.flush()?;
        let Some(writer) = &mut self.writer else {
            return Ok(());
        };
        let snapshot = self.ledger.snapshot();
        let mut prepared = writer.prepare_commit()?;
        // The table's new records are on disk before the commit that names its length.
        let stories =
            match &mut self.stories {
                Some(table) => Some(table.save(&self.work).map_err(|e| {
                    IndexError::from_stories(e, "cannot write the story table in", &self.work)
                })?),
                None => None,
            };
        let payload = manifest::write_for_commit(&self.work, prepared.opstamp(), &snapshot, stories)
            .map_err(|source| IndexError::Io {
                what: "cannot write the manifest in",
                path: self.work.clone(),
                source,
            })?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        manifest::remove_stale(&self.work, manifest::payload_file(&payload).as_deref());
        self.ledger.mark_committed();
        self.counts.commits += 1;
        self.since_commit = 0;
        self.last_commit = Instant::now();
        on_commit();
        Ok(())
    }

    /// The writer, for the end of the job (waiting for merges); `None` for a dry run.
    pub fn into_writer(self) -> (Option<Feeder>, Counts) {
        (self.writer, self.counts)
    }
}
