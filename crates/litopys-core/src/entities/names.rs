//! The spelling of names: letter case, quotation marks, and the case- and
//! spelling-insensitive key under which two writings of a name compare equal.
//!
//! Character-level helpers with no knowledge of the lists or of a text's words, shared by
//! list compilation, matching and the rules (so they sit below all three).

use litopys_analysis::normalize::{fold_key, lowercase_into, normalize_word};

/// A case- and spelling-insensitive key for comparing names: normalised, folded
/// (ґ→г, є→е, lower case), quotes dropped, spaces collapsed.
pub fn name_key(name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let mut folded = String::new();
    for w in name.split(|c: char| c.is_whitespace() || is_quote(c)) {
        if w.is_empty() {
            continue;
        }
        normalize_word(w, &mut word);
        fold_key(&word, &mut folded);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&folded);
    }
    out
}

/// Quotation marks of Ukrainian and English text (not the apostrophe).
pub fn is_quote(c: char) -> bool {
    matches!(c, '«' | '»' | '"' | '“' | '”' | '„' | '‟' | '‹' | '›')
}

/// The case pattern of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// No capital letter.
    Lower,
    /// First letter capital, the rest lower case.
    Capitalized,
    /// All letters capital (two or more letters).
    Upper,
    /// Capitals inside the word (ПриватБанк, КрАЗ).
    Mixed,
}

/// Upper case, with a fast path for ASCII and basic Cyrillic.
#[inline]
pub fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | 'А'..='Я' | 'Ѐ'..='Џ' | 'Ґ' => true,
        'a'..='z' | 'а'..='я' | 'ѐ'..='џ' | 'ґ' => false,
        _ if c.is_ascii() => false,
        _ => c.is_uppercase(),
    }
}

/// Lower case, with a fast path for ASCII and basic Cyrillic.
#[inline]
pub fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' | 'а'..='я' | 'ѐ'..='џ' | 'ґ' => true,
        'A'..='Z' | 'А'..='Я' | 'Ѐ'..='Џ' | 'Ґ' => false,
        _ if c.is_ascii() => false,
        _ => c.is_lowercase(),
    }
}

/// The case pattern of `word` and its number of cased letters.
pub fn shape_and_letters(word: &str) -> (Shape, usize) {
    let (mut first, mut upper, mut lower, mut n) = (None, 0usize, 0usize, 0usize);
    for c in word.chars() {
        let (u, l) = (is_upper(c), is_lower(c));
        if !u && !l {
            continue;
        }
        n += 1;
        if first.is_none() {
            first = Some(u);
        } else if u {
            upper += 1;
        } else {
            lower += 1;
        }
    }
    let s = match (first, upper, lower) {
        (None, _, _) => Shape::Lower,
        (Some(false), 0, _) => Shape::Lower,
        (Some(false), _, _) => Shape::Mixed,
        (Some(true), 0, _) => Shape::Capitalized,
        (Some(true), _, 0) => Shape::Upper,
        _ => Shape::Mixed,
    };
    (s, n)
}

/// The case pattern of `word`.
pub fn shape(word: &str) -> Shape {
    shape_and_letters(word).0
}

/// `word` with its first letter capitalised and the rest lower case.
pub fn capitalize(word: &str) -> String {
    let mut lower = String::new();
    lowercase_into(word, &mut lower);
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lower-cases one character the fast way for ASCII and basic Cyrillic, folding ґ→г and
/// є→е like the keys.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'ґ' | 'Ґ' => 'г',
        'є' | 'Є' => 'е',
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        _ if c.is_ascii() || ('а'..='џ').contains(&c) => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}
