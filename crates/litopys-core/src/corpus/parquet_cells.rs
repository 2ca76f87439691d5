//! The cells of an Arrow column as the JSON values a record reader understands.
//!
//! Exists so that Parquet rows go through the JSON reader's field logic
//! ([`parsed_from_value`](super::json_format::parsed_from_value)) unchanged: a string cell
//! is a JSON string, an integer or float a JSON number (an id, a Unix time), a date or a
//! timestamp the RFC 3339 text of its [`ArticleDateTime`], which the date reader reads back
//! to the same value. Nulls are absent.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
    UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrowPrimitiveType};
use arrow_schema::{DataType, TimeUnit};
use serde_json::{Number, Value};

use super::date::ArticleDate;
use super::datetime::ArticleDateTime;

/// Whether cells of this type are turned into values (strings, numbers, booleans, dates,
/// timestamps, and dictionaries of those); other columns (lists, structs, binary) are not
/// read.
pub(super) fn is_readable(data_type: &DataType) -> bool {
    match data_type {
        DataType::Dictionary(_, values) => is_readable(values),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Boolean => true,
        DataType::Date32 | DataType::Date64 | DataType::Timestamp(..) => true,
        t => t.is_integer() || matches!(t, DataType::Float32 | DataType::Float64),
    }
}

/// The cells of `array` in row order: `None` for a null (and for every cell of a type that
/// is not [`is_readable`], or a date out of the years 1–9999, so that the article is read
/// without it).
pub(super) fn cells(array: &dyn Array) -> Vec<Option<Value>> {
    let n = array.len();
    let out: Vec<Option<Value>> = match array.data_type() {
        DataType::Utf8 => strings(array.as_string::<i32>().iter()),
        DataType::LargeUtf8 => strings(array.as_string::<i64>().iter()),
        DataType::Utf8View => strings(array.as_string_view().iter()),
        DataType::Boolean => array.as_boolean().iter().map(|b| b.map(Value::Bool)).collect(),
        DataType::Int8 => integers::<Int8Type>(array),
        DataType::Int16 => integers::<Int16Type>(array),
        DataType::Int32 => integers::<Int32Type>(array),
        DataType::Int64 => integers::<Int64Type>(array),
        DataType::UInt8 => integers::<UInt8Type>(array),
        DataType::UInt16 => integers::<UInt16Type>(array),
        DataType::UInt32 => integers::<UInt32Type>(array),
        DataType::UInt64 => integers::<UInt64Type>(array),
        DataType::Float32 => floats(
            array
                .as_primitive::<Float32Type>()
                .iter()
                .map(|v| v.map(f64::from)),
        ),
        DataType::Float64 => floats(array.as_primitive::<Float64Type>().iter()),
        DataType::Date32 => array
            .as_primitive::<Date32Type>()
            .iter()
            .map(|d| d.and_then(|d| day_text(i64::from(d))))
            .collect(),
        DataType::Date64 => array
            .as_primitive::<Date64Type>()
            .iter()
            .map(|ms| ms.and_then(|ms| day_text(ms.div_euclid(86_400_000))))
            .collect(),
        DataType::Timestamp(unit, zone) => {
            let per_second: i64 = match unit {
                TimeUnit::Second => 1,
                TimeUnit::Millisecond => 1_000,
                TimeUnit::Microsecond => 1_000_000,
                TimeUnit::Nanosecond => 1_000_000_000,
            };
            let values: Vec<Option<i64>> = match unit {
                TimeUnit::Second => array.as_primitive::<TimestampSecondType>().iter().collect(),
                TimeUnit::Millisecond => array.as_primitive::<TimestampMillisecondType>().iter().collect(),
                TimeUnit::Microsecond => array.as_primitive::<TimestampMicrosecondType>().iter().collect(),
                TimeUnit::Nanosecond => array.as_primitive::<TimestampNanosecondType>().iter().collect(),
            };
            let zoned = zone.is_some();
            values
                .into_iter()
                .map(|v| v.and_then(|v| timestamp_text(v, per_second, zoned)))
                .collect()
        }
        DataType::Dictionary(..) => match array.as_any_dictionary_opt() {
            Some(dictionary) => {
                let values = cells(dictionary.values().as_ref());
                let keys = dictionary.normalized_keys();
                (0..n)
                    .map(|i| {
                        if array.is_null(i) {
                            None
                        } else {
                            values.get(keys[i]).cloned().flatten()
                        }
                    })
                    .collect()
            }
            None => vec![None; n],
        },
        _ => vec![None; n],
    };
    debug_assert_eq!(out.len(), n);
    out
}

/// String cells as JSON strings.
fn strings<'a>(iter: impl Iterator<Item = Option<&'a str>>) -> Vec<Option<Value>> {
    iter.map(|s| s.map(|s| Value::String(s.to_string()))).collect()
}

/// Integer cells as JSON numbers.
fn integers<T: ArrowPrimitiveType>(array: &dyn Array) -> Vec<Option<Value>>
where
    T::Native: Into<Number>,
{
    array
        .as_primitive::<T>()
        .iter()
        .map(|v| v.map(|v| Value::Number(v.into())))
        .collect()
}

/// Float cells as JSON numbers (`None` for NaN and infinities).
fn floats(iter: impl Iterator<Item = Option<f64>>) -> Vec<Option<Value>> {
    iter.map(|v| v.and_then(Number::from_f64).map(Value::Number))
        .collect()
}

/// The day `days` after 1970-01-01 as `YYYY-MM-DD`.
fn day_text(days: i64) -> Option<Value> {
    let day = ArticleDate::from_days_since_epoch(days)?;
    Some(Value::String(ArticleDateTime::from_date(day).to_rfc3339()))
}

/// A timestamp of `per_second` units since the epoch as RFC 3339: with a zone, the instant
/// in UTC (`…Z`); without one, the same wall-clock reading as a local time without offset
/// (Arrow's meaning of a zoneless timestamp).
fn timestamp_text(value: i64, per_second: i64, zoned: bool) -> Option<Value> {
    let seconds = value.div_euclid(per_second);
    let nanos = value.rem_euclid(per_second) * (1_000_000_000 / per_second);
    let instant = ArticleDateTime::from_unix(seconds, u32::try_from(nanos).ok()?)?;
    let text = instant.to_rfc3339();
    Some(Value::String(if zoned {
        text
    } else {
        // `from_unix` writes offset 0 as `Z`, the only offset it writes.
        text.strip_suffix('Z').map(str::to_string).unwrap_or(text)
    }))
}

#[cfg(test)]
#[path = "parquet_cells_tests.rs"]
mod tests;
