//! Rules for companies the list lacks.
//!
//! 1. A quoted name right after an organisation word or a legal form:
//!    «компанія "Dalian Group"», «концерн «Фуфенг»», «ТОВ «Ромашка»», «ДП «НАЕК
//!    «Енергоатом»»» (nested legal forms are peeled: the name is «Енергоатом»). The
//!    quoted text must look like a name (capital or digit first, at most 8 words, not a
//!    sentence), and a name that is a country or a blocked phrase is dropped.
//! 2. Latin words ending in a corporate suffix: «Fujian Hengwang Investment», «China
//!    Huadian Corporation», «Krederi ltd» (Group, Corporation, Inc, Ltd, AG, SA, …); and
//!    their Cyrillic transliterations «Індустріал Груп», «Барлінек-Інвест».
//!
//! Government bodies, parties and ministries are never caught: they have no legal form,
//! organisation words such as «міністерство», «партія» or «служба» are not triggers, and
//! they are not quoted after a company word. A rule-found name that the list knows (in
//! any inflection) takes the list's canonical name.

use super::gazetteer::{fold_char, is_quote, is_upper, name_key, shape, Gazetteer, Shape, Target};
use super::matcher::{sentence_start, Doc, Hit, HitKind};
use super::EntityKind;
use litopys_analysis::normalize::lowercase_into;
use litopys_analysis::tokenizer::Script;

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
const LATIN_SUFFIXES: &[&str] = &[
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
const LATIN_ABBREVIATIONS: &[&str] = &["inc", "ltd", "llc", "llp", "plc", "gmbh", "corp", "co"];

/// Cyrillic transliterations of corporate suffixes (lower case).
const CYRILLIC_SUFFIXES: &[&str] = &[
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
fn eq_folded(word: &str, lower: &str) -> bool {
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

fn closing_for(open: char) -> &'static [char] {
    match open {
        '«' => &['»'],
        '"' => &['"'],
        '“' => &['”'],
        '„' => &['“', '”'],
        '‹' => &['›'],
        _ => &[],
    }
}

/// The content of the quotation opening at byte `open` of `text`: (start, end) of the
/// text inside the outermost quotes. Stops at a line break or after 160 bytes.
pub(crate) fn quoted(text: &str, open: usize) -> Option<(usize, usize)> {
    let open_c = text[open..].chars().next()?;
    let closers = closing_for(open_c);
    if closers.is_empty() {
        return None;
    }
    let start = open + open_c.len_utf8();
    let mut nested = false;
    let mut iter = text[start..].char_indices().peekable();
    while let Some((off, c)) = iter.next() {
        let pos = start + off;
        if c == '\n' || off > 320 {
            break;
        }
        if c == open_c && open_c == '«' {
            nested = true;
            continue;
        }
        if closers.contains(&c) {
            // «ДП «НАЕК «Енергоатом»» or, as often written, with one closing quote: the
            // first closing quote ends the name; a second one right after belongs to it.
            if nested {
                if let Some(&(off2, c2)) = iter.peek() {
                    if closers.contains(&c2) {
                        return Some((start, start + off2));
                    }
                }
            }
            return Some((start, pos));
        }
    }
    None
}

/// Peels legal forms and quotes: «НАЕК «Енергоатом»» → «Енергоатом». Returns the byte
/// range of the name in `text`.
fn peel(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    for _ in 0..4 {
        let inner = &text[start..end];
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        start += lead;
        end -= trail;
        let inner = &text[start..end];
        // Surrounding quotes.
        if let Some(c) = inner.chars().next().filter(|c| is_quote(*c)) {
            start += c.len_utf8();
            let inner = &text[start..end];
            if let Some(l) = inner.chars().next_back().filter(|c| is_quote(*c)) {
                end -= l.len_utf8();
            }
            continue;
        }
        // A leading legal form or organisation word followed by a quote.
        let first_end = inner
            .find(|c: char| c.is_whitespace() || is_quote(c))
            .unwrap_or(inner.len());
        let first = &inner[..first_end];
        let rest = inner[first_end..].trim_start();
        // «БК «Олімпія»», «ПК «Індустріал Груп»»: a short abbreviation is a form too.
        let abbreviation = shape(first) == Shape::Upper && first.chars().count() <= 5;
        if !rest.is_empty() && rest.starts_with(is_quote) && (is_company_trigger(first) || abbreviation) {
            start = end - rest.len();
            continue;
        }
        break;
    }
    // Trailing quote left from unbalanced nesting.
    while let Some(l) = text[start..end].chars().next_back().filter(|c| is_quote(*c)) {
        end -= l.len_utf8();
    }
    let inner = &text[start..end];
    let trail = inner.len() - inner.trim_end().len();
    (start, end - trail)
}

/// The normal form of a rule-found name (see [`super::normalize_name`]).
pub fn clean_name(name: &str) -> String {
    let (s, e) = peel(name, 0, name.len());
    let inner = &name[s..e];
    let mut out = String::new();
    for w in inner.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            out.push(match c {
                '’' | 'ʼ' | '`' | '‘' => '\'',
                '“' | '”' | '„' => '"',
                c => c,
            });
        }
    }
    out
}

