//! Character-level normalisation of Ukrainian text.
//!
//! Ukrainian text arrives with several spellings of the same word: the apostrophe is
//! typed as `'`, `’`, `ʼ`, `‘`, `` ` ``, `´` or `′`; dictionaries and textbooks put stress
//! marks (U+0301) on vowels; word processors leave soft hyphens (U+00AD) inside words;
//! some sources are decomposed (NFD). The tokenizer works on the original text so that
//! byte offsets stay true for highlighting, and calls [`normalize_word`] on each word it
//! cuts out: normalisation never moves an offset.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The combining acute accent used as a stress mark; dropped from words.
pub const STRESS_MARK: char = '\u{0301}';
/// The soft hyphen, invisible in rendered text; dropped from words.
pub const SOFT_HYPHEN: char = '\u{00AD}';

/// True for every character that people type as an apostrophe inside a Ukrainian word
/// (п'ять, п’ять, пʼять …), all of which fold to the ASCII `'` of the dictionary.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{2032}'
    )
}

/// True for characters that belong inside a word without being letters: combining
/// marks (stress, the NFD parts of й and ї) and the soft hyphen.
pub fn is_word_mark(c: char) -> bool {
    c == SOFT_HYPHEN || is_combining_mark(c)
}

/// Normalises one word as cut from the text: NFC, stress marks and soft hyphens removed,
/// apostrophes folded to `'`. Case is kept, because the dictionary is case-sensitive
/// (Китай the country, кит the whale); callers lower-case the keys they emit.
pub fn normalize_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        for c in word.chars() {
            out.push(if is_apostrophe(c) { '\'' } else { c });
        }
        return;
    }
    let mut has_mark = false;
    for c in word.chars() {
        if c == STRESS_MARK || c == SOFT_HYPHEN {
            continue;
        }
        if is_apostrophe(c) {
            out.push('\'');
            continue;
        }
        // Basic Cyrillic and Latin-1 letters are never marks: skip the table lookup.
        has_mark |= !matches!(c, '\u{0400}'..='\u{0482}' | '\u{048A}'..='\u{04FF}' | '\u{0000}'..='\u{02FF}')
            && is_combining_mark(c);
        out.push(c);
    }
    if has_mark {
        let composed: String = out.nfc().filter(|&c| c != STRESS_MARK).collect();
        *out = composed;
    }
}

/// Lower-cases a dictionary lemma or word into a search key and folds ґ→г and є→е, so
/// that the 2019 spelling variants (проєкт/проект, Європа/Европа, ґанок/ганок) meet.
/// Applied to output keys only: the dictionary lookup itself sees the real letters.
pub fn fold_key(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            'ґ' | 'Ґ' => out.push('г'),
            'є' | 'Є' => out.push('е'),
            _ => push_lower(c, out),
        }
    }
}

/// Lower-cases one character, with a fast path for ASCII and basic Cyrillic (the bulk of
/// the text) before Unicode's tables.
#[inline]
pub fn push_lower(c: char, out: &mut String) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        _ if c.is_ascii() => out.push(c),
        'А'..='Я' => out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        'Ѐ'..='Џ' => out.push(char::from_u32(c as u32 + 0x50).unwrap_or(c)),
        'а'..='я' | 'ѐ'..='џ' => out.push(c),
        _ => out.extend(c.to_lowercase()),
    }
}

/// Lower-cases a word without the ґ/є folding: the key of the exact-form field.
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        push_lower(c, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut out = String::new();
        normalize_word(s, &mut out);
        out
    }

    #[test]
    fn folds_every_apostrophe_variant() {
        for w in ["п'ять", "п’ять", "пʼять", "п‘ять", "п`ять", "п´ять", "п′ять"]
        {
            assert_eq!(norm(w), "п'ять", "{w}");
        }
    }

    #[test]
    fn drops_stress_and_soft_hyphen_but_keeps_case() {
        assert_eq!(norm("Украї\u{301}ни"), "України");
        assert_eq!(norm("за\u{301}мок"), "замок");
        assert_eq!(norm("інфор\u{ad}мація"), "інформація");
    }

    #[test]
    fn composes_decomposed_letters_without_losing_them() {
        // й = и + U+0306, ї = і + U+0308: only the stress mark may go.
        assert_eq!(norm("краи\u{306}ни\u{301}"), "крайни");
        assert_eq!(norm("Украі\u{308}на"), "Україна");
    }

    #[test]
    fn fast_lowercasing_agrees_with_unicode() {
        for c in ('\u{0}'..='\u{052F}').chain(['Ω', 'Ǆ', 'İ']) {
            let mut fast = String::new();
            push_lower(c, &mut fast);
            assert_eq!(fast, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }

    #[test]
    fn key_folding_lowercases_and_merges_spelling_variants() {
        let mut out = String::new();
        fold_key("Європа", &mut out);
        assert_eq!(out, "европа");
        fold_key("ҐАНОК", &mut out);
        assert_eq!(out, "ганок");
        fold_key("BYD", &mut out);
        assert_eq!(out, "byd");
    }
}
