//! A field's words as the recogniser sees them: the analyzer's tokens (the same offsets
//! as the index), each with its lower-case form, case shape, the punctuation around it,
//! whether a listed country or company covers it, and, for the words a name can touch,
//! its dictionary readings (lemmas and proper-name tags).
//!
//! Only *active* words are decoded: a word with a capital or Latin letters, or just after
//! an opening quote, with one word before it and up to three after it in the same
//! sentence («Міністерство фінансів», «Державна служба з надзвичайних ситуацій»). Every
//! other word is outside every name, so most of a text is neither looked up nor scored,
//! and training sees the same rule.

use super::super::names::{is_upper, shape_and_letters, Shape};
use super::super::pattern::readings;
use super::super::vocab::is_org_word;
use crate::entities::EntityKind;
use litopys_analysis::lexicon::{Lexicon, Tags};
use litopys_analysis::normalize::{fold_key, normalize_word, push_lower};
use litopys_analysis::tokenizer::{words, Script};

/// Punctuation seen in the gap before or after a word, as bits.
pub mod punct {
    /// An opening quote («, “, „ or " before a word).
    pub const OPEN_QUOTE: u16 = 1;
    /// A closing quote.
    pub const CLOSE_QUOTE: u16 = 2;
    /// An opening bracket.
    pub const OPEN_BRACKET: u16 = 4;
    /// A closing bracket.
    pub const CLOSE_BRACKET: u16 = 8;
    /// A comma.
    pub const COMMA: u16 = 16;
    /// A dash.
    pub const DASH: u16 = 32;
    /// A full stop, question or exclamation mark.
    pub const STOP: u16 = 64;
    /// A line break.
    pub const NEWLINE: u16 = 128;
    /// A colon or semicolon.
    pub const COLON: u16 = 256;
    /// A hyphen joining the word to the next (Івано-Франківськ).
    pub const HYPHEN: u16 = 512;
    /// A full stop right after the word (В. Зеленський, ТОВ.).
    pub const DOT: u16 = 1024;
}

/// A listed entity's words: what the gazetteer found there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listed {
    /// Not in a listed name.
    No,
    /// In a listed country.
    Country,
    /// In a listed company.
    Company,
}

/// One word and what the features need of it.
#[derive(Clone, Debug)]
pub struct Word {
    /// Byte offset in the field.
    pub start: usize,
    /// Byte offset past the word.
    pub end: usize,
    /// Range of the lower-case form in [`Words::arena`].
    lower: (u32, u32),
    /// Ranges of up to two lemma keys in the arena (active words with readings only).
    lemmas: [(u32, u32); 2],
    /// The union of the tags of the word's own-form readings.
    pub tags: Tags,
    /// The lower-case form has a reading that is not a proper name.
    pub lower_common: bool,
    /// Some dictionary reading was found (own or lower-case form).
    pub known: bool,
    /// Case pattern.
    pub shape: Shape,
    /// Script.
    pub script: Script,
    /// Letters in the word.
    pub letters: usize,
    /// Punctuation in the gap before the word.
    pub before: u16,
    /// Punctuation in the gap after the word.
    pub after: u16,
    /// The word opens a sentence (first word, or after a stop or a line break).
    pub sentence_start: bool,
    /// Inside an open quotation.
    pub quoted: bool,
    /// Covered by a listed country or company.
    pub listed: Listed,
    /// First word of that listed name.
    pub listed_first: bool,
    /// An organisation word or legal form (компанія, міністерство, ТОВ).
    pub org_word: bool,
    /// Decoded (see the module comment); otherwise outside every name.
    pub active: bool,
}

/// The words of one field, cut into sentences.
pub struct Words {
    /// The words in text order.
    pub words: Vec<Word>,
    /// Sentences as ranges of word indices.
    pub sentences: Vec<std::ops::Range<usize>>,
    arena: String,
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "м",
    "вул",
    "ім",
    "р",
    "рр",
    "т",
    "ст",
    "с",
    "смт",
    "обл",
    "тис",
    "млн",
    "млрд",
    "грн",
    "див",
    "проф",
    "акад",
    "доц",
    "д",
    "пп",
    "п",
    "пров",
    "просп",
    "буд",
    "кв",
    "св",
    "ін",
    "тов",
    "ген",
    "mr",
    "dr",
    "st",
    "ms",
    "mrs",
];

