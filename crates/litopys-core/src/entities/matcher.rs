//! Matching the compiled names against a text.
//!
//! The text is cut into words by the analyzer's tokenizer (same offsets as the index).
//! Most words are never looked up: only a capitalised, Latin or numeric word whose first
//! three letters begin some name's first word is analysed (dictionary readings of its
//! own form and of its lower-case form, or the analyzer's stem), and the words after it
//! only as far as a candidate name reaches. This keeps extraction a fraction of the
//! analysis cost.
//!
//! The words and their analyses are a [`Doc`](super::doc::Doc); what this file adds is
//! the comparison of text words with pattern words, the homonym guards, and the list
//! scan. Rule matches are in [`super::rules`]; the extractor
//! ([`super::EntityExtractor`]) merges them with list matches.

use super::doc::{
    fold_homoglyphs, sentence_start, Doc, Hit, HitKind, Info, PERSON_ONLY, SRC_EXACT, SRC_LIT, SRC_STEM,
};
use super::gazetteer::{literal_hash, prefix_code, Gazetteer};
use super::model::{Canonical, EntityKind};
use super::names::{is_quote, is_upper, name_key, Shape};
use super::pattern::{CaseReq, PatWord, Target};
use super::{quoted, vocab};
use litopys_analysis::tokenizer::Script;

fn key_matches(pw: &PatWord, info: &Info) -> bool {
    info.keys.iter().any(|(k, f)| {
        pw.keys.iter().any(|pk| pk == k)
            && (!pw.proper || f & (SRC_EXACT | SRC_LIT | SRC_STEM) != 0)
            && (pw.person_ok || f & PERSON_ONLY == 0 || f & SRC_LIT != 0)
    })
}

/// A quick look at the surface before analysing a following word.
fn surface_case_ok(case: CaseReq, word: &str) -> bool {
    let first_upper = word.chars().next().is_some_and(is_upper);
    match case {
        CaseReq::Capital | CaseReq::Upper => first_upper,
        CaseReq::Same(Shape::Lower) => !first_upper,
        CaseReq::Same(_) => first_upper,
        CaseReq::Any => true,
    }
}

/// May a name continue across this gap? Spaces, quotes and hyphens or dashes, or the
/// name's own separator ("+", ".", "&"); never a line break or other punctuation.
fn gap_ok(gap: &str, name_gap: &str) -> bool {
    if gap.contains('\n') {
        return false;
    }
    let mut core = gap
        .chars()
        .filter(|c| !c.is_whitespace() && !is_quote(*c))
        .peekable();
    if core.peek().is_none() {
        return true;
    }
    let core: String = core.collect();
    core == name_gap || core.chars().all(|c| matches!(c, '-' | '‐' | '‑' | '–' | '—'))
}

