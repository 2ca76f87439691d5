//! A field's words as the recogniser sees them: the analyzer's tokens (the same offsets
//! as the index), each with its lower-case form, case shape, the punctuation around it,
//! whether a listed country or company covers it, and, for the words a name can touch,
//! its dictionary readings (lemmas and proper-name tags).
//!
//! Only *active* words are decoded: a word with a capital or Latin letters, or just after
//! an opening quote, with one word before it and up to two after it in the same
//! sentence («Міністерство охорони здоров'я», «Кабінет міністрів України»). Every
//! other word is outside every name, so most of a text is neither looked up nor scored,
//! and training sees the same rule.

use super::super::names::{capitalize, shape_and_letters, Shape};
use super::super::pattern::readings;
use super::super::vocab::is_org_word;
use crate::entities::EntityKind;
use litopys_analysis::lexicon::{Lexicon, Tags};
use litopys_analysis::normalize::{fold_key, normalize_word, push_lower};
use litopys_analysis::tokenizer::{words, Script, WordSpan};
use litopys_analysis::word_key::WordKey;

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
    /// Each word's id in this thread's form table ([`NO_FORM`] for words no feature
    /// looks at).
    forms: Vec<u32>,
    /// The form table's generation the ids belong to.
    generation: u64,
}

/// The form id of a word no feature looks at.
pub const NO_FORM: u32 = u32::MAX;

/// How far the features look on either side of a word (see `features::NEIGHBOURS`): the
/// words within it of an active word get a form.
pub const REACH: usize = 2;

