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

/// The hash of `head` followed by `tail`, without allocating for short values.
fn hash_joined(template: u8, head: &[u8], tail: &[u8]) -> u64 {
    let mut buf = [0u8; 64];
    let n = head.len() + tail.len();
    if n > buf.len() {
        return hash(template, &[head, tail].concat());
    }
    buf[..head.len()].copy_from_slice(head);
    buf[head.len()..n].copy_from_slice(tail);
    hash(template, &buf[..n])
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

/// The neighbours a word's features look at, as offsets, with the first template number
/// of each.
pub const NEIGHBOURS: [(isize, u8); 4] = [(-2, 20), (-1, 30), (1, 40), (2, 50)];

// Every neighbour is within the reach `Words` gives a form to.
const _: () = {
    let mut k = 0;
    while k < NEIGHBOURS.len() {
        assert!(NEIGHBOURS[k].0.unsigned_abs() <= super::words::REACH);
        k += 1;
    }
};

/// Appends the feature hashes of word `i` to `out`: [`local`], [`neighbour`] for each of
/// [`NEIGHBOURS`], and [`context`]. Training uses the whole list; the recogniser sums the
/// first two once per word form (they depend on the form alone) and only the context per
/// occurrence.
pub fn features(ws: &Words, i: usize, out: &mut Vec<u64>) {
    local(ws, i, out);
    for (k, &(d, _)) in NEIGHBOURS.iter().enumerate() {
        if let Some(j) = neighbour_at(ws, i, d) {
            neighbour(ws, j, k, out);
        }
    }
    context(ws, i, out);
}

/// The word `d` places from `i`, if the field has one.
pub fn neighbour_at(ws: &Words, i: usize, d: isize) -> Option<usize> {
    let j = i as isize + d;
    (j >= 0 && (j as usize) < ws.words.len()).then_some(j as usize)
}

/// The features of word `i` that depend on its form alone (and on whether it is active,
/// which decides whether it was looked up).
pub fn local(ws: &Words, i: usize, out: &mut Vec<u64>) {
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
    push(16, &[u8::from(w.org_word)]);
    out.push(hash_joined(17, suffix(lower, 3).as_bytes(), &[shape]));
}

/// The features word `j`'s form gives the word it is neighbour `k` of (an index into
/// [`NEIGHBOURS`]).
pub fn neighbour(ws: &Words, j: usize, k: usize, out: &mut Vec<u64>) {
    let (d, base) = NEIGHBOURS[k];
    let v = &ws.words[j];
    let vl = ws.lower(j);
    let mut push = |t: u8, v: &[u8]| out.push(hash(t, v));
    push(base, vl.as_bytes());
    push(base + 1, &[shape_code(v)]);
    if d.abs() == 1 {
        match ws.lemmas(j).next() {
            Some(l) => push(base + 3, l.as_bytes()),
            None => push(base + 3, b"\x00none"),
        }
        push(base + 4, &[name_tags(v.tags), pos_code(v.tags)]);
        push(base + 7, suffix(vl, 3).as_bytes());
    }
}

/// The features of word `i` that depend on where it stands: the punctuation around it,
/// the sentence and quotation, the gazetteer, and its shape beside its neighbours'. The
/// ones made of small codes come first ([`context_codes`], [`coded`]), then the two that
/// join a neighbour's form to the word's shape.
pub fn context(ws: &Words, i: usize, out: &mut Vec<u64>) {
    coded(context_codes(ws, i), out);
    joined(ws, i, out);
}

/// Everything the coded context features of word `i` depend on, packed in 62 bits:
/// punctuation before (bits 0–10) and after (11–21), sentence start (22), quotation (23),
/// shape code (24–28), listed code (29–31), then per neighbour of [`NEIGHBOURS`] 5 bits
/// from bit 32 (present, listed code, organisation word), and the shape codes of the
/// neighbours at ±1 (bits 52–56 and 57–61). Words with the same codes have the same coded
/// features, so the recogniser sums their rows once per codes (see `scores`).
pub fn context_codes(ws: &Words, i: usize) -> u64 {
    let w = &ws.words[i];
    let mut c = u64::from(w.before & 0x7ff)
        | u64::from(w.after & 0x7ff) << 11
        | u64::from(w.sentence_start) << 22
        | u64::from(w.quoted) << 23
        | u64::from(shape_code(w)) << 24
        | u64::from(listed_code(w)) << 29;
    for (k, &(d, _)) in NEIGHBOURS.iter().enumerate() {
        let Some(j) = neighbour_at(ws, i, d) else { continue };
        let v = &ws.words[j];
        c |= (1 | u64::from(listed_code(v)) << 1 | u64::from(v.org_word) << 4) << (32 + 5 * k);
        if let Some(at) = near_shape_at(k) {
            c |= u64::from(shape_code(v)) << at;
        }
    }
    c
}

/// Where [`context_codes`] keeps the shape code of neighbour `k`, for the neighbours at ±1.
const fn near_shape_at(k: usize) -> Option<u32> {
    let mut at = 52;
    let mut n = 0;
    while n < k {
        if NEIGHBOURS[n].0.abs() == 1 {
            at += 5;
        }
        n += 1;
    }
    if NEIGHBOURS[k].0.abs() == 1 {
        Some(at)
    } else {
        None
    }
}

/// The coded context features of packed `codes` (see [`context_codes`]).
pub fn coded(codes: u64, out: &mut Vec<u64>) {
    let bits = |at: u32, n: u32| ((codes >> at) & ((1 << n) - 1)) as u8;
    let push = |out: &mut Vec<u64>, t: u8, v: &[u8]| out.push(hash(t, v));
    let shape = bits(24, 5);
    for bit in 0..11u32 {
        if bits(bit, 1) != 0 {
            push(out, 12, &[bit as u8]);
        }
        if bits(11 + bit, 1) != 0 {
            push(out, 13, &[bit as u8]);
        }
    }
    push(out, 14, &[bits(22, 1), bits(23, 1), shape]);
    push(out, 15, &[bits(29, 3)]);
    for (k, &(_, base)) in NEIGHBOURS.iter().enumerate() {
        let at = 32 + 5 * k as u32;
        if bits(at, 1) == 0 {
            push(out, base, b"\x00edge");
            continue;
        }
        push(out, base + 2, &[bits(at + 1, 3), bits(at + 4, 1)]);
        if let Some(near) = near_shape_at(k) {
            push(out, base + 5, &[bits(near, 5), shape]);
        }
    }
}

// The codes fit: 32 bits of the word's own, 5 per neighbour, then 5 per neighbour at ±1,
// all within 64.
const _: () = {
    let mut k = 0;
    while k < NEIGHBOURS.len() {
        if let Some(at) = near_shape_at(k) {
            assert!(at >= 32 + 5 * NEIGHBOURS.len() as u32 && at + 5 <= 64);
        }
        k += 1;
    }
};

/// The context features of word `i` that join the form of a neighbour at ±1 to the
/// word's shape.
pub fn joined(ws: &Words, i: usize, out: &mut Vec<u64>) {
    let shape = shape_code(&ws.words[i]);
    for &(d, base) in &NEIGHBOURS {
        if d.abs() != 1 {
            continue;
        }
        if let Some(j) = neighbour_at(ws, i, d) {
            out.push(hash_joined(base + 6, ws.lower(j).as_bytes(), &[0, shape]));
        }
    }
}
