//! The index on disk: schema, metadata (versions and fingerprints), opening and writing.

pub mod meta;
pub mod open;
pub mod schema;

pub use meta::{IndexMeta, MetaError, INDEX_FORMAT, META_FILE};
pub use open::{expected_meta, open_index, OpenError, OpenIndex};
pub use schema::{build_schema, Fields};
