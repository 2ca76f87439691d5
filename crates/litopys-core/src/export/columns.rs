//! The fields the engines get, in one table per engine: both the documents and the
//! mapping (OpenSearch) or schema snippet (Solr) are written by walking it, so a field
//! cannot be written without being declared, or declared with another kind.

use super::read::ExportedArticle;

/// Which part of an article a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The article id.
    Id,
    /// The headline.
    Title,
    /// The body.
    Body,
    /// The day of publication.
    Date,
    /// The moment of publication as written.
    Published,
    /// The outlet.
    Source,
    /// The original URL.
    Url,
    /// The language.
    Language,
    /// The ISO codes of the countries named.
    CountryCode,
    /// The names of the countries named.
    Country,
    /// Companies named.
    Company,
    /// Persons named.
    Person,
    /// Organisations named.
    Organisation,
    /// The story id (decimal text: a 64-bit unsigned id does not fit a signed long).
    Story,
}

/// How a column is indexed by the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Analysed text: the lemma keys of every word (and the text itself, stored).
    Analysed,
    /// The exact forms of every word (Solr only: OpenSearch's annotated field indexes the
    /// surface words itself).
    Exact,
    /// Exact values for filters and facets (one or several).
    Keyword,
    /// Stored, not searched (the URL).
    StoredOnly,
    /// A calendar day.
    Day,
    /// A moment with its offset.
    Moment,
}

/// One field of an engine's document.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The field name in the engine.
    pub name: &'static str,
    /// What it holds.
    pub part: Part,
    /// How it is indexed.
    pub kind: Kind,
}

const fn col(name: &'static str, part: Part, kind: Kind) -> Column {
    Column { name, part, kind }
}

/// The stored fields every engine gets, after its text fields.
const PLAIN: [Column; 11] = [
    col("date", Part::Date, Kind::Day),
    col("published", Part::Published, Kind::Moment),
    col("source", Part::Source, Kind::Keyword),
    col("url", Part::Url, Kind::StoredOnly),
    col("language", Part::Language, Kind::Keyword),
    col("country_code", Part::CountryCode, Kind::Keyword),
    col("country", Part::Country, Kind::Keyword),
    col("company", Part::Company, Kind::Keyword),
    col("person", Part::Person, Kind::Keyword),
    col("organisation", Part::Organisation, Kind::Keyword),
    col("story", Part::Story, Kind::Keyword),
];

const fn concat<const A: usize, const B: usize, const N: usize>(
    a: [Column; A],
    b: [Column; B],
) -> [Column; N] {
    let mut out = [col("", Part::Id, Kind::Keyword); N];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < N {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

/// OpenSearch/Elasticsearch: title and body as `annotated_text`.
pub const OPENSEARCH: [Column; 14] = concat(
    [
        col("id", Part::Id, Kind::Keyword),
        col("title", Part::Title, Kind::Analysed),
        col("body", Part::Body, Kind::Analysed),
    ],
    PLAIN,
);

/// Solr: title and body as pre-analyzed lemma keys, and their exact forms beside them.
pub const SOLR: [Column; 16] = concat(
    [
        col("id", Part::Id, Kind::Keyword),
        col("title", Part::Title, Kind::Analysed),
        col("body", Part::Body, Kind::Analysed),
        col("title_exact", Part::Title, Kind::Exact),
        col("body_exact", Part::Body, Kind::Exact),
    ],
    PLAIN,
);

impl Part {
    /// Whether an article may have several values.
    pub fn multi_valued(self) -> bool {
        matches!(
            self,
            Part::CountryCode | Part::Country | Part::Company | Part::Person | Part::Organisation
        )
    }
}

/// The values of a non-text part of an article, as strings (an empty list when absent).
/// Dates come in ISO form (`2024-03-01`); a text part (title, body) gives its text.
pub fn values(article: &ExportedArticle, part: Part) -> Vec<String> {
    let one = |v: Option<&String>| v.cloned().into_iter().collect();
    match part {
        Part::Id => vec![article.id.clone()],
        Part::Title => one(article.title.as_ref()),
        Part::Body => vec![article.body.clone()],
        Part::Date => article.date.map(|d| d.to_string()).into_iter().collect(),
        Part::Published => one(article.published.as_ref()),
        Part::Source => one(article.source.as_ref()),
        Part::Url => one(article.url.as_ref()),
        Part::Language => one(article.language.as_ref()),
        Part::CountryCode => article.countries.iter().filter_map(|c| c.code.clone()).collect(),
        Part::Country => article.countries.iter().map(|c| c.name.clone()).collect(),
        Part::Company => article.companies.clone(),
        Part::Person => article.persons.clone(),
        Part::Organisation => article.organisations.clone(),
        Part::Story => article.story.map(|s| s.to_string()).into_iter().collect(),
    }
}

/// The JSON value of a plain (non-text) column: a string, an array for multi-valued
/// parts, `None` when the article has none. `day` turns an ISO day into the engine's
/// date form.
pub fn plain_value(
    article: &ExportedArticle,
    column: &Column,
    day: impl Fn(&str) -> String,
) -> Option<serde_json::Value> {
    let mut vals = values(article, column.part);
    if column.kind == Kind::Day {
        vals = vals.iter().map(|d| day(d)).collect();
    }
    if column.part.multi_valued() {
        (!vals.is_empty()).then(|| serde_json::Value::from(vals))
    } else {
        vals.into_iter().next().map(serde_json::Value::from)
    }
}