impl Words {
    /// Cuts `text` into words. `listed` are the byte ranges of listed names the gazetteer
    /// found in this field.
    pub fn new(text: &str, lexicon: &Lexicon, listed: &[(usize, usize, EntityKind)]) -> Words {
        let mut arena = String::with_capacity(text.len());
        let mut out: Vec<Word> = Vec::with_capacity(text.len() / 8 + 4);
        let mut norm = String::new();
        let mut prev_end = 0usize;
        let mut quote_open = false;
        let spans: Vec<_> = words(text).collect();
        for (i, w) in spans.iter().enumerate() {
            let gap_before = &text[prev_end..w.start];
            let before = gap_bits(gap_before);
            quote_open = update_quotes(quote_open, gap_before);
            norm.clear();
            normalize_word(&text[w.start..w.end], &mut norm);
            let (shape, letters) = shape_and_letters(&norm);
            let lo = arena.len() as u32;
            for c in norm.chars() {
                push_lower(c, &mut arena);
            }
            let lower = (lo, arena.len() as u32);
            let next_start = spans.get(i + 1).map_or(text.len(), |n| n.start);
            let mut after = gap_bits(&text[w.end..next_start]);
            if spans.get(i + 1).is_some_and(|n| n.hyphen_joined) {
                after |= punct::HYPHEN;
            }
            let sentence_start = i == 0
                || before & punct::NEWLINE != 0
                || (before & punct::STOP != 0 && !out.last().is_some_and(|p| no_stop(&arena, p)));
            let (listed_kind, listed_first) = listed
                .iter()
                .find(|(s, e, _)| *s <= w.start && w.end <= *e)
                .map(|(s, _, k)| {
                    let kind = match k {
                        EntityKind::Country => Listed::Country,
                        _ => Listed::Company,
                    };
                    (kind, *s == w.start)
                })
                .unwrap_or((Listed::No, false));
            let org_word = is_org_word(&text[w.start..w.end]);
            out.push(Word {
                start: w.start,
                end: w.end,
                lower,
                lemmas: [(0, 0); 2],
                tags: Tags::EMPTY,
                lower_common: false,
                known: false,
                shape,
                script: w.script,
                letters,
                before,
                after,
                sentence_start,
                quoted: quote_open,
                listed: listed_kind,
                listed_first,
                org_word,
                active: false,
            });
            prev_end = w.end;
        }
        let mut sentences = Vec::new();
        let mut start = 0;
        for i in 1..=out.len() {
            if i == out.len() || out[i].sentence_start {
                sentences.push(start..i);
                start = i;
            }
        }
        let mut ws = Words {
            words: out,
            sentences,
            arena,
        };
        ws.mark_active();
        ws.look_up(lexicon, &mut norm);
        ws
    }

    /// The lower-case form of word `i`.
    pub fn lower(&self, i: usize) -> &str {
        let (a, b) = self.words[i].lower;
        &self.arena[a as usize..b as usize]
    }

    /// The lemma keys of word `i` (none for inactive or unknown words).
    pub fn lemmas(&self, i: usize) -> impl Iterator<Item = &str> {
        self.words[i]
            .lemmas
            .iter()
            .filter(|(a, b)| a < b)
            .map(|&(a, b)| &self.arena[a as usize..b as usize])
    }

    /// Marks the words a name can touch (see the module comment).
    fn mark_active(&mut self) {
        for s in self.sentences.clone() {
            for i in s.clone() {
                let w = &self.words[i];
                let candidate = w.shape != Shape::Lower
                    || (w.script == Script::Latin && w.letters > 0)
                    || w.before & punct::OPEN_QUOTE != 0;
                if !candidate {
                    continue;
                }
                let lo = i.saturating_sub(1).max(s.start);
                let hi = (i + 4).min(s.end);
                for w in &mut self.words[lo..hi] {
                    w.active = true;
                }
            }
        }
    }

