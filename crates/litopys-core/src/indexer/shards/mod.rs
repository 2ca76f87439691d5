//! Sharded indexes (`litopys index --shard-by month|year|hash:N`): one ordinary index per
//! shard under a folder, plus the shard manifest `shards.json`, so that an archive too big
//! for one machine (or one index) can be served by a cluster, and a rerun rebuilds only
//! the shards whose articles changed.
//!
//! - [`key`]: which shard an article belongs to;
//! - [`manifest`]: `shards.json`, written atomically: fingerprints, shards, routing;
//! - [`routing`]: reading and parsing files (nothing more) to find the shards they feed;
//! - [`job`]: the run: route what changed, run the ordinary job of each shard that
//!   changed over its files only, write the manifest (or those steps apart: `--plan`,
//!   `--only`, `--finish`, for several processes);
//! - [`plan`]: `shards.plan.json`, the plan that the steps apart share.

pub mod job;
pub mod key;
pub mod manifest;
pub mod plan;
pub mod routing;

pub use job::{
    build_shards, finish_shards, plan_shards, run_planned_shards, ShardOutcome, ShardStatus, ShardsReport,
    ShardsSummary,
};
pub use key::ShardBy;
pub use manifest::ShardManifest;
pub use plan::ShardPlan;
