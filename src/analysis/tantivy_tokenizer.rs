//! The analyzer as Tantivy tokenizers, registered under fixed names.
//!
//! Tantivy does not persist tokenizers: every `Index::open` must call [`register`]
//! before searching, snippeting or writing, or Tantivy fails with an unknown tokenizer.

use std::sync::Arc;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy::Index;

use super::analyzer::{Analyzer, Session};
use super::keys::Side;
use super::normalize::lowercase_into;

/// Tokenizer name of the lemma fields (title, body): every key of every word.
pub const LEMMA_TOKENIZER: &str = "uk_lemma";
/// Tokenizer name of the exact-form field: the lower-cased word as written.
pub const EXACT_TOKENIZER: &str = "uk_exact";

/// Distinct words cached per indexing thread; about 30 MB at the limit.
const CACHE_WORDS: usize = 200_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Keys,
    ExactForm,
}

/// A Tantivy tokenizer over the shared [`Analyzer`].
pub struct UkTokenizer {
    analyzer: Arc<Analyzer>,
    output: Output,
    session: Session<Arc<Analyzer>>,
    tokens: Vec<Token>,
}

impl Clone for UkTokenizer {
    // Tantivy clones the tokenizer for every indexing thread; each clone gets its own
    // empty cache instead of a copy of a large one.
    fn clone(&self) -> Self {
        Self::with_output(self.analyzer.clone(), self.output)
    }
}

impl UkTokenizer {
    fn with_output(analyzer: Arc<Analyzer>, output: Output) -> Self {
        UkTokenizer {
            session: Session::new(analyzer.clone(), Side::Index, CACHE_WORDS),
            analyzer,
            output,
            tokens: Vec::new(),
        }
    }

    /// Emits every search key of every word, all keys of a word at its position.
    pub fn lemmas(analyzer: Arc<Analyzer>) -> Self {
        Self::with_output(analyzer, Output::Keys)
    }

    /// Emits one token per word: its lower-cased normalised form.
    pub fn exact(analyzer: Arc<Analyzer>) -> Self {
        Self::with_output(analyzer, Output::ExactForm)
    }
}

impl Tokenizer for UkTokenizer {
    type TokenStream<'a> = UkTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> UkTokenStream<'a> {
        // Tokens (and their text buffers) are reused from one text to the next: indexing
        // emits millions of them, and an allocation each was a measurable cost.
        let output = self.output;
        let tokens = &mut self.tokens;
        let mut used = 0;
        let mut lower = String::new();
        self.session.analyze_with(text, |w, keys| {
            let mut push = |key: &str| {
                if used == tokens.len() {
                    tokens.push(Token::default());
                }
                let t = &mut tokens[used];
                t.offset_from = w.start;
                t.offset_to = w.end;
                t.position = w.position;
                t.position_length = 1;
                t.text.clear();
                t.text.push_str(key);
                used += 1;
            };
            match output {
                Output::Keys => keys.iter().for_each(|k| push(k)),
                Output::ExactForm => {
                    lowercase_into(&w.text, &mut lower);
                    push(&lower);
                }
            }
        });
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
    let tokenizers = index.tokenizers();
    tokenizers.register(
        LEMMA_TOKENIZER,
        TextAnalyzer::from(UkTokenizer::lemmas(analyzer.clone())),
    );
    tokenizers.register(
        EXACT_TOKENIZER,
        TextAnalyzer::from(UkTokenizer::exact(analyzer.clone())),
    );
}
