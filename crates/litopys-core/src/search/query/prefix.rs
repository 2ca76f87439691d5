//! Truncation (`корупц*`): the word forms of the index that start with a prefix, read
//! from the term dictionaries of the exact-form fields.
//!
//! The exact-form fields are used, not the lemma fields: a prefix is typed as the start
//! of a written word, and lemma keys would miss every form whose stem changes.

use std::collections::BTreeSet;

use tantivy::schema::Field;

/// The most word forms one truncated word may expand to; past it the query is refused
/// with advice rather than run slowly (Lucene's default clause limit is the same).
pub const MAX_EXPANSIONS: usize = 1024;

/// Adds to `found` every term of `field`, in every segment of `searcher`, that starts
/// with `prefix`; false when `found` grows past [`MAX_EXPANSIONS`].
pub(super) fn expand(
    searcher: &tantivy::Searcher,
    field: Field,
    prefix: &str,
    found: &mut BTreeSet<String>,
) -> tantivy::Result<bool> {
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().range().ge(prefix.as_bytes()).into_stream()?;
        while stream.advance() {
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(form) = std::str::from_utf8(key) {
                if !found.contains(form) {
                    found.insert(form.to_string());
                    if found.len() > MAX_EXPANSIONS {
                        return Ok(false);
                    }
                }
            }
        }
    }
    Ok(true)
}
