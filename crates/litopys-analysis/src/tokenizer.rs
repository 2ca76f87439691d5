//! Word segmentation for Ukrainian news text.
//!
//! Tantivy's `SimpleTokenizer` cuts `п'ять` at the apostrophe and `Украї́ни` at the stress
//! mark, so a search for either finds nothing. This tokenizer keeps a word whole across
//! apostrophes (between letters), combining marks and soft hyphens, splits hyphenated
//! compounds into their parts (remembering that they were joined), keeps decimal numbers
//! such as `1,2` whole, and reports byte offsets into the original text.

use super::normalize::{is_apostrophe, is_word_mark};

/// The writing system of a word, which decides how it is analysed: Cyrillic words go to
/// the dictionary, Latin ones are lower-cased, numbers are kept as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// Letters from the Cyrillic block only (digits allowed).
    Cyrillic,
    /// Latin letters only (digits allowed).
    Latin,
    /// Cyrillic and Latin letters together, usually a homoglyph typo (`Kиїв` with Latin K).
    Mixed,
    /// Digits only, with `,` or `.` between digits.
    Number,
    /// Letters of another script (Greek, CJK …).
    Other,
}

/// One word cut from the text: where it is and what it is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordSpan {
    /// Byte offset of the first byte of the word in the original text.
    pub start: usize,
    /// Byte offset one past the word's last byte.
    pub end: usize,
    /// The script of the word's letters.
    pub script: Script,
    /// True when a hyphen joins this word to the previous one (`прем'єр` in `віце-прем'єр`),
    /// so that the analyzer can also try the compound as a whole.
    pub hyphen_joined: bool,
}

/// Words longer than this many bytes are noise (base64, URLs without separators) and are
/// skipped: they would only bloat the term dictionary.
pub const MAX_WORD_BYTES: usize = 160;

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// What a character is to the tokenizer. Most characters of Ukrainian news are ASCII or
/// basic Cyrillic; classifying those by range first avoids Unicode's table lookups, which
/// were a third of the analysis time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharClass {
    CyrillicLetter,
    LatinLetter,
    Digit,
    OtherLetter,
    Mark,
    Other,
}

#[inline]
fn classify(c: char) -> CharClass {
    match c {
        'a'..='z' | 'A'..='Z' => CharClass::LatinLetter,
        '0'..='9' => CharClass::Digit,
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => CharClass::CyrillicLetter,
        '\u{0483}'..='\u{0489}' => CharClass::Mark,
        _ if c.is_ascii() => CharClass::Other,
        '\u{00C0}'..='\u{024F}' if c.is_alphabetic() => CharClass::LatinLetter,
        _ if is_word_mark(c) => CharClass::Mark,
        _ if c.is_alphabetic() => CharClass::OtherLetter,
        _ if c.is_numeric() => CharClass::Digit,
        _ => CharClass::Other,
    }
}

#[inline]
fn starts_word(c: char) -> bool {
    matches!(
        classify(c),
        CharClass::CyrillicLetter | CharClass::LatinLetter | CharClass::Digit | CharClass::OtherLetter
    )
}

#[inline]
fn is_letter(c: char) -> bool {
    matches!(
        classify(c),
        CharClass::CyrillicLetter | CharClass::LatinLetter | CharClass::OtherLetter
    )
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

/// Ordinal and case endings written after a number with a hyphen («2012-го», «3-му»,
/// «90-х») belong to the number: they are not words of their own, and a search for
/// «2012» should find «2012-го». Returns the new end of the number.
fn absorb_ordinal_suffix(text: &str, end: usize) -> usize {
    let Some(h) = char_at(text, end).filter(|&c| is_hyphen(c)) else {
        return end;
    };
    let start = end + h.len_utf8();
    let mut stop = start;
    let mut letters = 0;
    while let Some(c) = char_at(text, stop) {
        if !c.is_alphabetic() {
            break;
        }
        letters += 1;
        stop += c.len_utf8();
    }
    let after_ok = !char_at(text, stop).is_some_and(|c| starts_word(c) || is_hyphen(c));
    let suffix = &text[start..stop];
    if (1..=3).contains(&letters) && after_ok && suffix.chars().all(is_cyrillic) {
        stop
    } else {
        end
    }
}

/// Iterator over the words of a text, in order.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
    /// End of the previous word when it was followed directly by a hyphen.
    hyphen_after: Option<usize>,
}

/// Cuts `text` into words; see the module documentation for the rules.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        pos: 0,
        hyphen_after: None,
    }
}

