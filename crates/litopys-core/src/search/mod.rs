//! Searching an index: the query language, ranking, snippets and facets.

pub mod article;
pub mod attention;
pub mod collapse;
pub mod cooccurrence;
pub mod deadline;
pub mod facet_report;
pub mod facets;
pub mod field_counts;
pub mod frequencies;
pub mod global_ordinals;
pub mod parallel;
pub mod query;
pub(crate) mod ranking;
pub mod results;
pub mod scope;
pub mod searcher;
pub mod snippets;
pub mod statistics;
pub mod story_counts;
pub mod terms;
pub mod timeline;

#[cfg(test)]
mod never_panics_tests;
