//! Ukrainian stopwords, as lemma keys.
//!
//! The list is applied to lemmas rather than surface forms, so one entry («той») covers
//! its whole paradigm (того, тому, тих …). Stopwords are still indexed with their
//! positions: a quoted phrase such as "один із найбільших" must match, and dropping them
//! at index time would make that impossible. The query builder leaves them out of
//! free-word queries instead, where they would only add noise and cost.
//!
//! The list was written for this project: function words (prepositions, conjunctions,
//! particles), personal, demonstrative and relative pronouns, and the copula «бути».

/// Lemma keys (lower-cased, ґ→г and є→е folded) that free-word queries ignore.
pub const STOPWORDS: &[&str] = &[
    // prepositions
    "а",
    "без",
    "біля",
    "в",
    "від",
    "для",
    "до",
    "з",
    "за",
    "зі",
    "із",
    "к",
    "крізь",
    "між",
    "навколо",
    "над",
    "о",
    "об",
    "од",
    "перед",
    "по",
    "під",
    "після",
    "поза",
    "поміж",
    "при",
    "про",
    "проти",
    "серед",
    "у",
    "через",
    "щодо",
    "задля",
    "замість",
    "внаслідок",
    // conjunctions
    "і",
    "й",
    "та",
    "але",
    "або",
    "чи",
    "що",
    "як",
    "якщо",
    "коли",
    "бо",
    "адже",
    "проте",
    "однак",
    "ані",
    "ні",
    "щоб",
    "хоча",
    "хоч",
    "мов",
    "наче",
    "ніби",
    "неначе",
    "поки",
    "доки",
    "аби",
    "тобто",
    "тому",
    "зате",
    "причому",
    "немов",
    // particles and frequent adverbs with no content
    "не",
    "ж",
    "же",
    "б",
    "би",
    "лише",
    "лиш",
    "тільки",
    "навіть",
    "ще",
    "вже",
    "уже",
    "саме",
    "ось",
    "от",
    "хай",
    "нехай",
    "аж",
    "так",
    "там",
    "тут",
    "де",
    "тоді",
    "також",
    "теж",
    "це",
    "то",
    "ото",
    "ну",
    "мовляв",
    "нібито",
    "якраз",
    "було",
    // pronouns
    "я",
    "ми",
    "ти",
    "ви",
    "він",
    "вона",
    "воно",
    "вони",
    "себе",
    "свій",
    "мій",
    "твій",
    "наш",
    "ваш",
    "їхній",
    "їх",
    "його",
    "її",
    "той",
    "цей",
    "такий",
    "який",
    "котрий",
    "хто",
    "весь",
    "сам",
    "самий",
    "кожен",
    "кожний",
    "інший",
    "деякий",
    "жоден",
    "жодний",
    "ніхто",
    "ніщо",
    "щось",
    "хтось",
    "дещо",
    "чий",
    "стільки",
    "скільки",
    // copula
    "бути",
];

/// True when `key` is a stopword lemma key.
pub fn is_stopword(key: &str) -> bool {
    // The list is small and short-keyed; a binary search over a sorted copy would not be
    // measurably faster for queries, which is the only caller on a hot-ish path.
    STOPWORDS.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold_key;

    #[test]
    fn every_entry_is_already_a_folded_key() {
        let mut folded = String::new();
        for w in STOPWORDS {
            fold_key(w, &mut folded);
            assert_eq!(&folded, w, "stopword {w} must be written as a folded key");
        }
    }

    #[test]
    fn content_words_are_not_stopwords() {
        for w in ["китай", "угода", "мати", "рік", "компанія"] {
            assert!(!is_stopword(w), "{w}");
        }
        assert!(is_stopword("той"));
    }
}
