//! Litopys's library: everything between an archive on disk and a ranked, highlighted
//! answer, without a terminal or a network in sight.
//!
//! Data flows one way: archive files are read into articles ([`corpus`]), analysed
//! (Ukrainian lemmatisation from `litopys-analysis`, [`entities`]) into Tantivy documents
//! ([`index`], the index on disk) by an indexing job ([`indexer`]); a query is analysed the same way into a Tantivy query whose
//! hits come back with highlighted snippets ([`search`]). The `litopys` binary renders
//! what these modules return; see `ARCHITECTURE.md` for the whole floor plan.
#![warn(missing_docs)]

pub mod check;
pub mod corpus;
pub mod entities;
pub mod export;
pub mod index;
pub mod indexer;
pub mod search;
pub mod stories;
