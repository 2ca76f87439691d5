//! Matching the compiled names against a text.
//!
//! The text is cut into words by the analyzer's tokenizer (same offsets as the index).
//! Most words are never looked up: only a capitalised, Latin or numeric word whose first
//! three letters begin some name's first word is analysed (dictionary readings of its
//! own form and of its lower-case form, or the analyzer's stem), and the words after it
//! only as far as a candidate name reaches. This keeps extraction a fraction of the
//! analysis cost.

use super::gazetteer::{
    capitalize, is_quote, is_upper, literal_hash, name_key, prefix_code, readings, shape_and_letters,
    CaseReq, Gazetteer, PatWord, Shape, Target, PERSON,
};
use super::rules;
use super::{Canonical, EntityKind, Field, Mention};
use litopys_analysis::lexicon::Tags;
use litopys_analysis::normalize::{fold_key, lowercase_into, normalize_word};
use litopys_analysis::tokenizer::{words, Script};
use litopys_analysis::{Side, STEM_PREFIX};

/// Key came from the readings of the word's own form (or, for a word in capitals, of
/// its capitalised form).
pub const SRC_EXACT: u8 = 1;
/// Key came from the readings of the lower-case form.
pub const SRC_LOWER: u8 = 2;
/// Key is the word itself, folded.
pub const SRC_LIT: u8 = 4;
/// Key is the analyzer's stem (word unknown to the dictionary).
pub const SRC_STEM: u8 = 8;
/// Every reading that gave the key is a person's name.
pub const PERSON_ONLY: u8 = 16;

/// One word of the text.
#[derive(Clone, Copy, Debug)]
pub struct Tok {
    /// Byte offset.
    pub start: usize,
    /// Byte offset past the end.
    pub end: usize,
    /// Script.
    pub script: Script,
}

/// What the matcher knows about one analysed word.
#[derive(Clone, Debug, Default)]
pub struct Info {
    /// Keys with their `SRC_*`/`PERSON_ONLY` flags.
    pub keys: Vec<(Box<str>, u8)>,
    /// The word's case pattern.
    pub shape: Option<Shape>,
    /// Number of letters.
    pub letters: usize,
    /// Some reading of the word's own form is a person's name.
    pub has_person: bool,
    /// Some reading of the word's own form is a first name.
    pub has_fname: bool,
    /// The lower-case form has a standard common-word (not proper-name) reading (valid
    /// once `lower_done`).
    pub lower_common: bool,
    /// The lower-case form's readings are in `keys` (looked up only when needed).
    pub lower_done: bool,
}

impl Info {
    fn shape(&self) -> Shape {
        self.shape.unwrap_or(Shape::Lower)
    }
}

/// A text being matched: its words and, lazily, their analyses.
pub struct Doc<'t> {
    /// The text.
    pub text: &'t str,
    /// Its words.
    pub toks: Vec<Tok>,
    slot: Vec<u32>,
    infos: Vec<Info>,
    lenient: bool,
}

impl<'t> Doc<'t> {
    /// Cuts `text` into words. `lenient`: analyse for `resolve` (every case variant).
    pub fn new(text: &'t str, lenient: bool) -> Doc<'t> {
        let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 8 + 4);
        toks.extend(words(text).map(|w| Tok {
            start: w.start,
            end: w.end,
            script: w.script,
        }));
        let slot = vec![0; toks.len()];
        Doc {
            text,
            toks,
            slot,
            infos: vec![Info::default()],
            lenient,
        }
    }

    /// The surface of word `i`.
    pub fn word(&self, i: usize) -> &'t str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    /// True when the first letter of word `i` is a capital.
    pub fn capitalised(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(is_upper)
    }

    /// The text between words `i` and `i + 1`.
    pub fn gap_after(&self, i: usize) -> &'t str {
        let end = self.toks.get(i + 1).map_or(self.text.len(), |t| t.start);
        &self.text[self.toks[i].end..end]
    }

    /// The analysis of word `i`, computed on first use.
    pub fn info(&mut self, g: &Gazetteer, i: usize) -> &Info {
        if self.slot[i] == 0 {
            let info = analyse(g, self.word(i), self.toks[i].script, self.lenient);
            self.infos.push(info);
            self.slot[i] = (self.infos.len() - 1) as u32;
        }
        &self.infos[self.slot[i] as usize]
    }

    /// The analysis of word `i` with the readings of its lower-case form too.
    pub fn info_with_lower(&mut self, g: &Gazetteer, i: usize) -> &Info {
        self.info(g, i);
        let slot = self.slot[i] as usize;
        if !self.infos[slot].lower_done {
            let word = self.word(i);
            add_lower(g, &mut self.infos[slot], word);
        }
        &self.infos[slot]
    }
}

