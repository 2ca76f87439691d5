//! What a reader of records (JSON, later CSV and Parquet) learns about one article beyond
//! the [`Article`] itself.

use std::fmt;

use encoding_rs::Encoding;

use super::{Article, DateTimeError, Resolved};

/// An article together with what [`Article`] does not hold: a date that
/// could not be read, and which field fed which part.
///
/// Exists so that a bad date no longer costs the article (it is read undated, and the
/// problem travels alongside for a per-file warning), and so that the fields used reach
/// `--dry-run`, without every reader's signature changing again when more is learnt.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedArticle {
    /// The article (its `published` holds the time and offset as written).
    pub article: Article,
    /// The date field was there but could not be read: the article is undated.
    pub date_problem: Option<DateProblem>,
    /// Which field of the record fed each part of the article.
    pub fields: Resolved,
    /// The file's text encoding when it was guessed by the detector (not forced, declared,
    /// marked by a BOM or valid UTF-8), for `--report`: "detected windows-1251".
    pub encoding: Option<&'static Encoding>,
}

/// A date field whose value could not be read.
///
/// Exists for the per-file warning ("N articles with unreadable dates, first at LINE:
/// PROBLEM"), which needs the field's name and the reason, not the whole record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateProblem {
    /// The field's name as the record spells it (`date`, `published_at`…).
    pub field: String,
    /// What was wrong with its value.
    pub error: DateTimeError,
}

impl fmt::Display for DateProblem {
    /// `` `published`: 2023-02-30 is not a day of the calendar ``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.field, self.error)
    }
}

/// An article of a format without records (text, HTML, WARC): nothing besides it is known
/// yet (the reader may add the file's detected encoding).
impl From<Article> for ParsedArticle {
    fn from(article: Article) -> Self {
        ParsedArticle {
            article,
            date_problem: None,
            fields: Resolved::default(),
            encoding: None,
        }
    }
}
