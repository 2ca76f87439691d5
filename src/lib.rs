//! Litopys: full-text search for archives of Ukrainian news.
//!
//! Data flows one way: archive files are read into articles, analysed (Ukrainian
//! lemmatisation, entities) into Tantivy documents and indexed; a query is analysed the
//! same way into a Tantivy query whose hits are rendered with highlighted snippets.
#![warn(missing_docs)]

pub mod analysis;
pub mod bench;
pub mod cli;
pub mod corpus;
pub mod entities;
pub mod eval;
pub mod index;
pub mod output;
pub mod search;
pub mod server;
