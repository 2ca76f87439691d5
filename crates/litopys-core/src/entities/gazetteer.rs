//! The entity lists: parsed from the embedded files and the user file into
//! [`Sources`](super::sources::Sources), then compiled with the analyzer into word patterns ([`Gazetteer`]).
//!
//! A name becomes one [`PatWord`](super::pattern::PatWord) per word. Each pattern word carries the keys a text
//! word may have to match it (the lemma keys of the name's word: «Штати» → `штат`, so
//! «Штатів» matches; the literal form; the analyzer's `~stem` for words the dictionary
//! lacks), the case the text word must have, and whether the keys came from a
//! proper-name reading of the capitalised form (then only the text word's own
//! capitalised readings count: «Того» the country is never the pronoun «того»).
//!
//! This file holds the compiled lists and the filter codes that let the matcher skip most
//! words without a lookup; list parsing is in [`super::sources`], the compilation of one
//! name in [`super::pattern`], matching in [`super::matcher`].

use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use super::model::{Canonical, EntityKind, ListSizes};
use super::names::{fold_char, name_key, Shape};
use super::pattern::{compile, CaseReq, Pattern, Target};
use super::sources::{Alias, Sources};
use litopys_analysis::{Analyzer, STEM_PREFIX};

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
    /// Names this gazetteer's values in the per-thread memo tables ([`super::memo`]).
    pub(crate) memo_owner: u64,
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
            memo_owner: super::memo::new_owner(),
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
                    // Lists hold countries and companies only (`user_file::kind_of`).
                    _ => g.sizes.company_aliases += 1,
                }
                g.add_pattern(Target::Entity(id), e.kind, &a);
            }
            match e.kind {
                EntityKind::Country => g.sizes.countries += 1,
                _ => g.sizes.companies += 1,
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
        let Some(words) = compile(&self.analyzer, &alias.text, kind, alias.exact_case) else {
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

    /// The canonical entity `id`.
    pub fn entity(&self, id: u32) -> &Canonical {
        &self.entities[id as usize]
    }
}
