//! Articles as JSON objects: `.json` files (one object or an array) and JSON Lines lines.
//!
//! Fields are found by name through a [`FieldMap`] (`text`, `body`, `content`, `maintext`…,
//! see [`FieldKey::default_names`]): the text (string, required, not blank), the id (string
//! or number), the title, source, url and language (strings) and the date (any form
//! [`ArticleDateTime::parse`] reads, or a Unix time as a number). Unknown fields are
//! ignored, `null` is the same as an absent field, and blank strings count as absent too.
//! A date that cannot be read leaves the article undated, with a [`DateProblem`].

use serde_json::Value;

use super::article::{Article, ArticleHeader, Origin};
use super::datetime::ArticleDateTime;
use super::discover::SourceFile;
use super::fields::{FieldKey, FieldMap, Resolved};
use super::language::normalize_language;
use super::parsed::{DateProblem, ParsedArticle};
use super::skip::{Skip, SkipReason};

/// The UTF-8 byte order mark, tolerated at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads every article of a `.json` file (an object, or an array of objects) with the
/// field names of `fields` (`--field` overrides), giving each article with its date
/// problem and the fields used.
pub(super) fn parse_json_file_with_fields(
    bytes: &[u8],
    file: &SourceFile,
    fields: &FieldMap,
    emit: &mut dyn FnMut(Result<ParsedArticle, Skip>),
) {
    let skip = |reason| Skip::file(&file.path, reason);
    let (bytes, offset) = match bytes.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (bytes, 0),
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return emit(Err(skip(SkipReason::InvalidUtf8 {
                byte: offset + e.valid_up_to(),
            })))
        }
    };
    if text.trim().is_empty() {
        return emit(Err(skip(SkipReason::NoText)));
    }
    match serde_json::from_str::<Value>(text) {
        Err(e) => emit(Err(skip(SkipReason::MalformedJson(e.to_string())))),
        Ok(Value::Array(items)) => {
            for (index, item) in items.into_iter().enumerate() {
                let origin = Origin {
                    path: file.path.clone(),
                    line: None,
                    index: Some(index),
                };
                let fallback = format!("{}#{index}", file.id_base());
                emit(parsed_from_value(item, origin, fallback, fields));
            }
        }
        Ok(value) => {
            let origin = Origin {
                path: file.path.clone(),
                line: None,
                index: None,
            };
            emit(parsed_from_value(value, origin, file.id_base(), fields));
        }
    }
}

/// Reads one line of a JSON Lines file (`line_no` 1-based; `None` for a blank line) with
/// the field names of `fields` (`--field` overrides), giving the article with its date
/// problem and the fields used.
pub(super) fn parse_json_line_with_fields(
    line: &[u8],
    line_no: usize,
    file: &SourceFile,
    fields: &FieldMap,
) -> Option<Result<ParsedArticle, Skip>> {
    let skip = |reason| Skip::at_line(&file.path, line_no, reason);
    let (line, offset) = match line.strip_prefix(BOM) {
        Some(rest) if line_no == 1 => (rest, BOM.len()),
        _ => (line, 0),
    };
    let text = match std::str::from_utf8(line) {
        Ok(text) => text,
        Err(e) => {
            return Some(Err(skip(SkipReason::InvalidUtf8 {
                byte: offset + e.valid_up_to(),
            })))
        }
    };
    if text.trim().is_empty() {
        return None;
    }
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(e) => return Some(Err(skip(SkipReason::MalformedJson(single_line_message(&e))))),
    };
    Some(parsed_at_line(value, file, line_no, fields))
}

/// [`parsed_from_value`] for the record at 1-based `line` (a JSON Lines line, a CSV row's
/// first line, a Parquet row) of `file`: its origin, and its id when it has none
/// (`PATH:LINE`), follow from the two.
///
/// Exists so that every reader of line- and row-based records names articles the same way.
pub(super) fn parsed_at_line(
    value: Value,
    file: &SourceFile,
    line: usize,
    fields: &FieldMap,
) -> Result<ParsedArticle, Skip> {
    let origin = Origin {
        path: file.path.clone(),
        line: Some(line),
        index: None,
    };
    parsed_from_value(value, origin, format!("{}:{line}", file.id_base()), fields)
}

