//! What characterises a result set: the words and entities over-represented in the
//! matching articles against the whole archive (Elasticsearch's `significant_text`).
//!
//! A researcher who found 3,000 articles on «Китай» asks what they are *about*: a raw
//! frequency list says «рік», «Україна», «компанія», which every article says. Each
//! candidate is scored by JLH (Elasticsearch's default significance heuristic): with `fg`
//! the share of sampled matching articles that contain it and `bg` the share of all
//! articles that do, `(fg − bg) · fg / bg` when `fg > bg`, so a term counts when it is both
//! common in the results and rarer elsewhere. Like `significant_text`, it analyses only
//! a sample, the best-scored N matching articles (500 by default; ties by article id, as
//! on every page, so that shards cut the same sample), so its cost does not grow with the
//! result set: the sample's bodies are analysed again with the index's analyzer (the
//! index keeps no term vectors), and each candidate's archive frequency is its live
//! documents (deleted ones left out, as in scoring).
//!
//! - [`sample`]: the sample and its counts (for a shard: its part of the sample);
//! - [`scoring`]: counts and archive frequencies to ranked terms (for a coordinator: once,
//!   over the summed counts of the shards).

pub mod sample;
pub mod scoring;

use serde::{Deserialize, Serialize};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::Term;

use super::searcher::{SearchError, SearchRequest, Searcher};
use super::statistics::LiveStatistics;

pub use scoring::jlh;

/// Matching articles analysed when the caller does not say.
pub const DEFAULT_SAMPLE: usize = 500;

/// What a significant term is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
        // The sample and the background from one commit of the index.
        let searcher = self.snapshot();
        let counts = self.sample_counts_in(&searcher, request, sample.max(1))?;
        let fields = self.opened().fields;
        let live = LiveStatistics { searcher: &searcher };
        let archive = searcher.num_docs();
        let background = |kind: TermKind, key: &str| {
            let field = match kind {
                TermKind::Word => fields.body,
                TermKind::Country => fields.country,
                TermKind::Company => fields.company,
            };
            live.doc_freq(&Term::from_field_text(field, key))
        };
        let terms = scoring::score(&counts, background, archive, limit)?;
        Ok(TermsReport {
            query: request.query.clone(),
            total: counts.total,
            sample: counts.sample,
            background: archive,
            terms,
        })
    }
}
