//! A statistical named-entity recogniser for Ukrainian news: persons, organisations and
//! places in any inflection, including names no list holds («Придніпровська залізниця»,
//! TUI, «Українські Новини»).
//!
//! How it works: [`words`] cuts a field into the analyzer's words with what the features
//! need (lower-case form, dictionary lemmas and proper-name tags, case shape, punctuation,
//! the gazetteer's own matches); [`features`] hashes each word's features; [`model`] holds
//! one row of label scores per feature and finds a sentence's best BIO labels with Viterbi;
//! [`train`] is the averaged perceptron that learns them from NER-UK's training split
//! (`litopys-lab train ner`). It is deterministic and pure: one [`Recogniser`] serves every
//! indexing thread.
//!
//! The model shipped with Litopys is `entities/data/uk-ner.model`, embedded in the binary.
//! It was trained on NER-UK 2.0 (CC BY-NC-SA 4.0), so it carries that licence (see
//! `entities/data/uk-ner.LICENSE.txt`); it holds feature hashes and scores, no text.

pub mod features;
pub mod labels;
pub mod model;
mod scores;
pub mod train;
pub mod words;

#[cfg(test)]
mod tests;

use crate::entities::EntityKind;
pub use labels::NerType;
use labels::{is_inside, type_of};
use litopys_analysis::lexicon::Lexicon;
use litopys_analysis::tokenizer::{words, WordSpan};
pub use model::ModelError;
use model::Weights;
use words::Words;

/// One name the recogniser found in a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NerSpan {
    /// What it names.
    pub typ: NerType,
    /// Byte offset in the field.
    pub start: usize,
    /// Byte offset past the name.
    pub end: usize,
}

/// A trained recogniser.
#[derive(Clone, Debug)]
pub struct Recogniser {
    weights: Weights,
    fingerprint: String,
    /// Tells this model's per-form score sums from another's (see [`scores`]).
    id: u64,
}

/// Ids of the recognisers loaded in this process.
static MODELS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The model shipped with Litopys (`entities/data/uk-ner.model`, CC BY-NC-SA 4.0).
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../data/uk-ner.model");

impl Recogniser {
    /// The recogniser shipped with Litopys.
    pub fn embedded() -> Result<Recogniser, ModelError> {
        Recogniser::from_bytes(EMBEDDED_MODEL)
    }

    /// A recogniser from a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Recogniser, ModelError> {
        Ok(Recogniser {
            weights: Weights::from_bytes(bytes)?,
            fingerprint: model::fingerprint(bytes),
            id: MODELS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// The weights, to save.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// Names the model: an index records it, and another model asks for a rebuild.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The names in one field. `listed` are the gazetteer's matches in the same field
    /// (byte ranges and kinds), which the features use.
    pub fn recognise(
        &self,
        lexicon: &Lexicon,
        text: &str,
        listed: &[(usize, usize, EntityKind)],
    ) -> Vec<NerSpan> {
        let spans: Vec<WordSpan> = words(text).collect();
        self.recognise_spans(lexicon, text, &spans, listed)
    }

    /// As [`recognise`](Self::recognise), with the field already cut into words (`cut`
    /// is `words(text)`).
    pub fn recognise_spans(
        &self,
        lexicon: &Lexicon,
        text: &str,
        cut: &[WordSpan],
        listed: &[(usize, usize, EntityKind)],
    ) -> Vec<NerSpan> {
        let ws = Words::from_spans(text, cut, lexicon, listed);
        let mut labels = vec![labels::OUTSIDE; ws.words.len()];
        let emissions = scores::emissions(self.id, &self.weights, &ws);
        for s in &ws.sentences {
            if ws.words[s.clone()].iter().any(|w| w.active) {
                labels[s.clone()].copy_from_slice(&self.weights.decode(&emissions[s.clone()]));
            }
        }
        spans(&ws, &labels)
    }
}

/// The names a label sequence marks.
fn spans(ws: &Words, labels: &[u8]) -> Vec<NerSpan> {
    let mut out: Vec<NerSpan> = Vec::new();
    for (i, &l) in labels.iter().enumerate() {
        let Some(typ) = type_of(l) else { continue };
        let w = &ws.words[i];
        match out.last_mut() {
            Some(last) if is_inside(l) && last.typ == typ => last.end = w.end,
            _ => out.push(NerSpan {
                typ,
                start: w.start,
                end: w.end,
            }),
        }
    }
    out
}

/// What training needs of one gold document: its sentences with features and gold labels,
/// and how many gold names could not be learnt because a word of theirs is never decoded
/// (see [`words`]).
pub fn training_sentences(
    lexicon: &Lexicon,
    text: &str,
    listed: &[(usize, usize, EntityKind)],
    gold: &[NerSpan],
) -> (Vec<train::Sentence>, usize) {
    let ws = Words::new(text, lexicon, listed);
    let mut labels = vec![labels::OUTSIDE; ws.words.len()];
    let mut lost = 0;
    for g in gold {
        let inside: Vec<usize> = (0..ws.words.len())
            .filter(|&i| ws.words[i].start < g.end && ws.words[i].end > g.start)
            .collect();
        if inside.is_empty() || inside.iter().any(|&i| labels[i] != labels::OUTSIDE) {
            continue;
        }
        if inside.iter().any(|&i| !ws.words[i].active) {
            lost += 1;
            continue;
        }
        for (k, &i) in inside.iter().enumerate() {
            labels[i] = if k == 0 {
                labels::begin(g.typ)
            } else {
                labels::inside(g.typ)
            };
        }
    }
    let mut out = Vec::new();
    for s in &ws.sentences {
        if !ws.words[s.clone()].iter().any(|w| w.active) {
            continue;
        }
        let mut sentence = train::Sentence::default();
        for i in s.clone() {
            sentence.features.push(ws.words[i].active.then(|| {
                let mut fs = Vec::new();
                features::features(&ws, i, &mut fs);
                fs
            }));
            sentence.gold.push(labels[i]);
        }
        out.push(sentence);
    }
    (out, lost)
}
