//! Running a query on an opened index: filters, ordering, paging, counting, and turning
//! the page of hits into [`SearchResults`] with highlighted snippets.
//!
//! This is the whole search as a library call, so the command line and a future HTTP
//! server answer identically; they only differ in how they print the results.

use std::ops::Bound;
use std::sync::Arc;
use std::time::Instant;

use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, IndexReader, Score, TantivyDocument, Term};

use super::collapse::{collapse, StoryPage};
use super::deadline::{count_within, is_out_of_time, Deadline, OUT_OF_TIME};
use super::facets::{top_terms_by_period, top_terms_of_fields, Period, TermCount, TermSeries};
use super::global_ordinals::OrdinalCache;
use super::query::{build, parse, HighlightTerms, QueryError, QueryFields};
use super::ranking::{collect, PageRequest};
use super::results::{CompanyCount, CompanyRef, CountryCount, CountryRef, Facets, Hit, SearchResults};
use super::snippets::{to_html, Highlighter};
use super::statistics::{is_missing_statistics, QueryStatistics};
use super::story_counts::top_story_terms;
use crate::corpus::{ArticleDate, ArticleDateTime, ArticleHeader};
use crate::index::schema::split_country_value;
use crate::index::{Fields, OpenIndex};
use crate::stories::format_story_id;

/// How hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best BM25 score first (headline matches weigh more).
    #[default]
    Relevance,
    /// Newest first; undated articles last; equal days by relevance.
    Date,
}

/// What to search for and which page of the answer to return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query in the query language (see [`crate::search::query::parse`]).
    pub query: String,
    /// Hits to return; `None` returns every hit (for exports).
    pub limit: Option<usize>,
    /// Hits to skip first (the page start).
    pub offset: usize,
    /// The order of the hits.
    pub sort: SortOrder,
    /// Only articles published on or after this day.
    pub from: Option<ArticleDate>,
    /// Only articles published on or before this day.
    pub to: Option<ArticleDate>,
    /// Only articles from one of these outlets (exact names); empty means any.
    pub sources: Vec<String>,
    /// Only articles in one of these languages (normalised tags, see
    /// [`normalize_language`](crate::corpus::normalize_language)); `uk` also takes
    /// `uk-ua`. Empty means any, including articles whose language is unknown.
    pub languages: Vec<String>,
    /// Only articles naming countries: every inner list must match (AND), by any of its
    /// values (OR). Values as stored: `CODE|Name` (see `index::schema::country_value`).
    pub countries: Vec<Vec<String>>,
    /// Only articles naming companies, by canonical name, with the same AND-of-ORs logic.
    pub companies: Vec<Vec<String>>,
    /// Only articles naming persons, by canonical name («Петро Порошенко»), AND-of-ORs.
    /// A surname alone («Порошенко») takes every person of that surname.
    pub persons: Vec<Vec<String>>,
    /// Only articles naming organisations, by their name in the nominative, AND-of-ORs.
    pub organisations: Vec<Vec<String>>,
    /// Count the top countries and companies of the whole result set (0: don't).
    pub facets: usize,
    /// One hit per story (reprints of one report): the story's earliest matching
    /// article, with how many matching articles the story has (see [`super::collapse`]).
    pub collapse: bool,
    /// Only the articles of this story (a [`Hit::story`] id): the reprints a collapsed
    /// hit stands for.
    pub story: Option<u64>,
    /// What facets and timelines count: articles, or distinct stories.
    pub count: Counting,
    /// When the answer must be ready: past it the search stops with
    /// [`SearchError::OutOfTime`] (see [`super::deadline`]). `None`: no limit.
    pub deadline: Option<Deadline>,
    /// Score with these corpus statistics instead of the index's own: the sums over every
    /// shard of an archive (see [`super::statistics`]), so that shards rank as one index.
    pub statistics: Option<Arc<QueryStatistics>>,
}

/// Hits per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 10;

