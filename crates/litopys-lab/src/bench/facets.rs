//! Entity facets two ways: Tantivy's `FacetCollector` over a `Facet` field against the
//! terms aggregation over fast string fields that `search::facets` uses (issue 4).
//!
//! Tantivy's docs say `FacetCollector` is meant for far fewer values than documents, and
//! we have thousands of companies; this measures instead of trusting either claim. The
//! existing index is only read: a temporary side index gets, for every article, its
//! countries and companies both as a `Facet` field (`/country/Name`, `/company/Name`)
//! and as `STRING | FAST` fields like ours, plus the title and body under Tantivy's
//! default tokenizer and the date, so that the same word, filter and date queries select
//! the same documents for both methods. Both methods then count the same result sets on
//! the same segments, and their top 10 must agree.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::ops::Bound;
use std::path::Path;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector};
use tantivy::indexer::NoMergePolicy;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    DateOptions, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST,
    STRING,
};
use tantivy::space_usage::PerFieldSpaceUsage;
use tantivy::{DateTime, Index, ReloadPolicy, Searcher, TantivyDocument, Term};

use litopys_core::corpus::ArticleDate;
use litopys_core::index::schema::{split_country_value, Fields};
use litopys_core::search::facets::{top_terms, TermCount};

/// Values compared per field: the page size of `litopys search --facets`.
pub const TOP: usize = 10;

/// The side index's field names.
const TEXT: &str = "text";
const DATE: &str = "date";
const ENTITY: &str = "entity";

