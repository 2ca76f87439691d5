//! A text being matched: its words (cut by the analyzer's tokenizer, same offsets as the
//! index), the analysis of each word computed on first use, and the [`Hit`]s that list
//! matching and the rules find in it.
//!
//! Shared by the matcher and the rules, below both, so that neither imports the other.
//! Most words are never analysed: only those a candidate name reaches.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use super::gazetteer::Gazetteer;
use super::memo::{self, Memo};
use super::names::{capitalize, is_upper, shape_and_letters, Shape};
use super::pattern::{readings, PERSON};
use litopys_analysis::lexicon::Tags;
use litopys_analysis::normalize::{fold_key, lowercase_into, normalize_word};
use litopys_analysis::tokenizer::{words, Script, WordSpan};
use litopys_analysis::{Side, STEM_PREFIX};

/// Key came from the readings of the word's own form (or, for a word in capitals, of
/// its capitalised form).
pub const SRC_EXACT: u8 = 1;
/// Key came from the readings of the lower-case form.
pub const SRC_LOWER: u8 = 2;
/// Key is the word itself, folded.
pub const SRC_LIT: u8 = 4;
/// Key is the analyzer's stem (word unknown to the dictionary).
pub const SRC_STEM: u8 = 8;
/// Every reading that gave the key is a person's name.
pub const PERSON_ONLY: u8 = 16;

/// What the matcher knows about one analysed word.
#[derive(Clone, Debug, Default)]
pub struct Info {
    /// Keys with their `SRC_*`/`PERSON_ONLY` flags.
    pub keys: Vec<(Box<str>, u8)>,
    /// The word's case pattern.
    pub shape: Option<Shape>,
    /// Number of letters.
    pub letters: usize,
    /// Some reading of the word's own form is a person's name.
    pub has_person: bool,
    /// Some reading of the word's own form is a first name.
    pub has_fname: bool,
    /// The lower-case form has a standard common-word (not proper-name) reading (valid
    /// once `lower_done`).
    pub lower_common: bool,
    /// The lower-case form's readings are in `keys` (looked up only when needed).
    pub lower_done: bool,
}

impl Info {
    pub(crate) fn shape(&self) -> Shape {
        self.shape.unwrap_or(Shape::Lower)
    }
}

/// A text being matched: its words and, lazily, their analyses.
pub struct Doc<'t> {
    /// The text.
    pub text: &'t str,
    /// Its words, as the analyzer's tokenizer cut them (borrowed when the caller has
    /// cut the text already).
    pub toks: Cow<'t, [WordSpan]>,
    slot: Vec<u32>,
    infos: Vec<Rc<Info>>,
    lenient: bool,
}

/// Words analysed for list matching, per thread: [`Info`] depends only on the word as
/// written and the gazetteer (see [`memo`]).
const INFO_LIMIT: usize = 100_000;

thread_local! {
    static INFOS: RefCell<Memo<Rc<Info>>> = RefCell::new(Memo::new(INFO_LIMIT));
}

impl<'t> Doc<'t> {
    /// Cuts `text` into words. `lenient`: analyse for `resolve` (every case variant).
    pub fn new(text: &'t str, lenient: bool) -> Doc<'t> {
        Doc::with_words(text, Cow::Owned(words(text).collect()), lenient)
    }

    /// As [`new`](Self::new), with the text already cut into `spans` (`words(text)`).
    pub fn from_spans(text: &'t str, spans: &'t [WordSpan], lenient: bool) -> Doc<'t> {
        Doc::with_words(text, Cow::Borrowed(spans), lenient)
    }

    /// The document over `toks`, owned or borrowed.
    fn with_words(text: &'t str, toks: Cow<'t, [WordSpan]>, lenient: bool) -> Doc<'t> {
        let slot = vec![0; toks.len()];
        Doc {
            text,
            toks,
            slot,
            infos: vec![Rc::new(Info::default())],
            lenient,
        }
    }

    /// The surface of word `i`.
    pub fn word(&self, i: usize) -> &'t str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    /// True when the first letter of word `i` is a capital.
    pub fn capitalised(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(is_upper)
    }

    /// The text between words `i` and `i + 1`.
    pub fn gap_after(&self, i: usize) -> &'t str {
        let end = self.toks.get(i + 1).map_or(self.text.len(), |t| t.start);
        &self.text[self.toks[i].end..end]
    }

    /// The analysis of word `i`, computed on first use (in running text, once per thread
    /// and word form; `resolve`'s lenient analyses are not kept).
    pub fn info(&mut self, g: &Gazetteer, i: usize) -> &Info {
        if self.slot[i] == 0 {
            let (word, script, lenient) = (self.word(i), self.toks[i].script, self.lenient);
            let info = if lenient {
                Rc::new(analyse(g, word, script, true))
            } else {
                memo::cached(&INFOS, g.memo_owner, word, || {
                    Rc::new(analyse(g, word, script, false))
                })
            };
            self.infos.push(info);
            self.slot[i] = (self.infos.len() - 1) as u32;
        }
        &self.infos[self.slot[i] as usize]
    }

    /// The analysis of word `i` with the readings of its lower-case form too.
    pub fn info_with_lower(&mut self, g: &Gazetteer, i: usize) -> &Info {
        self.info(g, i);
        let slot = self.slot[i] as usize;
        if !self.infos[slot].lower_done {
            let word = self.word(i);
            add_lower(g, Rc::make_mut(&mut self.infos[slot]), word);
            if !self.lenient {
                memo::update(&INFOS, g.memo_owner, word, self.infos[slot].clone());
            }
        }
        &self.infos[slot]
    }
}