impl SearchRequest {
    /// The first page of hits for `query`, by relevance, unfiltered.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: Some(DEFAULT_LIMIT),
            offset: 0,
            sort: SortOrder::Relevance,
            from: None,
            to: None,
            sources: Vec::new(),
            languages: Vec::new(),
            countries: Vec::new(),
            companies: Vec::new(),
            persons: Vec::new(),
            organisations: Vec::new(),
            facets: 0,
            collapse: false,
            story: None,
            count: Counting::Articles,
            deadline: None,
            statistics: None,
        }
    }
}

/// What a count counts: every matching article, or the stories they belong to (the
/// forty reprints of one agency report count once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Counting {
    /// Matching articles.
    #[default]
    Articles,
    /// Distinct stories among the matching articles.
    Stories,
}

/// Why a search gave no results.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query does not parse or has nothing to search for; the user's to fix.
    #[error("bad query: {0}")]
    Query(QueryError),
    /// `from` is after `to`: no day can match; the user's to fix.
    #[error("the date range is empty: {from} is after {to}")]
    EmptyDateRange {
        /// The first day asked for.
        from: ArticleDate,
        /// The last day asked for.
        to: ArticleDate,
    },
    /// A comparison of attention over time was given no query or more than it can draw
    /// ([`MAX_QUERIES`](super::attention::MAX_QUERIES)); the user's to fix.
    #[error("a comparison takes 1 to {max} queries; {given} were given")]
    TooManyQueries {
        /// Queries given.
        given: usize,
        /// The most a comparison takes.
        max: usize,
    },
    /// Co-occurrence was asked for without an entity to go with (no country or company
    /// filter); the user's to fix.
    #[error("name the entity to find co-occurrences with: a country or company filter")]
    NothingPicked,
    /// The request's [`deadline`](SearchRequest::deadline) passed before the answer was
    /// ready; the search stopped.
    #[error("{OUT_OF_TIME}; narrow the query or the filters")]
    OutOfTime,
    /// The [`statistics`](SearchRequest::statistics) given lack a figure the query
    /// needs (they were gathered for another query); the caller's to fix.
    #[error("{0}")]
    Statistics(String),
    /// A file of the index is damaged (its footer or contents are not what Tantivy wrote,
    /// or it is missing): the same one-line advice `index` gives.
    #[error("the index is damaged ({}: {cause}): run `litopys check`, then `litopys index ARCHIVE --rebuild` from the archive", .file.display())]
    Damaged {
        /// The damaged file, as Tantivy names it (relative to the index folder).
        file: std::path::PathBuf,
        /// What is wrong with it.
        cause: String,
    },
    /// Tantivy failed otherwise (I/O): the message says how to find out and recover.
    #[error("the index could not be read ({0}); it may be damaged: run `litopys check`, then `litopys index ARCHIVE --rebuild` from the archive")]
    Index(tantivy::TantivyError),
}

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        if is_out_of_time(&e) {
            SearchError::OutOfTime
        } else if is_missing_statistics(&e) {
            SearchError::Statistics(e.to_string())
        } else if let Some((file, cause)) = crate::index::damage::damage(&e) {
            SearchError::Damaged { file, cause }
        } else {
            SearchError::Index(e)
        }
    }
}

impl SearchError {
    /// True when the request, not the index nor the time limit, is at fault (the CLI
    /// exits with 2).
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            SearchError::Query(_)
                | SearchError::EmptyDateRange { .. }
                | SearchError::TooManyQueries { .. }
                | SearchError::NothingPicked
                | SearchError::Statistics(_)
        )
    }
}

/// An index opened for searching; holds the reader so that repeated queries (a server,
/// a benchmark) reuse the loaded segments.
pub struct Searcher {
    index: OpenIndex,
    reader: IndexReader,
    ordinals: Option<OrdinalCache>,
}

impl Searcher {
    /// Prepares an opened index for searching.
    pub fn new(index: OpenIndex) -> Result<Self, SearchError> {
        let reader = index.index.reader()?;
        Ok(Searcher {
            index,
            reader,
            ordinals: None,
        })
    }

    /// Makes this searcher keep the global ordinals of the facet fields (see
    /// [`super::global_ordinals`]): for a searcher that answers many queries (the server,
    /// the benchmarks), where facet counts over many hits then cost a fraction. Building
    /// them reads every facet dictionary once per set of segments, which a one-shot
    /// query should not pay.
    pub fn keep_facet_ordinals(mut self) -> Self {
        self.ordinals = Some(OrdinalCache::default());
        self
    }