/// What a measured query selects, resolved against the side index's fields.
#[derive(Clone, Copy, Debug)]
pub enum Select {
    /// Every article.
    All,
    /// Articles containing a word (lower-case, as Tantivy's default tokenizer leaves it).
    Word(&'static str),
    /// Articles naming a country (`CODE|Name`, as stored).
    Country(&'static str),
    /// Articles naming a company.
    Company(&'static str),
    /// A word and a country together.
    WordCountry(&'static str, &'static str),
    /// Articles dated in a year.
    Year(i32),
}

/// The fixed query list: result sets from about a hundred articles to all of them, on the
/// 100k-article bench archive (the hit counts are printed, so drift is visible).
pub const CASES: &[(&str, Select)] = &[
    ("all articles", Select::All),
    ("word: також", Select::Word("також")),
    ("word: держави", Select::Word("держави")),
    ("word: бюджет", Select::Word("бюджет")),
    ("word: англійської", Select::Word("англійської")),
    ("word: осучаснення", Select::Word("осучаснення")),
    ("country: UA|Україна", Select::Country("UA|Україна")),
    ("country: CN|Китай", Select::Country("CN|Китай")),
    ("company: Нафтогаз України", Select::Company("Нафтогаз України")),
    (
        "також + country: US",
        Select::WordCountry("також", "US|Сполучені Штати"),
    ),
    ("year 2015", Select::Year(2015)),
];

/// p50 and p95 of one method on one query and field, in milliseconds.
#[derive(Debug, Serialize, Clone, Copy)]
pub struct Timing {
    /// Median, ms.
    pub p50_ms: f64,
    /// 95th percentile (nearest rank), ms.
    pub p95_ms: f64,
}

/// One query and one entity field, both methods.
#[derive(Debug, Serialize)]
pub struct FieldRun {
    /// `country` or `company`.
    pub field: &'static str,
    /// The query alone (a `Count` collector): what neither method can go below.
    pub count: Timing,
    /// `FacetCollector` on the `Facet` field, then `top_k`.
    pub facet: Timing,
    /// `search::facets::top_terms` on the fast string field, as the search runs it.
    pub terms: Timing,
    /// Why the two top-10 lists disagree; `None` when they agree.
    pub mismatch: Option<String>,
    /// The top-10 by the terms aggregation (`name=count`), to eyeball.
    pub top: Vec<String>,
}

/// One query of the list.
#[derive(Debug, Serialize)]
pub struct CaseRun {
    /// The query's label.
    pub name: String,
    /// Articles it matches.
    pub hits: usize,
    /// Country, then company.
    pub fields: Vec<FieldRun>,
}

/// Bytes one representation takes on disk, summed over segments.
#[derive(Debug, Serialize, Default, Clone, Copy)]
pub struct Bytes {
    /// Term dictionary (what filters look values up in).
    pub terms: u64,
    /// Postings (what filters read the documents from).
    pub postings: u64,
    /// The columnar part the counts read (column and its dictionary).
    pub fast: u64,
    /// Everything, field norms included.
    pub total: u64,
}

/// The whole benchmark.
#[derive(Debug, Serialize)]
pub struct FacetBench {
    /// The index read.
    pub index: String,
    /// Articles copied into the side index.
    pub articles: u64,
    /// Segments of the side index (one per segment of the source, unless it was too big
    /// for the writer's memory).
    pub segments: usize,
    /// Distinct countries (`CODE|Name` values).
    pub distinct_countries: usize,
    /// Distinct companies.
    pub distinct_companies: usize,
    /// Seconds to build the side index.
    pub build_s: f64,
    /// Measured repetitions per query, field and method.
    pub reps: usize,
    /// The one `Facet` field holding both roots.
    pub facet_bytes: Bytes,
    /// The `country` and `company` string fields together.
    pub string_bytes: Bytes,
    /// The query list.
    pub cases: Vec<CaseRun>,
}

/// Why two top-k lists (most frequent first) disagree, or `None` when they agree.
///
/// Counts must be equal position by position, and every count's values must be the same
/// set, except for the count of the last place when the list is full: values tied there
/// may be cut at different ones, as each method breaks ties its own way.
pub fn compare_top(facet: &[TermCount], terms: &[TermCount], k: usize) -> Option<String> {
    let show = |l: &[TermCount]| {
        l.iter()
            .map(|t| format!("{}={}", t.value, t.count))
            .collect::<Vec<_>>()
    };
    let counts = |l: &[TermCount]| l.iter().map(|t| t.count).collect::<Vec<_>>();
    if counts(facet) != counts(terms) {
        return Some(format!(
            "counts differ: facet {:?} vs terms {:?}",
            show(facet),
            show(terms)
        ));
    }
    let cut = (facet.len() == k)
        .then(|| facet.last().map(|t| t.count))
        .flatten();
    let distinct: BTreeSet<u64> = facet.iter().map(|t| t.count).collect();
    for c in distinct.into_iter().filter(|c| Some(*c) != cut) {
        let values = |l: &[TermCount]| -> BTreeSet<String> {
            l.iter()
                .filter(|t| t.count == c)
                .map(|t| t.value.clone())
                .collect()
        };
        let (a, b) = (values(facet), values(terms));
        if a != b {
            return Some(format!(
                "values with count {c} differ: facet {a:?} vs terms {b:?}"
            ));
        }
    }
    None
}

/// The side index's schema: text and date to select articles, the entities twice.
fn side_schema() -> Schema {
    let mut sb = Schema::builder();
    let words = TextFieldIndexing::default()
        .set_tokenizer("default")
        .set_index_option(IndexRecordOption::Basic);
    sb.add_text_field(TEXT, TextOptions::default().set_indexing_options(words));
    sb.add_date_field(DATE, DateOptions::default().set_indexed().set_fast());
    sb.add_text_field("country", STRING | FAST);
    sb.add_text_field("company", STRING | FAST);
    sb.add_facet_field(ENTITY, FacetOptions::default());
    sb.build()
}

/// One article's values, as the side index takes them.
struct Article {
    text: String,
    date: Option<DateTime>,
    countries: Vec<String>,
    companies: Vec<String>,
}

fn side_document(schema: &Schema, a: &Article) -> TantivyDocument {
    let f = |name: &str| schema.get_field(name).expect("side schema field");
    let mut d = TantivyDocument::new();
    d.add_text(f(TEXT), &a.text);
    if let Some(date) = a.date {
        d.add_date(f(DATE), date);
    }
    for c in &a.countries {
        d.add_text(f("country"), c);
        d.add_facet(
            f(ENTITY),
            tantivy::schema::Facet::from_path(["country", split_country_value(c).1]),
        );
    }
    for c in &a.companies {
        d.add_text(f("company"), c);
        d.add_facet(
            f(ENTITY),
            tantivy::schema::Facet::from_path(["company", c.as_str()]),
        );
    }
    d
}

fn read_article(fields: &Fields, doc: &TantivyDocument) -> Article {
    let texts = |field: Field| doc.get_all(field).filter_map(|v| v.as_str().map(str::to_string));
    Article {
        text: texts(fields.title)
            .chain(texts(fields.body))
            .collect::<Vec<_>>()
            .join("\n"),
        date: doc.get_first(fields.date).and_then(|v| v.as_datetime()),
        countries: texts(fields.country).collect(),
        companies: texts(fields.company).collect(),
    }
}

/// Copies every live article of the index in `source` into a new index in `dir`, one
/// segment per source segment; returns the article count and distinct country and
/// company counts.
fn build_side(source: &Path, dir: &Path) -> anyhow::Result<(Index, u64, usize, usize)> {
    let src = Index::open_in_dir(source)?;
    let fields = Fields::from_schema(&src.schema())?;
    let reader: tantivy::IndexReader = src
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let side = Index::create_in_dir(dir, side_schema())?;
    let schema = side.schema();
    let mut writer = side.writer_with_num_threads(1, 1_000_000_000)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let (mut n, mut countries, mut companies) = (0u64, BTreeSet::new(), BTreeSet::new());
    for segment in searcher.segment_readers() {
        let store = segment.get_store_reader(64)?;
        for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
            let a = read_article(&fields, &doc?);
            countries.extend(a.countries.iter().cloned());
            companies.extend(a.companies.iter().cloned());
            writer.add_document(side_document(&schema, &a))?;
            n += 1;
        }
        writer.commit()?;
    }
    writer.wait_merging_threads()?;
    Ok((side, n, countries.len(), companies.len()))
}

fn select(schema: &Schema, s: Select) -> Box<dyn Query> {
    let f = |name: &str| schema.get_field(name).expect("side schema field");
    let term = |field: &str, v: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(f(field), v),
            IndexRecordOption::Basic,
        ))
    };
    match s {
        Select::All => Box::new(AllQuery),
        Select::Word(w) => term(TEXT, w),
        Select::Country(c) => term("country", c),
        Select::Company(c) => term("company", c),
        Select::WordCountry(w, c) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, term(TEXT, w)),
            (Occur::Must, term("country", c)),
        ])),
        Select::Year(y) => {
            let at = |y: i32| {
                let secs = ArticleDate::new(y, 1, 1).map(|d| d.unix_seconds()).unwrap_or(0);
                Term::from_field_date(f(DATE), DateTime::from_timestamp_secs(secs))
            };
            Box::new(RangeQuery::new(
                Bound::Included(at(y)),
                Bound::Excluded(at(y + 1)),
            ))
        }
    }
}