/// Does the quoted text look like a company name rather than a quotation?
pub(crate) fn looks_like_name(name: &str) -> bool {
    let Some(first) = name.chars().next() else {
        return false;
    };
    if !(is_upper(first) || first.is_ascii_digit()) || !name.chars().any(char::is_alphabetic) {
        return false;
    }
    if name.chars().count() > 120 || name.ends_with([',', ':', ';', '!', '?']) {
        return false;
    }
    // A sentence inside: «… вироблено. Далі …» (initials such as «Ю. К.» are fine).
    let mut prev = ' ';
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?') && prev.is_alphabetic() {
            let mut rest = chars.clone();
            if rest.next() == Some(' ') && rest.next().is_some_and(|n| n.is_lowercase()) {
                return false;
            }
        }
        prev = c;
    }
    name.split_whitespace().count() <= 10
}

/// True when a state or municipal enterprise's name says it is an institution.
fn institution_name(trigger: &str, before: &str, name: &str) -> bool {
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

/// What a rule-found name becomes: the list entity it names, the user's rename, or
/// itself; `None` when it is a country, a blocked phrase or suppressed.
pub(crate) fn classify(g: &Gazetteer, name: &str) -> Option<HitKind> {
    // A listed company; a blocked phrase or a country is no company.
    let mut other = false;
    for t in g.full_targets(name, true) {
        match t {
            Target::Block(k) if k.is_none_or(|k| k == EntityKind::Company) => return None,
            Target::Entity(id) if g.entity(id).kind == EntityKind::Company => {
                return Some(HitKind::Entity(id))
            }
            _ => other = true,
        }
    }
    if other {
        return None;
    }
    let key = name_key(name);
    if g.suppressed
        .iter()
        .any(|(k, n)| *n == key && k.is_none_or(|k| k == EntityKind::Company))
    {
        return None;
    }
    if let Some(&id) = g.by_name.get(&(EntityKind::Company, key.clone())) {
        return Some(HitKind::Entity(id));
    }
    if let Some(to) = g.renames.get(&(EntityKind::Company, key)) {
        return Some(HitKind::RuleCompany(to.clone()));
    }
    Some(HitKind::RuleCompany(name.to_string()))
}

/// True for a Latin corporate suffix (Group, AG, Ltd …), any case.
pub fn is_latin_suffix(word: &str) -> bool {
    word.len() <= 15 && LATIN_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(word))
}

/// True for a corporate suffix word at `k` (Latin in any case for abbreviations,
/// Cyrillic capitalised).
fn is_suffix_word(doc: &Doc<'_>, k: usize) -> bool {
    let word = doc.word(k);
    match doc.toks[k].script {
        Script::Latin => word.len() <= 15 && LATIN_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(word)),
        Script::Cyrillic => {
            word.len() <= 24
                && word.chars().next().is_some_and(is_upper)
                && CYRILLIC_SUFFIXES.iter().any(|s| eq_folded(word, s))
        }
        _ => false,
    }
}