    /// The opened index: for the other answers of this module (significant terms) that
    /// read the fields and the analyzer.
    pub(crate) fn opened(&self) -> &OpenIndex {
        &self.index
    }

    /// Number of articles in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs `request`: counts every match and returns the requested page, highlighted.
    /// An empty query matches every article (browsing by filters alone).
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.search_in(&self.snapshot(), request)
    }

    /// The newest committed state of the index, fixed: paging through it with
    /// [`Searcher::search_in`] gives consistent pages even while an indexing job commits.
    pub fn snapshot(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }

    /// The corpus statistics `request`'s query is scored with (see
    /// [`super::statistics`]): what a coordinator asks every shard for, adds up, and
    /// gives back in [`SearchRequest::statistics`].
    pub fn statistics(&self, request: &SearchRequest) -> Result<QueryStatistics, SearchError> {
        let (query, _) = self.scoped_query(request)?;
        Ok(QueryStatistics::of_query(&self.snapshot(), &*query)?)
    }

    /// Like [`Searcher::search`], on a given [`Searcher::snapshot`].
    pub fn search_in(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
    ) -> Result<SearchResults, SearchError> {
        let started = Instant::now();
        let fields = self.index.fields;
        let analyzer = &*self.index.analyzer;
        let (query, highlight) = self.scoped_query(request)?;

        let deadline = request.deadline;
        let mut stories = None;
        let (total, page) = match request.limit {
            _ if request.collapse => {
                let collapsed = collapse(searcher, &*query, request, deadline)?;
                stories = Some(collapsed.stories);
                (collapsed.total, collapsed.page)
            }
            Some(0) => (count_within(searcher, &*query, deadline)?, Vec::new()),
            Some(limit) => collect(searcher, &*query, &page(request, limit))?,
            None => {
                // Every hit: count first, so the top-k buffer is exactly as large as needed.
                let total = count_within(searcher, &*query, deadline)?;
                let rest = total.saturating_sub(request.offset);
                if rest == 0 {
                    (total, Vec::new())
                } else {
                    collect(searcher, &*query, &page(request, rest))?
                }
            }
        };

        let mut highlighter = Highlighter::new(analyzer, &highlight);
        let mut hits = Vec::with_capacity(page.len());
        for (score, address) in page {
            let doc: TantivyDocument = searcher.doc(address)?;
            let mut hit = hit(&doc, &fields, score, &mut highlighter);
            hit.story = story_of(searcher, address)?.map(format_story_id);
            hit.story_articles = stories.as_ref().and_then(|s: &StoryPage| s.articles(address));
            hits.push(hit);
        }
        let facets = if request.facets > 0 {
            Some(facets(
                searcher,
                &*query,
                request.facets,
                request.count,
                self.ordinals.as_ref(),
                deadline,
            )?)
        } else {
            None
        };
        let took_ms = (started.elapsed().as_secs_f64() * 1e5).round() / 100.0;
        Ok(SearchResults {
            query: request.query.clone(),
            total,
            stories: stories.map(|s| s.total),
            took_ms,
            hits,
            facets,
        })
    }
}

/// Which field of the matching articles to count: the entities they name, or the outlet
/// and language they come in (a researcher asks "who wrote about it" as often as "what
/// does it name").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetField {
    /// `country` (values `CODE|Name`).
    Country,
    /// `company`.
    Company,
    /// `person`: canonical person names.
    Person,
    /// `organisation`: organisations other than companies.
    Organisation,
    /// `source`: the outlet, as the archive names it.
    Source,
    /// `language`: the normalised language tag.
    Language,
}

impl FacetField {
    /// The index field counted, which is also the kind's name in answers.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Country => "country",
            FacetField::Company => "company",
            FacetField::Person => "person",
            FacetField::Organisation => "organisation",
            FacetField::Source => "source",
            FacetField::Language => "language",
        }
    }
}

