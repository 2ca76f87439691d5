//! What a search returns: the one data contract shared by the command line's JSON, JSON
//! Lines and CSV output and by a future HTTP API.
//!
//! Everything a client needs to show a hit is here, already highlighted, so no client has
//! to re-analyse text or know about Tantivy. Offsets are byte offsets into the string they
//! belong to (`title` for `title_highlights`, a snippet's `text` for its `highlights`), so
//! `&text[start..end]` is exactly the marked word in any language that slices UTF-8.

use serde::{Deserialize, Serialize};

use crate::corpus::ArticleHeader;

/// A byte range `[start, end)` into a string, serialised as a two-element array.
pub type Span = [usize; 2];

/// The answer to one query: how many articles match and the requested page of them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as typed, so the output stands on its own.
    pub query: String,
    /// Number of matching articles (after the date and source filters), not just shown.
    pub total: usize,
    /// With `collapse`: the distinct stories among them (the hits are one per story).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stories: Option<usize>,
    /// Wall time of the search, snippets included, in milliseconds.
    pub took_ms: f64,
    /// The requested page, in the requested order.
    pub hits: Vec<Hit>,
    /// Entity counts over every matching article (not only the page), when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// The most frequent countries, companies, outlets and languages among all matching
/// articles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Countries, most frequent first.
    pub country: Vec<CountryCount>,
    /// Companies, most frequent first.
    pub company: Vec<CompanyCount>,
    /// Persons, most frequent first.
    #[serde(default)]
    pub person: Vec<CompanyCount>,
    /// Organisations other than companies, most frequent first.
    #[serde(default)]
    pub organisation: Vec<CompanyCount>,
    /// Outlets (the `source` field), most frequent first.
    #[serde(default)]
    pub source: Vec<CompanyCount>,
    /// Languages, most frequent first.
    #[serde(default)]
    pub language: Vec<CompanyCount>,
}

/// A country and the number of matching articles naming it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCount {
    /// Canonical Ukrainian name («Китай»).
    pub name: String,
    /// ISO 3166-1 alpha-2 code (`CN`); `None` for a user-defined territory without one.
    pub code: Option<String>,
    /// Matching articles.
    pub count: u64,
}

/// A company (or an outlet, or a language) and the number of matching articles naming it
/// (coming from it, written in it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyCount {
    /// Canonical name («Нафтогаз України»).
    pub name: String,
    /// Matching articles.
    pub count: u64,
}

/// A country named in an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRef {
    /// Canonical Ukrainian name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub code: Option<String>,
}

/// A company named in an article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRef {
    /// Canonical name.
    pub name: String,
}

/// One matching article, ready to display.
///
/// Serialised as one flat object whose first keys are the header's (`id`, `title`,
/// `date`, `source`, `url`), then `path`, `score` and the rest: the header is flattened so
/// that clients see the same keys, in the same order, as before it had a type of its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Id, headline, day, outlet and address, as stored (see [`ArticleHeader`]).
    #[serde(flatten)]
    pub header: ArticleHeader,
    /// Where the article was read from (`path`, `path:line`, `path#index`).
    pub path: Option<String>,
    /// BM25 relevance (headline matches boosted), also when sorted by date.
    pub score: f32,
    /// The headline HTML-escaped with matches in `<mark>`; `None` without a headline.
    pub title_html: Option<String>,
    /// Byte ranges of the matched words in `title`.
    pub title_highlights: Vec<Span>,
    /// Up to a few passages of the body, the best first.
    pub snippets: Vec<Snippet>,
    /// Countries the article names, in order of first mention.
    #[serde(default)]
    pub countries: Vec<CountryRef>,
    /// Companies the article names, in order of first mention.
    #[serde(default)]
    pub companies: Vec<CompanyRef>,
    /// Persons the article names, by canonical name, in order of first mention.
    #[serde(default)]
    pub persons: Vec<CompanyRef>,
    /// Organisations (not companies) the article names, in order of first mention.
    #[serde(default)]
    pub organisations: Vec<CompanyRef>,
    /// The article's story: 16 hex digits shared by the reprints of one report (list
    /// them with the `story` filter).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// With `collapse`: the matching articles of this story, this one included (the
    /// page shows "and N more" for the others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story_articles: Option<u64>,
}

/// A passage of an article's body with the matched words marked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    /// Plain text of the passage, whitespace runs folded to one space, with "…" where the
    /// body was cut.
    pub text: String,
    /// The same passage HTML-escaped, matches wrapped in `<mark>`.
    pub html: String,
    /// Byte ranges of the matched words in `text`.
    pub highlights: Vec<Span>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::ArticleDate;

    #[test]
    fn json_shape_has_nulls_for_absent_fields_and_arrays_for_spans() {
        let hit = Hit {
            header: ArticleHeader {
                id: "a".into(),
                title: None,
                date: Some(ArticleDate::parse("2025-09-05").unwrap()),
                published: None,
                source: None,
                url: None,
                language: None,
            },
            path: Some("x.txt".into()),
            score: 1.5,
            title_html: None,
            title_highlights: vec![],
            snippets: vec![Snippet {
                text: "Китаю".into(),
                html: "<mark>Китаю</mark>".into(),
                highlights: vec![[0, 10]],
            }],
            countries: vec![CountryRef {
                name: "Китай".into(),
                code: Some("CN".into()),
            }],
            companies: vec![],
            persons: vec![],
            organisations: vec![],
            story: None,
            story_articles: None,
        };
        let json = serde_json::to_value(&hit).unwrap();
        // Flat, in the documented order: the header's keys first.
        assert!(serde_json::to_string(&hit).unwrap().starts_with(
            r#"{"id":"a","title":null,"date":"2025-09-05","published":null,"source":null,"url":null,"language":null,"path":"x.txt","score":1.5,"#
        ));
        assert_eq!(json["title"], serde_json::Value::Null);
        assert_eq!(json["date"], "2025-09-05");
        assert_eq!(json["snippets"][0]["highlights"], serde_json::json!([[0, 10]]));
        assert_eq!(
            json["countries"],
            serde_json::json!([{"name": "Китай", "code": "CN"}])
        );
        assert_eq!(json["companies"], serde_json::json!([]));
        let back: Hit = serde_json::from_value(json).unwrap();
        assert_eq!(back, hit);
    }
}
