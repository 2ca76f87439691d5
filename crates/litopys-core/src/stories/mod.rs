//! Stories, not copies: near-duplicate articles (the same agency report reprinted by
//! many outlets, with an edited headline, reordered or added paragraphs) found by their
//! content, so that counts can be of stories.
//!
//! - [`signature`]: a MinHash signature of an article's body, over shingles of its
//!   normalised, lower-cased words (a set, so reordered paragraphs change only the few
//!   shingles that cross a paragraph boundary);
//! - [`bands`]: locality-sensitive hashing of signatures into band keys, so that
//!   candidates are found without comparing every pair;
//! - [`group`]: candidate pairs verified by estimated similarity and grouped into
//!   stories (union-find), each named by its earliest article: the evaluation's view
//!   of a whole archive at once;
//! - [`table`]: the indexer's view, one article at a time, each joining the story of a
//!   similar earlier article, remembered in the index folder for incremental runs.
//!
//! Words, not lemma keys: reprints share their surface forms, and normalised words need
//! no dictionary lookups (the lemma pass of the index runs inside Tantivy's tokenizer,
//! where its keys are not available to the rest of the pipeline).

pub mod bands;
pub mod group;
pub mod signature;
pub mod table;

pub use signature::{Signature, SIGNATURE_LEN};
pub use table::{format_story_id, parse_story_id, story_key, StoryTable, TableError, STORIES_FILE};
