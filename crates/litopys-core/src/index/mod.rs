//! The index on disk: schema, metadata (versions and fingerprints), opening, and writing
//! (incremental jobs with a manifest, interval commits, one writer at a time).

pub mod budget;
pub mod document;
pub mod enrich;
pub mod entity_fields;
pub mod incremental;
pub mod inflight;
pub mod keys;
pub mod ledger;
pub mod lock;
pub mod manifest;
pub mod meta;
pub mod open;
pub mod optimize;
pub mod pipeline;
pub mod schema;
pub mod staging;
pub mod stats;
pub mod summary;
pub mod target;
pub mod writer;

pub use enrich::{DocumentEnricher, NoEnrichment};
pub use meta::{IndexMeta, MetaError, INDEX_FORMAT, META_FILE, NO_ENTITIES};
pub use open::{expected_meta, open_index, open_index_lenient, OpenError, OpenIndex};
pub use schema::{build_schema, Fields};
pub use writer::{build_index, IndexError, IndexRequest};
