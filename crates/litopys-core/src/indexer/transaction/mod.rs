//! The folder transaction of a job: who may write, which folder is written, and how it
//! is published.
//!
//! - [`lock`]: one writer at a time per index folder;
//! - [`staging`]: the folder a job writes (in place, or a rebuild beside the index) and
//!   its crash-safe swap into place;
//! - [`target`]: the two together with Tantivy's index and the committed manifest, as a
//!   job starts.

pub mod lock;
pub mod staging;
pub mod target;
