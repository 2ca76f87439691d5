//! One whole article by its id, with a query's matches marked: what a reader opens from a
//! hit (the web page's article view, `/api/articles/{id}`).

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::results::{CompanyRef, CountryRef, Span};
use super::searcher::{hit_fields, SearchError, SearchRequest, Searcher};
use super::snippets::{to_html, Highlighter};
use crate::corpus::ArticleHeader;

/// A whole article, ready to display.
///
/// Serialised as one flat object, the header's keys first (`id`, `title`, `date`,
/// `source`, `url`), then `path`, `text` and the rest, like a [`Hit`](super::results::Hit).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleView {
    /// Id, headline, day, outlet and address, as stored (see [`ArticleHeader`]).
    #[serde(flatten)]
    pub header: ArticleHeader,
    /// Where the article was read from.
    pub path: Option<String>,
    /// The body as stored.
    pub text: String,
    /// The headline HTML-escaped, the query's matches in `<mark>`.
    pub title_html: Option<String>,
    /// Byte ranges of the matches in `title`.
    pub title_highlights: Vec<Span>,
    /// The body HTML-escaped, the query's matches in `<mark>` (line breaks kept as `\n`).
    pub html: String,
    /// Byte ranges of the matches in `text`.
    pub highlights: Vec<Span>,
    /// Countries the article names.
    pub countries: Vec<CountryRef>,
    /// Companies the article names.
    pub companies: Vec<CompanyRef>,
    /// Persons the article names, by canonical name.
    pub persons: Vec<CompanyRef>,
    /// Organisations (not companies) the article names.
    pub organisations: Vec<CompanyRef>,
}

impl Searcher {
    /// The article `id`, with the words of `query` (may be empty) marked; `None` when no
    /// article has this id.
    pub fn article(&self, id: &str, query: &str) -> Result<Option<ArticleView>, SearchError> {
        let fields = self.index().fields;
        let (_, highlight) = self.scoped_query(&SearchRequest::new(query))?;
        let searcher = self.tantivy_searcher();
        let by_id = TermQuery::new(Term::from_field_text(fields.id, id), IndexRecordOption::Basic);
        let Some((_, address)) = searcher
            .search(&by_id, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address)?;
        let mut highlighter = Highlighter::new(&self.index().analyzer, &highlight);
        let base = hit_fields(&doc, &fields);
        let text = base.body.unwrap_or_default();
        let highlights = highlighter.highlight(&text);
        let title = base.header.title.as_deref();
        let title_highlights = title.map(|t| highlighter.highlight(t)).unwrap_or_default();
        Ok(Some(ArticleView {
            title_html: title.map(|t| to_html(t, &title_highlights)),
            title_highlights,
            header: base.header,
            path: base.path,
            html: to_html(&text, &highlights),
            text,
            highlights,
            countries: base.countries,
            companies: base.companies,
            persons: base.persons,
            organisations: base.organisations,
        }))
    }
}