impl Searcher {
    /// Counts the `limit` most frequent countries or companies among the articles matching
    /// `request` (an empty query means every article; paging is ignored), optionally with
    /// a series per month or year: the `facets` command and timelines.
    pub fn entity_counts(
        &self,
        request: &SearchRequest,
        field: FacetField,
        limit: usize,
        period: Option<Period>,
    ) -> Result<(usize, Vec<TermSeries>), SearchError> {
        let (query, _) = self.scoped_query(request)?;
        let searcher = self.reader.searcher();
        let deadline = request.deadline;
        let total = count_within(&searcher, &*query, deadline)?;
        let name = field.name();
        if request.count == Counting::Stories {
            let series = top_story_terms(&searcher, &*query, name, limit, period, deadline)?;
            return Ok((total, series));
        }
        let series = match period {
            Some(p) => top_terms_by_period(&searcher, &*query, name, "month", limit, p, deadline)?,
            None => top_terms_of_fields(
                &searcher,
                &*query,
                &[name],
                limit,
                self.ordinals.as_ref(),
                deadline,
            )?
            .pop()
            .unwrap_or_default()
            .into_iter()
            .map(|t| TermSeries {
                value: t.value,
                count: t.count,
                periods: Default::default(),
            })
            .collect(),
        };
        Ok((total, series))
    }
}

impl Searcher {
    /// The request's text query (every article when empty) with its filters, and the
    /// words to highlight: what every kind of answer (hits, counts, timelines) runs.
    pub(crate) fn scoped_query(
        &self,
        request: &SearchRequest,
    ) -> Result<(Box<dyn Query>, HighlightTerms), SearchError> {
        let fields = &self.index.fields;
        let (text, highlight) = if request.query.trim().is_empty() {
            (Box::new(AllQuery) as Box<dyn Query>, HighlightTerms::default())
        } else {
            let expr = parse(&request.query).map_err(SearchError::Query)?;
            let snapshot = self.reader.searcher();
            let built = build(&expr, &self.index.analyzer, QueryFields::from(fields), &snapshot)
                .map_err(|e| SearchError::Query(e.locate(&request.query)))?;
            (built.query, built.highlight)
        };
        let snapshot = self.reader.searcher();
        let persons: Vec<Vec<String>> = request
            .persons
            .iter()
            .map(|either| {
                either
                    .iter()
                    .flat_map(|name| person_values(&snapshot, fields.person, name))
                    .collect()
            })
            .collect();
        Ok((filtered(text, fields, request, &persons)?, highlight))
    }

    /// The opened index (fields, analyzer), for the answers built outside this file.
    pub fn index(&self) -> &OpenIndex {
        &self.index
    }

    /// A point-in-time view of the index: the newest commit the reader has loaded.
    pub(crate) fn tantivy_searcher(&self) -> tantivy::Searcher {
        self.reader.searcher()
    }
}

