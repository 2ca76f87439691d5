//! The corpus statistics behind a query's BM25 scores, read out of one index and given
//! back to another: what makes a ranking over shards equal the ranking of one index.
//!
//! BM25 scores a document by how rare each term is in the whole collection (its document
//! frequency against the number of documents) and how long the field is against the
//! average. An index split by date knows only its own part: «коронавірус» is rare in 2015
//! and everywhere in 2020, so each shard would score it differently and a merged top ten
//! would follow the shard boundaries, not relevance. The cure is the classic distributed
//! frequency step: ask every shard for the statistics the query needs
//! ([`Searcher::statistics`](super::searcher::Searcher::statistics)), add them up
//! ([`QueryStatistics::add`]), and search every shard with the sum
//! ([`SearchRequest::statistics`](super::searcher::SearchRequest::statistics)). Every
//! figure is a sum over segments, so the sum over shards is exactly what one index built
//! from the same articles holds, and the scores agree to the last bit.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::Collector;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::schema::{Field, Schema};
use tantivy::{TantivyError, Term};

use super::deadline::{search_within, Deadline, DeadlineCollector};

/// What BM25 needs to score one query: the number of documents, the tokens of every
/// field the query scores, and the document frequency of every term it scores, by field
/// and term text. Serialised as JSON for the cluster coordinator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryStatistics {
    /// Documents in the index, deleted ones included (as Tantivy counts them for BM25).
    pub docs: u64,
    /// Tokens per field name, over every document.
    pub tokens: BTreeMap<String, u64>,
    /// Document frequency per field name and term text.
    pub terms: BTreeMap<String, BTreeMap<String, u64>>,
}

impl QueryStatistics {
    /// Adds another index's statistics of the same query: the statistics of the two
    /// indexes taken as one.
    pub fn add(&mut self, other: &QueryStatistics) {
        self.docs += other.docs;
        for (field, n) in &other.tokens {
            *self.tokens.entry(field.clone()).or_default() += n;
        }
        for (field, terms) in &other.terms {
            let mine = self.terms.entry(field.clone()).or_default();
            for (text, n) in terms {
                *mine.entry(text.clone()).or_default() += n;
            }
        }
    }

    /// Reads the statistics `query` needs from `searcher`: every figure Tantivy asks for
    /// while it prepares the query for scoring, recorded as it asks (so prefix
    /// expansions, phrases and boosts are covered without knowing the query's shape).
    pub fn of_query(searcher: &tantivy::Searcher, query: &dyn Query) -> tantivy::Result<Self> {
        let recorder = Recorder {
            searcher,
            schema: searcher.schema(),
            seen: RefCell::new(QueryStatistics::default()),
        };
        query.weight(EnableScoring::enabled_from_statistics_provider(
            &recorder, searcher,
        ))?;
        let mut seen = recorder.seen.into_inner();
        seen.docs = searcher.total_num_docs()?;
        Ok(seen)
    }

    /// These statistics as Tantivy's provider, for the fields of `schema`.
    pub fn provider<'a>(&'a self, schema: &'a Schema) -> GivenStatistics<'a> {
        GivenStatistics { stats: self, schema }
    }
}

/// Answers Tantivy's questions from the searcher and remembers the answers.
struct Recorder<'a> {
    searcher: &'a tantivy::Searcher,
    schema: &'a Schema,
    seen: RefCell<QueryStatistics>,
}

impl Bm25StatisticsProvider for Recorder<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let n = self.searcher.total_num_tokens(field)?;
        let name = self.schema.get_field_name(field).to_string();
        self.seen.borrow_mut().tokens.insert(name, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.searcher.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let n = self.searcher.doc_freq(term)?;
        let text = term_text(term)?;
        let name = self.schema.get_field_name(term.field()).to_string();
        self.seen
            .borrow_mut()
            .terms
            .entry(name)
            .or_default()
            .insert(text, n);
        Ok(n)
    }
}

/// Statistics given by the caller (summed over shards), as Tantivy's provider. A figure
/// the caller did not give is an error, never a silent fall-back to this index's own:
/// a ranking that quietly mixed the two would look right and be wrong.
pub struct GivenStatistics<'a> {
    stats: &'a QueryStatistics,
    schema: &'a Schema,
}

impl Bm25StatisticsProvider for GivenStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let name = self.schema.get_field_name(field);
        self.stats
            .tokens
            .get(name)
            .copied()
            .ok_or_else(|| missing(format!("the token count of field «{name}»")))
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.stats.docs)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let name = self.schema.get_field_name(term.field());
        let text = term_text(term)?;
        self.stats
            .terms
            .get(name)
            .and_then(|terms| terms.get(&text))
            .copied()
            .ok_or_else(|| missing(format!("the document frequency of «{text}» in «{name}»")))
    }
}

/// Runs `collector` for `query` like [`search_within`], scoring with `statistics` when
/// given instead of the index's own.
pub fn search_scored<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: C,
    deadline: Option<Deadline>,
    statistics: Option<&QueryStatistics>,
) -> tantivy::Result<C::Fruit> {
    let Some(statistics) = statistics else {
        return search_within(searcher, query, collector, deadline);
    };
    let provider = statistics.provider(searcher.schema());
    match deadline {
        Some(deadline) => searcher.search_with_statistics_provider(
            query,
            &DeadlineCollector::new(collector, deadline),
            &provider,
        ),
        None => searcher.search_with_statistics_provider(query, &collector, &provider),
    }
}

/// The words of the error a search with incomplete statistics ends with (see
/// [`is_missing_statistics`]).
pub const MISSING: &str = "the given statistics lack";

fn missing(what: String) -> TantivyError {
    TantivyError::InvalidArgument(format!(
        "{MISSING} {what}: ask every shard for the statistics of this query"
    ))
}

/// Whether `e` says the given statistics lack a figure the query needs (the caller's
/// mistake, not a damaged index).
pub fn is_missing_statistics(e: &TantivyError) -> bool {
    matches!(e, TantivyError::InvalidArgument(m) if m.starts_with(MISSING))
}

/// The text of a scored term: every scored field of the schema is a text field.
fn term_text(term: &Term) -> tantivy::Result<String> {
    term.value()
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| TantivyError::InvalidArgument("a scored term that is not text".to_string()))
}

#[cfg(test)]
#[path = "statistics_tests.rs"]
mod tests;
