//! `solr-preanalyzed`: Solr JSON documents, one a line, whose title and body are
//! `PreAnalyzedField` values in the JSON parser's form, and the schema snippet for them.
//!
//! The stream is what Solr's `/update/json/docs` handler takes: one or more JSON
//! documents one after the other (no array, no `add` commands), posted with
//! `Content-Type: application/json`. Each text field's value is the string
//! `{"v":"1","str":TEXT,"tokens":[{"t":KEY,"s":START,"e":END,"i":POSINC},…]}`: offsets in
//! UTF-16 code units (Java `char`s, what Lucene's offsets count), `i` the position
//! increment (1 for a word's first key, more if positions skip, 0 for every further key
//! stacked on the same word). `title`/`body` hold the lemma keys and the stored text;
//! `title_exact`/`body_exact` the exact forms, one token per word, without a stored copy.
//! Other fields are plain Solr values; the day is a `pdate` (`2024-03-01T00:00:00Z`).

use std::io::{self, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use super::analyse::{TextAnalysis, Word};
use super::columns::{plain_value, Column, Kind, Part, SOLR};
use super::read::ExportedArticle;

/// The name of the field type the schema snippet declares for pre-analyzed fields.
pub const FIELD_TYPE: &str = "litopys_preanalyzed";

#[derive(Serialize)]
struct Token<'a> {
    t: &'a str,
    s: usize,
    e: usize,
    i: usize,
}

#[derive(Serialize)]
struct PreAnalyzed<'a> {
    v: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    str: Option<&'a str>,
    tokens: Vec<Token<'a>>,
}

/// Turns UTF-8 byte offsets into UTF-16 code-unit offsets, walking the text once when the
/// offsets come in order.
struct Utf16Offsets<'a> {
    text: &'a str,
    byte: usize,
    unit: usize,
}

impl Utf16Offsets<'_> {
    fn at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            (self.byte, self.unit) = (0, 0);
        }
        self.unit += self.text[self.byte..byte]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>();
        self.byte = byte;
        self.unit
    }
}

/// The pre-analyzed JSON string of `text`: its lemma keys (`exact` false, with the text
/// stored) or its exact forms (`exact` true, tokens only).
pub fn preanalyzed(text: &str, words: &[Word], exact: bool) -> String {
    let mut offsets = Utf16Offsets {
        text,
        byte: 0,
        unit: 0,
    };
    let mut tokens = Vec::with_capacity(words.len() * 2);
    let mut last: Option<usize> = None;
    for w in words {
        let (s, e) = (offsets.at(w.start), offsets.at(w.end));
        let first = match last {
            None => w.position + 1,
            Some(p) => w.position - p,
        };
        let forms = if exact {
            std::slice::from_ref(&w.exact)
        } else {
            &w.keys[..]
        };
        for (n, t) in forms.iter().enumerate() {
            tokens.push(Token {
                t,
                s,
                e,
                i: if n == 0 { first } else { 0 },
            });
            last = Some(w.position);
        }
    }
    let value = PreAnalyzed {
        v: "1",
        str: (!exact).then_some(text),
        tokens,
    };
    serde_json::to_string(&value).expect("a pre-analyzed value serialises")
}

/// The Solr document of an article.
pub fn document(a: &ExportedArticle, analysis: &mut TextAnalysis) -> Map<String, Value> {
    let title_words = a.title.as_deref().map(|t| analysis.words(t));
    let body_words = analysis.words(&a.body);
    let mut doc = Map::new();
    for column in &SOLR {
        let value = match (column.kind, column.part) {
            (Kind::Analysed | Kind::Exact, part) => {
                let exact = column.kind == Kind::Exact;
                match part {
                    Part::Title => a
                        .title
                        .as_deref()
                        .zip(title_words.as_deref())
                        .map(|(t, w)| preanalyzed(t, w, exact).into()),
                    _ => Some(preanalyzed(&a.body, &body_words, exact).into()),
                }
            }
            _ => plain_value(a, column, |day| format!("{day}T00:00:00Z")),
        };
        if let Some(value) = value {
            doc.insert(column.name.to_string(), value);
        }
    }
    doc
}

/// Writes an article as one JSON document on one line.
pub fn write_line(out: &mut dyn Write, a: &ExportedArticle, analysis: &mut TextAnalysis) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &document(a, analysis))?;
    out.write_all(b"\n")
}

fn field_line(c: &Column) -> String {
    let multi = if c.part.multi_valued() {
        r#" multiValued="true""#
    } else {
        ""
    };
    let (kind, attrs) = match c.kind {
        Kind::Analysed => (FIELD_TYPE, r#"indexed="true" stored="true""#),
        Kind::Exact => (FIELD_TYPE, r#"indexed="true" stored="false""#),
        Kind::Keyword if c.part == Part::Id => ("string", r#"indexed="true" stored="true" required="true""#),
        Kind::Keyword => ("string", r#"indexed="true" stored="true" docValues="true""#),
        Kind::StoredOnly => ("string", r#"indexed="false" stored="true""#),
        Kind::Day => ("pdate", r#"indexed="true" stored="true" docValues="true""#),
        Kind::Moment => ("string", r#"indexed="false" stored="true""#),
    };
    format!(r#"<field name="{}" type="{kind}" {attrs}{multi}/>"#, c.name)
}

/// The schema snippet (for `managed-schema.xml`): the pre-analyzed field type and every
/// field of [`SOLR`]. `string` and `pdate` are the stock types of Solr's default
/// configset. The query analyzer splits on whitespace only: a client sends the lemma
/// keys (or exact forms) of its query words, made by Litopys's analyzer.
pub fn schema() -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<fieldType name=\"{FIELD_TYPE}\" class=\"solr.PreAnalyzedField\" parserImpl=\"json\">\n  \
         <analyzer type=\"query\"><tokenizer class=\"solr.WhitespaceTokenizerFactory\"/></analyzer>\n\
         </fieldType>\n"
    ));
    for c in &SOLR {
        out.push_str(&field_line(c));
        out.push('\n');
    }
    out.push_str("<uniqueKey>id</uniqueKey>\n");
    out
}
