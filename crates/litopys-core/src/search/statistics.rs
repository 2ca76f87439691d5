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
//! ([`SearchRequest::statistics`](super::searcher::SearchRequest::statistics)).
//!
//! Every search scores with [`LiveStatistics`], not Tantivy's own figures, which count
//! deleted documents (a re-indexed article's old version, until its segment is merged)
//! and estimate a merged segment's token total from its field norms while a fresh
//! segment's is exact: two indexes of the same articles written differently would rank
//! slightly differently. The live figures depend only on which articles are live: the
//! live documents, the sum of their field norms, the live documents of each term. So one
//! index, the same index rebuilt, and the sum over shards agree to the last bit.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::Collector;
use tantivy::index::SegmentId;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::schema::{Field, IndexRecordOption, Schema};
use tantivy::{DocSet, SegmentReader, TantivyError, Term, TERMINATED};

use super::deadline::{search_within, Deadline, DeadlineCollector};
use super::parallel;

/// What BM25 needs to score one query: the number of documents, the tokens of every
/// field the query scores, and the document frequency of every term it scores, by field
/// and term text. Serialised as JSON for the cluster coordinator.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryStatistics {
    /// Live documents in the index.
    pub docs: u64,
    /// Tokens per field name (the sum of the live documents' field norms).
    pub tokens: BTreeMap<String, u64>,
    /// Live documents per field name and term text.
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
        let live = LiveStatistics { searcher };
        let recorder = Recorder {
            live: &live,
            schema: searcher.schema(),
            seen: RefCell::new(QueryStatistics::default()),
        };
        query.weight(EnableScoring::enabled_from_statistics_provider(
            &recorder, searcher,
        ))?;
        let mut seen = recorder.seen.into_inner();
        seen.docs = live.total_num_docs()?;
        Ok(seen)
    }

    /// These statistics as Tantivy's provider, for the fields of `schema`.
    pub fn provider<'a>(&'a self, schema: &'a Schema) -> GivenStatistics<'a> {
        GivenStatistics { stats: self, schema }
    }
}

/// The corpus statistics of the live documents of an index (see the module's doc): what
/// every search scores with unless it is given the sums over shards.
pub struct LiveStatistics<'a> {
    /// The index at one commit.
    pub searcher: &'a tantivy::Searcher,
}

/// Token totals of a segment's live documents, per field: a segment and its deletions
/// never change, so each is summed once per process (segment ids are unique, so one
/// table serves every index). Bounded: cleared when it grows past this many entries.
const TOKEN_TOTALS_KEPT: usize = 1 << 16;

type TokenKey = (SegmentId, u32, u32);

fn token_totals() -> &'static Mutex<FxHashMap<TokenKey, u64>> {
    static TOTALS: OnceLock<Mutex<FxHashMap<TokenKey, u64>>> = OnceLock::new();
    TOTALS.get_or_init(Default::default)
}

/// The sum of the field norms of `segment`'s live documents in `field`.
fn live_tokens(segment: &SegmentReader, field: Field) -> tantivy::Result<u64> {
    let key = (segment.segment_id(), segment.num_deleted_docs(), field.field_id());
    if let Some(&n) = token_totals().lock().expect("token totals").get(&key) {
        return Ok(n);
    }
    let norms = segment.get_fieldnorms_reader(field)?;
    let n: u64 = segment
        .doc_ids_alive()
        .map(|doc| u64::from(norms.fieldnorm(doc)))
        .sum();
    let mut totals = token_totals().lock().expect("token totals");
    if totals.len() >= TOKEN_TOTALS_KEPT {
        totals.clear();
    }
    totals.insert(key, n);
    Ok(n)
}

/// The live documents of `segment` holding `term`: the term dictionary's count where the
/// segment has no deletions, else its postings walked past the deleted documents.
fn live_doc_freq(segment: &SegmentReader, term: &Term) -> tantivy::Result<u64> {
    let inverted = segment.inverted_index(term.field())?;
    let Some(alive) = segment.alive_bitset() else {
        return Ok(u64::from(inverted.doc_freq(term)?));
    };
    let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? else {
        return Ok(0);
    };
    let mut n = 0;
    let mut doc = postings.doc();
    while doc != TERMINATED {
        n += u64::from(alive.is_alive(doc));
        doc = postings.advance();
    }
    Ok(n)
}

impl Bm25StatisticsProvider for LiveStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        self.searcher
            .segment_readers()
            .iter()
            .map(|segment| live_tokens(segment, field))
            .sum()
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.searcher.num_docs())
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.searcher
            .segment_readers()
            .iter()
            .map(|segment| live_doc_freq(segment, term))
            .sum()
    }
}

/// Answers Tantivy's questions from the live statistics and remembers the answers.
struct Recorder<'a> {
    live: &'a LiveStatistics<'a>,
    schema: &'a Schema,
    seen: RefCell<QueryStatistics>,
}

impl Bm25StatisticsProvider for Recorder<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let n = self.live.total_num_tokens(field)?;
        let name = self.schema.get_field_name(field).to_string();
        self.seen.borrow_mut().tokens.insert(name, n);
        Ok(n)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        self.live.total_num_docs()
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let n = self.live.doc_freq(term)?;
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
/// given, else with the index's [`LiveStatistics`].
pub fn search_scored<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: C,
    deadline: Option<Deadline>,
    statistics: Option<&QueryStatistics>,
) -> tantivy::Result<C::Fruit> {
    if !collector.requires_scoring() {
        return search_within(searcher, query, collector, deadline);
    }
    let given;
    let live;
    let provider: &dyn Bm25StatisticsProvider = match statistics {
        Some(statistics) => {
            given = statistics.provider(searcher.schema());
            &given
        }
        None => {
            live = LiveStatistics { searcher };
            &live
        }
    };
    // Scored segments are searched at once (see `parallel::segment_executor`).
    let executor = parallel::segment_executor();
    let scoring = || EnableScoring::enabled_from_statistics_provider(provider, searcher);
    match deadline {
        Some(deadline) => searcher.search_with_executor(
            query,
            &DeadlineCollector::new(collector, deadline),
            executor,
            scoring(),
        ),
        None => searcher.search_with_executor(query, &collector, executor, scoring()),
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
