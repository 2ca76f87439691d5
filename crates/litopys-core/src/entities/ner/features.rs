//! The features of one word: its form, lemmas and dictionary tags, case shape, suffixes,
//! the punctuation around it, its neighbours, and what the gazetteer says of it, each
//! hashed to a `u64` (XXH3, a specified hash: the model file stores the hashes, so they
//! must not change between builds or platforms, and no text of the training data is kept).

use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::super::names::Shape;
use super::words::{Listed, Word, Words};
use litopys_analysis::lexicon::Tags;
use litopys_analysis::tokenizer::Script;

/// Version of the feature set: part of the model's fingerprint, bumped with any change
/// here (a model trained on other features is refused).
pub const FEATURES_VERSION: u32 = 1;

/// One feature's hash from its template number and value.
fn hash(template: u8, value: &[u8]) -> u64 {
    xxh3_64_with_seed(value, u64::from(template) + 1).max(1)
}

/// A short code for a word's case shape and script.
fn shape_code(w: &Word) -> u8 {
    let s = match w.shape {
        Shape::Lower => 0,
        Shape::Capitalized => 1,
        Shape::Upper => 2,
        Shape::Mixed => 3,
    };
    let script = match w.script {
        Script::Cyrillic | Script::Mixed => 0,
        Script::Latin => 4,
        Script::Number => 8,
        Script::Other => 12,
    };
    s + script + if w.letters == 1 { 16 } else { 0 }
}

/// The proper-name tags of a reading set, as a small code.
fn name_tags(t: Tags) -> u8 {
    let mut c = 0;
    for (bit, tag) in [
        Tags::PROPER,
        Tags::FNAME,
        Tags::LNAME,
        Tags::PATR,
        Tags::GEO,
        Tags::ABBR,
    ]
    .into_iter()
    .enumerate()
    {
        if t.intersects(tag) {
            c |= 1 << bit;
        }
    }
    c
}

/// The coarse part of speech of a reading set.
fn pos_code(t: Tags) -> u8 {
    for (k, tag) in [
        Tags::NOUN,
        Tags::ADJ,
        Tags::VERB,
        Tags::PREP,
        Tags::CONJ,
        Tags::NUMR,
        Tags::PRON,
        Tags::ADV,
    ]
    .into_iter()
    .enumerate()
    {
        if t.intersects(tag) {
            return k as u8 + 1;
        }
    }
    0
}

fn listed_code(w: &Word) -> u8 {
    match w.listed {
        Listed::No => 0,
        Listed::Country => 1 + u8::from(w.listed_first),
        Listed::Company => 3 + u8::from(w.listed_first),
    }
}

/// The last `n` characters of `s` (all of it when shorter).
fn suffix(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n - 1) {
        Some((k, _)) => &s[k..],
        None => s,
    }
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((k, _)) => &s[..k],
        None => s,
    }
}

/// Appends the feature hashes of word `i` to `out`.
pub fn features(ws: &Words, i: usize, out: &mut Vec<u64>) {
    let w = &ws.words[i];
    let lower = ws.lower(i);
    let shape = shape_code(w);
    let mut push = |t: u8, v: &[u8]| out.push(hash(t, v));
    push(0, b"");
    push(1, lower.as_bytes());
    let mut any = false;
    for (k, l) in ws.lemmas(i).enumerate() {
        push(2 + k as u8, l.as_bytes());
        any = true;
    }
    if !any {
        push(2, if w.active { b"\x00unknown" } else { b"\x00inactive" });
    }
    push(4, &[shape]);
    push(
        5,
        &[name_tags(w.tags), u8::from(w.lower_common), u8::from(w.known)],
    );
    push(6, &[pos_code(w.tags)]);
    for (t, n) in [(7u8, 2usize), (8, 3), (9, 4)] {
        push(t, suffix(lower, n).as_bytes());
    }
    push(10, prefix(lower, 3).as_bytes());
    push(11, &[w.letters.min(8) as u8]);
    for bit in 0..11u16 {
        if w.before & (1 << bit) != 0 {
            push(12, &[bit as u8]);
        }
        if w.after & (1 << bit) != 0 {
            push(13, &[bit as u8]);
        }
    }
    push(14, &[u8::from(w.sentence_start), u8::from(w.quoted), shape]);
    push(15, &[listed_code(w)]);
    push(16, &[u8::from(w.org_word)]);
    let mut s3 = suffix(lower, 3).as_bytes().to_vec();
    s3.push(shape);
    push(17, &s3);
    let n = ws.words.len();
    let at = |d: isize| -> Option<usize> {
        let j = i as isize + d;
        (j >= 0 && (j as usize) < n).then_some(j as usize)
    };
    for (d, base) in [(-2isize, 20u8), (-1, 30), (1, 40), (2, 50)] {
        let Some(j) = at(d) else {
            push(base, b"\x00edge");
            continue;
        };
        let v = &ws.words[j];
        let vl = ws.lower(j);
        push(base, vl.as_bytes());
        push(base + 1, &[shape_code(v)]);
        push(base + 2, &[listed_code(v), u8::from(v.org_word)]);
        if d.abs() == 1 {
            match ws.lemmas(j).next() {
                Some(l) => push(base + 3, l.as_bytes()),
                None => push(base + 3, b"\x00none"),
            }
            push(base + 4, &[name_tags(v.tags), pos_code(v.tags)]);
            push(base + 5, &[shape_code(v), shape]);
            let mut both = vl.as_bytes().to_vec();
            both.push(0);
            both.push(shape);
            push(base + 6, &both);
            push(base + 7, suffix(vl, 3).as_bytes());
        }
    }
}
