//! Organisations the recogniser finds: whether one is a company (media companies and news
//! agencies, airlines, banks, state enterprises with an enterprise form, any firm) or not
//! (ministries, courts, parties, councils, NGOs, universities, international bodies), and
//! its name in the nominative, so that «Міністерства фінансів України» and «Міністерство
//! фінансів України» are one facet value.
//!
//! Classification looks at the name's own words and the word before it: an organisation
//! word of a company (компанія, банк, авіакомпанія, телеканал, ТОВ …) or a Latin corporate
//! suffix makes a company; an institution word (міністерство, суд, партія, рада,
//! університет …) makes an organisation. Without either: a name in Latin letters (TUI,
//! Iberia, O2) or in quotes («Придніпровська залізниця», «Українські Новини») is a company,
//! an abbreviation in Cyrillic capitals (НАТО, ООН, СБУ) and any other name an
//! organisation.
//!
//! The nominative: the head noun (the first noun of the name) becomes its lemma and the
//! adjectives before it agree with its gender («Верховної Ради» → «Верховна Рада»); the
//! words after the head are its complement and stay as written («фінансів України»). A
//! head in the plural («Збройних сил») is kept as written: the dictionary's lemma is
//! singular.

use litopys_analysis::lexicon::{Lexicon, Tags};
use litopys_analysis::normalize::normalize_word;
use litopys_analysis::tokenizer::{words, Script};

use super::names::{is_quote, shape, Shape};
use super::pattern::readings;
use super::vocab::{is_company_trigger, is_latin_suffix, is_legal_form};

/// What kind of organisation a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrgKind {
    /// A commercial company.
    Company,
    /// Any other organisation.
    Organisation,
}

/// Stems of words that make a name an institution, not a company.
const INSTITUTION_STEMS: &[&str] = &[
    "міністерств",
    "суд",
    "рад",
    "парті",
    "комітет",
    "комісі",
    "служб",
    "управлін",
    "департамент",
    "університет",
    "інститут",
    "академі",
    "школ",
    "ліце",
    "асоціаці",
    "спілк",
    "союз",
    "фонд",
    "організаці",
    "об'єднан",
    "уряд",
    "парламент",
    "прокуратур",
    "поліці",
    "адміністраці",
    "інспекці",
    "палат",
    "конгрес",
    "сенат",
    "товариств",
    "федераці",
    "церкв",
    "мері",
    "посольств",
    "консульств",
    "штаб",
    "арм",
    "бригад",
    "полк",
    "флот",
    "сил",
    "бюро",
    "рух",
    "блок",
    "фракці",
    "коаліці",
    "альянс",
    "агентств",
    "центр",
    "музе",
    "театр",
    "бібліотек",
    "лікарн",
    "кабінет",
    "секретаріат",
    "офіс",
    "збірн",
    "клуб",
    "команд",
    "ліг",
    "орган",
];

/// Stems of media and firm words that make a name a company (besides the company
/// triggers of `vocab`).
const COMPANY_STEMS: &[&str] = &[
    "телеканал",
    "радіо",
    "канал",
    "газет",
    "видан",
    "журнал",
    "радіостанці",
    "телерадіокомпані",
    "авіакомпані",
    "авіаперевізник",
    "перевізник",
    "оператор",
    "виробник",
    "забудовник",
    "холдинг",
    "концерн",
    "корпораці",
    "завод",
    "комбінат",
    "фабрик",
    "шахт",
    "банк",
    "мереж",
    "ритейлер",
    "інформагентств",
    "стартап",
    "бренд",
    "залізниц",
];

/// True when `word` (any case) is a stem of `stems` plus a short ending.
fn stem_in(word: &str, stems: &[&str]) -> bool {
    let lower = word.to_lowercase().replace(['’', 'ʼ', '`'], "'");
    stems.iter().any(|s| {
        lower
            .strip_prefix(s)
            .is_some_and(|rest| rest.chars().count() <= 3 && rest.chars().all(char::is_alphabetic))
    })
}

