//! The index schema: which fields an article becomes and how each is indexed.
//!
//! Title and body are indexed twice: by lemma keys (the default search, with positions
//! for phrases) and by exact lower-cased forms (for `=word` searches). The date is a fast
//! field for range filters and sorting; `month` (YYYYMM) is a fast field because
//! Tantivy's date histogram has no calendar months.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions, FAST, STORED, STRING,
};

use litopys_analysis::tantivy_tokenizer::{EXACT_TOKENIZER, LEMMA_TOKENIZER};

/// Handles of every field of the schema, resolved once per opened index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Stable article id (exact string, stored, fast for export).
    pub id: Field,
    /// Headline, lemma keys with positions; stored for display.
    pub title: Field,
    /// Body, lemma keys with positions; stored for snippets.
    pub body: Field,
    /// Headline, exact forms.
    pub title_exact: Field,
    /// Body, exact forms.
    pub body_exact: Field,
    /// Publication date (day precision), indexed and fast; absent when unknown.
    pub date: Field,
    /// Publication month as YYYYMM, fast; for monthly series.
    pub month: Field,
    /// The moment of publication as the archive wrote it (RFC 3339, with its offset if it
    /// had one), stored only; absent when only the day is known. Kept as text because
    /// the offset as written is part of it, which a Tantivy date (UTC) would lose.
    pub published: Field,
    /// Outlet name, exact string, fast for filters and counts.
    pub source: Field,
    /// Original URL, stored only.
    pub url: Field,
    /// The article's language as normalised by the reader (`uk`, `uk-ua`): exact terms
    /// for the `--language` filter, a fast column for counting, stored for display.
    pub language: Field,
    /// Where the article came from (`path`, `path:line`), stored only.
    pub path: Field,
    /// Content hash (hex) of the article as indexed, for incremental reindexing.
    pub hash: Field,
    /// Countries named in the article, one value each as `CODE|Name` (`CN|Китай`): exact
    /// terms for filters, a fast column for counts, stored for display.
    pub country: Field,
    /// Companies named in the article, by canonical name; exact, fast, stored.
    pub company: Field,
    /// Persons named in the article, one canonical name each in the nominative
    /// («Петро Порошенко»); exact, fast, stored.
    pub person: Field,
    /// Organisations other than companies named in the article, by their name in the
    /// nominative («Верховна Рада»); exact, fast, stored.
    pub organisation: Field,
    /// The article's story (see `crate::stories::table`): a 64-bit id shared by the
    /// reprints of one report; indexed, to list a story's articles, and fast, to collapse
    /// and count by story.
    pub story: Field,
}

/// Joins a country's code and canonical name into the one value the `country` field
/// holds, so that counts, filters and display never need a second lookup.
pub fn country_value(code: Option<&str>, name: &str) -> String {
    format!("{}|{name}", code.unwrap_or(""))
}

/// Splits a `country` field value into (code, name); the code is `None` when empty.
pub fn split_country_value(value: &str) -> (Option<&str>, &str) {
    match value.split_once('|') {
        Some(("", name)) => (None, name),
        Some((code, name)) => (Some(code), name),
        None => (None, value),
    }
}

fn analysed(tokenizer: &str, stored: bool) -> TextOptions {
    let opts = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if stored {
        opts.set_stored()
    } else {
        opts
    }
}

/// Builds the schema of a new index.
pub fn build_schema() -> Schema {
    let mut sb = Schema::builder();
    sb.add_text_field("id", STRING | STORED | FAST);
    sb.add_text_field("title", analysed(LEMMA_TOKENIZER, true));
    sb.add_text_field("body", analysed(LEMMA_TOKENIZER, true));
    sb.add_text_field("title_exact", analysed(EXACT_TOKENIZER, false));
    sb.add_text_field("body_exact", analysed(EXACT_TOKENIZER, false));
    sb.add_date_field(
        "date",
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored()
            .set_precision(DateTimePrecision::Seconds),
    );
    sb.add_u64_field("month", NumericOptions::default().set_fast().set_indexed());
    sb.add_text_field("published", STORED);
    sb.add_text_field("source", STRING | STORED | FAST);
    sb.add_text_field("url", STORED);
    sb.add_text_field("language", STRING | STORED | FAST);
    sb.add_text_field("path", STORED);
    sb.add_text_field("hash", STRING | STORED);
    sb.add_text_field("country", STRING | STORED | FAST);
    sb.add_text_field("company", STRING | STORED | FAST);
    sb.add_text_field("person", STRING | STORED | FAST);
    sb.add_text_field("organisation", STRING | STORED | FAST);
    sb.add_u64_field("story", NumericOptions::default().set_fast().set_indexed());
    sb.build()
}

/// Why an index's schema does not fit this program.
#[derive(Debug, thiserror::Error)]
#[error("the index has no field `{0}`: it was built by another version of Litopys; rebuild it with `litopys index --rebuild`")]
pub struct MissingField(pub String);

impl Fields {
    /// Resolves the fields in an opened index's schema.
    pub fn from_schema(schema: &Schema) -> Result<Fields, MissingField> {
        let f = |name: &str| schema.get_field(name).map_err(|_| MissingField(name.to_string()));
        Ok(Fields {
            id: f("id")?,
            title: f("title")?,
            body: f("body")?,
            title_exact: f("title_exact")?,
            body_exact: f("body_exact")?,
            date: f("date")?,
            month: f("month")?,
            published: f("published")?,
            source: f("source")?,
            url: f("url")?,
            language: f("language")?,
            path: f("path")?,
            hash: f("hash")?,
            country: f("country")?,
            company: f("company")?,
            person: f("person")?,
            organisation: f("organisation")?,
            story: f("story")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_resolves_in_a_fresh_schema() {
        let fields = Fields::from_schema(&build_schema()).unwrap();
        assert_ne!(fields.title, fields.body);
    }

    #[test]
    fn country_values_round_trip() {
        let v = country_value(Some("CN"), "Китай");
        assert_eq!(v, "CN|Китай");
        assert_eq!(split_country_value(&v), (Some("CN"), "Китай"));
        assert_eq!(
            split_country_value(&country_value(None, "Сомаліленд")),
            (None, "Сомаліленд")
        );
    }

    #[test]
    fn a_foreign_schema_says_how_to_rebuild() {
        let mut sb = Schema::builder();
        sb.add_text_field("id", STRING);
        let err = Fields::from_schema(&sb.build()).unwrap_err();
        assert!(err.to_string().contains("--rebuild"));
    }
}
