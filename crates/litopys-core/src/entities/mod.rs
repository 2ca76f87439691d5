//! Entity facets: the countries and companies an article mentions, one canonical name
//! each whatever the inflection or alias.
//!
//! How it works:
//! - [`sources`] reads the embedded lists (`data/countries.txt`: 216 states and
//!   territories with ISO 3166-1 codes; `data/companies.txt`: ~380 notable companies;
//!   both with aliases and blocker phrases) and the optional user file ([`user_file`],
//!   TOML); [`gazetteer`] analyses every name with the same
//!   [`Analyzer`](litopys_analysis::Analyzer) as the index into a sequence of word
//!   patterns: the lemma keys of each word (so «Сполучених Штатів» matches «Сполучені
//!   Штати» and «Китаєм» matches «Китай»), the case the word must have in the text (names
//!   capitalised, abbreviations in capitals: «кит», «чилі» or the pronoun «того» never
//!   match), and whether the keys came from a proper-name reading.
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
//! The files, bottom up (each imports only files named before it): `model` (kinds,
//! canonical entities, mentions, re-exported here), [`memo`] (per-thread tables of what
//! was worked out for a word or a name), [`names`] (case, quotes, name keys),
//! [`sources`] (the lists as parsed), [`pattern`] (one name compiled into word patterns),
//! [`vocab`] (organisation words, legal forms, corporate suffixes), [`gazetteer`] (the
//! compiled lists), [`quoted`] (quoted names and their normal form), [`user_file`],
//! [`doc`] (a text's words, analysed lazily, and the hits found in it), [`matcher`] and
//! [`rules`], and [`EntityExtractor`] on top, which merges their hits into mentions.
//!
//! Adjectives (китайський) are not mentions; cities are not countries. Extraction is
//! pure and `Send + Sync`: one [`EntityExtractor`] serves every indexing thread, each
//! thread keeping what it worked out about a word or a name ([`memo`]). With the
//! recogniser it takes about twice the time of the analysis alone: 37% of the CPU of
//! indexing 100k replicated articles (`litopys-lab bench index`; `litopys-lab eval
//! entities --bench FILE` measures it alone).

pub mod doc;
mod extractor;
pub mod gazetteer;
pub mod matcher;
pub mod memo;
mod model;
pub mod names;
pub mod ner;
pub mod organisations;
pub mod pattern;
pub mod persons;
#[cfg(test)]
mod persons_tests;
pub mod quoted;
pub mod rules;
pub mod sources;
pub mod user_file;
pub mod vocab;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_never_panic;

pub use extractor::{EntityExtractor, RULES_VERSION};
pub use model::{distinct, doc_entities, Canonical, EntityError, EntityKind, Field, ListSizes, Mention};
pub use quoted::normalize_name;
pub use sources::{COMPANIES, COUNTRIES};
