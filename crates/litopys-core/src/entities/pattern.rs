//! Compiling a name into word patterns: for each word of the name, the keys a text word
//! may have to match it, the case it must have and whether it must be read as a proper
//! name (see [`super::gazetteer`] for why).
//!
//! Depends on the analyzer and the name helpers only; the gazetteer indexes the patterns
//! made here, and the matcher compares text words with them.

use litopys_analysis::lexicon::{Lexicon, Tags};
use litopys_analysis::normalize::{fold_key, lowercase_into, normalize_word};
use litopys_analysis::tokenizer::{words, Script};
use litopys_analysis::{Analyzer, Side};

use super::model::EntityKind;
use super::names::{is_quote, shape, Shape};

/// The readings of exactly `form`, without non-standard readings when a standard one
/// exists (as the analyzer does).
pub fn readings(lexicon: &Lexicon, form: &str, out: &mut Vec<(String, Tags)>) {
    out.clear();
    lexicon.for_each_reading(form, |lemma, tags| {
        if !out.iter().any(|(l, t)| l == lemma && *t == tags) {
            out.push((lemma.to_string(), tags));
        }
    });
    if out.iter().any(|(_, t)| !t.is_marked()) {
        out.retain(|(_, t)| !t.is_marked());
    }
}

/// Person-name readings: first names, surnames, patronymics.
pub const PERSON: Tags = Tags(Tags::FNAME.0 | Tags::LNAME.0 | Tags::PATR.0);

/// What case a text word must have to match a pattern word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseReq {
    /// Any case (connectors «і», «та»; Latin company names).
    Any,
    /// Capitalised or all capitals.
    Capital,
    /// All capitals: abbreviations (КНР, США).
    Upper,
    /// The same shape as the name's word (or all capitals for a capitalised word).
    Same(Shape),
}

impl CaseReq {
    /// Whether a text word of shape `s` satisfies the requirement.
    pub fn accepts(self, s: Shape, letters: usize) -> bool {
        match self {
            CaseReq::Any => true,
            CaseReq::Capital => s != Shape::Lower,
            CaseReq::Upper => s == Shape::Upper || (letters == 1 && s == Shape::Capitalized),
            CaseReq::Same(want) => {
                want == s || (want == Shape::Capitalized && s == Shape::Upper && letters > 1)
            }
        }
    }
}

/// One word of a compiled name.
#[derive(Clone, Debug)]
pub struct PatWord {
    /// Keys, any of which a text word must have.
    pub keys: Vec<Box<str>>,
    /// Case requirement.
    pub case: CaseReq,
    /// True when the keys came from proper-name readings of the capitalised form: only
    /// the text word's capitalised readings (not its lower-case ones) can match.
    pub proper: bool,
    /// True when the name's own readings are person names (Форд): then person readings
    /// of the text word match too.
    pub person_ok: bool,
    /// The characters between the previous word and this one in the name, trimmed
    /// ("" after a space; "-", "+", "." and "&" are kept).
    pub gap: Box<str>,
    /// Latin script.
    pub latin: bool,
}

/// What a pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Entity by index.
    Entity(u32),
    /// Not a mention (for one kind or both).
    Block(Option<EntityKind>),
}

/// A compiled name.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// The entity or blocker.
    pub target: Target,
    /// The words.
    pub words: Vec<PatWord>,
    /// Counts only in quotes or after an organisation word.
    pub needs_context: bool,
    /// The alias as written (for debugging).
    pub text: Box<str>,
}

