//! The words the company rules and the matcher's guards look for: organisation words,
//! legal forms, the forms and head words of state enterprises and institutions, media
//! words, and corporate suffixes (Latin and transliterated).
//!
//! Only lists and predicates over single words, so that the quoted-name helpers, the
//! matcher and the rules can all ask "is this a legal form?" without importing each other.

use super::names::fold_char;

/// Organisation words (lower-case stems) whose next quoted name is a company.
const TRIGGER_STEMS: &[&str] = &[
    "компані",
    "авіакомпані",
    "енергокомпані",
    "корпораці",
    "концерн",
    "холдинг",
    "агрохолдинг",
    "медіахолдинг",
    "фірм",
    "підприємств",
    "завод",
    "комбінат",
    "фабрик",
    "банк",
    "виробник",
    "автовиробник",
    "оператор",
    "забудовник",
    "девелопер",
    "перевізник",
    "авіаперевізник",
    "лоукостер",
    "ритейлер",
    "агентств",
    "агенці",
    "інформагенці",
    "інформагентств",
    "дистриб'ютор",
    "постачальник",
    "підрядник",
    "субпідрядник",
    "страховик",
    "видавництв",
    "товариств",
    "відповідальніст",
    "стартап",
    "маркетплейс",
    "мобільний оператор",
];

/// Endings a trigger stem may take (Ukrainian noun inflection).
const ENDINGS: &[&str] = &[
    "", "а", "у", "ом", "і", "и", "ів", "ам", "ами", "ах", "ою", "ї", "ю", "ей", "ям", "ями", "ях", "єю",
    "й", "є", "о", "е", "я",
];

/// Ukrainian legal forms (abbreviations written as here).
const LEGAL_FORMS: &[&str] = &[
    "ТОВ", "ТзОВ", "ТДВ", "СТОВ", "ПАТ", "ПрАТ", "ПуАТ", "АТ", "ВАТ", "ЗАТ", "ПП", "ДП", "КП", "ДК", "НАК",
    "НАЕК", "ТД", "НВП", "НПП", "НВФ", "ВКФ", "ПФ", "АК", "СП", "ПВКП", "ДАК", "ДГ", "ВП", "ПСП", "ФГ",
    "АКБ", "КБ", "ДТГО", "ТОВ", "LLC", "Ltd",
];

/// Legal forms and words of state or municipal enterprises: their quoted name is a
/// company unless it is named as an institution («КП «Управління капітального
/// будівництва»», «ДП «Інститут …»»).
const PUBLIC_FORMS: &[&str] = &["ДП", "КП", "КНП", "ДК", "ДТГО"];
const PUBLIC_WORDS: &[&str] = &["державн", "комунальн", "казенн"];

/// Head words of institutions (lower-case stems with their endings).
pub const INSTITUTION_STEMS: &[&str] = &[
    "управлінн",
    "інститут",
    "фонд",
    "служб",
    "академі",
    "університет",
    "рад",
    "комітет",
    "міністерств",
    "департамент",
    "інспекці",
    "адміністраці",
    "школ",
    "лікарн",
    "музе",
    "бібліотек",
    "театр",
];

/// Media words: not company triggers, but context for ambiguous list names
/// (газета «День», журнал «Time»).
const MEDIA_STEMS: &[&str] = &[
    "газет",
    "журнал",
    "видання",
    "телеканал",
    "радіостанці",
    "портал",
    "телекомпані",
    "сайт",
];

/// Latin corporate suffixes (lower case).
pub(crate) const LATIN_SUFFIXES: &[&str] = &[
    "group",
    "corporation",
    "corp",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "ag",
    "sa",
    "se",
    "nv",
    "bv",
    "gmbh",
    "kg",
    "co",
    "company",
    "holding",
    "holdings",
    "investment",
    "investments",
    "industries",
    "enterprises",
    "motors",
    "airlines",
    "airways",
    "technologies",
    "pharmaceuticals",
    "pharma",
    "petroleum",
    "bank",
    "energy",
    "power",
    "oil",
    "gas",
    "mining",
    "steel",
    "telecom",
    "logistics",
    "trading",
    "capital",
    "partners",
    "ventures",
    "resources",
    "chemicals",
    "electronics",
    "automotive",
    "insurance",
    "shipping",
];

/// Latin suffixes that are abbreviations: they count in any case («Krederi ltd»).
pub(crate) const LATIN_ABBREVIATIONS: &[&str] = &["inc", "ltd", "llc", "llp", "plc", "gmbh", "corp", "co"];

/// Cyrillic transliterations of corporate suffixes (lower case).
pub(crate) const CYRILLIC_SUFFIXES: &[&str] = &[
    "груп",
    "холдинг",
    "холдінг",
    "корпорейшн",
    "інвестмент",
    "лімітед",
    "компані",
    "інк",
    "трейдинг",
    "ойл",
    "енерджі",
    "моторс",
    "інвест",
    "індастріз",
    "текнолоджіс",
    "кепітал",
];

/// `word` lower-cased equals `lower` (which has no ґ or є).
pub(crate) fn eq_folded(word: &str, lower: &str) -> bool {
    let mut a = word.chars();
    let mut b = lower.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if fold_char(x) == y => {}
            _ => return false,
        }
    }
}

fn stem_match(word: &str, stems: &[&str]) -> bool {
    let lower = word.to_lowercase().replace(['’', 'ʼ', '`'], "'");
    stems
        .iter()
        .any(|s| lower.strip_prefix(s).is_some_and(|rest| ENDINGS.contains(&rest)))
}

/// True for a legal form (ТОВ, ПрАТ, LLC …).
pub fn is_legal_form(word: &str) -> bool {
    LEGAL_FORMS.contains(&word)
}

/// True for a word after which a quoted name is a company: an organisation word in any
/// inflection or a legal form.
pub fn is_company_trigger(word: &str) -> bool {
    is_legal_form(word) || stem_match(word, TRIGGER_STEMS)
}

/// True for a word that makes an ambiguous list name count: a company trigger or a
/// media word.
pub fn is_org_word(word: &str) -> bool {
    is_company_trigger(word) || stem_match(word, MEDIA_STEMS)
}

/// True when a state or municipal enterprise's name says it is an institution.
pub(crate) fn institution_name(trigger: &str, before: &str, name: &str) -> bool {
    let public = PUBLIC_FORMS.contains(&trigger)
        || (stem_match(trigger, &["підприємств"]) && {
            let prev = before.split_whitespace().next_back().unwrap_or("");
            PUBLIC_WORDS.iter().any(|p| prev.to_lowercase().starts_with(p))
        });
    if !public {
        return false;
    }
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .take(6)
        .any(|w| {
            let w = w.to_lowercase();
            INSTITUTION_STEMS
                .iter()
                .any(|st| w.strip_prefix(st).is_some_and(|rest| ENDINGS.contains(&rest)))
        })
}

/// True for a Latin corporate suffix (Group, AG, Ltd …), any case.
pub fn is_latin_suffix(word: &str) -> bool {
    word.len() <= 15 && LATIN_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(word))
}