/// The top `k` children of `/root` by `FacetCollector`, as name and count.
pub fn facet_top(
    searcher: &Searcher,
    query: &dyn Query,
    root: &str,
    k: usize,
) -> tantivy::Result<Vec<TermCount>> {
    let root = tantivy::schema::Facet::from_path([root]);
    let mut collector = FacetCollector::for_field(ENTITY);
    collector.add_facet(root.clone());
    let counts = searcher.search(query, &collector)?;
    Ok(counts
        .top_k(root, k)
        .into_iter()
        .map(|(facet, count)| TermCount {
            value: facet.to_path().last().copied().unwrap_or_default().to_string(),
            count,
        })
        .collect())
}

/// The top `k` values of the string `field` by our terms aggregation, country values
/// reduced to the name the `Facet` field holds.
pub fn terms_top(
    searcher: &Searcher,
    query: &dyn Query,
    field: &str,
    k: usize,
) -> tantivy::Result<Vec<TermCount>> {
    let mut top = top_terms(searcher, query, field, k)?;
    if field == "country" {
        for t in &mut top {
            t.value = split_country_value(&t.value).1.to_string();
        }
    }
    Ok(top)
}

fn timing(mut ms: Vec<f64>) -> Timing {
    ms.sort_by(f64::total_cmp);
    Timing {
        p50_ms: super::search::percentile(&ms, 50.0),
        p95_ms: super::search::percentile(&ms, 95.0),
    }
}

