//! Reading the files a job must read, on a thread of its own, into an ordered stream of
//! events; and building documents in parallel.
//!
//! The reader runs ahead of the indexer by at most its share of the memory budget
//! (counted in bytes of articles, see [`ReadLimits`]): runs of small files are read in
//! parallel in groups, big files read article by article (JSON Lines, CSV, Parquet,
//! WARC) are streamed (their lines or rows parsed in parallel), and content hashes are computed in parallel too, so that the indexer's
//! thread only classifies articles and hands documents to Tantivy. Events come in
//! discovery order, so that duplicate ids are resolved as in a full rebuild. On Ctrl-C the
//! reader stops at the next file and the indexer does not wait for it.
//!
//! JSON Lines files that changed since the last commit ([`Step::Check`]) are read in
//! parallel with their neighbours whatever their size: their lines that the index holds
//! byte for byte are only fingerprinted, not parsed, so such a file holds little (only
//! what changed) and the reading is mostly gunzipping, which then uses every core.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender as ChannelSender};
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::TantivyDocument;

use super::inflight::ByteGauge;
use super::ledger::{is_known, Step};
use super::manifest::mtime;
use super::notes::Note;
use crate::corpus::{
    content_hash, read_file, read_json_lines, Article, DateProblem, Fingerprints, Line, LineHash,
    ParsedArticle, Resolved, Skip, SourceFile,
};
use crate::index::document::{document_with_hash, make_storable, Hash};
use crate::index::enrich::DocumentEnricher;
use crate::index::schema::Fields;
use crate::stories::Signature;

/// Which articles a job keeps (the others are neither indexed nor reported): the
/// articles of one shard, for `litopys index --shard-by`.
///
/// Exists so that each shard is an ordinary index built by the ordinary job, reading only
/// what it holds. With a filter, inputs that cannot be read are not reported either: the
/// caller's routing pass has reported them once for all shards.
pub type Keep = Arc<dyn Fn(&Article) -> bool + Send + Sync>;

/// Events per message from the reader.
pub const BATCH: usize = 256;

/// Small files are read together in groups of at most about this many bytes of content
/// (less with a small budget: see [`ReadLimits`]).
const GROUP_BYTES: u64 = 64 << 20;

/// The smallest group of small files, however small the budget (each file is read whole
/// anyway).
const MIN_GROUP_BYTES: u64 = 1 << 20;

/// Bytes counted for an event besides its article's strings.
const EVENT_OVERHEAD: u64 = 256;

/// How far, in bytes, the reader may run ahead of the indexer.
///
/// Exists so that the reader's memory follows the `--memory` budget: half of its share
/// holds the events waiting for the indexer, the other half the group of small files
/// being read (or the lines of a big dump being parsed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadLimits {
    /// Bytes of events (articles) waiting for the indexer.
    pub queued: u64,
    /// Bytes of content read at once: a group of small files, a batch of parsed lines.
    pub group: u64,
    /// JSON Lines files with more content than this are streamed rather than read whole
    /// with their neighbours (tests set 0 or `u64::MAX`).
    pub stream: u64,
}

impl ReadLimits {
    /// The limits for a reader given `bytes` of the budget.
    pub fn new(bytes: u64) -> Self {
        ReadLimits {
            queued: bytes / 2,
            group: (bytes / 2).clamp(MIN_GROUP_BYTES, GROUP_BYTES),
            stream: STREAM_FILE_BYTES,
        }
    }
}

/// The bytes an article holds in memory, for the budget: its strings plus a fixed
/// overhead.
///
/// Exists so that the reader and the indexer count articles the same way.
pub fn article_bytes(a: &Article) -> u64 {
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    (a.id.len()
        + opt(&a.title)
        + opt(&a.source)
        + opt(&a.url)
        + a.text.len()
        + a.origin.path.as_os_str().len()) as u64
        + EVENT_OVERHEAD
}