impl Iterator for Words<'_> {
    type Item = WordSpan;

    fn next(&mut self) -> Option<WordSpan> {
        let text = self.text;
        loop {
            // Skip to the start of the next word.
            let (start, first) = text[self.pos..]
                .char_indices()
                .find(|&(_, c)| starts_word(c))
                .map(|(i, c)| (self.pos + i, c))?;
            let hyphen_joined = self.hyphen_after == Some(start);
            self.hyphen_after = None;
            let (mut cyr, mut lat, mut other) = (false, false, false);
            let mut note = |class: CharClass, c: char| match class {
                CharClass::CyrillicLetter => cyr = true,
                CharClass::LatinLetter => lat = true,
                // U+02BC, the modifier-letter apostrophe, is a letter to Unicode.
                CharClass::OtherLetter if c != '\u{02BC}' => other = true,
                _ => {}
            };
            note(classify(first), first);
            let mut end = start + first.len_utf8();
            let mut prev = first;
            while let Some(c) = char_at(text, end) {
                let class = classify(c);
                if class != CharClass::Other {
                    note(class, c);
                    prev = c;
                    end += c.len_utf8();
                    continue;
                }
                let next = char_at(text, end + c.len_utf8());
                let joins = match next {
                    Some(n) if is_apostrophe(c) => is_letter(prev) && is_letter(n),
                    Some(n) if c == ',' || c == '.' => prev.is_ascii_digit() && n.is_ascii_digit(),
                    _ => false,
                };
                if !joins {
                    break;
                }
                end += c.len_utf8();
            }
            let letters = cyr || lat || other;
            if !letters {
                end = absorb_ordinal_suffix(text, end);
            }
            self.pos = end;
            if let Some(c) = char_at(text, end) {
                if is_hyphen(c) && char_at(text, end + c.len_utf8()).is_some_and(starts_word) {
                    self.hyphen_after = Some(end + c.len_utf8());
                }
            }
            if end - start > MAX_WORD_BYTES {
                continue;
            }
            let script = match (letters, cyr, lat, other) {
                (false, ..) => Script::Number,
                (_, true, true, _) => Script::Mixed,
                (_, true, false, _) => Script::Cyrillic,
                (_, false, true, false) => Script::Latin,
                _ => Script::Other,
            };
            return Some(WordSpan {
                start,
                end,
                script,
                hyphen_joined,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        words(text).map(|w| &text[w.start..w.end]).collect()
    }

    #[test]
    fn keeps_apostrophes_and_stress_inside_words() {
        assert_eq!(
            cut("п'ять комп’ютера Украї\u{301}ни пʼятниця"),
            ["п'ять", "комп’ютера", "Украї\u{301}ни", "пʼятниця"]
        );
    }

    #[test]
    fn quotes_around_words_are_not_part_of_them() {
        assert_eq!(cut("'слово' ‘інше’ `третє`"), ["слово", "інше", "третє"]);
    }

    #[test]
    fn splits_hyphenated_compounds_and_marks_the_join() {
        let text = "віце-прем'єр — Ростов-на-Дону";
        let spans: Vec<_> = words(text).collect();
        let parts: Vec<_> = spans
            .iter()
            .map(|w| (&text[w.start..w.end], w.hyphen_joined))
            .collect();
        assert_eq!(
            parts,
            [
                ("віце", false),
                ("прем'єр", true),
                ("Ростов", false),
                ("на", true),
                ("Дону", true)
            ]
        );
    }

    #[test]
    fn numbers_and_latin_words() {
        let text = "BYD інвестує $650 млн, або 1,2 млрд грн, у 2024 році; Great Wall.";
        assert_eq!(
            cut(text),
            [
                "BYD",
                "інвестує",
                "650",
                "млн",
                "або",
                "1,2",
                "млрд",
                "грн",
                "у",
                "2024",
                "році",
                "Great",
                "Wall"
            ]
        );
        let scripts: Vec<_> = words(text).map(|w| w.script).collect();
        assert_eq!(scripts[0], Script::Latin);
        assert_eq!(scripts[1], Script::Cyrillic);
        assert_eq!(scripts[2], Script::Number);
    }

    #[test]
    fn ordinal_endings_stay_with_their_number() {
        assert_eq!(
            cut("у 2012-му і 90-х роках, 14-річні"),
            ["у", "2012-му", "і", "90-х", "роках", "14", "річні"]
        );
        assert_eq!(words("2012-го").next().unwrap().script, Script::Number);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "  «Китаєм» — ";
        let w = words(text).next().unwrap();
        assert_eq!(&text[w.start..w.end], "Китаєм");
    }

    #[test]
    fn mixed_script_is_detected() {
        let w = words("Kиїв").next().unwrap();
        assert_eq!(w.script, Script::Mixed);
    }

    #[test]
    fn empty_and_punctuation_only_text_has_no_words() {
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" — , . ' ").count(), 0);
    }
}
