//! Bounds on the bytes in flight between reading the archive and Tantivy's indexing
//! threads, so that `--memory` governs the whole indexing job and not only Tantivy's
//! indexing heap.
//!
//! Tantivy's `IndexWriter` queues up to 10 000 documents ahead of its indexing threads,
//! whatever their size: with news articles (each document holds title and body twice)
//! that queue alone held about 100 MB, and with long documents it would hold gigabytes.
//! A [`ByteGauge`] counts bytes instead: the reader waits on one before it runs further
//! ahead of the indexer, and the [`Feeder`] waits on another before it hands Tantivy a
//! document, which is released when Tantivy has indexed (and dropped) it.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tantivy::indexer::PreparedCommit;
use tantivy::schema::{Document, Term, Value};
use tantivy::{IndexWriter, Opstamp, TantivyDocument};

/// Bytes counted for every value of a document besides its text (the value's slot and
/// its share of the allocation's slack).
const VALUE_OVERHEAD: u64 = 16;

/// Bytes counted for every document besides its values (the queue slot, the vectors).
const DOC_OVERHEAD: u64 = 128;

/// How long the feeder waits for Tantivy to take documents before it checks that
/// Tantivy's indexing threads are still alive.
const LIVENESS_CHECK: Duration = Duration::from_millis(500);

/// A count of bytes in flight with a limit: [`acquire`](ByteGauge::acquire) waits while
/// the limit would be passed, [`release`](ByteGauge::release) lets waiters go on.
///
/// Exists because a queue bounded by a number of items bounds memory only for items of
/// one size; articles range from a paragraph to a book.
#[derive(Debug)]
pub struct ByteGauge {
    limit: u64,
    state: Mutex<GaugeState>,
    freed: Condvar,
}

#[derive(Debug, Default)]
struct GaugeState {
    used: u64,
    peak: u64,
    closed: bool,
}

impl ByteGauge {
    /// A gauge letting at most `limit` bytes through at once (but always at least one
    /// item: see [`acquire`](ByteGauge::acquire)).
    pub fn new(limit: u64) -> Arc<Self> {
        Arc::new(ByteGauge {
            limit,
            state: Mutex::new(GaugeState::default()),
            freed: Condvar::new(),
        })
    }