fn event_bytes(e: &Event) -> u64 {
    match e {
        Event::Item(_, Ok((a, _, _))) => article_bytes(a),
        _ => EVENT_OVERHEAD,
    }
}

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
    /// Something reading noticed about the next article of the current file (a date it
    /// could not read, the fields it used).
    Note(u32, Note),
    /// Lines `.1 .. .1 + .2` of the current file are listed known in its [`Step::Check`]
    /// (blank lines aside): not parsed.
    Known(u32, u32, u32),
    /// The current file was read to its end; `true` if it still had the size and time it
    /// had when discovered.
    Done(u32, bool),
}

/// Whether `file` is of a format read article by article (JSON Lines, CSV, Parquet, WARC)
/// and has more than `limit` bytes of content, to be streamed rather than held in memory.
pub fn streamed(file: &SourceFile, limit: u64) -> bool {
    file.format.streams_articles() && file.expected_content_bytes() > limit
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
    if file.format.is_line_based() {
        let is = |n, h| is_known(known, n, h);
        read_json_lines(file, Fingerprints::Known(&is), take);
    } else {
        read_file(file, &mut |r| {
            take(Line::Read(r, 0));
        });
    }
}

/// Appends the events of `lines` of the file `slot` to `out`: content hashes computed in
/// parallel, runs of known lines merged (with the last event of `out` too), so that a file
/// whose lines are mostly known gives few events.
fn events(slot: u32, lines: Vec<Line>, out: &mut Vec<Event>, keep: Option<&Keep>) {
    let items: Vec<(Option<Noticed>, Event)> = lines
        .into_par_iter()
        .filter_map(|line| match line {
            Line::Known(n) => Some((None, Event::Known(slot, u32::try_from(n).unwrap_or(u32::MAX), 1))),
            Line::Read(Err(_), _) if keep.is_some() => None,
            Line::Read(Err(skip), _) => Some((None, Event::Item(slot, Err(skip)))),
            Line::Read(Ok(parsed), line) => {
                let (noticed, article) = into_indexable(parsed);
                if keep.is_some_and(|keep| !keep(&article)) {
                    return None;
                }
                let h = content_hash(&article);
                Some((Some(noticed), Event::Item(slot, Ok((article, h, line)))))
            }
        })
        .collect();
    // The fields used and the encoding are sent when they change (a file has one
    // encoding, and most use the same fields for every record).
    let mut fields_sent: Option<Resolved> = None;
    let mut encoding_sent = None;
    for (noticed, e) in items {
        if let Some(noticed) = noticed {
            if noticed.fields.iter().next().is_some() && fields_sent.as_ref() != Some(&noticed.fields) {
                fields_sent = Some(noticed.fields.clone());
                out.push(Event::Note(slot, Note::Fields(noticed.fields)));
            }
            if let Some(encoding) = noticed.encoding.filter(|e| encoding_sent != Some(*e)) {
                encoding_sent = Some(encoding);
                out.push(Event::Note(slot, Note::Detected(encoding)));
            }
            out.extend(noticed.undated.map(|n| Event::Note(slot, n)));
        }
        if let (Event::Known(_, first, count), Some(Event::Known(_, f0, c0))) = (&e, out.last_mut()) {
            if f0.checked_add(*c0) == Some(*first) {
                *c0 += count;
                continue;
            }
        }
        out.push(e);
    }
}

/// What reading noticed about one article, besides the article.
struct Noticed {
    fields: Resolved,
    encoding: Option<&'static encoding_rs::Encoding>,
    undated: Option<Note>,
}

