//! The normal form of lexicon keys, in its own file: the builder and the reader both
//! apply it, and neither should import the other for it.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalises a form or lemma the way the lexicon keys are normalised: NFC,
/// stress mark U+0301 and soft hyphen U+00AD removed, apostrophes
/// ’ ʼ ‘ ` ´ ′ folded to ASCII `'`. Case, ґ and є are kept. The analyzer must
/// apply it (plus its own case handling) before every lookup.
pub fn normalize_form(s: &str) -> Cow<'_, str> {
    fn special(c: char) -> bool {
        matches!(c, '\u{301}' | '\u{ad}' | '’' | 'ʼ' | '‘' | '`' | '´' | '′')
    }
    // Fast path: ASCII (but `) and Cyrillic letters (no combining marks) are
    // already NFC and contain nothing to fold.
    let plain =
        |c: char| (c.is_ascii() && c != '`') || matches!(c, '\u{400}'..='\u{482}' | '\u{48a}'..='\u{4ff}');
    if s.chars().all(plain) {
        return Cow::Borrowed(s);
    }
    let nfc = is_nfc_quick(s.chars()) == IsNormalized::Yes;
    if nfc && !s.chars().any(special) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut push = |c: char| match c {
        '\u{301}' | '\u{ad}' => {}
        '’' | 'ʼ' | '‘' | '`' | '´' | '′' => out.push('\''),
        c => out.push(c),
    };
    if nfc {
        s.chars().for_each(&mut push);
    } else {
        s.nfc().for_each(&mut push);
    }
    Cow::Owned(out)
}