/// serde_json's message with "at line 1 column N" shortened to "at column N": the skip
/// already names the line of the file.
fn single_line_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) if e.line() == 1 => format!("{} at column {}", &message[..at], e.column()),
        _ => message,
    }
}

/// Turns one JSON value into an article, taking each part from the field that `fields`
/// ranks best among those present and not null or blank; `fallback_id` is used when it has
/// no id. A date that cannot be read is no skip: the article is undated and the problem is
/// returned with it.
pub(super) fn parsed_from_value(
    value: Value,
    origin: Origin,
    fallback_id: String,
    fields: &FieldMap,
) -> Result<ParsedArticle, Skip> {
    let skip = |reason| Skip {
        path: origin.path.clone(),
        line: origin.line,
        reason,
    };
    let map = match value {
        Value::Object(map) => map,
        other => {
            let m = format!(
                "expected an object with a `text` field, found {}",
                describe(&other)
            );
            return Err(skip(SkipReason::NotAnArticle(m)));
        }
    };
    // Per key: the rank of the best field so far, and its value; its name goes to `resolved`.
    let mut best: [Option<(usize, Value)>; 7] = Default::default();
    let mut resolved = Resolved::default();
    for (name, value) in map {
        let absent = match &value {
            Value::Null => true,
            Value::String(s) => s.trim().is_empty(),
            _ => false,
        };
        let Some((key, rank)) = fields.classify(&name).filter(|_| !absent) else {
            continue;
        };
        let slot = &mut best[key.index()];
        if slot.as_ref().is_none_or(|(r, _)| rank < *r) {
            *slot = Some((rank, value));
            resolved.set(key, name);
        }
    }
    let mut take = |key: FieldKey| best[key.index()].take().map(|(_, v)| v);
    let name = |key: FieldKey| resolved.get(key).unwrap_or(key.as_str()).to_string();
    let string = |key: FieldKey, value: Option<Value>| match value {
        None => Ok(None),
        Some(Value::String(s)) => Ok(trimmed(s)),
        Some(other) => Err(skip(SkipReason::BadField(format!(
            "`{}` must be a string, found {}",
            name(key),
            describe(&other)
        )))),
    };
    let text = match string(FieldKey::Text, take(FieldKey::Text))? {
        Some(text) => text,
        None => return Err(skip(SkipReason::NoText)),
    };
    let id = match take(FieldKey::Id) {
        None => None,
        Some(Value::String(s)) => trimmed(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            let m = format!(
                "`{}` must be a string or a number, found {}",
                name(FieldKey::Id),
                describe(&other)
            );
            return Err(skip(SkipReason::BadField(m)));
        }
    };
    let title = string(FieldKey::Title, take(FieldKey::Title))?;
    let source = string(FieldKey::Source, take(FieldKey::Source))?;
    let url = string(FieldKey::Url, take(FieldKey::Url))?;
    let language = string(FieldKey::Language, take(FieldKey::Language))?;
    let (written_date, date_problem) = match take(FieldKey::Date).map(|v| ArticleDateTime::from_json(&v)) {
        None => (None, None),
        Some(Ok(written)) => (Some(written), None),
        Some(Err(error)) => (
            None,
            Some(DateProblem {
                field: name(FieldKey::Date),
                error,
            }),
        ),
    };
    let article = Article {
        header: ArticleHeader {
            id: id.unwrap_or(fallback_id),
            title,
            date: written_date.map(|w| w.date()),
            published: written_date.filter(|w| w.time().is_some()),
            source,
            url,
            language: language.as_deref().and_then(normalize_language),
        },
        text,
        origin,
    };
    Ok(ParsedArticle {
        article,
        date_problem,
        fields: resolved,
        encoding: None,
    })
}

/// `s` without surrounding whitespace, `None` if nothing is left; reuses the allocation when
/// there is nothing to trim (the common case for multi-kilobyte texts).
fn trimmed(s: String) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else if t.len() == s.len() {
        Some(s)
    } else {
        Some(t.to_string())
    }
}

/// A short description of a JSON value for messages: the value itself for scalars, the type
/// for containers and strings (which may be long).
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "a string".into(),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
#[path = "json_format_tests.rs"]
mod tests;
