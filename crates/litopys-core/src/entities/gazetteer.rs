//! The entity lists: parsed from the embedded files and the user file into
//! [`Sources`], then compiled with the analyzer into word patterns ([`Gazetteer`]).
//!
//! A name becomes one [`PatWord`] per word. Each pattern word carries the keys a text
//! word may have to match it (the lemma keys of the name's word: «Штати» → `штат`, so
//! «Штатів» matches; the literal form; the analyzer's `~stem` for words the dictionary
//! lacks), the case the text word must have, and whether the keys came from a
//! proper-name reading of the capitalised form (then only the text word's own
//! capitalised readings count: «Того» the country is never the pronoun «того»).

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Canonical, EntityError, EntityKind, ListSizes, COMPANIES, COUNTRIES};
use litopys_analysis::lexicon::{Lexicon, Tags};
use litopys_analysis::normalize::{fold_key, lowercase_into, normalize_word};
use litopys_analysis::tokenizer::{words, Script};
use litopys_analysis::{Analyzer, Side, STEM_PREFIX};

/// One alias of an entity, with its marks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    /// The name as written (nominative for Ukrainian words).
    pub text: String,
    /// `=`: the text must have the alias's capitalisation (Latin common words: Apple).
    pub exact_case: bool,
    /// `?`: counts only in quotes or after an organisation word or legal form.
    pub needs_context: bool,
}

impl Alias {
    /// Parses an alias with its optional leading marks `=` and `?`.
    pub fn parse(raw: &str) -> Alias {
        let mut text = raw.trim();
        let (mut exact_case, mut needs_context) = (false, false);
        loop {
            if let Some(rest) = text.strip_prefix('=') {
                exact_case = true;
                text = rest.trim_start();
            } else if let Some(rest) = text.strip_prefix('?') {
                needs_context = true;
                text = rest.trim_start();
            } else {
                break;
            }
        }
        Alias {
            text: text.to_string(),
            exact_case,
            needs_context,
        }
    }
}

/// One entity before compilation.
#[derive(Clone, Debug)]
pub struct EntitySource {
    /// Country or company.
    pub kind: EntityKind,
    /// Canonical name.
    pub name: String,
    /// ISO code (countries).
    pub code: Option<String>,
    /// Aliases; the canonical name is added unless an alias already spells it.
    pub aliases: Vec<Alias>,
}

/// Everything the gazetteer is built from: entities, blockers and the renames and
/// suppressions that apply to names found by the rules.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The entities.
    pub entities: Vec<EntitySource>,
    /// Phrases that are not mentions (for one kind, or for both).
    pub blockers: Vec<(Option<EntityKind>, String)>,
    /// Rule-found company names renamed by the user (`[[merge]]`): from → to.
    pub renames: Vec<(EntityKind, String, String)>,
    /// Rule-found names suppressed by the user.
    pub suppressed: Vec<(Option<EntityKind>, String)>,
}

fn split_aliases(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|a| !a.is_empty())
}

impl Sources {
    /// The embedded lists.
    pub fn embedded() -> Result<Sources, EntityError> {
        let mut s = Sources::default();
        s.parse_list(COUNTRIES, EntityKind::Country)?;
        s.parse_list(COMPANIES, EntityKind::Company)?;
        Ok(s)
    }

    fn parse_list(&mut self, text: &str, kind: EntityKind) -> Result<(), EntityError> {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            let bad = || EntityError::Embedded(format!("{kind} list line {}: {line}", n + 1));
            if fields[0] == "!" {
                let phrases = fields.get(1).ok_or_else(bad)?;
                self.blockers
                    .extend(split_aliases(phrases).map(|p| (Some(kind), p.to_string())));
                continue;
            }
            let (code, name, aliases) = match (kind, fields.as_slice()) {
                (EntityKind::Country, [code, name, aliases]) => (Some(code.to_string()), *name, *aliases),
                (EntityKind::Country, [code, name]) => (Some(code.to_string()), *name, ""),
                (EntityKind::Company, [name, aliases]) => (None, *name, *aliases),
                (EntityKind::Company, [name]) => (None, *name, ""),
                _ => return Err(bad()),
            };
            if name.is_empty() || code.as_ref().is_some_and(|c| c.len() != 2) {
                return Err(bad());
            }
            self.entities.push(EntitySource {
                kind,
                name: name.to_string(),
                code,
                aliases: split_aliases(aliases).map(Alias::parse).collect(),
            });
        }
        Ok(())
    }

    /// The entity of `kind` whose canonical name is `name` (case-insensitive).
    pub fn find(&self, kind: EntityKind, name: &str) -> Option<usize> {
        let want = name_key(name);
        self.entities
            .iter()
            .position(|e| e.kind == kind && name_key(&e.name) == want)
    }
}