/// Words after a candidate that are decoded with it («Міністерство охорони здоров'я»).
const AFTER: usize = 2;

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
        let spans: Vec<WordSpan> = words(text).collect();
        Words::from_spans(text, &spans, lexicon, listed)
    }

    /// As [`new`](Self::new), with the field already cut by the analyzer's tokenizer
    /// (`spans` are `words(text)`): the extractor cuts each field once for the lists, the
    /// rules and the recogniser.
    pub fn from_spans(
        text: &str,
        spans: &[WordSpan],
        lexicon: &Lexicon,
        listed: &[(usize, usize, EntityKind)],
    ) -> Words {
        let mut out: Vec<Word> = Vec::with_capacity(spans.len());
        let mut next_listed = 0usize;
        let mut prev_end = 0usize;
        let mut quote_open = false;
        for (i, w) in spans.iter().enumerate() {
            let gap_before = &text[prev_end..w.start];
            let before = gap_bits(gap_before);
            quote_open = update_quotes(quote_open, gap_before);
            // Normalising only removes stress marks, soft hyphens and apostrophe variants:
            // the case shape is the surface's.
            let (shape, letters) = shape_and_letters(&text[w.start..w.end]);
            let next_start = spans.get(i + 1).map_or(text.len(), |n| n.start);
            let mut after = gap_bits(&text[w.end..next_start]);
            if spans.get(i + 1).is_some_and(|n| n.hyphen_joined) {
                after |= punct::HYPHEN;
            }
            let sentence_start = i == 0
                || before & punct::NEWLINE != 0
                || (before & punct::STOP != 0 && !out.last().is_some_and(|p| no_stop(text, p)));
            while listed.get(next_listed).is_some_and(|(_, e, _)| *e <= w.start) {
                next_listed += 1;
            }
            let (listed_kind, listed_first) = listed[next_listed.min(listed.len())..]
                .iter()
                .take_while(|(s, _, _)| *s <= w.start)
                .find(|(s, e, _)| *s <= w.start && w.end <= *e)
                .map(|(s, _, k)| {
                    let kind = match k {
                        EntityKind::Country => Listed::Country,
                        _ => Listed::Company,
                    };
                    (kind, *s == w.start)
                })
                .unwrap_or((Listed::No, false));
            out.push(Word {
                start: w.start,
                end: w.end,
                lower: (0, 0),
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
                org_word: false,
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
            arena: String::new(),
            forms: Vec::new(),
            generation: 0,
        };
        ws.mark_active();
        ws.describe(text, lexicon);
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
                let hi = (i + 1 + AFTER).min(s.end);
                for w in &mut self.words[lo..hi] {
                    w.active = true;
                }
            }
        }
    }

    /// The id of word `i`'s surface form in this thread's form table: what the recogniser
    /// keys its per-form scores by ([`NO_FORM`] for a word no feature looks at).
    pub fn form(&self, i: usize) -> u32 {
        self.forms[i]
    }

    /// The form table's generation the ids of [`form`](Self::form) belong to.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Fills in what the features need of the words they look at (active words and two
    /// either side): lower-case form and organisation word for all of them, dictionary
    /// readings for active Cyrillic words, each computed once per surface form and thread
    /// (see [`FormTable`]).
    fn describe(&mut self, text: &str, lexicon: &Lexicon) {
        let n = self.words.len();
        let mut near = vec![false; n];
        for i in (0..n).filter(|&i| self.words[i].active) {
            for flag in &mut near[i.saturating_sub(REACH)..(i + REACH + 1).min(n)] {
                *flag = true;
            }
        }
        self.forms = vec![NO_FORM; n];
        FORMS.with(|table| {
            let mut table = table.borrow_mut();
            table.reset_if_stale(lexicon);
            self.generation = table.generation;
            for i in (0..n).filter(|&i| near[i]) {
                let w = &self.words[i];
                let surface = &text[w.start..w.end];
                let look_up = w.active && matches!(w.script, Script::Cyrillic | Script::Mixed);
                let id = table.id(surface, w.letters);
                let form = &mut table.forms[id as usize];
                if look_up && form.reading.is_none() {
                    form.reading = Some(analyse(lexicon, &form.lower, w.shape));
                }
                self.forms[i] = id;
                let lo = self.arena.len() as u32;
                self.arena.push_str(if form.lower_is_surface {
                    surface
                } else {
                    &form.lower
                });
                let lower = (lo, self.arena.len() as u32);
                let mut lemmas = [(0u32, 0u32); 2];
                let reading = form.reading.as_ref().filter(|_| look_up);
                if let Some(r) = reading {
                    for (range, l) in lemmas.iter_mut().zip(r.lemmas.iter()) {
                        let lo = self.arena.len() as u32;
                        self.arena.push_str(l);
                        *range = (lo, self.arena.len() as u32);
                    }
                }
                let w = &mut self.words[i];
                w.lower = lower;
                w.org_word = form.org_word;
                w.lemmas = lemmas;
                if let Some(r) = reading {
                    w.known = !r.lemmas.is_empty();
                    w.tags = r.tags;
                    w.lower_common = r.lower_common;
                }
            }
        });
    }
}

/// Forms a thread's table holds before it starts again.
const TABLE_LIMIT: usize = 200_000;

/// What the dictionary says of one word form, as the features use it.
#[derive(Clone, Debug, Default)]
struct CachedReading {
    lemmas: Vec<Box<str>>,
    tags: Tags,
    lower_common: bool,
}

/// One surface form: its lower-case form, whether it is an organisation word, and its
/// readings once an active occurrence needed them.
struct Form {
    lower: Box<str>,
    /// The lower-case form is the surface itself (most words): copied from the text,
    /// which is in the cache, rather than from `lower`, which is not.
    lower_is_surface: bool,
    org_word: bool,
    reading: Option<CachedReading>,
}

/// Per-thread table of surface forms: names and the words around them recur from
/// article to article, and lower-casing, the organisation-word test and the dictionary
/// lookups were most of the recogniser's cost. Ids are stable within one generation; a
/// new generation starts when the table is full or the lexicon changes.
#[derive(Default)]
struct FormTable {
    lexicon: String,
    generation: u64,
    /// Forms of up to 30 bytes are kept in the table's slots ([`WordKey`]): lookups were
    /// most of the table's cost.
    ids: rustc_hash::FxHashMap<WordKey, u32>,
    forms: Vec<Form>,
}

