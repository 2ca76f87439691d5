//! How a gold entity is judged against the system's: the country it names, whether it is
//! an institution or company-like on its own, and whether two company names are the same
//! (by lemma keys, quotes, legal forms and corporate suffixes ignored). The rules of the
//! protocol described in [`super`], one function each.

use litopys_analysis::{Analyzer, Side};
use litopys_core::entities::quoted::clean_name;
use litopys_core::entities::vocab::is_legal_form;
use litopys_core::entities::{Canonical, EntityExtractor, EntityKind};

use super::gold::GoldEntity;

/// Words that make an organisation a public body, a party or an association rather
/// than a company (stems, lower case).
const INSTITUTION_STEMS: &[&str] = &[
    "міністерств",
    "мін",
    "комітет",
    "рад",
    "суд",
    "парті",
    "уряд",
    "служб",
    "управлінн",
    "департамент",
    "прокуратур",
    "парламент",
    "конгрес",
    "сенат",
    "комісі",
    "інспекці",
    "адміністраці",
    "академі",
    "університет",
    "інститут",
    "союз",
    "асоціаці",
    "фонд",
    "церкв",
    "кабмін",
    "кабінет",
    "палат",
    "ministry",
    "court",
    "party",
    "council",
    "commission",
    "parliament",
    "government",
];

pub(super) fn is_institution(form: &str) -> bool {
    let head_institution = form
        .split(|c: char| !c.is_alphabetic() && c != '\'')
        .filter(|w| !w.is_empty())
        .any(|w| {
            let w = w.to_lowercase();
            litopys_core::entities::vocab::INSTITUTION_STEMS
                .iter()
                .any(|s| w.starts_with(s) && w.chars().count() <= s.chars().count() + 4)
        });
    // A company form (ТОВ, ПАТ …) is a company whatever its name says.
    const PRIVATE: &[&str] = &[
        "ТОВ", "ТзОВ", "ТДВ", "ПАТ", "ПрАТ", "ПуАТ", "АТ", "ВАТ", "ЗАТ", "ПП",
    ];
    if form
        .split(|c: char| c.is_whitespace() || c == '«' || c == '"')
        .next()
        .is_some_and(|w| PRIVATE.contains(&w))
    {
        return false;
    }
    head_institution
        || form
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
            .any(|w| {
                let w = w.to_lowercase();
                INSTITUTION_STEMS
                    .iter()
                    .any(|s| w.starts_with(s) && w.chars().count() <= s.chars().count() + 4)
            })
}

const CORPORATE_SUFFIXES: &[&str] = &[
    "ag",
    "ltd",
    "llc",
    "inc",
    "plc",
    "gmbh",
    "group",
    "corporation",
    "corp",
    "sa",
    "se",
    "nv",
    "bv",
    "holding",
    "holdings",
    "investment",
    "company",
    "limited",
    "груп",
    "холдинг",
    "інвест",
];

/// Company-like on its own: a legal form or a corporate suffix.
pub(super) fn corporate_form(form: &str) -> bool {
    let words: Vec<&str> = form
        .split(|c: char| c.is_whitespace() || c == '-' || c == '«' || c == '»' || c == '"')
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 {
        return false;
    }
    words.first().is_some_and(|w| is_legal_form(w))
        || words
            .last()
            .is_some_and(|w| CORPORATE_SUFFIXES.contains(&w.to_lowercase().trim_end_matches('.')))
}

/// The lemma-key signatures of a name: one key set per word, for the name without
/// quotes and leading legal forms, for its innermost quoted part («ДП «Міжнародний
/// аеропорт «Бориспіль»» → «Бориспіль») and without a trailing corporate suffix
/// («MAKO Holding B. V.» → «MAKO Holding»).
pub(super) fn signatures(analyzer: &Analyzer, name: &str) -> Vec<Vec<Vec<String>>> {
    let sig = |text: &str| -> Vec<Vec<String>> {
        analyzer
            .analyze(text, Side::Index)
            .into_iter()
            .map(|w| {
                let mut k = w.keys;
                k.push(w.text.to_lowercase());
                k
            })
            .collect()
    };
    let clean = clean_name(name);
    let mut out = vec![sig(&clean)];
    if let Some(pos) = clean.rfind(['«', '"', '“', '„']) {
        let inner = clean_name(&clean[pos..]);
        if !inner.is_empty() {
            out.push(sig(&inner));
        }
    }
    let mut words: Vec<&str> = clean.split_whitespace().collect();
    let mut trimmed = false;
    while words.len() > 1 {
        let last = words[words.len() - 1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if CORPORATE_SUFFIXES.contains(&last.as_str()) || last.chars().count() == 1 {
            words.pop();
            trimmed = true;
        } else {
            break;
        }
    }
    if trimmed {
        out.push(sig(&words.join(" ")));
    }
    out.retain(|s| !s.is_empty());
    out
}

pub(super) fn same_name(a: &[Vec<String>], b: &[Vec<String>]) -> bool {
    !a.is_empty() && a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.iter().any(|k| y.contains(k)))
}

/// The country a gold entity names (BSNLP), see the module docs.
pub(super) fn bsnlp_country(ex: &EntityExtractor, e: &GoldEntity) -> Option<Canonical> {
    if let Some(rest) = e
        .xling
        .split_once('-')
        .map(|(_, r)| r)
        .filter(|_| !e.xling.starts_with(char::is_numeric))
    {
        let english = rest.replace('-', " ");
        if let Some(c) = ex.resolve(EntityKind::Country, &english) {
            return Some(c);
        }
        if ex.is_blocked(EntityKind::Country, &english) {
            return None;
        }
    }
    e.forms.iter().find_map(|f| ex.resolve(EntityKind::Country, f))
}

/// The country named by a gold span: the whole span, else its longest run of words
/// that resolves (not counting two-letter Latin words, which would be ISO codes).
pub(super) fn span_countries(ex: &EntityExtractor, form: &str) -> Option<Canonical> {
    let resolve = |part: &str| {
        let code_like = part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic());
        (!code_like)
            .then(|| ex.resolve(EntityKind::Country, part))
            .flatten()
    };
    if ex.is_blocked(EntityKind::Country, form) {
        return None;
    }
    if let Some(c) = resolve(form) {
        return Some(c);
    }
    let words: Vec<&str> = form.split_whitespace().collect();
    for len in (1..words.len()).rev() {
        for start in 0..=words.len() - len {
            let part = words[start..start + len].join(" ");
            let part = part.trim_matches(|c: char| !c.is_alphanumeric());
            if ex.is_blocked(EntityKind::Country, part) {
                continue;
            }
            if let Some(c) = resolve(part) {
                return Some(c);
            }
        }
    }
    None
}
