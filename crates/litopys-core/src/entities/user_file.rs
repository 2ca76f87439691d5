//! The user entity file: TOML that adds entities and aliases, merges names and
//! suppresses false ones. It is read when the extractor is built (so at indexing); its
//! content is part of the extractor's fingerprint, so a change takes effect on reindex.
//!
//! ```toml
//! # A new company, or more aliases for a listed one (same canonical name).
//! [[company]]
//! name = "Укрнафта"
//! aliases = ["Ukrnafta", "ПАТ «Укрнафта»"]
//!
//! # Aliases may carry marks: "=" the capitalisation must match (Latin common words),
//! # "?" only in quotes or after an organisation word («компанія «Сокіл»»).
//! [[company]]
//! name = "Сокіл"
//! aliases = ["?Сокіл"]
//!
//! # A country needs its ISO 3166-1 alpha-2 code when it is new.
//! [[country]]
//! name = "Сомаліленд"
//! code = "XS"
//! aliases = ["Somaliland"]
//!
//! # Merge: every name listed becomes the entity `into` (created if needed). Names that
//! # are list entities lose their own entry; the others become aliases, and companies
//! # found by the rules under those names are renamed too.
//! [[merge]]
//! kind = "company"
//! into = "Meta"
//! names = ["Facebook", "Instagram"]
//!
//! # Suppress: a canonical name removes that entity (and rule-found companies of that
//! # name); any other phrase stops matching (it becomes a blocker). `kind` is optional.
//! [[suppress]]
//! kind = "company"
//! names = ["Bloomberg", "Альфа Банк"]
//! ```
//!
//! Names are compared case-insensitively (ґ/г and є/е folded). Ukrainian aliases match
//! in every inflection the dictionary knows: write them in the nominative.

use serde::Deserialize;

use super::model::EntityKind;
use super::names::name_key;
use super::sources::{Alias, EntitySource, Sources};

/// A new entity or more aliases for a listed one.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserEntity {
    /// Canonical name.
    pub name: String,
    /// ISO code (countries).
    pub code: Option<String>,
    /// Aliases, with optional `=`/`?` marks.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Names merged into one.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Merge {
    /// `country` or `company`.
    pub kind: String,
    /// The resulting canonical name.
    pub into: String,
    /// ISO code when `into` is a new country (default: the first merged country's).
    pub code: Option<String>,
    /// The names merged.
    pub names: Vec<String>,
}

/// Names that are not entities.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppress {
    /// `country` or `company`; both when absent.
    pub kind: Option<String>,
    /// Canonical names or phrases.
    pub names: Vec<String>,
}

/// The parsed user file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserFile {
    /// `[[country]]` tables.
    #[serde(default)]
    pub country: Vec<UserEntity>,
    /// `[[company]]` tables.
    #[serde(default)]
    pub company: Vec<UserEntity>,
    /// `[[merge]]` tables.
    #[serde(default)]
    pub merge: Vec<Merge>,
    /// `[[suppress]]` tables.
    #[serde(default)]
    pub suppress: Vec<Suppress>,
}

/// Parses the TOML text (the error says what and where).
pub fn parse(text: &str) -> Result<UserFile, String> {
    toml::from_str(text).map_err(|e| e.to_string().trim().to_string())
}

fn kind_of(s: &str) -> Result<EntityKind, String> {
    // Persons and organisations come from the recogniser, not from lists.
    EntityKind::parse(s)
        .filter(|k| matches!(k, EntityKind::Country | EntityKind::Company))
        .ok_or_else(|| format!("kind must be \"country\" or \"company\", not {s:?}"))
}

fn check_code(code: &str) -> Result<String, String> {
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(format!(
            "country code must be two letters (ISO 3166-1 alpha-2), not {code:?}"
        ))
    }
}

impl UserFile {
    /// Applies the file to the lists: additions, then merges, then suppressions.
    pub fn apply(&self, sources: &mut Sources) -> Result<(), String> {
        for (kind, list) in [
            (EntityKind::Country, &self.country),
            (EntityKind::Company, &self.company),
        ] {
            for e in list {
                if e.name.trim().is_empty() {
                    return Err(format!("a [[{kind}]] entry has an empty name"));
                }
                let aliases = e.aliases.iter().map(|a| Alias::parse(a));
                match sources.find(kind, &e.name) {
                    Some(i) => {
                        if let Some(code) = &e.code {
                            sources.entities[i].code = Some(check_code(code)?);
                        }
                        sources.entities[i].aliases.extend(aliases);
                    }
                    None => {
                        let code = match (kind, &e.code) {
                            (EntityKind::Country, Some(c)) => Some(check_code(c)?),
                            (EntityKind::Country, None) => {
                                return Err(format!("new country {:?} needs a code", e.name))
                            }
                            (_, _) => None,
                        };
                        sources.entities.push(EntitySource {
                            kind,
                            name: e.name.trim().to_string(),
                            code,
                            aliases: aliases.collect(),
                        });
                    }
                }
            }
        }
        let mut removed = vec![false; sources.entities.len()];
        for m in &self.merge {
            let kind = kind_of(&m.kind)?;
            let target = match sources.find(kind, &m.into) {
                Some(i) => i,
                None => {
                    let code = match kind {
                        EntityKind::Company | EntityKind::Person | EntityKind::Organisation => None,
                        EntityKind::Country => Some(match &m.code {
                            Some(c) => check_code(c)?,
                            None => m
                                .names
                                .iter()
                                .find_map(|n| sources.find(kind, n))
                                .and_then(|i| sources.entities[i].code.clone())
                                .ok_or_else(|| format!("merged country {:?} needs a code", m.into))?,
                        }),
                    };
                    sources.entities.push(EntitySource {
                        kind,
                        name: m.into.trim().to_string(),
                        code,
                        aliases: Vec::new(),
                    });
                    removed.push(false);
                    sources.entities.len() - 1
                }
            };
            for name in &m.names {
                match sources.find(kind, name) {
                    Some(i) if i != target => {
                        let old = std::mem::take(&mut sources.entities[i].aliases);
                        let canonical = Alias::parse(&sources.entities[i].name);
                        let t = &mut sources.entities[target].aliases;
                        t.push(canonical);
                        t.extend(old);
                        removed[i] = true;
                    }
                    Some(_) => {}
                    None => sources.entities[target].aliases.push(Alias::parse(name)),
                }
                sources
                    .renames
                    .push((kind, name.clone(), m.into.trim().to_string()));
            }
        }
        for s in &self.suppress {
            let kind = s.kind.as_deref().map(kind_of).transpose()?;
            for name in &s.names {
                let key = name_key(name);
                let mut hit = false;
                for (i, e) in sources.entities.iter().enumerate() {
                    if kind.is_none_or(|k| k == e.kind) && name_key(&e.name) == key {
                        removed[i] = true;
                        hit = true;
                    }
                }
                if !hit {
                    sources.blockers.push((kind, name.clone()));
                }
                sources.suppressed.push((kind, name.clone()));
            }
        }
        let mut i = 0;
        sources.entities.retain(|_| {
            i += 1;
            !removed[i - 1]
        });
        Ok(())
    }
}