fn push_key(keys: &mut Vec<(Box<str>, u8)>, key: &str, flags: u8) {
    if let Some(k) = keys.iter_mut().find(|(k, _)| &**k == key) {
        // PERSON_ONLY survives only if every source says so.
        let person = k.1 & flags & PERSON_ONLY;
        k.1 = ((k.1 | flags) & !PERSON_ONLY) | person;
    } else {
        keys.push((key.into(), flags));
    }
}

/// The analyzer's homoglyph folding («Iнтерфакс» with a Latin I), so that entities and
/// search keys treat mistyped words alike.
pub use litopys_analysis::keys::fold_homoglyphs;

/// Analyses one word for matching.
fn analyse(g: &Gazetteer, surface: &str, script: Script, lenient: bool) -> Info {
    if script == Script::Mixed {
        if let Some(folded) = fold_homoglyphs(surface) {
            return analyse(g, &folded, Script::Cyrillic, lenient);
        }
    }
    let lexicon = g.analyzer.lexicon();
    let mut norm = String::new();
    normalize_word(surface, &mut norm);
    let (s, letters) = shape_and_letters(&norm);
    let mut info = Info {
        shape: Some(s),
        letters,
        ..Info::default()
    };
    let mut folded = String::new();
    if !matches!(script, Script::Cyrillic | Script::Mixed) {
        lowercase_into(&norm, &mut folded);
        push_key(&mut info.keys, &folded, SRC_LIT);
        return info;
    }
    fold_key(&norm, &mut folded);
    push_key(&mut info.keys, &folded, SRC_LIT);
    let mut lower = String::new();
    lowercase_into(&norm, &mut lower);
    let mut own: Vec<String> = Vec::new();
    if s == Shape::Upper || lenient {
        own.push(capitalize(&norm));
    }
    if lenient {
        own.push(lower.clone());
    }
    let mut rs = Vec::new();
    let mut any = false;
    for form in std::iter::once(norm.as_str()).chain(own.iter().map(String::as_str)) {
        readings(lexicon, form, &mut rs);
        for (lemma, t) in &rs {
            any = true;
            let person = t.intersects(PERSON);
            info.has_person |= person;
            info.has_fname |= t.contains(Tags::FNAME);
            fold_key(lemma, &mut folded);
            let flags = SRC_EXACT | if person { PERSON_ONLY } else { 0 };
            push_key(&mut info.keys, &folded, flags);
        }
    }
    if s == Shape::Lower {
        info.lower_done = true;
    } else if !any {
        add_lower(g, &mut info, surface);
        any = info.keys.iter().any(|(_, f)| f & SRC_LOWER != 0);
    }
    if !any {
        if script == Script::Mixed {
            for k in g.analyzer.word_keys(&norm, script, Side::Index) {
                push_key(&mut info.keys, &k, SRC_STEM);
            }
        } else {
            // As the analyzer does for words the dictionary lacks.
            let stem = g.stemmer.stem(&lower);
            fold_key(&stem, &mut folded);
            folded.insert(0, STEM_PREFIX);
            push_key(&mut info.keys, &folded, SRC_STEM);
        }
    }
    info
}

/// Adds the readings of the lower-case form of `surface` to `info`.
fn add_lower(g: &Gazetteer, info: &mut Info, surface: &str) {
    info.lower_done = true;
    if info.shape() == Shape::Lower {
        return;
    }
    let mut norm = String::new();
    normalize_word(surface, &mut norm);
    let mut lower = String::new();
    lowercase_into(&norm, &mut lower);
    let mut rs = Vec::new();
    readings(g.analyzer.lexicon(), &lower, &mut rs);
    let mut folded = String::new();
    for (lemma, t) in &rs {
        info.lower_common |= !t.contains(Tags::PROPER);
        fold_key(lemma, &mut folded);
        push_key(&mut info.keys, &folded, SRC_LOWER);
    }
}

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

/// True when the word at byte `pos` begins a sentence, a line, a quotation or a list
/// item: there its capital says nothing about being a name.
pub fn sentence_start(text: &str, pos: usize) -> bool {
    for c in text[..pos].chars().rev() {
        if c == '\n' {
            return true;
        }
        if c.is_whitespace() {
            continue;
        }
        // An opening quote is not a sentence start here: a quoted word is a name
        // («Ощадбанку»).
        return matches!(
            c,
            '.' | '!' | '?' | '…' | '(' | '[' | '—' | '–' | '-' | '•' | '*' | '>' | '|'
        );
    }
    true
}

