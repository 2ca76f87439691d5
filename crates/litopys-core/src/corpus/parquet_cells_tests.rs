//! Tests of the conversion of Arrow cells to JSON values.

use arrow_array::types::Int32Type;
use arrow_array::{
    Date64Array, DictionaryArray, Float64Array, ListArray, TimestampNanosecondArray, UInt64Array,
};

use super::*;

#[test]
fn numbers_dates_and_timestamps() {
    let ints = UInt64Array::from(vec![Some(42), None]);
    assert_eq!(cells(&ints), [Some(Value::from(42u64)), None]);
    let floats = Float64Array::from(vec![1.5, f64::NAN]);
    assert_eq!(cells(&floats), [Some(Value::from(1.5)), None]);
    // 2024-05-21T00:00:00Z in milliseconds.
    let days = Date64Array::from(vec![1_716_249_600_000]);
    assert_eq!(cells(&days), [Some(Value::from("2024-05-21"))]);
    let before_1970 = TimestampNanosecondArray::from(vec![-1]).with_timezone("UTC");
    assert_eq!(
        cells(&before_1970),
        [Some(Value::from("1969-12-31T23:59:59.999999999Z"))]
    );
}

#[test]
fn dictionaries_of_strings_and_unread_types() {
    let outlets: DictionaryArray<Int32Type> = vec![Some("Схід"), None, Some("Захід"), Some("Схід")]
        .into_iter()
        .collect();
    assert_eq!(
        cells(&outlets),
        [
            Some(Value::from("Схід")),
            None,
            Some(Value::from("Захід")),
            Some(Value::from("Схід"))
        ]
    );
    assert!(is_readable(outlets.data_type()));
    let lists = ListArray::from_iter_primitive::<Int32Type, _, _>(vec![Some(vec![Some(1)])]);
    assert!(!is_readable(lists.data_type()));
    assert_eq!(cells(&lists), [None]);
}
