//! The Ukrainian analyzer: text in, positioned words with their search keys out.
//!
//! One [`Analyzer`] is used for article text at index time, for queries, for snippets
//! and for the `analyze` command, so the index and the query always agree on the keys.

use std::borrow::Borrow;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::word_key::WordKey;

use super::keys::{KeyMaker, Side};
use super::lexicon::Lexicon;
use super::normalize::normalize_word;
use super::tokenizer::{words, Script};

/// Version of the analysis rules. Any change to what keys a word gets must bump it: an
/// index built with other rules answers queries wrongly, so opening it is refused.
pub const ANALYZER_VERSION: &str = "uk-analyzer-2";

/// One word of a text with its place and its keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedWord {
    /// Byte offset of the word in the analysed text.
    pub start: usize,
    /// Byte offset one past the word.
    pub end: usize,
    /// Position of the word (0, 1, 2 …), shared by all of its keys; used by phrases.
    pub position: usize,
    /// The word normalised (apostrophes folded, stress dropped), case kept.
    pub text: String,
    /// The word's script, which decided how its keys were made.
    pub script: Script,
    /// True when a hyphen joins the word to the previous one.
    pub hyphen_joined: bool,
    /// Search keys: lemmas, `~stems`, lower-cased Latin words or numbers.
    pub keys: Vec<String>,
}

/// The shared, immutable part of the analysis: lexicon, stemmers and rules.
pub struct Analyzer {
    keys: KeyMaker,
    id: u64,
}

/// Source of [`Analyzer::id`]s.
static NEXT_ANALYZER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Analyzer {
    /// An analyzer over a loaded lexicon.
    pub fn new(lexicon: Arc<Lexicon>) -> Arc<Self> {
        Arc::new(Analyzer {
            keys: KeyMaker::new(lexicon),
            id: NEXT_ANALYZER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// A number no other analyzer of this process has: per-thread caches are keyed by
    /// it, so a cache can never serve keys made by another lexicon.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The lexicon behind the analyzer.
    pub fn lexicon(&self) -> &Lexicon {
        self.keys.lexicon()
    }

    /// Identifies the analysis rules together with the lexicon: two indexes with the same
    /// fingerprint produce and expect the same keys for every word.
    pub fn fingerprint(&self) -> String {
        format!("{ANALYZER_VERSION}/{}", self.lexicon().fingerprint())
    }

    /// The keys of one word as typed (it is normalised first).
    pub fn word_keys(&self, word: &str, script: Script, side: Side) -> Vec<String> {
        let mut norm = String::new();
        normalize_word(word, &mut norm);
        let mut out = Vec::new();
        self.keys.keys(&norm, script, side, &mut out);
        out
    }

    /// Analyses a whole text without a cache: for queries and the `analyze` command.
    pub fn analyze(&self, text: &str, side: Side) -> Vec<AnalyzedWord> {
        let mut session = Session::new(self, side, 0);
        let mut out = Vec::new();
        session.analyze(text, |w| out.push(w.clone()));
        out
    }
}

/// Calls `f(word, normalised)` for every word of `text` without computing keys: for the
/// exact-form field, which needs only the words as written.
pub fn for_each_normalized_word(text: &str, mut f: impl FnMut(&crate::tokenizer::WordSpan, usize, &str)) {
    let mut norm = String::new();
    for (position, span) in words(text).enumerate() {
        normalize_word(&text[span.start..span.end], &mut norm);
        f(&span, position, &norm);
    }
}

/// A cache from a normalised word to its keys, for one indexing thread. News text
/// repeats its words heavily, so most dictionary lookups become one hash probe (the word
/// kept in the slot itself, see [`WordKey`]).
type KeyCache = FxHashMap<WordKey, Box<[String]>>;

/// Per-thread analysis state: a reusable word buffer and a bounded key cache. Generic
/// over how the analyzer is held: borrowed for one-off analyses, `Arc` in tokenizers.
pub struct Session<A: Borrow<Analyzer>> {
    analyzer: A,
    side: Side,
    cache: KeyCache,
    cache_limit: usize,
    word: AnalyzedWord,
}

impl<A: Borrow<Analyzer>> Session<A> {
    /// A session for `side`, caching up to `cache_limit` distinct words (0: no cache).
    pub fn new(analyzer: A, side: Side, cache_limit: usize) -> Self {
        Session {
            analyzer,
            side,
            cache: KeyCache::default(),
            cache_limit,
            word: AnalyzedWord {
                start: 0,
                end: 0,
                position: 0,
                text: String::new(),
                script: Script::Other,
                hyphen_joined: false,
                keys: Vec::new(),
            },
        }
    }

    /// Calls `emit` for every word of `text`, in order, with positions from 0. The word's
    /// `keys` field is left empty: its keys are the slice passed beside it, which on a
    /// cache hit is borrowed from the cache without copying (the hot path of indexing).
    pub fn analyze_with(&mut self, text: &str, mut emit: impl FnMut(&AnalyzedWord, &[String])) {
        let analyzer = self.analyzer.borrow();
        let mut scratch: Vec<String> = Vec::new();
        for (position, span) in words(text).enumerate() {
            let w = &mut self.word;
            w.start = span.start;
            w.end = span.end;
            w.position = position;
            w.script = span.script;
            w.hyphen_joined = span.hyphen_joined;
            normalize_word(&text[span.start..span.end], &mut w.text);
            if self.cache_limit == 0 {
                analyzer.keys.keys(&w.text, w.script, self.side, &mut scratch);
                emit(w, &scratch);
                continue;
            }
            // The script is a function of the text, so the text alone keys the cache.
            if let Some(keys) = self.cache.get(w.text.as_bytes()) {
                emit(w, keys);
                continue;
            }
            analyzer.keys.keys(&w.text, w.script, self.side, &mut scratch);
            if self.cache.len() >= self.cache_limit {
                self.cache.clear();
            }
            let keys = self
                .cache
                .entry(WordKey::new(&w.text))
                .or_insert_with(|| scratch.clone().into_boxed_slice());
            emit(w, keys);
        }
    }

    /// Calls `emit` for every word of `text` with its keys filled in.
    pub fn analyze(&mut self, text: &str, mut emit: impl FnMut(&AnalyzedWord)) {
        let mut word: Option<AnalyzedWord> = None;
        self.analyze_with(text, |w, keys| {
            let out = word.get_or_insert_with(|| w.clone());
            out.clone_from(w);
            out.keys.clear();
            out.keys.extend_from_slice(keys);
            emit(out);
        });
    }
}
