//! Articles as JSON objects: `.json` files (one object or an array) and JSON Lines lines.
//!
//! Fields: `id` (string or number), `title`, `date` (`YYYY-MM-DD`), `source`, `url` (strings)
//! and `text` (string, required, not blank). Unknown fields are ignored, `null` is the same
//! as an absent field, and blank strings count as absent too.

use serde_json::{Map, Value};

use super::article::{Article, ArticleHeader, Origin};
use super::date::ArticleDate;
use super::discover::SourceFile;
use super::skip::{Skip, SkipReason};

/// The UTF-8 byte order mark, tolerated at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads every article of a `.json` file (an object, or an array of objects).
pub(super) fn parse_json_file(bytes: &[u8], file: &SourceFile, emit: &mut dyn FnMut(Result<Article, Skip>)) {
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
                emit(article_from_value(item, origin, fallback));
            }
        }
        Ok(value) => {
            let origin = Origin {
                path: file.path.clone(),
                line: None,
                index: None,
            };
            emit(article_from_value(value, origin, file.id_base()));
        }
    }
}

/// Reads one line of a JSON Lines file; `None` for a blank line. `line_no` is 1-based.
pub(super) fn parse_json_line(
    line: &[u8],
    line_no: usize,
    file: &SourceFile,
) -> Option<Result<Article, Skip>> {
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
    let origin = Origin {
        path: file.path.clone(),
        line: Some(line_no),
        index: None,
    };
    Some(article_from_value(
        value,
        origin,
        format!("{}:{line_no}", file.id_base()),
    ))
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

/// Turns one JSON value into an article; `fallback_id` is used when it has no `id`.
pub(super) fn article_from_value(value: Value, origin: Origin, fallback_id: String) -> Result<Article, Skip> {
    let skip = |reason| Skip {
        path: origin.path.clone(),
        line: origin.line,
        reason,
    };
    let mut map = match value {
        Value::Object(map) => map,
        other => {
            let m = format!(
                "expected an object with a `text` field, found {}",
                describe(&other)
            );
            return Err(skip(SkipReason::NotAnArticle(m)));
        }
    };
    let text = match string_field(&mut map, "text").map_err(&skip)? {
        Some(text) => text,
        None => return Err(skip(SkipReason::NoText)),
    };
    let id = match map.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => trimmed(s),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            let m = format!("`id` must be a string or a number, found {}", describe(&other));
            return Err(skip(SkipReason::BadField(m)));
        }
    };
    let title = string_field(&mut map, "title").map_err(&skip)?;
    let source = string_field(&mut map, "source").map_err(&skip)?;
    let url = string_field(&mut map, "url").map_err(&skip)?;
    let date = match string_field(&mut map, "date").map_err(&skip)? {
        None => None,
        Some(s) => Some(ArticleDate::parse(&s).map_err(|e| skip(SkipReason::ImpossibleDate(e.to_string())))?),
    };
    Ok(Article {
        header: ArticleHeader {
            id: id.unwrap_or(fallback_id),
            title,
            date,
            source,
            url,
        },
        text,
        origin,
    })
}

/// Removes `name` from `map`: `Ok(None)` if absent, null or blank, the trimmed string, or a
/// `bad-field` reason for any other type.
fn string_field(map: &mut Map<String, Value>, name: &str) -> Result<Option<String>, SkipReason> {
    match map.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(trimmed(s)),
        Some(other) => Err(SkipReason::BadField(format!(
            "`{name}` must be a string, found {}",
            describe(&other)
        ))),
    }
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