/// A case- and spelling-insensitive key for comparing names: normalised, folded
/// (ґ→г, є→е, lower case), quotes dropped, spaces collapsed.
pub fn name_key(name: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let mut folded = String::new();
    for w in name.split(|c: char| c.is_whitespace() || is_quote(c)) {
        if w.is_empty() {
            continue;
        }
        normalize_word(w, &mut word);
        fold_key(&word, &mut folded);
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&folded);
    }
    out
}

/// Quotation marks of Ukrainian and English text (not the apostrophe).
pub fn is_quote(c: char) -> bool {
    matches!(c, '«' | '»' | '"' | '“' | '”' | '„' | '‟' | '‹' | '›')
}

/// The case pattern of a word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// No capital letter.
    Lower,
    /// First letter capital, the rest lower case.
    Capitalized,
    /// All letters capital (two or more letters).
    Upper,
    /// Capitals inside the word (ПриватБанк, КрАЗ).
    Mixed,
}

/// Upper case, with a fast path for ASCII and basic Cyrillic.
#[inline]
pub fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | 'А'..='Я' | 'Ѐ'..='Џ' | 'Ґ' => true,
        'a'..='z' | 'а'..='я' | 'ѐ'..='џ' | 'ґ' => false,
        _ if c.is_ascii() => false,
        _ => c.is_uppercase(),
    }
}

/// Lower case, with a fast path for ASCII and basic Cyrillic.
#[inline]
pub fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' | 'а'..='я' | 'ѐ'..='џ' | 'ґ' => true,
        'A'..='Z' | 'А'..='Я' | 'Ѐ'..='Џ' | 'Ґ' => false,
        _ if c.is_ascii() => false,
        _ => c.is_lowercase(),
    }
}

/// The case pattern of `word` and its number of cased letters.
pub fn shape_and_letters(word: &str) -> (Shape, usize) {
    let (mut first, mut upper, mut lower, mut n) = (None, 0usize, 0usize, 0usize);
    for c in word.chars() {
        let (u, l) = (is_upper(c), is_lower(c));
        if !u && !l {
            continue;
        }
        n += 1;
        if first.is_none() {
            first = Some(u);
        } else if u {
            upper += 1;
        } else {
            lower += 1;
        }
    }
    let s = match (first, upper, lower) {
        (None, _, _) => Shape::Lower,
        (Some(false), 0, _) => Shape::Lower,
        (Some(false), _, _) => Shape::Mixed,
        (Some(true), 0, _) => Shape::Capitalized,
        (Some(true), _, 0) => Shape::Upper,
        _ => Shape::Mixed,
    };
    (s, n)
}

/// The case pattern of `word`.
pub fn shape(word: &str) -> Shape {
    shape_and_letters(word).0
}

/// `word` with its first letter capitalised and the rest lower case.
pub fn capitalize(word: &str) -> String {
    let mut lower = String::new();
    lowercase_into(word, &mut lower);
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The readings of exactly `form`, without non-standard readings when a standard one
/// exists (as the analyzer does).
pub fn readings(lexicon: &Lexicon, form: &str, out: &mut Vec<(String, Tags)>) {
    out.clear();
    lexicon.for_each_reading(form, |lemma, tags| {
        if !out.iter().any(|(l, t)| l == lemma && *t == tags) {
            out.push((lemma.to_string(), tags));
        }
    });
    if out.iter().any(|(_, t)| !t.is_marked()) {
        out.retain(|(_, t)| !t.is_marked());
    }
}

/// Person-name readings: first names, surnames, patronymics.
pub const PERSON: Tags = Tags(Tags::FNAME.0 | Tags::LNAME.0 | Tags::PATR.0);

/// Lower-cases one character the fast way for ASCII and basic Cyrillic, folding ґ→г and
/// є→е like the keys.
#[inline]
pub fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        'ґ' | 'Ґ' => 'г',
        'є' | 'Є' => 'е',
        'Ѐ'..='Џ' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        _ if c.is_ascii() || ('а'..='џ').contains(&c) => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Packs the first `n` characters of a word or key (after `~`, lower-cased and folded)
/// into a number: the cheap filter that decides whether a text word may begin a name.
#[inline]
pub fn prefix_code(key: &str, n: usize) -> u64 {
    let mut code = 0u64;
    let mut len = 0u64;
    for c in key.chars().filter(|&c| c != STEM_PREFIX).take(n) {
        code = (code << 16) | (fold_char(c) as u64 & 0xFFFF);
        len += 1;
    }
    code | (len << 60)
}

/// Hash of a word lower-cased and folded: the exact filter for abbreviations.
#[inline]
pub fn literal_hash(word: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for c in word.chars().filter(|&c| c != STEM_PREFIX) {
        h.write_u32(fold_char(c) as u32);
    }
    h.finish()
}

/// The filter codes of a key: its first three characters when it is short (inflection
/// may change its fourth), else its first four.
pub fn key_code(key: &str) -> (bool, u64) {
    let len = key.chars().filter(|&c| c != STEM_PREFIX).count();
    if len <= 4 {
        (false, prefix_code(key, 3))
    } else {
        (true, prefix_code(key, 4))
    }
}

/// What case a text word must have to match a pattern word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseReq {
    /// Any case (connectors «і», «та»; Latin company names).
    Any,
    /// Capitalised or all capitals.
    Capital,
    /// All capitals: abbreviations (КНР, США).
    Upper,
    /// The same shape as the name's word (or all capitals for a capitalised word).
    Same(Shape),
}