/// Compiles a name into pattern words (None for a name without words), with the
/// analyzer the texts will be matched with, so that name and text words get the same keys.
pub fn compile(analyzer: &Analyzer, name: &str, kind: EntityKind, exact_case: bool) -> Option<Vec<PatWord>> {
    let lexicon = analyzer.lexicon();
    let mut out = Vec::new();
    let mut prev_end = 0;
    let mut norm = String::new();
    let mut folded = String::new();
    let mut rs = Vec::new();
    for span in words(name) {
        let gap: String = name[prev_end..span.start]
            .chars()
            .filter(|c| !c.is_whitespace() && !is_quote(*c))
            .collect();
        let gap = if out.is_empty() { String::new() } else { gap };
        prev_end = span.end;
        normalize_word(&name[span.start..span.end], &mut norm);
        fold_key(&norm, &mut folded);
        let s = shape(&norm);
        let letters = norm.chars().filter(|c| c.is_alphabetic()).count();
        let mut keys: Vec<Box<str>> = Vec::new();
        let push = |k: &str, keys: &mut Vec<Box<str>>| {
            if !keys.iter().any(|x| &**x == k) {
                keys.push(k.into());
            }
        };
        let (mut proper, mut person_ok) = (false, false);
        let latin = matches!(span.script, Script::Latin | Script::Number | Script::Other);
        let case = match span.script {
            Script::Cyrillic | Script::Mixed => {
                if s == Shape::Upper && letters >= 2 {
                    push(&folded, &mut keys);
                    CaseReq::Upper
                } else {
                    readings(lexicon, &norm, &mut rs);
                    if s != Shape::Lower && !rs.is_empty() {
                        // The capitalised form's own readings: proper names first.
                        let has_proper = rs
                            .iter()
                            .any(|(_, t)| t.contains(Tags::PROPER) && !t.intersects(PERSON));
                        for (lemma, t) in &rs {
                            if has_proper && (!t.contains(Tags::PROPER) || t.intersects(PERSON)) {
                                continue;
                            }
                            fold_key(lemma, &mut folded);
                            push(&folded, &mut keys);
                        }
                        proper = rs.iter().any(|(_, t)| t.contains(Tags::PROPER));
                        person_ok = !has_proper && rs.iter().any(|(_, t)| t.intersects(PERSON));
                    } else {
                        if s != Shape::Lower {
                            let mut lower = String::new();
                            lowercase_into(&norm, &mut lower);
                            readings(lexicon, &lower, &mut rs);
                        }
                        for (lemma, _) in &rs {
                            fold_key(lemma, &mut folded);
                            push(&folded, &mut keys);
                        }
                    }
                    // A one-word name that is an adjective (Суспільне, Громадське)
                    // matches only as written: its other forms are ordinary adjectives.
                    let single = words(name).nth(1).is_none();
                    if single && !rs.is_empty() && rs.iter().all(|(_, t)| t.contains(Tags::ADJ)) {
                        keys.clear();
                    }
                    if keys.is_empty() && rs.is_empty() {
                        for k in analyzer.word_keys(&norm, span.script, Side::Index) {
                            push(&k, &mut keys);
                        }
                    }
                    fold_key(&norm, &mut folded);
                    push(&folded, &mut keys);
                    match s {
                        Shape::Lower if !exact_case => CaseReq::Any,
                        _ if exact_case => CaseReq::Same(s),
                        // After a capitalised first word the rest may be written in
                        // lower case («Сполучене королівство»).
                        _ if !out.is_empty() => CaseReq::Any,
                        _ => CaseReq::Capital,
                    }
                }
            }
            _ => {
                let mut lower = String::new();
                lowercase_into(&norm, &mut lower);
                push(&lower, &mut keys);
                if span.script == Script::Number {
                    CaseReq::Any
                } else if s == Shape::Upper && letters <= 4 {
                    CaseReq::Upper
                } else if exact_case {
                    CaseReq::Same(s)
                } else if kind == EntityKind::Country {
                    // English country names: capitalised, but not "of", "the", "and".
                    if s == Shape::Lower {
                        CaseReq::Any
                    } else {
                        CaseReq::Capital
                    }
                } else {
                    CaseReq::Any
                }
            }
        };
        out.push(PatWord {
            keys,
            case,
            proper,
            person_ok,
            gap: gap.into(),
            latin,
        });
    }
    // A name must not begin with a lower-case connector («і», "of").
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}
