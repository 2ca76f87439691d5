//! Reading a whole index back: every live document's stored fields, segment by segment
//! and in doc-id order.
//!
//! Exists so that an export streams: one document is decoded at a time (the store reader
//! keeps one decompressed block), deleted documents are skipped through each segment's
//! delete list, and nothing is collected. The index should be opened with
//! [`Access::Scan`](crate::index::Access::Scan), which keeps the kernel's readahead for
//! this in-order read.

use tantivy::schema::{Field, Value};
use tantivy::{ReloadPolicy, TantivyDocument};

use super::ExportError;
use crate::corpus::ArticleDate;
use crate::index::schema::{split_country_value, Fields};
use crate::index::OpenIndex;

/// A country named in an article: its ISO code (when the lists have one) and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166 alpha-2 code (`CN`), absent for places without one.
    pub code: Option<String>,
    /// Canonical Ukrainian name (`Китай`).
    pub name: String,
}

/// An article's stored fields as the index holds them: what every format exports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportedArticle {
    /// Stable article id.
    pub id: String,
    /// Headline, if any.
    pub title: Option<String>,
    /// Body text.
    pub body: String,
    /// Day of publication (UTC day as stored).
    pub date: Option<ArticleDate>,
    /// Moment of publication as the archive wrote it (RFC 3339, with its offset).
    pub published: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Original URL.
    pub url: Option<String>,
    /// Language as normalised by the reader.
    pub language: Option<String>,
    /// Countries named.
    pub countries: Vec<Country>,
    /// Companies named (canonical names).
    pub companies: Vec<String>,
    /// Persons named (nominative).
    pub persons: Vec<String>,
    /// Organisations other than companies (nominative).
    pub organisations: Vec<String>,
    /// Story id shared by the reprints of one report (a fast field, not stored).
    pub story: Option<u64>,
}

fn text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}

fn all(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str())
        .map(str::to_string)
        .collect()
}

/// The article of a stored document (and its story id, read beside it).
pub fn from_document(doc: &TantivyDocument, fields: &Fields, story: Option<u64>) -> ExportedArticle {
    let date = doc
        .get_first(fields.date)
        .and_then(|v| v.as_datetime())
        .map(|d| d.into_utc())
        .and_then(|utc| ArticleDate::new(utc.year(), u8::from(utc.month()), utc.day()).ok());
    ExportedArticle {
        id: text(doc, fields.id).unwrap_or_default(),
        title: text(doc, fields.title),
        body: text(doc, fields.body).unwrap_or_default(),
        date,
        published: text(doc, fields.published),
        source: text(doc, fields.source),
        url: text(doc, fields.url),
        language: text(doc, fields.language),
        countries: doc
            .get_all(fields.country)
            .filter_map(|v| v.as_str())
            .map(|v| {
                let (code, name) = split_country_value(v);
                Country {
                    code: code.map(str::to_string),
                    name: name.to_string(),
                }
            })
            .collect(),
        companies: all(doc, fields.company),
        persons: all(doc, fields.person),
        organisations: all(doc, fields.organisation),
        story,
    }
}

/// Calls `f` with every live article of the index, segment by segment in doc-id order;
/// returns how many there were. Stops at the first error, `f`'s or the index's.
pub fn for_each_article(
    open: &OpenIndex,
    mut f: impl FnMut(&ExportedArticle) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    let reader = open
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let searcher = reader.searcher();
    let mut count = 0;
    for segment in searcher.segment_readers() {
        // One block cached: documents are read in order, so each block is decompressed once.
        let store = segment.get_store_reader(1)?;
        let story = segment.fast_fields().u64("story").ok();
        for doc_id in segment.doc_ids_alive() {
            let doc: TantivyDocument = store.get(doc_id)?;
            let story = story.as_ref().and_then(|c| c.first(doc_id));
            f(&from_document(&doc, &open.fields, story))?;
            count += 1;
        }
    }
    Ok(count)
}
