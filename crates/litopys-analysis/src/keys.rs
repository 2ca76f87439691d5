//! From one normalised word to its search keys.
//!
//! A key is what the index stores and the query looks up. Dictionary words become their
//! lemmas (every lemma of an ambiguous form, so that no reading is lost); words the
//! dictionary lacks become Snowball stems in a namespace of their own, so that a stem
//! can never collide with a lemma; Latin words become their lower-case form plus an
//! English stem; numbers stay as written.

use frostem::{Algorithm, Stemmer};

use super::lexicon::{Lexicon, Tags};
use super::normalize::{fold_key, lowercase_into};
use super::tokenizer::Script;

/// Prefix of keys made by the Snowball stemmer: `~укрнафт`. A lemma never starts with
/// `~`, so a guessed stem can never match a dictionary lemma by accident.
pub const STEM_PREFIX: char = '~';

/// Which side of the search a word is analysed for. Text in articles is written with
/// meaningful capitals (Київ the city, кий the cue); queries are typed in lower case, so
/// the query side also tries the capitalised form of every word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// Analysing article text for the index.
    Index,
    /// Analysing a user's query.
    Query,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CaseShape {
    Lower,
    Capitalized,
    Upper,
    MixedCase,
}

fn case_shape(word: &str) -> CaseShape {
    let mut chars = word.chars().filter(|c| c.is_alphabetic());
    let Some(first) = chars.next() else {
        return CaseShape::Lower;
    };
    let (mut upper_rest, mut lower_rest) = (0usize, 0usize);
    for c in chars {
        if c.is_uppercase() {
            upper_rest += 1;
        } else if c.is_lowercase() {
            lower_rest += 1;
        }
    }
    match (first.is_uppercase(), upper_rest, lower_rest) {
        (false, 0, _) => CaseShape::Lower,
        (true, 0, _) => CaseShape::Capitalized,
        (true, _, 0) => CaseShape::Upper,
        _ => CaseShape::MixedCase,
    }
}

