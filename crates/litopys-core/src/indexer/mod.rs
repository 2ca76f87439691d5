//! The indexing job: from archive files to commits of the index, incrementally and within
//! a memory budget.
//!
//! - [`writer`]: the orchestration ([`build_index`] and its [`IndexRequest`]);
//! - [`error`] and [`observer`]: what a job returns when it fails and tells its caller
//!   as it runs, apart from the orchestration so that no part imports it;
//! - [`incremental`]: one job's loop: classify, feed Tantivy, commit at intervals;
//! - [`commit`]: when a job commits (intervals, `--strict`), decided in one place;
//! - [`pipeline`]: reading files on a thread of its own and building documents in
//!   parallel;
//! - [`ledger`]: what the index holds by file and what each article needs;
//! - [`manifest`]: the record of what each file contributed, committed with the index;
//! - [`budget`] and [`inflight`]: the memory budget and the accounting of bytes in
//!   flight;
//! - [`transaction`]: the writer lock, the folder written, and its publication;
//! - [`optimize`]: merging an index's segments after the fact;
//! - [`summary`]: what a job did, for people and for benchmarks;
//! - [`shards`]: one index per shard (`--shard-by`), each built by this job.
//!
//! Dependencies point one way: the indexer uses [`index`](crate::index), `corpus` and
//! `entities`; nothing below it imports it.

pub mod budget;
pub mod commit;
pub mod error;
pub mod incremental;
pub mod inflight;
pub mod ledger;
pub mod manifest;
pub mod notes;
pub mod observer;
pub mod optimize;
pub mod pipeline;
pub mod shards;
pub mod summary;
pub mod transaction;
pub mod writer;

pub use commit::CommitPolicy;
pub use error::IndexError;
pub use observer::{Observer, Silent};
pub use writer::{build_index, IndexRequest};
