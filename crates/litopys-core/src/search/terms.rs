//! What characterises a result set: the words and entities over-represented in the
//! matching articles against the whole archive (Elasticsearch's `significant_text`).
//!
//! A researcher who found 3,000 articles on «Китай» asks what they are *about*: a raw
//! frequency list says «рік», «Україна», «компанія», which every article says. Each
//! candidate is scored by JLH (Elasticsearch's default significance heuristic): with `fg`
//! the share of sampled matching articles that contain it and `bg` the share of all
//! articles that do, `(fg − bg) · fg / bg` when `fg > bg`, so a term counts when it is both
//! common in the results and rarer elsewhere. Like `significant_text`, it analyses only
//! a sample, the best-scored N matching articles (500 by default), so its cost does not
//! grow with the result set: the sample's bodies are analysed again with the index's
//! analyzer (the index keeps no term vectors), and each candidate's archive frequency is
//! one term-dictionary lookup.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::Value;
use tantivy::{TantivyDocument, Term};

use super::searcher::{count, SearchError, SearchRequest, Searcher};
use super::statistics::search_scored;
use crate::index::schema::split_country_value;
use litopys_analysis::normalize::lowercase_into;
use litopys_analysis::stopwords::is_stopword;
use litopys_analysis::{Session, Side, STEM_PREFIX};

/// Matching articles analysed when the caller does not say.
pub const DEFAULT_SAMPLE: usize = 500;

/// Distinct words cached while analysing a sample.
const SAMPLE_CACHE_WORDS: usize = 50_000;

/// What a significant term is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    /// A word (all its forms: one lemma).
    Word,
    /// A country the articles name.
    Country,
    /// A company the articles name.
    Company,
}

/// One term over-represented in the results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SignificantTerm {
    /// How to show it: the word's most frequent form in the sample, or the entity's name.
    pub term: String,
    /// The index's key for it (the lemma key, or the stored entity value), to query by.
    pub key: String,
    /// Word or entity.
    pub kind: TermKind,
    /// Sampled matching articles containing it.
    pub foreground: u64,
    /// Articles of the whole archive containing it.
    pub background: u64,
    /// The JLH score.
    pub score: f64,
}

/// The answer of `litopys terms` and `/api/terms`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TermsReport {
    /// The query as typed.
    pub query: String,
    /// Matching articles.
    pub total: usize,
    /// Matching articles analysed (the best-scored ones).
    pub sample: usize,
    /// Articles in the archive (the background).
    pub background: u64,
    /// Most significant first.
    pub terms: Vec<SignificantTerm>,
}

/// A candidate's counts while the sample is read.
#[derive(Default)]
struct Candidate {
    docs: u64,
    /// Surface forms and how often each was seen (words only).
    forms: HashMap<String, u64>,
}

/// The JLH score of a term in `fg` of `fg_size` sampled articles and `bg` of `bg_size`
/// articles overall; 0 when it is not more frequent in the sample.
pub fn jlh(fg: u64, fg_size: u64, bg: u64, bg_size: u64) -> f64 {
    if fg_size == 0 || bg_size == 0 {
        return 0.0;
    }
    let fg_share = fg as f64 / fg_size as f64;
    let bg_share = bg.max(fg) as f64 / bg_size as f64;
    if fg_share <= bg_share || bg_share == 0.0 {
        return 0.0;
    }
    (fg_share - bg_share) * (fg_share / bg_share)
}

/// Whether a lemma key may be shown: not a stopword, not a number, at least two letters.
fn is_candidate(key: &str) -> bool {
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !is_stopword(key)
}

