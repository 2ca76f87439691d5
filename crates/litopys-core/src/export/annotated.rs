//! `opensearch-bulk`: OpenSearch/Elasticsearch bulk NDJSON whose title and body use the
//! markup of the `mapper-annotated-text` plugin, and the index mapping for it.
//!
//! Every word with keys becomes `[word](l:key1&l:key2)`: the plugin indexes the surface
//! word with the field's own analyzer and injects each annotation value as a token at
//! that word's position, so the lemma keys are stacked on the word and the original text
//! stays for highlighting. Values are URL-encoded as the plugin decodes them
//! (`URLDecoder.decode`): `%`, `&` (the value separator), `=` (the plugin refuses
//! `key=value`), `+` (decoded as a space) and `( ) [ ]` (the markup) become `%XX`. The
//! `l:` prefix keeps lemma keys apart from the surface tokens of the same field.
//!
//! The markup has no escape for a literal `[x](y)`: the plugin reads any such text as an
//! annotation (dropping the brackets and injecting `y`). Text between words that would
//! parse so is neutralised by inserting U+200B ZERO WIDTH SPACE between its `]` and `(`
//! ([`NEUTRALISER`]): it reads the same, but the engine's copy of that text is one
//! character longer there. (Inside the markup Litopys writes, a match cannot span a word
//! and the text around it: every annotation holds both brackets and both parentheses.)
//! Words containing a square bracket, which cannot be annotated, stay plain text.

use std::io::{self, Write};

use serde_json::{json, Map, Value};

use super::analyse::{TextAnalysis, Word};
use super::columns::{plain_value, Kind, Part, OPENSEARCH};
use super::read::ExportedArticle;

/// The prefix of every lemma key in the markup.
pub const KEY_PREFIX: &str = "l:";

/// What breaks a literal `[x](y)` in the text between words (see the module doc).
pub const NEUTRALISER: char = '\u{200B}';

