//! Searching an index: the query language, ranking, snippets and facets.

pub mod facets;
pub mod query;
pub mod results;
pub mod searcher;
pub mod snippets;