fn push_key(keys: &mut Vec<(Box<str>, u8)>, key: &str, flags: u8) {
    if let Some(k) = keys.iter_mut().find(|(k, _)| &**k == key) {
        // PERSON_ONLY survives only if every source says so.
        let person = k.1 & flags & PERSON_ONLY;
        k.1 = ((k.1 | flags) & !PERSON_ONLY) | person;
    } else {
        keys.push((key.into(), flags));
    }
}

/// The analyzer's homoglyph folding («Iнтерфакс» with a Latin I), so that entities and
/// search keys treat mistyped words alike.
pub use litopys_analysis::keys::fold_homoglyphs;

/// Analyses one word for matching.
fn analyse(g: &Gazetteer, surface: &str, script: Script, lenient: bool) -> Info {
    if script == Script::Mixed {
        if let Some(folded) = fold_homoglyphs(surface) {
            return analyse(g, &folded, Script::Cyrillic, lenient);
        }
    }
    let lexicon = g.analyzer.lexicon();
    let mut norm = String::new();
    normalize_word(surface, &mut norm);
    let (s, letters) = shape_and_letters(&norm);
    let mut info = Info {
        shape: Some(s),
        letters,
        ..Info::default()
    };
    let mut folded = String::new();
    if !matches!(script, Script::Cyrillic | Script::Mixed) {
        lowercase_into(&norm, &mut folded);
        push_key(&mut info.keys, &folded, SRC_LIT);
        return info;
    }
    fold_key(&norm, &mut folded);
    push_key(&mut info.keys, &folded, SRC_LIT);
    let mut lower = String::new();
    lowercase_into(&norm, &mut lower);
    let mut own: Vec<String> = Vec::new();
    if s == Shape::Upper || lenient {
        own.push(capitalize(&norm));
    }
    if lenient {
        own.push(lower.clone());
    }
    let mut rs = Vec::new();
    let mut any = false;
    for form in std::iter::once(norm.as_str()).chain(own.iter().map(String::as_str)) {
        readings(lexicon, form, &mut rs);
        for (lemma, t) in &rs {
            any = true;
            let person = t.intersects(PERSON);
            info.has_person |= person;
            info.has_fname |= t.contains(Tags::FNAME);
            fold_key(lemma, &mut folded);
            let flags = SRC_EXACT | if person { PERSON_ONLY } else { 0 };
            push_key(&mut info.keys, &folded, flags);
        }
    }
    if s == Shape::Lower {
        info.lower_done = true;
    } else if !any {
        add_lower(g, &mut info, surface);
        any = info.keys.iter().any(|(_, f)| f & SRC_LOWER != 0);
    }
    if !any {
        if script == Script::Mixed {
            for k in g.analyzer.word_keys(&norm, script, Side::Index) {
                push_key(&mut info.keys, &k, SRC_STEM);
            }
        } else {
            // As the analyzer does for words the dictionary lacks.
            let stem = g.stemmer.stem(&lower);
            fold_key(&stem, &mut folded);
            folded.insert(0, STEM_PREFIX);
            push_key(&mut info.keys, &folded, SRC_STEM);
        }
    }
    info
}

/// Adds the readings of the lower-case form of `surface` to `info`.
fn add_lower(g: &Gazetteer, info: &mut Info, surface: &str) {
    info.lower_done = true;
    if info.shape() == Shape::Lower {
        return;
    }
    let mut norm = String::new();
    normalize_word(surface, &mut norm);
    let mut lower = String::new();
    lowercase_into(&norm, &mut lower);
    let mut rs = Vec::new();
    readings(g.analyzer.lexicon(), &lower, &mut rs);
    let mut folded = String::new();
    for (lemma, t) in &rs {
        info.lower_common |= !t.contains(Tags::PROPER);
        fold_key(lemma, &mut folded);
        push_key(&mut info.keys, &folded, SRC_LOWER);
    }
}

/// True when the word at byte `pos` begins a sentence, a line, a quotation or a list
/// item: there its capital says nothing about being a name.
pub fn sentence_start(text: &str, pos: usize) -> bool {
    for c in text[..pos].chars().rev() {
        if c == '\n' {
            return true;
        }
        if c.is_whitespace() {
            continue;
        }
        // An opening quote is not a sentence start here: a quoted word is a name
        // («Ощадбанку»).
        return matches!(
            c,
            '.' | '!' | '?' | '…' | '(' | '[' | '—' | '–' | '-' | '•' | '*' | '>' | '|'
        );
    }
    true
}

/// One match of the gazetteer or the rules.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Byte offset.
    pub start: usize,
    /// Byte offset past the end.
    pub end: usize,
    /// Start of the text the hit claims (a rule's trigger word); list matches that
    /// overlap `zone_start..end` yield to a rule hit.
    pub zone_start: usize,
    /// Entity in the gazetteer, or a rule-found company name.
    pub what: HitKind,
}

/// What a hit names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HitKind {
    /// An entity of the lists.
    Entity(u32),
    /// A company found by the rules (cleaned name).
    RuleCompany(String),
}
