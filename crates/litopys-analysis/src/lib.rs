//! Ukrainian text analysis for Tantivy: what a search for «Китай» needs to find «Китаю»,
//! «Китаєм» and «Китаї» but not «кита» (a whale).
//!
//! This crate depends on no other crate of Litopys: any Tantivy user who indexes
//! Ukrainian can register its tokenizers. The pipeline: [`tokenizer`] cuts words out of the
//! original text (offsets preserved), [`normalize`] folds apostrophes, stress marks and
//! Unicode forms, [`keys`] turns each word into its lemmas from the [`lexicon`] (or a
//! Snowball stem, in a namespace of its own, when the dictionary lacks it), and
//! [`analyzer`] ties it together. [`tantivy_tokenizer`] exposes it to Tantivy as two
//! tokenizers: lemma keys (`uk_lemma`) and exact forms (`uk_exact`). The same code runs at
//! index and at query time.
//!
//! The lexicon is a memory-mapped file converted from the LanguageTool Ukrainian
//! dictionary (`litopys lexicon install` makes it); [`lexicon::LexiconBuilder`] builds one
//! from any (form, lemma, tag) list.
//!
//! ```
//! use std::sync::Arc;
//! use litopys_analysis::lexicon::{Lexicon, LexiconBuilder, Tags};
//! use litopys_analysis::{tantivy_tokenizer, Analyzer, Side};
//! use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
//!
//! // A lexicon of three forms (a real one comes from `Lexicon::open(path)`).
//! let mut builder = LexiconBuilder::new();
//! for (form, tag) in [("Китай", "v_naz"), ("Китаю", "v_rod"), ("Китаєм", "v_oru")] {
//!     builder.add(form, "Китай", Tags::parse_lt(&format!("noun:inanim:m:{tag}:prop:geo")));
//! }
//! let mut bytes = Vec::new();
//! builder.finish_to_writer(&mut bytes, "example")?;
//! let analyzer = Analyzer::new(Arc::new(Lexicon::from_bytes(bytes)?));
//!
//! // Every form gets the same key.
//! let words = analyzer.analyze("Торгівля з Китаєм", Side::Index);
//! assert_eq!(words[2].keys, ["китай"]);
//!
//! // In Tantivy: a text field analysed by lemma keys.
//! let mut schema = Schema::builder();
//! let indexing = TextFieldIndexing::default()
//!     .set_tokenizer(tantivy_tokenizer::LEMMA_TOKENIZER)
//!     .set_index_option(IndexRecordOption::WithFreqsAndPositions);
//! schema.add_text_field("body", TextOptions::default().set_indexing_options(indexing));
//! let index = tantivy::Index::create_in_ram(schema.build());
//! tantivy_tokenizer::register(&index, &analyzer);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod analyzer;
pub mod keys;
pub mod lexicon;
pub mod normalize;
pub mod stopwords;
pub mod tantivy_tokenizer;
pub mod tokenizer;
pub mod word_key;

pub use analyzer::{AnalyzedWord, Analyzer, Session, ANALYZER_VERSION};
pub use keys::{Side, STEM_PREFIX};
pub use tokenizer::Script;

/// A tiny in-memory lexicon for tests (feature `test-lexicon`): a fresh clone has no
/// real dictionary.
#[cfg(any(test, feature = "test-lexicon"))]
pub mod test_lexicon;

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, side: Side) -> Vec<Vec<String>> {
        test_lexicon::analyzer()
            .analyze(text, side)
            .into_iter()
            .map(|w| w.keys)
            .collect()
    }

    #[test]
    fn every_form_of_china_gets_one_key_and_whales_stay_apart() {
        assert_eq!(
            keys("Китай Китаю Китаєм Китаї", Side::Index),
            vec![vec!["китай"]; 4]
        );
        assert_eq!(keys("кита", Side::Index), [["кит"]]);
    }

    #[test]
    fn case_decides_the_reading_in_text_and_queries_try_both() {
        assert_eq!(keys("люди", Side::Index), [["людина"]]);
        // Sentence-initial capital: both the name and the common noun.
        assert_eq!(keys("Люди", Side::Index), [["люда", "людина"]]);
        // Lower-case query for the city: the capitalised form is tried too.
        assert_eq!(keys("київ", Side::Index), [["кий"]]);
        assert_eq!(keys("київ", Side::Query), [["кий", "київ"]]);
        assert_eq!(keys("києва", Side::Query), [["київ"]]);
    }

    #[test]
    fn apostrophes_and_stress_do_not_change_keys() {
        for text in ["п'ять", "п’ять", "пʼять", "п'я\u{301}ть"] {
            assert_eq!(keys(text, Side::Index), [["п'ять"]], "{text}");
        }
        assert_eq!(keys("комп’ютера", Side::Index), [["комп'ютер"]]);
    }

    #[test]
    fn spelling_variants_meet_and_marked_readings_yield_to_standard_ones() {
        assert_eq!(keys("проєкт проект", Side::Index), [["проект"], ["проект"]]);
    }

    #[test]
    fn unknown_words_are_stemmed_in_their_own_namespace() {
        let k = keys("Укрнафти", Side::Index);
        assert_eq!(k.len(), 1);
        assert!(k[0][0].starts_with(STEM_PREFIX), "{k:?}");
        // A stem never equals a lemma key.
        assert_ne!(keys("китами", Side::Index), [["кит"]]);
    }

    #[test]
    fn latin_words_numbers_and_hyphenated_parts() {
        let analyzer = test_lexicon::analyzer();
        let words = analyzer.analyze("BYD Investments 650 віце-прем'єр", Side::Index);
        let k: Vec<_> = words.iter().map(|w| w.keys.clone()).collect();
        assert_eq!(k[0], ["byd"]);
        assert_eq!(k[1], ["investments", "~invest"]);
        assert_eq!(k[2], ["650"]);
        assert_eq!(k[3], ["віце"]);
        assert_eq!(k[4], ["прем'ер"]);
        assert!(words[4].hyphen_joined);
        assert_eq!(
            words.iter().map(|w| w.position).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
    }

    #[test]
    fn verbal_adverbs_reach_their_verb() {
        let k = keys("знаючи", Side::Index);
        assert!(k[0].contains(&"знати".to_string()), "{k:?}");
    }

    #[test]
    fn index_and_query_sides_meet_for_the_acceptance_words() {
        let a = test_lexicon::analyzer();
        let doc: Vec<String> = a
            .analyze("комерційних угод Китаєм", Side::Index)
            .into_iter()
            .flat_map(|w| w.keys)
            .collect();
        for q in ["комерційна", "угода", "китай"] {
            let qk = &a.analyze(q, Side::Query)[0].keys;
            assert!(qk.iter().any(|k| doc.contains(k)), "{q}: {qk:?} vs {doc:?}");
        }
    }
}