impl Searcher {
    /// The `limit` terms (words and entities) most over-represented in the best-scored
    /// `sample` articles matching `request`, against the whole archive. A term must be in
    /// at least 3 sampled articles (2 when fewer than 30 were sampled); the query's own
    /// words, and entities whose names it holds, are left out; a word that is part of an
    /// entity's name in the sample is shown as the entity.
    pub fn significant_terms(
        &self,
        request: &SearchRequest,
        limit: usize,
        sample: usize,
    ) -> Result<TermsReport, SearchError> {
        let opened = self.opened();
        let fields = opened.fields;
        let searcher = self.snapshot();
        let (query, highlight) = self.scoped_query(request)?;
        let deadline = request.deadline;
        let total = count(&searcher, &*query, deadline)?;
        let best = TopDocs::with_limit(sample.max(1)).order_by_score();
        let top = search_scored(&searcher, &*query, best, deadline, request.statistics.as_deref())?;
        let mut session = Session::new(&*opened.analyzer, Side::Index, SAMPLE_CACHE_WORDS);
        let mut words: HashMap<String, Candidate> = HashMap::new();
        let mut entities: HashMap<(TermKind, String), u64> = HashMap::new();
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
        // Entities are shown as entities: the words of their names are not shown again,
        // and an entity the query itself names is left out, like the query's words.
        let analyzer = &*opened.analyzer;
        let name_keys = |value: &str, kind: TermKind| -> Vec<String> {
            let name = match kind {
                TermKind::Country => split_country_value(value).1,
                _ => value,
            };
            analyzer
                .analyze(name, Side::Index)
                .into_iter()
                .flat_map(|w| w.keys)
                .collect()
        };
        let mut entity_words: HashSet<String> = HashSet::new();
        entities.retain(|(kind, value), _| {
            let keys = name_keys(value, *kind);
            let named_by_query = keys.iter().any(|k| highlight.keys.contains(k));
            entity_words.extend(keys);
            !named_by_query
        });
        words.retain(|key, _| !entity_words.contains(key));
        let fg_size = top.len() as u64;
        let bg_size = searcher.num_docs();
        let min_docs = if fg_size < 30 { 2 } else { 3 };
        let mut terms = Vec::new();
        for (key, c) in words.into_iter().filter(|(_, c)| c.docs >= min_docs) {
            let bg = searcher.doc_freq(&Term::from_field_text(fields.body, &key))?;
            let score = jlh(c.docs, fg_size, bg, bg_size);
            if score > 0.0 {
                let shown = c
                    .forms
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(form, _)| form)
                    .unwrap_or_else(|| key.trim_start_matches(STEM_PREFIX).to_string());
                terms.push(SignificantTerm {
                    term: shown,
                    key,
                    kind: TermKind::Word,
                    foreground: c.docs,
                    background: bg,
                    score,
                });
            }
        }
        for ((kind, value), docs) in entities.into_iter().filter(|(_, d)| *d >= min_docs) {
            let field = if kind == TermKind::Country {
                fields.country
            } else {
                fields.company
            };
            let bg = searcher.doc_freq(&Term::from_field_text(field, &value))?;
            let score = jlh(docs, fg_size, bg, bg_size);
            if score > 0.0 {
                let name = match kind {
                    TermKind::Country => split_country_value(&value).1.to_string(),
                    _ => value.clone(),
                };
                terms.push(SignificantTerm {
                    term: name,
                    key: value,
                    kind,
                    foreground: docs,
                    background: bg,
                    score,
                });
            }
        }
        terms.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
        // An ambiguous word has a key per lemma with the same counts: show it once.
        let mut shown: HashSet<(TermKind, String)> = HashSet::new();
        terms.retain(|t| shown.insert((t.kind, t.term.clone())));
        terms.truncate(limit);
        Ok(TermsReport {
            query: request.query.clone(),
            total,
            sample: top.len(),
            background: bg_size,
            terms,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jlh_rewards_terms_common_in_the_results_and_rare_elsewhere() {
        // In 50% of the results and 1% of the archive beats 50% / 25%.
        assert!(jlh(50, 100, 100, 10_000) > jlh(50, 100, 2_500, 10_000));
        // Not over-represented: no score.
        assert_eq!(jlh(10, 100, 1_000, 10_000), 0.0);
        assert_eq!(jlh(5, 100, 1_000, 10_000), 0.0);
        assert_eq!(jlh(0, 0, 0, 0), 0.0);
        // (0.5 - 0.01) * (0.5 / 0.01)
        assert!((jlh(50, 100, 100, 10_000) - 24.5).abs() < 1e-9);
    }

    #[test]
    fn stopwords_numbers_and_single_letters_are_not_candidates() {
        assert!(is_candidate("кукурудза"));
        assert!(is_candidate("~invest"));
        assert!(!is_candidate("бути"));
        assert!(!is_candidate("2024"));
        assert!(!is_candidate("в"));
    }
}
