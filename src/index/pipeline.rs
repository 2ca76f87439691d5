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
//!
//! JSON Lines files that changed since the last commit ([`Step::Check`]) are read in
//! parallel with their neighbours whatever their size: their lines that the index holds
//! byte for byte are only fingerprinted, not parsed, so such a file holds little (only
//! what changed) and the reading is mostly gunzipping, which then uses every core.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::TantivyDocument;

use super::document::document_with_hash;
use super::enrich::DocumentEnricher;
use super::ledger::{is_known, Step};
use super::manifest::{mtime, Hash};
use super::schema::Fields;
use crate::corpus::{
    content_hash, read_file, read_json_lines, Article, Fingerprints, Format, Line, LineHash, Skip, SourceFile,
};

/// Events per message from the reader.
pub const BATCH: usize = 256;

/// Messages the reader may run ahead of the indexer.
const QUEUE: usize = 8;

/// Small files are read together in groups of about this many bytes of content.
const GROUP_BYTES: u64 = 64 << 20;

/// JSON Lines files with more content than this (a `.jsonl.gz` counts four times its size)
/// are streamed on their own instead of being read whole with their neighbours.
pub const STREAM_FILE_BYTES: u64 = 16 << 20;

/// A file of a [`Step::Check`] is scanned with its neighbours (in parallel, whatever its
/// size), holding what it has to parse, unless that exceeds this many bytes of text (or
/// the streaming limit, if lower): then it is streamed instead.
const CHECK_HELD_BYTES: u64 = 8 << 20;