/// Adds the date and source filters to the text query. Filters score 0, so they select
/// without changing the ranking or the reported scores.
fn filtered(
    query: Box<dyn Query>,
    fields: &Fields,
    request: &SearchRequest,
    persons: &[Vec<String>],
) -> Result<Box<dyn Query>, SearchError> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    if let (Some(from), Some(to)) = (request.from, request.to) {
        if from > to {
            return Err(SearchError::EmptyDateRange { from, to });
        }
    }
    if request.from.is_some() || request.to.is_some() {
        let day = |d: ArticleDate, next: i64| {
            Term::from_field_date(
                fields.date,
                DateTime::from_timestamp_secs(d.unix_seconds() + next),
            )
        };
        let lower = request
            .from
            .map_or(Bound::Unbounded, |d| Bound::Included(day(d, 0)));
        // Inclusive of the whole last day, whatever time of day an article carries.
        let upper = request
            .to
            .map_or(Bound::Unbounded, |d| Bound::Excluded(day(d, 86_400)));
        clauses.push((Occur::Must, filter(Box::new(RangeQuery::new(lower, upper)))));
    }
    for (field, groups) in [
        (fields.country, &request.countries),
        (fields.company, &request.companies),
        (fields.person, &persons.to_vec()),
        (fields.organisation, &request.organisations),
    ] {
        for either in groups {
            clauses.push((Occur::Must, filter(any_term(field, either))));
        }
    }
    if !request.sources.is_empty() {
        let either = request
            .sources
            .iter()
            .map(|s| {
                let term = Term::from_field_text(fields.source, s);
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        clauses.push((Occur::Must, filter(Box::new(BooleanQuery::new(either)))));
    }
    if let Some(story) = request.story {
        let term = Term::from_field_u64(fields.story, story);
        clauses.push((
            Occur::Must,
            filter(Box::new(TermQuery::new(term, IndexRecordOption::Basic))),
        ));
    }
    if !request.languages.is_empty() {
        clauses.push((
            Occur::Must,
            filter(any_language(fields.language, &request.languages)),
        ));
    }
    Ok(if clauses.len() == 1 {
        clauses.pop().expect("the text query").1
    } else {
        Box::new(BooleanQuery::new(clauses))
    })
}

/// Matches documents whose language tag in `field` is one of `tags` or one of them with a
/// region or script (`uk` → `uk`, `uk-ua`): the tag itself, or a term in `[tag-, tag.)`
/// (`.` follows `-` in byte order).
fn any_language(field: Field, tags: &[String]) -> Box<dyn Query> {
    let either = tags
        .iter()
        .flat_map(|tag| {
            let exact = TermQuery::new(Term::from_field_text(field, tag), IndexRecordOption::Basic);
            let regional = RangeQuery::new(
                Bound::Included(Term::from_field_text(field, &format!("{tag}-"))),
                Bound::Excluded(Term::from_field_text(field, &format!("{tag}."))),
            );
            [
                (Occur::Should, Box::new(exact) as Box<dyn Query>),
                (Occur::Should, Box::new(regional) as Box<dyn Query>),
            ]
        })
        .collect();
    Box::new(BooleanQuery::new(either))
}

/// Matches documents with any of `values` in the exact-string `field`.
/// The stored person values a filter name stands for: the name itself, and for a surname
/// alone every full name with that surname (read from the field's term dictionaries).
fn person_values(searcher: &tantivy::Searcher, field: Field, name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    if name.contains(' ') {
        return out;
    }
    let suffix = format!(" {}", name.to_lowercase());
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(value) = std::str::from_utf8(stream.key()) {
                if value.to_lowercase().ends_with(&suffix) && !out.iter().any(|v| v == value) {
                    out.push(value.to_string());
                }
            }
        }
    }
    out
}

fn any_term(field: Field, values: &[String]) -> Box<dyn Query> {
    let either = values
        .iter()
        .map(|v| {
            let term = Term::from_field_text(field, v);
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(either))
}

/// The top `limit` countries, companies, sources and languages among every document
/// matching `query`.
fn facets(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    limit: usize,
    counting: Counting,
    ordinals: Option<&OrdinalCache>,
    deadline: Option<Deadline>,
) -> tantivy::Result<Facets> {
    const FIELDS: [FacetField; 6] = [
        FacetField::Country,
        FacetField::Company,
        FacetField::Person,
        FacetField::Organisation,
        FacetField::Source,
        FacetField::Language,
    ];
    // Articles: every field in one pass. Stories: one pass per field, each story once.
    let counted: Vec<Vec<TermCount>> = match counting {
        Counting::Articles => {
            let names = FIELDS.map(FacetField::name);
            top_terms_of_fields(searcher, query, &names, limit, ordinals, deadline)?
        }
        Counting::Stories => FIELDS
            .iter()
            .map(|field| {
                Ok(
                    top_story_terms(searcher, query, field.name(), limit, None, deadline)?
                        .into_iter()
                        .map(|t| TermCount {
                            value: t.value,
                            count: t.count,
                        })
                        .collect(),
                )
            })
            .collect::<tantivy::Result<_>>()?,
    };
    let [country, company, person, organisation, source, language]: [Vec<TermCount>; 6] = counted
        .try_into()
        .map_err(|_| tantivy::TantivyError::InternalError("one facet list per field".into()))?;
    let named = |counts: Vec<TermCount>| -> Vec<CompanyCount> {
        counts
            .into_iter()
            .map(|t| CompanyCount {
                name: t.value,
                count: t.count,
            })
            .collect()
    };
    Ok(Facets {
        country: country
            .into_iter()
            .map(|t| {
                let (code, name) = split_country_value(&t.value);
                CountryCount {
                    name: name.to_string(),
                    code: code.map(str::to_string),
                    count: t.count,
                }
            })
            .collect(),
        company: named(company),
        person: named(person),
        organisation: named(organisation),
        source: named(source),
        language: named(language),
    })
}

/// The story id of the document at `address` (`None`: an index without stories).
fn story_of(searcher: &tantivy::Searcher, address: DocAddress) -> tantivy::Result<Option<u64>> {
    let column = searcher
        .segment_reader(address.segment_ord)
        .fast_fields()
        .u64("story")?;
    Ok(column.first(address.doc_id))
}

fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

/// The page `request` asks for, `limit` hits long.
fn page(request: &SearchRequest, limit: usize) -> PageRequest<'_> {
    PageRequest {
        offset: request.offset,
        limit,
        sort: request.sort,
        statistics: request.statistics.as_deref(),
        deadline: request.deadline,
    }
}

