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

/// Texts whose exact forms are remembered per thread: a document's title and body.
const RECENT_TEXTS: usize = 2;

/// The exact forms of one text, as the lemma tokenizer saw its words.
#[derive(Default)]
struct ExactForms {
    /// The text they were found in.
    text: String,
    /// Per word: start, end, position and where its lower-cased form ends in `lower`.
    words: Vec<(usize, usize, usize, usize)>,
    /// Every word's lower-cased normalised form, one after the other.
    lower: String,
}

/// The exact forms of the last [`RECENT_TEXTS`] texts the lemma tokenizer analysed on a
/// thread, oldest first out.
///
/// Exists because Tantivy tokenizes a document's fields one after the other on one
/// thread, lemma fields (title, body) before the exact-form fields (title_exact,
/// body_exact) holding the same texts: the exact forms fall out of the lemma pass (the
/// same words, normalised the same way), so the exact tokenizer takes them from here
/// instead of splitting and normalising every text a second time (a tenth of indexing
/// CPU, measured with perf). A text not found here is tokenized as before.
#[derive(Default)]
struct RecentForms {
    slots: [ExactForms; RECENT_TEXTS],
    next: usize,
}

thread_local! {
    static RECENT: RefCell<RecentForms> = RefCell::new(RecentForms::default());
}

/// Empties this thread's word cache: benchmarks use it to measure a cold start.
pub fn clear_thread_cache() {
    SESSION.with(|cell| *cell.borrow_mut() = None);
    RECENT.with(|cell| *cell.borrow_mut() = RecentForms::default());
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
            Output::ExactForm => RECENT.with(|cell| {
                let recent = cell.borrow();
                if let Some(forms) = recent.slots.iter().find(|f| f.text == text) {
                    let mut from = 0;
                    for &(start, end, position, to) in &forms.words {
                        push(start, end, position, &forms.lower[from..to]);
                        from = to;
                    }
                } else {
                    let mut lower = String::new();
                    for_each_normalized_word(text, |span, position, norm| {
                        lowercase_into(norm, &mut lower);
                        push(span.start, span.end, position, &lower);
                    });
                }
            }),
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
                    RECENT.with(|recent| {
                        let mut recent = recent.borrow_mut();
                        let at = recent.next;
                        recent.next = (at + 1) % RECENT_TEXTS;
                        let forms = &mut recent.slots[at];
                        forms.text.clear();
                        forms.text.push_str(text);
                        forms.words.clear();
                        forms.lower.clear();
                        let mut lower = String::new();
                        session.analyze_with(text, |w, keys| {
                            keys.iter().for_each(|k| push(w.start, w.end, w.position, k));
                            lowercase_into(&w.text, &mut lower);
                            forms.lower.push_str(&lower);
                            forms.words.push((w.start, w.end, w.position, forms.lower.len()));
                        });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_lexicon;

    fn tokens(tokenizer: &mut UkTokenizer, text: &str) -> Vec<(usize, usize, usize, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.offset_from, t.offset_to, t.position, t.text.clone()));
        }
        out
    }

    #[test]
    fn exact_forms_after_the_lemma_pass_equal_those_computed_afresh() {
        let analyzer = test_lexicon::analyzer();
        let title = "Казахстан і КНР: «Комп’ютери» для Китаю";
        let body =
            "Китаєм укладено угоду́ з BYD Investments — 650 млн, віце-прем'єр сказав.\n\nЩе раз КИТАЄМ.";
        let mut lemmas = UkTokenizer::lemmas(analyzer.clone());
        let mut exact = UkTokenizer::exact(analyzer.clone());
        clear_thread_cache();
        let fresh: Vec<_> = [title, body, "інший текст"]
            .iter()
            .map(|t| tokens(&mut exact, t))
            .collect();
        assert!(fresh[1].iter().any(|t| t.3 == "китаєм"), "{:?}", fresh[1]);
        // As Tantivy runs a document: lemma fields first, then the exact-form fields.
        tokens(&mut lemmas, title);
        tokens(&mut lemmas, body);
        assert_eq!(tokens(&mut exact, title), fresh[0]);
        assert_eq!(tokens(&mut exact, body), fresh[1]);
        // A text the lemma pass did not see is tokenized as before.
        assert_eq!(tokens(&mut exact, "інший текст"), fresh[2]);
        // Only the last two texts are remembered; older ones are computed again, the same.
        tokens(&mut lemmas, "перший");
        tokens(&mut lemmas, "другий");
        assert_eq!(tokens(&mut exact, body), fresh[1]);
    }
}