/// What the reader reports, in discovery order.
#[derive(Debug)]
pub enum Event {
    /// This file is unchanged and was not read.
    Skipped(u32),
    /// This file is being read.
    Begin(u32, SourceFile),
    /// An article of the current file, with its content hash and its line's
    /// [`LineHash`] (0 if none), or a skipped input.
    Item(u32, Result<(Article, Hash, LineHash), Skip>),
    /// Lines `.1 .. .1 + .2` of the current file are listed known in its [`Step::Check`]
    /// (blank lines aside): not parsed.
    Known(u32, u32, u32),
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

/// Reads `file`, giving its lines in order to `take` until it returns `false`. JSON Lines
/// lines get their fingerprint, and those in `known` are not parsed; other formats give
/// their articles without one.
fn read_lines(file: &SourceFile, known: &[(u32, LineHash)], take: &mut dyn FnMut(Line) -> bool) {
    match file.format {
        Format::JsonLines | Format::JsonLinesGz => {
            let is = |n, h| is_known(known, n, h);
            read_json_lines(file, Fingerprints::Known(&is), take);
        }
        Format::Text | Format::Json => read_file(file, &mut |r| {
            take(Line::Read(r, 0));
        }),
    }
}

/// Appends the events of `lines` of the file `slot` to `out`: content hashes computed in
/// parallel, runs of known lines merged (with the last event of `out` too), so that a file
/// whose lines are mostly known gives few events.
fn events(slot: u32, lines: Vec<Line>, out: &mut Vec<Event>) {
    let items: Vec<Event> = lines
        .into_par_iter()
        .map(|line| match line {
            Line::Known(n) => Event::Known(slot, u32::try_from(n).unwrap_or(u32::MAX), 1),
            Line::Read(r, line) => Event::Item(
                slot,
                r.map(|a| {
                    let h = content_hash(&a);
                    (a, h, line)
                }),
            ),
        })
        .collect();
    for e in items {
        if let (Event::Known(_, first, count), Some(Event::Known(_, f0, c0))) = (&e, out.last_mut()) {
            if f0.checked_add(*c0) == Some(*first) {
                *c0 += count;
                continue;
            }
        }
        out.push(e);
    }
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

/// What reading one step of a group gave.
enum Held {
    /// Not read (unchanged).
    Skipped,
    /// Its events (without `Begin` and `Done`), and whether the file was still the same
    /// afterwards.
    Read(Vec<Event>, bool),
    /// A checked file with too much to parse: to be streamed instead.
    TooMuch,
}

/// Reads one step of a group, holding at most `limit` bytes of parsed text.
fn hold(step: &Step, limit: u64) -> Held {
    let (slot, file, known): (u32, &SourceFile, &[(u32, LineHash)]) = match step {
        Step::Skip(_) => return Held::Skipped,
        Step::Read(slot, file) => (*slot, file, &[]),
        Step::Check(slot, file, known) => (*slot, file, known.as_slice()),
    };
    let mut out = Vec::new();
    let mut lines = Vec::with_capacity(BATCH * 2);
    let mut held = 0u64;
    let mut fits = true;
    read_lines(file, known, &mut |line| {
        if let Line::Read(Ok(a), _) = &line {
            held += (a.text.len() + a.title.as_ref().map_or(0, String::len)) as u64;
        }
        lines.push(line);
        if lines.len() >= BATCH * 2 {
            events(slot, std::mem::take(&mut lines), &mut out);
        }
        fits = held <= limit;
        fits
    });
    if !fits {
        return Held::TooMuch;
    }
    events(slot, lines, &mut out);
    Held::Read(out, still_same(file))
}

fn read_steps(steps: &[Step], stop: &AtomicBool, stream_limit: u64, out: &mut Sender) {
    let big = |s: &Step| matches!(s, Step::Read(_, f) if streamed(f, stream_limit));
    let mut start = 0;
    while start < steps.len() && !out.gone && !stop.load(Ordering::Relaxed) {
        if let Step::Read(slot, file) = &steps[start] {
            if big(&steps[start]) {
                stream_file(*slot, file, &[], out);
                start += 1;
                continue;
            }
        }
        // A group: steps up to the next big file, or about GROUP_BYTES of files to hold.
        // Checked files are read in parallel however big, holding only what changed; a
        // group has at most one per core, so that the indexer gets the first changes
        // while the next ones are scanned.
        let mut end = start;
        let mut bytes = 0;
        let mut checks = 0;
        let max_checks = rayon::current_num_threads().max(2);
        while end < steps.len()
            && !big(&steps[end])
            && (end == start || (bytes < GROUP_BYTES && checks < max_checks))
        {
            bytes += match &steps[end] {
                Step::Skip(_) => 0,
                Step::Read(_, f) => content_bytes(f),
                Step::Check(_, f, _) => {
                    checks += 1;
                    content_bytes(f).min(CHECK_HELD_BYTES)
                }
            };
            end += 1;
        }
        let read: Vec<Held> = steps[start..end]
            .par_iter()
            .map(|step| match step {
                Step::Check(..) => hold(step, CHECK_HELD_BYTES.min(stream_limit)),
                _ => hold(step, u64::MAX),
            })
            .collect();
        for (step, held) in steps[start..end].iter().zip(read) {
            match (step, held) {
                (Step::Read(slot, file) | Step::Check(slot, file, _), Held::Read(events, same)) => {
                    out.push(Event::Begin(*slot, file.clone()));
                    for event in events {
                        out.push(event);
                    }
                    out.push(Event::Done(*slot, same));
                }
                (Step::Check(slot, file, known), Held::TooMuch) => stream_file(*slot, file, known, out),
                (Step::Skip(slot) | Step::Read(slot, _) | Step::Check(slot, ..), _) => {
                    out.push(Event::Skipped(*slot))
                }
            }
        }
        out.flush();
        start = end;
    }
}

/// Streams one big file: its lines are parsed (by the corpus reader) and hashed in
/// parallel batches; the lines in `known` are not parsed.
fn stream_file(slot: u32, file: &SourceFile, known: &[(u32, LineHash)], out: &mut Sender) {
    out.push(Event::Begin(slot, file.clone()));
    let mut pending = Vec::with_capacity(BATCH * 2);
    let mut ready = Vec::new();
    read_lines(file, known, &mut |line| {
        if out.gone {
            return false;
        }
        pending.push(line);
        if pending.len() >= BATCH * 2 {
            events(slot, std::mem::take(&mut pending), &mut ready);
            for event in ready.drain(..) {
                out.push(event);
            }
        }
        true
    });
    events(slot, pending, &mut ready);
    for event in ready {
        out.push(event);
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

#[cfg(test)]
#[path = "pipeline_tests.rs"]
mod tests;