/// Classifies an organisation named `name`, written after `before` (the text up to it).
pub fn classify(name: &str, before: &str) -> OrgKind {
    let prev = before
        .trim_end_matches(|c: char| c.is_whitespace() || is_quote(c))
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let inner: Vec<&str> = words(name).map(|w| &name[w.start..w.end]).collect();
    let company_word = |w: &str| is_company_trigger(w) || is_legal_form(w) || stem_in(w, COMPANY_STEMS);
    let institution_word = |w: &str| stem_in(w, INSTITUTION_STEMS);
    // The name's own first word decides before the word in front of it: «компанія
    // Верховної Ради» is rare, «депутат Верховної Ради» is not a trigger either way.
    if let Some(first) = inner.first() {
        if institution_word(first) && !company_word(first) {
            return OrgKind::Organisation;
        }
        if company_word(first) {
            return OrgKind::Company;
        }
    }
    if inner.iter().any(|w| is_latin_suffix(w) || is_legal_form(w)) || company_word(prev) {
        return OrgKind::Company;
    }
    if institution_word(prev) || inner.iter().any(|w| institution_word(w)) {
        return OrgKind::Organisation;
    }
    let latin = words(name).all(|w| matches!(w.script, Script::Latin | Script::Number));
    let quoted = before.trim_end().ends_with(is_quote) || name.starts_with(is_quote);
    if latin || quoted {
        return OrgKind::Company;
    }
    OrgKind::Organisation
}

/// True when a name the recogniser took for an organisation is a place or an adjective:
/// every word is a geographic name or an adjective (Північна Ірландія, Близького Сходу,
/// «Національною»), and none is an organisation word.
pub fn is_place(lexicon: &Lexicon, name: &str) -> bool {
    let mut rs = Vec::new();
    let mut norm = String::new();
    let mut any = false;
    for w in words(name) {
        let word = &name[w.start..w.end];
        if stem_in(word, INSTITUTION_STEMS) || stem_in(word, COMPANY_STEMS) || is_company_trigger(word) {
            return false;
        }
        norm.clear();
        normalize_word(word, &mut norm);
        lookup(lexicon, &norm, &mut rs);
        let place_or_adj = !rs.is_empty()
            && rs
                .iter()
                .all(|(_, t)| t.contains(Tags::GEO) || (t.contains(Tags::ADJ) && !t.contains(Tags::NOUN)));
        if !place_or_adj {
            return false;
        }
        any = true;
    }
    any
}

