//! Entity facets: the countries and companies an article mentions, one canonical name
//! each whatever the inflection or alias.
//!
//! How it works:
//! - [`gazetteer`] reads the embedded lists (`data/countries.txt`: 216 states and
//!   territories with ISO 3166-1 codes; `data/companies.txt`: ~380 notable companies;
//!   both with aliases and blocker phrases) and the optional user file ([`user_file`],
//!   TOML), and analyses every name with the same [`Analyzer`] as the index into a
//!   sequence of word patterns: the lemma keys of each word (so «Сполучених Штатів»
//!   matches «Сполучені Штати» and «Китаєм» matches «Китай»), the case the word must have
//!   in the text (names capitalised, abbreviations in capitals: «кит», «чилі» or the
//!   pronoun «того» never match), and whether the keys came from a proper-name reading.
//! - [`matcher`] walks the words of a text and, at each capitalised (or Latin, or
//!   numeric) word whose first letters begin some name, takes the longest pattern that
//!   matches, with guards for homonyms: a one-word name at the start of a sentence is
//!   dropped when its lower-case form is a common word (Чилі/чилі, Малі/малі, Того/того);
//!   a name that is also a person's name is dropped next to another capitalised word
//!   (Сальвадор Далі) and a country after a first name (Марія Грузія); blockers
//!   («Латинська Америка», «Північна Ірландія», «World Bank») win over the shorter names
//!   they contain; a Latin brand followed by a model is a product (Skoda Superb). A
//!   country inside a company's name is reported too («Нафтогаз України» → Україна).
//! - [`rules`] finds companies the list lacks: a quoted name after an organisation word or
//!   a legal form («компанія "Dalian Group"», «ТОВ «Ромашка»», nested forms peeled: «ДП
//!   «НАЕК «Енергоатом»»» → Енергоатом), Latin or transliterated names that end in a
//!   corporate suffix (Fujian Hengwang Investment, «Беніш Груп Лімітед»), and a longer
//!   quoted name that starts with a listed company («ДТЕК Дніпроенерго»). State and
//!   municipal enterprises named as institutions («КП «Управління …»») are not companies.
//!
//! Adjectives (китайський) are not mentions; cities are not countries. Extraction is
//! pure and `Send + Sync`: one [`EntityExtractor`] serves every indexing thread. On the
//! development news (5.2 MB) it takes about a third of the time of the analysis alone,
//! about a tenth of single-threaded indexing (`litopys-lab eval entities --bench FILE`).

pub mod gazetteer;
pub mod matcher;
pub mod rules;
pub mod user_file;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};

use gazetteer::Gazetteer;
use litopys_analysis::Analyzer;

/// Version of the extraction rules: part of [`EntityExtractor::fingerprint`]. Bump it
/// whenever a change to the code changes which entities a text yields.
pub const RULES_VERSION: &str = "entities-1";

/// The embedded country list (see the file for its format).
pub const COUNTRIES: &str = include_str!("data/countries.txt");
/// The embedded company list (see the file for its format).
pub const COMPANIES: &str = include_str!("data/companies.txt");

/// What kind of entity a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A sovereign state or a commonly reported territory, with its ISO 3166-1 code.
    Country,
    /// A company (including media companies).
    Company,
}

impl EntityKind {
    /// `country` or `company`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Company => "company",
        }
    }

    /// Parses `country`/`company` (also plural, any case).
    pub fn parse(s: &str) -> Option<EntityKind> {
        match s.trim().to_lowercase().as_str() {
            "country" | "countries" => Some(EntityKind::Country),
            "company" | "companies" => Some(EntityKind::Company),
            _ => None,
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which field of the article a mention is in (offsets are relative to that field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The headline.
    Title,
    /// The article text.
    Body,
}

/// One entity as the facets show it: kind, canonical name and (countries) ISO code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Canonical {
    /// Country or company.
    pub kind: EntityKind,
    /// The canonical name: stable in case and spelling («Китай», «Нафтогаз України»).
    pub name: String,
    /// ISO 3166-1 alpha-2 code of a country (`CN`); `None` for companies.
    pub code: Option<String>,
}

/// One place in a text that names an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Country or company.
    pub kind: EntityKind,
    /// The canonical name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code for countries.
    pub code: Option<String>,
    /// The field the offsets refer to.
    pub field: Field,
    /// Byte offset of the mention in its field.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// The mention as written.
    pub text: String,
}

impl Mention {
    /// The entity the mention names.
    pub fn canonical(&self) -> Canonical {
        Canonical {
            kind: self.kind,
            name: self.name.clone(),
            code: self.code.clone(),
        }
    }
}

/// Errors building an extractor: all about the user entity file.
#[derive(Debug, thiserror::Error)]
pub enum EntityError {
    /// The user file cannot be read.
    #[error("cannot read the entity file {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The user file is not valid TOML or does not follow the format.
    #[error("entity file {}: {message} (see `litopys` docs: src/entities/user_file.rs describes the format)", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line when TOML says it.
        message: String,
    },
    /// An embedded list is malformed (a bug, caught by the tests).
    #[error("embedded entity list: {0}")]
    Embedded(String),
}

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
        let mut sources = gazetteer::Sources::embedded()?;
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
            self.gazetteer.extract_field(title, Field::Title, &mut out);
        }
        self.gazetteer.extract_field(body, Field::Body, &mut out);
        out
    }

    /// What a user typed for a filter (`--country КНР`, `cn`, `Китаєм`; `--company
    /// Нафтогазу`) as the canonical entity, or `None` when no list entry matches. Names
    /// found only by the rules (ТОВ «…») are not in the lists: the caller should then
    /// compare the input with the stored names (see [`normalize_name`]).
    pub fn resolve(&self, kind: EntityKind, user_input: &str) -> Option<Canonical> {
        self.gazetteer.resolve(kind, user_input)
    }

    /// True when `phrase` as a whole is a blocked phrase for `kind` («Північна Ірландія»,
    /// «Латинська Америка»): named like an entity, but not one.
    pub fn is_blocked(&self, kind: EntityKind, phrase: &str) -> bool {
        matches!(
            self.gazetteer.full_match(phrase, Some(kind), false),
            Some(gazetteer::Target::Block(_))
        )
    }

    /// Numbers for reports: (countries, companies, aliases incl. canonical names,
    /// blocker phrases).
    pub fn sizes(&self) -> ListSizes {
        self.gazetteer.sizes()
    }
}

/// How big the loaded lists are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ListSizes {
    /// Countries and territories.
    pub countries: usize,
    /// Listed companies.
    pub companies: usize,
    /// Country names and aliases (canonical names included).
    pub country_aliases: usize,
    /// Company names and aliases (canonical names included).
    pub company_aliases: usize,
    /// Phrases that block a match.
    pub blockers: usize,
}

/// The distinct countries and companies of one article, in order of first mention.
pub fn doc_entities(mentions: &[Mention]) -> (Vec<Canonical>, Vec<Canonical>) {
    let mut countries: Vec<Canonical> = Vec::new();
    let mut companies: Vec<Canonical> = Vec::new();
    for m in mentions {
        let list = match m.kind {
            EntityKind::Country => &mut countries,
            EntityKind::Company => &mut companies,
        };
        if !list.iter().any(|c| c.name == m.name) {
            list.push(m.canonical());
        }
    }
    (countries, companies)
}

/// The normal form of a company name found by the rules: quotes and surrounding legal
/// forms dropped, spaces collapsed, apostrophes straightened. Lets callers compare a
/// filter typed by a user with stored rule-found names.
pub fn normalize_name(name: &str) -> String {
    rules::clean_name(name)
}
