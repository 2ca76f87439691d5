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
//!
//! The word lists are in [`super::vocab`], quotation handling in [`super::quoted`]; this
//! file holds the two rules and what a found name becomes (`classify`).

use super::doc::{sentence_start, Doc, Hit, HitKind};
use super::gazetteer::Gazetteer;
use super::model::EntityKind;
use super::names::{is_upper, name_key, shape, Shape};
use super::pattern::Target;
use super::quoted::{clean_name, looks_like_name, peel, quoted};
use super::vocab::{
    eq_folded, institution_name, is_company_trigger, is_legal_form, CYRILLIC_SUFFIXES, LATIN_ABBREVIATIONS,
    LATIN_SUFFIXES,
};
use litopys_analysis::normalize::lowercase_into;
use litopys_analysis::tokenizer::Script;

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
