//! The analyzer as Tantivy tokenizers, registered under fixed names.
//!
//! Tantivy does not persist tokenizers: every `Index::open` must call [`register`]
//! before searching, snippeting or writing, or Tantivy fails with an unknown tokenizer.

use std::cell::RefCell;
use std::sync::Arc;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

use super::analyzer::{for_each_normalized_word, Analyzer, Session};
use super::keys::Side;
use super::normalize::lowercase_into;

/// Tokenizer name of the lemma fields (title, body): every key of every word.
pub const LEMMA_TOKENIZER: &str = "uk_lemma";
/// Tokenizer name of the exact-form field: the lower-cased word as written.
pub const EXACT_TOKENIZER: &str = "uk_exact";

/// Distinct words cached per indexing thread by default; about 30 MB at the limit (see
/// [`CACHE_WORD_BYTES`]). Indexing jobs set their own limit from the memory budget.
pub const CACHE_WORDS: usize = 200_000;

/// Bytes one cached word takes at most, about: the word, its keys (one allocation each),
/// and its hash table slot. Exists so that the memory budget can be turned into a
/// number of words.
pub const CACHE_WORD_BYTES: u64 = 140;

/// A thread's analysis session and what it was made for.
struct ThreadSession {
    /// The [`Analyzer::id`] of the analyzer it uses.
    analyzer: u64,
    /// Its cache's limit, in words.
    cache_words: usize,
    session: Session<Arc<Analyzer>>,
}

thread_local! {
    /// The analysis session (word cache) of this thread. Tantivy clones a tokenizer for
    /// every field of every segment it writes, so a cache owned by the tokenizer would
    /// start empty after every flush; one per thread stays warm for the whole run.
    static SESSION: RefCell<Option<ThreadSession>> = const { RefCell::new(None) };
}

/// Empties this thread's word cache: benchmarks use it to measure a cold start.
pub fn clear_thread_cache() {
    SESSION.with(|cell| *cell.borrow_mut() = None);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Keys,
    ExactForm,
}

/// A Tantivy tokenizer over the shared [`Analyzer`].
pub struct UkTokenizer {
    analyzer: Arc<Analyzer>,
    output: Output,
    cache_words: usize,
    tokens: Vec<Token>,
}

impl Clone for UkTokenizer {
    fn clone(&self) -> Self {
        Self::with_output(self.analyzer.clone(), self.output, self.cache_words)
    }
}

impl UkTokenizer {
    fn with_output(analyzer: Arc<Analyzer>, output: Output, cache_words: usize) -> Self {
        UkTokenizer {
            analyzer,
            output,
            cache_words,
            tokens: Vec::new(),
        }
    }

    /// Emits every search key of every word, all keys of a word at its position.
    pub fn lemmas(analyzer: Arc<Analyzer>) -> Self {
        Self::with_output(analyzer, Output::Keys, CACHE_WORDS)
    }

    /// [`lemmas`](UkTokenizer::lemmas) with a word cache of `cache_words` words per
    /// thread, for an indexing job whose memory budget sets it.
    pub fn lemmas_with_cache(analyzer: Arc<Analyzer>, cache_words: usize) -> Self {
        Self::with_output(analyzer, Output::Keys, cache_words)
    }

    /// Emits one token per word: its lower-cased normalised form.
    pub fn exact(analyzer: Arc<Analyzer>) -> Self {
        Self::with_output(analyzer, Output::ExactForm, 0)
    }
}

impl Tokenizer for UkTokenizer {
    type TokenStream<'a> = UkTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> UkTokenStream<'a> {
        // Tokens (and their text buffers) are reused from one text to the next: indexing
        // emits millions of them, and an allocation each was a measurable cost.
        let tokens = &mut self.tokens;
        let mut used = 0;
        let mut push = |start: usize, end: usize, position: usize, key: &str| {
            if used == tokens.len() {
                tokens.push(Token::default());
            }
            let t = &mut tokens[used];
            t.offset_from = start;
            t.offset_to = end;
            t.position = position;
            t.position_length = 1;
            t.text.clear();
            t.text.push_str(key);
            used += 1;
        };
        match self.output {
            Output::ExactForm => {
                let mut lower = String::new();
                for_each_normalized_word(text, |span, position, norm| {
                    lowercase_into(norm, &mut lower);
                    push(span.start, span.end, position, &lower);
                });
            }
            Output::Keys => SESSION.with(|cell| {
                let mut slot = cell.borrow_mut();
                let (analyzer, cache_words) = (self.analyzer.id(), self.cache_words);
                if slot
                    .as_ref()
                    .is_none_or(|s| (s.analyzer, s.cache_words) != (analyzer, cache_words))
                {
                    *slot = Some(ThreadSession {
                        analyzer,
                        cache_words,
                        session: Session::new(self.analyzer.clone(), Side::Index, cache_words),
                    });
                }
                if let Some(ThreadSession { session, .. }) = slot.as_mut() {
                    session.analyze_with(text, |w, keys| {
                        keys.iter().for_each(|k| push(w.start, w.end, w.position, k))
                    });
                }
            }),
        }
        UkTokenStream {
            tokens: &mut self.tokens[..used],
            next: 0,
        }
    }
}

/// The token stream of one text: tokens are computed up front, then handed out.
pub struct UkTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl TokenStream for UkTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Registers the lemma and exact-form tokenizers on `index`.
pub fn register(index: &Index, analyzer: &Arc<Analyzer>) {
    register_with_cache(index, analyzer, CACHE_WORDS);
}

/// [`register`] with a word cache of `cache_words` words per indexing thread.
///
/// Exists for indexing jobs: the caches are part of what `--memory` bounds.
pub fn register_with_cache(index: &Index, analyzer: &Arc<Analyzer>, cache_words: usize) {
    let tokenizers = index.tokenizers();
    tokenizers.register(
        LEMMA_TOKENIZER,
        TextAnalyzer::from(UkTokenizer::lemmas_with_cache(analyzer.clone(), cache_words)),
    );
    tokenizers.register(
        EXACT_TOKENIZER,
        TextAnalyzer::from(UkTokenizer::exact(analyzer.clone())),
    );
}

/// Registers Tantivy's default analyzer (SimpleTokenizer, RemoveLong, LowerCaser) under
/// the Ukrainian tokenizers' names: the baseline of `litopys-lab bench index`, same schema and
/// pipeline, no Ukrainian analysis.
pub fn register_baseline(index: &Index) {
    let tokenizers = index.tokenizers();
    for name in [LEMMA_TOKENIZER, EXACT_TOKENIZER] {
        tokenizers.register(
            name,
            TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
                .filter(tantivy::tokenizer::RemoveLongFilter::limit(40))
                .filter(tantivy::tokenizer::LowerCaser)
                .build(),
        );
    }
}