/// The name in the nominative (see the module comment), on one line with single spaces,
/// quotes and spaces at its ends removed: the one form a facet value and a filter share.
pub fn normalise(lexicon: &Lexicon, name: &str) -> String {
    nominative(lexicon, name)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn nominative(lexicon: &Lexicon, name: &str) -> String {
    let name =
        name.trim_matches(|c: char| c.is_whitespace() || is_quote(c) || matches!(c, '(' | ')' | ',' | '.'));
    let spans: Vec<_> = words(name).collect();
    let mut norm = String::new();
    let mut rs = Vec::new();
    let mut head = None;
    for (i, w) in spans.iter().enumerate().take(4) {
        norm.clear();
        normalize_word(&name[w.start..w.end], &mut norm);
        if w.script != Script::Cyrillic || shape(&norm) == Shape::Upper {
            return name.to_string();
        }
        lookup(lexicon, &norm, &mut rs);
        // A common noun heads the name; a word that is also a proper noun (Міська, a
        // surname) is read as the adjective it is in front of one.
        let noun = rs
            .iter()
            .any(|(_, t)| t.contains(Tags::NOUN) && !t.contains(Tags::ADJ) && !t.contains(Tags::PROPER));
        let adj = rs.iter().any(|(_, t)| t.contains(Tags::ADJ));
        if noun {
            head = Some((i, rs.clone()));
            break;
        }
        if !adj {
            return name.to_string();
        }
    }
    let Some((h, head_readings)) = head else {
        return name.to_string();
    };
    let nouns: Vec<&(String, Tags)> = head_readings
        .iter()
        .filter(|(_, t)| t.contains(Tags::NOUN) && !t.contains(Tags::ADJ) && !t.contains(Tags::PROPER))
        .collect();
    // Plural (left as written).
    if nouns.iter().all(|(_, t)| t.contains(Tags::PLURAL)) {
        return name.to_string();
    }
    // The genders the adjectives before the head can have («Національного»: masculine or
    // neuter), so that «банку» is the bank, not the jar (банка).
    let mut allowed = [true; 3];
    for w in spans.iter().take(h) {
        norm.clear();
        normalize_word(&name[w.start..w.end], &mut norm);
        lookup(lexicon, &norm, &mut rs);
        let mut can = [false; 3];
        for (_, t) in rs.iter().filter(|(_, t)| t.contains(Tags::ADJ)) {
            can[gender_index(*t)] = true;
        }
        if can.iter().any(|c| *c) {
            for (a, c) in allowed.iter_mut().zip(can) {
                *a &= c;
            }
        }
    }
    let singular = || nouns.iter().filter(|(_, t)| !t.contains(Tags::PLURAL));
    // Already in the nominative singular, in a gender the adjectives allow.
    if singular().any(|(_, t)| t.contains(Tags::NOMINATIVE) && allowed[gender_index(*t)]) {
        return name.to_string();
    }
    // Agreeing with the adjectives, else masculine, neuter, feminine in that order.
    let Some((lemma, tags)) = [0, 1, 2]
        .iter()
        .filter(|g| allowed[**g])
        .find_map(|g| singular().find(|(_, t)| gender_index(*t) == *g))
        .or_else(|| singular().next())
        .map(|r| (&r.0, &r.1))
    else {
        return name.to_string();
    };
    let gender = if tags.contains(Tags::FEM) {
        'f'
    } else if tags.contains(Tags::MASC) {
        'm'
    } else {
        'n'
    };
    let mut out = String::with_capacity(name.len());
    let mut last = 0;
    for (i, w) in spans.iter().enumerate().take(h + 1) {
        out.push_str(&name[last..w.start]);
        let surface = &name[w.start..w.end];
        let word = if i == h {
            lemma.clone()
        } else {
            norm.clear();
            normalize_word(surface, &mut norm);
            lookup(lexicon, &norm, &mut rs);
            match rs.iter().find(|(_, t)| t.contains(Tags::ADJ)) {
                Some((adj, _)) => agree(adj, gender),
                None => surface.to_string(),
            }
        };
        out.push_str(&same_case(surface, &word));
        last = w.end;
    }
    out.push_str(&name[last..]);
    out
}

/// 0 masculine, 1 neuter (no gender mark), 2 feminine.
fn gender_index(t: Tags) -> usize {
    if t.contains(Tags::MASC) {
        0
    } else if t.contains(Tags::FEM) {
        2
    } else {
        1
    }
}

/// Readings of a word as written and of its lower-case form: a capitalised word of a
/// name («Раді») is a common word («рада») that the name's capital hides.
fn lookup(lexicon: &Lexicon, norm: &str, rs: &mut Vec<(String, Tags)>) {
    readings(lexicon, norm, rs);
    let lower = norm.to_lowercase();
    if lower != norm {
        let mut more = Vec::new();
        readings(lexicon, &lower, &mut more);
        rs.extend(more);
    }
}

/// A masculine adjective lemma in the gender of its noun: верховний → верховна, верхнє.
fn agree(adj: &str, gender: char) -> String {
    let (stem, soft) = if let Some(s) = adj.strip_suffix("ий") {
        (s, false)
    } else if let Some(s) = adj.strip_suffix("ій") {
        (s, true)
    } else {
        return adj.to_string();
    };
    let end = match (gender, soft) {
        ('f', false) => "а",
        ('f', true) => "я",
        ('n', false) => "е",
        ('n', true) => "є",
        (_, false) => "ий",
        (_, true) => "ій",
    };
    format!("{stem}{end}")
}

/// `word` with the capital of `surface`'s first letter when it has one.
fn same_case(surface: &str, word: &str) -> String {
    let cap = surface.chars().next().is_some_and(char::is_uppercase);
    let mut cs = word.chars();
    match cs.next() {
        Some(c) if cap => c.to_uppercase().chain(cs).collect(),
        Some(c) => c.to_lowercase().chain(cs).collect(),
        None => String::new(),
    }
}
