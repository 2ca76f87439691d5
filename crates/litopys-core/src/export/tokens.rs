//! `tokens-jsonl`: one JSON object per article with its stored fields and, for title and
//! body, the text and its tokens.
//!
//! Exists for any other engine or pipeline (and for checking the others): each token is
//! `{"text","start","end","position","keys","exact"}`, with UTF-8 byte offsets into the
//! field's text, the lemma keys exactly as the `uk_lemma` tokenizer indexes them at that
//! position and the lower-cased form the `uk_exact` tokenizer indexes. The story id is a
//! decimal string (64-bit ids lose precision as JSON numbers in JavaScript).

use std::io::{self, Write};

use serde::Serialize;

use super::analyse::{TextAnalysis, Word};
use super::read::ExportedArticle;

#[derive(Serialize)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    position: usize,
    keys: &'a [String],
    exact: &'a str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
    tokens: Vec<Token<'a>>,
}

#[derive(Serialize)]
struct CountryOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    name: &'a str,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<Text<'a>>,
    body: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    country: Vec<CountryOut<'a>>,
    company: &'a [String],
    person: &'a [String],
    organisation: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    story: Option<String>,
}

fn text<'a>(text: &'a str, words: &'a [Word]) -> Text<'a> {
    Text {
        text,
        tokens: words
            .iter()
            .map(|w| Token {
                text: &text[w.start..w.end],
                start: w.start,
                end: w.end,
                position: w.position,
                keys: &w.keys,
                exact: &w.exact,
            })
            .collect(),
    }
}

/// Writes one article as one line.
pub fn write_line(out: &mut dyn Write, a: &ExportedArticle, analysis: &mut TextAnalysis) -> io::Result<()> {
    let title_words = a.title.as_deref().map(|t| analysis.words(t));
    let body_words = analysis.words(&a.body);
    let line = Line {
        id: &a.id,
        title: a
            .title
            .as_deref()
            .zip(title_words.as_deref())
            .map(|(t, w)| text(t, w)),
        body: text(&a.body, &body_words),
        date: a.date.map(|d| d.to_string()),
        published: a.published.as_deref(),
        source: a.source.as_deref(),
        url: a.url.as_deref(),
        language: a.language.as_deref(),
        country: a
            .countries
            .iter()
            .map(|c| CountryOut {
                code: c.code.as_deref(),
                name: &c.name,
            })
            .collect(),
        company: &a.companies,
        person: &a.persons,
        organisation: &a.organisations,
        story: a.story.map(|s| s.to_string()),
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}