    fn state(&self) -> MutexGuard<'_, GaugeState> {
        // The state is two counters and a flag, valid whatever a panicking holder did.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts `n` more bytes in flight, first waiting until they fit under the limit. An
    /// item bigger than the limit goes through alone (when nothing else is in flight), so
    /// that one huge article is indexed rather than waited on forever. Returns `false`
    /// at once, counting nothing, once the gauge is [closed](ByteGauge::close).
    pub fn acquire(&self, n: u64) -> bool {
        let mut s = self.state();
        while !s.closed && s.used > 0 && s.used.saturating_add(n) > self.limit {
            s = self.freed.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        if s.closed {
            return false;
        }
        s.used += n;
        s.peak = s.peak.max(s.used);
        true
    }

    /// [`acquire`](Self::acquire), waiting at most `patience`: `false` if the bytes did
    /// not fit by then (nothing is counted) or the gauge is closed.
    ///
    /// Exists so that a waiter can look up now and then to check that whoever should
    /// release bytes is still there (Tantivy's indexing threads may die, and then never
    /// release what they were given).
    pub fn acquire_for(&self, n: u64, patience: Duration) -> bool {
        let deadline = Instant::now() + patience;
        let mut s = self.state();
        while !s.closed && s.used > 0 && s.used.saturating_add(n) > self.limit {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            s = self
                .freed
                .wait_timeout(s, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        if s.closed {
            return false;
        }
        s.used += n;
        s.peak = s.peak.max(s.used);
        true
    }

    /// Counts `n` bytes at once, over the limit if need be.
    ///
    /// Exists for the one document the feeder hands a silent Tantivy to learn whether it
    /// is still alive (see [`Feeder::add_document`]).
    pub fn force(&self, n: u64) {
        let mut s = self.state();
        s.used += n;
        s.peak = s.peak.max(s.used);
    }

    /// Counts `n` bytes as no longer in flight.
    pub fn release(&self, n: u64) {
        let mut s = self.state();
        s.used = s.used.saturating_sub(n);
        drop(s);
        self.freed.notify_all();
    }

    /// Stops all waiting: the consumer is gone, so producers must not wait for it.
    pub fn close(&self) {
        self.state().closed = true;
        self.freed.notify_all();
    }

    /// The most bytes that were in flight at once.
    pub fn peak(&self) -> u64 {
        self.state().peak
    }

    /// Bytes in flight now.
    pub fn used(&self) -> u64 {
        self.state().used
    }

    /// The limit.
    pub fn limit(&self) -> u64 {
        self.limit
    }
}

/// The bytes a document holds, estimated from its values: text and byte values by their
/// length, other values (dates, numbers) by a fixed overhead.
///
/// Exists so that the [`Feeder`] can count documents without access to Tantivy's private
/// buffers; the estimate is close because documents are shrunk to fit when built.
pub fn document_bytes(doc: &TantivyDocument) -> u64 {
    doc.iter_fields_and_values()
        .map(|(_, v)| {
            let len = v.as_str().map(str::len).or_else(|| v.as_bytes().map(<[u8]>::len));
            len.unwrap_or(8) as u64 + VALUE_OVERHEAD
        })
        .sum::<u64>()
        + DOC_OVERHEAD
}

/// A document on its way through Tantivy's queue, counted in a [`ByteGauge`] until
/// Tantivy drops it (right after indexing it, or when the writer is dropped).
///
/// Exists because Tantivy gives no other signal of how far its indexing threads have
/// got: dropping the document is that signal.
pub struct CountedDoc {
    doc: TantivyDocument,
    bytes: u64,
    gauge: Arc<ByteGauge>,
}

impl Drop for CountedDoc {
    fn drop(&mut self) {
        self.gauge.release(self.bytes);
    }
}

impl Document for CountedDoc {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    fn into_tantivy_document(mut self) -> TantivyDocument {
        std::mem::take(&mut self.doc)
    }
}

/// Tantivy's writer with a bound, in bytes, on the documents queued for its indexing
/// threads; and the size of the batches of articles the job turns into documents at once.
///
/// Exists so that the job hands documents to Tantivy through one place that waits when
/// Tantivy is behind, instead of letting its queue grow to 10 000 documents.
pub struct Feeder {
    writer: IndexWriter<CountedDoc>,
    queue: Arc<ByteGauge>,
    batch_bytes: u64,
}

impl Feeder {
    /// Wraps `writer`, letting at most `queue_bytes` of documents wait in (or be indexed
    /// from) its queue, and asking the job to build documents in batches of at most
    /// `batch_bytes` of articles.
    pub fn new(writer: IndexWriter<CountedDoc>, queue_bytes: u64, batch_bytes: u64) -> Self {
        Feeder {
            writer,
            queue: ByteGauge::new(queue_bytes),
            batch_bytes,
        }
    }

    /// Hands `doc` to Tantivy, first waiting until it fits in the queue's bytes.
    pub fn add_document(&mut self, mut doc: TantivyDocument) -> tantivy::Result<Opstamp> {
        doc.shrink_to_fit();
        let bytes = document_bytes(&doc);
        // Tantivy has taken nothing for a while: it is writing a segment, or its indexing
        // threads died (a full disk), and then the documents they were given are never
        // released. Handing it this one anyway tells which: a dead writer refuses it at
        // once, and a busy one holds at most one document more per wait.
        if !self.queue.acquire_for(bytes, LIVENESS_CHECK) {
            self.queue.force(bytes);
        }
        let added = self.writer.add_document(CountedDoc {
            doc,
            bytes,
            gauge: self.queue.clone(),
        });
        added.map_err(|killed| self.worker_error(killed))
    }

    /// The error that stopped Tantivy's indexing threads, in place of `killed` (Tantivy's
    /// "an index writer was killed", which says nothing of the cause).
    ///
    /// The threads' own errors (`No space left on device`, …) come back when they are
    /// joined, which preparing a commit does; that commit is never made. Preparing it
    /// also drops the documents still queued, so the gauge is emptied.
    fn worker_error(&mut self, killed: tantivy::TantivyError) -> tantivy::TantivyError {
        match self.writer.prepare_commit() {
            Err(cause) => cause,
            Ok(_) => killed,
        }
    }

    /// Deletes the documents holding `term` (see `IndexWriter::delete_term`).
    pub fn delete_term(&self, term: Term) -> Opstamp {
        self.writer.delete_term(term)
    }

    /// Starts a commit (see `IndexWriter::prepare_commit`).
    pub fn prepare_commit(&mut self) -> tantivy::Result<PreparedCommit<'_, CountedDoc>> {
        self.writer.prepare_commit()
    }

    /// Waits for the merges the commits started (see `IndexWriter::wait_merging_threads`).
    pub fn wait_merging_threads(self) -> tantivy::Result<()> {
        self.writer.wait_merging_threads()
    }

    /// Bytes of articles the job should turn into documents at once.
    pub fn batch_bytes(&self) -> u64 {
        self.batch_bytes
    }

    /// The most bytes of documents that were queued for Tantivy at once.
    pub fn peak_queued(&self) -> u64 {
        self.queue.peak()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use super::*;

    #[test]
    fn acquire_waits_until_bytes_are_released() {
        let gauge = ByteGauge::new(100);
        assert!(gauge.acquire(60));
        assert!(gauge.acquire(40));
        let passed = Arc::new(AtomicBool::new(false));
        let waiter = {
            let (gauge, passed) = (gauge.clone(), passed.clone());
            std::thread::spawn(move || {
                assert!(gauge.acquire(50));
                passed.store(true, Ordering::SeqCst);
            })
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(!passed.load(Ordering::SeqCst), "went past a full gauge");
        gauge.release(40);
        std::thread::sleep(Duration::from_millis(50));
        assert!(!passed.load(Ordering::SeqCst), "60 + 50 > 100");
        gauge.release(60);
        waiter.join().unwrap();
        assert!(passed.load(Ordering::SeqCst));
        assert_eq!(gauge.used(), 50);
        assert_eq!(gauge.peak(), 100);
    }

    #[test]
    fn an_item_over_the_limit_goes_through_alone() {
        let gauge = ByteGauge::new(10);
        assert!(gauge.acquire(1_000));
        assert_eq!(gauge.used(), 1_000);
        gauge.release(1_000);
        assert!(gauge.acquire(5));
    }

    #[test]
    fn closing_frees_waiters_and_refuses_more() {
        let gauge = ByteGauge::new(10);
        assert!(gauge.acquire(10));
        let waiter = {
            let gauge = gauge.clone();
            std::thread::spawn(move || gauge.acquire(5))
        };
        std::thread::sleep(Duration::from_millis(20));
        gauge.close();
        assert!(!waiter.join().unwrap());
        assert!(!gauge.acquire(1));
        assert_eq!(gauge.used(), 10);
    }

    #[test]
    fn the_feeder_keeps_tantivys_queue_under_its_bytes() {
        let mut sb = tantivy::schema::Schema::builder();
        let body = sb.add_text_field("body", tantivy::schema::TEXT | tantivy::schema::STORED);
        let index = tantivy::Index::create_in_ram(sb.build());
        let writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let limit = 64 << 10;
        let mut feeder = Feeder::new(writer, limit, 1 << 20);
        let mut biggest = 0;
        for i in 0..300 {
            let mut doc = TantivyDocument::new();
            doc.add_text(body, format!("{} {i}", "слово ".repeat(500)));
            biggest = biggest.max(document_bytes(&doc));
            feeder.add_document(doc).unwrap();
        }
        feeder.prepare_commit().unwrap().commit().unwrap();
        // Each document is about 6 KB, so Tantivy's own bound (10 000 documents) would
        // have let all 1.8 MB wait.
        // A document more may go in for every half second Tantivy takes nothing (the
        // liveness check), so a loaded machine may see a few over the limit.
        let peak = feeder.peak_queued();
        assert!(
            peak > 0 && peak <= limit + 4 * biggest,
            "{peak} bytes queued at once"
        );
        assert_eq!(feeder.queue.used(), 0, "every indexed document was released");
        assert_eq!(index.reader().unwrap().searcher().num_docs(), 300);
    }

    #[test]
    fn counted_documents_release_their_bytes_when_dropped() {
        let mut sb = tantivy::schema::Schema::builder();
        let body = sb.add_text_field("body", tantivy::schema::TEXT);
        let _ = sb.build();
        let mut doc = TantivyDocument::new();
        doc.add_text(body, "а".repeat(1_000));
        let bytes = document_bytes(&doc);
        assert!((2_000..2_000 + 200).contains(&bytes), "{bytes}");
        let gauge = ByteGauge::new(1 << 20);
        assert!(gauge.acquire(bytes));
        let counted = CountedDoc {
            doc,
            bytes,
            gauge: gauge.clone(),
        };
        assert_eq!(counted.iter_fields_and_values().count(), 1);
        assert_eq!(gauge.used(), bytes);
        let doc = counted.into_tantivy_document();
        assert_eq!(gauge.used(), 0);
        assert_eq!(doc.len(), 1);
    }
}
