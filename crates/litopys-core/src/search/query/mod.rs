//! Queries: the language people type ([`parse`]) and its translation into Tantivy
//! queries through the Ukrainian analyzer ([`build`]).

pub mod build;
pub mod parse;
mod prefix;

pub use build::{build, BuiltQuery, HighlightTerms, QueryFields, TITLE_BOOST};
pub use parse::{parse, Expr, QueryError, Scope, MAX_PROXIMITY, MAX_PROXIMITY_WORDS, MIN_PREFIX_CHARS};
pub use prefix::MAX_EXPANSIONS;
