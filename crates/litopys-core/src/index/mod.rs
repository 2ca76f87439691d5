//! The index on disk: what an article becomes in it and how to open it.
//!
//! - [`schema`]: the fields, how each is indexed, and their handles ([`Fields`]);
//! - [`document`]: the one mapping from an [`Article`](crate::corpus::Article) to a
//!   Tantivy document, and the content [`Hash`](document::Hash) it stores;
//! - [`enrich`]: the hook through which per-article work (entities) adds fields;
//! - [`entity_fields`]: the entity facets' enricher and the user entity file kept in
//!   the index folder, which searches resolve names with;
//! - [`meta`]: the index's own metadata (format, analyzer, lexicon and entity
//!   fingerprints), checked on every open;
//! - [`open`]: opening an index for reading, strictly or leniently;
//! - [`access`]: how a reader goes through the files (queries or scans) and the kernel
//!   read advice that follows;
//! - [`stats`]: what an index holds and how much disk it takes;
//! - [`keys`]: the identity of archive files across runs.
//!
//! Dependencies point one way: `index` uses `corpus`, `entities` and the analysis crate,
//! and is used by [`indexer`](crate::indexer) (which writes it) and
//! [`search`](crate::search) (which reads it); it imports neither.

pub mod access;
pub mod damage;
pub mod document;
pub mod enrich;
pub mod entity_fields;
pub mod keys;
pub mod meta;
pub mod open;
pub mod schema;
pub mod stats;
#[cfg(test)]
pub(crate) mod test_index;

pub use access::Access;
pub use enrich::{DocumentEnricher, NoEnrichment};
pub use meta::{IndexMeta, MetaError, INDEX_FORMAT, META_FILE, NO_ENTITIES};
pub use open::{expected_meta, open_index, open_index_for, open_index_lenient, OpenError, OpenIndex};
pub use schema::{build_schema, Fields};
