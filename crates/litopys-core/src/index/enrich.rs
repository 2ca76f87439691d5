//! The hook through which entity extraction (or anything else computed per article) adds
//! fields to the documents, while documents are built in parallel.

use tantivy::TantivyDocument;

use super::meta::NO_ENTITIES;
use crate::corpus::Article;

/// Adds fields to an article's document before it is indexed.
///
/// Exists so that CPU-heavy work per article (entity extraction) runs on every core as
/// part of building documents (batches of articles are mapped in parallel, then indexed
/// in order), and so that the indexer knows nothing about entities. Only added and
/// updated articles are enriched: unchanged ones keep their documents, which is why the
/// [`fingerprint`](DocumentEnricher::fingerprint) is stored in the index metadata and a
/// different one requires a rebuild.
pub trait DocumentEnricher: Sync {
    /// Adds this enricher's fields for `article` to `doc`. Called from several threads at
    /// once.
    fn enrich(&self, article: &Article, doc: &mut TantivyDocument);

    /// A short string that changes whenever `enrich` would produce other fields for the
    /// same article (rules version, entity list, user file), stored in the index's
    /// metadata as `entities`.
    fn fingerprint(&self) -> String;
}

/// An enricher that adds nothing: indexes without entity facets.
///
/// Exists as the default until entity extraction is wired in, and for benchmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoEnrichment;

impl DocumentEnricher for NoEnrichment {
    fn enrich(&self, _article: &Article, _doc: &mut TantivyDocument) {}

    fn fingerprint(&self) -> String {
        NO_ENTITIES.to_string()
    }
}
