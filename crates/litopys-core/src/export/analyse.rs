//! A text's words as the index holds them: for each word its place, its lemma keys (the
//! `uk_lemma` tokens at its position) and its exact form (the `uk_exact` token).
//!
//! Exists so that an export carries exactly the index's tokens: they come from the very
//! Tantivy tokenizers the index registers ([`UkTokenizer`]), not from a second call into
//! the analyzer that could drift from them, and are grouped by position into words.

use std::sync::Arc;

use tantivy::tokenizer::{TokenStream, Tokenizer};

use litopys_analysis::tantivy_tokenizer::UkTokenizer;
use litopys_analysis::Analyzer;

/// One word of a text with everything the index holds about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// UTF-8 byte offset of the word in the text.
    pub start: usize,
    /// UTF-8 byte offset one past the word.
    pub end: usize,
    /// The word's position (0, 1, 2 …), shared by all of its keys.
    pub position: usize,
    /// Its lemma keys, in the order the `uk_lemma` tokenizer emits them.
    pub keys: Vec<String>,
    /// Its lower-cased normalised form, as the `uk_exact` tokenizer emits it.
    pub exact: String,
}

/// The two tokenizers of an index over one analyzer, reused from text to text.
pub struct TextAnalysis {
    lemmas: UkTokenizer,
    exact: UkTokenizer,
}

impl TextAnalysis {
    /// The tokenizers `tantivy_tokenizer::register` installs for `analyzer`.
    pub fn new(analyzer: Arc<Analyzer>) -> Self {
        TextAnalysis {
            lemmas: UkTokenizer::lemmas(analyzer.clone()),
            exact: UkTokenizer::exact(analyzer),
        }
    }

    /// The words of `text`, in order. Lemma tokens come first, as Tantivy tokenizes a
    /// document (the exact tokenizer then reuses that pass, as it does when indexing).
    pub fn words(&mut self, text: &str) -> Vec<Word> {
        let mut lemma_tokens = Vec::new();
        let mut stream = self.lemmas.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            lemma_tokens.push((t.position, t.text.clone()));
        }
        let mut words = Vec::new();
        let mut stream = self.exact.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            words.push(Word {
                start: t.offset_from,
                end: t.offset_to,
                position: t.position,
                keys: Vec::new(),
                exact: t.text.clone(),
            });
        }
        // Both streams are in position order; a word may (in principle) have no key.
        let mut at = 0;
        for (position, key) in lemma_tokens {
            while at < words.len() && words[at].position < position {
                at += 1;
            }
            if let Some(w) = words.get_mut(at).filter(|w| w.position == position) {
                w.keys.push(key);
            }
        }
        words
    }
}
