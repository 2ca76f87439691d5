//! Extraction never panics, whatever the text: random Unicode (Cyrillic and Latin words
//! in any case, quotes, apostrophes, hyphens and dashes, digits, combining marks, line
//! breaks and arbitrary characters) mixed with the names, organisation words, legal forms
//! and corporate suffixes the lists and rules look for, so that the rule paths (nested
//! quotes, peeled legal forms, suffix runs) are reached too. Every mention must point at
//! its own text, and its name must be a listed name or a plausible rule-found one.

use std::collections::HashSet;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::*;

/// One extractor for every case: built on the analysis crate's test lexicon.
static EXTRACTOR: LazyLock<EntityExtractor> = LazyLock::new(|| {
    EntityExtractor::new(litopys_analysis::test_lexicon::analyzer(), None).expect("embedded lists")
});

/// The canonical names of the embedded lists, per kind.
static KNOWN: LazyLock<HashSet<(EntityKind, String)>> = LazyLock::new(|| {
    sources::Sources::embedded()
        .expect("embedded lists")
        .entities
        .into_iter()
        .map(|e| (e.kind, e.name))
        .collect()
});

/// Words the lists and the rules react to, in several forms and cases, and the openings
/// and closings of the rules' patterns, so that those paths are reached often.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "Китай", "Китаю", "Китаєм", "КИТАЙ", "кит", "китайський", "Україна", "України", "Україні",
    "Того", "того", "Чилі", "чилі", "Грузія", "Марія", "Сальвадор", "Далі", "Велика", "Британія",
    "Сполучені", "Штати", "США", "КНР", "Латинська", "Америка", "Нафтогаз", "Нафтогазу", "ДТЕК",
    "Енергоатом", "ТОВ", "ПрАТ", "ДП", "КП", "НАЕК", "ТзОВ", "LLC", "Ltd", "ltd", "компанія",
    "компанії", "концерн", "банк", "підприємство", "державне", "Управління", "Інститут", "газета",
    "Group", "Corporation", "Investment", "Holding", "AG", "Inc", "Груп", "Лімітед", "Інвест",
    "Холдинг", "China", "Skoda", "Superb", "Audi", "Q7", "The", "World", "Bank", "Apple", "Тесла",
    "п'ять", "Кам’янське", "об'єднання", "Iнтерфакс", "Kиїв", "МТС-Україна", "B. V.", "&", "2025",
    "компанія «", "ТОВ «", "ДП «НАЕК «", "концерн \"", "КП «Управління ", "»", "»»", "» ", "\" ",
    " Group", " Ltd", " Груп", " Холдинг", "China Huadian ",
];

/// Single characters that separate, quote, join or combine.
#[rustfmt::skip]
const MARKS: &[char] = &[
    ' ', ' ', ' ', '\u{a0}', '\n', '\t', '«', '»', '"', '„', '“', '”', '‹', '›', '\'', '’', 'ʼ', '`',
    '‘', '-', '‐', '‑', '–', '—', '.', ',', ':', ';', '!', '?', '…', '(', ')', '[', ']', '•', '*', '>',
    '|', '+', '&', '/', '\u{301}', '\u{306}', '\u{308}', '\u{200b}', '\u{feff}', 'І', 'ї', 'є', 'ґ',
    'Ґ', 'ё', 'ß', 'İ', 'ﬁ', '0', '7',
];

/// One piece of a random text.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(WORDS).prop_map(str::to_string),
        4 => prop::sample::select(MARKS).prop_map(String::from),
        2 => "[а-яА-ЯіїєґІЇЄҐ'’]{1,9}",
        1 => "[a-zA-Z0-9]{1,7}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A random text of up to 60 pieces.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|v| v.concat())
}

/// The checks every mention of `field` must pass.
fn check(m: &Mention, field: &str) -> Result<(), TestCaseError> {
    prop_assert!(m.start <= m.end && m.end <= field.len(), "{m:?}");
    prop_assert!(
        field.is_char_boundary(m.start) && field.is_char_boundary(m.end),
        "{m:?}"
    );
    prop_assert_eq!(&m.text, &field[m.start..m.end]);
    prop_assert!(!m.name.is_empty() && m.name.trim() == m.name, "{m:?}");
    let known = KNOWN.contains(&(m.kind, m.name.clone()));
    match m.kind {
        EntityKind::Country => prop_assert!(known && m.code.is_some(), "unknown country {m:?}"),
        // Not listed: found by the rules, which clean the name (spaces collapsed to one,
        // no line break or tab inside).
        EntityKind::Company => prop_assert!(
            m.code.is_none()
                && (known
                    || !(m.name.contains("  ") || m.name.chars().any(|c| c.is_whitespace() && c != ' '))),
            "implausible company {m:?}"
        ),
        // From the recogniser: one line, single spaces.
        EntityKind::Person | EntityKind::Organisation => prop_assert!(
            m.code.is_none()
                && !(m.name.contains("  ") || m.name.chars().any(|c| c.is_whitespace() && c != ' ')),
            "implausible name {m:?}"
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn extraction_never_panics_and_names_are_plausible(title in proptest::option::of(text()), body in text()) {
        let ex = &*EXTRACTOR;
        for m in ex.extract(title.as_deref(), &body) {
            let field = match m.field {
                Field::Title => title.as_deref().unwrap_or(""),
                Field::Body => body.as_str(),
            };
            check(&m, field)?;
        }
        // What a user may type for a filter goes through the same code.
        for kind in [EntityKind::Country, EntityKind::Company] {
            if let Some(c) = ex.resolve(kind, &body) {
                prop_assert!(KNOWN.contains(&(c.kind, c.name.clone())), "{c:?}");
            }
            ex.is_blocked(kind, &body);
        }
        normalize_name(&body);
    }
}