impl Gazetteer {
    /// The patterns that match at word `i`, longest first; `strict`: case and gaps as in
    /// running text (false for `resolve`).
    pub(crate) fn matches_at(&self, doc: &mut Doc<'_>, i: usize, strict: bool) -> Vec<(u32, usize)> {
        let mut cands: Vec<u32> = Vec::new();
        {
            let w = doc.word(i);
            let common = !self.common_first_codes.is_empty()
                && (self.common_first_codes.contains(&(true, prefix_code(w, 4)))
                    || self.common_first_codes.contains(&(false, prefix_code(w, 3))));
            // The lower-case readings matter only for a word whose own readings begin
            // no name («Велика» of «Велика Британія»), not for «України».
            let own_starts = doc
                .info(self, i)
                .keys
                .iter()
                .any(|(k, _)| self.by_first.contains_key(k));
            let info = if common && !own_starts {
                doc.info_with_lower(self, i)
            } else {
                doc.info(self, i)
            };
            for (k, _) in &info.keys {
                if let Some(list) = self.by_first.get(k) {
                    for &p in list {
                        if !cands.contains(&p) {
                            cands.push(p);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        'pattern: for p in cands {
            let pat = &self.patterns[p as usize];
            for (j, pw) in pat.words.iter().enumerate() {
                let t = i + j;
                if t >= doc.toks.len() {
                    continue 'pattern;
                }
                if j > 0 && strict && !gap_ok(doc.gap_after(t - 1), &pw.gap) {
                    continue 'pattern;
                }
                if strict && j > 0 && !surface_case_ok(pw.case, doc.word(t)) {
                    continue 'pattern;
                }
                let info = doc.info(self, t);
                if strict && !pw.case.accepts(info.shape(), info.letters) {
                    continue 'pattern;
                }
                if !key_matches(pw, info) {
                    // A common-word name part («Велика») may need the lower-case readings.
                    if pw.proper || info.lower_done || !key_matches(pw, doc.info_with_lower(self, t)) {
                        continue 'pattern;
                    }
                }
            }
            out.push((p, pat.words.len()));
        }
        // Longest first; at equal length blockers first, then list order.
        out.sort_by_key(|&(p, len)| {
            let block = matches!(self.patterns[p as usize].target, Target::Block(_));
            (std::cmp::Reverse(len), !block, p)
        });
        out
    }

    /// May word `i` begin a name? The cheap filter before any dictionary lookup.
    pub(crate) fn may_start(&self, doc: &Doc<'_>, i: usize) -> bool {
        let folded;
        let mut w = doc.word(i);
        if doc.toks[i].script == Script::Mixed {
            if let Some(f) = fold_homoglyphs(w) {
                folded = f;
                w = &folded;
            }
        }
        let mut chars = w.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !is_upper(first) {
            if doc.toks[i].script == Script::Cyrillic && !self.lower_cyrillic_first {
                return false;
            }
            let set = &self.lower_first_prefixes;
            return set.contains(&(false, prefix_code(w, 3))) || set.contains(&(true, prefix_code(w, 4)));
        }
        if chars.next().is_some_and(is_upper) && self.upper_first.contains(&literal_hash(w)) {
            return true;
        }
        let set = &self.first_prefixes;
        set.contains(&(true, prefix_code(w, 4)))
            || (w.len() <= 16 && set.contains(&(false, prefix_code(w, 3))))
    }

    /// The guards of a single match in running text.
    pub(crate) fn accept(&self, doc: &mut Doc<'_>, i: usize, p: u32, len: usize) -> bool {
        let pat = &self.patterns[p as usize];
        let Target::Entity(id) = pat.target else {
            return true;
        };
        let kind = self.entities[id as usize].kind;
        let end = i + len - 1;
        if pat.needs_context && !self.in_context(doc, i, end) {
            return false;
        }
        // A Latin brand followed by a model name is a product: «Skoda Superb», «Audi Q7».
        let last = &pat.words[len - 1];
        if kind == EntityKind::Company && last.latin && i + len < doc.toks.len() {
            let next = i + len;
            let w = doc.word(next);
            let model = doc.toks[next].script == Script::Latin
                && doc.gap_after(next - 1) == " "
                && (w.chars().next().is_some_and(is_upper) || w.chars().any(|c| c.is_ascii_digit()))
                && !vocab::is_latin_suffix(w)
                && self.full_match(w, Some(EntityKind::Country), true).is_none();
            if model {
                return false;
            }
        }
        if len > 1 || pat.words[0].latin || pat.words[0].case == CaseReq::Upper {
            return true;
        }
        let pos = doc.toks[i].start;
        let starts = sentence_start(doc.text, pos);
        let info = doc.info_with_lower(self, i).clone();
        // «Чилі підписала» at the start of a sentence may be the pepper; «ТОГО» in a
        // headline is the pronoun.
        if (starts || info.shape() == Shape::Upper) && info.lower_common {
            return false;
        }
        // A name that is also a person's name next to another capitalised word is part
        // of a person's name (Сальвадор Далі).
        let adjacent = |doc: &Doc<'_>, a: usize| {
            let g = doc.gap_after(a);
            !g.is_empty() && g.chars().all(|c| c == ' ' || c == '\u{a0}')
        };
        let prev_cap = i > 0 && adjacent(doc, i - 1) && doc.capitalised(i - 1);
        let next_cap = i + 1 < doc.toks.len() && adjacent(doc, i) && doc.capitalised(i + 1);
        if info.has_person && (prev_cap || next_cap) {
            return false;
        }
        // After a first name it is a surname (Марія Грузія).
        if kind == EntityKind::Country && prev_cap && doc.info(self, i - 1).has_fname {
            return false;
        }
        true
    }

    /// For `?` aliases: the match is quoted, or follows an organisation word.
    fn in_context(&self, doc: &Doc<'_>, i: usize, end: usize) -> bool {
        let before = doc.text[..doc.toks[i].start].trim_end_matches([' ', '\u{a0}']);
        let after = doc.text[doc.toks[end].end..].trim_start_matches([' ', '\u{a0}']);
        let opened = before.chars().next_back().is_some_and(is_quote);
        let closed = after.chars().next().is_some_and(is_quote);
        if opened && closed {
            return true;
        }
        if i == 0 {
            return false;
        }
        let gap = doc.gap_after(i - 1);
        gap.chars().all(|c| c.is_whitespace() || is_quote(c)) && vocab::is_org_word(doc.word(i - 1))
    }

    /// The list matches in `doc`, left to right, longest first, without overlaps.
    pub(crate) fn scan(&self, doc: &mut Doc<'_>, out: &mut Vec<Hit>) {
        let mut i = 0;
        'word: while i < doc.toks.len() {
            if !self.may_start(doc, i) {
                i += 1;
                continue;
            }
            for (p, len) in self.matches_at(doc, i, true) {
                if !self.accept(doc, i, p, len) {
                    continue;
                }
                if let Target::Entity(id) = self.patterns[p as usize].target {
                    out.push(Hit {
                        start: doc.toks[i].start,
                        end: doc.toks[i + len - 1].end,
                        zone_start: doc.toks[i].start,
                        what: HitKind::Entity(id),
                    });
                }
                i += len;
                continue 'word;
            }
            i += 1;
        }
    }

    /// Country matches inside `start..end` (a company's name).
    pub(crate) fn scan_countries_within(
        &self,
        doc: &mut Doc<'_>,
        start: usize,
        end: usize,
        out: &mut Vec<Hit>,
    ) {
        let mut i = doc.toks.partition_point(|t| t.start < start);
        'word: while i < doc.toks.len() && doc.toks[i].end <= end {
            if self.may_start(doc, i) {
                for (p, len) in self.matches_at(doc, i, true) {
                    let last = i + len - 1;
                    if doc.toks[last].end > end || !self.accept(doc, i, p, len) {
                        continue;
                    }
                    match self.patterns[p as usize].target {
                        Target::Entity(id) if self.entity(id).kind == EntityKind::Country => {
                            out.push(Hit {
                                start: doc.toks[i].start,
                                end: doc.toks[last].end,
                                zone_start: doc.toks[i].start,
                                what: HitKind::Entity(id),
                            });
                            i += len;
                            continue 'word;
                        }
                        Target::Block(_) => {
                            i += len;
                            continue 'word;
                        }
                        _ => {}
                    }
                }
            }
            i += 1;
        }
    }

    /// The entity (or blocker) that `text` names as a whole: `strict` keeps the case
    /// rules of running text (for quoted names), otherwise any case goes (user input).
    pub(crate) fn full_match(&self, text: &str, kind: Option<EntityKind>, strict: bool) -> Option<Target> {
        for target in self.full_targets(text, strict) {
            match target {
                Target::Entity(id) if kind.is_none_or(|k| self.entities[id as usize].kind == k) => {
                    return Some(target)
                }
                Target::Block(k) if kind.is_none_or(|want| k.is_none_or(|k| k == want)) => {
                    return Some(target)
                }
                _ => {}
            }
        }
        None
    }

    /// Every target that `text` names as a whole, in priority order (blockers first).
    pub(crate) fn full_targets(&self, text: &str, strict: bool) -> Vec<Target> {
        let mut doc = Doc::new(text, !strict);
        let n = doc.toks.len();
        if n == 0 {
            return Vec::new();
        }
        self.matches_at(&mut doc, 0, strict)
            .into_iter()
            .filter(|&(_, len)| len == n)
            .map(|(p, _)| self.patterns[p as usize].target)
            .collect()
    }

    /// See [`super::EntityExtractor::resolve`].
    pub(crate) fn resolve(&self, kind: EntityKind, input: &str) -> Option<Canonical> {
        let input = input.trim();
        if input.is_empty() {
            return None;
        }
        if kind == EntityKind::Country && input.len() == 2 && input.chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(&id) = self.by_code.get(&input.to_ascii_uppercase()) {
                return Some(self.entity(id).clone());
            }
        }
        if let Some(&id) = self.by_name.get(&(kind, name_key(input))) {
            return Some(self.entity(id).clone());
        }
        // Quoted or with a legal form: resolve the name inside.
        let cleaned = quoted::clean_name(input);
        for text in [input, cleaned.as_str()] {
            for strict in [true, false] {
                if let Some(Target::Entity(id)) = self.full_match(text, Some(kind), strict) {
                    return Some(self.entity(id).clone());
                }
            }
        }
        None
    }
}