/// Appends `value` URL-encoded where the plugin's decoding or markup needs it.
pub fn escape_value(value: &str, out: &mut String) {
    for c in value.chars() {
        match c {
            '%' | '&' | '=' | '+' | '(' | ')' | '[' | ']' => {
                out.push('%');
                out.push_str(&format!("{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
}

/// Appends text between words, with every `[x](y)` it holds broken by [`NEUTRALISER`].
pub fn neutralise(gap: &str, out: &mut String) {
    let b = gap.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while let Some(open) = b[i..].iter().position(|&c| c == b'[').map(|p| p + i) {
        let Some(close) = b[open + 1..].iter().position(|&c| c == b'[' || c == b']') else {
            break;
        };
        let close = open + 1 + close;
        if b[close] == b'[' {
            i = close;
            continue;
        }
        if b.get(close + 1) == Some(&b'(') {
            let rest = &b[close + 2..];
            if let Some(end) = rest.iter().position(|&c| c == b'(' || c == b')') {
                if rest[end] == b')' {
                    out.push_str(&gap[copied..=close]);
                    out.push(NEUTRALISER);
                    copied = close + 1;
                    i = close + 2 + end + 1;
                    continue;
                }
            }
        }
        i = close + 1;
    }
    out.push_str(&gap[copied..]);
}

/// The annotated markup of `text` whose words are `words`.
pub fn markup(text: &str, words: &[Word]) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut gap_from = 0;
    for w in words {
        let surface = &text[w.start..w.end];
        if w.keys.is_empty() || surface.contains(['[', ']']) {
            continue;
        }
        neutralise(&text[gap_from..w.start], &mut out);
        out.push('[');
        out.push_str(surface);
        out.push_str("](");
        for (i, key) in w.keys.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(KEY_PREFIX);
            escape_value(key, &mut out);
        }
        out.push(')');
        gap_from = w.end;
    }
    neutralise(&text[gap_from..], &mut out);
    out
}

/// The bulk document of an article (without its action line).
pub fn document(a: &ExportedArticle, analysis: &mut TextAnalysis) -> Map<String, Value> {
    let mut doc = Map::new();
    for column in &OPENSEARCH {
        let value = match (column.kind, column.part) {
            (Kind::Analysed, Part::Title) => a.title.as_deref().map(|t| markup(t, &analysis.words(t)).into()),
            (Kind::Analysed, _) => Some(markup(&a.body, &analysis.words(&a.body)).into()),
            _ => plain_value(a, column, str::to_string),
        };
        if let Some(value) = value {
            doc.insert(column.name.to_string(), value);
        }
    }
    doc
}

/// Writes an article's action line (`{"index":{"_index":…,"_id":…}}`) and document.
pub fn write_bulk(
    out: &mut dyn Write,
    a: &ExportedArticle,
    analysis: &mut TextAnalysis,
    index_name: &str,
) -> io::Result<()> {
    let action = json!({"index": {"_index": index_name, "_id": a.id}});
    serde_json::to_writer(&mut *out, &action)?;
    out.write_all(b"\n")?;
    serde_json::to_writer(&mut *out, &document(a, analysis))?;
    out.write_all(b"\n")
}

/// The mapping of a column's kind.
fn field_mapping(kind: Kind) -> Value {
    match kind {
        Kind::Analysed | Kind::Exact => json!({"type": "annotated_text"}),
        Kind::Keyword => json!({"type": "keyword"}),
        Kind::StoredOnly => json!({"type": "keyword", "index": false}),
        Kind::Day => json!({"type": "date", "format": "strict_date"}),
        Kind::Moment => json!({"type": "date", "format": "strict_date_optional_time"}),
    }
}

/// The index mapping (the body of `PUT /INDEX`), pretty-printed JSON.
pub fn mapping() -> String {
    let properties: Map<String, Value> = OPENSEARCH
        .iter()
        .map(|c| (c.name.to_string(), field_mapping(c.kind)))
        .collect();
    let body = json!({"mappings": {"dynamic": "strict", "properties": properties}});
    serde_json::to_string_pretty(&body).expect("a JSON value serialises") + "\n"
}

/// A value annotated on a span of the plain text, as the plugin reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// Byte offset of the span in the plain text.
    pub start: usize,
    /// Byte offset one past it.
    pub end: usize,
    /// The decoded value.
    pub value: String,
}

/// Why markup would be refused by the plugin.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// `key=value` pairs are refused by the plugin.
    #[error("key=value pairs are not supported in annotations: {0}")]
    KeyValue(String),
    /// A `%` not followed by two hex digits, or bytes that are not UTF-8.
    #[error("bad URL encoding in annotation value {0}")]
    Encoding(String),
}

fn url_decode(value: &str) -> Result<String, ParseError> {
    let bad = || ParseError::Encoding(value.to_string());
    let b = value.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = value.get(i + 1..i + 3).ok_or_else(bad)?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// Reads markup back as the plugin does (a port of `AnnotatedText.parse`: the pattern
/// `\[([^\]\[]*)\]\(([^)(]*)\)`, values split on `&` and URL-decoded, `key=value`
/// refused, empty values dropped): the plain text and its annotations.
///
/// Exists to check exports: markup from [`markup`] must read back as the original text
/// with every key at its word.
pub fn parse(markup: &str) -> Result<(String, Vec<Annotation>), ParseError> {
    let b = markup.as_bytes();
    let mut text = String::with_capacity(markup.len());
    let mut annotations = Vec::new();
    let (mut copied, mut i) = (0, 0);
    while let Some(open) = b[i..].iter().position(|&c| c == b'[').map(|p| p + i) {
        let found = (|| {
            let close = open + 1 + b[open + 1..].iter().position(|&c| c == b'[' || c == b']')?;
            if b[close] != b']' || b.get(close + 1) != Some(&b'(') {
                return None;
            }
            let end = close + 2 + b[close + 2..].iter().position(|&c| c == b'(' || c == b')')?;
            (b[end] == b')').then_some((close, end))
        })();
        let Some((close, end)) = found else {
            i = open + 1;
            continue;
        };
        text.push_str(&markup[copied..open]);
        let start = text.len();
        text.push_str(&markup[open + 1..close]);
        for pair in markup[close + 2..end].split('&') {
            if pair.contains('=') {
                return Err(ParseError::KeyValue(pair.to_string()));
            }
            let value = url_decode(pair)?;
            if !value.is_empty() {
                annotations.push(Annotation {
                    start,
                    end: text.len(),
                    value,
                });
            }
        }
        copied = end + 1;
        i = end + 1;
    }
    text.push_str(&markup[copied..]);
    Ok((text, annotations))
}
