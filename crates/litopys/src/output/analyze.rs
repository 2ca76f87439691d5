//! `litopys analyze`: what the analyzer and the entity extractor made of a text, for
//! people (one aligned line per word, then per entity mention) and for scripts (one JSON
//! object per analysed text).

use std::io::{self, Write};

use serde::Serialize;

use super::{unsupported, Format, Formats};
use litopys_analysis::AnalyzedWord;
use litopys_core::entities::Mention;

/// What `litopys analyze --format` takes.
pub const FORMATS: &Formats = &[
    (Format::Text, "One line per word, then one per entity mention"),
    (
        Format::Json,
        "One JSON object per text (per line with --lines): tokens, entities",
    ),
];

/// Writes the analysis of `text` (its `words` and entity `mentions`) in one of
/// [`FORMATS`].
pub fn write(
    out: &mut dyn Write,
    text: &str,
    words: &[AnalyzedWord],
    mentions: &[Mention],
    format: Format,
) -> io::Result<()> {
    match format {
        Format::Text => write_text(out, text, words, mentions),
        Format::Json => write_json(out, text, words, mentions),
        other => Err(unsupported(other, "an analysis")),
    }
}

/// One token of the JSON output; offsets are bytes into the analysed input.
#[derive(Serialize)]
struct TokenOut<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    position: usize,
    terms: &'a [String],
}

/// One entity mention of the JSON output; offsets are bytes into the analysed input,
/// `code` only for countries.
#[derive(Serialize)]
struct EntityOut<'a> {
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    text: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct AnalysisOut<'a> {
    tokens: Vec<TokenOut<'a>>,
    entities: Vec<EntityOut<'a>>,
}

/// Writes one line per word (`form  start..end  key | key`), then one per mention
/// (`text  start..end  kind name (code)`).
pub fn write_text(
    out: &mut dyn Write,
    text: &str,
    words: &[AnalyzedWord],
    mentions: &[Mention],
) -> io::Result<()> {
    for w in words {
        writeln!(
            out,
            "{:<24} {:>5}..{:<5} {}",
            &text[w.start..w.end],
            w.start,
            w.end,
            w.keys.join(" | ")
        )?;
    }
    for m in mentions {
        let code = m.code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        writeln!(
            out,
            "{:<24} {:>5}..{:<5} {} {}{}",
            m.text,
            m.start,
            m.end,
            m.kind.as_str(),
            m.name,
            code
        )?;
    }
    Ok(())
}

/// Writes `{"tokens":[…],"entities":[…]}` on one line: the words of `text` with their
/// index terms, and the entity mentions.
pub fn write_json(
    out: &mut dyn Write,
    text: &str,
    words: &[AnalyzedWord],
    mentions: &[Mention],
) -> io::Result<()> {
    let tokens = words
        .iter()
        .map(|w| TokenOut {
            text: &text[w.start..w.end],
            start: w.start,
            end: w.end,
            position: w.position,
            terms: &w.keys,
        })
        .collect();
    let entities = mentions
        .iter()
        .map(|m| EntityOut {
            kind: m.kind.as_str(),
            name: &m.name,
            code: m.code.as_deref(),
            text: &m.text,
            start: m.start,
            end: m.end,
        })
        .collect();
    super::json::write_value(out, &AnalysisOut { tokens, entities })
}
