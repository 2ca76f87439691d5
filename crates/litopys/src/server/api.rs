//! The JSON endpoints. Each parses and checks its parameters, then runs the same library
//! call as the matching CLI command on a blocking thread, so the API answers with the
//! very objects `--format json` prints.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;

use super::error::ApiError;
use super::params::Params;
use super::state::AppState;
use litopys_core::index::stats::{collect, installed_for, StatsReport, TOP_SOURCES};
use litopys_core::index::IndexMeta;
use litopys_core::search::article::ArticleView;
use litopys_core::search::facet_report::FacetReport;
use litopys_core::search::facets::Period;
use litopys_core::search::results::SearchResults;
use litopys_core::search::searcher::{FacetField, SearchRequest, DEFAULT_LIMIT};
use litopys_core::search::statistics::QueryStatistics;
use litopys_core::search::terms::{TermsReport, DEFAULT_SAMPLE};
use litopys_core::search::timeline::Timeline;

/// Facet values listed with the hits when the client does not say.
const DEFAULT_FACETS: usize = 10;

/// `/api/search`: a page of ranked, highlighted hits with facet counts.
pub async fn search(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> Result<Json<SearchResults>, ApiError> {
    let p = Params::parse(
        raw.as_deref(),
        &["q", "limit", "offset", "sort", "facets", "collapse", "stats"],
        true,
    )?;
    let l = &st.limits;
    let query = p.query(l)?;
    let limit = p.number("limit", DEFAULT_LIMIT, l.max_page)?;
    let offset = p.number("offset", 0, l.max_offset)?;
    let facets = p.number_or_all("facets", DEFAULT_FACETS, l.max_facets)?;
    let sort = p.sort()?;
    let collapse = p.choice("collapse", &["0", "1"], Some("0"))? == Some("1");
    let statistics = given_statistics(&p, &body)?;
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let request = SearchRequest {
            limit: Some(limit),
            offset,
            sort,
            facets,
            collapse,
            deadline: Some(deadline),
            statistics,
            ..st.scope.request(query, &filters)?
        };
        Ok(st.scope.searcher.search(&request)?)
    })
    .await
    .map(Json)
}

/// The `stats` of a search: corpus statistics as `/api/termstats` gives them, summed over
/// shards by a coordinator, as the `stats` parameter or as the body of a POST (a long
/// query's sums do not fit a URL).
pub(super) fn given_statistics(p: &Params, body: &[u8]) -> Result<Option<Arc<QueryStatistics>>, ApiError> {
    let json = match (p.one("stats"), body.is_empty()) {
        (None, true) => return Ok(None),
        (Some(json), true) => json.as_bytes(),
        (None, false) => body,
        (Some(_), false) => {
            return Err(ApiError::bad_request(
                "`stats` is given twice: as a parameter and as the body; send one",
            ))
        }
    };
    serde_json::from_slice(json).map(|s| Some(Arc::new(s))).map_err(|e| {
        ApiError::bad_request(format!(
            "`stats` is not the JSON of /api/termstats ({e}); send what every shard's /api/termstats answered for this query, summed"
        ))
    })
}

/// `/api/termstats`: the corpus statistics the query is scored with (documents, tokens
/// per field, each term's document frequency). A coordinator of shards asks every shard,
/// adds them up and passes the sum as `stats` to each shard's `/api/search`, so that the
/// shards rank as one index would (see `litopys_core::search::statistics`).
pub async fn termstats(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<QueryStatistics>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q"], true)?;
    let query = p.query(&st.limits)?;
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let request = SearchRequest {
            deadline: Some(deadline),
            ..st.scope.request(query, &filters)?
        };
        Ok(st.scope.searcher.statistics(&request)?)
    })
    .await
    .map(Json)
}

/// `/api/facets`: the most frequent countries, companies, persons, organisations, sources
/// or languages of the
/// matching articles.
pub async fn facets(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<FacetReport>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["kind", "q", "limit", "by"], true)?;
    let kinds = [
        "country",
        "company",
        "person",
        "organisation",
        "source",
        "language",
    ];
    let field =
        match p.choice("kind", &kinds, None)? {
            Some("country") => FacetField::Country,
            Some("company") => FacetField::Company,
            Some("person") => FacetField::Person,
            Some("organisation") => FacetField::Organisation,
            Some("source") => FacetField::Source,
            Some(_) => FacetField::Language,
            None => return Err(ApiError::bad_request(
                "`kind` is required: `country`, `company`, `person`, `organisation`, `source` or `language`",
            )),
        };
    let by = match p.choice("by", &["month", "year"], None)? {
        Some("month") => Some(Period::Month),
        Some(_) => Some(Period::Year),
        None => None,
    };
    let query = p.query(&st.limits)?;
    let limit = p.number_or_all("limit", DEFAULT_FACETS, st.limits.max_facets)?;
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let request = SearchRequest {
            deadline: Some(deadline),
            ..st.scope.request(query, &filters)?
        };
        Ok(st.scope.searcher.facet_report(&request, field, limit, by)?)
    })
    .await
    .map(Json)
}

/// `/api/timeline`: matching articles per year, month or week.
pub async fn timeline(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Timeline>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q", "by"], true)?;
    let by = p.granularity()?;
    let query = p.query(&st.limits)?;
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let request = SearchRequest {
            deadline: Some(deadline),
            ..st.scope.request(query, &filters)?
        };
        Ok(st.scope.searcher.timeline(&request, by)?)
    })
    .await
    .map(Json)
}

/// Matching articles `/api/terms` analyses at most (each is read and analysed again).
pub(super) const MAX_TERMS_SAMPLE: usize = 2_000;

/// `/api/terms`: the words, countries and companies that characterise the matching
/// articles against the whole archive.
pub async fn terms(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<TermsReport>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q", "limit", "sample"], true)?;
    let query = p.query(&st.limits)?;
    let limit = p.number("limit", 20, st.limits.max_facets)?;
    let sample = p.number("sample", DEFAULT_SAMPLE, MAX_TERMS_SAMPLE)?;
    let filters = p.filters()?;
    st.run(move |st, deadline| {
        let request = SearchRequest {
            deadline: Some(deadline),
            ..st.scope.request(query, &filters)?
        };
        Ok(st.scope.searcher.significant_terms(&request, limit, sample)?)
    })
    .await
    .map(Json)
}

/// `/api/articles/{id}`: one whole article, the words of `q` marked.
pub async fn article(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ArticleView>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["q"], false)?;
    let query = p.query(&st.limits)?;
    st.run(move |st, _| {
        st.scope
            .searcher
            .article(&id, &query)?
            .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, format!("no article has the id «{id}»")))
    })
    .await
    .map(Json)
}

/// `/api/stats`: what the index holds and whether it fits this program.
pub async fn stats(
    State(st): State<Arc<AppState>>,
    RawQuery(raw): RawQuery,
) -> Result<Json<StatsReport>, ApiError> {
    Params::parse(raw.as_deref(), &[], false)?;
    st.run(move |st, _| {
        let internal = |e: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e);
        let open = st.scope.searcher.index();
        let meta = IndexMeta::read(&st.dir).map_err(|e| internal(e.to_string()))?;
        let lexicon = open.analyzer.lexicon().fingerprint().to_string();
        Ok(StatsReport {
            index: st.dir.display().to_string(),
            stats: collect(&open.index, &st.dir, TOP_SOURCES).map_err(|e| internal(e.to_string()))?,
            installed: installed_for(&meta, Some(lexicon), None),
            meta,
        })
    })
    .await
    .map(Json)
}