/// The article of `parsed` as it will be indexed (a date the index cannot store removed),
/// with what reading noticed: the fields it came from, a detected encoding, and a note if
/// its date could not be read or stored.
fn into_indexable(parsed: ParsedArticle) -> (Noticed, Article) {
    let ParsedArticle {
        mut article,
        date_problem,
        fields,
        encoding,
        ..
    } = parsed;
    let problem = date_problem.or_else(|| {
        make_storable(&mut article).map(|error| DateProblem {
            field: fields
                .get(crate::corpus::FieldKey::Date)
                .unwrap_or("date")
                .to_string(),
            error,
        })
    });
    let undated = problem.map(|problem| Note::Undated {
        at: article.origin.to_string(),
        problem,
    });
    let noticed = Noticed {
        fields,
        encoding,
        undated,
    };
    (noticed, article)
}

/// Sends events in batches, each first counted in the gauge (waiting while the indexer
/// is behind); remembers when the indexer has stopped listening.
struct Sender {
    tx: ChannelSender<(u64, Vec<Event>)>,
    gauge: Arc<ByteGauge>,
    buf: Vec<Event>,
    buf_bytes: u64,
    /// A batch is sent at this many bytes (or [`BATCH`] events).
    batch_bytes: u64,
    gone: bool,
}

impl Sender {
    fn push(&mut self, e: Event) {
        self.buf_bytes += event_bytes(&e);
        self.buf.push(e);
        if self.buf.len() >= BATCH || self.buf_bytes >= self.batch_bytes {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let bytes = std::mem::take(&mut self.buf_bytes);
        if !self.buf.is_empty() && !self.gone {
            self.gone = !self.gauge.acquire(bytes);
            if !self.gone {
                self.gone = self.tx.send((bytes, std::mem::take(&mut self.buf))).is_err();
            }
        }
        self.buf.clear();
    }
}

/// The reader's events, in batches; each batch's bytes are released from the reader's
/// gauge as it is received.
///
/// Exists so that the reader waits on bytes rather than on a number of batches, and stops
/// waiting when the indexer drops this (at the end of a job, or after Ctrl-C).
pub struct Events {
    rx: Receiver<(u64, Vec<Event>)>,
    gauge: Arc<ByteGauge>,
}

impl Events {
    /// The batches, in order, until the reader has sent its last one.
    pub fn iter(&self) -> impl Iterator<Item = Vec<Event>> + '_ {
        self.rx.iter().map(|(bytes, batch)| {
            self.gauge.release(bytes);
            batch
        })
    }

    /// The most bytes of events that were waiting at once.
    pub fn peak_bytes(&self) -> u64 {
        self.gauge.peak()
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.gauge.close();
    }
}

/// The reading thread: its events, and its handle to learn whether it ended normally.
pub struct Reader {
    /// The events, in order; the channel closes after the last one (or early when the
    /// job is stopped).
    pub events: Events,
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

/// Starts reading `steps` on a new thread, within `limits`, giving only the articles
/// `keep` accepts (all of them with `None`).
pub fn spawn_reader(
    steps: Vec<Step>,
    stop: Arc<AtomicBool>,
    limits: ReadLimits,
    keep: Option<Keep>,
) -> Reader {
    // Unbounded: the gauge is what bounds it.
    let (tx, rx) = channel();
    let gauge = ByteGauge::new(limits.queued);
    let events = Events {
        rx,
        gauge: gauge.clone(),
    };
    let thread = std::thread::spawn(move || {
        let mut out = Sender {
            tx,
            gauge,
            buf: Vec::with_capacity(BATCH),
            buf_bytes: 0,
            // Several batches fit under the limit, so that the indexer rarely waits.
            batch_bytes: (limits.queued / 4).max(1),
            gone: false,
        };
        read_steps(&steps, &stop, &limits, keep.as_ref(), &mut out);
        out.flush();
    });
    Reader { events, thread }
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
fn hold(step: &Step, limit: u64, keep: Option<&Keep>) -> Held {
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
        if let Line::Read(Ok(p), _) = &line {
            held += (p.article.text.len() + p.article.title.as_ref().map_or(0, String::len)) as u64;
        }
        lines.push(line);
        if lines.len() >= BATCH * 2 {
            events(slot, std::mem::take(&mut lines), &mut out, keep);
        }
        fits = held <= limit;
        fits
    });
    if !fits {
        return Held::TooMuch;
    }
    events(slot, lines, &mut out, keep);
    Held::Read(out, still_same(file))
}