/// Generations of every thread's form table, so that no two share a number.
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl FormTable {
    /// Starts a new generation when the table is full or was built for another lexicon.
    fn reset_if_stale(&mut self, lexicon: &Lexicon) {
        if self.generation == 0 || self.lexicon != lexicon.fingerprint() || self.forms.len() > TABLE_LIMIT {
            self.ids.clear();
            self.forms.clear();
            self.lexicon = lexicon.fingerprint().to_string();
            self.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The id of `surface`, added on first sight.
    fn id(&mut self, surface: &str, letters: usize) -> u32 {
        if let Some(&id) = self.ids.get(surface.as_bytes()) {
            return id;
        }
        let mut norm = String::new();
        normalize_word(surface, &mut norm);
        let mut lower = String::with_capacity(norm.len());
        for c in norm.chars() {
            push_lower(c, &mut lower);
        }
        let id = self.forms.len() as u32;
        self.forms.push(Form {
            lower_is_surface: lower == surface,
            lower: lower.into(),
            org_word: letters > 2 && is_org_word(surface),
            reading: None,
        });
        self.ids.insert(WordKey::new(surface), id);
        id
    }
}

thread_local! {
    static FORMS: std::cell::RefCell<FormTable> = std::cell::RefCell::new(FormTable::default());
}

/// Looks a word up: its own form (capitalised as the dictionary writes names) and, for a
/// capitalised or unknown word, its lower-case form.
fn analyse(lexicon: &Lexicon, lower: &str, shape: Shape) -> CachedReading {
    let own: std::borrow::Cow<str> = if shape == Shape::Lower {
        lower.into()
    } else {
        capitalize(lower).into()
    };
    let own = own.as_ref();
    let mut rs: Vec<(String, Tags)> = Vec::new();
    let mut key = String::new();
    readings(lexicon, own, &mut rs);
    let mut out = CachedReading::default();
    let mut push = |lemma: &str, out: &mut CachedReading| {
        fold_key(lemma, &mut key);
        if out.lemmas.len() < 2 && !out.lemmas.iter().any(|l| **l == *key) {
            out.lemmas.push(key.as_str().into());
        }
    };
    for (lemma, t) in &rs {
        out.tags |= *t;
        push(lemma, &mut out);
    }
    if shape != Shape::Lower || rs.is_empty() {
        readings(lexicon, lower, &mut rs);
        for (lemma, t) in &rs {
            out.lower_common |= !t.contains(Tags::PROPER);
            push(lemma, &mut out);
        }
    } else {
        out.lower_common = rs.iter().any(|(_, t)| !t.contains(Tags::PROPER));
    }
    out
}

/// True when a stop after word `p` does not end the sentence: an initial (В.) or an
/// abbreviation (вул., м.).
fn no_stop(text: &str, p: &Word) -> bool {
    if p.letters == 1 && p.shape != Shape::Lower {
        return true;
    }
    let surface = &text[p.start..p.end];
    surface.len() <= 10 && ABBREVIATIONS.contains(&surface.to_lowercase().as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_forms_keep_one_id_each() {
        let mut table = FormTable::default();
        let long = "Дніпропетровськгазпостачання"; // 56 bytes: kept outside the table
        let a = table.id("Київ", 4);
        let b = table.id(long, 28);
        let c = table.id("Києва", 5);
        assert_eq!(table.id("Київ", 4), a);
        assert_eq!(table.id(long, 28), b);
        assert_eq!(table.id("Києва", 5), c);
        assert_eq!(&*table.forms[b as usize].lower, "дніпропетровськгазпостачання");
        assert_eq!([a, b, c], [0, 1, 2]);
    }
}