impl CaseReq {
    /// Whether a text word of shape `s` satisfies the requirement.
    pub fn accepts(self, s: Shape, letters: usize) -> bool {
        match self {
            CaseReq::Any => true,
            CaseReq::Capital => s != Shape::Lower,
            CaseReq::Upper => s == Shape::Upper || (letters == 1 && s == Shape::Capitalized),
            CaseReq::Same(want) => {
                want == s || (want == Shape::Capitalized && s == Shape::Upper && letters > 1)
            }
        }
    }
}

/// One word of a compiled name.
#[derive(Clone, Debug)]
pub struct PatWord {
    /// Keys, any of which a text word must have.
    pub keys: Vec<Box<str>>,
    /// Case requirement.
    pub case: CaseReq,
    /// True when the keys came from proper-name readings of the capitalised form: only
    /// the text word's capitalised readings (not its lower-case ones) can match.
    pub proper: bool,
    /// True when the name's own readings are person names (Форд): then person readings
    /// of the text word match too.
    pub person_ok: bool,
    /// The characters between the previous word and this one in the name, trimmed
    /// ("" after a space; "-", "+", "." and "&" are kept).
    pub gap: Box<str>,
    /// Latin script.
    pub latin: bool,
}

/// What a pattern stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Entity by index.
    Entity(u32),
    /// Not a mention (for one kind or both).
    Block(Option<EntityKind>),
}

/// A compiled name.
#[derive(Clone, Debug)]
pub struct Pattern {
    /// The entity or blocker.
    pub target: Target,
    /// The words.
    pub words: Vec<PatWord>,
    /// Counts only in quotes or after an organisation word.
    pub needs_context: bool,
    /// The alias as written (for debugging).
    pub text: Box<str>,
}

/// The compiled lists.
pub struct Gazetteer {
    pub(crate) analyzer: Arc<Analyzer>,
    /// The analyzer's stemmer for words the dictionary lacks (same algorithm, so the
    /// same `~stem` keys).
    pub(crate) stemmer: frostem::Stemmer,
    pub(crate) entities: Vec<Canonical>,
    pub(crate) patterns: Vec<Pattern>,
    /// First-word key → patterns.
    pub(crate) by_first: FxHashMap<Box<str>, Vec<u32>>,
    /// Filter codes ([`key_code`]) of capitalised (or Latin, or number) first words.
    pub(crate) first_prefixes: FxHashSet<(bool, u64)>,
    /// Filter codes of first words that may be written in lower case.
    pub(crate) lower_first_prefixes: FxHashSet<(bool, u64)>,
    /// Some name may begin with a lower-case Cyrillic word.
    pub(crate) lower_cyrillic_first: bool,
    /// [`literal_hash`] of abbreviations that begin names (КНР, ПАР, BYD).
    pub(crate) upper_first: FxHashSet<u64>,
    /// First-word keys of names that begin with a common word («Велика Британія»):
    /// a text word whose literal or stem is one of them has its lower-case readings
    /// looked up too.
    pub(crate) common_first_keys: FxHashSet<Box<str>>,
    /// Filter codes of those common first words.
    pub(crate) common_first_codes: FxHashSet<(bool, u64)>,
    /// Canonical name key → entity, per kind (for `resolve` and rule names).
    pub(crate) by_name: FxHashMap<(EntityKind, String), u32>,
    /// ISO code → entity.
    pub(crate) by_code: FxHashMap<String, u32>,
    /// Rule-found names renamed by the user: (kind, name key) → new name.
    pub(crate) renames: FxHashMap<(EntityKind, String), String>,
    /// Rule-found names suppressed by the user: name keys (kind `None`: both).
    pub(crate) suppressed: Vec<(Option<EntityKind>, String)>,
    pub(crate) sizes: ListSizes,
}

