//! Document frequencies of given terms: how many live articles hold each, by field. A
//! coordinator of shards asks every shard for the frequencies of the candidate terms its
//! sample found (see [`super::terms::scoring`]) and adds them up, as one index's
//! background.

use std::collections::BTreeMap;

use tantivy::query::Bm25StatisticsProvider;
use tantivy::Term;

use super::searcher::{SearchError, Searcher};
use super::statistics::{LiveStatistics, QueryStatistics};

/// The fields whose terms can be asked for.
pub const FREQUENCY_FIELDS: [&str; 3] = ["body", "country", "company"];

impl Searcher {
    /// The live documents holding each of `terms` (field name → index terms: lemma keys
    /// for `body`, stored values for `country` and `company`), and the live documents in
    /// all, in the shape of [`QueryStatistics`] (no token totals), so that sums over
    /// shards are [`QueryStatistics::add`].
    pub fn document_frequencies(
        &self,
        terms: &BTreeMap<String, Vec<String>>,
    ) -> Result<QueryStatistics, SearchError> {
        let fields = self.opened().fields;
        let searcher = self.snapshot();
        let live = LiveStatistics { searcher: &searcher };
        let mut out = QueryStatistics {
            docs: searcher.num_docs(),
            ..Default::default()
        };
        for (name, values) in terms {
            let field = match name.as_str() {
                "body" => fields.body,
                "country" => fields.country,
                "company" => fields.company,
                _ => {
                    return Err(SearchError::Statistics(format!(
                        "no frequencies of «{name}» terms: ask for {}",
                        FREQUENCY_FIELDS.join(", ")
                    )))
                }
            };
            let mine = out.terms.entry(name.clone()).or_default();
            for value in values {
                let n = live.doc_freq(&Term::from_field_text(field, value))?;
                mine.insert(value.clone(), n);
            }
        }
        Ok(out)
    }
}
