//! The Tantivy document of an article: the one place that maps [`Article`] fields to
//! index fields.

use tantivy::{DateTime, TantivyDocument};

use super::schema::Fields;
use crate::corpus::{content_hash, Article, DateTimeError};

/// A content hash ([`content_hash`]), as the `hash` field stores it (in hex) and the
/// indexer's manifest remembers it.
pub type Hash = [u8; 16];

/// Years a Tantivy date can hold (nanoseconds in an `i64` reach from 1677-09-21 to
/// 2262-04-11); whole years inside that span.
pub const STORABLE_YEARS: std::ops::RangeInclusive<i32> = 1678..=2261;

/// Makes an article whose date the index cannot store (a typo such as `0219-03-05`)
/// undated, and says why, rather than storing a wrong date or losing the article.
///
/// Exists because the archive reader accepts any year from 1 to 9999, while Tantivy's
/// dates overflow outside [`STORABLE_YEARS`]; the indexer applies it to every article
/// before hashing it, and reports the problem with the file's other unreadable dates.
pub fn make_storable(a: &mut Article) -> Option<DateTimeError> {
    let d = a.date?;
    if STORABLE_YEARS.contains(&d.year()) {
        return None;
    }
    a.date = None;
    a.published = None;
    Some(DateTimeError::Unstorable(
        d.to_string(),
        *STORABLE_YEARS.start(),
        *STORABLE_YEARS.end(),
    ))
}

/// The Tantivy document of an article.
///
/// Exists as the one place that maps [`Article`] fields to index fields: title and body go
/// to both the lemma and the exact-form fields; date and month only when the date is known
/// (and storable: see [`make_storable`], which callers apply first).
pub fn article_document(fields: &Fields, a: &Article) -> TantivyDocument {
    document_with_hash(fields, a, &content_hash(a))
}

/// [`article_document`] with the content hash already computed (the indexer computes it
/// once, to compare it with the manifest).
pub fn document_with_hash(fields: &Fields, a: &Article, hash: &Hash) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &a.id);
    if let Some(title) = &a.title {
        doc.add_text(fields.title, title);
        doc.add_text(fields.title_exact, title);
    }
    doc.add_text(fields.body, &a.text);
    doc.add_text(fields.body_exact, &a.text);
    if let Some(date) = a.date.filter(|d| STORABLE_YEARS.contains(&d.year())) {
        doc.add_date(fields.date, DateTime::from_timestamp_secs(date.unix_seconds()));
        doc.add_u64(fields.month, date.year() as u64 * 100 + u64::from(date.month()));
        if let Some(published) = &a.published {
            doc.add_text(fields.published, published.to_rfc3339());
        }
    }
    if let Some(source) = &a.source {
        doc.add_text(fields.source, source);
    }
    if let Some(url) = &a.url {
        doc.add_text(fields.url, url);
    }
    if let Some(language) = &a.language {
        doc.add_text(fields.language, language);
    }
    doc.add_text(fields.path, a.origin.to_string());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    doc.add_text(fields.hash, hex);
    doc
}