fn capitalize(lower: &str) -> String {
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Maps Latin letters that look like Cyrillic ones (the `K` in a mistyped `Kиїв`) to
/// their Cyrillic twins, so that a mostly-Cyrillic word with a homoglyph still reaches
/// the dictionary. Returns `None` when some Latin letter has no twin. Entity matching
/// uses it too.
pub fn fold_homoglyphs(word: &str) -> Option<String> {
    word.chars()
        .map(|c| {
            Some(match c {
                'a' => 'а',
                'c' => 'с',
                'e' => 'е',
                'i' => 'і',
                'o' => 'о',
                'p' => 'р',
                'x' => 'х',
                'y' => 'у',
                'A' => 'А',
                'B' => 'В',
                'C' => 'С',
                'E' => 'Е',
                'H' => 'Н',
                'I' => 'І',
                'K' => 'К',
                'M' => 'М',
                'O' => 'О',
                'P' => 'Р',
                'T' => 'Т',
                'X' => 'Х',
                _ if c.is_ascii_alphabetic() => return None,
                _ => c,
            })
        })
        .collect()
}

/// Drops readings that news prose hardly ever means when the form has another one: a
/// verb in the first/second person or the imperative when the form is also a noun or an
/// adjective («назву», «стану», «назви»), and short adjectives and vocatives whenever
/// anything else is left («жив» is «жити», not the poetic «живий»). Measured on UD
/// Ukrainian-IU dev (`litopys-lab eval lemmas`): conflation precision 0.960 → 0.971 with
/// recall unchanged at 0.991.
fn prune_unusual(readings: &mut Vec<(String, Tags)>) {
    if readings.len() < 2 {
        return;
    }
    let nominal = readings.iter().any(|(_, t)| t.intersects(Tags::NOUN | Tags::ADJ));
    let drop = |t: &Tags| {
        if t.contains(Tags::VERB) {
            nominal && t.is_unusual_in_news()
        } else {
            t.is_unusual_in_news()
        }
    };
    if readings.iter().any(|(_, t)| !drop(t)) {
        readings.retain(|(_, t)| !drop(t));
    }
}

/// Computes search keys. Holds the lexicon and the stemmers; cheap to share.
pub struct KeyMaker {
    lexicon: std::sync::Arc<Lexicon>,
    ukrainian: Stemmer,
    english: Stemmer,
}

impl KeyMaker {
    /// A key maker over `lexicon`.
    pub fn new(lexicon: std::sync::Arc<Lexicon>) -> Self {
        KeyMaker {
            lexicon,
            ukrainian: Stemmer::new(Algorithm::Ukrainian),
            english: Stemmer::new(Algorithm::English),
        }
    }

    /// The lexicon the keys come from.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Appends the keys of `word` (already normalised, case kept) to `out`, without
    /// duplicates. `out` is cleared first.
    pub fn keys(&self, word: &str, script: Script, side: Side, out: &mut Vec<String>) {
        out.clear();
        match script {
            // «2012-го» is the number 2012.
            Script::Number => out.push(
                word.split(['-', '\u{2010}', '\u{2011}'])
                    .next()
                    .unwrap_or(word)
                    .to_string(),
            ),
            Script::Cyrillic => self.cyrillic_keys(word, side, out),
            Script::Mixed => match fold_homoglyphs(word) {
                Some(folded) => self.cyrillic_keys(&folded, side, out),
                None => self.latin_keys(word, out),
            },
            Script::Latin => self.latin_keys(word, out),
            Script::Other => {
                let mut key = String::new();
                lowercase_into(word, &mut key);
                out.push(key);
            }
        }
    }

    fn latin_keys(&self, word: &str, out: &mut Vec<String>) {
        let mut lower = String::new();
        lowercase_into(word, &mut lower);
        let stem = self.english.stem(&lower);
        if stem != lower.as_str() && !stem.is_empty() {
            let stem = format!("{STEM_PREFIX}{stem}");
            out.push(lower);
            out.push(stem);
        } else {
            out.push(lower);
        }
    }

    /// The case variants of `word` to look up, in order. Index side: a lower-case word
    /// in running text is a common noun, so only its own form is tried (`київ` would be
    /// the cue, not the city); a capitalised one may be a sentence start, so its
    /// lower-case form is tried too. Query side: people type in lower case, so the
    /// capitalised form is always tried as well.
    fn variants(word: &str, side: Side) -> Vec<String> {
        let mut lower = String::new();
        lowercase_into(word, &mut lower);
        let mut v = vec![word.to_string()];
        let shape = case_shape(word);
        if shape != CaseShape::Lower {
            v.push(lower.clone());
        }
        if shape == CaseShape::Upper
            || shape == CaseShape::MixedCase
            || (shape == CaseShape::Lower && side == Side::Query)
        {
            v.push(capitalize(&lower));
        }
        v.dedup();
        v
    }

    fn cyrillic_keys(&self, word: &str, side: Side, out: &mut Vec<String>) {
        let mut readings: Vec<(String, Tags)> = Vec::new();
        for form in Self::variants(word, side) {
            self.lexicon.for_each_reading(&form, |lemma, tags| {
                if !readings.iter().any(|(l, t)| l == lemma && *t == tags) {
                    readings.push((lemma.to_string(), tags));
                }
            });
        }
        if readings.is_empty() && side == Side::Index && case_shape(word) == CaseShape::Lower {
            // A proper name typed in lower case by the author: try it capitalised before
            // giving up on the dictionary.
            let mut lower = String::new();
            lowercase_into(word, &mut lower);
            self.lexicon.for_each_reading(&capitalize(&lower), |lemma, tags| {
                readings.push((lemma.to_string(), tags));
            });
        }
        if readings.is_empty() {
            let mut lower = String::new();
            lowercase_into(word, &mut lower);
            let stem = self.ukrainian.stem(&lower);
            let mut key = String::new();
            fold_key(&stem, &mut key);
            key.insert(0, STEM_PREFIX);
            out.push(key);
            return;
        }
        prune_unusual(&mut readings);
        // Non-standard readings (rare, archaic, erroneous spellings) only add false
        // matches when the form also has a standard reading.
        let any_standard = readings.iter().any(|(_, t)| !t.is_marked());
        let mut key = String::new();
        for (lemma, tags) in &readings {
            if any_standard && tags.is_marked() {
                continue;
            }
            fold_key(lemma, &mut key);
            if !out.contains(&key) {
                out.push(key.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unusual_readings_yield_to_usual_ones_but_never_vanish() {
        let noun = Tags::parse_lt("noun:inanim:f:v_zna");
        let verb1 = Tags::parse_lt("verb:perf:futr:s:1");
        let mut r = vec![("назва".to_string(), noun), ("назвати".to_string(), verb1)];
        prune_unusual(&mut r);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, "назва");
        let mut only = vec![("назвати".to_string(), verb1)];
        prune_unusual(&mut only);
        assert_eq!(only.len(), 1);
        let short = Tags::parse_lt("adj:m:v_naz:short");
        let past = Tags::parse_lt("verb:imperf:past:m");
        let mut r = vec![("живий".to_string(), short), ("жити".to_string(), past)];
        prune_unusual(&mut r);
        assert_eq!(r, [("жити".to_string(), past)]);
    }

    #[test]
    fn case_shapes() {
        assert!(matches!(case_shape("київ"), CaseShape::Lower));
        assert!(matches!(case_shape("Київ"), CaseShape::Capitalized));
        assert!(matches!(case_shape("КНР"), CaseShape::Upper));
        assert!(matches!(case_shape("ПриватБанк"), CaseShape::MixedCase));
    }

    #[test]
    fn homoglyphs_fold_only_when_every_latin_letter_has_a_twin() {
        assert_eq!(fold_homoglyphs("Kиїв").as_deref(), Some("Київ"));
        assert_eq!(fold_homoglyphs("сxідside"), None);
    }

    #[test]
    fn query_side_tries_the_capitalised_form() {
        assert_eq!(KeyMaker::variants("київ", Side::Query), ["київ", "Київ"]);
        assert_eq!(KeyMaker::variants("київ", Side::Index), ["київ"]);
        assert_eq!(KeyMaker::variants("КНР", Side::Index), ["КНР", "кнр", "Кнр"]);
    }
}
