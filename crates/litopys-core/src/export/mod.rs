//! Exports of the analysed documents for engines that sites already run: OpenSearch and
//! Elasticsearch (bulk NDJSON over the `annotated_text` mapper), Solr (`PreAnalyzedField`
//! JSON) and the raw token stream as JSON Lines.
//!
//! Exists because a site that already runs one of those engines should get Litopys's
//! Ukrainian analysis without running Litopys: the documents carry the lemma keys (and
//! the exact forms) that the index holds, computed here by the very tokenizers the index
//! was built with, so the engine needs no Ukrainian analyzer of its own.
//!
//! - [`read`]: every live document's stored fields, segment by segment, in doc-id order,
//!   one document in memory at a time;
//! - [`analyse`]: a text's words with their keys and exact forms, from the `uk_lemma` and
//!   `uk_exact` tokenizers themselves;
//! - [`columns`]: the fields each engine gets and their kinds, the one table that both
//!   the documents and the mapping/schema are written from (so they cannot drift);
//! - [`tokens`], [`annotated`], [`preanalyzed`]: the three formats.

pub mod analyse;
pub mod annotated;
pub mod columns;
pub mod preanalyzed;
pub mod read;
pub mod tokens;

use std::fmt;
use std::io::Write;
use std::str::FromStr;

pub use analyse::{TextAnalysis, Word};
pub use read::{for_each_article, Country, ExportedArticle};

use crate::index::OpenIndex;

/// The formats `litopys export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One JSON object per article: stored fields, and title and body with their tokens.
    TokensJsonl,
    /// OpenSearch/Elasticsearch bulk NDJSON, title and body in `annotated_text` markup.
    OpenSearchBulk,
    /// Solr JSON documents, title and body as `PreAnalyzedField` JSON.
    SolrPreAnalyzed,
}

impl ExportFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [ExportFormat; 3] = [
        ExportFormat::TokensJsonl,
        ExportFormat::OpenSearchBulk,
        ExportFormat::SolrPreAnalyzed,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::TokensJsonl => "tokens-jsonl",
            ExportFormat::OpenSearchBulk => "opensearch-bulk",
            ExportFormat::SolrPreAnalyzed => "solr-preanalyzed",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is none of [`ExportFormat::ALL`].
#[derive(Debug, thiserror::Error)]
#[error("unknown export format `{0}`: use tokens-jsonl, opensearch-bulk or solr-preanalyzed")]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, UnknownFormat> {
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// What an export writes besides the format.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The format.
    pub format: ExportFormat,
    /// The OpenSearch index the bulk action lines name (`--index-name`).
    pub index_name: String,
}

/// The OpenSearch index name when none is given.
pub const DEFAULT_INDEX_NAME: &str = "litopys";

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Tantivy could not read the index (a damaged or vanished file).
    #[error("cannot read the index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The output could not be written.
    #[error("cannot write the export: {0}")]
    Write(#[from] std::io::Error),
}

/// What an export did, for the closing line and for measurements.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Articles written.
    pub articles: u64,
    /// Bytes of their titles and bodies (UTF-8): what the export's size compares with.
    pub text_bytes: u64,
}

/// Writes every live article of `open` to `out` in `options.format`.
///
/// Streams: one stored document is read, analysed and written at a time, so memory does
/// not grow with the index. `out` should be buffered.
pub fn export(
    open: &OpenIndex,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> Result<ExportSummary, ExportError> {
    let mut analysis = TextAnalysis::new(open.analyzer.clone());
    let mut summary = ExportSummary::default();
    for_each_article(open, |article| {
        summary.articles += 1;
        summary.text_bytes += (article.title.as_deref().map_or(0, str::len) + article.body.len()) as u64;
        match options.format {
            ExportFormat::TokensJsonl => tokens::write_line(out, article, &mut analysis)?,
            ExportFormat::OpenSearchBulk => {
                annotated::write_bulk(out, article, &mut analysis, &options.index_name)?
            }
            ExportFormat::SolrPreAnalyzed => preanalyzed::write_line(out, article, &mut analysis)?,
        }
        Ok(())
    })?;
    Ok(summary)
}

/// The mapping (OpenSearch, JSON) or schema snippet (Solr, XML) for a format's documents,
/// written from the same [`columns`] table as the documents; `None` for tokens-jsonl,
/// which no engine ingests as it is.
pub fn schema(format: ExportFormat) -> Option<String> {
    match format {
        ExportFormat::TokensJsonl => None,
        ExportFormat::OpenSearchBulk => Some(annotated::mapping()),
        ExportFormat::SolrPreAnalyzed => Some(preanalyzed::schema()),
    }
}

#[cfg(test)]
mod tests;
