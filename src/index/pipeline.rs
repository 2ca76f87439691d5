//! Reading the files a job must read, on a thread of its own, into an ordered stream of
//! events; and building documents in parallel.
//!
//! The reader runs ahead of the indexer (a few batches, so memory stays bounded): runs of
//! small files are read in parallel in groups of about 64 MiB, big JSON Lines dumps are
//! streamed (their lines parsed in parallel), and content hashes are computed in parallel
//! too, so that the indexer's thread only classifies articles and hands documents to
//! Tantivy. Events come in discovery order, so that duplicate ids are resolved as in a
//! full rebuild. On Ctrl-C the reader stops at the next file and the indexer does not
//! wait for it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::TantivyDocument;

use super::document::document_with_hash;
use super::enrich::DocumentEnricher;
use super::ledger::Step;
use super::manifest::{mtime, Hash};
use super::schema::Fields;
use crate::corpus::{content_hash, read_file, Article, Format, Skip, SourceFile};

/// Events per message from the reader.
pub const BATCH: usize = 256;

/// Messages the reader may run ahead of the indexer.
const QUEUE: usize = 8;

/// Small files are read together in groups of about this many bytes of content.
const GROUP_BYTES: u64 = 64 << 20;

/// JSON Lines files with more content than this (a `.jsonl.gz` counts four times its size)
/// are streamed on their own instead of being read whole with their neighbours.
pub const STREAM_FILE_BYTES: u64 = 16 << 20;

/// What the reader reports, in discovery order.
#[derive(Debug)]
pub enum Event {
    /// This file is unchanged and was not read.
    Skipped(u32),
    /// This file is being read.
    Begin(u32, SourceFile),
    /// An article of the current file, with its content hash, or a skipped input.
    Item(u32, Result<(Article, Hash), Skip>),
    /// The current file was read to its end; `true` if it still had the size and time it
    /// had when discovered.
    Done(u32, bool),
}

/// Bytes of content of a file, for grouping (compressed files hold about four times
/// their size).
fn content_bytes(file: &SourceFile) -> u64 {
    match file.format {
        Format::JsonLinesGz => file.size.saturating_mul(4),
        _ => file.size,
    }
}

/// Whether `file` is a JSON Lines dump with more than `limit` bytes of content, to be
/// streamed rather than held in memory.
pub fn streamed(file: &SourceFile, limit: u64) -> bool {
    matches!(file.format, Format::JsonLines | Format::JsonLinesGz) && content_bytes(file) > limit
}

/// Whether `file` still has the size and time it had when discovered.
fn still_same(file: &SourceFile) -> bool {
    std::fs::metadata(&file.path)
        .is_ok_and(|m| m.len() == file.size && mtime(m.modified().ok()) == mtime(file.modified))
}

fn hashed(items: Vec<Result<Article, Skip>>) -> Vec<Result<(Article, Hash), Skip>> {
    items
        .into_par_iter()
        .map(|r| {
            r.map(|a| {
                let h = content_hash(&a);
                (a, h)
            })
        })
        .collect()
}

/// Sends events in batches; remembers when the indexer has stopped listening.
struct Sender {
    tx: SyncSender<Vec<Event>>,
    buf: Vec<Event>,
    gone: bool,
}

impl Sender {
    fn push(&mut self, e: Event) {
        self.buf.push(e);
        if self.buf.len() >= BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() && !self.gone {
            self.gone = self.tx.send(std::mem::take(&mut self.buf)).is_err();
        }
        self.buf.clear();
    }
}

/// The reading thread: its events, and its handle to learn whether it ended normally.
pub struct Reader {
    /// The events, in order; the channel closes after the last one (or early when the
    /// job is stopped).
    pub events: Receiver<Vec<Event>>,
    /// The thread.
    pub thread: std::thread::JoinHandle<()>,
}

impl Reader {
    /// Whether the thread ended normally (after the channel closed). A reader that
    /// panicked closes the channel too early: the job must then not conclude that the
    /// files it did not report are gone.
    pub fn finished_cleanly(self) -> bool {
        self.thread.join().is_ok()
    }
}

/// Starts reading `steps` on a new thread.
pub fn spawn_reader(steps: Vec<Step>, stop: Arc<AtomicBool>, stream_limit: u64) -> Reader {
    let (tx, rx) = sync_channel(QUEUE);
    let thread = std::thread::spawn(move || {
        let mut out = Sender {
            tx,
            buf: Vec::with_capacity(BATCH),
            gone: false,
        };
        read_steps(&steps, &stop, stream_limit, &mut out);
        out.flush();
    });
    Reader { events: rx, thread }
}

fn read_steps(steps: &[Step], stop: &AtomicBool, stream_limit: u64, out: &mut Sender) {
    let big = |s: &Step| matches!(s, Step::Read(_, f) if streamed(f, stream_limit));
    let mut start = 0;
    while start < steps.len() && !out.gone && !stop.load(Ordering::Relaxed) {
        if let Step::Read(slot, file) = &steps[start] {
            if big(&steps[start]) {
                stream_file(*slot, file, out);
                start += 1;
                continue;
            }
        }
        // A group: steps up to the next big file, or about GROUP_BYTES of files to read.
        let mut end = start;
        let mut bytes = 0;
        while end < steps.len() && !big(&steps[end]) && (end == start || bytes < GROUP_BYTES) {
            if let Step::Read(_, f) = &steps[end] {
                bytes += content_bytes(f);
            }
            end += 1;
        }
        let read: Vec<Option<(Vec<_>, bool)>> = steps[start..end]
            .par_iter()
            .map(|step| match step {
                Step::Skip(_) => None,
                Step::Read(_, file) => {
                    let mut items = Vec::new();
                    read_file(file, &mut |r| items.push(r));
                    Some((hashed(items), still_same(file)))
                }
            })
            .collect();
        for (step, result) in steps[start..end].iter().zip(read) {
            match (step, result) {
                (Step::Read(slot, file), Some((items, same))) => {
                    out.push(Event::Begin(*slot, file.clone()));
                    for item in items {
                        out.push(Event::Item(*slot, item));
                    }
                    out.push(Event::Done(*slot, same));
                }
                (Step::Skip(slot), _) | (Step::Read(slot, _), None) => out.push(Event::Skipped(*slot)),
            }
        }
        out.flush();
        start = end;
    }
}

/// Streams one big file: its lines are parsed (by the corpus reader) and hashed in
/// parallel batches.
fn stream_file(slot: u32, file: &SourceFile, out: &mut Sender) {
    out.push(Event::Begin(slot, file.clone()));
    let mut pending = Vec::with_capacity(BATCH * 2);
    read_file(file, &mut |r| {
        if out.gone {
            return;
        }
        pending.push(r);
        if pending.len() >= BATCH * 2 {
            for item in hashed(std::mem::take(&mut pending)) {
                out.push(Event::Item(slot, item));
            }
        }
    });
    for item in hashed(pending) {
        out.push(Event::Item(slot, item));
    }
    out.push(Event::Done(slot, still_same(file)));
    out.flush();
}

/// Builds the documents of `articles` on all cores (with the enricher's fields), in order.
pub fn build_documents(
    fields: &Fields,
    enricher: &dyn DocumentEnricher,
    articles: &[(Article, Hash)],
) -> Vec<TantivyDocument> {
    articles
        .par_iter()
        .map(|(a, h)| {
            let mut doc = document_with_hash(fields, a, h);
            enricher.enrich(a, &mut doc);
            doc
        })
        .collect()
}