fn text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}

/// The day of a stored date (stored at midnight UTC by the indexer).
fn day(doc: &TantivyDocument, field: Field) -> Option<ArticleDate> {
    let utc = doc.get_first(field)?.as_datetime()?.into_utc();
    ArticleDate::new(utc.year(), u8::from(utc.month()), utc.day()).ok()
}

/// The stored moment of publication; `None` when absent or (written by another version)
/// unreadable.
fn stored_published(doc: &TantivyDocument, field: Field) -> Option<ArticleDateTime> {
    ArticleDateTime::parse(doc.get_first(field)?.as_str()?).ok()
}

/// An article's stored fields, as read back from the index.
pub(crate) struct StoredArticle {
    pub header: ArticleHeader,
    pub path: Option<String>,
    pub body: Option<String>,
    pub countries: Vec<CountryRef>,
    pub companies: Vec<CompanyRef>,
    pub persons: Vec<CompanyRef>,
    pub organisations: Vec<CompanyRef>,
}

/// Reads the stored fields of `doc`: shared by hits and whole-article views.
pub(crate) fn hit_fields(doc: &TantivyDocument, fields: &Fields) -> StoredArticle {
    StoredArticle {
        header: ArticleHeader {
            id: text(doc, fields.id).unwrap_or_default(),
            title: text(doc, fields.title),
            date: day(doc, fields.date),
            published: stored_published(doc, fields.published),
            source: text(doc, fields.source),
            url: text(doc, fields.url),
            language: text(doc, fields.language),
        },
        path: text(doc, fields.path),
        body: text(doc, fields.body),
        countries: doc
            .get_all(fields.country)
            .filter_map(|v| v.as_str())
            .map(|v| {
                let (code, name) = split_country_value(v);
                CountryRef {
                    name: name.to_string(),
                    code: code.map(str::to_string),
                }
            })
            .collect(),
        companies: names(doc, fields.company),
        persons: names(doc, fields.person),
        organisations: names(doc, fields.organisation),
    }
}

/// The stored values of a name field, in order.
fn names(doc: &TantivyDocument, field: Field) -> Vec<CompanyRef> {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .map(|v| CompanyRef { name: v.to_string() })
        .collect()
}

/// One hit from its stored document: fields, headline marks and body snippets.
fn hit(doc: &TantivyDocument, fields: &Fields, score: Score, highlighter: &mut Highlighter) -> Hit {
    let stored = hit_fields(doc, fields);
    let title_highlights = stored
        .header
        .title
        .as_deref()
        .map(|t| highlighter.highlight(t))
        .unwrap_or_default();
    let title_html = stored
        .header
        .title
        .as_deref()
        .map(|t| to_html(t, &title_highlights));
    let snippets = stored
        .body
        .as_deref()
        .map(|body| highlighter.snippets(body))
        .unwrap_or_default();
    Hit {
        header: stored.header,
        path: stored.path,
        score,
        title_html,
        title_highlights,
        snippets,
        countries: stored.countries,
        companies: stored.companies,
        persons: stored.persons,
        organisations: stored.organisations,
        story: None,
        story_articles: None,
    }
}

#[cfg(test)]
#[path = "searcher_tests.rs"]
mod tests;