fn read_steps(steps: &[Step], stop: &AtomicBool, limits: &ReadLimits, keep: Option<&Keep>, out: &mut Sender) {
    let big = |s: &Step| matches!(s, Step::Read(_, f) if streamed(f, limits.stream));
    let mut start = 0;
    while start < steps.len() && !out.gone && !stop.load(Ordering::Relaxed) {
        if let Step::Read(slot, file) = &steps[start] {
            if big(&steps[start]) {
                stream_file(*slot, file, &[], limits.group, keep, out);
                start += 1;
                continue;
            }
        }
        // A group: steps up to the next big file, or about `limits.group` of files to hold.
        // Checked files are read in parallel however big, holding only what changed; a
        // group has at most one per core, so that the indexer gets the first changes
        // while the next ones are scanned.
        let mut end = start;
        let mut bytes = 0;
        let mut checks = 0;
        let max_checks = rayon::current_num_threads().max(2);
        while end < steps.len()
            && !big(&steps[end])
            && (end == start || (bytes < limits.group && checks < max_checks))
        {
            bytes += match &steps[end] {
                Step::Skip(_) => 0,
                Step::Read(_, f) => f.expected_content_bytes(),
                Step::Check(_, f, _) => {
                    checks += 1;
                    f.expected_content_bytes().min(CHECK_HELD_BYTES)
                }
            };
            end += 1;
        }
        let read: Vec<Held> = steps[start..end]
            .par_iter()
            .map(|step| match step {
                Step::Check(..) => hold(step, CHECK_HELD_BYTES.min(limits.stream), keep),
                _ => hold(step, u64::MAX, keep),
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
                (Step::Check(slot, file, known), Held::TooMuch) => {
                    stream_file(*slot, file, known, limits.group, keep, out)
                }
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
/// parallel batches of at most `group` bytes; the lines in `known` are not parsed.
fn stream_file(
    slot: u32,
    file: &SourceFile,
    known: &[(u32, LineHash)],
    group: u64,
    keep: Option<&Keep>,
    out: &mut Sender,
) {
    out.push(Event::Begin(slot, file.clone()));
    let mut pending = Vec::with_capacity(BATCH * 2);
    let mut ready = Vec::new();
    let mut pending_bytes = 0;
    read_lines(file, known, &mut |line| {
        if out.gone {
            return false;
        }
        pending_bytes += match &line {
            Line::Read(r, _) => r.as_ref().map_or(EVENT_OVERHEAD, |p| article_bytes(&p.article)),
            Line::Known(_) => EVENT_OVERHEAD,
        };
        pending.push(line);
        if pending.len() >= BATCH * 2 || pending_bytes >= group {
            pending_bytes = 0;
            events(slot, std::mem::take(&mut pending), &mut ready, keep);
            for event in ready.drain(..) {
                out.push(event);
            }
        }
        true
    });
    events(slot, pending, &mut ready, keep);
    for event in ready {
        out.push(event);
    }
    out.push(Event::Done(slot, still_same(file)));
    out.flush();
}

/// Builds the documents of `articles` on all cores (with the enricher's fields), in order,
/// each with the signature of its body for grouping stories (`None`: no words).
pub fn build_documents(
    fields: &Fields,
    enricher: &dyn DocumentEnricher,
    articles: &[(Article, Hash)],
) -> Vec<(TantivyDocument, Option<Signature>)> {
    articles
        .par_iter()
        .map(|(a, h)| {
            let mut doc = document_with_hash(fields, a, h);
            enricher.enrich(a, &mut doc);
            (doc, Signature::of(&a.text))
        })
        .collect()
}

#[cfg(test)]
#[path = "pipeline_tests.rs"]
mod tests;
