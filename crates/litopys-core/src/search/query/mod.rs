//! Queries: the language people type ([`parse`]) and its translation into Tantivy
//! queries through the Ukrainian analyzer ([`build`]).

pub mod build;
pub mod parse;

pub use build::{build, BuiltQuery, HighlightTerms, QueryFields, TITLE_BOOST};
pub use parse::{parse, Expr, QueryError, Scope};