/// Finds rule companies in `doc`. Each hit's span is the name; its zone also covers
/// the trigger, and the caller drops list matches that overlap the zone.
pub(crate) fn find(g: &Gazetteer, doc: &mut Doc<'_>, out: &mut Vec<Hit>) {
    let text = doc.text;
    let n = doc.toks.len();
    let mut quoted_until = 0;
    // Rule 1: trigger + quoted name.
    for k in 0..n {
        let tok = doc.toks[k];
        if tok.start < quoted_until {
            continue;
        }
        // Only a quote right after the word (spaces between) can open a name.
        let next = doc.toks.get(k + 1).map_or(text.len(), |t| t.start);
        if next == tok.end {
            continue;
        }
        let gap = &text[tok.end..next];
        let Some((off, open)) = gap.char_indices().find(|(_, c)| !c.is_whitespace()) else {
            continue;
        };
        if !matches!(open, '«' | '"' | '“' | '„') || gap[..off].contains('\n') {
            continue;
        }
        let word = doc.word(k);
        let after_legal_form = k > 0
            && is_legal_form(doc.word(k - 1))
            && doc.gap_after(k - 1).chars().all(|c| c == ' ' || c == '\u{a0}')
            && shape(word) == Shape::Upper
            && word.chars().count() <= 6;
        if !is_company_trigger(word) && !after_legal_form {
            continue;
        }
        let open_pos = tok.end + off;
        let Some((qs, qe)) = quoted(text, open_pos) else {
            continue;
        };
        let (s, e) = peel(text, qs, qe);
        if s >= e {
            continue;
        }
        let name = clean_name(&text[s..e]);
        quoted_until = qe;
        if !looks_like_name(&name) || institution_name(doc.word(k), &text[..tok.start], &name) {
            continue;
        }
        if let Some(what) = classify(g, &name) {
            // The trigger belongs to the zone: «НАК «Надра України»» is not Naftogaz.
            out.push(Hit {
                start: s,
                end: e,
                zone_start: tok.start,
                what,
            });
        }
    }
    // Rule 2: names ending in a corporate suffix.
    let mut k = 0;
    while k < n {
        let tok = doc.toks[k];
        let word = doc.word(k);
        let latin = tok.script == Script::Latin;
        let cyr = tok.script == Script::Cyrillic;
        let first_upper = word.chars().next().is_some_and(is_upper);
        let is_suffix = if latin {
            word.len() <= 15
                && LATIN_SUFFIXES.iter().any(|s| s.eq_ignore_ascii_case(word))
                && (first_upper
                    || LATIN_ABBREVIATIONS.iter().any(|s| s.eq_ignore_ascii_case(word))
                    || (k > 0 && doc.capitalised(k - 1) && doc.toks[k - 1].script == Script::Latin))
        } else if cyr && first_upper && word.len() <= 24 {
            CYRILLIC_SUFFIXES.iter().any(|s| eq_folded(word, s)) && shape(word) == Shape::Capitalized
        } else {
            false
        };
        if !is_suffix || out.iter().any(|h| h.start <= tok.start && tok.end <= h.end) {
            k += 1;
            continue;
        }
        // Walk back over capitalised words of the same script.
        let run_ok = |doc: &Doc<'_>, p: usize| {
            let pt = doc.toks[p];
            let same_script = if latin {
                matches!(pt.script, Script::Latin | Script::Number)
            } else {
                pt.script == Script::Cyrillic
            };
            let gap = doc.gap_after(p);
            let gap_ok = !gap.is_empty()
                && !gap.contains('\n')
                && gap
                    .chars()
                    .all(|c| c == ' ' || c == '\u{a0}' || c == '-' || c == '&' || (latin && c == '.'));
            same_script && gap_ok && (pt.script == Script::Number || shape(doc.word(p)) != Shape::Lower)
        };
        let mut first = k;
        while first > 0 && k - first < 5 && run_ok(doc, first - 1) {
            first -= 1;
        }
        // A capitalised sentence opener is not part of the name («Як Індустріал Груп …»).
        if cyr && first < k && sentence_start(text, doc.toks[first].start) && {
            let w = doc.word(first);
            let mut lower = String::new();
            lowercase_into(w, &mut lower);
            g.analyzer.lexicon().contains(&lower)
        } {
            first += 1;
        }
        if first == k || (first + 1 == k && matches!(doc.word(first), "The" | "A" | "An" | "THE")) {
            k += 1;
            continue;
        }
        // Further capitalised words ending in another suffix: «Трейдер Інвестмент
        // Девелопмент Лімітед», «Investment Corporation», «Holding AG».
        let mut last = k;
        let mut probe = k;
        while probe + 1 < n && probe - k < 4 && run_ok(doc, probe) {
            probe += 1;
            if is_suffix_word(doc, probe) {
                last = probe;
            }
        }
        let (s, e) = (doc.toks[first].start, doc.toks[last].end);
        let name = clean_name(&text[s..e]);
        if !out.iter().any(|h| h.start < e && s < h.end) {
            if let Some(what) = classify(g, &name) {
                out.push(Hit {
                    start: s,
                    end: e,
                    zone_start: s,
                    what,
                });
            }
        }
        k = last + 1;
    }
    out.sort_by_key(|h| (h.start, h.end));
}
