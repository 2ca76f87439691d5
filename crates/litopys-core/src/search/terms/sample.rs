//! What the sample of a significant-terms request holds: the best-scored matching
//! articles, their words (lemma keys, with the surface forms seen) and entities, each
//! counted once per article. Counts only, so that the counts of several shards' parts of
//! one sample add up to the counts of the whole sample.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};
use tantivy::query::Query;
use tantivy::schema::Value;
use tantivy::{DocAddress, Score, TantivyDocument};

use super::TermKind;
use crate::index::schema::split_country_value;
use crate::search::ranking::{article_id, collect, PageRequest};
use crate::search::searcher::{SearchError, SearchRequest, Searcher, SortOrder};
use litopys_analysis::normalize::lowercase_into;
use litopys_analysis::stopwords::is_stopword;
use litopys_analysis::{Session, Side};

/// Distinct words cached while analysing a sample.
const SAMPLE_CACHE_WORDS: usize = 50_000;

/// A word's counts in the sample.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WordCount {
    /// Sampled articles containing it.
    pub docs: u64,
    /// Its surface forms (lower-cased) and how often each was seen.
    pub forms: BTreeMap<String, u64>,
}

/// An entity's count in the sample.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityCount {
    /// Country or company.
    pub kind: TermKind,
    /// The stored value (`CODE|Name` for a country).
    pub value: String,
    /// Sampled articles naming it.
    pub docs: u64,
}

/// The counts of a sample (or of one shard's part of it): `/api/terms?part=counts`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SampleCounts {
    /// Matching articles.
    pub total: usize,
    /// Articles sampled.
    pub sample: usize,
    /// Candidate words by lemma key (the query's own words, stopwords and numbers left
    /// out).
    pub words: BTreeMap<String, WordCount>,
    /// Entities named in the sample, except those the query itself names.
    pub entities: Vec<EntityCount>,
    /// The lemma keys of every sampled entity's name: such words are shown as the
    /// entity, not again as words.
    pub entity_words: BTreeSet<String>,
}

/// A sampled article's place in the sample's order: `/api/terms?part=ranks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleRank {
    /// Its score (with the request's statistics).
    pub score: Score,
    /// Its article id, which breaks ties.
    pub id: String,
}

/// The best-scored articles of a request: `/api/terms?part=ranks`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SampleRanks {
    /// The query as typed.
    pub query: String,
    /// Matching articles.
    pub total: usize,
    /// The best `sample` of them, best first, ties by id.
    pub ranks: Vec<SampleRank>,
}

/// Whether a lemma key may be shown: not a stopword, not a number, at least two letters.
fn is_candidate(key: &str) -> bool {
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !is_stopword(key)
}

impl Searcher {
    /// The best `sample` articles matching `request` in the total order of every page
    /// (score, then id), so that the sample of an archive is the union of its shards'
    /// best articles cut at the same place.
    fn sample_of(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        request: &SearchRequest,
        sample: usize,
    ) -> Result<(usize, Vec<(Score, DocAddress)>), SearchError> {
        let page = PageRequest {
            offset: 0,
            limit: sample,
            sort: SortOrder::Relevance,
            statistics: request.statistics.as_deref(),
            deadline: request.deadline,
        };
        Ok(collect(searcher, query, &page)?)
    }

    /// The scores and ids of the best `sample` articles matching `request`: what a
    /// coordinator merges to find which shard holds which part of the sample.
    pub fn sample_ranks(&self, request: &SearchRequest, sample: usize) -> Result<SampleRanks, SearchError> {
        let searcher = self.snapshot();
        let (query, _) = self.scoped_query(request)?;
        let (total, top) = Self::sample_of(&searcher, &*query, request, sample)?;
        let mut ranks = Vec::with_capacity(top.len());
        for (score, address) in top {
            ranks.push(SampleRank {
                score,
                id: article_id(&searcher, address)?,
            });
        }
        Ok(SampleRanks {
            query: request.query.clone(),
            total,
            ranks,
        })
    }

    /// The counts of the best `sample` articles matching `request`: each article's body
    /// analysed again with the index's analyzer (the index keeps no term vectors) and its
    /// countries and companies read.
    pub fn sample_counts(&self, request: &SearchRequest, sample: usize) -> Result<SampleCounts, SearchError> {
        self.sample_counts_in(&self.snapshot(), request, sample)
    }

    /// [`Self::sample_counts`] at one commit of the index (`searcher`), so that a caller
    /// can take the background from the same commit.
    pub(super) fn sample_counts_in(
        &self,
        searcher: &tantivy::Searcher,
        request: &SearchRequest,
        sample: usize,
    ) -> Result<SampleCounts, SearchError> {
        let opened = self.opened();
        let fields = opened.fields;
        let (query, highlight) = self.scoped_query(request)?;
        let (total, top) = Self::sample_of(searcher, &*query, request, sample)?;
        let deadline = request.deadline;
        let mut session = Session::new(&*opened.analyzer, Side::Index, SAMPLE_CACHE_WORDS);
        let mut words: BTreeMap<String, WordCount> = BTreeMap::new();
        let mut entities: BTreeMap<(TermKind, String), u64> = BTreeMap::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut form = String::new();
        for (_, address) in &top {
            // Reading and analysing the sample is most of the work: stop it in time too.
            if let Some(d) = deadline {
                d.check()?;
            }
            let doc: TantivyDocument = searcher.doc(*address)?;
            seen.clear();
            if let Some(body) = doc.get_first(fields.body).and_then(|v| v.as_str()) {
                session.analyze_with(body, |w, keys| {
                    lowercase_into(&w.text, &mut form);
                    for key in keys {
                        if highlight.keys.contains(key) || !is_candidate(key) {
                            continue;
                        }
                        let c = words.entry(key.clone()).or_default();
                        match c.forms.get_mut(form.as_str()) {
                            Some(n) => *n += 1,
                            None => {
                                c.forms.insert(form.clone(), 1);
                            }
                        }
                        if seen.insert(key.clone()) {
                            c.docs += 1;
                        }
                    }
                });
            }
            for (kind, field) in [
                (TermKind::Country, fields.country),
                (TermKind::Company, fields.company),
            ] {
                for value in doc.get_all(field).filter_map(|v| v.as_str()) {
                    *entities.entry((kind, value.to_string())).or_default() += 1;
                }
            }
        }
        // An entity the query itself names is left out, like the query's words; the
        // words of every sampled entity's name are kept aside.
        let analyzer = &*opened.analyzer;
        let mut entity_words = BTreeSet::new();
        let mut named = Vec::new();
        for ((kind, value), docs) in entities {
            let name = match kind {
                TermKind::Country => split_country_value(&value).1,
                _ => value.as_str(),
            };
            let keys: Vec<String> = analyzer
                .analyze(name, Side::Index)
                .into_iter()
                .flat_map(|w| w.keys)
                .collect();
            let named_by_query = keys.iter().any(|k| highlight.keys.contains(k));
            entity_words.extend(keys);
            if !named_by_query {
                named.push(EntityCount { kind, value, docs });
            }
        }
        Ok(SampleCounts {
            total,
            sample: top.len(),
            words,
            entities: named,
            entity_words,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_numbers_and_single_letters_are_not_candidates() {
        assert!(is_candidate("кукурудза"));
        assert!(is_candidate("~invest"));
        assert!(!is_candidate("бути"));
        assert!(!is_candidate("2024"));
        assert!(!is_candidate("в"));
    }
}
