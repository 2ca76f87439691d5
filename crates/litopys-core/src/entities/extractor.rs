//! The extractor: the gazetteer built from the embedded lists and the user file, its
//! fingerprint, and for each field of an article the mentions that list matching and the
//! rules find, merged (rule names win over list matches inside them, a longer quoted name
//! that starts with a listed company is a company of its own, a country inside a
//! company's name is reported too).
//!
//! The top of `entities`: it alone combines the matcher and the rules.

use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::doc::{Doc, Hit, HitKind};
use super::gazetteer::Gazetteer;
use super::model::{Canonical, EntityError, EntityKind, Field, ListSizes, Mention};
use super::names::is_upper;
use super::pattern::Target;
use super::sources::{Sources, COMPANIES, COUNTRIES};
use super::{quoted, rules, user_file};
use litopys_analysis::Analyzer;

/// Version of the extraction rules: part of [`EntityExtractor::fingerprint`]. Bump it
/// whenever a change to the code changes which entities a text yields.
pub const RULES_VERSION: &str = "entities-1";

/// Finds country and company mentions in article text. Built once (lists analysed with
/// the index's analyzer); `extract` is cheap and thread-safe.
pub struct EntityExtractor {
    gazetteer: Gazetteer,
    fingerprint: String,
}

impl EntityExtractor {
    /// Builds the extractor from the embedded lists, plus the user entity file if given.
    pub fn new(analyzer: Arc<Analyzer>, user_file: Option<&Path>) -> Result<Self, EntityError> {
        let user = match user_file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| EntityError::Io {
                    path: path.to_path_buf(),
                    source,
                })?;
                Some((path.to_path_buf(), text))
            }
            None => None,
        };
        Self::with_user_text(analyzer, user.as_ref().map(|(p, t)| (p.as_path(), t.as_str())))
    }

    /// As [`new`](Self::new), with the user file's content given directly (`path` is only
    /// used in error messages).
    pub fn with_user_text(analyzer: Arc<Analyzer>, user: Option<(&Path, &str)>) -> Result<Self, EntityError> {
        let mut sources = Sources::embedded()?;
        if let Some((path, text)) = user {
            let file = user_file::parse(text).map_err(|message| EntityError::Format {
                path: path.to_path_buf(),
                message,
            })?;
            file.apply(&mut sources).map_err(|message| EntityError::Format {
                path: path.to_path_buf(),
                message,
            })?;
        }
        let mut h = Sha256::new();
        for part in [
            RULES_VERSION,
            analyzer.fingerprint().as_str(),
            COUNTRIES,
            COMPANIES,
            user.map(|(_, t)| t).unwrap_or(""),
        ] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        let digest = h.finalize();
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let fingerprint = format!("{RULES_VERSION}/{hex}");
        let gazetteer = Gazetteer::build(analyzer, sources);
        Ok(EntityExtractor {
            gazetteer,
            fingerprint,
        })
    }

    /// Identifies the lists, the rules, the user file and the analyzer: an index stores
    /// it, and a different value means the entity fields must be rebuilt.
    pub fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    /// The mentions in an article's title and body, title first, each in text order.
    pub fn extract(&self, title: Option<&str>, body: &str) -> Vec<Mention> {
        let mut out = Vec::new();
        if let Some(title) = title {
            extract_field(&self.gazetteer, title, Field::Title, &mut out);
        }
        extract_field(&self.gazetteer, body, Field::Body, &mut out);
        out
    }

    /// What a user typed for a filter (`--country КНР`, `cn`, `Китаєм`; `--company
    /// Нафтогазу`) as the canonical entity, or `None` when no list entry matches. Names
    /// found only by the rules (ТОВ «…») are not in the lists: the caller should then
    /// compare the input with the stored names (see [`normalize_name`](super::normalize_name)).
    pub fn resolve(&self, kind: EntityKind, user_input: &str) -> Option<Canonical> {
        self.gazetteer.resolve(kind, user_input)
    }

    /// True when `phrase` as a whole is a blocked phrase for `kind` («Північна Ірландія»,
    /// «Латинська Америка»): named like an entity, but not one.
    pub fn is_blocked(&self, kind: EntityKind, phrase: &str) -> bool {
        matches!(
            self.gazetteer.full_match(phrase, Some(kind), false),
            Some(Target::Block(_))
        )
    }

    /// The analyzer the lists were compiled with: the recogniser looks words up in the
    /// same lexicon.
    pub fn analyzer(&self) -> &Arc<Analyzer> {
        &self.gazetteer.analyzer
    }

    /// Numbers for reports: (countries, companies, aliases incl. canonical names,
    /// blocker phrases).
    pub fn sizes(&self) -> ListSizes {
        self.gazetteer.sizes()
    }
}

/// Finds the mentions of one field and appends them to `out`.
fn extract_field(g: &Gazetteer, text: &str, field: Field, out: &mut Vec<Mention>) {
    let mut doc = Doc::new(text, false);
    let mut rule_hits = Vec::new();
    rules::find(g, &mut doc, &mut rule_hits);
    let mut hits = Vec::new();
    g.scan(&mut doc, &mut hits);
    // A listed company at the start of a longer quoted name names a company of its
    // own: «ДТЕК Дніпроенерго», «МТС-Україна».
    for h in &mut hits {
        let HitKind::Entity(id) = h.what else { continue };
        if g.entity(id).kind != EntityKind::Company {
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
        let Some((qs, qe)) = quoted::quoted(text, open) else {
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
        let name = quoted::clean_name(&text[qs..qe]);
        if !quoted::looks_like_name(&name) || name.split_whitespace().count() > 5 {
            continue;
        }
        if let Some(what) = rules::classify(g, &name) {
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
            HitKind::Entity(id) => g.entity(*id).kind == EntityKind::Company,
            HitKind::RuleCompany(_) => true,
        };
        if company {
            g.scan_countries_within(&mut doc, h.start, h.end, &mut nested);
        }
    }
    hits.extend(nested);
    hits.sort_by_key(|h| (h.start, h.end));
    hits.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.what == b.what);
    for h in hits {
        let (kind, name, code) = match h.what {
            HitKind::Entity(id) => {
                let e = g.entity(id);
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
