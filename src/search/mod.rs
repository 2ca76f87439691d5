//! Searching an index: the query language, ranking, snippets and facets.

pub mod query;
