//! Which articles a question is about, as a person gives it (country and company names in
//! any form, dates, outlets), turned into a [`SearchRequest`] the index understands.
//!
//! The command line's flags and the HTTP API's URL parameters both fill a [`Filters`], so
//! «--country Китаєм» and `?country=Китаєм` resolve through the same code to the same
//! stored value (`CN|Китай`).

use std::path::Path;
use std::sync::Arc;

use crate::corpus::{normalize_language, ArticleDate};
use crate::entities::organisations::normalise;
use crate::entities::persons::{read_name, PersonName};
use crate::entities::{normalize_name, EntityExtractor, EntityKind};
use crate::index::entity_fields::extractor_for;
use crate::index::schema::country_value;
use crate::index::{open_index_lenient, Access, MetaError};
use crate::search::searcher::{Counting, SearchRequest, Searcher};
use crate::stories::parse_story_id;
use litopys_analysis::lexicon::Lexicon;
use litopys_analysis::Analyzer;

/// The filters of a question, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only articles published on or after this day.
    pub from: Option<ArticleDate>,
    /// Only articles published on or before this day.
    pub to: Option<ArticleDate>,
    /// Only articles from one of these outlets (exact names).
    pub sources: Vec<String>,
    /// Only articles in one of these languages, as any spelling a dump uses (`uk`,
    /// `ukr`, `uk_UA`); `A,B` in one entry means either too.
    pub languages: Vec<String>,
    /// Countries, each required; one entry `A,B` means either. Any form, alias or code.
    pub countries: Vec<String>,
    /// Companies, each required; one entry `A,B` means either. Any form or alias.
    pub companies: Vec<String>,
    /// Persons, each required; `A,B` means either. Any inflection («Порошенком»); a
    /// surname alone takes every person of that surname.
    pub persons: Vec<String>,
    /// Organisations other than companies, each required; `A,B` means either. Any
    /// inflection of the head word («Верховної Ради»).
    pub organisations: Vec<String>,
    /// Only the articles of one story, by the id hits show (16 hex digits).
    pub story: Option<String>,
    /// What facet counts and timelines count: articles or stories. Not a filter, but
    /// given with them wherever counts are asked for.
    pub counting: Counting,
}

/// A filter that names nothing the index can hold.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScopeError {
    /// No country goes by this name, alias or code.
    #[error("unknown country «{0}»: give its Ukrainian name in any form, an alias (КНР, США) or its ISO code (cn)")]
    UnknownCountry(String),
    /// A story id that is not one.
    #[error("«{0}» is not a story id: give the 16 hex digits a hit shows as its story")]
    BadStory(String),
}

impl Filters {
    /// The request for `query` within these filters (first page, by relevance).
    pub fn resolve(&self, extractor: &EntityExtractor, query: String) -> Result<SearchRequest, ScopeError> {
        let countries = self
            .countries
            .iter()
            .map(|flag| split(flag).map(|name| country(extractor, name)).collect())
            .collect::<Result<_, _>>()?;
        let companies = self
            .companies
            .iter()
            .map(|flag| split(flag).map(|name| company(extractor, name)).collect())
            .collect();
        let lexicon = extractor.analyzer().lexicon();
        let names = |flags: &[String], canonical: &dyn Fn(&str) -> String| -> Vec<Vec<String>> {
            flags
                .iter()
                .map(|flag| split(flag).map(canonical).collect())
                .collect()
        };
        let persons = names(&self.persons, &|name| person(lexicon, name));
        let organisations = names(&self.organisations, &|name| normalise(lexicon, name));
        let story = match &self.story {
            Some(text) => Some(parse_story_id(text).ok_or_else(|| ScopeError::BadStory(text.clone()))?),
            None => None,
        };
        Ok(SearchRequest {
            story,
            count: self.counting,
            from: self.from,
            to: self.to,
            sources: self.sources.clone(),
            languages: self
                .languages
                .iter()
                .flat_map(|flag| split(flag))
                .filter_map(normalize_language)
                .collect(),
            countries,
            companies,
            persons,
            organisations,
            ..SearchRequest::new(query)
        })
    }
}

/// An index opened for questions: the searcher and the entity extractor that resolves
/// filter names the way the index was built.
pub struct SearchScope {
    /// Runs the queries.
    pub searcher: Searcher,
    /// Resolves country and company names in filters.
    pub extractor: EntityExtractor,
    /// Set when the index was built with another analyzer, lexicon or entity list:
    /// searches still work, but some forms or names may be missed until a rebuild.
    pub warning: Option<MetaError>,
}

impl SearchScope {
    /// Opens the index in `dir` with `analyzer` for queries ([`Access::Lookup`]), warning
    /// rather than refusing when its fingerprints differ (the index still answers; the
    /// warning says how to rebuild).
    pub fn open(dir: &Path, analyzer: Arc<Analyzer>) -> anyhow::Result<Self> {
        Self::open_for(dir, analyzer, Access::Lookup)
    }

    /// [`SearchScope::open`] for a reader that goes through the files as `access` says:
    /// a full export (`--limit all`) reads every stored block in order and keeps the
    /// kernel's readahead ([`Access::Scan`]).
    pub fn open_for(dir: &Path, analyzer: Arc<Analyzer>, access: Access) -> anyhow::Result<Self> {
        let extractor = extractor_for(analyzer.clone(), dir, None)?;
        let (index, warning) = open_index_lenient(dir, analyzer, &extractor.fingerprint(), access)?;
        Ok(SearchScope {
            searcher: Searcher::new(index)?,
            extractor,
            warning,
        })
    }

    /// The request for `query` within `filters`.
    pub fn request(&self, query: String, filters: &Filters) -> Result<SearchRequest, ScopeError> {
        filters.resolve(&self.extractor, query)
    }
}

/// The names of one filter value: `A,B` is either A or B.
fn split(flag: &str) -> impl Iterator<Item = &str> {
    flag.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// A country as the index stores it (`CODE|Name`).
fn country(extractor: &EntityExtractor, name: &str) -> Result<String, ScopeError> {
    let c = extractor
        .resolve(EntityKind::Country, name)
        .ok_or_else(|| ScopeError::UnknownCountry(name.to_string()))?;
    Ok(country_value(c.code.as_deref(), &c.name))
}

/// A person's canonical name from what a user typed: the nominative of each part, first
/// name then surname («Порошенком» → «Порошенко», «Порошенко Петра» → «Петро Порошенко»).
fn person(lexicon: &Lexicon, name: &str) -> String {
    match read_name(lexicon, name, false) {
        Some(PersonName {
            first: Some(first),
            surname: Some(surname),
            ..
        }) => format!("{first} {surname}"),
        Some(PersonName {
            surname: Some(surname),
            ..
        }) => surname,
        Some(PersonName {
            first: Some(first), ..
        }) => first,
        _ => name.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// A company's canonical name; one the list lacks is kept in its normal form, since the
/// rules may have found it by name.
fn company(extractor: &EntityExtractor, name: &str) -> String {
    match extractor.resolve(EntityKind::Company, name) {
        Some(c) => c.name,
        None => normalize_name(name),
    }
}