/// One match of the gazetteer or the rules.
#[derive(Clone, Debug)]
pub struct Hit {
    /// Byte offset.
    pub start: usize,
    /// Byte offset past the end.
    pub end: usize,
    /// Start of the text the hit claims (a rule's trigger word); list matches that
    /// overlap `zone_start..end` yield to a rule hit.
    pub zone_start: usize,
    /// Entity in the gazetteer, or a rule-found company name.
    pub what: HitKind,
}

/// What a hit names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HitKind {
    /// An entity of the lists.
    Entity(u32),
    /// A company found by the rules (cleaned name).
    RuleCompany(String),
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
                && !rules::is_latin_suffix(w)
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
        gap.chars().all(|c| c.is_whitespace() || is_quote(c)) && rules::is_org_word(doc.word(i - 1))
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
    fn scan_countries_within(&self, doc: &mut Doc<'_>, start: usize, end: usize, out: &mut Vec<Hit>) {
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
        let cleaned = rules::clean_name(input);
        for text in [input, cleaned.as_str()] {
            for strict in [true, false] {
                if let Some(Target::Entity(id)) = self.full_match(text, Some(kind), strict) {
                    return Some(self.entity(id).clone());
                }
            }
        }
        None
    }

    /// Finds the mentions of one field and appends them to `out`.
    pub(crate) fn extract_field(&self, text: &str, field: Field, out: &mut Vec<Mention>) {
        let mut doc = Doc::new(text, false);
        let mut rule_hits = Vec::new();
        rules::find(self, &mut doc, &mut rule_hits);
        let mut hits = Vec::new();
        self.scan(&mut doc, &mut hits);
        // A listed company at the start of a longer quoted name names a company of its
        // own: «ДТЕК Дніпроенерго», «МТС-Україна».
        for h in &mut hits {
            let HitKind::Entity(id) = h.what else { continue };
            if self.entity(id).kind != EntityKind::Company {
                continue;
            }
            let before = text[..h.start].trim_end_matches([' ', '\u{a0}']);
            let Some(q) = before
                .chars()
                .next_back()
                .filter(|c| matches!(c, '«' | '"' | '“' | '„'))
            else {
                continue;
            };
            let open = before.len() - q.len_utf8();
            let Some((qs, qe)) = rules::quoted(text, open) else {
                continue;
            };
            if qe <= h.end {
                continue;
            }
            let rest = text[h.end..qe].trim();
            if rest.is_empty()
                || !rest
                    .chars()
                    .next()
                    .is_some_and(|c| is_upper(c) || c == '-' || c.is_ascii_digit())
            {
                continue;
            }
            let name = rules::clean_name(&text[qs..qe]);
            if !rules::looks_like_name(&name) || name.split_whitespace().count() > 5 {
                continue;
            }
            if let Some(what) = rules::classify(self, &name) {
                let s = qs + (text[qs..qe].len() - text[qs..qe].trim_start().len());
                let e = qe - (text[qs..qe].len() - text[qs..qe].trim_end().len());
                *h = Hit {
                    start: s,
                    end: e,
                    zone_start: s,
                    what,
                };
            }
        }
        // Rule names win over list matches inside them (the country in «China Datang
        // Corporation», the list company inside «ТОВ "…"», already resolved by the rule).
        hits.retain(|h| !rule_hits.iter().any(|r| h.start < r.end && r.zone_start < h.end));
        hits.extend(rule_hits);
        // A country named inside a company's name is named all the same («Нафтогаз
        // України», «China Datang Corporation»).
        let mut nested = Vec::new();
        for h in &hits {
            let company = match &h.what {
                HitKind::Entity(id) => self.entity(*id).kind == EntityKind::Company,
                HitKind::RuleCompany(_) => true,
            };
            if company {
                self.scan_countries_within(&mut doc, h.start, h.end, &mut nested);
            }
        }
        hits.extend(nested);
        hits.sort_by_key(|h| (h.start, h.end));
        hits.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.what == b.what);
        for h in hits {
            let (kind, name, code) = match h.what {
                HitKind::Entity(id) => {
                    let e = self.entity(id);
                    (e.kind, e.name.clone(), e.code.clone())
                }
                HitKind::RuleCompany(name) => (EntityKind::Company, name, None),
            };
            out.push(Mention {
                kind,
                name,
                code,
                field,
                start: h.start,
                end: h.end,
                text: text[h.start..h.end].to_string(),
            });
        }
    }
}
