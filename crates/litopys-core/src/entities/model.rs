//! What entity facets are made of: the kinds of entity, a canonical entity, one mention
//! in a text, the errors of building an extractor and the sizes of its lists.
//!
//! The bottom of `entities`: plain data that every other file of the module (and the
//! index, search and output) passes around, defined here so that no file has to import
//! the extractor to name them.

use std::path::PathBuf;

use serde::Serialize;

/// What kind of entity a mention names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A sovereign state or a commonly reported territory, with its ISO 3166-1 code.
    Country,
    /// A company (including media companies).
    Company,
    /// A person, by one canonical name in the nominative («Петро Порошенко»).
    Person,
    /// An organisation that is not a company (ministries, courts, parties, councils,
    /// NGOs, universities, international bodies), by its name in the nominative.
    Organisation,
}

impl EntityKind {
    /// `country` or `company`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Country => "country",
            EntityKind::Company => "company",
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
        }
    }

    /// Parses `country`, `company`, `person`, `organisation` (also plural, any case, and
    /// the American `organization`).
    pub fn parse(s: &str) -> Option<EntityKind> {
        match s.trim().to_lowercase().as_str() {
            "country" | "countries" => Some(EntityKind::Country),
            "company" | "companies" => Some(EntityKind::Company),
            "person" | "persons" | "people" => Some(EntityKind::Person),
            "organisation" | "organisations" | "organization" | "organizations" => {
                Some(EntityKind::Organisation)
            }
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
    /// Country, company, person or organisation.
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
    (
        distinct(mentions, EntityKind::Country),
        distinct(mentions, EntityKind::Company),
    )
}

/// The distinct entities of one kind in an article's mentions, in order of first mention.
pub fn distinct(mentions: &[Mention], kind: EntityKind) -> Vec<Canonical> {
    let mut out: Vec<Canonical> = Vec::new();
    for m in mentions.iter().filter(|m| m.kind == kind) {
        if !out.iter().any(|c| c.name == m.name) {
            out.push(m.canonical());
        }
    }
    out
}
