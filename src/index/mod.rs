//! The index on disk: schema, metadata (versions and fingerprints), opening and writing.

pub mod budget;
pub mod meta;
pub mod open;
pub mod progress;
pub mod schema;
pub mod staging;
pub mod stats;
pub mod summary;
pub mod writer;

pub use meta::{IndexMeta, MetaError, INDEX_FORMAT, META_FILE};
pub use open::{expected_meta, open_index, OpenError, OpenIndex};
pub use schema::{build_schema, Fields};
pub use writer::{build_index, IndexError, IndexRequest};