fn ms_since(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Times one field on one query: a warm-up of each method, then `reps` rounds in which
/// the three run in turn (a rotating order, so drift on a shared machine hits all alike).
fn run_field(
    searcher: &Searcher,
    query: &dyn Query,
    field: &'static str,
    reps: usize,
) -> anyhow::Result<FieldRun> {
    let facet = facet_top(searcher, query, field, TOP)?;
    let terms = terms_top(searcher, query, field, TOP)?;
    searcher.search(query, &Count)?;
    let mut ms = [Vec::new(), Vec::new(), Vec::new()];
    for rep in 0..reps {
        for i in 0..3 {
            let method = (rep + i) % 3;
            let t = Instant::now();
            match method {
                0 => {
                    black_box(searcher.search(query, &Count)?);
                }
                1 => {
                    black_box(facet_top(searcher, query, field, TOP)?);
                }
                _ => {
                    black_box(terms_top(searcher, query, field, TOP)?);
                }
            }
            ms[method].push(ms_since(t));
        }
    }
    let [count, facet_ms, terms_ms] = ms;
    Ok(FieldRun {
        field,
        count: timing(count),
        facet: timing(facet_ms),
        terms: timing(terms_ms),
        mismatch: compare_top(&facet, &terms, TOP),
        top: terms.iter().map(|t| format!("{}={}", t.value, t.count)).collect(),
    })
}

fn field_sum(part: &PerFieldSpaceUsage, names: &[&str]) -> u64 {
    part.fields()
        .filter(|f| names.contains(&f.field_name()))
        .map(|f| f.total().get_bytes())
        .sum()
}

/// On-disk bytes of the fields in `names`, by part, summed over segments.
pub fn field_bytes(searcher: &Searcher, names: &[&str]) -> std::io::Result<Bytes> {
    let mut b = Bytes::default();
    for seg in searcher.space_usage()?.segments() {
        let (terms, postings) = (field_sum(seg.termdict(), names), field_sum(seg.postings(), names));
        let fast = field_sum(seg.fast_fields(), names);
        let rest = field_sum(seg.positions(), names) + field_sum(seg.fieldnorms(), names);
        b.terms += terms;
        b.postings += postings;
        b.fast += fast;
        b.total += terms + postings + fast + rest;
    }
    Ok(b)
}

/// Builds the side index from the index in `source` (read only) in a temporary folder,
/// runs every case `reps` times per field and method, and fails if the methods disagree.
pub fn run(source: &Path, reps: usize) -> anyhow::Result<FacetBench> {
    let tmp = tempfile::tempdir()?;
    let t = Instant::now();
    let (side, articles, distinct_countries, distinct_companies) = build_side(source, tmp.path())?;
    let build_s = t.elapsed().as_secs_f64();
    let reader: tantivy::IndexReader = side
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let schema = side.schema();
    let mut cases = Vec::new();
    for (name, s) in CASES {
        let query = select(&schema, *s);
        let hits = searcher.search(&*query, &Count)?;
        let fields = ["country", "company"]
            .into_iter()
            .map(|field| run_field(&searcher, &*query, field, reps.max(1)))
            .collect::<anyhow::Result<Vec<_>>>()?;
        cases.push(CaseRun {
            name: name.to_string(),
            hits,
            fields,
        });
    }
    Ok(FacetBench {
        index: source.display().to_string(),
        articles,
        segments: searcher.segment_readers().len(),
        distinct_countries,
        distinct_companies,
        build_s,
        reps,
        facet_bytes: field_bytes(&searcher, &[ENTITY])?,
        string_bytes: field_bytes(&searcher, &["country", "company"])?,
        cases,
    })
}

#[cfg(test)]
#[path = "facets_tests.rs"]
mod tests;