impl Gazetteer {
    /// Compiles `sources` with `analyzer`.
    pub fn build(analyzer: Arc<Analyzer>, sources: Sources) -> Gazetteer {
        let mut g = Gazetteer {
            analyzer,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Ukrainian),
            entities: Vec::new(),
            patterns: Vec::new(),
            by_first: FxHashMap::default(),
            first_prefixes: FxHashSet::default(),
            lower_first_prefixes: FxHashSet::default(),
            lower_cyrillic_first: false,
            upper_first: FxHashSet::default(),
            common_first_keys: FxHashSet::default(),
            common_first_codes: FxHashSet::default(),
            by_name: FxHashMap::default(),
            by_code: FxHashMap::default(),
            renames: FxHashMap::default(),
            suppressed: Vec::new(),
            sizes: ListSizes::default(),
        };
        for e in &sources.entities {
            let id = g.entities.len() as u32;
            g.entities.push(Canonical {
                kind: e.kind,
                name: e.name.clone(),
                code: e.code.clone(),
            });
            g.by_name.entry((e.kind, name_key(&e.name))).or_insert(id);
            if let Some(code) = &e.code {
                g.by_code.entry(code.to_ascii_uppercase()).or_insert(id);
            }
            let mut aliases = e.aliases.clone();
            if !aliases.iter().any(|a| a.text == e.name) {
                aliases.insert(0, Alias::parse(&e.name));
            }
            let mut seen = FxHashSet::default();
            for a in aliases {
                if !seen.insert(a.text.clone()) {
                    continue;
                }
                match e.kind {
                    EntityKind::Country => g.sizes.country_aliases += 1,
                    EntityKind::Company => g.sizes.company_aliases += 1,
                }
                g.add_pattern(Target::Entity(id), e.kind, &a);
            }
            match e.kind {
                EntityKind::Country => g.sizes.countries += 1,
                EntityKind::Company => g.sizes.companies += 1,
            }
        }
        for (kind, phrase) in &sources.blockers {
            g.sizes.blockers += 1;
            let a = Alias::parse(phrase);
            g.add_pattern(Target::Block(*kind), kind.unwrap_or(EntityKind::Company), &a);
        }
        for (kind, from, to) in &sources.renames {
            g.renames.insert((*kind, name_key(from)), to.clone());
        }
        g.suppressed = sources
            .suppressed
            .iter()
            .map(|(k, n)| (*k, name_key(n)))
            .collect();
        g
    }

    /// Loaded list sizes.
    pub fn sizes(&self) -> ListSizes {
        self.sizes
    }

    fn add_pattern(&mut self, target: Target, kind: EntityKind, alias: &Alias) {
        let Some(words) = self.compile(&alias.text, kind, alias.exact_case) else {
            return;
        };
        // A one-word company name that the dictionary knows only as a person's name
        // (Тесла, Форд) counts only in quotes or after an organisation word.
        let person_name = kind == EntityKind::Company && words.len() == 1 && words[0].person_ok;
        let id = self.patterns.len() as u32;
        let first = &words[0];
        for k in &first.keys {
            let list = self.by_first.entry(k.clone()).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
            if first.case == CaseReq::Upper {
                self.upper_first.insert(literal_hash(k));
                continue;
            }
            let code = key_code(k);
            self.first_prefixes.insert(code);
            if !first.proper && !first.latin {
                self.common_first_keys.insert(k.clone());
                self.common_first_codes.insert(code);
            }
            if first.case == CaseReq::Any || first.case == CaseReq::Same(Shape::Lower) {
                self.lower_first_prefixes.insert(code);
                self.lower_cyrillic_first |= !first.latin;
            }
        }
        self.patterns.push(Pattern {
            target,
            words,
            needs_context: alias.needs_context || person_name,
            text: alias.text.as_str().into(),
        });
    }

    /// Compiles a name into pattern words (None for a name without words).
    pub fn compile(&self, name: &str, kind: EntityKind, exact_case: bool) -> Option<Vec<PatWord>> {
        let lexicon = self.analyzer.lexicon();
        let mut out = Vec::new();
        let mut prev_end = 0;
        let mut norm = String::new();
        let mut folded = String::new();
        let mut rs = Vec::new();
        for span in words(name) {
            let gap: String = name[prev_end..span.start]
                .chars()
                .filter(|c| !c.is_whitespace() && !is_quote(*c))
                .collect();
            let gap = if out.is_empty() { String::new() } else { gap };
            prev_end = span.end;
            normalize_word(&name[span.start..span.end], &mut norm);
            fold_key(&norm, &mut folded);
            let s = shape(&norm);
            let letters = norm.chars().filter(|c| c.is_alphabetic()).count();
            let mut keys: Vec<Box<str>> = Vec::new();
            let push = |k: &str, keys: &mut Vec<Box<str>>| {
                if !keys.iter().any(|x| &**x == k) {
                    keys.push(k.into());
                }
            };
            let (mut proper, mut person_ok) = (false, false);
            let latin = matches!(span.script, Script::Latin | Script::Number | Script::Other);
            let case = match span.script {
                Script::Cyrillic | Script::Mixed => {
                    if s == Shape::Upper && letters >= 2 {
                        push(&folded, &mut keys);
                        CaseReq::Upper
                    } else {
                        readings(lexicon, &norm, &mut rs);
                        if s != Shape::Lower && !rs.is_empty() {
                            // The capitalised form's own readings: proper names first.
                            let has_proper = rs
                                .iter()
                                .any(|(_, t)| t.contains(Tags::PROPER) && !t.intersects(PERSON));
                            for (lemma, t) in &rs {
                                if has_proper && (!t.contains(Tags::PROPER) || t.intersects(PERSON)) {
                                    continue;
                                }
                                fold_key(lemma, &mut folded);
                                push(&folded, &mut keys);
                            }
                            proper = rs.iter().any(|(_, t)| t.contains(Tags::PROPER));
                            person_ok = !has_proper && rs.iter().any(|(_, t)| t.intersects(PERSON));
                        } else {
                            if s != Shape::Lower {
                                let mut lower = String::new();
                                lowercase_into(&norm, &mut lower);
                                readings(lexicon, &lower, &mut rs);
                            }
                            for (lemma, _) in &rs {
                                fold_key(lemma, &mut folded);
                                push(&folded, &mut keys);
                            }
                        }
                        // A one-word name that is an adjective (Суспільне, Громадське)
                        // matches only as written: its other forms are ordinary adjectives.
                        let single = words(name).nth(1).is_none();
                        if single && !rs.is_empty() && rs.iter().all(|(_, t)| t.contains(Tags::ADJ)) {
                            keys.clear();
                        }
                        if keys.is_empty() && rs.is_empty() {
                            for k in self.analyzer.word_keys(&norm, span.script, Side::Index) {
                                push(&k, &mut keys);
                            }
                        }
                        fold_key(&norm, &mut folded);
                        push(&folded, &mut keys);
                        match s {
                            Shape::Lower if !exact_case => CaseReq::Any,
                            _ if exact_case => CaseReq::Same(s),
                            // After a capitalised first word the rest may be written in
                            // lower case («Сполучене королівство»).
                            _ if !out.is_empty() => CaseReq::Any,
                            _ => CaseReq::Capital,
                        }
                    }
                }
                _ => {
                    let mut lower = String::new();
                    lowercase_into(&norm, &mut lower);
                    push(&lower, &mut keys);
                    if span.script == Script::Number {
                        CaseReq::Any
                    } else if s == Shape::Upper && letters <= 4 {
                        CaseReq::Upper
                    } else if exact_case {
                        CaseReq::Same(s)
                    } else if kind == EntityKind::Country {
                        // English country names: capitalised, but not "of", "the", "and".
                        if s == Shape::Lower {
                            CaseReq::Any
                        } else {
                            CaseReq::Capital
                        }
                    } else {
                        CaseReq::Any
                    }
                }
            };
            out.push(PatWord {
                keys,
                case,
                proper,
                person_ok,
                gap: gap.into(),
                latin,
            });
        }
        // A name must not begin with a lower-case connector («і», "of").
        if out.is_empty() {
            None
        } else {
            Some(out)
        }
    }

    /// The canonical entity `id`.
    pub fn entity(&self, id: u32) -> &Canonical {
        &self.entities[id as usize]
    }
}