    /// Looks up the readings of active words.
    fn look_up(&mut self, lexicon: &Lexicon, norm: &mut String) {
        let mut rs: Vec<(String, Tags)> = Vec::new();
        let mut key = String::new();
        for i in 0..self.words.len() {
            if !self.words[i].active || !matches!(self.words[i].script, Script::Cyrillic | Script::Mixed) {
                continue;
            }
            let (a, b) = self.words[i].lower;
            let lower = self.arena[a as usize..b as usize].to_string();
            let shape = self.words[i].shape;
            norm.clear();
            // The dictionary is case-sensitive: a word in capitals is looked up capitalised.
            if shape == Shape::Upper {
                let mut cs = lower.chars();
                if let Some(c) = cs.next() {
                    norm.extend(c.to_uppercase());
                    norm.push_str(cs.as_str());
                }
            } else {
                // Own form: rebuild it from the text through the lower-case form's case.
                norm.push_str(&own_form(&lower, shape));
            }
            readings(lexicon, norm, &mut rs);
            let mut tags = Tags::EMPTY;
            let mut lemmas: Vec<String> = Vec::new();
            for (lemma, t) in &rs {
                tags |= *t;
                key.clear();
                fold_key(lemma, &mut key);
                if !lemmas.contains(&key) {
                    lemmas.push(key.clone());
                }
            }
            let mut lower_common = false;
            if shape != Shape::Lower || rs.is_empty() {
                readings(lexicon, &lower, &mut rs);
                for (lemma, t) in &rs {
                    lower_common |= !t.contains(Tags::PROPER);
                    key.clear();
                    fold_key(lemma, &mut key);
                    if !lemmas.contains(&key) {
                        lemmas.push(key.clone());
                    }
                }
            } else {
                lower_common = rs.iter().any(|(_, t)| !t.contains(Tags::PROPER));
            }
            let mut ranges = [(0u32, 0u32); 2];
            for (r, l) in ranges.iter_mut().zip(&lemmas) {
                let lo = self.arena.len() as u32;
                self.arena.push_str(l);
                *r = (lo, self.arena.len() as u32);
            }
            let w = &mut self.words[i];
            w.known = !lemmas.is_empty();
            w.tags = tags;
            w.lower_common = lower_common;
            w.lemmas = ranges;
        }
    }
}

/// The word's own case restored from its lower-case form: capitalised or lower case
/// (mixed-case words are looked up capitalised, which is how the dictionary writes names).
fn own_form(lower: &str, shape: Shape) -> String {
    match shape {
        Shape::Lower => lower.to_string(),
        _ => {
            let mut cs = lower.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect(),
                None => String::new(),
            }
        }
    }
}

/// True when a stop after word `p` does not end the sentence: an initial (В.) or an
/// abbreviation (вул., м.).
fn no_stop(arena: &str, p: &Word) -> bool {
    let lower = &arena[p.lower.0 as usize..p.lower.1 as usize];
    (p.letters == 1 && p.shape != Shape::Lower) || ABBREVIATIONS.contains(&lower)
}

/// The punctuation bits of a gap between words.
fn gap_bits(gap: &str) -> u16 {
    let mut bits = 0;
    for (k, c) in gap.char_indices() {
        bits |= match c {
            '«' | '“' | '„' => punct::OPEN_QUOTE,
            '»' | '”' => punct::CLOSE_QUOTE,
            '"' => {
                // A straight quote opens when a word follows it directly.
                if k + 1 == gap.len() {
                    punct::OPEN_QUOTE
                } else {
                    punct::CLOSE_QUOTE
                }
            }
            '(' | '[' => punct::OPEN_BRACKET,
            ')' | ']' => punct::CLOSE_BRACKET,
            ',' => punct::COMMA,
            '—' | '–' => punct::DASH,
            '-' if gap.trim() == "-" && gap.len() > 1 => punct::DASH,
            '.' if k == 0 => punct::DOT | punct::STOP,
            '.' | '!' | '?' | '…' => punct::STOP,
            '\n' => punct::NEWLINE,
            ':' | ';' => punct::COLON,
            _ => 0,
        };
    }
    bits
}

/// Whether a quotation is open after `gap`.
fn update_quotes(open: bool, gap: &str) -> bool {
    let bits = gap_bits(gap);
    if bits & punct::NEWLINE != 0 {
        return bits & punct::OPEN_QUOTE != 0;
    }
    if bits & punct::OPEN_QUOTE != 0 {
        true
    } else if bits & punct::CLOSE_QUOTE != 0 {
        false
    } else {
        open
    }
}

/// True when the word's first letter is a capital.
pub fn capitalised(text: &str, w: &Word) -> bool {
    text[w.start..w.end].chars().next().is_some_and(is_upper)
}
